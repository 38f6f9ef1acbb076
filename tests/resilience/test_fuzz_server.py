"""Hostile client: the embedded server fed random and mutated client bytes.

Each case runs a whole `ServerSession` in process over an in-memory socket (no
threads, no TCP): a valid login (or a mutated one), then hostile requests, then
EOF. The rules: `run()` returns and nothing escapes it; the session closes its
socket; everything it sent is well-framed SQLI (a login reply, then replies whose
errors carry real sqlcodes); and the same server instance keeps serving a healthy
TCP client throughout, with no lock left behind by a dead session.
"""

from __future__ import annotations

import contextlib
import random
import socket
import time
import tracemalloc
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ifxserver
import ifxserver.users
import informix_db
from ifxserver.session import INTERNAL_ERROR, ServerConfig, ServerSession
from ifxserver.users import UserTable
from informix_db.protocol.buffer import Incomplete, ProtocolViolation, Reader
from informix_db.protocol.caps import Caps
from informix_db.protocol.codes import CLIENT_PROTOCOL_OFFER, SERVER_PROTOCOL_MASK, Msg
from informix_db.protocol.login import parse_response, pdu_length
from informix_db.protocol.messages import status
from informix_db.protocol.messages.dispatch import read_reply

from . import fuzzkit as fk
from .proxy import TO_CLIENT, TO_SERVER, FaultProxy

pytestmark = pytest.mark.resilience

USER, PASSWORD = "fuzz", "fuzz-password"
DATABASE = "fuzzsrv"
CASES = 6_000
HYPOTHESIS_EXAMPLES = 1_500
SLOW_CASES = 25_000
HEALTH_EVERY = 500
SERVER_CAPS = Caps.negotiate(CLIENT_PROTOCOL_OFFER, SERVER_PROTOCOL_MASK)


class MemorySocket:
    """The socket API ServerSession uses, over a list of chunks; replies are collected."""

    def __init__(self, chunks: list[bytes]) -> None:
        self.chunks = list(reversed(chunks))
        self.sent = bytearray()
        self.closed = False
        self.recvs = 0

    def recv(self, size: int) -> bytes:
        self.recvs += 1
        return self.chunks.pop() if self.chunks else b""

    def sendall(self, data: bytes) -> None:
        self.sent += data

    def settimeout(self, seconds: float | None) -> None:
        return None

    def close(self) -> None:
        self.closed = True


@dataclass
class Rig:
    server: ifxserver.Server
    config: ServerConfig
    client: fk.Corpus  # a real client stream: login, then requests
    healthy: informix_db.Connection


@pytest.fixture(scope="module")
def rig() -> Iterator[Rig]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(ifxserver.users, "ITERATIONS", 1)  # PBKDF2 per login would dominate
        with ifxserver.start(users={USER: PASSWORD}) as server:
            with informix_db.connect(**server.connect_args(), autocommit=True) as conn:
                conn.execute(f"CREATE DATABASE {DATABASE} WITH LOG")
            args = server.connect_args(database=DATABASE)
            with informix_db.connect(**args, autocommit=True) as conn:
                conn.execute(f"CREATE TABLE {fk.TABLE} ({fk.COLUMNS})")
                for sql in fk.rows_sql():
                    conn.execute(sql)
            with FaultProxy(server.host, server.port, record=True) as proxy:
                fk.public_workload({**args, "port": proxy.port}, [])
            streams = {d: proxy.stream(d) for d in (TO_CLIENT, TO_SERVER)}  # complete once closed
            config = ServerConfig(server_name=server.server_name, users=UserTable({USER: PASSWORD}))
            client = fk.corpus("client", streams[TO_SERVER], streams[TO_CLIENT])
            with informix_db.connect(**args, lock_wait=3, autocommit=True) as healthy:
                yield Rig(server, config, client, healthy)


class RecordingSession(ServerSession):
    """Notes the capabilities in force each time a reply goes out."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.sends: list[tuple[bytes, Caps]] = []

    def _send(self, data: bytes) -> None:
        self.sends.append((data, self.caps))
        super()._send(data)


def server_case(rig: Rig, data: bytes, chunk: int) -> MemorySocket:
    sock = MemorySocket(fk.chunked(data, chunk))
    session = RecordingSession(sock, rig.server.instance, rig.config, "fuzz")
    session.run()  # nothing may escape
    assert sock.closed, "the session did not close its socket"
    assert sock.recvs <= len(data) + 2, "the session kept reading after EOF"
    check_replies(session.sends)
    return sock


def check_replies(sends: list[tuple[bytes, Caps]]) -> None:
    """A login reply, then complete replies, each well-formed under the capabilities the
    server had negotiated when it wrote it (a hostile client may renegotiate them)."""
    if not sends:
        return
    login = sends[0][0]
    assert pdu_length(login) == len(login), "the login reply is not one whole PDU"
    parse_response(login)
    before = SERVER_CAPS
    for data, caps in sends[1:]:
        check_batch(data, before, caps)
        before = caps


def check_batch(data: bytes, before: Caps, after: Caps) -> None:
    """Messages before an SQ_PROTOCOLS reply use the old capabilities, the rest the new
    ones; an error sent on closing after a discarded batch uses the new ones throughout."""
    try:
        errors = parse_batch(data, before, after)
    except (Incomplete, ProtocolViolation) as error:
        if before == after:
            raise AssertionError(f"malformed reply: {data.hex()}") from error
        errors = parse_batch(data, after, after)
    assert all(code < 0 for code, _ in errors), f"an SQ_ERR without an error code: {errors}"
    internal = [t for code, t in errors if code == INTERNAL_ERROR and t.startswith("internal")]
    assert not internal, f"an unforeseen exception in a handler: {internal}"
    assert data.endswith(Msg.EOT.to_bytes(2, "big")), "a batch must end with SQ_EOT"


def parse_batch(data: bytes, before: Caps, after: Caps) -> list[tuple[int, str]]:
    """The batch's SQ_ERR sqlcodes and texts; raises if a message is malformed."""
    r, caps, errors = Reader(data), before, []
    while r.remaining:
        tag, body = server_reply(r, caps)
        if tag == Msg.PROTOCOLS:
            caps = after
        if isinstance(body, status.ErrorReply):
            errors.append((body.sqlcode, body.text))
    return errors


