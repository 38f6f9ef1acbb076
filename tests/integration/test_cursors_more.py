"""More cursor behaviour: fetchmany sizes, rownumber, interleaved streaming, statement
slots, the statement cache's LRU order and the round trips each step costs."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator

import pytest

import informix_db
from ifxserver.testing import Target

pytestmark = pytest.mark.integration

STATEMENT_SLOTS = 4096  # statements one session of the embedded server may hold


@pytest.fixture
def rows_2500(make_table: Callable[[str], str], ifx_target: Target) -> str:
    t = make_table("(n INT, pad CHAR(40))")
    with ifx_target.connect(autocommit=True) as conn:
        conn.cursor().executemany(f"INSERT INTO {t} VALUES (?, ?)", ((i, "x") for i in range(2500)))
    return t


@pytest.fixture
def autocommit(ifx_target: Target) -> Iterator[informix_db.Connection]:
    with ifx_target.connect(autocommit=True) as conn:
        yield conn


def test_fetchmany_follows_arraysize(autocommit: informix_db.Connection, rows_2500: str) -> None:
    cur = autocommit.cursor()
    cur.execute(f"SELECT n FROM {rows_2500} WHERE n < 10 ORDER BY n")
    assert cur.arraysize == 1
    assert cur.fetchmany() == [(0,)]
    cur.arraysize = 4
    assert cur.fetchmany() == [(1,), (2,), (3,), (4,)]
    assert cur.fetchmany(2) == [(5,), (6,)]  # an explicit size wins over arraysize
    assert cur.fetchmany() == [(7,), (8,), (9,)]  # short batch at the end
    assert cur.fetchmany() == [] and cur.fetchmany(5) == []
    with pytest.raises(ValueError):
        cur.arraysize = 0


def test_fetchmany_spans_server_batches(ifx_target: Target, rows_2500: str) -> None:
    with ifx_target.connect(autocommit=True, fetch_buffer=512) as conn:
        cur = conn.cursor()
        cur.arraysize = 700
        cur.execute(f"SELECT n FROM {rows_2500} ORDER BY n")
        chunks = []
        while batch := cur.fetchmany():
            chunks.append(batch)
        assert [len(c) for c in chunks] == [700, 700, 700, 400]
        assert [r[0] for c in chunks for r in c] == list(range(2500))


def test_forward_cursor_rownumber(autocommit: informix_db.Connection, rows_2500: str) -> None:
    cur = autocommit.cursor(fetch_buffer=512)
    assert cur.rownumber is None
    cur.execute(f"SELECT n FROM {rows_2500} ORDER BY n")
    assert cur.rownumber == 0
    cur.fetchone()
    assert cur.rownumber == 1
    cur.fetchmany(99)
    assert cur.rownumber == 100
    cur.scroll(50)
    assert cur.rownumber == 150 and cur.fetchone() == (150,)
    rest = cur.fetchall()
    assert len(rest) == 2349 and cur.rownumber == 2500
    assert cur.fetchone() is None and cur.rownumber == 2500
    cur.execute(f"UPDATE {rows_2500} SET pad = 'y' WHERE n = 1")
    assert cur.rownumber is None  # no result set


def test_two_cursors_interleave_and_both_really_fetch(ifx_target: Target, rows_2500: str) -> None:
    with ifx_target.connect(autocommit=True) as conn:
        a, b = conn.cursor(fetch_buffer=512), conn.cursor(fetch_buffer=512)
        a.execute(f"SELECT n FROM {rows_2500} ORDER BY n")
        b.execute(f"SELECT n FROM {rows_2500} ORDER BY n DESC")
        start = conn.round_trips
        seen_a, seen_b = [], []
        trips_while_interleaving = []
        for _ in range(2500):
            seen_a.append(a.fetchone()[0])
            seen_b.append(b.fetchone()[0])
            trips_while_interleaving.append(conn.round_trips)
        assert seen_a == list(range(2500)) and seen_b == list(range(2499, -1, -1))
        assert a.fetchone() is None and b.fetchone() is None
        # 2500 rows of ~8 bytes in 512-byte buffers: each cursor needs dozens of fetches,
        # and they happen throughout the loop, not all up front
        assert conn.round_trips - start >= 2 * 20
        halfway = trips_while_interleaving[1250] - start
        assert 10 < halfway < conn.round_trips - start - 10


@pytest.mark.parametrize("cache_size", [32, 0])
def test_early_closes_beyond_the_statement_slots(
    ifx_target: Target, rows_2500: str, cache_size: int
) -> None:
    with ifx_target.connect(autocommit=True, statement_cache_size=cache_size) as conn:
        for i in range(STATEMENT_SLOTS + 104):
            cur = conn.cursor(fetch_buffer=512)
            cur.execute(f"SELECT n, {i % 50} FROM {rows_2500}")  # 50 texts: cache hits too
            assert cur.fetchone() is not None
            cur.close()
        assert conn.execute(f"SELECT COUNT(*) FROM {rows_2500}").fetchone() == (2500,)


def test_statement_cache_evicts_the_least_recently_used(ifx_target: Target, rows_2500: str) -> None:
    sql = {k: f"UPDATE {rows_2500} SET pad = '{k}' WHERE n = ?" for k in "abc"}
    with ifx_target.connect(autocommit=True, statement_cache_size=2) as conn:
        cur = conn.cursor()

        def cost(key: str) -> int:
            before = conn.round_trips
            cur.execute(sql[key], (1,))
            assert cur.rowcount == 1
            return conn.round_trips - before

        assert [cost("a"), cost("b")] == [2, 2]  # prepare + execute each
        assert cost("a") == 1  # cached; now b is the least recently used
        assert cost("c") == 2  # prepared; evicts b
        assert cost("a") == 1  # a survived
        assert cost("b") == 2  # b was evicted: prepared again (evicts c)
        assert cost("a") == 1 and cost("c") == 2


def test_close_and_release_ride_on_the_next_request(ifx_target: Target, rows_2500: str) -> None:
    update = f"UPDATE {rows_2500} SET pad = 'z' WHERE n = ?"
    for cache_size in (32, 0):
        with ifx_target.connect(autocommit=True, statement_cache_size=cache_size) as conn:
            other = conn.cursor()
            other.execute(update, (1,))
            cur = conn.cursor(fetch_buffer=512)
            cur.execute(f"SELECT n FROM {rows_2500}")
            cur.fetchone()
            before = conn.round_trips
            cur.close()  # an open server cursor: CLOSE (and RELEASE without the cache)
            assert conn.round_trips == before  # nothing sent yet
            other.execute(update, (2,))
            expected = 1 if cache_size else 2  # the same as without the pending clean-up
            assert conn.round_trips - before == expected
            assert other.rowcount == 1


def test_rowcount_of_ddl_and_procedures(
    autocommit: informix_db.Connection, make_table: Callable[[str], str]
) -> None:
    t = make_table("(n INT)")
    cur = autocommit.cursor()
    cur.execute(f"CREATE INDEX ix_{t} ON {t} (n)")
    assert cur.rowcount == 0 and cur.description is None
    cur.executemany(f"INSERT INTO {t} VALUES (?)", [(1,), (2,), (3,)])
    assert cur.rowcount == 3
    proc = f"p{os.getpid()}_rc"
    cur.execute(f"CREATE PROCEDURE {proc}() DELETE FROM {t} WHERE n > 1; END PROCEDURE")
    try:
        cur.execute(f"EXECUTE PROCEDURE {proc}()")
        assert cur.description is None
        assert cur.rowcount in (0, 2)  # Informix reports the procedure's last count or 0
        assert autocommit.execute(f"SELECT COUNT(*) FROM {t}").fetchone() == (1,)
        cur.execute(f"DROP INDEX ix_{t}")
        assert cur.rowcount == 0
    finally:
        with contextlib.suppress(informix_db.Error):
            autocommit.execute(f"DROP PROCEDURE {proc}")


def test_nextset_returns_none(autocommit: informix_db.Connection, rows_2500: str) -> None:
    cur = autocommit.cursor()
    cur.execute(f"SELECT FIRST 2 n FROM {rows_2500}")
    assert cur.nextset() is None
    assert len(cur.fetchall()) == 2  # nextset() did not disturb the current result
    assert cur.nextset() is None


def test_connection_fetch_buffer_sets_the_batch_size(ifx_target: Target, rows_2500: str) -> None:
    def fetch_trips(**options: object) -> int:
        with ifx_target.connect(autocommit=True, **options) as conn:
            cur = conn.cursor()
            cur.execute(f"SELECT n, pad FROM {rows_2500}")
            before = conn.round_trips
            assert len(cur.fetchall()) == 2500
            return conn.round_trips - before

    small, large = fetch_trips(fetch_buffer=1024), fetch_trips()
    # 2500 rows of 44 bytes: ~108 KB, so 1 KB batches need about a hundred fetches
    assert small >= 80 and large <= 5
    with ifx_target.connect(autocommit=True, fetch_buffer=1024) as conn:
        cur = conn.cursor(fetch_buffer=64 * 1024)  # a per-cursor override still wins
        cur.execute(f"SELECT n, pad FROM {rows_2500}")
        before = conn.round_trips
        cur.fetchall()
        assert conn.round_trips - before <= 3
