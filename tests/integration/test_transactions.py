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
