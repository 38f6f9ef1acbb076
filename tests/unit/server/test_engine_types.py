"""Exact DECIMAL, CHAR semantics, temporal types, BOOLEAN, describe typing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ifxserver.engine import Bound
from informix_db.protocol.codes import IfxType
from informix_db.types import IntervalYM

from .conftest import Client

pytestmark = pytest.mark.unit


def test_decimal_arithmetic_is_exact(db: Client) -> None:
    assert db.value("SELECT 0.1 + 0.2 FROM systables WHERE tabid = 1") == Decimal("0.3")
    assert db.rows("SELECT 1 FROM systables WHERE tabid = 1 AND 0.1 + 0.2 = 0.3") == [(1,)]
    db.execute("CREATE TABLE m (d DECIMAL(32,10), p DECIMAL(10,2))")
    big = Decimal("1234567890123456789012.0123456789")
    db.execute("INSERT INTO m VALUES (?, ?)", big, Decimal("0.10"))
    db.execute("INSERT INTO m VALUES (?, ?)", Decimal("1"), Decimal("0.20"))
    assert db.value("SELECT d FROM m WHERE d > 2") == big
    assert db.value("SELECT d + 1 FROM m WHERE d > 2") == Decimal(
        "1234567890123456789013.0123456789"
    )
    total = db.value("SELECT SUM(p) FROM m")
    assert total == Decimal("0.30") and str(total) == "0.30"
    assert db.value("SELECT AVG(p) FROM m") == Decimal("0.15")
    assert db.value("SELECT MAX(d) FROM m") == big
    assert db.value("SELECT MIN(d) FROM m") == Decimal("1")
    assert db.value("SELECT p * 3 FROM m WHERE d = 1") == Decimal("0.60")
    assert db.value("SELECT 1 / 3 FROM systables WHERE tabid = 1") == Decimal(
        "0.33333333333333333333333333333333"
    )


def test_sum_of_decimal_column(db: Client) -> None:
    db.execute("CREATE TABLE amounts (a DECIMAL(10,2))")
    for value in ["0.10"] * 10 + ["99999999.99"]:
        db.execute("INSERT INTO amounts VALUES (?)", Decimal(value))
    assert db.value("SELECT SUM(a) FROM amounts") == Decimal("100000000.99")
    assert db.describe("SELECT SUM(a) FROM amounts") == [
        ("(sum)", IfxType.DECIMAL, 32 * 256 + 2, True)
    ]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.decimals(
            min_value=Decimal("-1e20"),
            max_value=Decimal("1e20"),
            places=6,
            allow_nan=False,
            allow_infinity=False,
        ),
        min_size=1,
        max_size=12,
    )
)
def test_decimal_ordering_matches_python(db: Client, values: list[Decimal]) -> None:
    db.execute("CREATE TABLE IF NOT EXISTS h (d DECIMAL(32,6))")
    db.execute("DELETE FROM h")
    for value in values:
        db.execute("INSERT INTO h VALUES (?)", value)
    ordered = [r[0] for r in db.rows("SELECT d FROM h ORDER BY d")]
    assert ordered == sorted(values)
    assert db.value("SELECT MAX(d) FROM h") == max(values)
    pivot = values[0]
    above = sorted(r[0] for r in db.rows("SELECT d FROM h WHERE d > ?", pivot))
    assert above == sorted(v for v in values if v > pivot)
    assert db.value("SELECT SUM(d) FROM h") == sum(values)


def test_char_padding_semantics(db: Client) -> None:
    assert db.rows("SELECT 1 FROM systables WHERE tabid = 1 AND 'ab' = 'ab   '") == [(1,)]
    db.execute("CREATE TABLE c (c CHAR(5), v VARCHAR(5))")
    db.execute("INSERT INTO c VALUES ('ab', 'ab')")
    assert db.rows("SELECT c FROM c WHERE c = 'ab'") == [("ab",)]
    assert db.rows("SELECT c FROM c WHERE c = 'ab    '") == [("ab",)]
    assert db.rows("SELECT v FROM c WHERE v = 'ab '") == [("ab",)]
    assert db.value("SELECT LENGTH(c) FROM c") == 2
    assert db.value("SELECT c || '|' FROM c") == "ab   |"
    assert db.value("SELECT OCTET_LENGTH(c) FROM c") == 5


def test_comparisons_across_types(db: Client) -> None:
    db.execute("CREATE TABLE x (i INT, d DECIMAL(5,2), f FLOAT, s CHAR(4), dt DATE)")
    db.execute("INSERT INTO x VALUES (2, 2.50, 2.5, '10', '01/02/2024')")
    one = [(1,)]
    assert db.rows("SELECT 1 FROM x WHERE i < d AND d = f AND s = 10 AND i = '2'") == one
    assert db.rows("SELECT 1 FROM x WHERE dt = '01/02/2024' AND dt > MDY(1, 1, 2024)") == one
    assert db.rows("SELECT 1 FROM x WHERE d IN (1, 2.5, 3)") == one
    assert db.value("SELECT i + d + f FROM x") == 7.0
    assert db.value("SELECT i * d FROM x") == Decimal("5.00")


def test_dbdate_controls_date_text(make_client: object) -> None:
    client = make_client(DBDATE="Y4MD-")  # type: ignore[operator]
    client.execute("CREATE TABLE d (d DATE)")
    client.execute("INSERT INTO d VALUES ('2026-08-31')")
    client.execute("INSERT INTO d VALUES (?)", "2026-09-01")
    assert client.rows("SELECT d FROM d ORDER BY d") == [
        (dt.date(2026, 8, 31),),
        (dt.date(2026, 9, 1),),
    ]
    assert client.value("SELECT d || '' FROM d WHERE d < '2026-09-01'") == "2026-08-31"
    assert client.error("INSERT INTO d VALUES ('31/08/2026')").sqlcode == -1218


def test_datetime_and_interval(db: Client) -> None:
    db.execute(
        "CREATE TABLE t (dt DATETIME YEAR TO SECOND, f5 DATETIME YEAR TO FRACTION(5),"
        " iv INTERVAL DAY(5) TO SECOND, ym INTERVAL YEAR(4) TO MONTH, hm DATETIME HOUR TO MINUTE)"
    )
    db.execute(
        "INSERT INTO t VALUES (DATETIME(2026-08-31 12:30:15) YEAR TO SECOND,"
        " ?, INTERVAL(3 04:05:06) DAY TO SECOND, INTERVAL(5-3) YEAR TO MONTH, '09:05')",
        Bound("2026-08-31 12:30:15.12000", IfxType.DATETIME, 0x130F),
    )
    row = db.rows("SELECT dt, f5, iv, ym, hm FROM t")[0]
    assert row == (
        "2026-08-31 12:30:15",
        "2026-08-31 12:30:15.12000",
        dt.timedelta(days=3, hours=4, minutes=5, seconds=6),
        IntervalYM(63),
        "09:05",
    )
    assert (
        db.value("SELECT dt + INTERVAL(1 00:00:00) DAY TO SECOND FROM t") == "2026-09-01 12:30:15"
    )
    assert db.value("SELECT dt + 2 UNITS HOUR FROM t") == "2026-08-31 14:30:15"
    assert db.value("SELECT dt - DATETIME(2026-08-30 12:30:15) YEAR TO SECOND FROM t") == (
        dt.timedelta(days=1)
    )
    assert db.value("SELECT EXTEND(dt, YEAR TO DAY) FROM t") == "2026-08-31"
    assert db.rows("SELECT 1 FROM t WHERE dt > '2026-01-01 00:00:00'") == [(1,)]
    assert db.rows("SELECT 1 FROM t WHERE iv = INTERVAL(3 04:05:06) DAY TO SECOND") == [(1,)]
    db.execute("UPDATE t SET iv = ?", Bound("-1 00:00:00.50000", IfxType.INTERVAL, 0x144F))
    assert db.value("SELECT iv FROM t") == -dt.timedelta(days=1)
    assert db.error("INSERT INTO t (dt) VALUES ('2026-13-01 00:00:00')").sqlcode == -1263


def test_current_is_stable_and_typed(db: Client) -> None:
    rows = db.rows("SELECT CURRENT, CURRENT YEAR TO DAY FROM systables WHERE tabid < 5")
    assert len({r[0] for r in rows}) == 1
    assert db.describe("SELECT CURRENT FROM systables") == [
        ("(current)", IfxType.DATETIME, 0x110D, True)
    ]


def test_boolean(db: Client) -> None:
    db.execute("CREATE TABLE b (id INT, flag BOOLEAN)")
    db.execute("INSERT INTO b VALUES (1, 't')")
    db.execute("INSERT INTO b VALUES (2, ?)", "f")
    db.execute("INSERT INTO b VALUES (3, ?)", True)
    db.execute("INSERT INTO b VALUES (4, NULL)")
    assert db.rows("SELECT id, flag FROM b ORDER BY id") == [
        (1, True),
        (2, False),
        (3, True),
        (4, None),
    ]
    assert db.rows("SELECT id FROM b WHERE flag = 't' ORDER BY id") == [(1,), (3,)]
    assert db.rows("SELECT id FROM b WHERE flag = ?", "f") == [(2,)]
    assert db.error("INSERT INTO b VALUES (5, 'x')").sqlcode == -1260


def test_integer_ranges(db: Client) -> None:
    db.execute("CREATE TABLE n (s SMALLINT, i INT, b BIGINT)")
    assert db.error("INSERT INTO n (s) VALUES (40000)").sqlcode == -1214
    assert db.error("INSERT INTO n (s) VALUES (?)", 40000).sqlcode == -1214
    assert db.error("INSERT INTO n (i) VALUES (?)", 2**31).sqlcode == -1215
    db.execute("INSERT INTO n VALUES (?, ?, ?)", -32767, 2**31 - 1, 2**63 - 1)
    assert db.rows("SELECT s, i, b FROM n") == [(-32767, 2**31 - 1, 2**63 - 1)]


DESCRIBE_CASES = [
    ("SELECT tabid FROM systables", [("tabid", IfxType.SERIAL, 4, True)]),
    ("SELECT tabid AS t FROM systables", [("t", IfxType.SERIAL, 4, True)]),
    ("SELECT 1 FROM systables", [("(constant)", IfxType.INT, 4, True)]),
    ("SELECT 'abc' FROM systables", [("(constant)", IfxType.CHAR, 3, True)]),
    ("SELECT 1.5 FROM systables", [("(constant)", IfxType.DECIMAL, 0x0201, True)]),
    ("SELECT 12345678901 FROM systables", [("(constant)", IfxType.DECIMAL, 0x0B00, True)]),
    ("SELECT 1e3 FROM systables", [("(constant)", IfxType.FLOAT, 8, True)]),
    ("SELECT tabid + 1 FROM systables", [("(expression)", IfxType.INT, 4, True)]),
    ("SELECT tabid * 1.5 FROM systables", [("(expression)", IfxType.DECIMAL, 0x0C01, True)]),
    ("SELECT nrows * 2 FROM systables", [("(expression)", IfxType.FLOAT, 8, True)]),
    ("SELECT COUNT(*) FROM systables", [("(count(*))", IfxType.DECIMAL, 0x0F00, True)]),
    ("SELECT COUNT(tabid) FROM systables", [("(count)", IfxType.DECIMAL, 0x0F00, True)]),
    ("SELECT SUM(tabid) FROM systables", [("(sum)", IfxType.DECIMAL, 0x20FF, True)]),
    ("SELECT AVG(tabid) FROM systables", [("(avg)", IfxType.DECIMAL, 0x20FF, True)]),
    ("SELECT MIN(tabname) FROM systables", [("(min)", IfxType.VARCHAR, 128, True)]),
    ("SELECT MAX(created) FROM systables", [("(max)", IfxType.DATE, 4, True)]),
    ("SELECT tabname || 'x' FROM systables", [("(expression)", IfxType.VARCHAR, 129, True)]),
    ("SELECT 1::SMALLINT FROM systables", [("(constant)", IfxType.SMALLINT, 2, True)]),
    (
        "SELECT CAST(tabid AS DECIMAL(10,2)) FROM systables",
        [("(expression)", IfxType.DECIMAL, 0x0A02, True)],
    ),
    ("SELECT tabname::LVARCHAR FROM systables", [("(expression)", IfxType.UDTVAR, 2048, True)]),
]


@pytest.mark.parametrize(("sql", "expected"), DESCRIBE_CASES)
def test_describe(db: Client, sql: str, expected: list[tuple[str, int, int, bool]]) -> None:
    assert db.describe(sql) == expected


def test_describe_not_null_and_values(db: Client) -> None:
    db.execute("CREATE TABLE nn (a INT NOT NULL, b CHAR(3))")
    assert db.describe("SELECT a, b, a + 1 FROM nn") == [
        ("a", IfxType.INT, 4, False),
        ("b", IfxType.CHAR, 3, True),
        ("(expression)", IfxType.INT, 4, True),
    ]
    assert db.value("SELECT COUNT(*) FROM nn") == Decimal(0)
    assert isinstance(db.value("SELECT COUNT(*) FROM nn"), Decimal)


# -- exact day-time intervals, month arithmetic, conversion errors -------------------------
DAY9_MAX = dt.timedelta(days=999_999_999, hours=23, minutes=59, seconds=59, microseconds=999_990)


@pytest.mark.parametrize(
    "value",
    [
        DAY9_MAX,
        dt.timedelta.min,
        dt.timedelta(days=-999_999_998, hours=1),
        dt.timedelta(200_000, 0, 10),
    ],
)
def test_day9_interval_binds_exactly_beyond_float_precision(
    db: Client, value: dt.timedelta
) -> None:
    db.execute("CREATE TABLE iv (v INTERVAL DAY(9) TO FRACTION(5))")
    db.execute("INSERT INTO iv VALUES (?)", Bound(value, IfxType.INTERVAL))
    assert db.value("SELECT v FROM iv") == value
    assert db.value("SELECT v * 1 FROM iv") == value


def test_interval_scaling_is_exact_and_truncates(db: Client) -> None:
    big = "INTERVAL(999999999 23:59:59.99999) DAY(9) TO FRACTION(5)"
    third = db.value(f"SELECT {big} / 3 FROM systables WHERE tabid = 1")
    assert third == dt.timedelta(days=333_333_333, seconds=28_799, microseconds=999_990)
    assert db.value(f"SELECT {big} * 1.0 FROM systables WHERE tabid = 1") == DAY9_MAX
    row = db.rows(
        "SELECT INTERVAL(-10:01) HOUR TO MINUTE / 2, INTERVAL(1-01) YEAR TO MONTH * 1.5, "
        "INTERVAL(10:00) HOUR TO MINUTE * NULL FROM systables WHERE tabid = 1"
    )
    assert row == [(-dt.timedelta(hours=5, seconds=30), IntervalYM(19), None)]
    assert db.error("SELECT INTERVAL(1) DAY TO DAY / 0 FROM systables WHERE tabid = 1").sqlcode == (
        -1202
    )


@pytest.mark.parametrize(
    "expression",
    [
        "DATE('01/31/2026') + INTERVAL(1) MONTH TO MONTH",
        "DATETIME(2026-03-31 10:00) YEAR TO MINUTE - INTERVAL(1) MONTH TO MONTH",
        "DATETIME(2024-02-29) YEAR TO DAY + INTERVAL(1) YEAR TO YEAR",
        "DATE('12/31/9999') + INTERVAL(1) DAY TO DAY",
        "INTERVAL(999999999) DAY(9) TO DAY + INTERVAL(1) DAY TO DAY",
    ],
)
def test_datetime_result_out_of_range_is_1267(db: Client, expression: str) -> None:
    assert db.error(f"SELECT {expression} FROM systables WHERE tabid = 1").sqlcode == -1267


def test_month_arithmetic_on_a_bound_interval_is_1267(db: Client) -> None:
    sql = "SELECT DATE('01/31/2026') + ? FROM systables WHERE tabid = 1"
    assert db.error(sql, Bound(IntervalYM(1), IfxType.INTERVAL)).sqlcode == -1267
    assert str(db.value(sql, Bound(IntervalYM(2), IfxType.INTERVAL))).startswith("2026-03-31")


@pytest.mark.parametrize(
    ("column", "value", "sqlcode", "text"),
    [
        ("i INT", Bound(dt.datetime(2020, 1, 1), IfxType.DATETIME), -1260, "to INTEGER"),
        ("b BOOLEAN", "abc", -1260, "LVARCHAR(3) to BOOLEAN"),
        ("b BOOLEAN", 5, -1260, "to BOOLEAN"),
        ("d DATE", True, -1260, "BOOLEAN to DATE"),
        ("t DATETIME YEAR TO SECOND", 5, -1260, "to DATETIME"),
        ("i INT", Bound(b"x", IfxType.BYTE), -1260, "to INTEGER"),
        ("i INT", "abc", -1213, ""),
        ("d DATE", "abc", -1218, ""),
    ],
)
def test_unconvertible_binds_are_conversion_errors(
    db: Client, column: str, value: object, sqlcode: int, text: str
) -> None:
    db.execute(f"CREATE TABLE cv ({column})")
    error = db.error("INSERT INTO cv VALUES (?)", value)
    assert error.sqlcode == sqlcode
    assert text in error.text
    assert db.error(
        "SELECT COUNT(*) FROM cv WHERE ? = " + column.split(maxsplit=1)[0], value
    ).sqlcode in (
        sqlcode,
        -1260,
    )


def test_operators_without_a_routine_for_their_types_are_9700(db: Client) -> None:
    db.execute("CREATE TABLE op (d DATE, b BOOLEAN)")
    assert db.error("SELECT d * 2 FROM op").sqlcode == -9700
    assert db.error("SELECT d FROM op WHERE d = b").sqlcode == -9700
    assert db.error("SELECT SUM(b) FROM op").sqlcode == -9700


def test_interval_aggregates_are_exact(db: Client) -> None:
    db.execute("CREATE TABLE ia (v INTERVAL DAY(9) TO FRACTION(5))")
    for days, micros in [(999_999_999, 10), (999_999_997, 30), (-5, 0)]:
        value = dt.timedelta(days=days, microseconds=micros)
        db.execute("INSERT INTO ia VALUES (?)", Bound(value, IfxType.INTERVAL))
    assert db.value("SELECT AVG(v) FROM ia WHERE v > INTERVAL(0) DAY TO DAY") == dt.timedelta(
        days=999_999_998, microseconds=20
    )
    assert db.value("SELECT AVG(v) FROM ia") == dt.timedelta(666_666_663, 57_600, 10)
    assert db.error("SELECT SUM(v) FROM ia").sqlcode == -1267  # past 999999999 days
