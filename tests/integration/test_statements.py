"""Statements end to end: DDL, DML, queries, placeholders, errors."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import informix_db

pytestmark = pytest.mark.integration


@pytest.fixture
def people(make_table: Callable[[str], str], ifx_conn: informix_db.Connection) -> str:
    name = make_table("(id INT NOT NULL PRIMARY KEY, name VARCHAR(30), age SMALLINT)")
    cur = ifx_conn.cursor()
    cur.executemany(
        f"INSERT INTO {name} VALUES (?, ?, ?)",
        [(1, "ann", 31), (2, "bob", 42), (3, "cy", None), (4, "dee", 42), (5, "eve", 19)],
    )
    assert cur.rowcount == 5
    ifx_conn.commit()
    return name


def test_select_where_order_first_skip(ifx_conn: informix_db.Connection, people: str) -> None:
    cur = ifx_conn.cursor()
    cur.execute(f"SELECT name FROM {people} WHERE age > ? ORDER BY name DESC", (20,))
    assert cur.fetchall() == [("dee",), ("bob",), ("ann",)]
    cur.execute(f"SELECT FIRST 2 id FROM {people} ORDER BY id")
    assert cur.fetchall() == [(1,), (2,)]
    cur.execute(f"SELECT SKIP 1 FIRST 2 id FROM {people} ORDER BY id")
    assert cur.fetchall() == [(2,), (3,)]


def test_numeric_placeholders_reorder_and_repeat(
    ifx_conn: informix_db.Connection, people: str
) -> None:
    cur = ifx_conn.cursor()
    cur.execute(f"SELECT id FROM {people} WHERE age = :2 AND name <> :1 ORDER BY id", ("bob", 42))
    assert cur.fetchall() == [(4,)]
    cur.execute(f"SELECT id FROM {people} WHERE id = :1 OR id = :1 + 1 ORDER BY id", (2,))
    assert cur.fetchall() == [(2,), (3,)]


def test_literal_with_colon_digits_is_not_a_placeholder(
    ifx_conn: informix_db.Connection, make_table: Callable[[str], str]
) -> None:
    t = make_table("(url VARCHAR(60))")
    cur = ifx_conn.cursor()
    cur.execute(f"INSERT INTO {t} VALUES ('http://h:8080/?x=:1')")
    cur.execute(f"SELECT url FROM {t} WHERE url <> :1", ("other",))
    assert cur.fetchall() == [("http://h:8080/?x=:1",)]


def test_aggregates_and_group_by(ifx_conn: informix_db.Connection, people: str) -> None:
    cur = ifx_conn.cursor()
    cur.execute(f"SELECT COUNT(*), MIN(age), MAX(age) FROM {people}")
    count, lo, hi = cur.fetchone()
    assert (int(count), lo, hi) == (5, 19, 42)
    cur.execute(f"SELECT age, COUNT(*) FROM {people} WHERE age IS NOT NULL GROUP BY age ORDER BY 1")
    assert [(a, int(n)) for a, n in cur.fetchall()] == [(19, 1), (31, 1), (42, 2)]


def test_join(
    ifx_conn: informix_db.Connection, people: str, make_table: Callable[[str], str]
) -> None:
    pets = make_table("(owner INT, pet VARCHAR(10))")
    cur = ifx_conn.cursor()
    cur.executemany(f"INSERT INTO {pets} VALUES (?, ?)", [(1, "cat"), (2, "dog"), (2, "emu")])
    cur.execute(
        f"SELECT p.name, q.pet FROM {people} p JOIN {pets} q ON q.owner = p.id ORDER BY q.pet"
    )
    assert cur.fetchall() == [("ann", "cat"), ("bob", "dog"), ("bob", "emu")]


def test_update_delete_rowcount(ifx_conn: informix_db.Connection, people: str) -> None:
    cur = ifx_conn.cursor()
    cur.execute(f"UPDATE {people} SET age = age + 1 WHERE age = 42")
    assert cur.rowcount == 2
    cur.execute(f"DELETE FROM {people} WHERE id > 3")
    assert cur.rowcount == 2
    cur.execute(f"SELECT COUNT(*) FROM {people}")
    assert int(cur.fetchone()[0]) == 3


def test_description(ifx_conn: informix_db.Connection, people: str) -> None:
    cur = ifx_conn.cursor()
    cur.execute(f"SELECT id, name, age FROM {people}")
    d = cur.description
    assert d is not None
    assert [c[0] for c in d] == ["id", "name", "age"]
    assert d[0][1] == informix_db.NUMBER and d[1][1] == informix_db.STRING
    assert d[0][6] is False and d[1][6] is True


def test_syntax_error_201(ifx_conn: informix_db.Connection) -> None:
    with pytest.raises(informix_db.ProgrammingError) as info:
        ifx_conn.cursor().execute("SELEKT 1 FROM systables")
    assert info.value.sqlcode == -201
    assert info.value.statement == "SELEKT 1 FROM systables"


def test_unknown_table_206_and_cursor_reuse(ifx_conn: informix_db.Connection) -> None:
    cur = ifx_conn.cursor()
    with pytest.raises(informix_db.ProgrammingError) as info:
        cur.execute("SELECT * FROM no_such_table")
    assert info.value.sqlcode == -206
    assert "no_such_table" in str(info.value)
    cur.execute("SELECT tabid FROM systables WHERE tabid = 1")
    assert cur.fetchall() == [(1,)]


def test_unknown_column_217(ifx_conn: informix_db.Connection, people: str) -> None:
    with pytest.raises(informix_db.ProgrammingError) as info:
        ifx_conn.cursor().execute(f"SELECT no_such_col FROM {people}")
    assert info.value.sqlcode == -217


def test_duplicate_key_268_leaves_connection_usable(
    ifx_conn: informix_db.Connection, people: str
) -> None:
    cur = ifx_conn.cursor()
    for _ in range(5):
        with pytest.raises(informix_db.IntegrityError) as info:
            cur.execute(f"INSERT INTO {people} VALUES (1, 'dup', 1)")
        assert info.value.sqlcode in (-268, -239)
    cur.execute(f"SELECT name FROM {people} WHERE id = 1")
    assert cur.fetchall() == [("ann",)]


def test_unknown_database_statement_329(ifx_conn: informix_db.Connection) -> None:
    with pytest.raises(informix_db.DatabaseError) as info:
        ifx_conn.cursor().execute("DATABASE no_such_database_here")
    assert info.value.sqlcode == -329


def test_two_cursors_interleave(ifx_conn: informix_db.Connection, people: str) -> None:
    a, b = ifx_conn.cursor(fetch_buffer=512), ifx_conn.cursor(fetch_buffer=512)
    a.execute(f"SELECT id FROM {people} ORDER BY id")
    b.execute(f"SELECT name FROM {people} ORDER BY id")
    got = [(a.fetchone(), b.fetchone()) for _ in range(5)]
    assert got == [((i,), (n,)) for i, n in enumerate(["ann", "bob", "cy", "dee", "eve"], 1)]


def test_streaming_many_batches(
    ifx_conn: informix_db.Connection, make_table: Callable[[str], str]
) -> None:
    t = make_table("(id INT, pad CHAR(100))")
    cur = ifx_conn.cursor()
    cur.executemany(f"INSERT INTO {t} VALUES (?, ?)", [(i, "x") for i in range(1000)])
    small = ifx_conn.cursor(fetch_buffer=1024)
    before = ifx_conn.round_trips
    small.execute(f"SELECT id FROM {t} ORDER BY id")
    first = small.fetchmany(3)
    assert first == [(0,), (1,), (2,)]
    rest = small.fetchall()
    assert [r[0] for r in rest] == list(range(3, 1000))
    assert small.rowcount == 1000
    assert ifx_conn.round_trips - before > 2


def test_execute_returns_cursor_and_iterates(ifx_conn: informix_db.Connection) -> None:
    rows = list(ifx_conn.cursor().execute("SELECT tabid FROM systables WHERE tabid <= 2"))
    assert sorted(rows) == [(1,), (2,)]


def test_parameter_count_mismatch_is_caught_before_sending(
    ifx_conn: informix_db.Connection,
) -> None:
    before = ifx_conn.round_trips
    with pytest.raises(informix_db.ProgrammingError):
        ifx_conn.cursor().execute("SELECT 1 FROM systables WHERE tabid = ?", (1, 2))
    assert ifx_conn.round_trips == before


def test_fetch_without_result_set_is_an_error(ifx_conn: informix_db.Connection) -> None:
    cur = ifx_conn.cursor()
    with pytest.raises(informix_db.ProgrammingError):
        cur.fetchone()
