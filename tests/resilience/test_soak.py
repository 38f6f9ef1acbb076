"""A short run of benchmarks/soak.py (the long one is run by hand, see docs/reliability.md)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

pytestmark = pytest.mark.resilience

SOAK = Path(__file__).parents[2] / "benchmarks" / "soak.py"


def load_soak() -> ModuleType:
    spec = importlib.util.spec_from_file_location("soak", SOAK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["soak"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_short_soak_is_clean() -> None:
    soak = load_soak()
    report = soak.run(seconds=8, threads=2, pool_threads=2, tasks=2, kill_every=0.2, seed=3)
    assert soak.failures(report) == [], report
    assert report["reads ok"] > 50 and report["transfers ok"] > 50, report
    assert report["wire errors"] > 0, "the proxy should have broken some work"


def test_the_audit_catches_a_lost_or_invented_commit() -> None:
    """The soak's own check can fail: an acknowledged commit missing, an unacknowledged one
    present, a duplicate."""
    soak = load_soak()
    ledger = soak.Ledger("w", acked={1, 2}, unknown={3})
    assert soak.ledger_mismatches([ledger], [("w", 1), ("w", 2), ("w", 3)]) == []
    assert soak.ledger_mismatches([ledger], [("w", 1)]) != []
    assert soak.ledger_mismatches([ledger], [("w", 1), ("w", 2), ("w", 4)]) != []
    assert soak.ledger_mismatches([ledger], [("w", 1), ("w", 2), ("w", 2)]) != []
