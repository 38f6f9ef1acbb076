"""Cancel (TCP urgent byte 0x42), statement timeout and clients that die mid-statement."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

import ifxserver
from informix_db.protocol.buffer import Writer
from informix_db.protocol.codes import Msg
from informix_db.protocol.messages import statement

from .wire import WireClient, connected, error_of, stmt_id_of

pytestmark = pytest.mark.conformance

SLOW = "UPDATE slow SET n = n + IFX_SLEEP(20) * 0"  # would take 20 s per row


def setup_database(client: WireClient, name: str) -> None:
    assert error_of(client.command(f"CREATE DATABASE IF NOT EXISTS {name} WITH LOG")) is None
    client.command("DROP TABLE IF EXISTS slow")
    assert error_of(client.command("CREATE TABLE slow (n INT)")) is None
    assert error_of(client.command("INSERT INTO slow VALUES (1)")) is None


def cancel_later(sock: socket.socket, delay: float) -> threading.Timer:
    timer = threading.Timer(delay, lambda: sock.send(b"\x42", socket.MSG_OOB))
    timer.start()
    return timer


def test_urgent_byte_interrupts_the_statement(wire: Any) -> None:
    client = wire()
    setup_database(client, "cancel_db")
    started = time.monotonic()
    timer = cancel_later(client.sock, 0.3)
    replies = client.command(SLOW)
    timer.join()
    elapsed = time.monotonic() - started
    assert error_of(replies).sqlcode == -213
    assert elapsed < 1.5
    # The urgent byte never reached the message stream: the session goes on normally.
    assert error_of(client.command("UPDATE slow SET n = 2")) is None
    assert error_of(client.command("UPDATE slow SET n = 3 WHERE n = 2")) is None


def test_urgent_byte_while_idle_is_ignored(wire: Any) -> None:
    client = wire()
    setup_database(client, "cancel_db")
    client.sock.send(b"\x42", socket.MSG_OOB)
    time.sleep(0.1)
    assert error_of(client.command("UPDATE slow SET n = n + IFX_SLEEP(0.2) * 0")) is None


def test_cancel_inside_a_transaction_keeps_the_transaction(wire: Any) -> None:
    client = wire()
    setup_database(client, "cancel_db")
    assert error_of(client.batch(lambda w: w.short(Msg.BEGIN))) is None
    assert error_of(client.command("INSERT INTO slow VALUES (7)")) is None
    timer = cancel_later(client.sock, 0.2)
    assert error_of(client.command(SLOW)).sqlcode == -213
    timer.join()
    assert error_of(client.batch(lambda w: w.short(Msg.CMMTWORK))) is None
    other = wire("cancel_db")
    assert error_of(other.command("DELETE FROM slow WHERE n = 7")) is None  # 7 was committed


@pytest.fixture(scope="module")
def timed_server() -> Iterator[ifxserver.Server]:
    srv = ifxserver.Server(statement_timeout=0.5)
    try:
        yield srv
    finally:
        srv.stop()


def timed_client(srv: ifxserver.Server, database: str | None = None) -> WireClient:
    user, password = srv.login
    return connected(srv.host, srv.port, user, password, srv.server_name, database)


def test_statement_timeout(timed_server: ifxserver.Server) -> None:
    client = timed_client(timed_server)
    try:
        setup_database(client, "timeout_db")
        started = time.monotonic()
        assert error_of(client.command(SLOW)).sqlcode == -213
        assert 0.4 < time.monotonic() - started < 2.0
        assert error_of(client.command("UPDATE slow SET n = n + IFX_SLEEP(0.1) * 0")) is None
    finally:
        client.close()


def test_client_death_mid_statement_frees_its_locks(wire: Any) -> None:
    setup = wire()
    setup_database(setup, "cancel_db")
    doomed = wire("cancel_db")
    assert error_of(doomed.batch(lambda w: w.short(Msg.BEGIN))) is None
    assert error_of(doomed.command("UPDATE slow SET n = 10")) is None  # holds the write lock
    w = Writer()
    statement.write_command(w, SLOW.encode(), doomed.caps)
    w.short(Msg.EOT)
    doomed.sock.sendall(w.getvalue())
    time.sleep(0.2)
    doomed.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    doomed.sock.close()  # RST: the session dies inside its statement
    survivor = wire("cancel_db")
    assert error_of(survivor.command("SET LOCK MODE TO WAIT 3")) is None
    started = time.monotonic()
    assert error_of(survivor.command("UPDATE slow SET n = 11")) is None
    assert time.monotonic() - started < 3.0


def test_cancel_of_a_long_query(wire: Any) -> None:
    client = wire("sysmaster")
    prepared = client.prepare(
        "SELECT COUNT(*) FROM systables a, systables b, systables c, systables d, systables e"
    )
    stmt = stmt_id_of(prepared)
    timer = cancel_later(client.sock, 0.3)
    started = time.monotonic()
    interrupted = error_of(client.open_cursor(stmt, "c_long"))  # SQLite counts while opening
    timer.join()
    assert interrupted is not None and interrupted.sqlcode == -213
    assert time.monotonic() - started < 1.5
    assert error_of(client.on_statement(stmt, Msg.RELEASE)) is None
    assert error_of(client.prepare("SELECT FIRST 1 tabid FROM systables")) is None
