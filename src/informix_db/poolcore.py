"""Pool logic shared by the blocking and the asyncio pools: no I/O, no waiting.

The same discipline as the protocol core: every pool procedure (acquire,
release, maintenance, prefill, close) is a generator ("flow") that does the
book-keeping itself and yields an *effect* whenever something must happen in
the world: open a connection, check or reset one, close some, wait for a
hand-off. A pool shell performs the effect (blocking, or with `await`) and
sends the result back, or throws the failure in. The blocking pool runs the
flow's own steps under its lock and performs effects outside it, so the
books are consistent while I/O never blocks other threads.

Life of a connection: opened in a reserved slot -> lent -> given back (to the
first queued request, else onto the idle stack) or forgotten (its slot goes to
the first queued request, which opens a fresh connection in it).
"""

from __future__ import annotations

import contextlib
import logging
import random
import time
from collections import deque
from collections.abc import Callable, Generator
from dataclasses import dataclass, field, fields
from typing import Any, Generic, TypeVar

from . import exceptions as exc

C = TypeVar("C")
T = TypeVar("T")
log = logging.getLogger("informix_db.pool")
LIFETIME_JITTER = 0.05  # connections expire up to 5% early so they do not all go at once


# -- settings ------------------------------------------------------------------------
def check_sizes(min_size: int, max_size: int) -> None:
    if max_size < 1 or not 0 <= min_size <= max_size:
        raise ValueError(
            "pool sizes must satisfy 0 <= min_size <= max_size and max_size >= 1 "
            f"(min_size={min_size}, max_size={max_size})"
        )


@dataclass
class PoolConfig:
    """Pool settings; docs/async-and-pools.md says what each one does."""

    min_size: int = 0
    max_size: int = 10
    acquire_timeout: float = 30.0
    max_lifetime: float | None = 3600.0
    max_idle: float | None = 600.0
    max_waiting: int = 0  # 0: no limit
    ping_interval: float | None = 60.0  # ping a connection idle longer than this (None: never)
    ping_timeout: float = 5.0
    reconnect_delay: float = 0.1  # first back-off after a failed refill; doubles each time
    reconnect_max_delay: float = 10.0

    def __post_init__(self) -> None:
        check_sizes(self.min_size, self.max_size)
        if self.acquire_timeout < 0 or self.ping_timeout <= 0 or self.max_waiting < 0:
            raise ValueError("acquire_timeout, ping_timeout and max_waiting cannot be negative")

    def lifetime(self) -> float:
        """Seconds a new connection may live, jittered."""
        if self.max_lifetime is None:
            return float("inf")
        return self.max_lifetime * (1.0 - LIFETIME_JITTER * random.random())


SETTINGS = frozenset(f.name for f in fields(PoolConfig))


