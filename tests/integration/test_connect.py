"""Connecting, logging in, and what a failed login or a dead address looks like."""

from __future__ import annotations

import socket
import time

import pytest

import informix_db

pytestmark = pytest.mark.integration


def test_dual_idiom_returns_one_row(ifx_conn: informix_db.Connection) -> None:
    cur = ifx_conn.cursor()
    cur.execute("SELECT 1 FROM systables WHERE tabid = 1")
    assert cur.fetchall() == [(1,)]


def test_wrong_password_is_rejected_fast_with_951(ifx_target) -> None:  # type: ignore[no-untyped-def]
    start = time.monotonic()
    with pytest.raises((informix_db.OperationalError, informix_db.InterfaceError)) as info:
        ifx_target.connect(password="definitely-wrong")
    assert info.value.sqlcode == -951
    assert time.monotonic() - start < 2.0
    assert "definitely-wrong" not in str(info.value)


def test_unknown_user_is_rejected_with_951(ifx_target) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(informix_db.OperationalError) as info:
        ifx_target.connect(user="nobody_here", password="x")
    assert info.value.sqlcode == -951


def test_unknown_database_raises_329(ifx_target) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(informix_db.DatabaseError) as info:
        ifx_target.connect(database="no_such_db_xyz")
    assert info.value.sqlcode == -329


def test_nothing_listening_raises_operational_error_fast() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    start = time.monotonic()
    with pytest.raises(informix_db.OperationalError) as info:
        informix_db.connect("127.0.0.1", port, user="u", password="p", connect_timeout=3)
    assert time.monotonic() - start < 3.0
    assert f"127.0.0.1:{port}" in str(info.value)


def test_dsn_string_connects(ifx_target) -> None:  # type: ignore[no-untyped-def]
    t = ifx_target
    dsn = f"informix://{t.user}:{t.password}@{t.host}:{t.port}/{t.database}?server={t.server}"
    with informix_db.connect(dsn) as conn:
        assert conn.database == t.database
        assert conn.execute("SELECT COUNT(*) FROM systables WHERE tabid = 1").fetchone()[0] == 1


def test_connection_reports_database_and_logging(ifx_conn: informix_db.Connection) -> None:
    assert ifx_conn.database
    assert ifx_conn.logged is True
    assert "Version" in ifx_conn.server_info


def test_close_is_idempotent_and_later_use_fails(ifx_target) -> None:  # type: ignore[no-untyped-def]
    conn = ifx_target.connect()
    cur = conn.cursor()
    conn.close()
    conn.close()
    assert conn.closed
    with pytest.raises(informix_db.InterfaceError):
        cur.execute("SELECT 1 FROM systables WHERE tabid = 1")
    with pytest.raises(informix_db.InterfaceError):
        conn.cursor()


def test_repr_never_shows_password(ifx_target) -> None:  # type: ignore[no-untyped-def]
    with ifx_target.connect() as conn:
        assert ifx_target.password not in repr(conn)
