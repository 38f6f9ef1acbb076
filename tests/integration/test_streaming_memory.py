"""A million-row result streams in bounded memory (issue 5). The server runs in its own
process so that only the driver's memory is measured."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

pytestmark = [pytest.mark.integration, pytest.mark.slow]

BENCH = Path(__file__).parents[2] / "benchmarks" / "bench_stream_rss.py"


def test_million_rows_keep_rss_flat() -> None:
    spec = importlib.util.spec_from_file_location("bench_stream_rss", BENCH)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    proc, port = bench.start_server()
    try:
        growth, _, seen = bench.stream(port, 1_000_000)
    finally:
        bench.stop_server(proc)
    assert seen == 1_000_000
    assert growth < 30, f"RSS grew {growth:.1f} MB while streaming"
