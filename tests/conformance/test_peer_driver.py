"""A second, independent client: the PyPI driver `informix-driver==2026.9.3`.

It is installed once into its own venv outside the repository (default
~/.cache/informix-wire/peer-venv, or $PEER_VENV) and run there as a
subprocess (peer_client.py) - never imported here. Per its audit it sends
SQ_BEGIN before statements (autocommit off) and always addresses statement 0.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.conformance

PEER = "informix-driver==2026.9.3"
PEER_VERSION = "2026.9.3"
VENV = Path(os.environ.get("PEER_VENV", Path.home() / ".cache" / "informix-wire" / "peer-venv"))
CLIENT = Path(__file__).with_name("peer_client.py")
OFFLINE = re.compile(
    r"(Max retries|Temporary failure in name resolution|Network is unreachable|"
    r"Connection (refused|reset|aborted)|timed out|NewConnectionError|Could not fetch URL)",
    re.IGNORECASE,
)


def _clean_env() -> dict[str, str]:
    """The peer must not see our sources: no PYTHONPATH, no venv of ours."""
    keep = (
        "PATH",
        "HOME",
        "LANG",
        "TMPDIR",
        "PIP_INDEX_URL",
        "PIP_EXTRA_INDEX_URL",
        "PIP_CONFIG_FILE",
    )
    return {k: v for k, v in os.environ.items() if k in keep}


def _installed(python: Path) -> bool:
    if not python.exists():
        return False
    probe = subprocess.run(
        [str(python), "-c", "import informix_db; print(informix_db.__version__)"],
        capture_output=True, text=True, timeout=60, env=_clean_env(), cwd="/", check=False,
    )  # fmt: skip
    return probe.returncode == 0 and probe.stdout.strip() == PEER_VERSION


@contextlib.contextmanager
def _install_lock() -> Iterator[None]:
    VENV.parent.mkdir(parents=True, exist_ok=True)
    with open(VENV.parent / ".peer-venv.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def peer_python() -> Path:
    python = VENV / "bin" / "python"
    with _install_lock():
        if _installed(python):
            return python
        subprocess.run(
            [sys.executable, "-m", "venv", "--clear", str(VENV)], check=True, timeout=120
        )
        pip = subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", PEER],
            capture_output=True, text=True, timeout=300, env=_clean_env(), check=False,
        )  # fmt: skip
        output = pip.stdout + pip.stderr
        if pip.returncode != 0 and OFFLINE.search(output):
            pytest.skip(f"PyPI is unreachable, cannot install {PEER}: {output.strip()[-300:]}")
        assert pip.returncode == 0, output
        assert _installed(python), f"{PEER} installed but not importable"
        return python


def run_peer(python: Path, target: Any, steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    args = [target.host, str(target.port), target.user, target.password, target.server,
            target.database, json.dumps(steps)]  # fmt: skip
    proc = subprocess.run(
        [str(python), str(CLIENT), *args],
        capture_output=True, text=True, timeout=120, env=_clean_env(), cwd="/", check=False,
    )  # fmt: skip
    lines = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    assert lines and lines[0]["step"] == "connect", proc.stderr[-3000:]
    assert len(lines) == len(steps) + 1, (lines, proc.stderr[-3000:])
    return lines[1:]


def error(result: dict[str, Any]) -> tuple[str, int, int]:
    assert result["ok"] is False, result
    e = result["error"]
    return e["class"], e["sqlcode"], e["isamcode"]


STEPS: list[dict[str, Any]] = [
    {"sql": "DROP TABLE IF EXISTS peer_t"},
    {"sql": "SELECT FIRST 3 tabid, tabname FROM systables ORDER BY tabid"},
    {
        "sql": "CREATE TABLE peer_t (id SERIAL PRIMARY KEY, name VARCHAR(20), amount DECIMAL(8,2),"
        " born DATE)"
    },
    {"action": "commit"},
    {
        "sql": "INSERT INTO peer_t (name, amount, born) VALUES (?, ?, ?)",
        "params": ["ann", "12.50", "2024-02-29"],
    },
    {
        "sql": "INSERT INTO peer_t (name, amount) VALUES (?, ?)",
        "many": [["bob", "1.25"], ["cy", None], ["dee", "7"]],
    },
    {"action": "commit"},
    {"sql": "SELECT id, name, amount, born FROM peer_t ORDER BY id"},
    {"sql": "UPDATE peer_t SET amount = amount * 2 WHERE amount IS NOT NULL"},
    {"action": "rollback"},
    {"sql": "SELECT SUM(amount), COUNT(*) FROM peer_t"},
    {"sql": "DELETE FROM peer_t WHERE name = 'dee'"},
    {"action": "commit"},
    {"sql": "SELEC 1 FROM systables"},
    {"sql": "SELECT * FROM peer_nosuch"},
    {"sql": "INSERT INTO peer_t (id, name) VALUES (1, 'dup')"},
    {"sql": "SELECT 1/0 FROM systables WHERE tabid = 1"},
    {"sql": "SELECT COUNT(*) FROM peer_t"},
    {"sql": "EXECUTE FUNCTION DBINFO('dbname')"},
    {"action": "rollback"},
    {"action": "reconnect"},
    {"sql": "SELECT name FROM peer_t WHERE id > ? ORDER BY id", "params": [1]},
    {"sql": "DROP TABLE peer_t"},
    {"action": "commit"},
]


def test_peer_driver_queries_dml_transactions_and_errors(
    peer_python: Path, ifx_target: Any
) -> None:
    r = run_peer(peer_python, ifx_target, STEPS)
    assert r[1]["rows"] == [[1, "systables"], [2, "syscolumns"], [3, "sysindices"]]
    assert r[1]["columns"] == ["tabid", "tabname"]
    assert r[2]["ok"] and r[3]["ok"]
    assert r[4]["rowcount"] == 1 and r[5]["rowcount"] == 3
    rows = [[i, n, None if a is None else Decimal(a), b] for i, n, a, b in r[7]["rows"]]
    assert rows == [
        [1, "ann", Decimal("12.50"), "2024-02-29"],
        [2, "bob", Decimal("1.25"), None],
        [3, "cy", None, None],
        [4, "dee", Decimal("7.00"), None],
    ]
    assert r[8]["rowcount"] == 3
    assert [Decimal(v) for v in r[10]["rows"][0]] == [Decimal("20.75"), 4]  # UPDATE rolled back
    assert r[10]["columns"] == ["(sum)", "(count(*))"]
    assert r[11]["rowcount"] == 1
    assert error(r[13]) == ("ProgrammingError", -201, 0)
    assert error(r[14]) == ("ProgrammingError", -206, -111)
    assert error(r[15]) == ("IntegrityError", -268, -100)
    assert error(r[16])[1] == -1202  # division by zero
    assert [Decimal(v) for v in r[17]["rows"][0]] == [3]  # the failed statements changed nothing
    assert r[18]["rows"] == [[ifx_target.database]]
    assert r[21]["rows"] == [["bob"], ["cy"]]  # committed, seen from a new connection
    assert r[22]["ok"] and r[23]["ok"]
