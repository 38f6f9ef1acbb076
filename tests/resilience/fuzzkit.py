"""Hostile-server fuzzing kit: real replies to mutate, mutations, and bounded drivers.

A *conversation* is a fixed sequence of client operations. It is run once against
the embedded server over a socket to capture the server's byte stream; the fuzz
tests then replay mutated copies of that stream in memory (no sockets), either
through `ClientSession` directly (protocol layer) or through the public
`informix_db.connect()` with a scripted transport (PEP 249 layer).
"""

from __future__ import annotations

import contextlib
import random
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import informix_db
from informix_db.protocol import operations as ops
from informix_db.protocol.buffer import ProtocolViolation
from informix_db.protocol.client import ClientSession, ConnectionLost, Op, ServerError
from informix_db.protocol.codes import Msg
from informix_db.protocol.login import LoginRequest
from informix_db.protocol.values import ValueCodecError, compile_row_decoder, encode_param
from informix_db.transport import TransportError

from .sqli_frames import Framed, frame, negotiated_caps

# What the protocol layer may raise on any input; anything else is a bug.
PROTOCOL_ERRORS = (ProtocolViolation, ServerError, ConnectionLost, ValueCodecError)
# After these the stream is still in step and the conversation goes on.
IN_STEP = (ServerError, ValueCodecError)
MAX_STEPS_PER_BYTE = 4  # generous: every step consumes input or yields a request
FETCH_SIZE = 512
TABLE = "fuzz_types"
COLUMNS = (
    "id INT NOT NULL, si SMALLINT, i8 INT8, bi BIGINT, de DECIMAL(12,3), mo MONEY(10,2), "
    "fl FLOAT, sf SMALLFLOAT, ch CHAR(7), vc VARCHAR(30), lv LVARCHAR(200), nc NCHAR(5), "
    "da DATE, dt DATETIME YEAR TO FRACTION(3), iv INTERVAL DAY TO SECOND, bo BOOLEAN"
)
SELECT = f"SELECT * FROM {TABLE} WHERE id > ? ORDER BY id"
UPDATE = f"UPDATE {TABLE} SET vc = ? WHERE id = ?"
INTERESTING_32 = (
    0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0, 1, 0x3FFFFFFF, 0x03FFFFFF, 0x04000001, 0xFFFF, 0x8000,
)  # fmt: skip
KNOWN_TAGS = (Msg.EOT, Msg.ERR, Msg.DONE, Msg.TUPLE, Msg.DESCRIBE, Msg.EXIT, Msg.COST,
              Msg.INSERTDONE, Msg.XACTSTAT, Msg.TUPID, Msg.PROTOCOLS,  # replies, then requests
              Msg.PREPARE, Msg.COMMAND, Msg.ID, Msg.CURNAME, Msg.BIND, Msg.OPEN, Msg.NFETCH,
              Msg.SFETCH, Msg.EXECUTE, Msg.CLOSE, Msg.RELEASE, Msg.BEGIN, Msg.CMMTWORK,
              Msg.RBWORK, Msg.DBOPEN, Msg.INFO, Msg.SETSVPT, Msg.SCROLL)  # fmt: skip
INTERESTING_16 = (0x7FFF, 0x8000, 0xFFFF, 0, 1, 0x00FF, 0x0100)


def rows_sql(n: int = 8) -> list[str]:
    """INSERTs for a table whose rows use most value codecs, NULLs included."""
    out = []
    for i in range(1, n + 1):
        if i % 7 == 0:
            out.append(f"INSERT INTO {TABLE} (id) VALUES ({i})")
            continue
        out.append(
            f"INSERT INTO {TABLE} VALUES ({i}, {i - 20}, {i * 10**12}, {-i * 10**9}, {i}.125, "
            f"{i}.5, {i / 3}, {i / 4}, 'c{i}', 'varchar {i}', '{'L' * (i * 3)}', 'n{i % 10}', "
            f"'2024-01-{i % 28 + 1:02d}', '2024-02-03 04:05:{i % 60:02d}.123', "
            f"'{i} 01:02:03', '{'t' if i % 2 else 'f'}')"
        )
    return out


# -- the protocol-layer conversation ---------------------------------------------------


def login_request(user: str, password: str, server: str) -> LoginRequest:
    return LoginRequest(user=user, password=password, server=server, pid=1, hostname="fuzz")


def conversation(s: ClientSession, req: LoginRequest, database: str) -> Iterator[Op[Any]]:
    """The operations, one at a time; the runner stops after a failure that breaks framing."""
    yield s.login(req)
    yield s.setup([("DBTEMP", "/tmp")], None)
    yield s.open_database(database)
    yield from _select(s)
    yield from _update(s)
    yield ops.prepare(s, "SELECT * FROM no_such_table", 0)
    yield s.transaction(Msg.CMMTWORK)
    yield s.ping()
    yield s.exit()


