"""Operations: lock collisions between sessions, limits, clean shutdown, the log."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

import pytest

import ifxserver
from informix_db.protocol.codes import Msg

from .wire import WireClient, connected, error_of

pytestmark = pytest.mark.conformance


@pytest.fixture
def pair(wire: Any) -> tuple[WireClient, WireClient]:
    setup = wire()
    assert error_of(setup.command("CREATE DATABASE IF NOT EXISTS lock_db WITH LOG")) is None
    holder = wire("lock_db")
    holder.command("DROP TABLE IF EXISTS accounts")
    assert error_of(holder.command("CREATE TABLE accounts (id INT, balance INT)")) is None
    assert error_of(holder.command("INSERT INTO accounts VALUES (1, 100)")) is None
    return holder, wire("lock_db")


def test_second_session_gets_the_lock_error_not_a_hang(pair: Any) -> None:
    holder, other = pair
    assert error_of(holder.batch(lambda w: w.short(Msg.BEGIN))) is None
    assert error_of(holder.command("UPDATE accounts SET balance = 50 WHERE id = 1")) is None
    started = time.monotonic()
    refused = error_of(other.command("UPDATE accounts SET balance = 70 WHERE id = 1"))
    assert (refused.sqlcode, refused.isamcode) == (-346, -107)  # NOT WAIT: record is locked
    assert time.monotonic() - started < 2.0
    assert error_of(other.command("DELETE FROM accounts WHERE id = 1")).sqlcode == -240
    assert error_of(other.command("INSERT INTO accounts VALUES (2, 0)")).sqlcode == -271
    assert error_of(holder.batch(lambda w: w.short(Msg.RBWORK).short(0))) is None
    assert error_of(other.command("UPDATE accounts SET balance = 70 WHERE id = 1")) is None


def test_lock_wait_gives_up_after_its_time(pair: Any) -> None:
    holder, other = pair
    assert error_of(holder.batch(lambda w: w.short(Msg.BEGIN))) is None
    assert error_of(holder.command("UPDATE accounts SET balance = 50")) is None
    assert error_of(other.command("SET LOCK MODE TO WAIT 1")) is None
    started = time.monotonic()
    refused = error_of(other.command("UPDATE accounts SET balance = 70"))
    waited = time.monotonic() - started
    assert (refused.sqlcode, refused.isamcode) == (-346, -154)  # lock wait timed out
    assert 0.9 < waited < 3.0
    assert error_of(holder.batch(lambda w: w.short(Msg.CMMTWORK))) is None


def test_lock_wait_succeeds_when_the_holder_commits(pair: Any) -> None:
    holder, other = pair
    assert error_of(holder.batch(lambda w: w.short(Msg.BEGIN))) is None
    assert error_of(holder.command("UPDATE accounts SET balance = 50")) is None
    assert error_of(other.command("SET LOCK MODE TO WAIT 10")) is None
    release = threading.Timer(0.5, lambda: holder.batch(lambda w: w.short(Msg.CMMTWORK)))
    release.start()
    started = time.monotonic()
    assert error_of(other.command("UPDATE accounts SET balance = balance + 1")) is None
    release.join()
    assert 0.3 < time.monotonic() - started < 5.0


def _login(srv: ifxserver.Server) -> tuple[WireClient, Any]:
    user, password = srv.login
    client = WireClient(srv.host, srv.port)
    return client, client.login(user, password, srv.server_name)


def test_max_sessions_refuses_with_930() -> None:
    with ifxserver.Server(max_sessions=2) as srv:
        first, second = _login(srv), _login(srv)
        assert first[1].accepted and second[1].accepted
        third, response = _login(srv)
        assert not response.accepted and response.sv_error == -930
        first[0].close()
        deadline = time.monotonic() + 5
        while srv.session_count > 1 and time.monotonic() < deadline:
            time.sleep(0.02)
        fourth, response = _login(srv)
        assert response.accepted  # a freed slot is usable again
        for client in (second[0], third, fourth):
            client.close()


def test_message_size_limit_closes_the_session() -> None:
    with ifxserver.Server(max_message_size=64 * 1024) as srv:
        user, password = srv.login
        client = connected(srv.host, srv.port, user, password, srv.server_name, "sysmaster")
        huge = "SELECT 1 FROM systables WHERE tabname = '" + "x" * 100_000 + "'"
        with pytest.raises((ConnectionError, OSError)):
            client.prepare(huge)
            client.prepare("SELECT 1 FROM systables")
        client.close()
        other = connected(srv.host, srv.port, user, password, srv.server_name, "sysmaster")
        assert error_of(other.prepare("SELECT FIRST 1 tabid FROM systables")) is None
        other.close()


def test_clean_shutdown_ends_sessions_promptly() -> None:
    srv = ifxserver.Server()
    user, password = srv.login
    clients = [connected(srv.host, srv.port, user, password, srv.server_name) for _ in range(3)]
    assert srv.session_count == 3
    started = time.monotonic()
    srv.stop()
    assert time.monotonic() - started < 3.0
    assert srv.session_count == 0
    for client in clients:
        with pytest.raises((ConnectionError, OSError)):
            client.prepare("SELECT 1 FROM systables")
        client.close()


def test_sessions_and_errors_are_logged(caplog: pytest.LogCaptureFixture, wire: Any) -> None:
    with caplog.at_level(logging.INFO, logger="ifxserver"):
        client = wire("sysmaster")
        error_of(client.prepare("SELECT * FROM no_such_table_logged"))
        client.close()
        deadline = time.monotonic() + 5
        while "event=end" not in caplog.text and time.monotonic() < deadline:
            time.sleep(0.02)
    assert "event=login" in caplog.text and "user=informix" in caplog.text
    assert "event=error sqlcode=-206" in caplog.text and "no_such_table_logged" in caplog.text
    assert "event=end" in caplog.text and "requests=" in caplog.text
