"""Session-level protocol behaviour of the embedded server, checked on the wire."""

from __future__ import annotations

from typing import Any

import pytest

from informix_db.protocol.codes import Msg
from informix_db.protocol.messages import statement

from .wire import (
    WireClient,
    client_with_table,
    decode_rows,
    described_columns,
    error_of,
    stmt_id_of,
    tags,
)

pytestmark = pytest.mark.conformance


def _ensure_database(wire: Any, name: str) -> None:
    client = wire()
    replies = client.command(f"CREATE DATABASE IF NOT EXISTS {name} WITH LOG")
    assert error_of(replies) is None, replies


def _login(server: Any, database: str | None) -> tuple[WireClient, Any]:
    user, password = server.login
    client = WireClient(server.host, server.port)
    return client, client.login(user, password, server.server_name, database)


def test_database_in_login_pdu_is_opened_and_dbopen_then_fails(server: Any, wire: Any) -> None:
    _ensure_database(wire, "login_db")
    client, response = _login(server, "login_db")
    try:
        assert response.accepted
        client.protocols()
        replies = client.command("CREATE TEMP TABLE t_login (a INT)")
        assert error_of(replies) is None  # the database is open without DBOPEN
        refused = error_of(client.dbopen("login_db"))
        assert refused is not None and refused.sqlcode == -759
        assert error_of(client.command("DROP TABLE t_login")) is None  # session still usable
    finally:
        client.close()


def test_unknown_database_in_login_pdu_is_a_rejected_login(server: Any) -> None:
    client, response = _login(server, "no_such_db")
    try:
        assert not response.accepted
        assert response.sv_error == -329
    finally:
        client.close()


def test_requests_served_counts_each_answered_batch(server: Any, wire: Any) -> None:
    client = wire("sysmaster")
    before = server.requests_served
    assert error_of(client.prepare("SELECT FIRST 1 tabid FROM sysmaster:systables")) is None
    assert error_of(client.prepare("SELECT tabid FROM nosuch_table_here")) is not None
    assert server.requests_served - before == 2
    client.sock.sendall(b"\x00\x38")  # SQ_EXIT, bare
    assert tags(client.replies()) == []  # the reply is SQ_EXIT
    assert server.requests_served - before == 3


def test_several_commands_in_one_batch_and_error_skips_the_rest(wire: Any) -> None:
    client = client_with_table(wire, "batch_db", "b", "(n INT PRIMARY KEY)")

    def commands(*sqls: str) -> Any:
        def build(w: Any) -> None:
            for sql in sqls:
                statement.write_command(w, sql.encode(), client.caps)

        return client.batch(build)

    replies = commands("INSERT INTO b VALUES (1)", "INSERT INTO b VALUES (2)")
    done = [body for tag, body in replies if tag == Msg.DONE]
    assert [d.rows for d in done] == [1, 1]  # one DONE per statement, one EOT for the batch
    replies = commands(
        "INSERT INTO b VALUES (3)", "INSERT INTO b VALUES (1)", "INSERT INTO b VALUES (4)"
    )
    assert tags(replies).count(Msg.DONE) == 1 and error_of(replies).sqlcode == -268
    prepared = client.prepare("SELECT COUNT(*) FROM b")
    assert error_of(client.open_cursor(stmt_id_of(prepared), "c_count")) is None
    counted = decode_rows(described_columns(prepared), client.fetch(stmt_id_of(prepared)))
    assert counted == [(3,)]  # 1, 2, 3: the statement after the failing one did not run


def test_serial_values_are_reported_back(wire: Any) -> None:
    client = wire()
    assert error_of(client.command("CREATE DATABASE IF NOT EXISTS serial_db WITH LOG")) is None
    client = wire("serial_db")
    client.command("DROP TABLE IF EXISTS s4")
    client.command("DROP TABLE IF EXISTS s8")
    client.command("DROP TABLE IF EXISTS sb")
    client.command("CREATE TABLE s4 (id SERIAL(100), v INT)")
    client.command("CREATE TABLE s8 (id SERIAL8, v INT)")
    client.command("CREATE TABLE sb (id BIGSERIAL(7), v INT)")

    def inserted(sql: str) -> tuple[Any, Any]:
        replies = client.command(sql)
        assert error_of(replies) is None, replies
        done = [body for tag, body in replies if tag == Msg.DONE]
        extra = [body for tag, body in replies if tag == Msg.INSERTDONE]
        return done[0], (extra[0] if extra else None)

    done, extra = inserted("INSERT INTO s4 (v) VALUES (1)")
    assert (done.rows, done.serial, extra) == (1, 100, None)  # SERIAL: sqlerrd[1] in SQ_DONE
    assert inserted("INSERT INTO s4 VALUES (0, 2)")[0].serial == 101
    done, extra = inserted("INSERT INTO s8 (v) VALUES (1)")
    assert (done.serial, extra.serial8, extra.bigserial) == (0, 1, 0)  # SERIAL8: SQ_INSERTDONE
    done, extra = inserted("INSERT INTO sb (v) VALUES (1)")
    assert (extra.serial8, extra.bigserial) == (0, 7)
