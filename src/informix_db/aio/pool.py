"""The asyncio pool: the shared pool flows (`poolcore`) driven with `await`.

No threads and no executor. The event loop serialises the flows' own steps,
so the books need no lock; queued requests wait on futures, and one
maintenance task refills, expires and trims.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import weakref
from collections.abc import Awaitable, Callable, Generator
from types import TracebackType
from typing import Any, TypeVar

from .. import exceptions as exc
from ..pool import PoolBase, ProxyBase, evicts, socket_looks_alive
from ..poolcore import (
    Check,
    Close,
    Drain,
    Flow,
    Open,
    Restore,
    Wait,
    Waiter,
    advance,
    log,
)
from .connection import AsyncConnection
from .cursor import AsyncCursor

T = TypeVar("T")
Hook = Callable[[AsyncConnection], Awaitable[None]]
MAINTENANCE_PERIOD = 1.0


async def create_pool(
    dsn: str | None = None,
    port: int | None = None,
    *,
    configure: Hook | None = None,
    reset: Hook | None = None,
    **kwargs: Any,
) -> AsyncConnectionPool:
    """`await aio.create_pool(...)`: the same settings as `informix_db.create_pool`;
    `configure` and `reset` are coroutine functions taking the connection."""
    pool = AsyncConnectionPool(dsn, port, configure=configure, reset=reset, **kwargs)
    await pool.open()
    return pool


class AsyncPooledConnection(ProxyBase):
    """An `AsyncConnection` on loan. `await close()` or leaving `async with` returns it."""

    async def execute(self, sql: str, params: Any = None) -> AsyncCursor:
        cur: AsyncCursor = self.cursor()
        return await cur.execute(sql, params)

    async def close(self) -> None:
        await self._pool.release(self)

    async def __aenter__(self) -> AsyncPooledConnection:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # A cancelled or timed-out block may have left a statement in flight: discard.
        broken = evicts(kind, asyncio.CancelledError, asyncio.TimeoutError)
        await self._pool.release(self, broken=broken)


class _Acquire:
    """What `pool.acquire()` returns: await it, or use it with `async with`."""

    def __init__(self, pool: AsyncConnectionPool, timeout: float | None) -> None:
        self._pool = pool
        self._timeout = timeout
        self._conn: AsyncPooledConnection | None = None

    def __await__(self) -> Generator[Any, None, AsyncPooledConnection]:
        return self._pool._acquire(self._timeout).__await__()

    async def __aenter__(self) -> AsyncPooledConnection:
        self._conn = await self._pool._acquire(self._timeout)
        return self._conn

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._conn is not None
        await self._conn.__aexit__(kind, value, tb)


class AsyncConnectionPool(PoolBase[AsyncConnection]):
    """asyncio pool; `informix_db.create_pool` lists the settings. Open it with
    `await pool.open()` (done by `aio.create_pool` and by `async with`)."""

    def _setup(self) -> None:
        self._lock = contextlib.nullcontext()  # the event loop already serialises the books
        self._changed = asyncio.Event()
        self._wake = asyncio.Event()
        self._worker: asyncio.Task[None] | None = None

    async def open(self) -> None:
        """Open min_size connections and start the maintenance task (once)."""
        self._core.check_open()
        if self._worker is not None:
            return
        try:
            await self._run(self._core.fill())
        except BaseException:
            await self._run(self._core.close(0.0))
            raise
        self._worker = asyncio.get_running_loop().create_task(
            _maintain(weakref.ref(self), self._wake), name="informix-pool"
        )

    async def _run(self, flow: Flow[T]) -> T:
        """Drive a flow; its steps run between awaits, so they need no lock."""
        reply: Any = None
        error: BaseException | None = None
        while True:
            done, value = advance(flow, reply, error)
            self._changed.set()  # for close(), waiting for the pool to drain
            if done:
                result: T = value
                return result
            try:
                reply, error = await self._effects[type(value)](value), None
            except BaseException as failure:
                reply, error = None, failure

    # -- lending -----------------------------------------------------------------------
    def acquire(self, timeout: float | None = None) -> _Acquire:
        """`conn = await pool.acquire()` or `async with pool.acquire() as conn:`."""
        return _Acquire(self, timeout)

    def connection(self, timeout: float | None = None) -> _Acquire:
        """`async with pool.connection() as conn:` returns the connection at the end of
        the block; an open transaction is rolled back (commit inside the block). An
        OperationalError, InterfaceError, cancellation or timeout discards it instead."""
        return _Acquire(self, timeout)

    async def _acquire(self, timeout: float | None) -> AsyncPooledConnection:
        if self._worker is None and not self._core.closed:
            raise exc.InterfaceError("the pool is not open yet: `await pool.open()` first")
        limit = self._core.config.acquire_timeout if timeout is None else timeout
        raw = await self._run(self._core.acquire(limit, _new_waiter))
        return AsyncPooledConnection(raw, self)

    async def release(self, conn: AsyncPooledConnection, *, broken: bool = False) -> None:
        """Give a connection back; returning it twice is harmless."""
        if not isinstance(conn, AsyncPooledConnection):
            raise exc.InterfaceError("release() takes a connection acquired from this pool")
        raw = conn._detach(self)
        if raw is not None:
            await self._run(self._core.release(raw, broken))
            if self._core.size < self._core.config.min_size:
                self._wake.set()  # refill in the background

    async def close(self, timeout: float = 5.0) -> None:
        """Refuse new requests, close idle connections, wait up to `timeout` seconds for
        lent ones, then drop those under their borrowers. Idempotent."""
        await self._run(self._core.close(timeout))
        worker, self._worker = self._worker, None
        if worker is not None and worker is not asyncio.current_task():
            worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await worker

    async def __aenter__(self) -> AsyncConnectionPool:
        await self.open()
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    # -- effects -------------------------------------------------------------------------
    async def _wait(self, effect: Wait) -> None:
        future: asyncio.Future[None] = effect.waiter.handle
        loop = asyncio.get_running_loop()
        # The timer only wakes the request; the flow sees nothing arrived and times out.
        delay = effect.deadline - time.monotonic()
        timer = loop.call_later(max(0.0, delay), effect.waiter.wake)
        try:
            await future
        finally:
            timer.cancel()

    async def _open(self, effect: Open) -> AsyncConnection:
        conn = await AsyncConnection.connect(self._options)
        if self._configure is not None:
            try:
                await self._configure(conn)
            except BaseException:
                conn.terminate()
                raise
        return conn

    async def _check(self, effect: Check[AsyncConnection]) -> bool:
        conn = effect.conn
        sock = conn._sock
        # The raw-socket probe also sees a reset asyncio has not processed yet.
        if conn.closed or sock is None or not (sock.idle_ok() and socket_looks_alive(sock._sock)):
            return False
        if effect.ping:
            try:
                await conn.ping(self._core.config.ping_timeout)
            except exc.Error:
                return False
        return True

    async def _restore(self, effect: Restore[AsyncConnection]) -> bool:
        raw = effect.conn
        if raw.closed or raw._lock.locked():  # another task is mid-statement on it
            return False
        try:
            await raw.rollback()  # the next borrower must not see this work (free if none)
            if raw.autocommit != self._options.autocommit:
                await raw.set_autocommit(self._options.autocommit)
            if self._reset is not None:
                await self._reset(raw)
        except Exception as error:
            log.warning("discarding a returned connection that could not be reset: %s", error)
            return False
        return not raw.closed

    async def _close(self, effect: Close[AsyncConnection]) -> None:
        if not effect.graceful:
            for conn in effect.conns:
                conn.terminate()
            await asyncio.sleep(0)  # let asyncio release the sockets
            return
        results = await asyncio.gather(*(c.close() for c in effect.conns), return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException) and not isinstance(result, Exception):
                raise result  # cancellation is not ours to swallow

    async def _drain(self, effect: Drain) -> None:
        async def drained() -> None:
            while self._core.size:
                self._changed.clear()
                await self._changed.wait()

        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(drained(), effect.timeout)


def _new_waiter() -> Waiter:
    future: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def wake() -> None:
        if not future.done():
            future.set_result(None)

    return Waiter(future, wake)


async def _maintain(ref: weakref.ref[AsyncConnectionPool], wake: asyncio.Event) -> None:
    """The maintenance task; like the thread of the blocking pool it holds its pool
    weakly between rounds."""
    while True:
        pool = ref()
        if pool is None or pool.closed:
            return
        try:
            await pool._run(pool._core.maintain())
        except Exception:
            log.exception("pool maintenance failed")
        del pool
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(wake.wait(), MAINTENANCE_PERIOD)
        wake.clear()
