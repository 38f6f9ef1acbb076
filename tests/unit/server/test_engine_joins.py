"""Outer joins: Informix's `OUTER t` / `OUTER (a, OUTER b)` forms and ANSI FULL JOIN."""

from __future__ import annotations

import datetime as dt

import pytest

from .conftest import Client

pytestmark = pytest.mark.unit


@pytest.fixture
def orders(db: Client) -> Client:
    db.execute("CREATE TABLE c (id INT, name CHAR(5))")
    db.execute("CREATE TABLE o (oid INT, cid INT)")
    db.execute("CREATE TABLE i (ioid INT, item CHAR(5))")
    for sql in (
        "INSERT INTO c VALUES (1, 'ann')",
        "INSERT INTO c VALUES (2, 'bob')",
        "INSERT INTO c VALUES (3, 'cy')",
        "INSERT INTO o VALUES (10, 1)",
        "INSERT INTO o VALUES (11, 2)",
        "INSERT INTO i VALUES (10, 'nut')",
    ):
        db.execute(sql)
    return db


def test_outer_group_with_nested_outer(orders: Client) -> None:
    rows = orders.rows(
        "SELECT c.name, o.oid, i.item FROM c, OUTER (o, OUTER i)"
        " WHERE c.id = o.cid AND o.oid = i.ioid ORDER BY 1"
    )
    assert rows == [("ann", 10, "nut"), ("bob", 11, None), ("cy", None, None)]


def test_outer_group_members_are_joined_to_each_other(orders: Client) -> None:
    rows = orders.rows(
        "SELECT c.name, o.oid, i.item FROM c, OUTER (o, i)"
        " WHERE c.id = o.cid AND o.oid = i.ioid ORDER BY 1"
    )
    assert rows == [("ann", 10, "nut"), ("bob", None, None), ("cy", None, None)]
    described = orders.describe("SELECT o.oid FROM c, OUTER (o, i) WHERE c.id = o.cid")
    assert described == [("oid", 2, 4, True)]


def test_outer_table_after_other_dominant_tables(orders: Client) -> None:
    # The outer table's condition names a dominant table listed after it.
    rows = orders.rows(
        "SELECT c.name, i.item FROM o, OUTER i, c"
        " WHERE o.cid = c.id AND i.ioid = o.oid AND c.id < 3 ORDER BY 1"
    )
    assert rows == [("ann", "nut"), ("bob", None)]


def test_filter_on_outer_table_applies_while_joining(orders: Client) -> None:
    rows = orders.rows(
        "SELECT c.name, o.oid FROM c, OUTER o WHERE c.id = o.cid AND o.oid > 10 ORDER BY 1"
    )
    assert rows == [("ann", None), ("bob", 11), ("cy", None)]


def test_full_join(orders: Client) -> None:
    rows = orders.rows(
        "SELECT c.name, o.oid FROM c FULL OUTER JOIN o ON c.id = o.cid - 1 ORDER BY 2, 1"
    )
    assert rows == [("bob", None), ("cy", None), (None, 10), ("ann", 11)]
    assert orders.describe("SELECT c.id, o.oid FROM c FULL JOIN o ON c.id = o.cid") == [
        ("id", 2, 4, True),
        ("oid", 2, 4, True),
    ]


def test_interval_plus_date_and_datetime(db: Client) -> None:
    assert db.value("SELECT 3 UNITS DAY + MDY(1, 30, 2024) FROM systables WHERE tabid = 1") == (
        "2024-02-02"
    )
    moved = db.value(
        "SELECT INTERVAL(1 02:00) DAY TO MINUTE + DATETIME(2024-01-30 10:00) YEAR TO MINUTE"
        " FROM systables WHERE tabid = 1"
    )
    assert moved == "2024-01-31 12:00"
    assert db.value("SELECT MDY(3, 1, 2024) - 1 FROM systables WHERE tabid = 1") == dt.date(
        2024, 2, 29
    )
