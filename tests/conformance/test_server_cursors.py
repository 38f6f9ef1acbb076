"""Cursors on the wire: WITH HOLD across COMMIT, closing at transaction end,
several open statements interleaved, scroll cursors (SFETCH types 1-7)."""

from __future__ import annotations

from typing import Any

import pytest

from informix_db.protocol.codes import Msg
from informix_db.protocol.messages.cursor import (
    FETCH_ABSOLUTE,
    FETCH_CURRENT,
    FETCH_FIRST,
    FETCH_LAST,
    FETCH_NEXT,
    FETCH_PRIOR,
    FETCH_RELATIVE,
)

from .wire import WireClient, decode_rows, described_columns, error_of, stmt_id_of, tags

pytestmark = pytest.mark.conformance

ONE_ROW = 16  # a fetch buffer so small that each reply carries one row


@pytest.fixture
def client(wire: Any) -> WireClient:
    setup = wire()
    assert error_of(setup.command("CREATE DATABASE IF NOT EXISTS cursor_db WITH LOG")) is None
    c: WireClient = wire("cursor_db")
    c.command("DROP TABLE IF EXISTS numbers")
    c.command("CREATE TABLE numbers (n INT, word CHAR(5))")
    for n in range(1, 11):
        assert error_of(c.command(f"INSERT INTO numbers VALUES ({n}, 'w{n}')")) is None
    return c


def open_query(c: WireClient, sql: str, name: str, *extra: int) -> tuple[int, list[Any]]:
    prepared = c.prepare(sql)
    stmt = stmt_id_of(prepared)
    assert error_of(c.open_cursor(stmt, name, *extra)) is None
    return stmt, described_columns(prepared)


def fetch_values(c: WireClient, stmt: int, columns: list[Any], size: int = ONE_ROW) -> list[Any]:
    return [row[0] for row in decode_rows(columns, c.fetch(stmt, size))]


def test_hold_cursor_survives_commit_and_others_close(client: WireClient) -> None:
    assert tags(client.batch(lambda w: w.short(Msg.BEGIN))) == [Msg.XACTSTAT]  # "began"
    held, columns = open_query(client, "SELECT n FROM numbers ORDER BY n", "held_c", Msg.HOLD)
    plain, _ = open_query(client, "SELECT n FROM numbers ORDER BY n", "plain_c")
    assert fetch_values(client, held, columns) == [1]
    assert fetch_values(client, plain, columns) == [1]
    assert error_of(client.batch(lambda w: w.short(Msg.CMMTWORK))) is None
    assert fetch_values(client, held, columns, 4096) == list(range(2, 11))
    closed = error_of(client.fetch(plain))
    assert closed is not None and closed.sqlcode == -400


def test_rollback_and_commit_statement_close_cursors(client: WireClient) -> None:
    client.command("BEGIN WORK")
    stmt, columns = open_query(client, "SELECT n FROM numbers", "c_rb")
    assert len(fetch_values(client, stmt, columns)) == 1
    assert error_of(client.batch(lambda w: w.short(Msg.RBWORK).short(0))) is None
    assert error_of(client.fetch(stmt)).sqlcode == -400
    assert error_of(client.open_cursor(stmt, "c_rb")) is None  # reopened outside a transaction
    client.command("BEGIN WORK")
    assert error_of(client.command("COMMIT WORK")) is None  # the SQL statement too
    assert error_of(client.fetch(stmt)).sqlcode == -400


def test_autocommit_statements_leave_cursors_open(client: WireClient) -> None:
    stmt, columns = open_query(client, "SELECT n FROM numbers ORDER BY n", "c_auto")
    assert fetch_values(client, stmt, columns) == [1]
    assert error_of(client.command("UPDATE numbers SET word = 'x' WHERE n = 10")) is None
    assert fetch_values(client, stmt, columns, 4096) == list(range(2, 11))


def test_interleaved_statements(client: WireClient) -> None:
    up, columns = open_query(client, "SELECT n FROM numbers ORDER BY n", "c_up")
    down, _ = open_query(client, "SELECT n FROM numbers ORDER BY n DESC", "c_down")
    assert up != down
    seen = []
    for _ in range(3):
        seen.append((fetch_values(client, up, columns)[0], fetch_values(client, down, columns)[0]))
    assert seen == [(1, 10), (2, 9), (3, 8)]
    assert error_of(client.on_statement(down, Msg.CLOSE, Msg.RELEASE)) is None
    assert fetch_values(client, up, columns, 4096) == list(range(4, 11))
    released = error_of(client.fetch(down))
    assert released is not None and released.sqlcode == -267


def sfetch(c: WireClient, stmt: int, kind: int, columns: list[Any], target: int = 0) -> Any:
    replies = c.sfetch(stmt, kind, target)
    assert error_of(replies) is None, replies
    rows = decode_rows(columns, replies)
    positions = [body.row for tag, body in replies if tag == Msg.TUPID]
    return (rows[0][0], positions[0]) if rows else None


def test_scroll_cursor_every_fetch_type(client: WireClient) -> None:
    stmt, columns = open_query(client, "SELECT n FROM numbers ORDER BY n", "c_scroll", Msg.SCROLL)
    assert sfetch(client, stmt, FETCH_NEXT, columns) == (1, 1)
    assert sfetch(client, stmt, FETCH_NEXT, columns) == (2, 2)
    assert sfetch(client, stmt, FETCH_LAST, columns) == (10, 10)
    assert sfetch(client, stmt, FETCH_PRIOR, columns) == (9, 9)
    assert sfetch(client, stmt, FETCH_CURRENT, columns) == (9, 9)
    assert sfetch(client, stmt, FETCH_RELATIVE, columns, -3) == (6, 6)
    assert sfetch(client, stmt, FETCH_ABSOLUTE, columns, 4) == (4, 4)
    assert sfetch(client, stmt, FETCH_FIRST, columns) == (1, 1)
    assert sfetch(client, stmt, FETCH_PRIOR, columns) is None  # before the first row
    assert sfetch(client, stmt, FETCH_ABSOLUTE, columns, 11) is None  # past the end
    assert sfetch(client, stmt, FETCH_PRIOR, columns) == (10, 10)


def test_sfetch_on_a_forward_cursor_is_482(client: WireClient) -> None:
    stmt, _ = open_query(client, "SELECT n FROM numbers", "c_fwd")
    refused = error_of(client.sfetch(stmt, FETCH_ABSOLUTE, 1))
    assert refused is not None and refused.sqlcode == -482
