"""executemany at bulk speed: streamed input, bounded requests, failing rows reported."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

import informix_db

pytestmark = pytest.mark.integration


def test_generator_input_and_round_trips(
    ifx_conn: informix_db.Connection, make_table: Callable[[str], str]
) -> None:
    t = make_table("(id INT, name VARCHAR(20))")
    produced = 0

    def rows() -> Iterator[tuple[int, str]]:
        nonlocal produced
        for i in range(20_000):
            produced += 1
            yield i, f"name-{i}"

    before = ifx_conn.round_trips
    cur = ifx_conn.cursor()
    cur.executemany(f"INSERT INTO {t} VALUES (?, ?)", rows())
    assert cur.rowcount == 20_000 and produced == 20_000
    assert ifx_conn.round_trips - before < 100  # many rows per request
    cur.execute(f"SELECT COUNT(*), SUM(id) FROM {t}")
    assert tuple(map(int, cur.fetchone())) == (20_000, sum(range(20_000)))


def test_duplicate_at_row_50000_of_100000(
    ifx_target,
    make_table: Callable[[str], str],  # type: ignore[no-untyped-def]
) -> None:
    t = make_table("(id INT PRIMARY KEY)")
    rows = ((i if i != 50_000 else 7,) for i in range(100_000))
    with ifx_target.connect(autocommit=True) as conn:
        cur = conn.cursor()
        with pytest.raises(informix_db.IntegrityError) as info:
            cur.executemany(f"INSERT INTO {t} VALUES (?)", rows)
        assert info.value.row_index == 50_000
        assert "row 50000" in str(info.value)
        assert cur.rowcount == 50_000
        count = conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
        assert int(count) == 50_000  # everything before the failing row, nothing after
        cur.executemany(f"INSERT INTO {t} VALUES (?)", [(200_000,), (200_001,)])
        assert cur.rowcount == 2


@pytest.mark.parametrize("position", [0, 3, 9])
def test_unencodable_row_is_reported_and_connection_stays_usable(
    ifx_conn: informix_db.Connection, make_table: Callable[[str], str], position: int
) -> None:
    t = make_table("(id INT)")
    rows: list[tuple[object]] = [(i,) for i in range(10)]
    rows[position] = (2**70,)
    cur = ifx_conn.cursor()
    for _ in range(3):
        with pytest.raises(informix_db.DataError) as info:
            cur.executemany(f"INSERT INTO {t} VALUES (?)", rows)
        assert info.value.row_index == position
    cur.execute(f"SELECT COUNT(*) FROM {t}")
    assert cur.fetchone() is not None


def test_empty_input_and_row_returning_statement(
    ifx_conn: informix_db.Connection, make_table: Callable[[str], str]
) -> None:
    t = make_table("(id INT)")
    cur = ifx_conn.cursor()
    cur.executemany(f"INSERT INTO {t} VALUES (?)", [])
    assert cur.rowcount == 0
    with pytest.raises(informix_db.ProgrammingError, match="returns rows"):
        cur.executemany(f"SELECT id FROM {t} WHERE id = ?", [(1,)])


def test_update_many_rowcount_is_total(
    ifx_conn: informix_db.Connection, make_table: Callable[[str], str]
) -> None:
    t = make_table("(id INT, grp INT)")
    cur = ifx_conn.cursor()
    cur.executemany(f"INSERT INTO {t} VALUES (?, ?)", [(i, i % 3) for i in range(30)])
    cur.executemany(f"UPDATE {t} SET id = id + 100 WHERE grp = ?", [(0,), (1,), (5,)])
    assert cur.rowcount == 20


def test_parameter_set_length_mismatch(
    ifx_conn: informix_db.Connection, make_table: Callable[[str], str]
) -> None:
    t = make_table("(a INT, b INT)")
    with pytest.raises(informix_db.ProgrammingError) as info:
        ifx_conn.cursor().executemany(f"INSERT INTO {t} VALUES (?, ?)", [(1, 2), (3,)])
    assert info.value.row_index == 1


def test_many_rows_inside_one_transaction(
    ifx_target,
    make_table: Callable[[str], str],  # type: ignore[no-untyped-def]
) -> None:
    t = make_table("(id INT)")
    with ifx_target.connect() as conn:
        cur = conn.cursor()
        cur.executemany(f"INSERT INTO {t} VALUES (?)", ((i,) for i in range(5000)))
        assert conn.in_transaction
        conn.rollback()
        assert int(conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]) == 0


def test_generator_is_consumed_a_chunk_at_a_time(
    ifx_target,  # type: ignore[no-untyped-def]
    make_table: Callable[[str], str],
) -> None:
    """When the first bulk request reaches the server only a chunk or two of the
    100,000 rows has been drawn from the generator: the input is streamed."""
    t = make_table("(id INT, name VARCHAR(20))")
    total = 100_000
    with ifx_target.connect(autocommit=True) as conn:
        served = ifx_target.requests_served if ifx_target.embedded else lambda: conn.round_trips
        seen: list[int] = []

        def rows() -> Iterator[tuple[int, str]]:
            for i in range(total):
                seen.append(served())
                yield i, f"n{i}"

        cur = conn.cursor()
        cur.executemany(f"INSERT INTO {t} VALUES (?, ?)", rows())
        assert cur.rowcount == total and len(seen) == total
        # seen[0] is the count after PREPARE; the first row drawn after a larger
        # count is where the first bulk request had already been answered
        drawn_before_first = next(i for i, count in enumerate(seen) if count > seen[0])
        assert 0 < drawn_before_first <= 10_000
        assert seen[-1] - seen[0] >= 10  # requests kept flowing while the generator ran
        got = conn.execute(f"SELECT COUNT(*), MAX(id) FROM {t}").fetchone()
        assert tuple(map(int, got)) == (total, total - 1)


@pytest.mark.parametrize(
    ("rows", "width"),
    [
        pytest.param(20_000, 1000, id="20k"),
        pytest.param(200_000, 1000, marks=pytest.mark.slow, id="200k"),
    ],
)
def test_large_values_complete_without_deadlock(
    ifx_target,  # type: ignore[no-untyped-def]
    make_table: Callable[[str], str],
    rows: int,
    width: int,
) -> None:
    """Megabytes of parameters: one request in flight at a time, so neither side can
    block on a full socket buffer (read_timeout turns a hang into an error)."""
    t = make_table(f"(id INT, body VARCHAR(255), tail LVARCHAR({width}))")
    filler = "q" * (width - 255)
    with ifx_target.connect(autocommit=True, read_timeout=300) as conn:
        cur = conn.cursor()
        before = conn.round_trips
        cur.executemany(
            f"INSERT INTO {t} VALUES (?, ?, ?)", ((i, "b" * 255, filler) for i in range(rows))
        )
        assert cur.rowcount == rows
        requests = conn.round_trips - before
        assert rows * width / (64 * 1024) < requests < rows  # many rows per request, bounded size
        got = conn.execute(f"SELECT COUNT(*), SUM(LENGTH(tail)) FROM {t}").fetchone()
        assert tuple(map(int, got)) == (rows, rows * len(filler))
