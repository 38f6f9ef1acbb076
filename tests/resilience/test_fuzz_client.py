"""Hostile server: the client fed random and mutated server byte streams (in memory).

The streams are real replies captured from the embedded server (fuzzkit.py), then
mutated: bit flips, byte edits, insertions, deletions, truncation, length fields set
to 0x7fffffff and friends, swapped, duplicated and dropped messages, and delivered in
chunks of 1 byte up to the whole stream. The rules:

- protocol layer (`ClientSession`): only ProtocolViolation, ServerError,
  ConnectionLost and the value codecs' ValueCodecError escape;
- public layer (`informix_db.connect()` over a scripted transport): only PEP 249
  exceptions escape, and never the code-less InternalError that stands for "unexpected";
- no hang: every conversation ends within a step budget proportional to its input;
- bounded memory: a declared 2 GB (or 64 MB) length allocates nothing like it.

Hypothesis drives the mutations (shrinkable); a seeded sweep adds volume. Without the
`slow` tests that is about 106,400 cases (see docs/reliability.md); the `slow` ones add 240,000.
"""

from __future__ import annotations

import random
import tracemalloc
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ifxserver
import informix_db
import informix_db.connection
from informix_db.protocol.client import ClientSession
from informix_db.protocol.codes import Msg

from . import fuzzkit as fk
from .proxy import TO_CLIENT, FaultProxy

pytestmark = pytest.mark.resilience

