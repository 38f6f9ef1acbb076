"""IBM JDBC 4.50 (the independent witness) against the embedded server."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import Probe, by_step, describe_failures

pytestmark = pytest.mark.conformance

SCRIPTS = Path(__file__).parent / "scripts"


def test_connect_and_metadata(jdbc_probe: Probe, ifx_target) -> None:  # type: ignore[no-untyped-def]
    steps = jdbc_probe(ifx_target.jdbc_url("sysmaster"), "connect")
    assert all(s.get("ok") for s in steps), describe_failures(steps)
    meta = by_step(steps)["metadata"]
    assert meta["product_name"] == "IBM Informix Dynamic Server"
    assert meta["product_version"].startswith("14.10")
    assert meta["user"] == ifx_target.user


def test_skeleton_script(jdbc_probe: Probe, ifx_target) -> None:  # type: ignore[no-untyped-def]
    steps = jdbc_probe(ifx_target.jdbc_url(), "script", SCRIPTS / "skeleton.sql")
    s = {int(k.split()[-1]): v for k, v in by_step(steps).items() if k.startswith("line")}
    for line in (2, 3, 4, 5, 6, 7, 8, 9, 10, 13):
        assert s[line]["ok"], describe_failures(steps)
    assert s[4]["update_count"] == 1 and s[5]["update_count"] == 1

    select = s[6]
    cols = {c["name"]: c for c in select["columns"]}
    assert list(cols) == ["id", "name", "amount", "born", "flag", "big", "ratio", "code", "small"]
    assert cols["id"]["jdbc_type_name"] == "INTEGER" and cols["id"]["nullable"] == "no"
    assert cols["name"]["jdbc_type_name"] == "VARCHAR"
    assert cols["amount"]["jdbc_type_name"] == "DECIMAL"
    assert (cols["amount"]["precision"], cols["amount"]["scale"]) == (10, 2)
    assert cols["born"]["jdbc_type_name"] == "DATE"
    assert cols["flag"]["jdbc_type_name"] == "BOOLEAN"
    assert cols["big"]["jdbc_type_name"] == "BIGINT"
    assert cols["ratio"]["jdbc_type_name"] == "DOUBLE"
    assert cols["code"]["jdbc_type_name"] == "CHAR"
    assert cols["small"]["jdbc_type_name"] == "SMALLINT"
    assert select["rows"] == [
        [
            ["java.lang.Integer", 1],
            ["java.lang.String", "ann"],
            ["java.math.BigDecimal", "12.50"],
            ["java.sql.Date", "2026-08-31"],
            ["java.lang.Boolean", True],
            ["java.lang.Long", 9000000000],
            ["java.lang.Double", 1.5],
            ["java.lang.String", "ab  "],
            ["java.lang.Short", -7],
        ],
        [["java.lang.Integer", 2], ["java.lang.String", "bob"], None, None,
         ["java.lang.Boolean", False], None, None, None, None],
    ]  # fmt: skip
    assert s[7]["update_count"] == 1
    assert s[8]["rows"] == [[["java.math.BigDecimal", "2"]]]
    assert s[9]["update_count"] == 1
    assert s[10]["rows"] == [[["java.lang.Integer", 2], ["java.math.BigDecimal", "99.99"]]]

    missing = s[11]
    assert missing["ok"] is False
    assert missing["error"]["sqlcode"] == -206
    assert missing["error"]["sqlstate"] == "42000"
    assert "conf_no_such_table" in missing["error"]["message"]

    duplicate = s[12]
    assert duplicate["ok"] is False
    assert duplicate["error"]["sqlcode"] == -268
    assert duplicate["error"]["sqlstate"] == "23000"
