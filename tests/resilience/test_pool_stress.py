"""Pools and connections at scale: many threads, many tasks, cancellation storms, and
no leaks of sockets, threads or memory over thousands of cycles."""

from __future__ import annotations

import asyncio
import gc
import os
import random
import select
import subprocess
import sys
import threading
import tracemalloc
from collections.abc import Iterator
from typing import Any

import pytest

import informix_db
from informix_db import aio

pytestmark = pytest.mark.resilience
ROWS = 1000
TABLE = "pool_stress_rows"


def fill(connect_args: dict[str, Any]) -> None:
    """ROWS rows: (id, id * 7), so every worker can check its own answer."""
    with informix_db.connect(**connect_args, autocommit=True) as conn:
        conn.execute(f"DROP TABLE IF EXISTS {TABLE}")
        conn.execute(f"CREATE TABLE {TABLE} (id INT NOT NULL, v INT)")
        rows = [(i, i * 7) for i in range(ROWS)]
        conn.cursor().executemany(f"INSERT INTO {TABLE} VALUES (?, ?)", rows)


@pytest.fixture(scope="module")
def table(ifx_target: Any) -> Iterator[str]:
    fill(ifx_target.connect_args())
    yield TABLE
    with ifx_target.connect(autocommit=True) as conn:
        conn.execute(f"DROP TABLE IF EXISTS {TABLE}")


@pytest.fixture(scope="module")
def remote(ifx_target: Any) -> Iterator[dict[str, Any]]:
    """Connect arguments for a server in another process, so that this process's
    sockets, threads and memory are the driver's alone (the embedded server is
    started as a subprocess; a real Informix is remote already)."""
    if not ifx_target.embedded:
        fill(ifx_target.connect_args())
        yield ifx_target.connect_args()
        return
    command = [sys.executable, "-m", "ifxserver", "--port", "0"]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        ready, _, _ = select.select([server.stdout], [], [], 60)
        assert ready, "the server subprocess did not start"
        host, port = server.stdout.readline().split()[-1].rsplit(":", 1)
        args = {"host": host, "port": int(port), "user": "informix", "password": "in4mix"}
        with informix_db.connect(**args, autocommit=True) as conn:
            conn.execute("CREATE DATABASE pool_leaks WITH LOG")
        args["database"] = "pool_leaks"
        fill(args)
        yield args
    finally:
        server.terminate()
        server.wait(10)
        if server.stdout is not None:
            server.stdout.close()


def run(coro: Any) -> Any:
    return asyncio.run(asyncio.wait_for(coro, 120))


async def lookup(conn: Any, table: str, n: int) -> None:
    cur = await conn.execute(f"SELECT v FROM {table} WHERE id = ?", (n,))
    assert await cur.fetchall() == [(n * 7,)]


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


# -- threads ---------------------------------------------------------------------------------
def test_one_connection_shared_by_two_threads_is_serialised(ifx_target: Any, table: str) -> None:
    """Each call holds the connection's lock for its whole exchange, so two threads on
    one connection take turns on the wire and each gets its own answers."""
    conn = ifx_target.connect()
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            for i in range(20):
                cur = conn.cursor()
                cur.execute(f"SELECT v FROM {table} WHERE id = ?", (n + i,))
                assert cur.fetchall() == [((n + i) * 7,)]
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(n,)) for n in (100, 500)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    conn.close()
    assert not errors


def cycle_threads(pool: informix_db.ConnectionPool, table: str, cycles: int, every: int) -> None:
    """`cycles` acquire/release cycles spread over 8 threads; a query every `every`-th."""
    errors: list[BaseException] = []

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        try:
            for i in range(cycles // 8):
                with pool.connection(timeout=30) as conn:
                    assert pool.size <= pool.max_size
                    if i % every == 0:
                        n = rng.randrange(ROWS)
                        cur = conn.execute(f"SELECT v FROM {table} WHERE id = ?", (n,))
                        assert cur.fetchall() == [(n * 7,)]
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(seed,)) for seed in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    assert not errors, errors[0]


def assert_no_leaks(connect_args: dict[str, Any], cycles: int, every: int) -> None:
    pool = informix_db.create_pool(**connect_args, min_size=2, max_size=4)
    try:
        cycle_threads(pool, TABLE, 800, every)  # warm up: every connection is open
        gc.collect()
        fds, threads = open_fds(), threading.active_count()
        tracemalloc.start()
        try:
            size, blocks = held_memory()
            cycle_threads(pool, TABLE, cycles, every)
            gc.collect()
            size_after, blocks_after = held_memory()
        finally:
            tracemalloc.stop()
        stats = pool.get_stats()
        assert open_fds() == fds and threading.active_count() == threads
        # A leak of one small object per cycle would add `cycles` blocks; the byte
        # figure allows for the connections' receive buffers breathing.
        assert blocks_after - blocks < 500, f"{blocks_after - blocks} more blocks held"
        assert size_after - size < 1024 * 1024, f"{size_after - size} more bytes held"
        assert stats["connections_num"] <= 4 and stats["requests_errors"] == 0
    finally:
        pool.close()


def held_memory() -> tuple[int, int]:
    snapshot = tracemalloc.take_snapshot()
    snapshot = snapshot.filter_traces([tracemalloc.Filter(False, tracemalloc.__file__)])
    stats = snapshot.statistics("filename")
    return sum(s.size for s in stats), sum(s.count for s in stats)


