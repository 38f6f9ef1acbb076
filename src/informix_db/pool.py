"""A thread-safe pool of blocking connections.

    pool = informix_db.create_pool("informix://user:pw@host:9088/db", max_size=10)
    with pool.connection() as conn:
        conn.execute("UPDATE ...")
        conn.commit()

What the pool decides lives in `poolcore` (shared with the asyncio pool);
this shell runs those flows with threads: the flow's own steps under one
lock, its effects (connect, ping, rollback, close, wait) outside it, plus one
maintenance thread that refills, expires and trims.
"""

from __future__ import annotations

import contextlib
import select
import socket
import threading
import time
import weakref
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from types import TracebackType
from typing import Any, Generic, TypeVar

from . import exceptions as exc
from .connection import Connection
from .cursor import Cursor
from .options import connect_options
from .poolcore import (
    EFFECTS,
    Check,
    Close,
    Drain,
    Flow,
    Open,
    PoolConfig,
    PoolCore,
    Restore,
    Wait,
    Waiter,
    advance,
    log,
    split_settings,
)

__all__ = ["ConnectionPool", "PoolBase", "PooledConnection", "create_pool"]

T = TypeVar("T")
C = TypeVar("C")
Hook = Callable[[Connection], None]
MAINTENANCE_PERIOD = 1.0  # seconds between maintenance rounds when nothing wakes the thread
JOIN_TIMEOUT = 5.0


def create_pool(
    dsn: str | None = None,
    port: int | None = None,
    *,
    configure: Hook | None = None,
    reset: Hook | None = None,
    **kwargs: Any,
) -> ConnectionPool:
    """A pool of connections made like `informix_db.connect(dsn, port, **kwargs)`.

    Pool settings among the keywords: min_size (0), max_size (10),
    acquire_timeout (30 s), max_lifetime (3600 s, jittered), max_idle (600 s),
    max_waiting (0: no limit), ping_interval (60 s), ping_timeout (5 s),
    reconnect_delay (0.1 s), reconnect_max_delay (10 s). `configure(conn)` runs on
    every new connection, `reset(conn)` on every return. The rest goes to connect().
    """
    return ConnectionPool(dsn, port, configure=configure, reset=reset, **kwargs)


# -- shared with the asyncio pool ---------------------------------------------------------


class PoolBase(Generic[C]):
    """What both pool shells share: construction, facts and statistics. A shell adds
    `_setup()`, which makes `_lock` (held around the books) and `_wake`, and one
    method per effect: `_wait`, `_open`, `_check`, `_restore`, `_close`, `_drain`."""

    _lock: AbstractContextManager[Any]
    _wake: Any  # an Event: set() wakes the maintenance thread or task

    def __init__(
        self,
        dsn: str | None = None,
        port: int | None = None,
        *,
        connect_kwargs: Mapping[str, Any] | None = None,
        configure: Callable[[C], Any] | None = None,
        reset: Callable[[C], Any] | None = None,
        **kwargs: Any,
    ) -> None:
        settings, extra = split_settings(kwargs)
        self._options = connect_options(dsn, port, {**(connect_kwargs or {}), **extra})
        self._core: PoolCore[C] = PoolCore(PoolConfig(**settings))
        self._configure, self._reset = configure, reset
        self._effects: dict[type, Callable[[Any], Any]] = {
            kind: getattr(self, "_" + kind.__name__.lower()) for kind in EFFECTS
        }
        self._setup()

    def _setup(self) -> None:
        """The shell's own part of construction (locks, events, first connections)."""
        raise NotImplementedError

    @property
    def min_size(self) -> int:
        return self._core.config.min_size

    @property
    def max_size(self) -> int:
        return self._core.config.max_size

    @property
    def size(self) -> int:
        """Connections the pool owns: idle, lent and being opened."""
        return self._core.size

    @property
    def idle_count(self) -> int:
        return len(self._core.idle)

    @property
    def closed(self) -> bool:
        return self._core.closed

    @property
    def _idle(self) -> list[C]:
        """The idle connections (a compatibility hook some test suites rely on)."""
        return list(self._core.idle)

    def get_stats(self) -> dict[str, int]:
        """Counters (psycopg_pool's names) and the current pool_* figures."""
        with self._lock:
            return self._core.snapshot()

    def pop_stats(self) -> dict[str, int]:
        """Like get_stats(), then the counters start again from zero."""
        with self._lock:
            return self._core.snapshot(reset=True)

    def resize(self, min_size: int, max_size: int | None = None) -> None:
        """New size limits; surplus connections close as they come back or go idle."""
        with self._lock:
            self._core.resize(min_size, max_size)
        self._wake.set()

    def __repr__(self) -> str:
        state = "closed" if self.closed else f"{self.size} of {self.max_size}"
        return f"<informix_db {type(self).__name__} {state}, {self.idle_count} idle>"


