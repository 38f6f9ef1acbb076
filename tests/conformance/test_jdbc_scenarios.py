"""IBM JDBC 4.50's own scenarios (connect/basic/tx/errors/batch/meta) against the server.

Every value asserted here is what a real Informix 14.10 reports through the
same driver: types and precisions come from the driver's ResultSetMetaData
mapping of the described columns, update counts from SQ_DONE, error codes
and SQLSTATEs from the driver's own sqlcode table.
"""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import Probe, by_step, describe_failures

pytestmark = pytest.mark.conformance


def run_ok(jdbc_probe: Probe, url: str, scenario: str, *props: str) -> dict[str, dict[str, Any]]:
    steps = jdbc_probe(url, scenario, None, *props)
    assert not [s for s in steps if s.get("unexpected")], describe_failures(steps)
    return by_step(steps)


def column(step: dict[str, Any], name: str) -> dict[str, Any]:
    return next(c for c in step["columns"] if c["name"] == name)


def test_connect(jdbc_probe: Probe, ifx_target) -> None:  # type: ignore[no-untyped-def]
    s = run_ok(jdbc_probe, ifx_target.jdbc_url(), "connect")
    assert s["connect"]["autocommit"] is True
    meta = s["metadata"]
    assert meta["product_name"] == "IBM Informix Dynamic Server"
    assert meta["product_version"] == "14.10.FC7W1DE"
    assert (meta["db_major"], meta["db_minor"]) == (14, 10)
    assert meta["catalog"] == ifx_target.database
    assert meta["isolation"] == 2  # TRANSACTION_READ_COMMITTED: logged, non-ANSI database
    assert meta["read_only"] is False


# (name, JDBC type name, Informix type name, precision, scale, nullable)
BASIC_COLUMNS = [
    ("id", "INTEGER", "int", 10, 0, "no"),
    ("c_int", "INTEGER", "int", 10, 0, "yes"),
    ("c_varchar", "VARCHAR", "varchar", 40, 0, "yes"),
    ("c_decimal", "DECIMAL", "decimal", 10, 2, "yes"),
    ("c_date", "DATE", "date", 10, 0, "yes"),
    ("c_datetime", "TIMESTAMP", "datetime year to second", 19, 0, "yes"),
    ("c_boolean", "BOOLEAN", "boolean", 0, 0, "yes"),
    ("c_int8", "BIGINT", "int8", 19, 0, "yes"),
    ("c_bigint", "BIGINT", "bigint", 19, 0, "yes"),
    ("c_float", "DOUBLE", "float", 15, 0, "yes"),
    ("c_smallint", "SMALLINT", "smallint", 5, 0, "yes"),
    ("c_char", "CHAR", "char", 10, 0, "yes"),
    ("c_lvarchar", "LONGVARCHAR", "lvarchar", 2000, 0, "yes"),
    ("c_interval", "CHAR", "interval day(3) to second", 12, 0, "yes"),
    ("c_money", "DECIMAL", "money", 12, 2, "yes"),
]


def test_basic(jdbc_probe: Probe, ifx_target) -> None:  # type: ignore[no-untyped-def]
    s = run_ok(jdbc_probe, ifx_target.jdbc_url(), "basic")
    for step in ("insert-values", "insert-nulls", "insert-edges", "update"):
        assert s[step]["update_count"] == 1, step
    assert s["update-none"]["update_count"] == 0
    assert s["delete"]["update_count"] == 2
    assert s["create"]["update_count"] == 0

    select = s["select-all"]
    got = [
        (c["name"], c["jdbc_type_name"], c["type_name"], c["precision"], c["scale"], c["nullable"])
        for c in select["columns"]
    ]
    assert got == BASIC_COLUMNS
    assert select["row_count"] == 3
    first, nulls, edges = select["rows"]
    assert first == [
        ["java.lang.Integer", 1], ["java.lang.Integer", 42], ["java.lang.String", "hello"],
        ["java.math.BigDecimal", "12345678.90"], ["java.sql.Date", "2024-02-29"],
        ["java.sql.Timestamp", "2024-02-29 13:14:15.0"], ["java.lang.Boolean", True],
        ["java.lang.Long", 9000000000], ["java.lang.Long", -9000000000],
        ["java.lang.Double", 3.5], ["java.lang.Short", 7], ["java.lang.String", "abc       "],
        ["java.lang.String", "lvarchar text"], ["com.informix.lang.IntervalDF", "5 06:07:08"],
        ["java.math.BigDecimal", "99.95"],
    ]  # fmt: skip
    assert nulls == [["java.lang.Integer", 2]] + [None] * 14
    assert edges[1] == ["java.lang.Integer", 2147483647]
    assert edges[2] == ["java.lang.String", "Grüße"]
    assert edges[3] == ["java.math.BigDecimal", "-99999999.99"]
    assert edges[4] == ["java.sql.Date", "1899-12-31"]
    assert edges[7:11] == [
        ["java.lang.Long", 9223372036854775807],
        ["java.lang.Long", -9223372036854775807],
        ["java.lang.Double", 1e300],
        ["java.lang.Short", -32767],
    ]
    assert edges[12] == ["java.lang.String", "x" * 300]
    assert edges[13] == ["com.informix.lang.IntervalDF", "999 23:59:59"]

    param = s["select-param"]
    assert param["rows"] == [
        [["java.lang.Integer", 2147483647], ["java.lang.String", "0123456789"],
         ["java.lang.String", "Grüße"]]
    ]  # fmt: skip
    assert s["select-updated"]["rows"] == [
        [["java.lang.Integer", 1], ["java.lang.String", "updated"],
         ["java.math.BigDecimal", "12345679.90"]]
    ]  # fmt: skip
    count = s["count"]
    assert column(count, "(count(*))")["jdbc_type_name"] == "DECIMAL"
    assert count["rows"] == [[["java.math.BigDecimal", "1"]]]


