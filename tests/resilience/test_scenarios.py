"""The resilience scenarios of ../shared/spec/resilience.md (1-5, 9, 10, 12), a black-hole
peer at every phase and the rule that cleanup never masks the first error; every test runs
against the blocking and the asyncio driver (the `flavor` fixture).

Every test runs through a FaultProxy in front of the server under test (the embedded
one, or a real Informix when IFX_* is set) and bounds how long a failure may take.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import informix_db
import informix_db.aio.connection
import informix_db.connection
from informix_db import aio
from informix_db.options import ConnectOptions

from . import blocking
from .proxy import FaultProxy

pytestmark = pytest.mark.resilience

TABLE = "res_scenario_rows"
ROWS = [(i, f"row number {i:04d}") for i in range(1, 201)]
PROMPT = 1.0  # seconds within which a dead peer (RST) must be reported
FIVE = f"SELECT id, name FROM {TABLE} WHERE id <= 5 ORDER BY id"
ALL = f"SELECT id, name FROM {TABLE} ORDER BY id"
WIRE_ERRORS = (informix_db.OperationalError, informix_db.InterfaceError)


@pytest.fixture(scope="module")
def table(ifx_target: Any) -> Iterator[str]:
    with ifx_target.connect(autocommit=True) as conn:
        conn.execute(f"DROP TABLE IF EXISTS {TABLE}")
        conn.execute(f"CREATE TABLE {TABLE} (id INT NOT NULL, name VARCHAR(40))")
        conn.cursor().executemany(f"INSERT INTO {TABLE} VALUES (?, ?)", ROWS)
    yield TABLE
    with ifx_target.connect(autocommit=True) as conn:
        conn.execute(f"DROP TABLE IF EXISTS {TABLE}")


@pytest.fixture
def proxy(ifx_target: Any, table: str) -> Iterator[FaultProxy]:
    with FaultProxy(ifx_target.host, ifx_target.port) as p:
        yield p


def connect(
    ifx_target: Any,
    proxy: FaultProxy,
    flavor: asyncio.AbstractEventLoop | None = None,
    **options: Any,
) -> Any:
    options.setdefault("connect_timeout", 5)
    options.setdefault("read_timeout", 5)
    return blocking.connect(
        flavor, **ifx_target.connect_args(host="127.0.0.1", port=proxy.port, **options)
    )


class Timer:
    """`with Timer() as t:` ... `t.elapsed`."""

    def __enter__(self) -> Timer:
        self.start = time.monotonic()
        self.elapsed = 0.0
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.elapsed = time.monotonic() - self.start


def fails_promptly(call: Callable[[], object], within: float = PROMPT) -> None:
    """`call()` raises OperationalError, and does so within `within` seconds."""
    with Timer() as t, pytest.raises(informix_db.OperationalError):
        call()
    assert t.elapsed < within


def assert_unusable(conn: informix_db.Connection) -> None:
    """Scenario 5: a dead connection says so and fails fast without its socket."""
    assert conn.closed and conn.broken
    conn._sock = Tripwire()  # type: ignore[assignment]
    with Timer() as t:
        for call in (
            conn.cursor,
            lambda: conn.execute("SELECT 1 FROM systables WHERE tabid = 1"),
            conn.commit,
            conn.rollback,
            conn.ping,
        ):
            with pytest.raises(WIRE_ERRORS):
                call()
        conn.close()  # never raises, and only closes the (already closed) transport
    assert t.elapsed < 0.1


class Tripwire:
    """Stands in for a dead transport: any use other than close() fails the test."""

    closed = True

    def close(self) -> None:
        return None

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"a broken connection touched its transport ({name})")


# -- scenarios 1-5 ---------------------------------------------------------------------


def test_1_drop_before_a_query(ifx_target: Any, proxy: FaultProxy, flavor: Any) -> None:
    conn = connect(ifx_target, proxy, flavor)
    cur = conn.cursor()
    proxy.kill()
    fails_promptly(lambda: cur.execute(FIVE))
    assert_unusable(conn)


def test_2_drop_after_a_successful_round_trip(
    ifx_target: Any, proxy: FaultProxy, flavor: Any
) -> None:
    conn = connect(ifx_target, proxy, flavor)
    cur = conn.cursor()
    assert cur.execute(FIVE).fetchone() == ROWS[0]
    proxy.kill()
    fails_promptly(lambda: cur.execute(ALL))
    assert_unusable(conn)


def test_3_rows_already_received_stay_readable(
    ifx_target: Any, proxy: FaultProxy, flavor: Any
) -> None:
    conn = connect(ifx_target, proxy, flavor)
    cur = conn.cursor()
    cur.execute(FIVE)
    assert cur.fetchone() == ROWS[0]
    proxy.kill()
    assert cur.fetchall() == ROWS[1:5]  # the whole result came in the first fetch buffer
    assert cur.fetchone() is None
    with pytest.raises(informix_db.OperationalError):
        cur.execute(FIVE)
    assert_unusable(conn)


def test_3_drop_between_fetch_batches_returns_only_a_true_prefix(
    ifx_target: Any, proxy: FaultProxy, flavor: Any
) -> None:
    conn = connect(ifx_target, proxy, flavor, fetch_buffer=512)
    cur = conn.cursor()
    cur.execute(ALL)
    got = [cur.fetchone()]
    proxy.kill()
    with pytest.raises(informix_db.OperationalError):
        while (row := cur.fetchone()) is not None:
            got.append(row)
    assert 1 < len(got) < len(ROWS), "the first batch should hold several rows, not all"
    assert got == ROWS[: len(got)]
    with pytest.raises(WIRE_ERRORS):
        cur.fetchone()
    assert_unusable(conn)


def test_4_local_socket_closed_under_the_connection(
    ifx_target: Any, proxy: FaultProxy, flavor: Any
) -> None:
    conn = connect(ifx_target, proxy, flavor)
    assert conn.execute(FIVE).fetchall() == ROWS[:5]
    conn._sock._sock.close()  # type: ignore[union-attr]
    fails_promptly(lambda: conn.cursor().execute(FIVE))
    assert conn._sock.closed  # type: ignore[union-attr]


def test_5_io_failure_marks_the_connection_unusable(
    ifx_target: Any, proxy: FaultProxy, flavor: Any
) -> None:
    conn = connect(ifx_target, proxy, flavor)
    conn._sock._sock.close()  # type: ignore[union-attr]
    with pytest.raises(informix_db.OperationalError):
        conn.execute(FIVE)
    assert_unusable(conn)


# -- scenarios 9 and 10: server errors leave the connection and cursor usable ---------------


def test_9_cursor_reusable_after_an_sql_error(
    ifx_target: Any, proxy: FaultProxy, flavor: Any
) -> None:
    with connect(ifx_target, proxy, flavor) as conn:
        cur = conn.cursor()
        with pytest.raises(informix_db.ProgrammingError) as info:
            cur.execute("SELECT * FROM no_such_table")
        assert info.value.sqlcode == -206
        assert cur.execute(f"SELECT name FROM {TABLE} WHERE id = 7").fetchall() == [(ROWS[6][1],)]
        assert not conn.broken


def test_10_new_cursor_after_closing_the_failed_one(
    ifx_target: Any, proxy: FaultProxy, flavor: Any
) -> None:
    with connect(ifx_target, proxy, flavor) as conn:
        cur = conn.cursor()
        with pytest.raises(informix_db.ProgrammingError):
            cur.execute("SELECT * FROM no_such_table")
        cur.close()
        assert conn.cursor().execute(FIVE).fetchall() == ROWS[:5]


# -- scenario 12 and the black hole at every phase -----------------------------------------


def test_12_read_timeout_fires_on_a_hung_connection(
    ifx_target: Any, proxy: FaultProxy, flavor: Any
) -> None:
    conn = connect(ifx_target, proxy, flavor, read_timeout=1.0)
    cur = conn.cursor()
    assert cur.execute(FIVE).fetchone() == ROWS[0]
    proxy.black_hole()
    with Timer() as t, pytest.raises(informix_db.OperationalError):
        cur.execute(ALL)
    assert 0.9 < t.elapsed < 2.0
    assert_unusable(conn)


@pytest.mark.parametrize(
    "timeouts",
    [
        {"connect_timeout": 1.0, "read_timeout": None},
        {"connect_timeout": None, "read_timeout": 1.0},
        {"connect_timeout": 1.0, "read_timeout": 9},
    ],
    ids=["connect_timeout", "read_timeout-only", "both"],
)
def test_black_hole_during_login(
    ifx_target: Any, proxy: FaultProxy, flavor: Any, timeouts: Any
) -> None:
    proxy.black_hole()
    with Timer() as t, pytest.raises(informix_db.OperationalError, match=r"timed out|no answer"):
        connect(ifx_target, proxy, flavor, **timeouts)
    assert t.elapsed < 2.0


def test_black_hole_during_fetch(ifx_target: Any, proxy: FaultProxy, flavor: Any) -> None:
    conn = connect(ifx_target, proxy, flavor, read_timeout=1.0, fetch_buffer=512)
    cur = conn.cursor()
    cur.execute(ALL)
    got = cur.fetchmany(3)
    proxy.black_hole()
    fails_promptly(lambda: got.extend(cur.fetchall()), within=2.0)
    assert got == ROWS[: len(got)]
    assert_unusable(conn)


def test_black_hole_during_commit(ifx_target: Any, proxy: FaultProxy, flavor: Any) -> None:
    conn = connect(ifx_target, proxy, flavor, read_timeout=1.0)
    conn.execute(f"UPDATE {TABLE} SET name = name WHERE id = 1")
    assert conn.in_transaction
    proxy.black_hole()
    fails_promptly(conn.commit, within=2.0)
    assert_unusable(conn)


def test_read_timeout_still_holds_after_a_ping(
    ifx_target: Any, proxy: FaultProxy, flavor: Any
) -> None:
    """ping() and close() read with their own deadlines; that must not replace read_timeout."""
    conn = connect(ifx_target, proxy, flavor, read_timeout=1.0)
    conn.ping()
    proxy.black_hole()
    fails_promptly(lambda: conn.execute(FIVE), within=2.0)


def test_statement_timeout_bounds_a_black_hole(
    ifx_target: Any, proxy: FaultProxy, flavor: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without read_timeout, statement_timeout + the cancel grace still bound the wait."""
    monkeypatch.setattr(informix_db.connection, "CANCEL_GRACE", 1.0)
    monkeypatch.setattr(informix_db.aio.connection, "CANCEL_GRACE", 1.0)
    conn = connect(ifx_target, proxy, flavor, read_timeout=None, statement_timeout=0.5)
    proxy.black_hole()
    fails_promptly(lambda: conn.execute(FIVE), within=2.5)
    assert_unusable(conn)


