"""Cursors: streaming, scrolling, several open at once, statement kinds, round trips."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import informix_db

pytestmark = pytest.mark.integration


@pytest.fixture
def ten(make_table: Callable[[str], str], ifx_conn: informix_db.Connection) -> str:
    t = make_table("(n INT, sq INT)")
    ifx_conn.cursor().executemany(f"INSERT INTO {t} VALUES (?, ?)", [(i, i * i) for i in range(10)])
    ifx_conn.commit()
    return t


def test_scroll_absolute_is_zero_based(ifx_conn: informix_db.Connection, ten: str) -> None:
    cur = ifx_conn.cursor(scrollable=True)
    cur.execute(f"SELECT n FROM {ten} ORDER BY n")
    assert cur.rownumber == 0
    cur.scroll(5, "absolute")
    assert cur.fetchone() == (5,)
    assert cur.rownumber == 6


def test_scroll_every_direction(ifx_conn: informix_db.Connection, ten: str) -> None:
    cur = ifx_conn.cursor(scrollable=True)
    cur.execute(f"SELECT n FROM {ten} ORDER BY n")
    assert cur.fetch_last() == (9,)
    assert cur.fetch_prior() == (8,)
    assert cur.fetch_first() == (0,)
    assert cur.fetch_absolute(4) == (3,)
    assert cur.fetch_absolute(-2) == (8,)
    assert cur.fetch_relative(-3) == (5,)
    cur.scroll(-2)
    assert cur.fetchone() == (4,)
    assert cur.fetchmany(3) == [(5,), (6,), (7,)]
    assert cur.fetchall() == [(8,), (9,)]
    assert cur.fetchone() is None
    assert cur.fetch_prior() == (9,)
    with pytest.raises(IndexError):
        cur.scroll(11, "absolute")
    with pytest.raises(IndexError):
        cur.scroll(-1, "absolute")
    with pytest.raises(informix_db.ProgrammingError):
        cur.scroll(1, "sideways")


def test_scroll_cursor_on_empty_result(ifx_conn: informix_db.Connection, ten: str) -> None:
    cur = ifx_conn.cursor(scrollable=True)
    cur.execute(f"SELECT n FROM {ten} WHERE n < 0")
    assert cur.fetchone() is None
    assert cur.fetch_last() is None
    assert cur.fetchall() == []


def test_forward_cursor_scrolls_forward_only(ifx_conn: informix_db.Connection, ten: str) -> None:
    cur = ifx_conn.cursor()
    cur.execute(f"SELECT n FROM {ten} ORDER BY n")
    cur.scroll(3)
    assert cur.fetchone() == (3,)
    with pytest.raises(informix_db.NotSupportedError):
        cur.scroll(-1)
    with pytest.raises(informix_db.NotSupportedError):
        cur.fetch_first()


def test_other_statements_while_a_scroll_cursor_is_open(
    ifx_conn: informix_db.Connection, ten: str
) -> None:
    scroll = ifx_conn.cursor(scrollable=True)
    scroll.execute(f"SELECT n FROM {ten} ORDER BY n")
    assert scroll.fetch_absolute(3) == (2,)
    other = ifx_conn.cursor()
    other.execute(f"UPDATE {ten} SET sq = -1 WHERE n = 9")
    assert other.rowcount == 1
    assert scroll.fetch_last() == (9,)
    scroll.execute(f"SELECT n FROM {ten} ORDER BY n DESC")
    assert scroll.fetch_first() == (9,)


@pytest.mark.parametrize(
    "sql",
    [
        "-- leading comment\nSELECT n FROM {t} WHERE n = 1",
        "/* block */ SELECT n FROM {t} WHERE n = 1",
        "{ brace } SELECT n FROM {t} WHERE n = 1",
        "(SELECT n FROM {t} WHERE n = 1)",
        "WITH x AS (SELECT n FROM {t}) SELECT n FROM x WHERE n = 1",
        "SELECT n FROM {t} WHERE n = 1 UNION SELECT n FROM {t} WHERE n = 1",
    ],
)
def test_statement_kind_comes_from_describe(
    ifx_conn: informix_db.Connection, ten: str, sql: str
) -> None:
    cur = ifx_conn.cursor()
    cur.execute(sql.replace("{t}", ten))
    assert cur.fetchall() == [(1,)]


def test_insert_with_parameters_is_not_a_query(ifx_conn: informix_db.Connection, ten: str) -> None:
    cur = ifx_conn.cursor()
    cur.execute(f"INSERT INTO {ten} VALUES (?, ?)", (100, 1))
    assert cur.description is None and cur.rowcount == 1


def test_named_cursor(ifx_conn: informix_db.Connection, ten: str) -> None:
    cur = ifx_conn.cursor(name="my_cursor")
    cur.execute(f"SELECT COUNT(*) FROM {ten}")
    assert int(cur.fetchone()[0]) == 10


def test_closing_early_frees_the_statement(ifx_conn: informix_db.Connection, ten: str) -> None:
    for _ in range(200):  # far more than a session's statement slots if they leaked
        cur = ifx_conn.cursor(fetch_buffer=512)
        cur.execute(f"SELECT n, {_} FROM {ten}")
        cur.fetchone()
        cur.close()
    assert ifx_conn.execute(f"SELECT COUNT(*) FROM {ten}").fetchone()[0] == 10


def test_cached_statements_cost_one_round_trip(
    ifx_target,
    ten: str,  # type: ignore[no-untyped-def]
) -> None:
    with ifx_target.connect(autocommit=True) as conn:
        cur = conn.cursor()
        cur.execute(f"SELECT sq FROM {ten} WHERE n = ?", (3,))
        assert cur.fetchall() == [(9,)]
        before = conn.round_trips
        cur.execute(f"SELECT sq FROM {ten} WHERE n = ?", (4,))
        assert cur.fetchall() == [(16,)]
        assert conn.round_trips - before <= 2
        before = conn.round_trips
        cur.execute(f"SELECT sq FROM {ten} WHERE n = ?", (5,))
        assert cur.fetchall() == [(25,)]
        assert conn.round_trips - before == 1
        cur.execute(f"UPDATE {ten} SET sq = sq WHERE n = ?", (1,))
        before = conn.round_trips
        cur.execute(f"UPDATE {ten} SET sq = sq WHERE n = ?", (2,))
        assert conn.round_trips - before == 1 and cur.rowcount == 1


def test_cache_off_prepares_every_time(ifx_target, ten: str) -> None:  # type: ignore[no-untyped-def]
    with ifx_target.connect(autocommit=True, statement_cache_size=0) as conn:
        cur = conn.cursor()
        cur.execute(f"UPDATE {ten} SET sq = sq WHERE n = ?", (1,))
        before = conn.round_trips
        cur.execute(f"UPDATE {ten} SET sq = sq WHERE n = ?", (2,))
        assert conn.round_trips - before == 2


def test_cache_follows_schema_changes(
    ifx_target,
    make_table: Callable[[str], str],  # type: ignore[no-untyped-def]
) -> None:
    t = make_table("(a INT)")
    with ifx_target.connect(autocommit=True) as conn:
        cur = conn.cursor()
        cur.execute(f"INSERT INTO {t} VALUES (1)")
        cur.execute(f"SELECT * FROM {t}")
        assert [d[0] for d in cur.description] == ["a"]
        cur.execute(f"DROP TABLE {t}")
        cur.execute(f"CREATE TABLE {t} (a INT, b VARCHAR(5))")
        cur.execute(f"INSERT INTO {t} VALUES (2, 'x')")
        cur.execute(f"SELECT * FROM {t}")
        assert [d[0] for d in cur.description] == ["a", "b"]
        assert cur.fetchall() == [(2, "x")]


def test_same_sql_on_two_cursors_at_once(ifx_conn: informix_db.Connection, ten: str) -> None:
    sql = f"SELECT n FROM {ten} ORDER BY n"
    a, b = ifx_conn.cursor(fetch_buffer=512), ifx_conn.cursor(fetch_buffer=512)
    a.execute(sql)
    b.execute(sql)
    assert [a.fetchone(), b.fetchone(), a.fetchone(), b.fetchone()] == [(0,), (0,), (1,), (1,)]
    assert len(a.fetchall()) == 8 and len(b.fetchall()) == 8


def test_rowcount_after_streaming(ifx_conn: informix_db.Connection, ten: str) -> None:
    cur = ifx_conn.cursor(fetch_buffer=512)
    cur.execute(f"SELECT n FROM {ten}")
    assert cur.rowcount in (-1, 10)
    cur.fetchall()
    assert cur.rowcount == 10