class ProxyBase:
    """Forwards to a pooled connection until it is returned.

    After release every use raises InterfaceError, and cursors opened through
    the proxy are closed, so nothing reaches a connection lent to someone else.
    """

    _raw: Any
    _pool: Any
    _cursors: list[Any]

    def __init__(self, raw: Any, pool: Any) -> None:
        object.__setattr__(self, "_raw", raw)
        object.__setattr__(self, "_pool", pool)
        object.__setattr__(self, "_cursors", [])

    def _live(self) -> Any:
        if self._raw is None:
            raise exc.InterfaceError("this connection was returned to the pool; acquire another")
        return self._raw

    def __getattr__(self, name: str) -> Any:
        return getattr(self._live(), name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._live(), name, value)

    def cursor(self, **options: Any) -> Any:
        cur = self._live().cursor(**options)
        self._cursors.append(cur)
        return cur

    @property
    def closed(self) -> bool:
        return self._raw is None or bool(self._raw.closed)

    def _detach(self, pool: Any) -> Any:
        """Cut the proxy from its connection (once); closes the borrower's cursors."""
        if pool is not self._pool:
            raise exc.InterfaceError("this connection does not belong to this pool")
        raw = self._raw
        object.__setattr__(self, "_raw", None)
        for cur in self._cursors:
            cur._core.close()  # no I/O: the server-side clean-up rides on the next request
        self._cursors.clear()
        return raw

    def __repr__(self) -> str:
        return f"<pooled {'(returned)' if self._raw is None else self._raw!r}>"


def evicts(kind: type[BaseException] | None, *more: type[BaseException]) -> bool:
    """Does an exception leaving a `with pool.connection()` block discard the
    connection? Yes for connection-level errors (the other Informix driver's rule)."""
    return kind is not None and issubclass(kind, (exc.OperationalError, exc.InterfaceError, *more))


def socket_looks_alive(sock: socket.socket) -> bool:
    """No round trip: a healthy idle connection has nothing to read. Readable means
    the peer closed or reset it, or sent bytes nobody asked for (out of step)."""
    fd = sock.fileno()
    if fd < 0:
        return False
    try:
        if hasattr(select, "poll"):  # no FD_SETSIZE limit, unlike select()
            poller = select.poll()
            poller.register(fd, select.POLLIN)
            return not poller.poll(0)
        return not select.select([fd], [], [], 0)[0]
    except (OSError, ValueError):
        return False


class PooledConnection(ProxyBase):
    """A `Connection` on loan. `close()` or the end of its `with` block returns it."""

    def execute(self, sql: str, params: Any = None) -> Cursor:
        cur: Cursor = self.cursor()
        return cur.execute(sql, params)

    def close(self) -> None:
        self._pool.release(self)

    def __enter__(self) -> PooledConnection:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._pool.release(self, broken=evicts(kind))


