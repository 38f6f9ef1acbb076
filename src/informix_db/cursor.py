"""The blocking cursor: PEP 249 methods over the shared `CursorCore`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from types import TracebackType
from typing import TYPE_CHECKING, Any

from .core import CursorCore, RowFactory
from .shells import CursorAttributes

if TYPE_CHECKING:
    from .connection import Connection


class Cursor(CursorAttributes):
    def __init__(
        self,
        connection: Connection,
        *,
        scrollable: bool = False,
        fetch_buffer: int | None = None,
        row_factory: RowFactory | None = None,
    ) -> None:
        self._conn = connection
        self._core = CursorCore(
            connection._core,
            scrollable=scrollable,
            fetch_buffer=fetch_buffer,
            row_factory=row_factory,
        )

    @property
    def connection(self) -> Connection:
        return self._conn

    # -- execution -------------------------------------------------------------
    def execute(self, operation: str, parameters: Any = None) -> Cursor:
        self._conn._run(self._core.execute_op(operation, parameters))
        return self

    def executemany(self, operation: str, seq_of_parameters: Iterable[Any]) -> Cursor:
        self._conn._run(self._core.executemany_op(operation, seq_of_parameters))
        return self

    # -- fetching ----------------------------------------------------------------
    def _fill(self) -> bool:
        """Make sure a row is buffered; False at the end of the result."""
        core = self._core
        while not core.rows:
            if not core.has_more:
                return False
            self._conn._run(core.fetch_op())
        return True

    def fetchone(self) -> Any:
        self._core.check_result()
        if not self._fill():
            return None
        return self._core.take(1)[0]

    def fetchmany(self, size: int | None = None) -> list[Any]:
        self._core.check_result()
        want = self._core.arraysize if size is None else size
        out: list[Any] = []
        while len(out) < want and self._fill():
            out.extend(self._core.take(want - len(out)))
        return out

    def fetchall(self) -> list[Any]:
        self._core.check_result()
        out: list[Any] = []
        while self._fill():
            out.extend(self._core.take(len(self._core.rows)))
        return out

    def __iter__(self) -> Iterator[Any]:
        return self

    def __next__(self) -> Any:
        row = self.fetchone()
        if row is None:
            raise StopIteration
        return row

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
