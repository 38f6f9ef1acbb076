"""Pool throughput: 10,000 small queries over a pool of 10, asyncio vs threads.

    python benchmarks/bench_pool.py [--queries 10000] [--size 10] [--rounds 5]

Each query is a full pool cycle: acquire, a one-row SELECT with a parameter,
fetch, release. Measured three ways, each round after a warm-up:

- async tasks:   one asyncio task per query, all started at once (most wait in the pool queue)
- async workers: `size` tasks, each looping over its share of the queries
- sync threads:  `size` threads on the blocking pool, each looping over its share

The embedded server runs in a separate process (so it does not share our GIL)
unless IFX_HOST points at a real Informix. The server's own CPU time is part of
every throughput figure: on a small machine it is usually the bottleneck, so
compare the rows with each other rather than with other drivers. "client CPU"
is this process's CPU time per query (all threads), which other load on the
machine disturbs far less than throughput: a single-threaded event loop gets
less of a busy machine than ten threads do.
"""

from __future__ import annotations

import argparse
import asyncio
import select
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import informix_db
from ifxserver.testing import real_server_target
from informix_db import aio

SQL = "SELECT tabid FROM systables WHERE tabid = ?"


@contextmanager
def server() -> Iterator[dict[str, Any]]:
    """Connect arguments: a real Informix (IFX_*) or an embedded server subprocess."""
    real = real_server_target()
    if real is not None:
        yield real.connect_args()
        return
    proc = subprocess.Popen(
        [sys.executable, "-m", "ifxserver", "--port", "0"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None
        if not select.select([proc.stdout], [], [], 60)[0]:
            raise SystemExit("the embedded server did not start")
        host, port = proc.stdout.readline().split()[-1].rsplit(":", 1)
        args: dict[str, Any] = {"host": host, "port": int(port), "user": "informix",
                                "password": "in4mix"}  # fmt: skip
        with informix_db.connect(**args, autocommit=True) as conn:
            conn.execute("CREATE DATABASE bench_pool WITH LOG")
        yield {**args, "database": "bench_pool"}
    finally:
        proc.terminate()
        proc.wait(10)


def check(rows: list[Any], n: int) -> None:
    if rows != [(n,)]:
        raise AssertionError(f"wrong answer {rows!r} for {n}")


# -- the three ways --------------------------------------------------------------------
async def async_tasks(pool: aio.AsyncConnectionPool, queries: int) -> None:
    async def one(n: int) -> None:
        async with pool.connection() as conn:
            cur = await conn.execute(SQL, (n,))
            check(await cur.fetchall(), n)

    await asyncio.gather(*(one(1 + i % 20) for i in range(queries)))


async def async_workers(pool: aio.AsyncConnectionPool, queries: int) -> None:
    async def worker(share: range) -> None:
        for i in share:
            async with pool.connection() as conn:
                cur = await conn.execute(SQL, (1 + i % 20,))
                check(await cur.fetchall(), 1 + i % 20)

    size = pool.max_size
    await asyncio.gather(*(worker(range(w, queries, size)) for w in range(size)))


def sync_threads(pool: informix_db.ConnectionPool, queries: int) -> None:
    def worker(share: range) -> None:
        for i in share:
            with pool.connection() as conn:
                check(conn.execute(SQL, (1 + i % 20,)).fetchall(), 1 + i % 20)

    size = pool.max_size
    threads = [threading.Thread(target=worker, args=(range(w, queries, size),))
               for w in range(size)]  # fmt: skip
    for t in threads:
        t.start()
    for t in threads:
        t.join()


# -- measuring ----------------------------------------------------------------------------
Sample = tuple[float, float]  # wall seconds, CPU seconds of this process (all threads)


def report(name: str, samples: list[Sample], queries: int) -> float:
    rates = sorted(queries / wall for wall, _ in samples)
    cpu = statistics.median(cpu for _, cpu in samples) / queries * 1e6
    median = statistics.median(rates)
    print(f"{name:<14} {median:9,.0f} queries/s  (min {rates[0]:,.0f}, max {rates[-1]:,.0f})"
          f"   client CPU {cpu:5.0f} us/query")  # fmt: skip
    return median


async def sample_async(way: Callable[..., Any], pool: Any, queries: int) -> Sample:
    wall, cpu = time.perf_counter(), time.process_time()
    await way(pool, queries)
    return time.perf_counter() - wall, time.process_time() - cpu


def sample_sync(pool: informix_db.ConnectionPool, queries: int) -> Sample:
    wall, cpu = time.perf_counter(), time.process_time()
    sync_threads(pool, queries)
    return time.perf_counter() - wall, time.process_time() - cpu


def measure_async(args: dict[str, Any], opts: argparse.Namespace) -> tuple[float, float]:
    async def body() -> list[list[Sample]]:
        pool = await aio.create_pool(**args, min_size=opts.size, max_size=opts.size)
        try:
            out = []
            for way in (async_tasks, async_workers):
                await way(pool, opts.queries)  # warm-up
                out.append(
                    [await sample_async(way, pool, opts.queries) for _ in range(opts.rounds)]
                )
            return out
        finally:
            await pool.close()

    tasks, workers = asyncio.run(body())
    return report("async tasks", tasks, opts.queries), report(
        "async workers", workers, opts.queries
    )


def measure_sync(args: dict[str, Any], opts: argparse.Namespace) -> float:
    with informix_db.create_pool(**args, min_size=opts.size, max_size=opts.size) as pool:
        sync_threads(pool, opts.queries)  # warm-up
        samples = [sample_sync(pool, opts.queries) for _ in range(opts.rounds)]
    return report("sync threads", samples, opts.queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=10_000)
    parser.add_argument("--size", type=int, default=10, help="pool size (and thread count)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--no-autocommit",
        action="store_true",
        help="every SELECT opens a transaction that the pool rolls back on return",
    )
    opts = parser.parse_args()
    with server() as args:
        args["autocommit"] = not opts.no_autocommit
        print(f"{opts.queries:,} queries over a pool of {opts.size}, median of {opts.rounds} "
              f"rounds, autocommit={args['autocommit']}")  # fmt: skip
        tasks, workers = measure_async(args, opts)
        threads = measure_sync(args, opts)
    best = max(tasks, workers)
    print(f"async / sync: {best / threads:.2f} (target: at least 0.80)")


if __name__ == "__main__":
    main()