# -- the pool ----------------------------------------------------------------------------
class ConnectionPool(PoolBase[Connection]):
    """Thread-safe pool: `ConnectionPool(dsn, port, *, connect_kwargs=None,
    configure=None, reset=None, **settings_and_connect_options)`; `create_pool`
    lists the settings."""

    def _setup(self) -> None:
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._wake = threading.Event()
        try:
            self._run(self._core.fill())
        except BaseException:
            self._run(self._core.close(0.0))
            raise
        self._worker = threading.Thread(target=_maintain, args=(weakref.ref(self), self._wake),
                                        name="informix-pool", daemon=True)  # fmt: skip
        self._worker.start()

    def _run(self, flow: Flow[T]) -> T:
        """Drive a flow: its steps under the lock, its effects outside it."""
        reply: Any = None
        error: BaseException | None = None
        while True:
            with self._lock:
                try:
                    done, value = advance(flow, reply, error)
                finally:
                    self._changed.notify_all()  # for close(), waiting for the pool to drain
            if done:
                result: T = value
                return result
            try:
                reply, error = self._effects[type(value)](value), None
            except BaseException as failure:
                reply, error = None, failure

    # -- lending -----------------------------------------------------------------------
    def acquire(self, timeout: float | None = None) -> PooledConnection:
        """A connection on loan; PoolTimeout after `timeout` s (default acquire_timeout)."""
        limit = self._core.config.acquire_timeout if timeout is None else timeout
        return PooledConnection(self._run(self._core.acquire(limit, _new_waiter)), self)

    def connection(self, timeout: float | None = None) -> PooledConnection:
        """`with pool.connection() as conn:` returns the connection at the end of the
        block; an open transaction is rolled back (commit inside the block), and an
        OperationalError or InterfaceError discards the connection instead."""
        return self.acquire(timeout)

    def release(self, conn: PooledConnection, *, broken: bool = False) -> None:
        """Give a connection back; returning it twice is harmless."""
        if not isinstance(conn, PooledConnection):
            raise exc.InterfaceError("release() takes a connection acquired from this pool")
        raw = conn._detach(self)
        if raw is not None:
            self._run(self._core.release(raw, broken))
            if self._core.size < self._core.config.min_size:
                self._wake.set()  # refill in the background

    def close(self, timeout: float = 5.0) -> None:
        """Refuse new requests, close idle connections, wait up to `timeout` seconds for
        lent ones, then close those under their borrowers. Idempotent."""
        self._run(self._core.close(timeout))
        self._wake.set()
        if self._worker is not threading.current_thread():
            self._worker.join(JOIN_TIMEOUT)

    def __enter__(self) -> ConnectionPool:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- effects -------------------------------------------------------------------------
    def _wait(self, effect: Wait) -> None:
        effect.waiter.handle.wait(max(0.0, effect.deadline - time.monotonic()))

    def _open(self, effect: Open) -> Connection:
        conn = Connection(self._options)
        if self._configure is not None:
            try:
                self._configure(conn)
            except BaseException:
                conn.close()
                raise
        return conn

    def _check(self, effect: Check[Connection]) -> bool:
        conn = effect.conn
        if conn.closed or conn._sock is None or not socket_looks_alive(conn._sock._sock):
            return False
        if effect.ping:
            try:
                conn.ping(self._core.config.ping_timeout)
            except exc.Error:
                return False
        return True

    def _restore(self, effect: Restore[Connection]) -> bool:
        raw = effect.conn
        if raw.closed:
            return False
        try:
            raw.rollback()  # the next borrower must not see this work (free if none)
            raw.autocommit = self._options.autocommit
            if self._reset is not None:
                self._reset(raw)
        except Exception as error:
            log.warning("discarding a returned connection that could not be reset: %s", error)
            return False
        return not raw.closed

    def _close(self, effect: Close[Connection]) -> None:
        for conn in effect.conns:
            with contextlib.suppress(Exception):
                conn.close()  # never raises by contract; belt and braces for hooks

    def _drain(self, effect: Drain) -> None:
        with self._lock:
            self._changed.wait_for(lambda: self._core.size == 0, effect.timeout)


def _new_waiter() -> Waiter:
    event = threading.Event()
    return Waiter(event, event.set)


def _maintain(ref: weakref.ref[ConnectionPool], wake: threading.Event) -> None:
    """The maintenance thread. It holds its pool weakly, so a pool nobody closed can
    still be collected, and the thread then ends."""
    while True:
        pool = ref()
        if pool is None or pool.closed:
            return
        try:
            pool._run(pool._core.maintain())
        except Exception:  # never let the thread die; the next round tries again
            log.exception("pool maintenance failed")
        del pool
        wake.wait(MAINTENANCE_PERIOD)
        wake.clear()
