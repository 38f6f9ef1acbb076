"""Informix SQL the front end once refused: aggregate UNIQUE, 12.10 built-ins,
MINUS/EXCEPT/INTERSECT, storage clauses, built-in procedures, FRACTION
qualifiers, interval rules and `?` next to a DATE/DATETIME."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ifxserver.engine import Bound
from informix_db.protocol.codes import TU_DAY, TU_F5, TU_MONTH, TU_YEAR, IfxType
from informix_db.protocol.coltype import ColumnType
from informix_db.types import IntervalYM

from .conftest import Client

pytestmark = pytest.mark.unit


@pytest.fixture
def shop(db: Client) -> Client:
    db.execute(
        "CREATE TABLE cust (id INT, name VARCHAR(20), code CHAR(5), born DATE,"
        " seen DATETIME YEAR TO SECOND, big INT8)"
    )
    db.execute(
        "INSERT INTO cust VALUES (1, 'ann', 'ab', MDY(1, 31, 2024),"
        " DATETIME(2024-01-31 10:20:30) YEAR TO SECOND, 255)"
    )
    db.execute("INSERT INTO cust VALUES (2, 'bob', NULL, MDY(3, 15, 2024), NULL, -1)")
    db.execute("INSERT INTO cust VALUES (3, 'bob', NULL, NULL, NULL, NULL)")
    return db


def one_row(client: Client, sql: str, *params: object) -> tuple[object, ...]:
    rows = client.rows(sql, *params)
    assert len(rows) == 1, rows
    return rows[0]


# -- aggregate UNIQUE ---------------------------------------------------------------
def test_aggregate_unique_is_distinct(shop: Client) -> None:
    sql = "SELECT COUNT(UNIQUE name), SUM(UNIQUE id / id), AVG(UNIQUE id), COUNT(name) FROM cust"
    assert one_row(shop, sql) == (Decimal(2), Decimal(1), Decimal(2), Decimal(3))
    assert shop.value("SELECT MIN(UNIQUE name) FROM cust") == "ann"
    assert [c[0] for c in shop.describe("SELECT COUNT(UNIQUE id) FROM cust")] == ["(count)"]
    # UNIQUE stays a keyword of the select list and an ordinary name elsewhere
    assert shop.rows("SELECT UNIQUE name FROM cust ORDER BY name") == [("ann",), ("bob",)]


# -- 12.10 built-ins -------------------------------------------------------------------
def test_add_months_keeps_the_argument_type_and_clamps_to_month_end(shop: Client) -> None:
    row = one_row(
        shop,
        "SELECT ADD_MONTHS(born, 1), ADD_MONTHS(born, -2), ADD_MONTHS(seen, 1),"
        " ADD_MONTHS('02/29/2024', 12), ADD_MONTHS(born, 0) FROM cust WHERE id = 1",
    )
    assert row == (
        dt.date(2024, 2, 29),
        dt.date(2023, 11, 30),
        "2024-02-29 10:20:30",
        dt.date(2025, 2, 28),
        dt.date(2024, 1, 31),
    )
    described = shop.describe("SELECT ADD_MONTHS(born, 1), ADD_MONTHS(seen, 1) FROM cust")
    assert [(code, length) for _, code, length, _ in described] == [
        (IfxType.DATE, 4),
        (IfxType.DATETIME, ColumnType.datetime(TU_YEAR, 10).length),
    ]
    assert shop.value("SELECT ADD_MONTHS(born, 1) FROM cust WHERE id = 3") is None
    assert shop.error("SELECT ADD_MONTHS(born, 99999) FROM cust WHERE id = 1").sqlcode == -1204


def test_last_day_and_months_between(shop: Client) -> None:
    row = one_row(
        shop,
        "SELECT LAST_DAY(born), LAST_DAY(MDY(2, 3, 2023)), LAST_DAY(seen),"
        " MONTHS_BETWEEN(MDY(3, 31, 2024), born),"
        " MONTHS_BETWEEN(MDY(1, 15, 2024), MDY(3, 15, 2024)),"
        " MONTHS_BETWEEN(MDY(3, 16, 2024), MDY(1, 15, 2024)) FROM cust WHERE id = 1",
    )
    assert row[:3] == (dt.date(2024, 1, 31), dt.date(2023, 2, 28), "2024-01-31 10:20:30")
    assert row[3:5] == (Decimal(2), Decimal(-2))  # month ends / same day: whole months
    assert isinstance(row[5], Decimal) and abs(row[5] - (2 + Decimal(1) / 31)) < Decimal("1e-20")
    assert shop.describe("SELECT MONTHS_BETWEEN(born, born) FROM cust")[0][1] == IfxType.DECIMAL


def test_to_date_and_to_char_formats(shop: Client) -> None:
    row = one_row(
        shop,
        "SELECT TO_DATE('2026-03-15', '%Y-%m-%d'), TO_DATE('15/03/2026 10:11:12.345',"
        " '%d/%m/%Y %H:%M:%S.%F3'), TO_DATE('2026-03-15 01:02:03'),"
        " TO_CHAR(seen, '%Y-%m-%d %H:%M:%S'), TO_CHAR(born, '%d.%m.%Y') FROM cust WHERE id = 1",
    )
    assert row == (
        "2026-03-15 00:00:00.00000",
        "2026-03-15 10:11:12.34500",
        "2026-03-15 01:02:03.00000",
        "2024-01-31 10:20:30",
        "31.01.2024",
    )
    described = shop.describe("SELECT TO_DATE('2026', '%Y') FROM cust")[0]
    assert described[1:3] == (IfxType.DATETIME, ColumnType.datetime(TU_YEAR, TU_F5).length)
    assert shop.error("SELECT TO_DATE('x', '%Y') FROM cust").sqlcode == -1277


def test_character_built_ins(shop: Client) -> None:
    row = one_row(
        shop,
        "SELECT REVERSE(name), REVERSE(code), ASCII(name), CHR(65), NVL2(code, 'y', 'n'),"
        " NVL2(NULL, 1, 2), HEX(255), HEX(id - 2), HEX(big) FROM cust WHERE id = 1",
    )
    assert row == (
        "nna",
        "   ba",
        97,
        "A",
        "y",
        2,
        "0x000000FF",
        "0xFFFFFFFF",
        "0x00000000000000FF",
    )
    assert shop.value("SELECT HEX(big) FROM cust WHERE id = 2") == "0xFFFFFFFFFFFFFFFF"
    assert shop.value("SELECT NVL2(code, 'y', 'n') FROM cust WHERE id = 2") == "n"
    described = shop.describe("SELECT ASCII(name), CHR(65), HEX(1), HEX(big) FROM cust")
    assert [(code, length) for _, code, length, _ in described] == [
        (IfxType.INT, 4),
        (IfxType.CHAR, 1),
        (IfxType.CHAR, 10),
        (IfxType.CHAR, 18),
    ]


def test_unknown_functions_are_named_as_written(shop: Client) -> None:
    for sql, name in [
        ("SELECT frobnicate(1) FROM cust", "frobnicate"),
        ("SELECT addmonths(born, 1) FROM cust", "addmonths"),
        ("SELECT TO_NUMBER(name) FROM cust", "to_number"),
        ("SELECT CURRENT_ROLE() FROM cust", "current_role"),
    ]:
        error = shop.error(sql)
        assert (error.sqlcode, error.text) == (-674, name), sql


# -- set operators ---------------------------------------------------------------------------
def test_minus_except_and_intersect(shop: Client) -> None:
    assert shop.rows("SELECT id FROM cust MINUS SELECT 2 FROM cust ORDER BY 1") == [(1,), (3,)]
    assert shop.rows("SELECT name FROM cust EXCEPT SELECT 'ann' FROM cust") == [("bob",)]
    assert shop.rows("SELECT id FROM cust INTERSECT SELECT id + 1 FROM cust ORDER BY 1") == [
        (2,),
        (3,),
    ]
    # INTERSECT binds tighter than UNION; a parenthesised right operand stays a group
    assert shop.rows(
        "SELECT id FROM cust UNION SELECT 7 FROM cust INTERSECT SELECT 3 FROM cust ORDER BY 1"
    ) == [(1,), (2,), (3,)]
    assert shop.rows(
        "SELECT id FROM cust WHERE id = 1 UNION ALL (SELECT id FROM cust UNION SELECT 1 FROM cust)"
        " ORDER BY 1"
    ) == [(1,), (1,), (2,), (3,)]
    assert shop.rows("SELECT id FROM cust WHERE id IN (SELECT id FROM cust MINUS SELECT 1"
                     " FROM cust) ORDER BY id") == [(2,), (3,)]  # fmt: skip
    error = shop.error("SELECT id FROM cust EXCEPT ALL SELECT 1 FROM cust")
    assert (error.sqlcode, error.text) == (-999, "EXCEPT ALL")


# -- storage clauses and built-in procedures ----------------------------------------------
def test_fragment_and_partition_clauses_are_accepted_and_ignored(db: Client) -> None:
    db.execute("CREATE TABLE f1 (a INT) FRAGMENT BY ROUND ROBIN IN dbs1, dbs2 EXTENT SIZE 32")
    db.execute(
        "CREATE TABLE f2 (a INT, b INT) FRAGMENT BY EXPRESSION a < 10 IN dbs1,"
        " (a >= 10) AND (b > 0) IN dbs2, REMAINDER IN dbs3 LOCK MODE ROW"
    )
    db.execute(
        "CREATE TABLE f3 (a INT) PARTITION BY EXPRESSION PARTITION p1 (a < 10) IN dbs1,"
        " PARTITION p2 REMAINDER IN dbs2"
    )
    db.execute("CREATE INDEX f1_a ON f1 (a) FRAGMENT BY EXPRESSION a < 5 IN d1, REMAINDER IN d2")
    db.execute("INSERT INTO f2 VALUES (20, 1)")
    assert db.rows("SELECT a, b FROM f2") == [(20, 1)]
    assert db.value("SELECT locklevel FROM systables WHERE tabname = 'f2'") == "R"
    assert db.error("CREATE TABLE f4 (a INT) FRAGMENT BY MAGIC").sqlcode == -201


def test_ifx_allow_newline_is_a_no_op_and_unknown_procedures_are_named(db: Client) -> None:
    assert db.execute("EXECUTE PROCEDURE ifx_allow_newline('t')").rowcount == 0
    assert db.execute("EXECUTE PROCEDURE informix.ifx_allow_newline(?)", "f").rowcount == 0
    assert db.value("SELECT 'a\nb' FROM sysmaster:sysdual") == "a\nb"
    for sql, name in [
        ("EXECUTE PROCEDURE ifx_allow_newline()", "ifx_allow_newline"),
        ("EXECUTE PROCEDURE ifx_allow_newline('t', 'f')", "ifx_allow_newline"),
        ("EXECUTE PROCEDURE no_such_proc(1)", "no_such_proc"),
    ]:
        error = db.error(sql)
        assert (error.sqlcode, error.text) == (-674, name), sql
    assert db.error("EXECUTE PROCEDURE ifx_allow_newline('maybe')").sqlcode == -1260


# -- DATETIME / INTERVAL ---------------------------------------------------------------------
def test_qualifiers_starting_at_fraction(db: Client) -> None:
    db.execute(
        "CREATE TABLE q (d3 DATETIME FRACTION TO FRACTION(3), d1 DATETIME FRACTION TO FRACTION(1),"
        " i3 INTERVAL FRACTION TO FRACTION(3), i5 INTERVAL FRACTION TO FRACTION(5))"
    )
    assert [length for _, _, length, _ in db.describe("SELECT * FROM q")] == [
        0x03CD,
        0x01CB,
        0x03CD,
        0x05CF,
    ]
    db.execute("INSERT INTO q VALUES ('.123', '.4', '.123', '.99999')")
    row = one_row(db, "SELECT d3, d1, i3, i5 FROM q")
    # DATETIME values are canonical text: a FRACTION-only one is just its digits
    assert row == (
        "123",
        "4",
        dt.timedelta(microseconds=123000),
        dt.timedelta(microseconds=999990),
    )
    assert db.error("INSERT INTO q (i3) VALUES ('1.5')").sqlcode == -1264
    assert db.error("CREATE TABLE q2 (x DATETIME FRACTION(3) TO FRACTION(3))").sqlcode == -201
    literal = db.describe("SELECT INTERVAL(.25) FRACTION TO FRACTION(2) FROM sysmaster:sysdual")
    assert literal[0][1:3] == (IfxType.INTERVAL, 0x02CC)


def test_interval_plus_interval_follows_the_first_qualifier(db: Client) -> None:
    error = db.error(
        "SELECT INTERVAL(3) HOUR TO HOUR + INTERVAL(5) DAY TO DAY FROM sysmaster:sysdual"
    )
    assert error.sqlcode == -1266 and "HOUR" in error.text and "DAY" in error.text
    error = db.error("SELECT INTERVAL(3) MONTH TO MONTH - INTERVAL(1) YEAR TO YEAR FROM systables")
    assert error.sqlcode == -1266
    # the second operand's finer fields are ignored, the result keeps the first qualifier
    assert db.value(
        "SELECT INTERVAL(5) DAY TO DAY + INTERVAL(27) HOUR TO HOUR FROM sysmaster:sysdual"
    ) == dt.timedelta(days=6)
    assert db.value(
        "SELECT INTERVAL(3) YEAR TO YEAR - INTERVAL(1-11) YEAR TO MONTH FROM sysmaster:sysdual"
    ) == IntervalYM(24)


def test_param_next_to_a_date_or_datetime_is_an_interval(db: Client) -> None:
    day_to_fraction = ColumnType.interval(TU_DAY, TU_F5, 9)
    prepared = db.session.prepare("SELECT MDY(3, 15, 2026) + ? FROM sysmaster:sysdual")
    assert [(p.code, p.length) for p in prepared.params] == [
        (IfxType.INTERVAL, day_to_fraction.length)
    ]
    year_month = ColumnType.interval(TU_YEAR, TU_MONTH, 4).length
    cases = [
        ("SELECT MDY(3, 15, 2026) + ?", Bound("2 03:00:00.00000", IfxType.INTERVAL,
                                            day_to_fraction.length), "2026-03-17 03:00:00.00000"),
        ("SELECT MDY(3, 15, 2026) + ?", Bound("0-02", IfxType.INTERVAL, year_month),
         "2026-05-15 00:00:00.00000"),
        ("SELECT MDY(3, 15, 2026) - ?", Bound(IntervalYM(14), IfxType.INTERVAL),
         "2025-01-15 00:00:00.00000"),
        ("SELECT ? + MDY(3, 15, 2026)", Bound(dt.timedelta(hours=5), IfxType.INTERVAL),
         "2026-03-15 05:00:00.00000"),
        ("SELECT DATETIME(2026-03-15 10:00) YEAR TO MINUTE - ?",
         Bound(dt.timedelta(minutes=30), IfxType.INTERVAL), "2026-03-15 09:30"),
        ("SELECT DATETIME(2026-03-15 10:00) YEAR TO MINUTE + ?",
         Bound(IntervalYM(1), IfxType.INTERVAL), "2026-04-15 10:00"),
        ("SELECT MDY(3, 15, 2026) + ?", Bound("1 00:00:00", IfxType.CHAR),
         "2026-03-16 00:00:00.00000"),
    ]  # fmt: skip
    for sql, value, expected in cases:
        assert db.value(sql + " FROM sysmaster:sysdual", value) == expected, (sql, value)
    assert db.value("SELECT MDY(3, 15, 2026) + ? FROM sysmaster:sysdual", None) is None
    # an integer still counts days, as DATE + INTEGER does
    assert db.value("SELECT MDY(3, 15, 2026) - ? FROM sysmaster:sysdual", 20) == (
        "2026-02-23 00:00:00.00000"
    )
    # an explicit cast still decides, and numbers keep their usual inference
    assert (
        db.value(
            "SELECT MDY(3, 15, 2026) + ?::INTERVAL DAY TO DAY FROM sysmaster:sysdual",
            Bound(dt.timedelta(days=2), IfxType.INTERVAL),
        )
        == "2026-03-17"
    )  # DATE + INTERVAL DAY TO DAY is a DATETIME YEAR TO DAY
    assert db.value("SELECT ? + 1 FROM sysmaster:sysdual", 5) == 6
