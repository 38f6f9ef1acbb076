"""Driver figures against the embedded server (or IFX_* for a real one).

Prints: SELECT 1 latency, 100k-row fetch time, executemany 100k rows, and
round trips. Figures include the embedded server's own CPU time (same
machine, 2 cores): treat them as an upper bound for the driver.
"""

from __future__ import annotations

import statistics
import time

import informix_db
from ifxserver.testing import real_server_target


def connect_args() -> tuple[dict[str, object], object]:
    real = real_server_target()
    if real is not None:
        return real.connect_args(), None
    import ifxserver

    srv = ifxserver.start()
    with informix_db.connect(**srv.connect_args(), autocommit=True) as c:
        c.execute("CREATE DATABASE bench WITH LOG")
    return srv.connect_args("bench"), srv


def timed(fn, repeat: int = 5) -> float:  # type: ignore[no-untyped-def]
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def main() -> None:
    args, srv = connect_args()
    conn = informix_db.connect(**args, autocommit=True)
    cur = conn.cursor()
    n = 2000
    cur.execute("SELECT 1 FROM systables WHERE tabid = 1").fetchall()
    lat = timed(lambda: [cur.execute("SELECT 1 FROM systables WHERE tabid = 1").fetchall()
                         for _ in range(n)], 3) / n  # fmt: skip
    print(f"SELECT 1 (cached statement): {lat * 1e6:.0f} us per query")

    cur.execute("DROP TABLE IF EXISTS bench_rows")
    cur.execute("CREATE TABLE bench_rows (id INT, name VARCHAR(30), amount DECIMAL(10,2))")
    rows = [(i, f"name-{i}", i / 100) for i in range(100_000)]
    t0 = time.perf_counter()
    before = conn.round_trips
    cur.executemany("INSERT INTO bench_rows VALUES (?, ?, ?)", rows)
    took = time.perf_counter() - t0
    print(f"executemany 100k rows: {took:.2f} s ({conn.round_trips - before} round trips)")

    for size in (32 * 1024, 256 * 1024):
        big = conn.cursor(fetch_buffer=size)

        def fetch_all(c=big) -> None:  # type: ignore[no-untyped-def]
            c.execute("SELECT id, name, amount FROM bench_rows")
            assert len(c.fetchall()) == 100_000

        print(
            f"SELECT 100k rows, fetch buffer {size // 1024} KiB: {timed(fetch_all, 3) * 1e3:.0f} ms"
        )
    conn.close()
    if srv is not None:
        srv.stop()  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
