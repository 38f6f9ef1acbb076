"""Native asyncio driver: `await informix_db.aio.connect(...)`.

The same options as `informix_db.connect` (a DSN too), the same protocol
core, the same exceptions; I/O runs on asyncio streams, with no threads.

    conn = await aio.connect("informix://user:pw@host:9088/db")
    cur = conn.cursor()            # or: cur = await conn.cursor()
    await cur.execute("SELECT tabname FROM systables WHERE tabid < ?", (10,))
    async for row in cur:
        ...
    await conn.close()
"""

from __future__ import annotations

from typing import Any

from ..options import connect_options
from .connection import AsyncConnection
from .cursor import AsyncCursor
from .pool import AsyncConnectionPool, AsyncPooledConnection, create_pool

__all__ = [
    "AsyncConnection",
    "AsyncConnectionPool",
    "AsyncCursor",
    "AsyncPooledConnection",
    "connect",
    "create_pool",
]


async def connect(
    dsn: str | None = None, port: int | None = None, **kwargs: Any
) -> AsyncConnection:
    """Open a connection; the arguments are those of `informix_db.connect`."""
    return await AsyncConnection.connect(connect_options(dsn, port, kwargs))
