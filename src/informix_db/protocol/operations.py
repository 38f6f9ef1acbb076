"""Statement operations on a `ClientSession`: prepare, execute, cursors, bulk.

Each function is a sans-I/O operation (see client.py). Requests piggyback the
session's owed CLOSE/RELEASE messages, and an SQ_BEGIN when a transaction
must start, so a cached statement costs one round trip.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from .buffer import ProtocolViolation, Writer
from .client import BEGIN_FAILURES, ClientSession, Op, ServerError
from .codes import Msg
from .messages import blob, cursor, statement, status
from .values.binds import BindValue
from .values.scalars import BlobDescriptor

RowDecoder = Callable[[bytes], tuple[Any, ...]]
OnMessage = Callable[[int, object], None]


@dataclass
class Outcome:
    """Everything a non-query execution reports."""

    done: status.Done | None = None
    insert: status.InsertDone | None = None


@dataclass
class FetchBatch:
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    done: status.Done | None = None
    positions: list[int] = field(default_factory=list)


def prepare(s: ClientSession, sql: str, nparams: int) -> Op[statement.Describe]:
    w = s.batch()
    statement.write_prepare(w, sql.encode(s.encoding), nparams, s.caps)
    yield s.end(w)
    found: list[statement.Describe] = []
    yield from s.reply(lambda tag, body: _collect(found, statement.Describe, body))
    if not found:
        raise ProtocolViolation("PREPARE answered without a DESCRIBE")
    return found[0]


def _request(
    s: ClientSession,
    stmt_type: int,
    autocommit: bool,
    build: Callable[[Writer], None],
    on_message: OnMessage,
    while_waiting: Callable[[], None] | None = None,
    on_row: Callable[[bytes], None] | None = None,
) -> Op[bool]:
    """One request, led by SQ_BEGIN when a transaction must start; True if it began one.

    `while_waiting` runs once after the request is sent, while the server works.
    """
    while True:
        begin = s.needs_begin(stmt_type, autocommit)
        w = s.batch()
        if begin:
            w.short(Msg.BEGIN)
        build(w)
        yield s.end(w)
        if while_waiting is not None:
            while_waiting()
            while_waiting = None
        try:
            yield from s.reply(on_message, on_row)
        except ServerError as exc:
            if begin and exc.reply.sqlcode in BEGIN_FAILURES:
                s.begin_refused(exc.reply.sqlcode)  # nothing else ran: send it again
                continue
            if begin:
                s.failed_after_begin()
            raise
        return begin


def execute(
    s: ClientSession, desc: statement.Describe, params: Sequence[BindValue], autocommit: bool
) -> Op[Outcome]:
    """BIND + EXECUTE a prepared non-query."""

    def build(w: Writer) -> None:
        cursor.write_id(w, desc.stmt_id)
        if params:
            cursor.write_bind(w, params)
        w.short(Msg.EXECUTE)

    out = Outcome()
    began = yield from _request(s, desc.stmt_type, autocommit, build,
                                lambda tag, body: _record_outcome(out, body))  # fmt: skip
    s.after_statement(desc.stmt_type, began, out.done)
    return out


@dataclass
class CursorOptions:
    name: str
    fetch_size: int
    scroll: bool = False
    hold: bool = False


def open_cursor(
    s: ClientSession,
    desc: statement.Describe,
    params: Sequence[BindValue],
    opts: CursorOptions,
    decode: RowDecoder,
    autocommit: bool,
) -> Op[FetchBatch]:
    """CURNAME [BIND] [SCROLL] [HOLD] OPEN, chaining the first NFETCH for forward cursors."""

    def build(w: Writer) -> None:
        cursor.write_id(w, desc.stmt_id)
        cursor.write_curname(w, opts.name.encode("latin-1"))
        if params:
            cursor.write_bind(w, params)
        if opts.scroll:
            w.short(Msg.SCROLL)
        if opts.hold:
            w.short(Msg.HOLD)
        w.short(Msg.OPEN)
        if not opts.scroll:
            cursor.write_id(w, desc.stmt_id)
            cursor.write_nfetch(w, opts.fetch_size, s.caps)

    batch = FetchBatch()
    began = yield from _request(
        s, desc.stmt_type, autocommit, build,
        lambda tag, body: _record_rows(batch, decode, body), on_row=_row_sink(batch, decode),
    )  # fmt: skip
    s.after_statement(desc.stmt_type, began, None)
    return batch


def fetch(s: ClientSession, stmt_id: int, decode: RowDecoder, fetch_size: int) -> Op[FetchBatch]:
    w = s.batch()
    cursor.write_id(w, stmt_id)
    cursor.write_nfetch(w, fetch_size, s.caps)
    yield s.end(w)
    batch = FetchBatch()
    yield from s.reply(
        lambda tag, body: _record_rows(batch, decode, body), _row_sink(batch, decode)
    )
    return batch


def scroll_fetch(
    s: ClientSession, stmt_id: int, decode: RowDecoder, scroll_type: int, target: int, size: int
) -> Op[FetchBatch]:
    w = s.batch()
    cursor.write_id(w, stmt_id)
    cursor.write_sfetch(w, scroll_type, target, size, s.caps)
    yield s.end(w)
    batch = FetchBatch()
    yield from s.reply(
        lambda tag, body: _record_rows(batch, decode, body), _row_sink(batch, decode)
    )
    return batch


# SQ_FETCHBLOBs sent in one request: the server answers them in order, each value
# closed by its empty SQ_BLOB, so one round trip serves a whole fetch batch.
BLOB_FETCHES_PER_REQUEST = 64


def fetch_blobs(
    s: ClientSession, stmt_id: int, descriptors: Sequence[BlobDescriptor]
) -> Op[list[bytes]]:
    """The BYTE/TEXT values behind row descriptors, fetched while the cursor is open."""
    values: list[bytes] = []
    for start in range(0, len(descriptors), BLOB_FETCHES_PER_REQUEST):
        group = descriptors[start : start + BLOB_FETCHES_PER_REQUEST]
        w = s.batch()
        for descriptor in group:
            cursor.write_id(w, stmt_id)
            blob.write_fetchblob(w, descriptor.raw)
        yield s.end(w)
        receiver = blob.BlobReceiver([d.size for d in group])
        yield from s.reply(receiver.on_message)
        values += receiver.values()
    return values


Chunk = list[list[BindValue]]


@dataclass
class BulkProgress:
    executed: int = 0  # parameter sets the server ran successfully
    affected: int = 0  # rows they changed


def execute_many(
    s: ClientSession,
    desc: statement.Describe,
    chunks: Iterator[Chunk],
    autocommit: bool,
    progress: BulkProgress,
) -> Op[None]:
    """BIND+EXECUTE per parameter set, many sets per request, counted in `progress`.

    While the server works on one request the next chunk is encoded; the next
    request is only sent after the reply, so a failing row stops the run there
    (`ServerError.row` is its index) and nothing after it is executed.
    """
    upcoming: list[Chunk | None] = [next(chunks, None)]
    encode_error: list[BaseException] = []

    def read_ahead() -> None:
        try:
            upcoming.append(next(chunks, None))
        except Exception as exc:  # raised after this reply, so the stream stays in step
            upcoming.append(None)
            encode_error.append(exc)

    while (chunk := upcoming.pop()) is not None:
        dones: list[status.Done] = []

        def on_message(tag: int, body: object, dones: list[status.Done] = dones) -> None:
            _collect(dones, status.Done, body)

        def build(w: Writer, rows: Chunk = chunk) -> None:
            cursor.write_id(w, desc.stmt_id)
            for params in rows:
                if params:
                    cursor.write_bind(w, params)
                w.short(Msg.EXECUTE)

        try:
            began = yield from _request(
                s, desc.stmt_type, autocommit, build,
                on_message, read_ahead,
            )  # fmt: skip
        except ServerError as exc:
            exc.row = progress.executed + len(dones)
            progress.executed += len(dones)
            progress.affected += sum(d.rows for d in dones)
            raise
        s.after_statement(desc.stmt_type, began, None)
        progress.executed += len(chunk)
        progress.affected += sum(d.rows for d in dones)
        if encode_error:
            raise encode_error[0]


def _collect(into: list[Any], kind: type, body: object) -> None:
    if isinstance(body, kind):
        into.append(body)


def _record_outcome(out: Outcome, body: object) -> None:
    if isinstance(body, status.Done):
        out.done = body
    elif isinstance(body, status.InsertDone):
        out.insert = body


def _row_sink(batch: FetchBatch, decode: RowDecoder) -> Callable[[bytes], None]:
    append = batch.rows.append
    return lambda payload: append(decode(payload))


def _record_rows(batch: FetchBatch, decode: RowDecoder, body: object) -> None:
    if isinstance(body, cursor.TupId):
        batch.positions.append(body.row)
    elif isinstance(body, status.Done):
        batch.done = body
