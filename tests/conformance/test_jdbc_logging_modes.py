"""IBM JDBC on an ANSI database and on an unlogged one (the DBOPEN flags drive JDBC)."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import Probe, by_step, describe_failures
from .wire import connected, error_of

pytestmark = pytest.mark.conformance


@pytest.fixture(scope="module")
def databases(ifx_target: Any) -> dict[str, str]:
    t = ifx_target
    client = connected(t.host, t.port, t.user, t.password, t.server)
    try:
        for sql in (
            "CREATE DATABASE IF NOT EXISTS conf_ansi WITH LOG MODE ANSI",
            "CREATE DATABASE IF NOT EXISTS conf_nolog",
        ):
            assert error_of(client.command(sql)) is None
    finally:
        client.close()
    return {"ansi": t.jdbc_url("conf_ansi"), "nolog": t.jdbc_url("conf_nolog")}


def run(probe: Probe, url: str, scenario: str) -> dict[str, dict[str, Any]]:
    steps = probe(url, scenario)
    return by_step(steps)


def test_ansi_database(jdbc_probe: Probe, databases: dict[str, str]) -> None:
    url = databases["ansi"]
    connect = run(jdbc_probe, url, "connect")
    assert connect["metadata"]["isolation"] == 8  # SERIALIZABLE: JDBC saw the ANSI flag
    for scenario in ("basic", "tx", "batch"):
        steps = jdbc_probe(url, scenario)
        assert not [s for s in steps if s.get("unexpected")], describe_failures(steps)
    errors = run(jdbc_probe, url, "errors")
    assert errors["unique-violation"]["error"]["sqlcode"] == -268


def test_unlogged_database(jdbc_probe: Probe, databases: dict[str, str]) -> None:
    url = databases["nolog"]
    assert run(jdbc_probe, url, "connect")["metadata"]["isolation"] == 0  # TRANSACTION_NONE
    tx = run(jdbc_probe, url, "tx")
    # JDBC itself refuses transactions once DBOPEN said "not logged".
    assert tx["autocommit-off"]["error"]["sqlcode"] == -79744
    assert tx["verify-rolled-back"]["check"]["got"] == 1  # every statement was final
    unique = run(jdbc_probe, url, "errors")["unique-violation"]["error"]
    assert (unique["sqlcode"], unique["sqlstate"]) == (-239, "23000")  # -239, not -268
    assert "duplicate value for a record with unique key" in unique["causes"][0]
