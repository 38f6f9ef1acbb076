"""Every type crosses between clients: what our driver binds, IBM JDBC reads exactly,
and what JDBC writes, our driver reads exactly (issue 4)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

import informix_db

from .conftest import Probe, by_step, describe_failures

pytestmark = pytest.mark.conformance

COLUMNS = (
    "k INT, si SMALLINT, i INT, bi BIGINT, i8 INT8, f FLOAT, sf SMALLFLOAT, d DECIMAL(12,3), "
    "df DECIMAL(16), m MONEY(10,2), c CHAR(6), nc NCHAR(6), v VARCHAR(20), nv NVARCHAR(20), "
    "lv LVARCHAR(500), b BOOLEAN, dd DATE, dts DATETIME YEAR TO SECOND, "
    "dtf DATETIME YEAR TO FRACTION(3), dth DATETIME HOUR TO MINUTE, "
    "ids INTERVAL DAY(3) TO SECOND, iym INTERVAL YEAR TO MONTH"
)
PYTHON_VALUES = (
    -7, 42, 2**40, -(2**40), 1.5, 2.25, Decimal("-123.456"), Decimal("1234567.5"),
    Decimal("99.95"), "ab", "cd", "hello", "wörld", "long text", True, dt.date(2026, 8, 31),
    dt.datetime(2026, 8, 31, 12, 30, 15), dt.datetime(2026, 8, 31, 12, 30, 15, 123000),
    dt.time(9, 5), dt.timedelta(days=3, hours=4, minutes=5, seconds=6),
    informix_db.IntervalYM(63),
)  # fmt: skip
JDBC_SEES = [
    ["java.lang.Short", -7], ["java.lang.Integer", 42], ["java.lang.Long", 2**40],
    ["java.lang.Long", -(2**40)], ["java.lang.Double", 1.5], ["java.lang.Float", 2.25],
    ["java.math.BigDecimal", "-123.456"], ["java.math.BigDecimal", "1234567.5"],
    ["java.math.BigDecimal", "99.95"], ["java.lang.String", "ab    "],
    ["java.lang.String", "cd    "], ["java.lang.String", "hello"], ["java.lang.String", "wörld"],
    ["java.lang.String", "long text"], ["java.lang.Boolean", True],
    ["java.sql.Date", "2026-08-31"], ["java.sql.Timestamp", "2026-08-31 12:30:15.0"],
    ["java.sql.Timestamp", "2026-08-31 12:30:15.123"], ["java.sql.Time", "09:05:00"],
    ["com.informix.lang.IntervalDF", "3 04:05:06"], ["com.informix.lang.IntervalYM", "5-03"],
]  # fmt: skip
JDBC_INSERT = (
    "INSERT INTO xc_types VALUES (2, -7, 42, 1099511627776, -1099511627776, 1.5, 2.25, "
    "-123.456, 1234567.5, 99.95, 'ab', 'cd', 'hello', 'wörld', 'long text', 't', '2026-08-31', "
    "'2026-08-31 12:30:15', '2026-08-31 12:30:15.123', '09:05', '3 04:05:06', '5-03')"
)


def test_values_cross_both_ways(
    jdbc_probe: Probe,
    ifx_target,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    with ifx_target.connect(autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS xc_types")
        conn.execute(f"CREATE TABLE xc_types ({COLUMNS})")
        marks = ", ".join("?" * (len(PYTHON_VALUES) + 1))
        conn.execute(f"INSERT INTO xc_types VALUES ({marks})", (1, *PYTHON_VALUES))
        script = tmp_path / "xc.sql"
        script.write_text(f"SELECT * FROM xc_types WHERE k = 1\n{JDBC_INSERT}\n", "utf-8")
        steps = by_step(jdbc_probe(ifx_target.jdbc_url(), "script", script))
        assert steps["line 1"]["ok"] and steps["line 2"]["ok"], describe_failures(
            list(steps.values())
        )
        assert steps["line 1"]["rows"] == [[["java.lang.Integer", 1], *JDBC_SEES]]
        row = conn.execute("SELECT * FROM xc_types WHERE k = 2").fetchone()
        expected = list(PYTHON_VALUES)
        expected[9:11] = ["ab    ", "cd    "]  # CHAR comes back blank-padded
        assert list(row[1:]) == expected
        conn.execute("DROP TABLE xc_types")
