"""Cancel, statement timeout, WITH HOLD cursors and round trips counted by the server."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest

import informix_db

pytestmark = pytest.mark.integration


def slow_query(ifx_target, seconds: int = 5) -> str:  # type: ignore[no-untyped-def]
    if ifx_target.embedded:
        return f"SELECT IFX_SLEEP({seconds}) FROM systables WHERE tabid = 1"
    return "SELECT COUNT(*) FROM systables a, systables b, systables c, systables d, systables e"


def test_cancel_from_another_thread_stops_a_slow_query(ifx_target) -> None:  # type: ignore[no-untyped-def]
    with ifx_target.connect(autocommit=True) as conn:
        timer = threading.Timer(0.3, conn.cancel)
        timer.start()
        start = time.monotonic()
        try:
            with pytest.raises(informix_db.OperationalError) as info:
                conn.execute(slow_query(ifx_target))
        finally:
            timer.cancel()
        assert info.value.sqlcode == -213
        assert time.monotonic() - start < 1.3
        assert not conn.broken
        assert conn.execute("SELECT 1 FROM systables WHERE tabid = 1").fetchone() == (1,)
        conn.cancel()  # nothing running: a no-op


def test_statement_timeout_fires_and_connection_survives(ifx_target) -> None:  # type: ignore[no-untyped-def]
    with ifx_target.connect(autocommit=True, statement_timeout=0.5) as conn:
        start = time.monotonic()
        with pytest.raises(informix_db.OperationalError, match="statement timeout") as info:
            conn.execute(slow_query(ifx_target))
        assert info.value.sqlcode == -213
        assert time.monotonic() - start < 2.0
        assert conn.execute("SELECT 1 FROM systables WHERE tabid = 1").fetchone() == (1,)


@pytest.fixture
def many(make_table: Callable[[str], str], ifx_conn: informix_db.Connection) -> str:
    t = make_table("(id INT, pad CHAR(200))")
    ifx_conn.cursor().executemany(f"INSERT INTO {t} VALUES (?, 'x')", [(i,) for i in range(200)])
    ifx_conn.commit()
    return t


def test_hold_cursor_survives_commit(ifx_conn: informix_db.Connection, many: str) -> None:
    held = ifx_conn.cursor(hold=True, fetch_buffer=1024)
    held.execute(f"SELECT id FROM {many} ORDER BY id")
    first = held.fetchmany(3)
    assert len(first) == 3
    ifx_conn.commit()
    rest = held.fetchall()
    assert [r[0] for r in first + rest] == list(range(200))


def test_plain_cursor_is_closed_by_commit(ifx_conn: informix_db.Connection, many: str) -> None:
    plain = ifx_conn.cursor(fetch_buffer=1024)
    plain.execute(f"SELECT id FROM {many} ORDER BY id")
    plain.fetchmany(3)
    ifx_conn.commit()
    with pytest.raises(informix_db.Error) as info:
        plain.fetchall()
    assert info.value.sqlcode == -400
    assert ifx_conn.execute(f"SELECT COUNT(*) FROM {many}").fetchone()[0] == 200


def test_round_trip_budgets_counted_by_the_server(
    ifx_target,
    many: str,  # type: ignore[no-untyped-def]
) -> None:
    if ifx_target.requests_served() is None:
        pytest.skip("the request counter is a feature of the embedded server")
    with ifx_target.connect(autocommit=True) as conn:
        cur = conn.cursor()
        sql = f"SELECT id FROM {many} WHERE id = ?"
        cur.execute(sql, (1,)).fetchall()
        before = ifx_target.requests_served()
        cur.execute(sql, (2,))
        assert cur.fetchall() == [(2,)]
        assert ifx_target.requests_served() - before <= 2  # cached SELECT
        update = f"UPDATE {many} SET pad = 'y' WHERE id = ?"
        cur.execute(update, (3,))
        before = ifx_target.requests_served()
        cur.execute(update, (4,))
        assert ifx_target.requests_served() - before == 1  # cached DML