def _select(s: ClientSession) -> Iterator[Op[Any]]:
    found: list[Any] = []
    yield _keep(ops.prepare(s, SELECT, 1), found)
    if not found:
        return
    desc = found[0]
    decoders: list[Any] = []
    yield _keep(_decoder(desc), decoders)  # a hostile describe may name unknown types
    if not decoders:
        return
    decode = decoders[0]
    opts = ops.CursorOptions("fuzzcur", FETCH_SIZE)
    batches: list[ops.FetchBatch] = []
    yield _keep(ops.open_cursor(s, desc, [encode_param(3, "latin-1")], opts, decode, False),
                batches)  # fmt: skip
    for _ in range(20):  # bounded: a hostile server may never say DONE
        if not batches or batches[-1].done is not None or not batches[-1].rows:
            return
        yield _keep(ops.fetch(s, desc.stmt_id, decode, FETCH_SIZE), batches)


def _update(s: ClientSession) -> Iterator[Op[Any]]:
    found: list[Any] = []
    yield _keep(ops.prepare(s, UPDATE, 2), found)
    if found:
        params = [encode_param("fuzzed", "latin-1"), encode_param(5, "latin-1")]
        yield ops.execute(s, found[0], params, autocommit=False)


_DECODERS: dict[tuple[Any, ...], Any] = {}  # compiling costs more than a whole case


def _decoder(desc: Any) -> Op[Any]:
    """Compiling the row decoder, as an operation that needs no I/O."""
    types = tuple(c.type for c in desc.columns)
    if types not in _DECODERS:
        if len(_DECODERS) > 1000:
            _DECODERS.clear()
        _DECODERS[types] = compile_row_decoder(types, "latin-1")
    return _DECODERS[types]
    yield  # a generator, like every operation


def _keep(op: Op[Any], into: list[Any]) -> Op[Any]:
    result = yield from op
    into.append(result)
    return result


# -- running a conversation ----------------------------------------------------------------


class Exchange:
    """Where received bytes come from: a socket (capture) or a list of chunks (replay)."""

    def __init__(self, sock: socket.socket | None = None, chunks: list[bytes] | None = None):
        self.sock = sock
        self.chunks = list(reversed(chunks or []))
        self.received = bytearray()

    def send(self, data: bytes) -> None:
        if self.sock is not None:
            self.sock.sendall(data)

    def recv(self) -> bytes:
        if self.sock is not None:
            data = self.sock.recv(65536)
        else:
            data = self.chunks.pop() if self.chunks else b""
        self.received += data
        return data


@dataclass
class Outcome:
    ops_done: int = 0
    errors: list[BaseException] = field(default_factory=list)
    steps: int = 0


def run_protocol(ops_: Iterator[Op[Any]], session: ClientSession, io: Exchange,
                 max_steps: int) -> Outcome:  # fmt: skip
    """Drive the operations; only PROTOCOL_ERRORS may escape an operation."""
    out = Outcome()
    for op in ops_:
        try:
            out.steps = _drive(op, session, io, out.steps, max_steps)
        except IN_STEP as error:
            out.errors.append(error)
        except PROTOCOL_ERRORS as error:
            out.errors.append(error)
            return out
        out.ops_done += 1
    return out


def _drive(op: Op[Any], s: ClientSession, io: Exchange, steps: int, max_steps: int) -> int:
    try:
        step = next(op)
        while True:
            steps += 1
            if steps > max_steps:
                raise AssertionError(f"no progress after {steps} steps: a hang")
            if step is None:
                s.feed(io.recv())
            else:
                io.send(step)
            step = op.send(None)
    except StopIteration:
        return steps


# -- capture ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Corpus:
    """A captured server stream and where its messages end."""

    name: str
    stream: bytes
    framed: Framed


def capture_protocol(host: str, port: int, req: LoginRequest, database: str) -> bytes:
    with socket.create_connection((host, port), timeout=10) as sock:
        session = ClientSession()
        io = Exchange(sock=sock)
        out = run_protocol(conversation(session, req, database), session, io, 10**6)
        expected = [ServerError]  # only the deliberate no_such_table
        assert [type(e) for e in out.errors] == expected, out.errors
        return bytes(io.received)


def corpus(name: str, stream: bytes, server_stream: bytes | None = None) -> Corpus:
    """A server stream, or a client stream framed with the caps its `server_stream` gave."""
    caps = negotiated_caps(server_stream or stream)
    return Corpus(name, stream, frame(stream, caps, from_server=server_stream is None))


# -- mutations -------------------------------------------------------------------------------

Mutation = Callable[[bytearray, random.Random, Framed], None]


def _pos(buf: bytearray, rng: random.Random) -> int:
    return rng.randrange(len(buf)) if buf else 0


def flip_bit(buf: bytearray, rng: random.Random, framed: Framed) -> None:
    if buf:
        buf[_pos(buf, rng)] ^= 1 << rng.randrange(8)


