"""Soak: mixed load through a fault proxy that keeps resetting connections.

    python benchmarks/soak.py [--seconds 60] [--threads 3] [--pool-threads 3]
                              [--tasks 3] [--kill-every 0.25] [--seed 1]

An embedded server sits behind tests/resilience/proxy.py's FaultProxy, which resets a
random live connection every `--kill-every` seconds on average. Three kinds of worker run
at once: threads with their own connection (reconnecting after a failure), threads on a
sync pool and asyncio tasks on an async pool. Each cycle is either a checked read (a
300-row result fetched in small batches must come back exactly) or a transfer between two
accounts that also logs (worker, seq) in the same transaction.

At the end it checks: no wrong result was ever returned; the account total is intact; every
acknowledged commit is in the log and nothing else is, except commits whose outcome was
lost with the connection; no server session, proxied connection, lock or thread is left;
both pools served a query before closing. It prints its figures and exits 1 on a failure.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ifxserver
import informix_db
import informix_db.aio

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "resilience"))
from proxy import FaultProxy  # type: ignore[import-not-found]

DATABASE = "soak"
REF_ROWS = [(i, f"reference row {i:04d}") for i in range(1, 301)]
ACCOUNTS, BALANCE = 20, 1000
WIRE = (informix_db.OperationalError, informix_db.InterfaceError)
SETTLE = 10.0  # seconds the server gets to notice every dead session
SETTLE_RESETS = 0.3  # after the last kill, before the pools must be healthy
OPTIONS = {"connect_timeout": 5, "read_timeout": 5, "lock_wait": 5}


@dataclass
class Ledger:
    """What one worker saw; merged into the report at the end."""

    name: str
    counts: Counter[str] = field(default_factory=Counter)
    acked: set[int] = field(default_factory=set)  # seqs whose commit returned
    unknown: set[int] = field(default_factory=set)  # seqs whose commit failed on the wire
    wrong: list[str] = field(default_factory=list)
    seq: int = 0


# -- what every worker does -------------------------------------------------------------


def check_read(rows: list[Any], ledger: Ledger) -> None:
    if [tuple(r) for r in rows] != REF_ROWS:
        ledger.wrong.append(f"read returned {len(rows)} rows that differ from the truth")
    ledger.counts["reads ok"] += 1


def transfer_sql(rng: random.Random, ledger: Ledger) -> list[tuple[str, tuple[Any, ...]]]:
    a, b = rng.sample(range(1, ACCOUNTS + 1), 2)
    amount = rng.randrange(1, 50)
    ledger.seq += 1
    return [
        ("UPDATE soak_acct SET bal = bal - ? WHERE id = ?", (amount, a)),
        ("UPDATE soak_acct SET bal = bal + ? WHERE id = ?", (amount, b)),
        ("INSERT INTO soak_log VALUES (?, ?)", (ledger.name, ledger.seq)),
    ]


def sync_cycle(conn: Any, rng: random.Random, ledger: Ledger) -> None:
    if rng.random() < 0.5:
        cur = conn.cursor(fetch_buffer=1024)
        check_read(cur.execute("SELECT id, val FROM soak_ref ORDER BY id").fetchall(), ledger)
        conn.rollback()
        return
    for sql, params in transfer_sql(rng, ledger):
        conn.cursor().execute(sql, params)
    commit_sync(conn, ledger)


def commit_sync(conn: Any, ledger: Ledger) -> None:
    try:
        conn.commit()
    except WIRE:
        ledger.unknown.add(ledger.seq)
        raise
    ledger.acked.add(ledger.seq)
    ledger.counts["transfers ok"] += 1


def record_failure(error: BaseException, ledger: Ledger) -> None:
    if isinstance(error, WIRE):
        ledger.counts["wire errors"] += 1
    elif isinstance(error, informix_db.DatabaseError):
        ledger.counts["server errors"] += 1  # lock waits and the like: retried
    else:
        ledger.wrong.append(f"unexpected {error!r}")


# -- the three kinds of worker ------------------------------------------------------------


def connection_worker(args: dict[str, Any], stop: float, ledger: Ledger, seed: int) -> None:
    rng, conn = random.Random(seed), None
    while time.monotonic() < stop:
        try:
            if conn is None or conn.closed:
                conn = informix_db.connect(**args)
                ledger.counts["connects"] += 1
            sync_cycle(conn, rng, ledger)
        except Exception as error:
            record_failure(error, ledger)
            if conn is not None and conn.broken:
                conn.close()
    if conn is not None:
        conn.close()


def pool_worker(pool: Any, stop: float, ledger: Ledger, seed: int) -> None:
    rng = random.Random(seed)
    while time.monotonic() < stop:
        try:
            with pool.connection() as conn:
                sync_cycle(conn, rng, ledger)
        except Exception as error:
            record_failure(error, ledger)


async def async_cycle(conn: Any, rng: random.Random, ledger: Ledger) -> None:
    if rng.random() < 0.5:
        cur = conn.cursor(fetch_buffer=1024)
        await cur.execute("SELECT id, val FROM soak_ref ORDER BY id")
        check_read(await cur.fetchall(), ledger)
        await conn.rollback()
        return
    for sql, params in transfer_sql(rng, ledger):
        await conn.cursor().execute(sql, params)
    try:
        await conn.commit()
    except WIRE:
        ledger.unknown.add(ledger.seq)
        raise
    ledger.acked.add(ledger.seq)
    ledger.counts["transfers ok"] += 1


async def async_worker(pool: Any, stop: float, ledger: Ledger, seed: int) -> None:
    rng = random.Random(seed)
    while time.monotonic() < stop:
        try:
            async with pool.connection() as conn:
                await async_cycle(conn, rng, ledger)
        except Exception as error:
            record_failure(error, ledger)


async def async_load(args: dict[str, Any], tasks: int, killer: Killer, ledgers: list[Ledger],
                     report: dict[str, Any]) -> None:  # fmt: skip
    pool = await informix_db.aio.create_pool(**args, min_size=1, max_size=tasks)
    try:
        workers = (async_worker(pool, killer.stop, lg, 300 + i) for i, lg in enumerate(ledgers))
        await asyncio.gather(*workers)
        while not killer.quiet.is_set():
            await asyncio.sleep(0.05)
        async with pool.connection() as conn:  # healthy at once when the storm is over
            cur = await conn.execute("SELECT COUNT(*) FROM soak_ref")
            report["async pool healthy"] = (await cur.fetchone()) == (len(REF_ROWS),)
        report["async pool stats"] = pool.get_stats()
    finally:
        await pool.close()
    report["async pool size after close"] = pool.size


# -- the killer and the run ------------------------------------------------------------------


@dataclass
class Killer:
    proxy: FaultProxy
    stop: float
    every: float
    rng: random.Random
    kills: int = 0
    quiet: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        while time.monotonic() < self.stop:
            time.sleep(self.rng.uniform(0, 2 * self.every))
            live = self.proxy.live
            if live and self.proxy.kill(self.rng.choice(live)):
                self.kills += 1
        time.sleep(SETTLE_RESETS)  # resets reach their sockets asynchronously
        self.quiet.set()


def prepare(server: ifxserver.Server) -> dict[str, Any]:
    with informix_db.connect(**server.connect_args(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {DATABASE} WITH LOG")
    args = server.connect_args(DATABASE, **OPTIONS)
    with informix_db.connect(**args, autocommit=True) as conn:
        conn.execute("CREATE TABLE soak_ref (id INT NOT NULL, val VARCHAR(40))")
        conn.cursor().executemany("INSERT INTO soak_ref VALUES (?, ?)", REF_ROWS)
        conn.execute("CREATE TABLE soak_acct (id INT NOT NULL, bal INT NOT NULL)")
        accounts = [(i, BALANCE) for i in range(1, ACCOUNTS + 1)]
        conn.cursor().executemany("INSERT INTO soak_acct VALUES (?, ?)", accounts)
        conn.execute("CREATE TABLE soak_log (worker VARCHAR(20), seq INT)")
    return args


def start_threads(
    targets: list[tuple[Callable[..., None], tuple[Any, ...]]],
) -> list[threading.Thread]:
    threads = [threading.Thread(target=t, args=a, daemon=True) for t, a in targets]
    for thread in threads:
        thread.start()
    return threads


def run(seconds: float, threads: int, pool_threads: int, tasks: int, kill_every: float,
        seed: int) -> dict[str, Any]:  # fmt: skip
    """The whole soak; returns the report (see `failures()` for what must hold)."""
    baseline_threads = threading.active_count()
    rng = random.Random(seed)
    report: dict[str, Any] = {"seconds": seconds}
    with ifxserver.start() as server:
        direct = prepare(server)
        with FaultProxy(server.host, server.port) as proxy:
            via = {**direct, "port": proxy.port}
            ledgers = load(via, threads, pool_threads, tasks, seconds, kill_every, rng, proxy,
                           report)  # fmt: skip
            report["proxy live after clients closed"] = settle(lambda: len(proxy.live))
        report["server sessions left"] = settle(lambda: server.session_count)
        audit(direct, ledgers, report)
    report["threads left"] = threading.active_count() - baseline_threads
    report["max RSS MB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    return report


def load(via: dict[str, Any], threads: int, pool_threads: int, tasks: int, seconds: float,
         kill_every: float, rng: random.Random, proxy: FaultProxy,
         report: dict[str, Any]) -> list[Ledger]:  # fmt: skip
    start = time.monotonic()
    stop = start + seconds
    conn_ledgers = [Ledger(f"conn{i}") for i in range(threads)]
    pool_ledgers = [Ledger(f"pool{i}") for i in range(pool_threads)]
    aio_ledgers = [Ledger(f"aio{i}") for i in range(tasks)]
    killer = Killer(proxy, stop, kill_every, random.Random(rng.random()))
    pool = informix_db.create_pool(**via, min_size=1, max_size=max(pool_threads - 1, 1))
    workers = start_threads(
        [(connection_worker, (via, stop, lg, 100 + i)) for i, lg in enumerate(conn_ledgers)]
        + [(pool_worker, (pool, stop, lg, 200 + i)) for i, lg in enumerate(pool_ledgers)]
        + [(asyncio.run, (async_load(via, tasks, killer, aio_ledgers, report),))]
        + [(killer.run, ())]
    )  # fmt: skip
    for worker in workers:
        worker.join(max(stop - time.monotonic(), 0) + 60)
    report["hung workers"] = sum(w.is_alive() for w in workers)
    report["elapsed s"] = round(time.monotonic() - start, 1)
    report["kills"] = killer.kills
    finish_pool(pool, report)  # the killer is quiet: joined above
    return conn_ledgers + pool_ledgers + aio_ledgers


def finish_pool(pool: Any, report: dict[str, Any]) -> None:
    try:
        with pool.connection() as conn:
            count = conn.execute("SELECT COUNT(*) FROM soak_ref").fetchone()
        report["sync pool healthy"] = count == (len(REF_ROWS),)
    except informix_db.Error as error:
        report["sync pool healthy"] = f"no: {error}"
    report["sync pool stats"] = pool.get_stats()
    pool.close()
    report["sync pool size after close"] = pool.size


def settle(count: Callable[[], int]) -> int:
    deadline = time.monotonic() + SETTLE
    while count() and time.monotonic() < deadline:
        time.sleep(0.05)
    return count()


def audit(direct: dict[str, Any], ledgers: list[Ledger], report: dict[str, Any]) -> None:
    """The books, read straight from the server (no proxy)."""
    totals: Counter[str] = Counter()
    wrong = [w for lg in ledgers for w in lg.wrong]
    for lg in ledgers:
        totals.update(lg.counts)
        totals["commits with unknown outcome"] += len(lg.unknown)
    with informix_db.connect(**direct) as conn:
        conn.execute("UPDATE soak_acct SET bal = bal")  # waits for any lock a dead session kept
        total = conn.execute("SELECT SUM(bal) FROM soak_acct").fetchone()[0]
        logged = conn.execute("SELECT worker, seq FROM soak_log").fetchall()
        conn.commit()
    if total != ACCOUNTS * BALANCE:
        wrong.append(f"account total {total}, not {ACCOUNTS * BALANCE}")
    wrong += ledger_mismatches(ledgers, logged)
    report.update(totals)
    report["wrong results"] = wrong


def ledger_mismatches(ledgers: list[Ledger], logged: list[Any]) -> list[str]:
    """Acknowledged commits are all there; nothing else is, except unknown outcomes."""
    out = []
    by_worker: dict[str, list[int]] = {}
    for worker, seq in logged:
        by_worker.setdefault(str(worker).strip(), []).append(int(seq))
    for lg in ledgers:
        seqs = by_worker.get(lg.name, [])
        if len(seqs) != len(set(seqs)):
            out.append(f"{lg.name}: a transaction was logged twice")
        if missing := lg.acked - set(seqs):
            out.append(f"{lg.name}: {len(missing)} acknowledged commits are missing")
        if extra := set(seqs) - lg.acked - lg.unknown:
            out.append(f"{lg.name}: {len(extra)} commits that were never acknowledged")
    return out


def failures(report: dict[str, Any]) -> list[str]:
    """What a clean soak must show."""
    checks = {
        "wrong results": report["wrong results"] == [],
        "hung workers": report["hung workers"] == 0,
        "server sessions left": report["server sessions left"] == 0,
        "proxy live after clients closed": report["proxy live after clients closed"] == 0,
        "threads left": report["threads left"] <= 0,
        "sync pool healthy": report.get("sync pool healthy") is True,
        "async pool healthy": report.get("async pool healthy") is True,
        "sync pool size after close": report["sync pool size after close"] == 0,
        "async pool size after close": report.get("async pool size after close") == 0,
        "kills": report["kills"] > 0,
    }
    return [name for name, ok in checks.items() if not ok]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--threads", type=int, default=3, help="threads with own connections")
    parser.add_argument("--pool-threads", type=int, default=3, help="threads on the sync pool")
    parser.add_argument("--tasks", type=int, default=3, help="asyncio tasks on the async pool")
    parser.add_argument("--kill-every", type=float, default=0.25, help="mean seconds between kills")
    parser.add_argument("--seed", type=int, default=1)
    a = parser.parse_args(argv)
    report = run(a.seconds, a.threads, a.pool_threads, a.tasks, a.kill_every, a.seed)
    for key, value in report.items():
        print(f"{key:>34}: {value}")
    bad = failures(report)
    print("soak:", "FAILED " + ", ".join(bad) if bad else "clean")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
