"""The walking-skeleton types, written by our driver and read back, NULLs included."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest

import informix_db

pytestmark = pytest.mark.integration

CASES = [
    ("SMALLINT", [0, 1, -1, 32767, -32767], None),
    ("INTEGER", [0, 42, -2147483647, 2147483647], None),
    ("BIGINT", [0, 2**40, -(2**63 - 1), 2**63 - 1], None),
    ("FLOAT", [0.0, 1.5, -2.25e100, 3.141592653589793], None),
    ("SMALLFLOAT", [0.0, 2.5, -0.125], None),
    ("DECIMAL(10,2)", [Decimal("0.00"), Decimal("12345678.90"), Decimal("-0.01")], None),
    ("DECIMAL(32,10)", [Decimal("1234567890123456789012.0123456789")], None),
    ("CHAR(10)", ["abc", "", "ten chars!"], lambda v: v.ljust(10)),
    ("VARCHAR(20)", ["", "hello", "with trailing  "], None),
    ("LVARCHAR(3000)", ["x" * 2500, "", "short"], None),
    ("DATE", [dt.date(2026, 8, 31), dt.date(1, 1, 1), dt.date(9999, 12, 31)], None),
    ("BOOLEAN", [True, False], None),
]


@pytest.mark.parametrize(("sqltype", "values", "expect"), CASES, ids=[c[0] for c in CASES])
def test_round_trip(
    ifx_conn: informix_db.Connection,
    make_table: Callable[[str], str],
    sqltype: str,
    values: list[object],
    expect: Callable[[object], object] | None,
) -> None:
    t = make_table(f"(id INT, v {sqltype})")
    cur = ifx_conn.cursor()
    cur.executemany(f"INSERT INTO {t} VALUES (?, ?)", [(i, v) for i, v in enumerate(values)])
    cur.execute(f"INSERT INTO {t} VALUES (?, ?)", (len(values), None))
    cur.execute(f"SELECT v FROM {t} ORDER BY id")
    got = [r[0] for r in cur.fetchall()]
    want = [expect(v) if expect else v for v in values] + [None]
    assert got == want
    assert [type(v) for v in got[:-1]] == [type(v) for v in want[:-1]]


def test_serial_reported_as_lastrowid(
    ifx_conn: informix_db.Connection, make_table: Callable[[str], str]
) -> None:
    t = make_table("(id SERIAL, name VARCHAR(10))")
    cur = ifx_conn.cursor()
    cur.execute(f"INSERT INTO {t} (name) VALUES (?)", ("a",))
    first = cur.lastrowid
    cur.execute(f"INSERT INTO {t} (name) VALUES (?)", ("b",))
    assert first is not None and cur.lastrowid == first + 1
    cur.execute(f"INSERT INTO {t} VALUES (100, 'c')")
    cur.execute(f"INSERT INTO {t} VALUES (0, 'd')")
    assert cur.lastrowid == 101
    cur.execute(f"SELECT id FROM {t} ORDER BY id")
    assert [r[0] for r in cur.fetchall()] == [first, first + 1, 100, 101]


def test_decimal_arithmetic_is_exact(ifx_conn: informix_db.Connection) -> None:
    cur = ifx_conn.cursor()
    cur.execute("SELECT 0.1 + 0.2 FROM systables WHERE tabid = 1")
    assert cur.fetchone()[0] == Decimal("0.3")


def test_char_compares_ignoring_trailing_blanks(
    ifx_conn: informix_db.Connection, make_table: Callable[[str], str]
) -> None:
    t = make_table("(c CHAR(8))")
    cur = ifx_conn.cursor()
    cur.execute(f"INSERT INTO {t} VALUES ('ab')")
    cur.execute(f"SELECT COUNT(*) FROM {t} WHERE c = ?", ("ab   ",))
    assert int(cur.fetchone()[0]) == 1


def test_out_of_range_int_is_a_data_error(ifx_conn: informix_db.Connection) -> None:
    with pytest.raises(informix_db.DataError):
        ifx_conn.cursor().execute("SELECT 1 FROM systables WHERE tabid = ?", (2**70,))


def test_unsupported_parameter_type(ifx_conn: informix_db.Connection) -> None:
    with pytest.raises(informix_db.NotSupportedError):
        ifx_conn.cursor().execute("SELECT 1 FROM systables WHERE tabid = ?", (object(),))
