"""Transactions in the three logging modes, savepoints, and two sessions colliding."""

from __future__ import annotations

import threading
import time

import pytest

from informix_db.protocol.codes import StmtType

from .conftest import Client

pytestmark = pytest.mark.unit


def make(make_client: object, database: str, logging: str) -> Client:
    client = make_client(None)  # type: ignore[operator]
    client.execute(f"CREATE DATABASE {database} {logging}")
    client.execute("CREATE TABLE t (a INT UNIQUE)")
    return client


def count(client: Client) -> int:
    return int(client.value("SELECT COUNT(*) FROM t"))  # type: ignore[arg-type]


def test_logged_singleton_and_explicit(make_client: object) -> None:
    client = make(make_client, "logged", "WITH LOG")
    other = make_client("logged")  # type: ignore[operator]
    assert not client.session.in_transaction
    client.execute("INSERT INTO t VALUES (1)")
    assert count(other) == 1  # singleton statements commit at once
    begin = client.session.prepare("BEGIN WORK")
    assert begin.stmt_type == StmtType.BEGWORK
    begin.execute([])
    assert client.session.in_transaction
    client.execute("INSERT INTO t VALUES (2)")
    assert count(other) == 1  # not yet visible
    commit = client.session.prepare("COMMIT WORK")
    assert commit.stmt_type == StmtType.COMMIT
    commit.execute([])
    assert count(other) == 2
    client.session.begin()
    client.execute("DELETE FROM t")
    rollback = client.session.prepare("ROLLBACK")
    assert rollback.stmt_type == StmtType.ROLLBACK
    rollback.execute([])
    assert count(client) == 2


def test_logged_transaction_errors(make_client: object) -> None:
    client = make(make_client, "logged2", "WITH LOG")
    assert client.error("COMMIT WORK").sqlcode == -255
    assert client.error("ROLLBACK WORK").sqlcode == -255
    client.execute("BEGIN")
    assert client.error("BEGIN WORK").sqlcode == -535
    client.execute("COMMIT")
    with pytest.raises(Exception) as info:
        client.session.commit()
    assert getattr(info.value, "sqlcode", None) == -255


def test_failed_statement_keeps_transaction(make_client: object) -> None:
    client = make(make_client, "logged3", "WITH LOG")
    client.execute("BEGIN WORK")
    client.execute("INSERT INTO t VALUES (1)")
    assert client.error("INSERT INTO t VALUES (1)").sqlcode == -268
    assert (
        client.error(
            "INSERT INTO t SELECT a FROM t UNION ALL SELECT 5 FROM systables WHERE tabid = 1"
        ).sqlcode
        == -268
    )
    assert client.session.in_transaction
    client.execute("INSERT INTO t VALUES (2)")
    client.execute("COMMIT WORK")
    assert [r[0] for r in client.rows("SELECT a FROM t ORDER BY a")] == [1, 2]


def test_unlogged_database(make_client: object) -> None:
    client = make(make_client, "nolog", "")
    assert not client.session.logged
    assert client.error("BEGIN WORK").sqlcode == -256
    assert client.error("COMMIT WORK").sqlcode == -256
    assert client.error("ROLLBACK WORK").sqlcode == -256
    with pytest.raises(Exception) as info:
        client.session.begin()
    assert getattr(info.value, "sqlcode", None) == -256
    client.execute("INSERT INTO t VALUES (1)")
    other = make_client("nolog")  # type: ignore[operator]
    assert count(other) == 1
    assert client.error("INSERT INTO t VALUES (1)").sqlcode == -239


def test_ansi_database(make_client: object) -> None:
    client = make(make_client, "ansidb", "WITH LOG MODE ANSI")
    other = make_client("ansidb")  # type: ignore[operator]
    client.execute("COMMIT WORK")
    client.execute("INSERT INTO t VALUES (1)")
    assert client.session.in_transaction
    assert count(other) == 0
    other.execute("COMMIT WORK")  # the reader's own implicit transaction keeps its snapshot
    assert client.error("BEGIN WORK").sqlcode == -535
    client.execute("COMMIT WORK")
    assert count(other) == 1
    other.execute("COMMIT WORK")
    client.execute("INSERT INTO t VALUES (2)")
    client.execute("ROLLBACK WORK")
    client.execute("BEGIN WORK")  # allowed: no statement has started a transaction yet
    assert count(client) == 1
    client.execute("INSERT INTO t VALUES (3)")
    client.session.commit()
    assert count(other) == 2
    other.execute("COMMIT WORK")


