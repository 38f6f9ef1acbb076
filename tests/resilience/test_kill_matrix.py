"""The kill matrix: one recorded conversation, replayed and cut everywhere.

A workload (connect, prepare, bind, fetch several small batches, update, commit, close)
is recorded once through the proxy. It is then replayed through a proxy that forwards
exactly N bytes in one direction and then resets both sides, for N at every message
boundary of both directions and at seeded random offsets inside messages. Every replay
must end quickly, either with the full correct result or with OperationalError /
InterfaceError; the rows it delivered are a prefix of the true result; the error that
escapes is the first one raised; nothing leaks (server sessions, open transactions).
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

import ifxserver
import informix_db

from .proxy import TO_CLIENT, TO_SERVER, FaultProxy
from .sqli_frames import frame, negotiated_caps

pytestmark = pytest.mark.resilience

TABLE = "res_kill_rows"
COUNTER = "res_kill_counter"
ROWS = [(i, f"kill matrix row {i:05d} " + "x" * (i % 17)) for i in range(1, 121)]
FIRST_ID = 10
TRUTH = [r for r in ROWS if r[0] > FIRST_ID]
SEED = 20240908
RANDOM_CUTS = 40  # per direction, inside messages
WIRE_ERRORS = (informix_db.OperationalError, informix_db.InterfaceError)
PROMPT = 2.0  # a reset must be reported long before read_timeout (5 s)


@dataclass
class Run:
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    first: list[BaseException] = field(default_factory=list)
    escaped: BaseException | None = None
    conn: informix_db.Connection | None = None
    elapsed: float = 0.0


def workload(args: dict[str, Any], run: Run) -> None:
    """The conversation under test; records what it saw in `run`."""
    conn = run.conn = informix_db.connect(**args)
    with conn:
        try:
            cur = conn.cursor(fetch_buffer=512)
            cur.execute(f"SELECT id, name FROM {TABLE} WHERE id > ? ORDER BY id", (FIRST_ID,))
            for row in cur:
                run.rows.append(row)
            conn.execute(f"UPDATE {COUNTER} SET n = n + 1 WHERE id = 1")
        except BaseException as error:
            run.first.append(error)
            raise
    # leaving the block commits and closes


def replay(args: dict[str, Any]) -> Run:
    run = Run()
    start = time.monotonic()
    try:
        workload(args, run)
    except Exception as error:
        run.escaped = error
    run.elapsed = time.monotonic() - start
    return run


@dataclass
class Matrix:
    target: Any
    server: ifxserver.Server | None
    recording: dict[str, bytes]
    counter: list[int]  # the counter's value as last seen

    def args(self, port: int) -> dict[str, Any]:
        return self.target.connect_args(
            host="127.0.0.1", port=port, connect_timeout=5, read_timeout=5
        )

    def read_counter(self) -> int:
        """Also proves no dead session still holds the row: the lock wait is bounded."""
        with self.target.connect(lock_wait=3) as conn:
            conn.execute(f"UPDATE {COUNTER} SET n = n WHERE id = 1")
            return int(conn.execute(f"SELECT n FROM {COUNTER} WHERE id = 1").fetchone()[0])


def _target(ifx_target: Any) -> Iterator[tuple[Any, ifxserver.Server | None]]:
    """A private embedded server (so its sessions can be counted), or the real one."""
    if not ifx_target.embedded:
        yield ifx_target, None
        return
    with ifxserver.start() as server:
        with informix_db.connect(**server.connect_args(), autocommit=True) as conn:
            conn.execute("CREATE DATABASE kill_matrix WITH LOG")
        args = server.connect_args(database="kill_matrix")
        yield (
            type(ifx_target)(
                server.host, server.port, args["user"], args["password"], server.server_name,
                "kill_matrix", embedded=True,
            ),
            server,
        )  # fmt: skip


@pytest.fixture(scope="module")
def matrix(ifx_target: Any) -> Iterator[Matrix]:
    for target, server in _target(ifx_target):
        with target.connect(autocommit=True) as conn:
            for name in (TABLE, COUNTER):
                conn.execute(f"DROP TABLE IF EXISTS {name}")
            conn.execute(f"CREATE TABLE {TABLE} (id INT NOT NULL, name VARCHAR(60))")
            conn.cursor().executemany(f"INSERT INTO {TABLE} VALUES (?, ?)", ROWS)
            conn.execute(f"CREATE TABLE {COUNTER} (id INT NOT NULL, n INT NOT NULL)")
            conn.execute(f"INSERT INTO {COUNTER} VALUES (1, 0)")
        m = Matrix(target, server, {}, [0])
        with FaultProxy(target.host, target.port, record=True) as proxy:
            run = replay(m.args(proxy.port))
        m.recording = {d: proxy.stream(d) for d in (TO_CLIENT, TO_SERVER)}  # complete once closed
        assert run.escaped is None and run.rows == TRUTH
        m.counter[0] = m.read_counter()
        yield m


def cut_points(matrix: Matrix) -> list[tuple[str, int]]:
    """Every message boundary of both directions, plus seeded offsets inside messages."""
    rec = matrix.recording
    caps = negotiated_caps(rec[TO_CLIENT])
    rng = random.Random(SEED)
    points: list[tuple[str, int]] = []
    for direction in (TO_CLIENT, TO_SERVER):
        ends = frame(rec[direction], caps, from_server=direction == TO_CLIENT).ends
        assert ends[-1] == len(rec[direction]), "the recording parses to its last byte"
        inside = sorted(set(range(1, len(rec[direction]))) - set(ends))
        points += [(direction, 0)] + [(direction, n) for n in ends]
        points += [(direction, n) for n in sorted(rng.sample(inside, RANDOM_CUTS))]
    return points


def test_recording_is_reproducible_and_has_several_fetch_batches(matrix: Matrix) -> None:
    with FaultProxy(matrix.target.host, matrix.target.port, record=True) as proxy:
        run = replay(matrix.args(proxy.port))
    again = {d: proxy.stream(d) for d in (TO_CLIENT, TO_SERVER)}
    assert run.escaped is None and run.rows == TRUTH
    assert again[TO_SERVER] == matrix.recording[TO_SERVER]
    assert _before_exit_reply(again[TO_CLIENT]) == _before_exit_reply(matrix.recording[TO_CLIENT])
    caps = negotiated_caps(matrix.recording[TO_CLIENT])
    requests = frame(matrix.recording[TO_SERVER], caps, from_server=False).tags
    assert requests.count(9) >= 4, "the workload should need several NFETCH batches"  # SQ_NFETCH
    matrix.counter[0] = matrix.read_counter()


def _before_exit_reply(stream: bytes) -> bytes:
    """The server's stream without its answer to SQ_EXIT: the client closes as soon as it
    has read the first short of that answer, so the proxy may or may not deliver the rest."""
    end = stream.rfind(b"\x00\x38")
    return stream[:end] if end >= len(stream) - 4 else stream


def test_every_cut_fails_cleanly_with_a_true_prefix(matrix: Matrix) -> None:
    points = cut_points(matrix)
    assert len(points) > 2 * RANDOM_CUTS + 50
    outcomes: dict[str, int] = {}
    with FaultProxy(matrix.target.host, matrix.target.port) as proxy:
        for direction, offset in points:
            proxy.cut_after(offset, direction)
            run = replay(matrix.args(proxy.port))
            kind = check_run(matrix, run, f"{direction} after {offset} bytes")
            outcomes[kind] = outcomes.get(kind, 0) + 1
    assert outcomes.get("OperationalError", 0) > len(points) // 2, outcomes


def check_run(matrix: Matrix, run: Run, where: str) -> str:
    assert run.elapsed < PROMPT, f"{where}: took {run.elapsed:.2f} s"
    assert run.rows == TRUTH[: len(run.rows)], f"{where}: rows are not a prefix of the truth"
    if run.escaped is None:
        assert run.rows == TRUTH, f"{where}: success with a short result"
    else:
        assert isinstance(run.escaped, WIRE_ERRORS), f"{where}: {run.escaped!r}"
        if run.first:
            assert run.escaped is run.first[0], f"{where}: {run.escaped!r} masked {run.first[0]!r}"
    assert run.conn is None or run.conn.closed, f"{where}: connection left open"
    check_nothing_leaked(matrix, where)
    return "ok" if run.escaped is None else type(run.escaped).__name__


def check_nothing_leaked(matrix: Matrix, where: str) -> None:
    before = matrix.counter[0]
    now = matrix.counter[0] = matrix.read_counter()
    assert now in (before, before + 1), f"{where}: counter went {before} -> {now}"
    if matrix.server is not None:
        deadline = time.monotonic() + 5
        while matrix.server.session_count and time.monotonic() < deadline:
            time.sleep(0.01)
        assert matrix.server.session_count == 0, f"{where}: server sessions leaked"
