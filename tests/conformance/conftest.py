"""IBM's JDBC driver as an outside witness: run jdbc-probe scenarios, parse their JSON."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
CANDIDATES = [
    os.environ.get("JDBC_PROBE_DIR", ""),
    str(REPO.parent / "shared" / "tools" / "jdbc-probe"),
    "/work/shared/tools/jdbc-probe",
]
PROBE_TIMEOUT = 240


def probe_dir() -> Path:
    for candidate in CANDIDATES:
        if candidate and (Path(candidate) / "probe").is_file():
            return Path(candidate)
    raise RuntimeError(
        "cannot find the jdbc-probe tool; set JDBC_PROBE_DIR to ../shared/tools/jdbc-probe"
    )


Probe = Callable[..., list[dict[str, Any]]]


@pytest.fixture(scope="session")
def jdbc_probe() -> Probe:
    """`jdbc_probe(url, scenario, file=None, *props)` -> the probe's JSON steps."""
    if shutil.which("java") is None or shutil.which("javac") is None:
        raise RuntimeError("the conformance tests need java and javac (JDK 11+) on PATH")
    tool = probe_dir() / "probe"

    def run(url: str, scenario: str, file: Path | None = None, *props: str) -> list[dict[str, Any]]:
        cmd = [str(tool), url, scenario]
        if file is not None:
            cmd.append(str(file))
        for prop in props:
            cmd += ["--prop", prop]
        env = dict(os.environ, PROBE_TIMEOUT=str(PROBE_TIMEOUT))
        proc = subprocess.run(
            cmd, capture_output=True, text=True, timeout=PROBE_TIMEOUT + 30, env=env, check=False
        )
        steps = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
        if not steps:
            raise AssertionError(f"probe printed no steps; stderr:\n{proc.stderr[-3000:]}")
        return steps

    return run


def by_step(steps: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {s["step"]: s for s in steps}


def describe_failures(steps: list[dict[str, Any]]) -> str:
    bad = [s for s in steps if s.get("unexpected") or s.get("ok") is False]
    return "\n".join(json.dumps(s) for s in bad)


@pytest.fixture(scope="module")
def server() -> Iterator[Any]:
    """A private embedded server for tests that look at server-side state."""
    import ifxserver

    srv = ifxserver.Server()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture
def wire(server: Any) -> Iterator[Callable[..., Any]]:
    """`wire(database=None)` -> a logged-in bare SQLI client (closed afterwards)."""
    from .wire import connected

    clients: list[Any] = []

    def make(database: str | None = None) -> Any:
        user, password = server.login
        client = connected(server.host, server.port, user, password, server.server_name, database)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()