def test_savepoints(make_client: object) -> None:
    client = make(make_client, "sp", "WITH LOG")
    assert client.error("SAVEPOINT a").sqlcode == -255
    client.execute("BEGIN WORK")
    client.execute("INSERT INTO t VALUES (1)")
    prepared = client.session.prepare("SAVEPOINT a")
    assert prepared.stmt_type == StmtType.SAVEPOINT
    prepared.execute([])
    client.execute("INSERT INTO t VALUES (2)")
    client.execute("SAVEPOINT b")
    client.execute("INSERT INTO t VALUES (3)")
    client.execute("ROLLBACK WORK TO SAVEPOINT b")
    assert count(client) == 2
    client.execute("ROLLBACK TO SAVEPOINT a")
    assert count(client) == 1
    client.execute("SAVEPOINT c")
    client.execute("RELEASE SAVEPOINT c")
    assert client.error("ROLLBACK TO SAVEPOINT c").sqlcode == -32026  # savepoint not found
    client.execute("COMMIT WORK")
    assert count(client) == 1


def test_ddl_and_temp_table_in_transaction(make_client: object) -> None:
    client = make(make_client, "ddltx", "WITH LOG")
    other = make_client("ddltx")  # type: ignore[operator]
    client.execute("BEGIN WORK")
    client.execute("CREATE TABLE fresh (x INT)")
    assert other.error("SELECT * FROM fresh").sqlcode == -206
    client.execute("COMMIT WORK")
    assert other.rows("SELECT * FROM fresh") == []


def test_close_database_with_open_transaction(make_client: object) -> None:
    client = make(make_client, "closing", "WITH LOG")
    client.execute("BEGIN WORK")
    assert client.error("CLOSE DATABASE").sqlcode == -377
    client.execute("ROLLBACK WORK")
    client.execute("CLOSE DATABASE")


def test_session_close_rolls_back(make_client: object) -> None:
    client = make(make_client, "bye", "WITH LOG")
    client.execute("BEGIN WORK")
    client.execute("INSERT INTO t VALUES (1)")
    client.session.close()
    other = make_client("bye")  # type: ignore[operator]
    assert count(other) == 0


def test_write_collision_is_a_lock_error(make_client: object) -> None:
    first = make(make_client, "locks", "WITH LOG")
    second = make_client("locks")  # type: ignore[operator]
    first.execute("BEGIN WORK")
    first.execute("INSERT INTO t VALUES (1)")
    started = time.monotonic()
    error = second.error("INSERT INTO t VALUES (2)")
    assert (error.sqlcode, error.isamcode) == (-271, -107)
    assert second.error("UPDATE t SET a = 5").sqlcode == -346
    assert second.error("DELETE FROM t").sqlcode == -240
    assert time.monotonic() - started < 5
    assert count(second) == 0  # readers are never blocked
    first.execute("COMMIT WORK")
    second.execute("INSERT INTO t VALUES (2)")
    assert count(first) == 2


def test_lock_wait_timeout(make_client: object) -> None:
    first = make(make_client, "waits", "WITH LOG")
    second = make_client("waits")  # type: ignore[operator]
    second.execute("SET LOCK MODE TO WAIT 1")
    first.execute("BEGIN WORK")
    first.execute("INSERT INTO t VALUES (1)")
    started = time.monotonic()
    error = second.error("INSERT INTO t VALUES (2)")
    elapsed = time.monotonic() - started
    assert (error.sqlcode, error.isamcode) == (-271, -154)
    assert 0.5 < elapsed < 5
    first.execute("ROLLBACK WORK")


def test_lock_wait_succeeds_when_released(make_client: object) -> None:
    first = make(make_client, "waits2", "WITH LOG")
    second = make_client("waits2")  # type: ignore[operator]
    second.execute("SET LOCK MODE TO WAIT 10")
    first.execute("BEGIN WORK")
    first.execute("INSERT INTO t VALUES (1)")
    timer = threading.Timer(0.3, lambda: first.execute("COMMIT WORK"))
    timer.start()
    try:
        second.execute("INSERT INTO t VALUES (2)")
    finally:
        timer.join(timeout=5)
    assert count(second) == 2


def test_ddl_collision_and_stale_snapshot_do_not_hang(make_client: object) -> None:
    first = make(make_client, "stale", "WITH LOG")
    second = make_client("stale")  # type: ignore[operator]
    first.execute("BEGIN WORK")
    first.execute("INSERT INTO t VALUES (1)")
    started = time.monotonic()
    error = second.error("CREATE TABLE other (a INT)")
    assert (error.sqlcode, error.isamcode) == (-242, -107)
    first.execute("COMMIT WORK")
    second.execute("BEGIN WORK")
    assert count(second) == 1  # second's transaction has read, but written nothing
    first.execute("INSERT INTO t VALUES (2)")  # committed by another session meanwhile
    assert count(second) == 2  # committed read: the last committed rows
    second.execute("INSERT INTO t VALUES (3)")  # no stale snapshot refuses the write
    assert second.session.in_transaction
    second.execute("COMMIT WORK")
    assert time.monotonic() - started < 10
    assert count(first) == 3
