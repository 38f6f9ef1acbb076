"""Pools, sync and async, from one suite.

Every test here runs twice: against `informix_db.create_pool` and against
`await informix_db.aio.create_pool`. A test is written once as a *script*: a
generator that yields whatever the pool API returns (`conn = yield
pool.acquire()`). The sync flavour sends blocking results straight back; the
async flavour awaits them on its own event loop. So both pools face the very
same steps, including the resilience spec's scenarios 6, 7 and 11.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import itertools
import threading
import time
from collections.abc import Callable, Generator, Iterator
from typing import Any

import pytest

import ifxserver
import informix_db
from informix_db import aio

from .proxy import FaultProxy

pytestmark = pytest.mark.resilience
Script = Generator[Any, Any, Any]
_tables = itertools.count()


# -- the two flavours ------------------------------------------------------------------
async def drive(step: Any) -> Any:
    """A script runs to its end, each yielded step driven in turn and its result (or
    failure) sent back in; an awaitable is awaited; anything else is its own result."""
    if inspect.isawaitable(step):
        return await step
    if not inspect.isgenerator(step):
        return step
    reply, error = None, None
    while True:
        try:
            item = step.send(reply) if error is None else step.throw(error)
        except StopIteration as stop:
            return stop.value
        reply, error = None, None
        try:
            reply = await drive(item)
        except Exception as failure:
            error = failure


class SyncFlavor:
    name = "sync"

    def run(self, step: Any) -> Any:
        """With the blocking pool nothing is awaitable, so `drive` never suspends."""
        coroutine = drive(step)
        try:
            coroutine.send(None)
        except StopIteration as stop:
            return stop.value
        coroutine.close()
        raise AssertionError("a blocking script yielded an awaitable")

    def pool(self, connect_args: dict[str, Any], **settings: Any) -> Any:
        return informix_db.create_pool(**connect_args, **settings)

    def hook(self, fn: Callable[[Any], Any]) -> Callable[[Any], Any]:
        return lambda conn: self.run(fn(conn))

    @contextlib.contextmanager
    def block(self, manager: Any) -> Iterator[Any]:
        with manager as value:
            yield value

    def parallel(self, scripts: list[Script]) -> list[Any]:
        results: list[Any] = [None] * len(scripts)
        errors: list[BaseException] = []

        def work(i: int, script: Script) -> None:
            try:
                results[i] = self.run(script)
            except BaseException as e:
                errors.append(e)

        threads = [threading.Thread(target=work, args=(i, s)) for i, s in enumerate(scripts)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        if errors:
            raise errors[0]
        return results

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    def pause(self, seconds: float) -> Any:
        """Inside a script: `yield flavor.pause(s)` (the async flavour yields to its loop)."""
        time.sleep(seconds)

    def close(self) -> None:
        pass


class AsyncFlavor(SyncFlavor):
    name = "async"

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()

    def run(self, step: Any) -> Any:
        return self.loop.run_until_complete(asyncio.wait_for(drive(step), 60))

    def pool(self, connect_args: dict[str, Any], **settings: Any) -> Any:
        return self.run(aio.create_pool(**connect_args, **settings))

    def hook(self, fn: Callable[[Any], Any]) -> Callable[[Any], Any]:
        async def hook(conn: Any) -> Any:
            return await drive(fn(conn))

        return hook

    @contextlib.contextmanager
    def block(self, manager: Any) -> Iterator[Any]:
        value = self.run(manager.__aenter__())
        try:
            yield value
        except BaseException as e:
            if not self.run(manager.__aexit__(type(e), e, e.__traceback__)):
                raise
        else:
            self.run(manager.__aexit__(None, None, None))

    def parallel(self, scripts: list[Script]) -> list[Any]:
        async def together() -> list[Any]:
            return list(await asyncio.gather(*(drive(s) for s in scripts)))

        return list(self.loop.run_until_complete(asyncio.wait_for(together(), 60)))

    def sleep(self, seconds: float) -> None:
        self.loop.run_until_complete(asyncio.sleep(seconds))  # background tasks run meanwhile

    def pause(self, seconds: float) -> Any:
        return asyncio.sleep(seconds)

    def close(self) -> None:
        self.loop.run_until_complete(self.loop.shutdown_asyncgens())
        self.loop.close()


@pytest.fixture(params=["sync", "async"])
def flavor(request: pytest.FixtureRequest) -> Iterator[SyncFlavor]:
    chosen = SyncFlavor() if request.param == "sync" else AsyncFlavor()
    try:
        yield chosen
    finally:
        chosen.close()


@pytest.fixture
def make_pool(flavor: SyncFlavor, ifx_target: Any) -> Iterator[Callable[..., Any]]:
    """`make_pool(max_size=2, ...)`; `via=proxy` routes the pool through a FaultProxy."""
    pools: list[Any] = []

    def make(via: FaultProxy | None = None, **settings: Any) -> Any:
        connect_args = ifx_target.connect_args()
        if via is not None:
            connect_args.update(host="127.0.0.1", port=via.port)
        pool = flavor.pool(connect_args, **settings)
        pools.append(pool)
        return pool

    try:
        yield make
    finally:
        for pool in pools:
            flavor.run(pool.close(timeout=1.0))


@pytest.fixture
def fast_maintenance(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("informix_db.pool.MAINTENANCE_PERIOD", 0.02)
    monkeypatch.setattr("informix_db.aio.pool.MAINTENANCE_PERIOD", 0.02)


def wait_until(flavor: SyncFlavor, predicate: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not reached in time"
        flavor.sleep(0.01)


def query(conn: Any, sql: str, params: Any = None) -> Script:
    cur = yield conn.execute(sql, params)
    rows = yield cur.fetchall()
    return rows


@pytest.fixture
def proxy(ifx_target: Any) -> Iterator[FaultProxy]:
    with FaultProxy(ifx_target.host, ifx_target.port) as fwd:
        yield fwd


@pytest.fixture
def table(ifx_target: Any) -> Iterator[str]:
    name = f"pool_t_{next(_tables)}_{int(time.time() * 1000) % 100000}"
    with ifx_target.connect(autocommit=True) as conn:
        conn.execute(f"CREATE TABLE {name} (id INT, note VARCHAR(20))")
    yield name
    with ifx_target.connect(autocommit=True) as conn:
        conn.execute(f"DROP TABLE {name}")


# -- lending and returning -------------------------------------------------------------------
def test_connection_block_queries_and_returns(flavor: SyncFlavor, make_pool: Any) -> None:
    pool = make_pool(min_size=1, max_size=3)
    assert (pool.size, pool.idle_count, pool.min_size, pool.max_size) == (1, 1, 1, 3)
    with flavor.block(pool.connection()) as conn:
        assert pool.idle_count == 0
        rows = flavor.run(query(conn, "SELECT tabid FROM systables WHERE tabid = ?", (1,)))
        assert rows == [(1,)]
    assert (pool.size, pool.idle_count) == (1, 1)
    stats = pool.get_stats()
    assert stats["requests_num"] == 1 and stats["connections_num"] == 1 and stats["pings"] == 0


def test_acquire_timeout_raises_pool_timeout(flavor: SyncFlavor, make_pool: Any) -> None:
    pool = make_pool(max_size=1)
    held = flavor.run(pool.acquire())
    started = time.monotonic()
    with pytest.raises(informix_db.PoolTimeout, match="max_size=1") as err:
        flavor.run(pool.acquire(timeout=0.2))
    assert 0.15 < time.monotonic() - started < 2
    assert isinstance(err.value, informix_db.OperationalError)
    assert isinstance(err.value, informix_db.PoolTimeoutError)
    assert pool.get_stats()["requests_errors"] == 1
    flavor.run(pool.release(held))
    flavor.run(pool.release(flavor.run(pool.acquire(timeout=0.2))))  # free again


def test_queued_requests_are_served_in_turn(flavor: SyncFlavor, make_pool: Any) -> None:
    pool = make_pool(max_size=2)

    def borrower(n: int) -> Script:
        conn = yield pool.acquire(timeout=10)
        rows = yield query(conn, "SELECT tabid FROM systables WHERE tabid = ?", (n,))
        yield flavor.pause(0.001)
        yield pool.release(conn)
        return rows

    results = flavor.parallel([borrower(1 + i % 3) for i in range(12)])
    assert results == [[(1 + i % 3,)] for i in range(12)]
    assert pool.size <= 2 and pool.get_stats()["requests_queued"] > 0


def test_max_waiting_refuses_overload(flavor: SyncFlavor, make_pool: Any) -> None:
    pool = make_pool(max_size=1, max_waiting=1)
    held = flavor.run(pool.acquire())

    def patient() -> Script:
        conn = yield pool.acquire(timeout=5)
        yield pool.release(conn)
        return "served"

    def impatient() -> Script:
        while pool.get_stats()["requests_waiting"] == 0:  # until `patient` queues
            yield flavor.pause(0.005)
        with pytest.raises(informix_db.PoolTimeout, match="max_waiting=1"):
            yield pool.acquire(timeout=5)
        yield pool.release(held)
        return "refused"

    assert flavor.parallel([patient(), impatient()]) == ["served", "refused"]


def test_returned_mid_transaction_is_rolled_back(
    flavor: SyncFlavor, make_pool: Any, table: str
) -> None:
    pool = make_pool(max_size=1)

    def script() -> Script:
        a = yield pool.acquire()
        yield a.execute(f"INSERT INTO {table} VALUES (1, 'committed')")
        yield a.commit()
        yield a.execute(f"INSERT INTO {table} VALUES (2, 'left open')")
        assert a.in_transaction
        yield pool.release(a)
        b = yield pool.acquire()  # the same connection: max_size=1
        assert pool.get_stats()["connections_num"] == 1
        assert not b.in_transaction
        rows = yield query(b, f"SELECT id, note FROM {table} ORDER BY id")
        yield pool.release(b)
        return rows

    assert flavor.run(script()) == [(1, "committed")]


def test_use_after_release_raises_interface_error(flavor: SyncFlavor, make_pool: Any) -> None:
    pool = make_pool(max_size=1)

    def script() -> Script:
        conn = yield pool.acquire()
        cur = conn.cursor()
        yield cur.execute("SELECT tabid FROM systables WHERE tabid = 1")
        yield pool.release(conn)
        yield pool.release(conn)  # twice is harmless
        assert conn.closed
        with pytest.raises(informix_db.InterfaceError, match="returned to the pool"):
            conn.cursor()
        with pytest.raises(informix_db.InterfaceError, match="returned to the pool"):
            conn.autocommit  # noqa: B018
        with pytest.raises(informix_db.InterfaceError):  # its cursors are closed too
            yield cur.fetchall()
        again = yield pool.acquire()
        rows = yield query(again, "SELECT tabid FROM systables WHERE tabid = 2")
        yield again.close()  # close() returns a pooled connection
        return rows

    assert flavor.run(script()) == [(2,)]
    assert pool.size == 1 and pool.idle_count == 1


def test_configure_and_reset_hooks(flavor: SyncFlavor, make_pool: Any) -> None:
    seen: list[str] = []

    def configure(conn: Any) -> Script:
        seen.append("configure")
        yield conn.set_lock_wait(2)

    def reset(conn: Any) -> None:
        seen.append("reset")
        if len(seen) > 3:
            raise RuntimeError("cannot reset")

    pool = make_pool(max_size=1, configure=flavor.hook(configure), reset=flavor.hook(reset))
    for _ in range(3):
        with flavor.block(pool.connection()):
            pass
    assert seen == ["configure", "reset", "reset", "reset"]
    assert pool.size == 0  # the third reset failed: that connection was discarded
    assert pool.get_stats()["returns_bad"] == 1


def test_ping_only_after_the_idle_interval(flavor: SyncFlavor, make_pool: Any) -> None:
    lazy = make_pool(max_size=1)
    eager = make_pool(max_size=1, ping_interval=0.0)
    for pool in (lazy, eager):
        for _ in range(3):
            with flavor.block(pool.connection()):
                pass
    assert lazy.get_stats()["pings"] == 0
    assert eager.get_stats()["pings"] == 2  # every reuse of an idle connection


def test_max_lifetime_recycles(flavor: SyncFlavor, make_pool: Any) -> None:
    pool = make_pool(max_size=1, max_lifetime=0.05)
    first = flavor.run(pool.acquire())
    raw = first._raw
    flavor.sleep(0.1)
    flavor.run(pool.release(first))  # too old: closed on return
    assert raw.closed and pool.size == 0
    second = flavor.run(pool.acquire())
    assert second._raw is not raw
    flavor.run(pool.release(second))


def test_max_lifetime_is_jittered_within_five_percent(flavor: SyncFlavor, make_pool: Any) -> None:
    """Connections opened together must not all expire together, nor outlive max_lifetime."""
    lifetime = 1000.0
    pool = make_pool(max_size=4, max_lifetime=lifetime)
    started = time.monotonic()
    conns = [flavor.run(pool.acquire()) for _ in range(4)]
    finished = time.monotonic()
    expiries = [pool._core.records[conn._raw].expires for conn in conns]
    for expires in expiries:
        assert lifetime * 0.95 <= expires - started  # at most 5% early ...
        assert expires - finished <= lifetime  # ... and never late
    assert len(set(expiries)) == len(expiries)
    assert max(expiries) - min(expiries) > finished - started  # spread, not opening order
    for conn in conns:
        flavor.run(pool.release(conn))


def test_max_idle_trims_down_to_min_size(
    flavor: SyncFlavor, make_pool: Any, fast_maintenance: None
) -> None:
    pool = make_pool(min_size=1, max_size=3, max_idle=0.1)
    conns = [flavor.run(pool.acquire()) for _ in range(3)]
    for conn in conns:
        flavor.run(pool.release(conn))
    assert pool.idle_count == 3
    wait_until(flavor, lambda: pool.size == 1)
    assert pool.idle_count == 1


def test_resize_grows_and_shrinks(
    flavor: SyncFlavor, make_pool: Any, fast_maintenance: None
) -> None:
    pool = make_pool(min_size=0, max_size=1)
    pool.resize(2, 4)
    wait_until(flavor, lambda: pool.size == 2)
    conns = [flavor.run(pool.acquire()) for _ in range(4)]
    assert pool.size == 4
    pool.resize(0, 1)
    for conn in conns:
        flavor.run(pool.release(conn))
    assert pool.size == 1 and pool.max_size == 1
    with pytest.raises(ValueError):
        pool.resize(3, 2)


def test_close_waits_for_borrowers_then_closes_them(flavor: SyncFlavor, make_pool: Any) -> None:
    pool = make_pool(min_size=2, max_size=2)
    lent = flavor.run(pool.acquire())
    started = time.monotonic()
    flavor.run(pool.close(timeout=0.2))
    assert 0.15 < time.monotonic() - started < 3
    assert pool.closed and pool.size == 0 and lent._raw.closed
    with pytest.raises(informix_db.PoolClosed):
        flavor.run(pool.acquire())
    flavor.run(pool.release(lent))  # coming back after close is harmless
    flavor.run(pool.close())  # so is closing twice


def test_close_returns_promptly_when_nothing_is_lent(flavor: SyncFlavor, make_pool: Any) -> None:
    pool = make_pool(min_size=2, max_size=2)
    conn = flavor.run(pool.acquire())
    flavor.run(pool.release(conn))
    started = time.monotonic()
    flavor.run(pool.close(timeout=5))
    assert time.monotonic() - started < 1


def test_settings_are_checked(flavor: SyncFlavor, make_pool: Any) -> None:
    with pytest.raises(ValueError, match="min_size"):
        make_pool(min_size=3, max_size=2)
    with pytest.raises(informix_db.InterfaceError, match="unknown connect"):
        make_pool(max_sise=2)


# -- resilience spec: scenarios 6, 7 and 11, plus server-side kills -----------------------------
def test_scenario_6_connection_dying_in_a_block_is_evicted(
    flavor: SyncFlavor, make_pool: Any, proxy: FaultProxy
) -> None:
    pool = make_pool(via=proxy, max_size=2)
    with pytest.raises(informix_db.OperationalError), flavor.block(pool.connection()) as conn:
        flavor.run(query(conn, "SELECT tabid FROM systables WHERE tabid = 1"))
        proxy.kill()
        flavor.run(query(conn, "SELECT tabid FROM systables WHERE tabid = 1"))
    assert pool.size == 0 and pool.idle_count == 0
    with flavor.block(pool.connection()) as conn:  # and the pool still works
        assert flavor.run(query(conn, "SELECT tabid FROM systables WHERE tabid = 2")) == [(2,)]


def test_scenario_7_pool_revives_after_idle_sockets_were_closed(
    flavor: SyncFlavor, make_pool: Any
) -> None:
    pool = make_pool(min_size=2, max_size=2)
    assert len(list(pool._idle)) == 2
    for conn in pool._idle:
        conn._sock._sock.close()  # closed under the pool, through the compatibility hook
    with flavor.block(pool.connection()) as conn:
        assert flavor.run(query(conn, "SELECT tabid FROM systables WHERE tabid = 1")) == [(1,)]
    stats = pool.get_stats()
    assert stats["connections_lost"] == 2 and stats["pings"] == 0  # found without a query
    assert pool.size <= 2


def test_server_side_kill_is_detected_on_acquire_without_a_query(
    flavor: SyncFlavor, make_pool: Any, proxy: FaultProxy
) -> None:
    pool = make_pool(via=proxy, min_size=2, max_size=2, ping_interval=None)
    proxy.kill()  # both idle connections are reset under the pool ...
    time.sleep(0.2)  # ... for real once the proxy's threads let go of the sockets (< 0.05 s)
    with flavor.block(pool.connection()) as conn:
        assert flavor.run(query(conn, "SELECT tabid FROM systables WHERE tabid = 3")) == [(3,)]
    assert pool.get_stats()["connections_lost"] == 2


def test_scenario_11_sustained_load_stays_within_max_size(
    flavor: SyncFlavor, make_pool: Any
) -> None:
    pool = make_pool(max_size=4)
    sizes: list[int] = []

    def worker(n: int) -> Script:
        for i in range(n):
            conn = yield pool.acquire(timeout=10)
            sizes.append(pool.size)
            rows = yield query(conn, "SELECT tabid FROM systables WHERE tabid = ?", (1 + i % 5,))
            assert rows == [(1 + i % 5,)]
            yield pool.release(conn)

    flavor.parallel([worker(50)])
    flavor.parallel([worker(13) for _ in range(8)])
    assert max(sizes) <= 4 and pool.size <= 4
    stats = pool.get_stats()
    assert stats["requests_num"] == 50 + 8 * 13 and stats["connections_num"] <= 4


def test_refill_backs_off_while_the_server_is_down_and_recovers(
    flavor: SyncFlavor, fast_maintenance: None
) -> None:
    server = ifxserver.Server()
    port = server.port
    pool = flavor.pool(
        server.connect_args(),
        min_size=2,
        max_size=3,
        reconnect_delay=0.05,
        reconnect_max_delay=0.2,
    )
    try:
        server.stop()  # the server goes away with the pool's two idle sessions
        started = time.monotonic()
        with pytest.raises(informix_db.OperationalError, match="cannot connect"):
            flavor.run(pool.acquire(timeout=5))  # prompt: no reason to wait for a timeout
        assert time.monotonic() - started < 2
        assert pool.get_stats()["connections_lost"] == 2
        before = pool.get_stats()["connections_errors"]
        flavor.sleep(1.0)  # maintenance keeps trying, every 0.02 s if it did not back off
        attempts = pool.get_stats()["connections_errors"] - before
        assert 2 <= attempts <= 15
        server = ifxserver.Server(port=port)  # back, on the same address
        wait_until(flavor, lambda: pool.size == 2)
        with flavor.block(pool.connection()) as conn:
            flavor.run(conn.ping())  # no database on the fresh server: a round trip will do
    finally:
        flavor.run(pool.close(timeout=1.0))
        server.stop()
