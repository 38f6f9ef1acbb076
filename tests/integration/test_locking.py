"""Two sessions and their locks: lock waits, isolation, update cursors, WHERE CURRENT OF.

Timings are only lower bounds for "it really waited" and generous upper bounds
that catch a hang.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest

import informix_db

pytestmark = pytest.mark.integration

RECORD_LOCKED = -107
LOCK_WAIT_EXPIRED = -154
HANG = 10.0  # seconds: far beyond any wait these tests ask for


@pytest.fixture
def accounts(ifx_target, make_table: Callable[[str], str]) -> str:  # type: ignore[no-untyped-def]
    name = make_table("(id INT PRIMARY KEY, balance INT)")
    with ifx_target.connect(autocommit=True) as setup:
        setup.cursor().executemany(
            f"INSERT INTO {name} VALUES (?, ?)", [(1, 100), (2, 200), (3, 300)]
        )
    return name


@pytest.fixture
def holder(ifx_target) -> Iterator[informix_db.Connection]:  # type: ignore[no-untyped-def]
    """A session whose transaction holds locks until the test ends."""
    conn = ifx_target.connect()
    try:
        yield conn
    finally:
        if not conn.closed:
            conn.rollback()
            conn.close()


def balance(conn: informix_db.Connection, table: str, row: int = 1) -> int:
    return int(conn.execute(f"SELECT balance FROM {table} WHERE id = ?", (row,)).fetchone()[0])


def failure(action: Callable[[], object]) -> tuple[informix_db.OperationalError, float]:
    """The lock error an action raises and how long it took to come."""
    started = time.monotonic()
    with pytest.raises(informix_db.OperationalError) as info:
        action()
    return info.value, time.monotonic() - started


# -- lock wait ---------------------------------------------------------------------------------
def test_lock_wait_option_really_waits(ifx_target, holder, accounts: str) -> None:  # type: ignore[no-untyped-def]
    holder.execute(f"UPDATE {accounts} SET balance = 0 WHERE id = 1")
    with ifx_target.connect(lock_wait=2) as other:
        error, waited = failure(
            lambda: other.execute(f"UPDATE {accounts} SET balance = 1 WHERE id = 1")
        )
    assert (error.sqlcode, error.isamcode) == (-346, LOCK_WAIT_EXPIRED)
    assert 1.7 <= waited < HANG
    assert accounts in str(error)  # the message names the table


def test_set_lock_wait_changes_the_wait_of_an_open_session(  # type: ignore[no-untyped-def]
    ifx_target, holder, accounts: str
) -> None:
    holder.execute(f"DELETE FROM {accounts} WHERE id = 2")
    with ifx_target.connect() as other:
        other.set_lock_wait(2)
        error, waited = failure(lambda: other.execute(f"DELETE FROM {accounts} WHERE id = 3"))
        assert (error.sqlcode, error.isamcode) == (-240, LOCK_WAIT_EXPIRED)
        assert 1.7 <= waited < HANG
        other.set_lock_wait(None)  # NOT WAIT
        error, waited = failure(lambda: other.execute(f"INSERT INTO {accounts} VALUES (9, 9)"))
        assert (error.sqlcode, error.isamcode) == (-271, RECORD_LOCKED)
        assert waited < 1.7
        assert accounts in str(error)
        other.rollback()


def test_waiting_session_proceeds_once_the_holder_commits(  # type: ignore[no-untyped-def]
    ifx_target, holder, accounts: str
) -> None:
    import threading

    holder.execute(f"UPDATE {accounts} SET balance = balance + 1 WHERE id = 1")
    committer = threading.Timer(0.5, holder.commit)
    with ifx_target.connect(lock_wait=8) as other:
        committer.start()
        started = time.monotonic()
        other.execute(f"UPDATE {accounts} SET balance = balance + 10 WHERE id = 1")
        waited = time.monotonic() - started
        committer.join()
        other.commit()
        assert 0.3 <= waited < HANG
        assert balance(other, accounts) == 111  # both increments, none lost


def test_write_after_another_session_committed_is_not_a_lock_error(  # type: ignore[no-untyped-def]
    ifx_target, accounts: str
) -> None:
    with ifx_target.connect() as reader, ifx_target.connect(autocommit=True) as writer:
        assert balance(reader, accounts) == 100  # reader's transaction has read
        writer.execute(f"UPDATE {accounts} SET balance = 150 WHERE id = 1")
        reader.execute(f"UPDATE {accounts} SET balance = balance + 1 WHERE id = 1")
        reader.commit()
        assert balance(writer, accounts) == 151


# -- isolation ---------------------------------------------------------------------------------
def test_set_isolation_repeatable_read_keeps_what_the_transaction_read(  # type: ignore[no-untyped-def]
    ifx_target, accounts: str
) -> None:
    with ifx_target.connect() as reader, ifx_target.connect(autocommit=True) as writer:
        reader.set_isolation("repeatable read")
        assert balance(reader, accounts) == 100
        writer.execute(f"UPDATE {accounts} SET balance = 130 WHERE id = 1")
        assert balance(reader, accounts) == 100  # still the transaction's first view
        reader.rollback()
        reader.set_isolation("committed read")
        assert balance(reader, accounts) == 130
        reader.rollback()


@pytest.mark.parametrize(
    ("isolation", "sees_the_commit"), [("committed read", True), ("repeatable read", False)]
)
def test_isolation_option_at_connect_takes_effect(  # type: ignore[no-untyped-def]
    ifx_target, accounts: str, isolation: str, sees_the_commit: bool
) -> None:
    with (
        ifx_target.connect(isolation_level=isolation) as reader,
        ifx_target.connect(autocommit=True) as writer,
    ):
        assert balance(reader, accounts) == 100
        writer.execute(f"UPDATE {accounts} SET balance = 140 WHERE id = 1")
        assert balance(reader, accounts) == (140 if sees_the_commit else 100)
        reader.rollback()


def test_readers_see_the_last_committed_row_not_a_lock_error(  # type: ignore[no-untyped-def]
    ifx_target, holder, accounts: str
) -> None:
    holder.execute(f"UPDATE {accounts} SET balance = 0 WHERE id = 1")
    with ifx_target.connect(lock_wait=0) as reader:
        assert balance(reader, accounts) == 100
        reader.rollback()


# -- update cursors ----------------------------------------------------------------------------
def test_select_for_update_locks_like_an_update(ifx_target, holder, accounts: str) -> None:  # type: ignore[no-untyped-def]
    locked = holder.cursor()
    locked.execute(f"SELECT id, balance FROM {accounts} WHERE id = 1 FOR UPDATE")
    assert locked.fetchone() == (1, 100)
    with ifx_target.connect(lock_wait=0) as other:
        error, _ = failure(
            lambda: other.execute(f"SELECT * FROM {accounts} WHERE id = 1 FOR UPDATE").fetchall()
        )
        assert (error.sqlcode, error.isamcode) == (-244, RECORD_LOCKED)
        error, _ = failure(lambda: other.execute(f"UPDATE {accounts} SET balance = 5 WHERE id = 1"))
        assert error.sqlcode == -346
        assert balance(other, accounts) == 100  # a plain SELECT still reads
        other.rollback()


def test_select_for_update_waits_its_lock_time_then_gives_154(  # type: ignore[no-untyped-def]
    ifx_target, holder, accounts: str
) -> None:
    holder.execute(f"UPDATE {accounts} SET balance = 0 WHERE id = 3")
    with ifx_target.connect(lock_wait=1) as other:
        error, waited = failure(
            lambda: other.execute(f"SELECT * FROM {accounts} FOR UPDATE").fetchall()
        )
        assert (error.sqlcode, error.isamcode) == (-244, LOCK_WAIT_EXPIRED)
        assert 0.7 <= waited < HANG


def test_for_update_on_a_join_is_refused(ifx_conn, accounts: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(informix_db.Error) as info:
        ifx_conn.execute(f"SELECT a.id FROM {accounts} a, {accounts} b FOR UPDATE")
    assert info.value.sqlcode == -365


# -- WHERE CURRENT OF --------------------------------------------------------------------------
def test_update_and_delete_where_current_of_a_named_cursor(ifx_conn, accounts: str) -> None:  # type: ignore[no-untyped-def]
    walker = ifx_conn.cursor(name="walker")
    walker.execute(f"SELECT id, balance FROM {accounts} ORDER BY id FOR UPDATE")
    changer = ifx_conn.cursor()
    seen = []
    while (row := walker.fetchone()) is not None:
        seen.append(row[0])
        if row[0] == 2:
            changer.execute(f"DELETE FROM {accounts} WHERE CURRENT OF walker")
        else:
            changer.execute(
                f"UPDATE {accounts} SET balance = balance + ? WHERE CURRENT OF walker", (row[0],)
            )
        assert changer.rowcount == 1
    assert seen == [1, 2, 3]
    ifx_conn.commit()
    rows = ifx_conn.execute(f"SELECT id, balance FROM {accounts} ORDER BY id").fetchall()
    assert rows == [(1, 101), (3, 303)]


def test_where_current_of_errors(ifx_conn, accounts: str) -> None:  # type: ignore[no-untyped-def]
    def code(sql: str) -> int | None:
        with pytest.raises(informix_db.Error) as info:
            ifx_conn.execute(sql)
        return info.value.sqlcode

    assert code(f"UPDATE {accounts} SET balance = 0 WHERE CURRENT OF nosuch") == -262
    rows = [(n, n) for n in range(10, 400)]
    ifx_conn.cursor().executemany(f"INSERT INTO {accounts} VALUES (?, ?)", rows)
    # a result bigger than one fetch: the cursor stays open on the server
    reader = ifx_conn.cursor(name="plain_reader", fetch_buffer=512)
    reader.execute(f"SELECT id FROM {accounts}")
    reader.fetchone()
    assert code(f"DELETE FROM {accounts} WHERE CURRENT OF plain_reader") == -290
    walker = ifx_conn.cursor(name="to_the_end")
    walker.execute(f"SELECT id FROM {accounts} WHERE id < 10 FOR UPDATE")
    assert len(walker.fetchall()) == 3
    # read to its end, the cursor is closed and freed: no such cursor any more
    assert code(f"DELETE FROM {accounts} WHERE CURRENT OF to_the_end") == -262
    ifx_conn.rollback()
    assert ifx_conn.execute(f"SELECT COUNT(*) FROM {accounts}").fetchone()[0] == 3
