"""Streaming a large result keeps the client's memory flat.

Starts the embedded server in a separate process (so only the driver's memory is
measured), iterates N rows (default 1,000,000) of a cross join, and prints the
client's RSS growth and the row rate.

    python benchmarks/bench_stream_rss.py [ROWS]
"""

from __future__ import annotations

import subprocess
import sys
import time

import informix_db

QUERY = (
    "SELECT FIRST {n} a.tabid, b.tabid, c.tabid, d.tabname "
    "FROM systables a, systables b, systables c, systables d"
)


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def start_server() -> tuple[subprocess.Popen[str], int]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "ifxserver", "--port", "0"], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    return proc, int(line.rsplit(":", 1)[1])


def stop_server(proc: subprocess.Popen[str]) -> None:
    proc.terminate()
    proc.wait(10)
    if proc.stdout is not None:
        proc.stdout.close()


def stream(port: int, rows: int) -> tuple[float, float, int]:
    """(RSS growth in MB, seconds, rows seen)."""
    conn = informix_db.connect(
        "127.0.0.1", port, user="informix", password="in4mix", database="sysmaster"
    )
    cur = conn.cursor(fetch_buffer=64 * 1024)
    cur.execute(QUERY.format(n=1000)).fetchall()  # warm up code paths and caches
    before = rss_mb()
    t0 = time.perf_counter()
    seen = 0
    for _ in cur.execute(QUERY.format(n=rows)):
        seen += 1
    took = time.perf_counter() - t0
    growth = rss_mb() - before
    conn.close()
    return growth, took, seen


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    proc, port = start_server()
    try:
        growth, took, seen = stream(port, rows)
    finally:
        stop_server(proc)
    print(f"rows: {seen}  time: {took:.1f} s  ({seen / took:,.0f} rows/s incl. server)")
    print(f"client RSS growth while streaming: {growth:.1f} MB")


if __name__ == "__main__":
    main()