DATABASE = "fuzzdb"
SWEEP_SHARDS = 4
SWEEP_CASES = 22_000  # per shard; with the hypothesis examples CI runs > 100,000 cases
HYPOTHESIS_EXAMPLES = 4_000
PUBLIC_EXAMPLES = 3_000
PUBLIC_SWEEP = 8_000
SLOW_FACTOR = 10
MEMORY_CASES = 400
MEMORY_LIMIT = 8 * 1024 * 1024  # bytes a hostile case may allocate at its peak
FUZZ = settings(
    deadline=None,
    database=None,  # nothing written into the work tree; derandomize keeps CI repeatable
    derandomize=True,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


class Setup:
    def __init__(self, server: ifxserver.Server) -> None:
        args = server.connect_args()
        self.req = fk.login_request(args["user"], args["password"], args["server"])
        self.protocol = fk.corpus("protocol", fk.capture_protocol(
            server.host, server.port, self.req, DATABASE))  # fmt: skip
        self.public_args = server.connect_args(database=DATABASE)
        with FaultProxy(server.host, server.port, record=True) as proxy:
            self.public_rows: list[Any] = []
            fk.public_workload({**self.public_args, "port": proxy.port}, self.public_rows)
        self.public = fk.corpus("public", proxy.stream(TO_CLIENT))  # complete once closed


@pytest.fixture(scope="module")
def setup() -> Iterator[Setup]:
    with ifxserver.start() as server:
        with informix_db.connect(**server.connect_args(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {DATABASE} WITH LOG")
        with informix_db.connect(**server.connect_args(database=DATABASE), autocommit=True) as c:
            c.execute(f"CREATE TABLE {fk.TABLE} ({fk.COLUMNS})")
            for sql in fk.rows_sql():
                c.execute(sql)
        yield Setup(server)


# -- one case at each layer ---------------------------------------------------------------


def protocol_case(s: Setup, data: bytes, chunk: int) -> fk.Outcome:
    session = ClientSession()
    io = fk.Exchange(chunks=fk.chunked(data, chunk))
    budget = fk.MAX_STEPS_PER_BYTE * len(data) + 100
    return fk.run_protocol(fk.conversation(session, s.req, DATABASE), session, io, budget)


class Scripted:
    """Replaces SocketTransport in informix_db.connection for the public-layer cases."""

    chunks: list[bytes] = []

    @classmethod
    def open(cls, *args: Any, **kwargs: Any) -> fk.ScriptedTransport:
        return fk.ScriptedTransport(cls.chunks)


@pytest.fixture
def scripted(monkeypatch: pytest.MonkeyPatch) -> type[Scripted]:
    monkeypatch.setattr(informix_db.connection, "SocketTransport", Scripted)
    return Scripted


def public_case(s: Setup, data: bytes, chunk: int) -> str:
    """Run the public workload over `data`; returns the outcome's name."""
    Scripted.chunks = fk.chunked(data, chunk)
    rows: list[Any] = []
    try:
        fk.public_workload(s.public_args, rows)
    except informix_db.InternalError as error:
        if error.sqlcode is None:  # translate()'s fallback: nothing foresaw this failure
            raise AssertionError(f"a non-PEP 249 failure leaked through: {error!r}") from error
        return type(error).__name__  # a server sqlcode that means InternalError (-208)
    except informix_db.Error as error:
        return type(error).__name__
    return "ok"


# -- the harness itself is sound ---------------------------------------------------------


@pytest.mark.parametrize("chunk", fk.CHUNKINGS)
def test_unmutated_streams_replay_cleanly(setup: Setup, scripted: Any, chunk: int) -> None:
    out = protocol_case(setup, setup.protocol.stream, chunk)
    assert out.ops_done == 13 and [e.args[0] for e in out.errors] == [-206]
    assert public_case(setup, setup.public.stream, chunk) == "ok"


def test_a_truncated_stream_is_a_clean_error_at_both_layers(setup: Setup, scripted: Any) -> None:
    cut = setup.protocol.framed.ends[10] + 3
    out = protocol_case(setup, setup.protocol.stream[:cut], 1 << 30)
    assert type(out.errors[-1]).__name__ == "ConnectionLost"
    assert public_case(setup, setup.public.stream[: len(setup.public.stream) // 2], 64) == (
        "OperationalError"
    )


# -- hypothesis: structured, shrinkable mutations ------------------------------------------


@pytest.mark.parametrize("layer", ["protocol", "public"])
def test_mutated_replies_raise_only_our_errors(setup: Setup, scripted: Any, layer: str) -> None:
    count = [0]

    @settings(FUZZ, max_examples=HYPOTHESIS_EXAMPLES)
    @given(rng=st.randoms(use_true_random=False), edits=st.integers(1, 4),
           chunk=st.sampled_from(fk.CHUNKINGS[3:]))  # fmt: skip
    def run(rng: random.Random, edits: int, chunk: int) -> None:
        count[0] += 1
        if layer == "protocol":
            protocol_case(setup, fk.mutate(setup.protocol, rng, edits), chunk)
        else:
            public_case(setup, fk.mutate(setup.public, rng, edits), chunk)

    run()
    assert count[0] >= HYPOTHESIS_EXAMPLES


def test_random_bytes_after_a_valid_prefix(setup: Setup) -> None:
    """Random bytes where the next message should start (login reply, any reply)."""
    count = [0]
    ends = setup.protocol.framed.ends

    @settings(FUZZ, max_examples=HYPOTHESIS_EXAMPLES // 2)
    @given(head=st.integers(0, 40), junk=st.binary(min_size=0, max_size=600),
           chunk=st.sampled_from(fk.CHUNKINGS))  # fmt: skip
    def run(head: int, junk: bytes, chunk: int) -> None:
        count[0] += 1
        prefix = setup.protocol.stream[: ends[min(head, len(ends) - 1)]] if head else b""
        protocol_case(setup, prefix + junk, chunk)

    run()
    assert count[0] >= HYPOTHESIS_EXAMPLES // 2


# -- seeded sweep: volume ----------------------------------------------------------------------


def sweep(setup: Setup, layer: str, seed: int, cases: int) -> dict[str, int]:
    rng = random.Random(seed)
    seen: dict[str, int] = {}
    for case in range(cases):
        corpus = setup.protocol if layer == "protocol" else setup.public
        data = fk.mutate(corpus, rng, rng.randrange(1, 5))
        chunk = rng.choice(fk.CHUNKINGS) if case % 20 == 0 else 1 << 30
        try:
            if layer == "protocol":
                out = protocol_case(setup, data, chunk)
                name = type(out.errors[-1]).__name__ if out.errors else "ok"
            else:
                name = public_case(setup, data, chunk)
        except AssertionError as error:
            raise AssertionError(f"seed {seed} case {case}: {error}") from error
        seen[name] = seen.get(name, 0) + 1
    return seen


@pytest.mark.parametrize("shard", range(SWEEP_SHARDS))
def test_sweep_protocol_layer(setup: Setup, shard: int) -> None:
    seen = sweep(setup, "protocol", 1000 + shard, SWEEP_CASES)
    assert sum(seen.values()) == SWEEP_CASES
    assert seen.get("ProtocolViolation", 0) and seen.get("ConnectionLost", 0), seen


def test_sweep_public_layer(setup: Setup, scripted: Any) -> None:
    seen = sweep(setup, "public", 2000, PUBLIC_SWEEP)
    assert seen.get("OperationalError", 0) > PUBLIC_SWEEP // 4, seen


@pytest.mark.slow
@pytest.mark.parametrize("shard", range(SWEEP_SHARDS))
def test_sweep_protocol_layer_long(setup: Setup, shard: int) -> None:
    sweep(setup, "protocol", 5000 + shard, SWEEP_CASES * SLOW_FACTOR // SWEEP_SHARDS)


@pytest.mark.slow
def test_sweep_public_layer_long(setup: Setup, scripted: Any) -> None:
    sweep(setup, "public", 6000, PUBLIC_SWEEP * SLOW_FACTOR // 4)


# -- memory: a declared huge length allocates nothing like it --------------------------------


def huge_lengths(setup: Setup, rng: random.Random) -> bytes:
    buf = bytearray(setup.protocol.stream)
    for _ in range(rng.randrange(1, 4)):
        fk.length_32(buf, rng, setup.protocol.framed)
    return bytes(buf)


def test_declared_huge_lengths_stay_small_in_memory(setup: Setup) -> None:
    rng = random.Random(7)
    cases = [huge_lengths(setup, rng) for _ in range(MEMORY_CASES)]
    tracemalloc.start()
    try:
        worst = 0
        for data in cases:
            tracemalloc.reset_peak()
            base = tracemalloc.get_traced_memory()[0]
            protocol_case(setup, data, rng.choice((1 << 30, 1000, 64)))
            worst = max(worst, tracemalloc.get_traced_memory()[1] - base)
    finally:
        tracemalloc.stop()
    assert worst < MEMORY_LIMIT, f"a hostile case allocated {worst} bytes"


def test_two_gigabyte_tuple_is_refused_without_allocating(setup: Setup) -> None:
    """A TUPLE claiming 0x7fffffff payload bytes, straight after a valid SQ_DESCRIBE."""
    ends, tags = setup.protocol.framed.ends, setup.protocol.framed.tags
    start = ends[tags.index(Msg.TUPLE) - 1]
    stream = bytearray(setup.protocol.stream[: start + 8])  # tag, flags, 4-byte length
    stream[start + 4 :] = (0x7FFFFFFF).to_bytes(4, "big")
    tracemalloc.start()
    try:
        out = protocol_case(setup, bytes(stream) + b"\0" * 4096, 1 << 30)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert type(out.errors[-1]).__name__ in ("ProtocolViolation", "ConnectionLost")
    assert peak < MEMORY_LIMIT
