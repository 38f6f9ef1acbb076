"""The blocking cursor: PEP 249 methods over the shared `CursorCore`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any

from .cursorcore import CursorCore
from .shells import CursorAttributes

if TYPE_CHECKING:
    from .connection import Connection


class Cursor(CursorAttributes):
    def __init__(self, connection: Connection, core: CursorCore) -> None:
        self._conn = connection
        self._core = core

    @property
    def connection(self) -> Connection:
        return self._conn

    # -- execution -------------------------------------------------------------
    def execute(self, operation: str, parameters: Any = None) -> Cursor:
        self._conn._run(self._core.execute_op(operation, parameters), statement=True)
        return self

    def executemany(self, operation: str, seq_of_parameters: Iterable[Any]) -> Cursor:
        self._conn._run(self._core.executemany_op(operation, seq_of_parameters), statement=True)
        return self

    def callproc(self, procname: str, parameters: Sequence[Any] = ()) -> Sequence[Any]:
        """EXECUTE PROCEDURE procname(...); its result rows, if any, are fetchable."""
        self._conn._run(self._core.callproc_op(procname, parameters), statement=True)
        return parameters

    # -- fetching ----------------------------------------------------------------
    def _fill(self) -> bool:
        """Make sure a row is buffered; False at the end of the result."""
        core = self._core
        while not core.rows:
            if not core.has_more:
                return False
            self._conn._run(core.fetch_op(), statement=True)
        return True

    def fetchone(self) -> Any:
        core = self._core
        core.check_result()
        if core.scrollable:
            return self._conn._run(core.scroll_fetch_op(core.scroll_pos + 1))
        if not self._fill():
            return None
        return core.take(1)[0]

    def fetchmany(self, size: int | None = None) -> list[Any]:
        self._core.check_result()
        want = self._core.arraysize if size is None else size
        if self._core.scrollable:
            return self._scroll_rows(want)
        out: list[Any] = []
        while len(out) < want and self._fill():
            out.extend(self._core.take(want - len(out)))
        return out

    def fetchall(self) -> list[Any]:
        self._core.check_result()
        if self._core.scrollable:
            return self._scroll_rows(None)
        out: list[Any] = []
        while self._fill():
            out.extend(self._core.take(len(self._core.rows)))
        return out

    def _scroll_rows(self, limit: int | None) -> list[Any]:
        out: list[Any] = []
        while limit is None or len(out) < limit:
            row = self.fetchone()
            if row is None:
                break
            out.append(row)
        return out

    def __iter__(self) -> Iterator[Any]:
        return self

    def __next__(self) -> Any:
        row = self.fetchone()
        if row is None:
            raise StopIteration
        return row

    # -- scrolling (PEP 249 positions are 0-based: the index of the next row) ---------
    def scroll(self, value: int, mode: str = "relative") -> None:
        core = self._core
        core.check_result()
        target = core.scroll_target(value, mode)
        if not core.scrollable:
            if target < (core.rownumber or 0):
                core.check_scrollable()  # raises: a forward cursor cannot move back
            self.fetchmany(target - (core.rownumber or 0))
            return
        count = self._conn._run(core.count_op())
        if not 0 <= target <= count:
            raise IndexError(f"scroll target {target} is outside the result (0..{count})")
        core.move_to(target)

    def _fetch_at(self, offset: int, origin: str) -> Any:
        return self._conn._run(self._core.fetch_at_op(offset, origin))

    def fetch_first(self) -> Any:
        return self._fetch_at(1, "start")

    def fetch_last(self) -> Any:
        return self._fetch_at(-1, "end")

    def fetch_prior(self) -> Any:
        return self._fetch_at(-1, "current")

    def fetch_absolute(self, row: int) -> Any:
        """The 1-based row; negative counts from the end (-1 is the last row)."""
        return self._fetch_at(row, "end" if row < 0 else "start")

    def fetch_relative(self, offset: int) -> Any:
        return self._fetch_at(offset, "current")

    # -- life cycle ----------------------------------------------------------------
    def close(self) -> None:
        self._core.close()

    def __enter__(self) -> Cursor:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
