"""Parameter typing (the describe of `?`) and bind conversions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ifxserver.engine import Bound
from informix_db.protocol.codes import IfxType

from .conftest import Client

pytestmark = pytest.mark.unit


@pytest.fixture
def t(db: Client) -> Client:
    db.execute(
        "CREATE TABLE t (id INT NOT NULL, name VARCHAR(10), price DECIMAL(8,2), day DATE,"
        " flag BOOLEAN, code CHAR(3))"
    )
    return db


def param_types(client: Client, sql: str) -> list[tuple[int, int]]:
    return [(p.code, p.length) for p in client.session.prepare(sql).params]


def test_insert_values_params(t: Client) -> None:
    prepared = t.session.prepare("INSERT INTO t (id, name, price) VALUES (?, ?, ?)")
    assert [(p.code, p.length) for p in prepared.params] == [
        (IfxType.INT, 4),
        (IfxType.VARCHAR, 10),
        (IfxType.DECIMAL, 0x0802),
    ]
    assert [c.name for c in prepared.columns] == ["id", "name", "price"]
    assert param_types(t, "INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)") == [
        (IfxType.INT, 4),
        (IfxType.VARCHAR, 10),
        (IfxType.DECIMAL, 0x0802),
        (IfxType.DATE, 4),
        (IfxType.UDTFIXED, 1),
        (IfxType.CHAR, 3),
    ]


def test_where_and_update_params(t: Client) -> None:
    assert param_types(t, "SELECT name FROM t WHERE id = ?") == [(IfxType.INT, 4)]
    assert param_types(t, "SELECT name FROM t WHERE ? = price") == [(IfxType.DECIMAL, 0x0802)]
    assert param_types(t, "UPDATE t SET name = ? WHERE id = ?") == [
        (IfxType.VARCHAR, 10),
        (IfxType.INT, 4),
    ]
    assert param_types(t, "DELETE FROM t WHERE day BETWEEN ? AND ?") == [
        (IfxType.DATE, 4),
        (IfxType.DATE, 4),
    ]
    assert param_types(t, "SELECT id FROM t WHERE name IN (?, ?)") == [
        (IfxType.VARCHAR, 10),
        (IfxType.VARCHAR, 10),
    ]
    assert param_types(t, "SELECT id FROM t WHERE id + ? > 3") == [(IfxType.INT, 4)]
    assert param_types(t, "SELECT ?::INT FROM systables") == [(IfxType.INT, 4)]
    assert param_types(t, "SELECT CAST(? AS DECIMAL(5,1)) FROM systables") == [
        (IfxType.DECIMAL, 0x0501)
    ]


def test_param_cast_in_projection(t: Client) -> None:
    assert t.value("SELECT ?::INT FROM systables WHERE tabid = 1", "42") == 42
    assert t.error("SELECT ? FROM systables").sqlcode == -201
    assert t.error("SELECT ?::INT FROM systables WHERE tabid = 1", "abc").sqlcode == -1213
    assert t.error("SELECT ?::SMALLINT FROM systables WHERE tabid = 1", 99999).sqlcode == -1214


def test_bind_conversions(t: Client) -> None:
    t.execute(
        "INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)",
        "42",
        123,
        "9.999",
        Bound("12/25/2025", IfxType.CHAR),
        "t",
        7,
    )
    assert t.rows("SELECT id, name, price, day, flag, code FROM t") == [
        (42, "123", Decimal("10.00"), dt.date(2025, 12, 25), True, "7")
    ]
    error = t.error("INSERT INTO t (id) VALUES (?)", "abc")
    assert error.sqlcode == -1213
    t.execute("INSERT INTO t (id, price) VALUES (?, ?)", 1, 12.345)
    assert t.value("SELECT price FROM t WHERE id = 1") == Decimal("12.35")
    assert t.error("INSERT INTO t (id, price) VALUES (?, ?)", 2, Decimal("1e7")).sqlcode == -1226


def test_parameter_count_mismatch(t: Client) -> None:
    prepared = t.session.prepare("SELECT name FROM t WHERE id = ?")
    with pytest.raises(Exception) as info:
        prepared.open([])
    assert getattr(info.value, "sqlcode", None) == -254
    insert = t.session.prepare("INSERT INTO t (id) VALUES (?)")
    with pytest.raises(Exception) as info:
        insert.execute([Bound(1, IfxType.INT), Bound(2, IfxType.INT)])
    assert getattr(info.value, "sqlcode", None) == -254


def test_null_binds(t: Client) -> None:
    t.execute("INSERT INTO t (id, name, day) VALUES (?, ?, ?)", 1, None, Bound(None, IfxType.DATE))
    assert t.rows("SELECT name, day FROM t") == [(None, None)]
    error = t.error("INSERT INTO t (id) VALUES (?)", None)
    assert (error.sqlcode, error.text) == (-391, "id")


def test_prepared_statement_reuse(t: Client) -> None:
    insert = t.session.prepare("INSERT INTO t (id, name) VALUES (?, ?)")
    for number in range(5):
        insert.execute([Bound(number, IfxType.INT), Bound(f"n{number}", IfxType.CHAR)])
    select = t.session.prepare("SELECT name FROM t WHERE id >= ? ORDER BY id")
    cursor = select.open([Bound(3, IfxType.INT)])
    assert cursor.fetch(1) == [("n3",)]
    assert cursor.fetch(10) == [("n4",)]
    assert cursor.fetch(10) == []
    assert cursor.fetched == 2
    cursor.close()


def test_scroll_cursor(t: Client) -> None:
    for number in range(1, 6):
        t.execute("INSERT INTO t (id) VALUES (?)", number)
    prepared = t.session.prepare("SELECT id FROM t ORDER BY id")
    cursor = prepared.open([], scrollable=True)
    assert cursor.count() == 5
    assert cursor.row_at(5) == (5,)
    assert cursor.row_at(1) == (1,)
    assert cursor.row_at(6) is None
    assert cursor.fetch(2) == [(1,), (2,)]
    cursor.close()


def test_datetime_and_interval_binds(db: Client) -> None:
    db.execute("CREATE TABLE dtb (d DATETIME YEAR TO SECOND, i INTERVAL DAY(9) TO FRACTION(5))")
    db.execute(
        "INSERT INTO dtb VALUES (?, ?)",
        Bound("2026-08-31 12:30:15.99999", IfxType.DATETIME, 0x130F),
        Bound("3 04:05:06.50000", IfxType.INTERVAL, 0x144F),
    )
    assert db.rows("SELECT d, i FROM dtb") == [
        ("2026-08-31 12:30:15", dt.timedelta(days=3, hours=4, minutes=5, seconds=6.5))
    ]
    assert db.rows("SELECT 1 FROM dtb WHERE d = ?", Bound("2026-08-31 12:30:15", IfxType.CHAR)) == [
        (1,)
    ]


def test_compared_params_are_not_truncated(t: Client) -> None:
    t.execute("INSERT INTO t (id, code, price) VALUES (1, 'abc', 1.25)")
    assert t.rows("SELECT id FROM t WHERE code = ?", "abcd") == []
    assert t.rows("SELECT id FROM t WHERE code = ?", "abc  ") == [(1,)]
    assert t.rows("SELECT id FROM t WHERE price = ?", Decimal("1.249")) == []
    assert t.rows("SELECT id FROM t WHERE price < ?", Decimal("1.251")) == [(1,)]
    assert t.rows("SELECT id FROM t WHERE id <> ?", 10**12) == [(1,)]
