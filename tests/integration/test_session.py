"""Transactions, session settings and errors as a careful user expects (issue 6)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator

import pytest

import informix_db

pytestmark = pytest.mark.integration

SENTINEL = "pw-SENTINEL-7f3a"


@pytest.fixture(scope="module")
def unlogged_db(ifx_target) -> Iterator[str]:  # type: ignore[no-untyped-def]
    name = "ifx_test_nolog"
    with ifx_target.connect(database="sysmaster", autocommit=True) as conn:
        try:
            conn.execute(f"CREATE DATABASE {name}")
        except informix_db.ProgrammingError as e:
            if e.sqlcode != -330:  # already there from an earlier run
                raise
    yield name


def test_savepoint_rolls_back_only_the_block(
    ifx_conn: informix_db.Connection, make_table: Callable[[str], str]
) -> None:
    t = make_table("(id INT)")
    cur = ifx_conn.cursor()
    cur.execute(f"INSERT INTO {t} VALUES (1)")
    with pytest.raises(RuntimeError), ifx_conn.savepoint() as name:
        assert name.startswith("ifx_sp_")
        cur.execute(f"INSERT INTO {t} VALUES (2)")
        raise RuntimeError("undo the block")
    with ifx_conn.savepoint("keep_me"):
        cur.execute(f"INSERT INTO {t} VALUES (3)")
    ifx_conn.commit()
    assert [r[0] for r in cur.execute(f"SELECT id FROM {t} ORDER BY id")] == [1, 3]


def test_savepoint_name_is_validated(ifx_conn: informix_db.Connection) -> None:
    with pytest.raises(informix_db.ProgrammingError), ifx_conn.savepoint("x; DROP TABLE y"):
        pass


def test_isolation_and_lock_wait(ifx_target) -> None:  # type: ignore[no-untyped-def]
    with ifx_target.connect(isolation_level="committed read", lock_wait=2) as conn:
        conn.set_isolation("repeatable read")
        conn.set_isolation("READ_UNCOMMITTED")
        conn.set_lock_wait(None)
        conn.set_lock_wait(-1)
        assert conn.execute("SELECT 1 FROM systables WHERE tabid = 1").fetchone() == (1,)
        with pytest.raises(informix_db.ProgrammingError, match="isolation"):
            conn.set_isolation("chaotic")
    with pytest.raises(informix_db.ProgrammingError):
        ifx_target.connect(isolation_level="nonsense")


def test_server_version_and_ping(ifx_conn: informix_db.Connection) -> None:
    version = ifx_conn.server_version
    assert "Informix" in version and "Version" in version
    assert ifx_conn.server_version is version  # asked once
    before = ifx_conn.round_trips
    ifx_conn.ping()
    assert ifx_conn.round_trips == before + 1


def test_database_switch_tracks_the_server(ifx_target) -> None:  # type: ignore[no-untyped-def]
    with ifx_target.connect(autocommit=True) as conn:
        conn.execute("SELECT COUNT(*) FROM systables").fetchone()
        conn.execute("DATABASE sysmaster")
        assert conn.database == "sysmaster"
        sql = "SELECT COUNT(*) FROM sysdatabases WHERE name = ?"
        row = conn.execute(sql, (ifx_target.database,))
        assert int(row.fetchone()[0]) == 1
        conn.execute(f"DATABASE {ifx_target.database}")
        assert conn.database == ifx_target.database and conn.logged


def test_broken_connection_fails_fast(ifx_target) -> None:  # type: ignore[no-untyped-def]
    conn = ifx_target.connect()
    cur = conn.cursor()
    conn._sock._sock.close()  # the OS closed our socket under us
    with pytest.raises(informix_db.OperationalError):
        cur.execute("SELECT 1 FROM systables WHERE tabid = 1")
    assert conn.broken and conn.closed
    assert conn._sock.closed
    with pytest.raises(informix_db.OperationalError, match="broken"):
        conn.cursor().execute("SELECT 1 FROM systables WHERE tabid = 1")
    conn.close()


ERRORS = [
    ("SELEKT 1", informix_db.ProgrammingError, -201),
    ("SELECT * FROM nope_table", informix_db.ProgrammingError, -206),
    ("SELECT nope_col FROM {t}", informix_db.ProgrammingError, -217),
    ("INSERT INTO {t} (id) VALUES (1, 2)", informix_db.ProgrammingError, -236),
    ("INSERT INTO {t} VALUES (1, 'dup')", informix_db.IntegrityError, -268),
    ("CREATE TABLE {t} (x INT)", informix_db.ProgrammingError, -310),
    ("SELECT id FROM {t}, {t} x", informix_db.ProgrammingError, -324),
    ("INSERT INTO {t} VALUES (NULL, 'x')", informix_db.IntegrityError, -391),
    ("SELECT 1 / 0 FROM {t}", informix_db.DataError, -1202),
    ("INSERT INTO {t} VALUES ('abc', 'x')", informix_db.DataError, -1213),
    ("COMMIT WORK", informix_db.ProgrammingError, -255),
    ("DATABASE no_such_db_at_all", informix_db.OperationalError, -329),
]


@pytest.mark.parametrize(("sql", "cls", "sqlcode"), ERRORS, ids=[str(e[2]) for e in ERRORS])
def test_error_table_rows(
    ifx_target,  # type: ignore[no-untyped-def]
    make_table: Callable[[str], str],
    sql: str,
    cls: type[informix_db.Error],
    sqlcode: int,
) -> None:
    t = make_table("(id INT NOT NULL PRIMARY KEY, name VARCHAR(10))")
    with ifx_target.connect(autocommit=True) as conn:
        conn.execute(f"INSERT INTO {t} VALUES (1, 'one')")
        with pytest.raises(cls) as info:
            conn.execute(sql.replace("{t}", t))
        e = info.value
        assert e.sqlcode == sqlcode
        assert e.sqlstate and e.message and str(e).startswith(f"[{sqlcode}]")
        assert conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] == 1


def test_transaction_state_errors(ifx_target, unlogged_db: str) -> None:  # type: ignore[no-untyped-def]
    with ifx_target.connect(autocommit=True) as conn:
        conn.execute("BEGIN WORK")
        with pytest.raises(informix_db.ProgrammingError) as info:
            conn.execute("BEGIN WORK")
        assert info.value.sqlcode == -535
        conn.rollback()
    with ifx_target.connect(database=unlogged_db) as conn:
        assert not conn.logged
        with pytest.raises(informix_db.NotSupportedError) as info2:
            conn.execute("BEGIN WORK")
        assert info2.value.sqlcode == -256


def test_unlogged_database_rows_are_final(
    ifx_target,
    unlogged_db: str,  # type: ignore[no-untyped-def]
) -> None:
    with ifx_target.connect(database=unlogged_db) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS final_rows (id INT UNIQUE)")
        conn.execute("DELETE FROM final_rows")
        conn.execute("INSERT INTO final_rows VALUES (1)")
        assert not conn.in_transaction
        conn.rollback()
        assert int(conn.execute("SELECT COUNT(*) FROM final_rows").fetchone()[0]) == 1
        with pytest.raises(informix_db.IntegrityError) as info:
            conn.execute("INSERT INTO final_rows VALUES (1)")
        assert info.value.sqlcode == -239


def test_password_never_leaks(ifx_target, caplog: pytest.LogCaptureFixture) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.DEBUG)
    with pytest.raises(informix_db.OperationalError) as info:
        ifx_target.connect(password=SENTINEL)
    texts = [str(info.value), repr(info.value), caplog.text]
    args = ifx_target.connect_args(password=SENTINEL)
    with pytest.raises(informix_db.Error) as info2:
        informix_db.connect(**{**args, "port": 1})
    texts += [str(info2.value), repr(info2.value)]
    conn = ifx_target.connect()
    texts += [repr(conn), repr(conn._core.options), repr(conn._core.login_request())]
    conn.close()
    assert not [t for t in texts if SENTINEL in t or ifx_target.password in t]


def test_constraint_error_classes(
    ifx_target,
    make_table: Callable[[str], str],  # type: ignore[no-untyped-def]
) -> None:
    parent = make_table("(id INT PRIMARY KEY)")
    child = make_table(f"(id INT, pid INT REFERENCES {parent}(id), qty INT CHECK (qty > 0))")
    with ifx_target.connect(autocommit=True) as conn:
        conn.execute(f"INSERT INTO {parent} VALUES (1)")
        conn.execute(f"INSERT INTO {child} VALUES (1, 1, 5)")
        for sql, sqlcode in [
            (f"INSERT INTO {child} VALUES (2, 99, 5)", -691),
            (f"DELETE FROM {parent} WHERE id = 1", -692),
            (f"INSERT INTO {child} VALUES (3, 1, 0)", -530),
        ]:
            with pytest.raises(informix_db.IntegrityError) as info:
                conn.execute(sql)
            assert info.value.sqlcode == sqlcode and info.value.sqlstate == "23000"
        conn.execute(f"DELETE FROM {child}")


def test_lock_conflict_is_an_operational_error_not_a_hang(
    ifx_target,
    make_table: Callable[[str], str],  # type: ignore[no-untyped-def]
) -> None:
    t = make_table("(id INT PRIMARY KEY, v INT)")
    with ifx_target.connect(autocommit=True) as setup:
        setup.execute(f"INSERT INTO {t} VALUES (1, 0)")
    with ifx_target.connect() as holder, ifx_target.connect(lock_wait=0) as other:
        holder.execute(f"UPDATE {t} SET v = 1 WHERE id = 1")
        assert holder.in_transaction
        start = time.monotonic()
        with pytest.raises(informix_db.OperationalError) as info:
            other.execute(f"UPDATE {t} SET v = 2 WHERE id = 1")
        assert time.monotonic() - start < 5
        assert info.value.sqlcode in (-244, -246, -271, -346, -240, -154)
        holder.rollback()
        other.rollback()


def test_too_long_string_in_an_ansi_database_is_a_data_error(ifx_target) -> None:  # type: ignore[no-untyped-def]
    name = "ifx_test_ansi"
    with ifx_target.connect(database="sysmaster", autocommit=True) as admin:
        try:
            admin.execute(f"CREATE DATABASE {name} WITH LOG MODE ANSI")
        except informix_db.ProgrammingError as e:
            if e.sqlcode != -330:
                raise
    with ifx_target.connect(database=name) as conn:
        assert conn.ansi and conn.logged
        conn.execute("CREATE TEMP TABLE short_text (c CHAR(3)) WITH NO LOG")
        with pytest.raises(informix_db.DataError) as info:
            conn.execute("INSERT INTO short_text VALUES (?)", ("toolong",))
        assert info.value.sqlcode == -1279
        conn.rollback()