def test_close_on_a_black_hole_is_bounded_and_quiet(
    ifx_target: Any, proxy: FaultProxy, flavor: Any
) -> None:
    conn = connect(ifx_target, proxy, flavor, read_timeout=None)
    proxy.black_hole()
    with Timer() as t:
        conn.close()
    assert t.elapsed < max(informix_db.connection.CLOSE_GRACE, aio.connection.CLOSE_GRACE) + 0.5
    assert conn.closed


# -- no second exception masks the first -------------------------------------------------


def test_with_block_propagates_the_wire_error_itself(
    ifx_target: Any, proxy: FaultProxy, flavor: Any
) -> None:
    conn = connect(ifx_target, proxy, flavor)
    raised: list[BaseException] = []
    with pytest.raises(informix_db.OperationalError) as info, conn:
        conn.execute(FIVE).fetchall()
        proxy.kill()
        try:
            conn.execute(ALL)
        except informix_db.Error as error:
            raised.append(error)
            raise
    assert info.value is raised[0]
    assert conn.closed


def test_user_error_is_not_masked_by_a_failing_rollback(
    ifx_target: Any, proxy: FaultProxy, flavor: Any
) -> None:
    conn = connect(ifx_target, proxy, flavor)
    with pytest.raises(KeyError, match="mine"), conn:
        conn.execute(f"UPDATE {TABLE} SET name = name WHERE id = 1")
        assert conn.in_transaction  # so __exit__ must send a ROLLBACK into the dead socket
        proxy.kill()
        raise KeyError("mine")
    assert conn.closed