def server_reply(r: Reader, caps: Caps) -> tuple[int, object]:
    """read_reply, plus the two replies the driver never asks for (DBLIST, VERSION)."""
    start = r.pos
    tag = r.short()
    if tag == Msg.DBLIST:
        while r.length(r.short()):
            r.pos -= 2
            r.char2()
        return tag, None
    if tag == Msg.VERSION:
        return tag, r.char2()
    r.pos = start
    return read_reply(r, caps, "latin-1")


def check_healthy(rig: Rig) -> None:
    """Another client is still served, and no dead session holds a lock."""
    cur = rig.healthy.cursor()
    cur.execute(f"UPDATE {fk.TABLE} SET si = si WHERE id = 1")
    assert cur.rowcount == 1
    assert cur.execute(f"SELECT COUNT(*) FROM {fk.TABLE}").fetchone() == (8,)


def login_end(rig: Rig) -> int:
    return rig.client.framed.ends[0]


def hostile(rig: Rig, rng: random.Random) -> bytes:
    """One hostile stream: mostly a valid login followed by mutated or random requests."""
    roll = rng.random()
    login = login_end(rig)
    if roll < 0.75:
        return fk.mutate(rig.client, rng, rng.randrange(1, 5), keep=login)
    if roll < 0.85:
        return rig.client.stream[: rig.client.framed.ends[1]] + rng.randbytes(rng.randrange(400))
    if roll < 0.95:
        buf = bytearray(rig.client.stream)
        for _ in range(rng.randrange(1, 4)):
            fk.length_32(buf, rng, rig.client.framed)
        return rig.client.stream[:login] + bytes(buf[login:])
    return fk.mutate(rig.client, rng, rng.randrange(1, 3))  # the login itself


def sweep(rig: Rig, seed: int, cases: int) -> None:
    rng = random.Random(seed)
    for case in range(cases):
        data = hostile(rig, rng)
        chunk = rng.choice(fk.CHUNKINGS) if case % 20 == 0 else 1 << 30
        try:
            server_case(rig, data, chunk)
        except AssertionError as error:
            raise AssertionError(f"seed {seed} case {case} ({data.hex()}): {error}") from error
        if case % HEALTH_EVERY == 0:
            check_healthy(rig)
    check_healthy(rig)


def test_unmutated_client_stream_is_served(rig: Rig) -> None:
    sock = server_case(rig, rig.client.stream, 1 << 30)
    assert sock.sent.count(Msg.TUPLE.to_bytes(2, "big")) >= 5  # rows went out


def test_sweep_hostile_clients(rig: Rig) -> None:
    sweep(rig, 31, CASES)


def test_hypothesis_random_requests_after_login(rig: Rig) -> None:
    count = [0]

    @settings(max_examples=HYPOTHESIS_EXAMPLES, deadline=None, database=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
    @given(upto=st.integers(1, 12), junk=st.binary(max_size=300), rng=st.randoms())
    def run(upto: int, junk: bytes, rng: random.Random) -> None:
        count[0] += 1
        ends = rig.client.framed.ends
        head = rig.client.stream[: ends[min(upto, len(ends) - 1)]]
        server_case(rig, head + junk, rng.choice(fk.CHUNKINGS))

    run()
    check_healthy(rig)
    assert count[0] >= HYPOTHESIS_EXAMPLES


def test_declared_huge_lengths_stay_small_in_memory(rig: Rig) -> None:
    """Length fields after the login set to 0x7fffffff and friends: the server only ever
    holds the bytes that really arrived, never what a length field claims."""
    rng = random.Random(11)
    login = login_end(rig)
    worst = 0
    tracemalloc.start()
    try:
        for _ in range(300):
            buf = bytearray(rig.client.stream)
            for _ in range(rng.randrange(1, 4)):
                fk.length_32(buf, rng, rig.client.framed)
            data = rig.client.stream[:login] + bytes(buf[login:])
            tracemalloc.reset_peak()
            base = tracemalloc.get_traced_memory()[0]
            server_case(rig, data, 1 << 30)
            worst = max(worst, tracemalloc.get_traced_memory()[1] - base)
    finally:
        tracemalloc.stop()
    assert worst < 32 * 1024 * 1024, f"a session allocated {worst} bytes"
    check_healthy(rig)


@pytest.mark.slow
def test_sweep_hostile_clients_long(rig: Rig) -> None:
    sweep(rig, 77, SLOW_CASES)


def test_hostile_sessions_over_tcp_leave_others_served(rig: Rig) -> None:
    """The same, through the real listener: garbage after login, then a healthy query."""
    rng = random.Random(5)
    for _ in range(30):
        send_over_tcp(rig.server, hostile(rig, rng))
    check_healthy(rig)
    deadline = time.monotonic() + 5
    while rig.server.session_count > 1 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert rig.server.session_count == 1  # only the healthy connection remains


def send_over_tcp(server: ifxserver.Server, data: bytes) -> None:
    with socket.create_connection((server.host, server.port), timeout=5) as sock:
        sock.sendall(data)
        sock.shutdown(socket.SHUT_WR)
        with contextlib.suppress(ConnectionResetError):
            while sock.recv(65536):
                pass