def test_tx(jdbc_probe: Probe, ifx_target) -> None:  # type: ignore[no-untyped-def]
    s = run_ok(jdbc_probe, ifx_target.jdbc_url(), "tx")
    assert s["insert-1"]["update_count"] == 1
    assert s["verify-rolled-back"]["check"] == {"expect": 0, "got": 0, "pass": True}
    assert s["verify-committed"]["check"] == {"expect": 1, "got": 1, "pass": True}
    assert s["commit"]["ok"] and s["rollback"]["ok"]


def test_errors(jdbc_probe: Probe, ifx_target) -> None:  # type: ignore[no-untyped-def]
    s = run_ok(jdbc_probe, ifx_target.jdbc_url(), "errors")
    syntax = s["syntax-error"]["error"]
    assert (syntax["sqlcode"], syntax["sqlstate"]) == (-201, "42000")
    assert syntax["class"] == "java.sql.SQLSyntaxErrorException"
    missing = s["missing-table"]["error"]
    assert (missing["sqlcode"], missing["sqlstate"]) == (-206, "42000")
    assert "(probe_no_such_table)" in missing["message"]
    assert missing["causes"] == ["java.sql.SQLException: ISAM error:  no record found."]
    dup = s["unique-violation"]["error"]
    assert (dup["sqlcode"], dup["sqlstate"]) == (-268, "23000")
    assert dup["class"] == "java.sql.SQLIntegrityConstraintViolationException"
    assert "ISAM error:  duplicate value for a record with unique key." in dup["causes"][0]
    assert s["insert"]["update_count"] == 1


def test_batch(jdbc_probe: Probe, ifx_target) -> None:  # type: ignore[no-untyped-def]
    s = run_ok(jdbc_probe, ifx_target.jdbc_url(), "batch")
    batch = s["execute-batch"]
    assert batch["counts_length"] == 1000
    assert batch["counts_histogram"] == {"1": 1000}
    verify = s["verify"]
    assert [c["name"] for c in verify["columns"]] == ["(count(*))", "(sum)", "(min)", "(max)"]
    assert column(verify, "(min)")["jdbc_type_name"] == "VARCHAR"
    assert column(verify, "(min)")["precision"] == 32
    assert verify["rows"] == [
        [["java.math.BigDecimal", "1000"], ["java.math.BigDecimal", "500500"],
         ["java.lang.String", "row 1"], ["java.lang.String", "row 999"]]
    ]  # fmt: skip


def _cells(row: list[Any]) -> list[Any]:
    return [None if cell is None else cell[1] for cell in row]


def test_meta(jdbc_probe: Probe, ifx_target) -> None:  # type: ignore[no-untyped-def]
    s = run_ok(jdbc_probe, ifx_target.jdbc_url(), "meta")
    db, user = ifx_target.database, ifx_target.user
    tables = s["getTables"]["rows"]
    assert [_cells(r)[:4] for r in tables] == [[db, user, "probe_meta", "TABLE"]]
    assert s["getTables-all"]["row_count"] >= 1
    assert all(_cells(r)[3] == "TABLE" for r in s["getTables-all"]["rows"])

    columns = [_cells(r) for r in s["getColumns"]["rows"]]
    # TABLE_NAME, COLUMN_NAME, DATA_TYPE, TYPE_NAME, COLUMN_SIZE, DECIMAL_DIGITS,
    # NUM_PREC_RADIX, NULLABLE, ORDINAL_POSITION, IS_NULLABLE, IS_AUTOINCREMENT
    picked = [
        (c[2], c[3], c[4], c[5], c[6], c[8], c[9], c[10], c[16], c[17], c[22]) for c in columns
    ]
    assert picked == [
        ("probe_meta", "id", 4, "integer", 10, 0, 10, 0, 1, "NO", "NO"),
        ("probe_meta", "name", 12, "varchar", 20, 0, 0, 1, 2, "YES", "NO"),
        ("probe_meta", "amount", 3, "decimal", 8, 2, 10, 1, 3, "YES", "NO"),
        ("probe_meta", "born", 91, "date", 10, 0, 0, 1, 4, "YES", "NO"),
    ]
    assert [c[15] for c in columns] == [0, 20, 0, 0]  # CHAR_OCTET_LENGTH

    keys = [_cells(r) for r in s["getPrimaryKeys"]["rows"]]
    assert len(keys) == 1
    assert keys[0][:5] == [db, user, "probe_meta", "id", 1]
    assert keys[0][5].startswith("p")  # generated constraint name u<tabid>_<n> style