def test_user_error_is_not_masked_by_a_failing_savepoint_rollback(
    ifx_target: Any, proxy: FaultProxy, flavor: Any
) -> None:
    conn = connect(ifx_target, proxy, flavor)
    with pytest.raises(KeyError, match="mine"), conn.savepoint():
        conn.execute(f"UPDATE {TABLE} SET name = name WHERE id = 1")
        proxy.kill()
        raise KeyError("mine")
    conn.close()


def test_close_after_any_failure_never_raises(
    ifx_target: Any, proxy: FaultProxy, flavor: Any
) -> None:
    conn = connect(ifx_target, proxy, flavor)
    cur = conn.cursor()
    cur.execute(ALL)
    proxy.kill()
    with pytest.raises(informix_db.OperationalError):
        conn.commit()
    assert cur.close() is None
    assert conn.close() is None
    assert conn.close() is None


# -- a failed connect leaves nothing behind --------------------------------------------------


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_failing_session_options_leak_no_socket_or_session(
    ifx_target: Any, flavor: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The isolation/lock-wait SQL runs after the login: when the server refuses it,
    connect() must still close the socket, so the server ends that session too."""
    monkeypatch.setattr(ConnectOptions, "session_sql", lambda self: ["SET ISOLATION TO NOWHERE"])
    args = ifx_target.connect_args(connect_timeout=5, read_timeout=5)
    server = ifx_target.instance  # None on a real Informix: only the fd count is checked
    sessions_before = server.session_count if server else 0
    fds_before = open_fds()
    for _ in range(5):
        with pytest.raises(informix_db.ProgrammingError):
            blocking.connect(flavor, **args)
    if flavor is not None:
        flavor.run_until_complete(asyncio.sleep(0))  # let aborted transports release
    deadline = time.monotonic() + 5  # the embedded server (same process) ends them in its time
    while open_fds() > fds_before and time.monotonic() < deadline:
        time.sleep(0.02)
    assert open_fds() <= fds_before
    assert not server or server.session_count <= sessions_before
