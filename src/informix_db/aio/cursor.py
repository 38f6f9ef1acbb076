"""The asyncio cursor: PEP 249 methods as coroutines over the shared `CursorCore`."""

from __future__ import annotations

from collections.abc import Generator, Iterable, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any

from ..cursorcore import CursorCore
from ..shells import CursorAttributes

if TYPE_CHECKING:
    from .connection import AsyncConnection


class AsyncCursor(CursorAttributes):
    """Made by `conn.cursor()`; awaiting it (`await conn.cursor()`) gives the cursor itself."""

    def __init__(self, connection: AsyncConnection, core: CursorCore) -> None:
        self._conn = connection
        self._core = core

    def __await__(self) -> Generator[Any, None, AsyncCursor]:
        return _ready(self).__await__()

    @property
    def connection(self) -> AsyncConnection:
        return self._conn

    # -- execution -------------------------------------------------------------
    async def execute(self, operation: str, parameters: Any = None) -> AsyncCursor:
        await self._conn._run(self._core.execute_op(operation, parameters), statement=True)
        return self

    async def executemany(self, operation: str, seq_of_parameters: Iterable[Any]) -> AsyncCursor:
        op = self._core.executemany_op(operation, seq_of_parameters)
        await self._conn._run(op, statement=True)
        return self

    async def callproc(self, procname: str, parameters: Sequence[Any] = ()) -> Sequence[Any]:
        """EXECUTE PROCEDURE procname(...); its result rows, if any, are fetchable."""
        await self._conn._run(self._core.callproc_op(procname, parameters), statement=True)
        return parameters

    # -- fetching ----------------------------------------------------------------
    async def _fetch(self, limit: int | None) -> list[Any]:
        """Up to `limit` rows (all when None). Rows already buffered cost no I/O:
        a forward cursor only talks to the server when its buffer runs dry."""
        core = self._core
        core.check_result()
        out: list[Any] = []
        while limit is None or len(out) < limit:
            if core.scrollable:
                row = await self._conn._run(core.scroll_fetch_op(core.scroll_pos + 1))
                if row is None:
                    break
                out.append(row)
            elif core.rows:
                out.extend(core.take(len(core.rows) if limit is None else limit - len(out)))
            elif core.has_more:
                await self._conn._run(core.fetch_op(), statement=True)
            else:
                break
        return out

    async def fetchone(self) -> Any:
        rows = await self._fetch(1)
        return rows[0] if rows else None

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        return await self._fetch(self._core.arraysize if size is None else size)

    async def fetchall(self) -> list[Any]:
        return await self._fetch(None)

    def __aiter__(self) -> AsyncCursor:
        return self

    async def __anext__(self) -> Any:
        rows = await self._fetch(1)
        if not rows:
            raise StopAsyncIteration
        return rows[0]

    # -- scrolling (PEP 249 positions are 0-based: the index of the next row) ---------
    async def scroll(self, value: int, mode: str = "relative") -> None:
        core = self._core
        core.check_result()
        target = core.scroll_target(value, mode)
        here = core.rownumber or 0
        if core.scrollable:
            count = await self._conn._run(core.count_op())
            if not 0 <= target <= count:
                raise IndexError(f"scroll target {target} is outside the result (0..{count})")
            core.move_to(target)
        elif target < here:
            core.check_scrollable()  # raises: a forward cursor cannot move back
        else:
            await self._fetch(target - here)

    async def fetch_first(self) -> Any:
        return await self._conn._run(self._core.fetch_at_op(1, "start"))

    async def fetch_last(self) -> Any:
        return await self._conn._run(self._core.fetch_at_op(-1, "end"))

    async def fetch_prior(self) -> Any:
        return await self._conn._run(self._core.fetch_at_op(-1, "current"))

    async def fetch_absolute(self, row: int) -> Any:
        """The 1-based row; negative counts from the end (-1 is the last row)."""
        return await self._conn._run(self._core.fetch_at_op(row, "end" if row < 0 else "start"))

    async def fetch_relative(self, offset: int) -> Any:
        return await self._conn._run(self._core.fetch_at_op(offset, "current"))

    # -- life cycle and DB-API odds (awaitable, as SQLAlchemy's asyncio adapter expects) ----
    async def close(self) -> None:
        self._core.close()

    async def setinputsizes(self, sizes: Any) -> None:  # type: ignore[override]
        """Accepted and ignored: parameter types come from the values."""

    async def nextset(self) -> None:  # type: ignore[override]
        return None

    async def __aenter__(self) -> AsyncCursor:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._core.close()


async def _ready(cursor: AsyncCursor) -> AsyncCursor:
    return cursor