def split_settings(kwargs: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """create_pool(**kwargs) -> (pool settings, the keywords meant for connect())."""
    pool = {k: v for k, v in kwargs.items() if k in SETTINGS}
    return pool, {k: v for k, v in kwargs.items() if k not in SETTINGS}


# -- effects: what a flow asks its shell to do ----------------------------------------
class Slot:
    """Handed to a queued request instead of a connection: "open one, the slot is yours"."""


SLOT = Slot()


class Waiter:
    """One queued acquire. `handle` is the shell's wake-up object (an Event or a Future),
    `wake` its trigger; both calls below happen under the pool's lock or loop."""

    def __init__(self, handle: Any, wake: Callable[[], None]) -> None:
        self.handle = handle
        self.wake = wake
        self.item: Any = None
        self.error: exc.Error | None = None
        self.gave_up = False

    @property
    def arrived(self) -> bool:
        return self.item is not None or self.error is not None

    def deliver(self, item: Any) -> bool:
        if self.gave_up or self.arrived:
            return False
        self.item = item
        self.wake()
        return True

    def fail(self, error: exc.Error) -> None:
        self.error = error
        self.wake()


@dataclass
class Wait:
    """Block until the waiter is woken or the deadline (time.monotonic()) passes."""

    waiter: Waiter
    deadline: float


@dataclass
class Open:
    """Open and configure a new connection; reply: the connection."""


@dataclass
class Check(Generic[C]):
    """Cheap liveness test, plus a ping if `ping`; reply: True if usable."""

    conn: C
    ping: bool


@dataclass
class Restore(Generic[C]):
    """Roll back, restore autocommit, run the reset hook; reply: True if fit for reuse."""

    conn: C


@dataclass
class Close(Generic[C]):
    """Close these connections, never raising; `graceful` allows a goodbye round trip."""

    conns: list[C]
    graceful: bool = True


@dataclass
class Drain:
    """Wait up to `timeout` seconds until the pool owns no connection."""

    timeout: float


Effect = Wait | Open | Check[Any] | Restore[Any] | Close[Any] | Drain
Flow = Generator[Effect, Any, T]
EFFECTS = (Wait, Open, Check, Restore, Close, Drain)


def advance(flow: Flow[T], reply: Any, error: BaseException | None) -> tuple[bool, Any]:
    """One step of a flow: send the last effect's reply (or throw its failure) in.
    Returns (True, the flow's result) once it is done, else (False, its next effect)."""
    try:
        return False, (flow.send(reply) if error is None else flow.throw(error))
    except StopIteration as stop:
        return True, stop.value


@dataclass(eq=False)
class _Record:
    expires: float
    last_used: float


@dataclass
class _Retry:
    delay: float = 0.0
    at: float = 0.0


STAT_NAMES = (
    "requests_num",  # acquire calls
    "requests_queued",  # ... that had to wait
    "requests_wait_ms",  # total time spent waiting
    "requests_errors",  # timeouts and overload refusals
    "returns_bad",  # connections that came back broken or could not be reset
    "connections_num",  # connections opened
    "connections_ms",  # total time spent opening them
    "connections_errors",  # failed attempts to open one
    "connections_lost",  # found dead by a health check
    "connections_closed",  # closed by the pool (expired, idle, surplus, bad)
    "pings",  # health-check round trips
)


@dataclass(eq=False)
class PoolCore(Generic[C]):
    """The books of one pool and the flows that keep them."""

    config: PoolConfig
    idle: deque[C] = field(default_factory=deque)  # most recently returned on the right
    records: dict[C, _Record] = field(default_factory=dict)  # every connection owned
    opening: int = 0
    waiters: deque[Waiter] = field(default_factory=deque)
    closed: bool = False
    stats: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STAT_NAMES, 0))
    retry: _Retry = field(default_factory=_Retry)

    @property
    def size(self) -> int:
        return len(self.records) + self.opening

    # -- flows -------------------------------------------------------------------------
    def check_open(self) -> None:
        if self.closed:
            raise exc.PoolClosed("the pool is closed")

    def acquire(self, timeout: float, new_waiter: Callable[[], Waiter]) -> Flow[C]:
        self.check_open()
        self.stats["requests_num"] += 1
        deadline = time.monotonic() + timeout
        while True:
            item = self._claim()
            if item is None:
                item = yield from self._wait(new_waiter(), deadline, timeout)
            if isinstance(item, Slot):
                return (yield from self._open())
            if (yield from self._check(item)):
                return item
            self.forget(item, lost=True)
            yield Close([item], graceful=False)

    def release(self, conn: C, broken: bool) -> Flow[None]:
        try:
            healthy = not broken and bool((yield Restore(conn)))
        except BaseException:  # cancelled mid-reset: its state is unknown
            self.forget(conn, bad=True)
            raise
        if healthy and self._keeps(conn):
            self._give_back(conn)
            return
        self.forget(conn, bad=not healthy)
        yield Close([conn], graceful=healthy)

    def fill(self) -> Flow[None]:
        """Open min_size connections (at start, so a bad address or password fails early)."""
        for _ in range(self.config.min_size):
            self.opening += 1
            self._give_back((yield from self._open()))

    def maintain(self) -> Flow[None]:
        """Close what is stale, then open what is missing, backing off while it fails."""
        stale = self._stale()
        if stale:
            yield Close(stale)
        if time.monotonic() < self.retry.at:
            return
        while self._deficit() > 0:
            self.opening += 1
            try:
                conn = yield from self._open()
            except Exception as error:
                self._back_off(error)
                return
            self._give_back(conn)
        self.retry.delay = 0.0

    def close(self, timeout: float) -> Flow[None]:
        """Refuse new requests, close idle connections, give lent ones `timeout` seconds
        to come back, then close those under their borrowers."""
        if self.closed:
            return
        self.closed = True
        while self.waiters:
            self.waiters.popleft().fail(exc.PoolClosed("the pool was closed while waiting"))
        idle, self.idle = list(self.idle), deque()
        for conn in idle:
            del self.records[conn]
        yield Close(idle)
        yield Drain(timeout)
        leftover = list(self.records)
        self.records.clear()
        yield Close(leftover, graceful=False)

    # -- steps ---------------------------------------------------------------------------
    def _claim(self) -> C | Slot | None:
        """An idle connection, else a slot to open one in, else None: queue up."""
        if self.idle:
            return self.idle.pop()  # LIFO: a warm core stays busy, the rest can go idle
        if self.size < self.config.max_size:
            self.opening += 1
            return SLOT
        return None

    def _wait(self, waiter: Waiter, deadline: float, timeout: float) -> Flow[C | Slot]:
        limit = self.config.max_waiting
        if limit and len(self.waiters) >= limit:
            self.stats["requests_errors"] += 1
            raise exc.PoolTimeout(
                f"pool overloaded: {limit} requests already waiting (max_waiting={limit})"
            )
        self.stats["requests_queued"] += 1
        self.waiters.append(waiter)
        started = time.monotonic()
        try:
            yield Wait(waiter, deadline)
        except BaseException:  # cancelled: leave the queue, return what arrived meanwhile
            self._give_up(waiter)
            raise
        finally:
            self.stats["requests_wait_ms"] += int((time.monotonic() - started) * 1000)
        if waiter.error is not None:
            raise waiter.error
        if waiter.item is None:
            self._give_up(waiter)
            self.stats["requests_errors"] += 1
            raise exc.PoolTimeout(
                f"no pooled connection available within {timeout:.3g} s "
                f"(max_size={self.config.max_size}, all in use)"
            )
        item: C | Slot = waiter.item
        return item

    def _give_up(self, waiter: Waiter) -> None:
        """A request stops waiting; anything handed to it in the meantime goes back."""
        waiter.gave_up = True
        with contextlib.suppress(ValueError):
            self.waiters.remove(waiter)
        item, waiter.item = waiter.item, None
        if isinstance(item, Slot):
            self.opening -= 1
            self._offer_slot()
        elif item is not None:
            self._give_back(item)

    def _open(self) -> Flow[C]:
        """Open a connection in a slot already counted in `opening`."""
        started = time.monotonic()
        try:
            conn: C = yield Open()
        except BaseException:
            self.opening -= 1
            self.stats["connections_errors"] += 1
            self._offer_slot()
            raise
        self.opening -= 1
        self.stats["connections_num"] += 1
        self.stats["connections_ms"] += int((time.monotonic() - started) * 1000)
        if self.closed:
            yield Close([conn])
            raise exc.PoolClosed("the pool was closed while a connection was being opened")
        now = time.monotonic()
        self.records[conn] = _Record(now + self.config.lifetime(), now)
        return conn

    def _check(self, conn: C) -> Flow[bool]:
        interval, record = self.config.ping_interval, self.records[conn]
        ping = interval is not None and time.monotonic() - record.last_used > interval
        self.stats["pings"] += ping
        try:
            return bool((yield Check(conn, ping)))
        except BaseException:  # cancelled mid-ping: the connection is broken by now
            self.forget(conn, lost=True)
            raise

    def _keeps(self, conn: C) -> bool:
        record = self.records.get(conn)
        return (
            record is not None
            and not self.closed
            and self.size <= self.config.max_size
            and record.expires > time.monotonic()
        )

    def _give_back(self, conn: C) -> None:
        """A healthy connection: to the first queued request, else onto the idle stack."""
        self.records[conn].last_used = time.monotonic()
        if not self._hand_off(conn):
            self.idle.append(conn)

    def forget(self, conn: C, *, lost: bool = False, bad: bool = False) -> None:
        """The pool no longer owns `conn`; its slot is free for a queued request."""
        if self.records.pop(conn, None) is not None:
            self.stats["connections_lost" if lost else "connections_closed"] += 1
            self.stats["returns_bad"] += bad
        with contextlib.suppress(ValueError):
            self.idle.remove(conn)
        self._offer_slot()

    def _offer_slot(self) -> None:
        if self.waiters and not self.closed and self.size < self.config.max_size:
            self.opening += 1
            if not self._hand_off(SLOT):
                self.opening -= 1

    def _hand_off(self, item: C | Slot) -> bool:
        while self.waiters:
            if self.waiters.popleft().deliver(item):
                return True
        return False

    def _stale(self) -> list[C]:
        """Idle connections to close now: expired, surplus after a resize, or idle
        longer than max_idle while the pool is above min_size."""
        cfg, now = self.config, time.monotonic()
        doomed = [c for c in self.idle if self.records[c].expires <= now]
        keep = self.size - len(doomed)
        for c in self.idle:  # least recently used first
            idle_long = cfg.max_idle is not None and now - self.records[c].last_used > cfg.max_idle
            if c not in doomed and (keep > cfg.max_size or (idle_long and keep > cfg.min_size)):
                doomed.append(c)
                keep -= 1
        for c in doomed:
            self.idle.remove(c)
            del self.records[c]
        self.stats["connections_closed"] += len(doomed)
        return doomed

    def _deficit(self) -> int:
        """Connections to open in the background: up to min_size, and for queued requests."""
        room = self.config.max_size - self.size
        wanted = max(self.config.min_size - self.size, len(self.waiters))
        return 0 if self.closed else max(0, min(room, wanted))

    def _back_off(self, error: Exception) -> None:
        cfg, retry = self.config, self.retry
        retry.delay = min(max(retry.delay * 2, cfg.reconnect_delay), cfg.reconnect_max_delay)
        retry.delay *= 0.9 + 0.2 * random.random()
        retry.at = time.monotonic() + retry.delay
        log.warning("pool refill failed, next try in %.2f s: %s", retry.delay, error)

    # -- control -------------------------------------------------------------------------
    def resize(self, min_size: int, max_size: int | None) -> None:
        max_size = self.config.max_size if max_size is None else max_size
        check_sizes(min_size, max_size)
        self.config.min_size, self.config.max_size = min_size, max_size
        for _ in range(min(len(self.waiters), max(0, max_size - self.size))):
            self._offer_slot()  # room grew: queued requests may open connections now

    def snapshot(self, reset: bool = False) -> dict[str, int]:
        out = {
            "pool_min": self.config.min_size,
            "pool_max": self.config.max_size,
            "pool_size": self.size,
            "pool_available": len(self.idle),
            "requests_waiting": len(self.waiters),
            **self.stats,
        }
        if reset:
            self.stats = dict.fromkeys(STAT_NAMES, 0)
        return out