def test_10000_cycles_from_8_threads_leak_nothing(remote: dict[str, Any]) -> None:
    """10,000 acquire/query/release cycles from 8 threads over 4 connections: no
    socket, thread or memory grows."""
    assert_no_leaks(remote, cycles=10_000, every=1)


@pytest.mark.slow
def test_50000_cycles_from_8_threads_leak_nothing(remote: dict[str, Any]) -> None:
    """The long soak: five times as many cycles."""
    assert_no_leaks(remote, cycles=50_000, every=1)


# -- tasks --------------------------------------------------------------------------------------
def test_thousand_tasks_over_a_pool_of_ten(ifx_target: Any, table: str) -> None:
    async def body() -> None:
        async with await aio.create_pool(**ifx_target.connect_args(), max_size=10) as pool:
            peak = 0

            async def task(n: int) -> None:
                nonlocal peak
                async with pool.connection() as conn:
                    peak = max(peak, pool.size)
                    await lookup(conn, table, n)

            await asyncio.gather(*(task(n) for n in range(1000)))
            stats = pool.get_stats()
            assert peak <= 10 and pool.size <= 10
            assert stats["requests_num"] == 1000 and stats["requests_errors"] == 0

    run(body())


async def assert_fully_usable(pool: aio.AsyncConnectionPool, table: str) -> None:
    """Every slot works: max_size connections lent at once, each answering correctly."""
    assert pool.size <= pool.max_size and pool.get_stats()["requests_waiting"] == 0
    conns = [await pool.acquire(timeout=5) for _ in range(pool.max_size)]
    for n, conn in enumerate(conns):
        assert not conn.in_transaction
        await lookup(conn, table, n)
    for conn in conns:
        await pool.release(conn)
    for idle in pool._idle:
        assert not idle.broken and not idle._lock.locked()


def test_cancelling_100_in_flight_tasks_leaves_the_pool_usable(ifx_target: Any, table: str) -> None:
    async def body() -> None:
        async with await aio.create_pool(**ifx_target.connect_args(), max_size=10) as pool:

            async def busy(n: int) -> None:
                while True:  # acquiring, querying, returning: cancelled anywhere in there
                    async with pool.connection() as conn:
                        await lookup(conn, table, n)

            tasks = [asyncio.ensure_future(busy(n)) for n in range(100)]
            await asyncio.sleep(0.3)
            for task in tasks:
                task.cancel()
            results = await asyncio.gather(*tasks, return_exceptions=True)
            assert all(isinstance(r, asyncio.CancelledError) for r in results)
            await assert_fully_usable(pool, table)

    run(body())


def test_scenario_8_worker_cancelled_mid_query_by_wait_for(ifx_target: Any, table: str) -> None:
    """A worker cut off by wait_for(timeout=0.001) wherever it is; the pool keeps
    serving correct answers and never lends a connection whose reply is in flight."""

    async def body() -> None:
        async with await aio.create_pool(**ifx_target.connect_args(), max_size=3) as pool:

            async def worker(n: int) -> None:
                async with pool.connection() as conn:
                    await lookup(conn, table, n)

            cut = 0
            for n in range(60):
                try:
                    await asyncio.wait_for(worker(n), timeout=0.001)
                except asyncio.TimeoutError:
                    cut += 1
            assert cut > 0
            await asyncio.gather(*(worker(n) for n in range(100, 130)))
            await assert_fully_usable(pool, table)

    run(body())


def test_scenario_8_cancelled_during_a_long_statement(ifx_target: Any, table: str) -> None:
    """The cut lands while the server is still working: the connection is dropped (the
    server interrupts the statement of a client that went away) and its slot reused."""
    if not ifx_target.embedded:
        pytest.skip("needs the embedded server's IFX_SLEEP")

    async def body() -> None:
        async with await aio.create_pool(**ifx_target.connect_args(), max_size=2) as pool:

            async def slow() -> None:
                async with pool.connection() as conn:
                    await conn.execute("SELECT IFX_SLEEP(5) FROM systables WHERE tabid = 1")

            for _ in range(3):
                with pytest.raises(asyncio.TimeoutError):
                    await asyncio.wait_for(slow(), timeout=0.05)
            assert pool.get_stats()["returns_bad"] == 3
            await assert_fully_usable(pool, table)

    run(body())


def test_cancelled_waiters_do_not_leak_slots(ifx_target: Any, table: str) -> None:
    """Requests cancelled while queued (or just as a connection reached them) give
    everything back: the pool can still lend all of its connections."""

    async def body() -> None:
        async with await aio.create_pool(**ifx_target.connect_args(), max_size=2) as pool:
            held = [await pool.acquire(), await pool.acquire()]
            waiters = [asyncio.ensure_future(pool.acquire(timeout=10)) for _ in range(50)]
            await asyncio.sleep(0.01)
            await pool.release(held[0])  # hand-off to the first waiter, then cancel it all
            for w in waiters:
                w.cancel()
            results = await asyncio.gather(*waiters, return_exceptions=True)
            for r in results:
                if not isinstance(r, BaseException):
                    await pool.release(r)
            await pool.release(held[1])
            await assert_fully_usable(pool, table)

    run(body())
