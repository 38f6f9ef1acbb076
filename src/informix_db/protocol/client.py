"""Client side of SQLI as generators (sans-I/O).

Every operation is a generator that yields either `bytes` (send them) or
`NEED_DATA` (read more bytes and `feed()` them), and finally returns its
result. The blocking and the asyncio shells drive the same generators, so
there is exactly one implementation of every protocol step.

A reply is always read up to its SQ_EOT before an error is raised, so the
stream stays in step after server errors. Anything that breaks framing raises
`ProtocolViolation` and the caller must treat the connection as broken.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Generator, Sequence
from typing import TypeVar

from .buffer import MAX_FIELD_LENGTH, Incomplete, ProtocolViolation, Reader, Writer
from .caps import Caps
from .codes import CLIENT_PROTOCOL_OFFER, DBFLAG_ANSI, DBFLAG_LOGGED, Msg, StmtType
from .login import LoginRequest, LoginResponse, build_request, parse_response, pdu_length
from .messages import connect, cursor, status, transaction
from .messages.cursor import TupleRow
from .messages.dispatch import Message, read_reply

NEED_DATA = None
Step = bytes | None
T = TypeVar("T")
Op = Generator[Step, None, T]

# Statement types that must not start a transaction of their own.
NO_IMPLICIT_BEGIN = frozenset(
    {
        StmtType.DATABASE,
        StmtType.CREADB,
        StmtType.DROPDB,
        StmtType.CLSDB,
        StmtType.BEGWORK,
        StmtType.COMMIT,
        StmtType.ROLLBACK,
        StmtType.STARTDB,
    }
)
_DATABASE_STMTS = frozenset({StmtType.DATABASE, StmtType.CREADB, StmtType.STARTDB})
_TUPLE_HEAD = struct.Struct(">hhi")
_DONE = struct.Struct(">hhiii")
_COST = struct.Struct(">hii")

# An SQ_ERR with these codes is a warning (sqlcode 0 carries an SQLSTATE, 100 is "no data").
WARNING_SQLCODES = frozenset({0, 100})
NOT_IN_TRANSACTION = -255
ALREADY_IN_TRANSACTION = -535
# sqlcodes with which a piggybacked SQ_BEGIN itself fails.
BEGIN_FAILURES = frozenset({ALREADY_IN_TRANSACTION, -256, -201})


class ServerError(Exception):
    """An SQ_ERR received in a reply (the reply was read to its end)."""

    def __init__(self, reply: status.ErrorReply) -> None:
        super().__init__(reply.sqlcode, reply.text)
        self.reply = reply
        self.row: int | None = None  # set by bulk execution: the failing parameter set


class ConnectionLost(Exception):
    """The server ended the session (SQ_EXIT) or the byte stream ended."""


class ClientSession:
    """Protocol state of one connection; knows nothing about sockets."""

    def __init__(self, encoding: str = "latin-1") -> None:
        self.encoding = encoding
        self.caps = Caps.from_mask(b"")
        self.login_reply: LoginResponse | None = None
        self.database: str | None = None
        self.logged = False
        self.ansi = False
        self.in_transaction = False
        # What our own requests imply. Kept beside the reported state because the values
        # of a real server's SQ_XACTSTAT are not documented: decisions that could lose
        # work (skipping BEGIN or COMMIT) need both beliefs to agree.
        self._sent_belief = False
        self._state_reported = False  # an SQ_XACTSTAT answered the current request
        self.round_trips = 0
        self._buf = bytearray()
        self._pos = 0
        self._owed: list[tuple[int, int]] = []
        self.warnings: list[status.ErrorReply] = []  # SQ_ERR 0/100: warnings, not errors
        self.done_flags: list[int] = []  # non-zero warning shorts of statement SQ_DONEs

    # -- bytes in ------------------------------------------------------------
    def feed(self, data: bytes) -> None:
        if not data:
            raise ConnectionLost("the server closed the connection")
        if self._pos > 65536 and self._pos * 2 > len(self._buf):
            del self._buf[: self._pos]
            self._pos = 0
        self._buf += data

    @property
    def buffered(self) -> int:
        return len(self._buf) - self._pos

    def message(self) -> Generator[Step, None, Message]:
        while True:
            fast = self._fast_status()
            if fast is not None:
                return fast
            r = Reader(self._buf, self._pos)
            try:
                msg = read_reply(r, self.caps, self.encoding)
            except Incomplete:
                yield NEED_DATA
                continue
            self._pos = r.pos
            if msg[0] == Msg.EXIT:
                raise ConnectionLost("the server ended the session")
            return msg

    def _fast_status(self) -> Message | None:
        """SQ_DONE and SQ_COST parsed without the general reader (bulk replies are full of them)."""
        buf, pos = self._buf, self._pos
        if len(buf) - pos < 16:
            return None
        tag = buf[pos] << 8 | buf[pos + 1]
        if tag == Msg.DONE:
            _, warnings, rows, rowid, serial = _DONE.unpack_from(buf, pos)
            self._pos = pos + 16
            return tag, status.Done(warnings, rows, rowid, serial)
        if tag == Msg.COST:
            _, rows, cost = _COST.unpack_from(buf, pos)
            self._pos = pos + 10
            return tag, status.Cost(rows, cost)
        return None

    def reply(
        self,
        on_message: Callable[[int, object], None],
        on_row: Callable[[bytes], None] | None = None,
    ) -> Op[None]:
        """Read one reply to its SQ_EOT, then raise the first SQ_ERR if any.

        Rows go to `on_row` as raw payloads when given (the hot path of a fetch).
        A failure inside a callback (a row that does not decode) is raised only
        after the whole reply was read, so the stream stays in step."""
        error: status.ErrorReply | None = None
        failure: Exception | None = None
        while True:
            if on_row is not None and failure is None:
                try:
                    self._take_rows(on_row)
                except ProtocolViolation:
                    raise
                except Exception as exc:
                    failure = exc
            tag, body = yield from self.message()
            if tag == Msg.EOT:
                break
            if tag == Msg.ERR:
                assert isinstance(body, status.ErrorReply)
                if body.sqlcode in WARNING_SQLCODES:
                    self.warnings.append(body)
                else:
                    error = error or body
            elif tag == Msg.XACTSTAT:
                assert isinstance(body, status.XactStat)
                self._server_reports_transaction(body)
            elif failure is None:
                if tag == Msg.DONE and isinstance(body, status.Done) and body.warnings:
                    self.done_flags.append(body.warnings)
                try:
                    if on_row is not None and isinstance(body, TupleRow):
                        on_row(body.payload)
                    else:
                        on_message(tag, body)
                except Exception as exc:
                    failure = exc
        if error is not None:
            raise ServerError(error)
        if failure is not None:
            raise failure

    def _take_rows(self, on_row: Callable[[bytes], None]) -> None:
        """Consume every complete SQ_TUPLE at the head of the buffer, without parsing
        them as general messages: fetching is the hot path."""
        if not self.caps.usver:
            return
        buf, pos, end = self._buf, self._pos, len(self._buf)
        head = _TUPLE_HEAD
        try:
            while end - pos >= 8:
                tag, _, size = head.unpack_from(buf, pos)
                if tag != Msg.TUPLE:
                    break
                if size < 0 or size > MAX_FIELD_LENGTH:
                    raise ProtocolViolation(f"row of {size} bytes")
                start = pos + 8
                stop = start + size
                if stop + (size & 1) > end:
                    break
                pos = stop + (size & 1)
                on_row(bytes(buf[start:stop]))
        finally:
            self._pos = pos

    # -- batches out -----------------------------------------------------------
    def batch(self) -> Writer:
        """A new request, carrying any statement releases still owed to the server."""
        w = Writer()
        for stmt_id, tag in self._owed:
            cursor.write_id(w, stmt_id)
            w.short(tag)
        self._owed.clear()
        return w

    def end(self, w: Writer) -> bytes:
        w.short(Msg.EOT)
        self.round_trips += 1
        self._state_reported = False
        return w.getvalue()

    def release_later(self, stmt_id: int) -> None:
        """Free a statement id with the next request instead of a round trip now."""
        self._owed.append((stmt_id, Msg.RELEASE))

    def close_later(self, stmt_id: int) -> None:
        """Close a statement's cursor with the next request (the statement stays prepared)."""
        self._owed.append((stmt_id, Msg.CLOSE))

    @property
    def owes_releases(self) -> bool:
        return bool(self._owed)

    # -- login and session set-up ----------------------------------------------
    def login(self, req: LoginRequest) -> Op[LoginResponse]:
        yield build_request(req, self.encoding)
        self.round_trips += 1
        while (length := pdu_length(self._buf[self._pos :])) is None or self.buffered < length:
            yield NEED_DATA
        pdu = bytes(self._buf[self._pos : self._pos + length])
        self._pos += length
        reply = parse_response(pdu)
        self.login_reply = reply
        return reply

    def setup(self, env: Sequence[tuple[str, str]], database: str | None) -> Op[None]:
        """SQ_PROTOCOLS, SQ_INFO and SQ_DBOPEN, pipelined as three batches."""
        w = Writer()
        connect.write_protocols(w, CLIENT_PROTOCOL_OFFER)
        w.short(Msg.EOT)
        connect.write_info_env(w, [(k.encode(), v.encode(self.encoding)) for k, v in env])
        w.short(Msg.EOT)
        if database is not None:
            connect.write_dbopen(w, database.encode(self.encoding))
            w.short(Msg.EOT)
        self.round_trips += 1
        yield w.getvalue()
        mask = b""

        def on_protocols(tag: int, body: object) -> None:
            nonlocal mask
            if isinstance(body, connect.Protocols):
                mask = body.mask

        yield from self.reply(on_protocols)
        self.caps = Caps.negotiate(CLIENT_PROTOCOL_OFFER, mask)
        yield from self.reply(_ignore)
        if database is not None:
            yield from self._database_reply(database)

    def _database_reply(self, name: str) -> Op[None]:
        done: list[status.Done] = []
        yield from self.reply(lambda tag, body: _collect(done, status.Done, body))
        self._database_opened(name, done[-1].warnings if done else 0)

    def _database_opened(self, name: str, flags: int) -> None:
        self.database = name
        self.logged = bool(flags & DBFLAG_LOGGED)
        self.ansi = bool(flags & DBFLAG_ANSI)
        self._know(in_transaction=False)
        self.done_flags.clear()  # they described the database, they warn of nothing

    def open_database(self, name: str) -> Op[None]:
        w = self.batch()
        connect.write_dbopen(w, name.encode(self.encoding))
        yield self.end(w)
        yield from self._database_reply(name)

    def flush_releases(self) -> Op[None]:
        """Send owed CLOSE/RELEASE messages now (used before closing the session)."""
        if self._owed:
            yield self.end(self.batch())
            yield from self.reply(_ignore)

    # -- transaction belief ------------------------------------------------------
    def _server_reports_transaction(self, report: status.XactStat) -> None:
        """SQ_XACTSTAT is the server's own word on the transaction state, so it beats any
        belief derived from our requests (a procedure may COMMIT WORK inside).
        `new_level` is taken as the transaction level after the event: above 0 is open."""
        self.in_transaction = report.new_level > 0
        self._state_reported = True

    def _believe(self, in_transaction: bool) -> None:
        """A belief derived from what we sent; an SQ_XACTSTAT in the same reply wins."""
        self._sent_belief = in_transaction
        if not self._state_reported:
            self.in_transaction = in_transaction

    def _know(self, in_transaction: bool) -> None:
        """The server answered unambiguously (-255, -535, a database opened or closed)."""
        self.in_transaction = self._sent_belief = in_transaction

    @property
    def may_be_in_transaction(self) -> bool:
        """True unless both beliefs say no transaction is open: COMMIT, ROLLBACK and a
        pool's rollback-on-release are sent whenever either says one might be."""
        return self.in_transaction or self._sent_belief

    def needs_begin(self, stmt_type: int, autocommit: bool) -> bool:
        """Must an SQ_BEGIN precede this statement (logged, non-ANSI, autocommit off)?"""
        return (
            not autocommit
            and self.logged
            and not self.ansi
            and not (self.in_transaction and self._sent_belief)  # -535 is adopted, then resent
            and stmt_type not in NO_IMPLICIT_BEGIN
        )

    def begin_refused(self, sqlcode: int) -> None:
        """Our transaction belief was wrong: adopt what the server said."""
        if sqlcode == ALREADY_IN_TRANSACTION:
            self._know(in_transaction=True)
        else:
            self.logged = False

    def after_statement(self, stmt_type: int, began: bool, done: status.Done | None) -> None:
        if began or stmt_type == StmtType.BEGWORK:
            self._believe(True)
        if stmt_type in (StmtType.COMMIT, StmtType.ROLLBACK):
            self._believe(False)
        if self.ansi and stmt_type not in (StmtType.COMMIT, StmtType.ROLLBACK):
            self._believe(True)
        if stmt_type in _DATABASE_STMTS and done is not None:
            self._database_opened(self.database or "", done.warnings)
        if stmt_type == StmtType.CLSDB:
            self.database = None
            self._know(in_transaction=False)
            self.done_flags.clear()

    def failed_after_begin(self) -> None:
        """A statement failed after our piggybacked SQ_BEGIN succeeded: the transaction
        stays open."""
        self._believe(True)

    # -- transactions -------------------------------------------------------------
    def transaction(self, tag: int) -> Op[None]:
        """SQ_BEGIN, SQ_CMMTWORK or SQ_RBWORK; the belief follows the outcome."""
        w = self.batch()
        if tag == Msg.RBWORK:
            transaction.write_rollback(w)
        else:
            w.short(tag)
        yield self.end(w)
        try:
            yield from self.reply(_ignore)
        except ServerError as exc:
            if exc.reply.sqlcode == NOT_IN_TRANSACTION:
                self._know(in_transaction=False)
            elif exc.reply.sqlcode == ALREADY_IN_TRANSACTION:
                self._know(in_transaction=True)
            raise
        self._believe(tag == Msg.BEGIN)

    def savepoint(self, tag: int, name: str, unique: bool = False) -> Op[None]:
        w = self.batch()
        transaction.write_savepoint(w, tag, name.encode(self.encoding), unique)
        yield self.end(w)
        yield from self.reply(_ignore)

    def ping(self) -> Op[None]:
        """The cheapest full round trip: an empty batch."""
        yield self.end(self.batch())
        yield from self.reply(_ignore)

    def exit(self) -> Op[None]:
        """SQ_EXIT (bare); the server answers SQ_EXIT [SQ_EOT] and closes."""
        yield self.batch().short(Msg.EXIT).getvalue()
        while True:
            r = Reader(self._buf, self._pos)
            try:
                tag = r.short()
                if tag == Msg.XACTSTAT:
                    r.skip(6)
            except Incomplete:
                yield NEED_DATA
                continue
            self._pos = r.pos
            if tag in (Msg.EXIT, Msg.EOT):
                return
            if tag != Msg.XACTSTAT:
                raise ProtocolViolation(f"unexpected message {tag} in reply to SQ_EXIT")


def _ignore(tag: int, body: object) -> None:
    return None


def _collect(into: list[T], kind: type[T], body: object) -> None:
    if isinstance(body, kind):
        into.append(body)
