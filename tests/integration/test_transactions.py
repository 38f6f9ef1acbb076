"""Transactions as a careful user expects them (logged database)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import informix_db

pytestmark = pytest.mark.integration


def count(conn: informix_db.Connection, table: str) -> int:
    return int(conn.cursor().execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def test_rollback_discards_and_commit_keeps(
    ifx_target,
    make_table: Callable[[str], str],  # type: ignore[no-untyped-def]
) -> None:
    t = make_table("(id INT)")
    with ifx_target.connect() as conn, ifx_target.connect(autocommit=True) as other:
        cur = conn.cursor()
        cur.execute(f"INSERT INTO {t} VALUES (1)")
        assert conn.in_transaction
        conn.rollback()
        assert count(other, t) == 0
        cur.execute(f"INSERT INTO {t} VALUES (2)")
        conn.commit()
        assert count(other, t) == 1


def test_sql_begin_work_then_rollback_discards(
    ifx_target,
    make_table: Callable[[str], str],  # type: ignore[no-untyped-def]
) -> None:
    t = make_table("(id INT)")
    with ifx_target.connect(autocommit=True) as conn:
        cur = conn.cursor()
        cur.execute("BEGIN WORK")
        assert conn.in_transaction
        cur.execute(f"INSERT INTO {t} VALUES (1)")
        conn.rollback()
        assert not conn.in_transaction
        assert count(conn, t) == 0


def test_autocommit_makes_each_statement_final(
    ifx_target,
    make_table: Callable[[str], str],  # type: ignore[no-untyped-def]
) -> None:
    t = make_table("(id INT)")
    with ifx_target.connect(autocommit=True) as conn:
        conn.cursor().execute(f"INSERT INTO {t} VALUES (1)")
        assert not conn.in_transaction
        conn.rollback()
        assert count(conn, t) == 1


def test_error_inside_transaction_keeps_it_alive(
    ifx_target,
    make_table: Callable[[str], str],  # type: ignore[no-untyped-def]
) -> None:
    t = make_table("(id INT PRIMARY KEY)")
    with ifx_target.connect() as conn:
        cur = conn.cursor()
        cur.execute(f"INSERT INTO {t} VALUES (1)")
        with pytest.raises(informix_db.IntegrityError):
            cur.execute(f"INSERT INTO {t} VALUES (1)")
        cur.execute(f"INSERT INTO {t} VALUES (2)")
        conn.commit()
        assert count(conn, t) == 2


def test_context_manager_rolls_back_on_exception(
    ifx_target,
    make_table: Callable[[str], str],  # type: ignore[no-untyped-def]
) -> None:
    t = make_table("(id INT)")
    with pytest.raises(RuntimeError), ifx_target.connect() as conn:
        conn.cursor().execute(f"INSERT INTO {t} VALUES (1)")
        raise RuntimeError("boom")
    with ifx_target.connect() as conn:
        assert count(conn, t) == 0


# -- the server's word on the transaction state (SQ_XACTSTAT) ---------------------------


def test_procedure_that_commits_ends_the_transaction(
    ifx_target,
    make_table: Callable[[str], str],  # type: ignore[no-untyped-def]
) -> None:
    """Only the server knows the procedure committed: its SQ_XACTSTAT must be believed."""
    t = make_table("(id INT)")
    proc = f"{t}_commits"
    with ifx_target.connect() as conn, ifx_target.connect(autocommit=True) as other:
        other.execute(f"CREATE PROCEDURE {proc}() INSERT INTO {t} VALUES (9); COMMIT WORK; "
                      "END PROCEDURE")  # fmt: skip
        try:
            conn.execute(f"INSERT INTO {t} VALUES (1)")
            assert conn.in_transaction
            conn.execute(f"EXECUTE PROCEDURE {proc}()")
            assert not conn.in_transaction
            conn.commit()  # nothing is open: must not raise -255
            conn.rollback()
            assert sorted(r[0] for r in other.execute(f"SELECT id FROM {t}").fetchall()) == [1, 9]
            conn.execute(f"INSERT INTO {t} VALUES (2)")  # and a new transaction starts
            assert conn.in_transaction
            conn.rollback()
            assert count(other, t) == 2
        finally:
            other.execute(f"DROP PROCEDURE {proc}")


def test_ending_a_transaction_the_server_does_not_have_is_not_an_error(ifx_conn) -> None:  # type: ignore[no-untyped-def]
    """A server that omits SQ_XACTSTAT can leave the belief wrong; the -255 that answers
    COMMIT/ROLLBACK then only corrects it."""
    for end in (ifx_conn.commit, ifx_conn.rollback):
        ifx_conn._core.session.in_transaction = True
        before = ifx_conn.round_trips
        end()
        assert ifx_conn.round_trips == before + 1, "the request should have gone out"
        assert not ifx_conn.in_transaction


def test_begin_work_as_sql_with_autocommit_off_then_rollback(
    ifx_target,
    make_table: Callable[[str], str],  # type: ignore[no-untyped-def]
) -> None:
    t = make_table("(id INT)")
    with ifx_target.connect() as conn, ifx_target.connect(autocommit=True) as other:
        conn.execute("BEGIN WORK")
        assert conn.in_transaction
        conn.execute(f"INSERT INTO {t} VALUES (1)")
        conn.rollback()
        assert not conn.in_transaction
        assert count(other, t) == 0
        conn.execute("BEGIN WORK")
        conn.execute(f"INSERT INTO {t} VALUES (2)")
        conn.execute("COMMIT WORK")
        assert not conn.in_transaction
        conn.rollback()  # nothing open any more
        assert count(other, t) == 1


def test_autocommit_switched_at_runtime(
    ifx_target,
    make_table: Callable[[str], str],  # type: ignore[no-untyped-def]
) -> None:
    t = make_table("(id INT)")
    with ifx_target.connect() as conn, ifx_target.connect(autocommit=True) as other:
        conn.execute(f"INSERT INTO {t} VALUES (1)")
        assert conn.in_transaction and count(other, t) == 0
        conn.autocommit = True  # switching on commits the open transaction
        assert conn.autocommit and not conn.in_transaction
        assert count(other, t) == 1
        conn.execute(f"INSERT INTO {t} VALUES (2)")  # final at once
        assert not conn.in_transaction and count(other, t) == 2
        conn.autocommit = False
        conn.execute(f"INSERT INTO {t} VALUES (3)")
        assert conn.in_transaction
        conn.rollback()
        assert count(other, t) == 2