def set_byte(buf: bytearray, rng: random.Random, framed: Framed) -> None:
    if buf:
        buf[_pos(buf, rng)] = rng.choice((0, 0xFF, 0x7F, 0x80, rng.randrange(256)))


def insert_bytes(buf: bytearray, rng: random.Random, framed: Framed) -> None:
    at = _pos(buf, rng)
    buf[at:at] = rng.randbytes(rng.randrange(1, 9))


def delete_bytes(buf: bytearray, rng: random.Random, framed: Framed) -> None:
    at = _pos(buf, rng)
    del buf[at : at + rng.randrange(1, 9)]


def truncate(buf: bytearray, rng: random.Random, framed: Framed) -> None:
    del buf[_pos(buf, rng) :]


def _field_at(buf: bytearray, rng: random.Random, framed: Framed) -> int:
    """A position just after a message tag, or a few bytes into the message: lengths live there."""
    starts = [e for e in framed.ends[:-1] if e < len(buf)]
    start = rng.choice(starts) if starts else 0
    return start + 2 + 2 * rng.randrange(4)


def length_32(buf: bytearray, rng: random.Random, framed: Framed) -> None:
    at = _field_at(buf, rng, framed)
    buf[at : at + 4] = rng.choice(INTERESTING_32).to_bytes(4, "big")


def length_16(buf: bytearray, rng: random.Random, framed: Framed) -> None:
    at = _field_at(buf, rng, framed)
    buf[at : at + 2] = rng.choice(INTERESTING_16).to_bytes(2, "big")


def swap_tag(buf: bytearray, rng: random.Random, framed: Framed) -> None:
    """Replace a message's tag by another one this client knows (or does not)."""
    starts = [e for e in framed.ends[:-1] if e + 2 <= len(buf)]
    if starts:
        at = rng.choice(starts)
        tag = rng.choice((*KNOWN_TAGS, rng.randrange(0x10000)))
        buf[at : at + 2] = tag.to_bytes(2, "big")


def duplicate_message(buf: bytearray, rng: random.Random, framed: Framed) -> None:
    ends = framed.ends
    if len(ends) > 2:
        i = rng.randrange(len(ends) - 1)
        piece = bytes(buf[ends[i] : ends[i + 1]])
        at = rng.choice(ends)
        buf[at:at] = piece


def drop_message(buf: bytearray, rng: random.Random, framed: Framed) -> None:
    ends = framed.ends
    if len(ends) > 2:
        i = rng.randrange(len(ends) - 1)
        del buf[ends[i] : ends[i + 1]]


MUTATIONS: list[Mutation] = [
    flip_bit, set_byte, insert_bytes, delete_bytes, truncate, length_32, length_16, swap_tag,
    duplicate_message, drop_message,
]  # fmt: skip
CHUNKINGS = (1, 2, 3, 5, 64, 1000, 1 << 30)


def mutate(c: Corpus, rng: random.Random, count: int, keep: int = 0) -> bytes:
    """`count` random mutations; the first `keep` bytes (say, a login) stay intact."""
    buf = bytearray(c.stream[keep:])
    framed = c.framed
    if keep:
        ends = [e - keep for e in framed.ends if e >= keep]
        framed = Framed(ends, framed.tags[-len(ends) :])
    for _ in range(count):
        rng.choice(MUTATIONS)(buf, rng, framed)
    return c.stream[:keep] + bytes(buf)


def chunked(data: bytes, size: int) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)]


# -- the public layer: connect() over a scripted transport ---------------------------------


class ScriptedTransport:
    """Stands in for SocketTransport: replies come from a list of chunks, then EOF."""

    def __init__(self, chunks: list[bytes]) -> None:
        self._chunks = list(reversed(chunks))
        self._sock = self  # compatibility hook: conn._sock._sock
        self.closed = False
        self.peer = "scripted"
        self.recvs = 0

    def set_timeout(self, seconds: float | None) -> None:
        return None

    def send(self, data: bytes) -> None:
        if self.closed:
            raise TransportError("sending to a closed transport")

    def recv(self, deadline: float | None = None) -> bytes:
        self.recvs += 1
        if self.closed or not self._chunks:
            self.closed = True
            raise TransportError("the scripted server closed the connection")
        return self._chunks.pop()

    def wait_readable(self, timeout: float) -> bool:
        return True

    def send_urgent(self) -> None:
        return None

    def close(self) -> None:
        self.closed = True


def public_workload(args: dict[str, Any], rows: list[Any]) -> None:
    """The PEP 249 conversation the public-layer corpus was recorded with."""
    conn = informix_db.connect(**args)
    try:
        cur = conn.cursor(fetch_buffer=FETCH_SIZE)
        rows.extend(cur.execute(SELECT, (3,)).fetchall())
        cur.execute(UPDATE, ("public", 5))
        with contextlib.suppress(informix_db.ProgrammingError):
            cur.execute("SELECT * FROM no_such_table")
        conn.commit()
    finally:
        conn.close()
