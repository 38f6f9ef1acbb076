"""What the server does for each client message (reply bytes go to `out`)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from informix_db.protocol.buffer import Writer
from informix_db.protocol.caps import Caps
from informix_db.protocol.codes import SERVER_PROTOCOL_MASK, Msg
from informix_db.protocol.messages import blob, connect, cursor, statement, status
from informix_db.protocol.messages.cursor import (
    FETCH_ABSOLUTE,
    FETCH_CURRENT,
    FETCH_FIRST,
    FETCH_LAST,
    FETCH_NEXT,
    FETCH_PRIOR,
    FETCH_RELATIVE,
)

from .engine import Session, SqlError
from .statements import Slot, check_blobs_arrived

if TYPE_CHECKING:
    from .session import ServerSession

ESTIMATED_COST = 1
BLOB_REPLY_CHUNK = 16 * 1024  # SQ_BLOB chunk size of FETCHBLOB replies (a short caps it at 32 KB)
NOT_A_SCROLL_CURSOR = -482
CURSOR_ALREADY_OPEN = -586  # OPEN of an open cursor, in an ANSI database
log = logging.getLogger("ifxserver.session")


class Handlers:
    """Dispatch table from message tag to action; holds the batch's current statement."""

    def __init__(self, session: ServerSession) -> None:
        self.s = session
        self.current: Slot | None = None
        self.negotiated = False
        self._table: dict[int, Callable[[Any, Writer], None]] = {
            Msg.PROTOCOLS: self.protocols,
            Msg.INFO: self.info,
            Msg.DBOPEN: self.dbopen,
            Msg.DBCLOSE: self.dbclose,
            Msg.DBLIST: self.dblist,
            Msg.VERSION: self.version,
            Msg.PREPARE: self.prepare,
            Msg.COMMAND: self.prepare,
            Msg.NDESCRIBE: self.describe,
            Msg.WANTDONE: self.wantdone,
            Msg.ID: self.select_statement,
            Msg.CURNAME: self.curname,
            Msg.BIND: self.bind,
            Msg.BBIND: self.blob_streams,
            Msg.BLOB: self.blob_chunk,
            Msg.FETCHBLOB: self.fetch_blob,
            Msg.OPEN: self.open,
            Msg.REOPTOPEN: self.open,
            Msg.SCROLL: self.scroll,
            Msg.HOLD: self.hold,
            Msg.AUTOFREE: _nothing,
            Msg.EXECUTE: self.execute,
            Msg.NFETCH: self.nfetch,
            Msg.SFETCH: self.sfetch,
            Msg.RET_TYPE: self.ret_type,
            Msg.CLOSE: self.close,
            Msg.RELEASE: self.release,
            Msg.CIDESCRIBE: self.idescribe,
            Msg.BEGIN: lambda body, out: self.engine.begin(),
            Msg.CMMTWORK: lambda body, out: self.engine.commit(),
            Msg.RBWORK: lambda body, out: self.engine.rollback(),
            Msg.SETSVPT: lambda body, out: self._run_sql(f"SAVEPOINT {body.name}"),
            Msg.RELSVPT: lambda body, out: self._run_sql(f"RELEASE SAVEPOINT {body.name}"),
            Msg.RBACKSVPT: lambda body, out: self._run_sql(
                f"ROLLBACK WORK TO SAVEPOINT {body.name}"
            ),
            Msg.BATCHSTART: _nothing,
            Msg.BATCHEND: _nothing,
        }

    def attach(self) -> None:
        """Hook into the SQL session: cursors follow Informix's rules when a transaction ends."""
        self.engine.before_transaction_end = self.s.slots.end_of_transaction
        self.engine.cursor_rowid = self.s.slots.current_row

    @property
    def engine(self) -> Session:
        assert self.s.engine is not None
        return self.s.engine

    def dispatch(self, tag: int, body: Any, out: Writer) -> None:
        handler = self._table.get(tag)
        if handler is None:
            raise SqlError(-408, text=f"message {tag} is not supported")
        engine = self.s.engine
        before = engine is not None and engine.in_transaction
        try:
            handler(body, out)
        finally:
            after = engine is not None and engine.in_transaction
            if before != after:
                _note_transaction(out, began=after)

    def end_of_batch(self) -> None:
        self.current = None

    def statement_text(self, body: Any) -> str:
        """SQL the failing message was about (for the log), or ''."""
        sql = getattr(body, "sql", None)
        if isinstance(sql, str):
            return sql
        return self.current.sql if self.current is not None else ""

    def _slot(self) -> Slot:
        if self.current is None:
            raise SqlError(-258, text="no statement selected")
        return self.current

    def _done(self, out: Writer, rows: int = 0, **kw: int) -> None:
        status.write_done(out, status.Done(rows=rows, **kw))
        status.write_cost(out, status.Cost(rows, ESTIMATED_COST))

    # -- session ---------------------------------------------------------------------
    def protocols(self, body: connect.Protocols, out: Writer) -> None:
        # Framing is agreed once; a repeated offer is answered but changes nothing, so
        # replies keep the framing the client already parses with.
        if not self.negotiated:
            self.s.caps = Caps.negotiate(body.mask, SERVER_PROTOCOL_MASK)
            self.negotiated = True
        connect.write_protocols(out, SERVER_PROTOCOL_MASK)

    def info(self, body: connect.Info, out: Writer) -> None:
        self.s.env.update(body.env)

    def dbopen(self, body: connect.DbOpen, out: Writer) -> None:
        if self.s.explicit_database:
            raise SqlError(-759)
        flags = self.engine.open_database(body.name)
        self._log_database()
        self._done(out, warnings=flags)

    def _log_database(self) -> None:
        log.info("session=%s event=database user=%s database=%s",
                 self.s.peer, self.s.user, self.engine.database or "")  # fmt: skip

    def dbclose(self, body: None, out: Writer) -> None:
        self.engine.close_database()
        self._done(out)

    def dblist(self, body: None, out: Writer) -> None:
        out.short(Msg.DBLIST)
        for name in self.s.instance.databases():
            out.char2(name.encode(self.s.encoding))
        out.short(0)

    def version(self, body: None, out: Writer) -> None:
        out.short(Msg.VERSION).char2(self.s.config.version.encode("latin-1"))

    # -- statements --------------------------------------------------------------------
    def prepare(self, body: statement.Prepare | statement.Command, out: Writer) -> None:
        log.debug("session=%s event=prepare sql=%r", self.s.peer, body.sql)
        prepared = self.engine.prepare(body.sql)
        self.current = self.s.slots.allocate(prepared, body.sql)

    def describe(self, body: None, out: Writer) -> None:
        slot = self._slot()
        p = slot.prepared
        cols = [statement.DescribedColumn(c.name, c.type) for c in p.columns]
        desc = statement.Describe(p.stmt_type, slot.stmt_id, ESTIMATED_COST, columns=cols)
        statement.write_describe(out, desc, self.s.caps, self.s.encoding)

    def wantdone(self, body: None, out: Writer) -> None:
        self._done(out)

    def idescribe(self, body: None, out: Writer) -> None:
        params = self._slot().prepared.params
        statement.write_idescribe(out, list(params), self.s.caps, self.s.encoding)

    def select_statement(self, body: cursor.StmtId, out: Writer) -> None:
        self.current = self.s.slots.get(body.stmt_id)

    def curname(self, body: cursor.CurName, out: Writer) -> None:
        slot = self._slot()
        if self.s.slots.cursor_name_taken(body.name, slot):
            raise SqlError(-538, text=body.name)
        slot.cursor_name = body.name

    def bind(self, body: cursor.Bind, out: Writer) -> None:
        slot = self._slot()
        slot.params = body.params
        slot.incoming.reset()

    def blob_streams(self, body: blob.BlobBind, out: Writer) -> None:
        slot = self._slot()
        slot.incoming.expect(slot.params, body.count)

    def blob_chunk(self, body: blob.BlobChunk, out: Writer) -> None:
        slot = self._slot()
        limit = self.s.config.max_message_size
        slot.incoming.chunk(slot.params, body.data, self.s.encoding, limit)

    def fetch_blob(self, body: blob.FetchBlob, out: Writer) -> None:
        slot = self._slot()
        if slot.cursor is None:
            raise SqlError(-400)
        data = slot.blobs.value(body.descriptor, slot.stmt_id)
        blob.write_chunks(out, data, BLOB_REPLY_CHUNK)

    def scroll(self, body: None, out: Writer) -> None:
        self._slot().scroll_next = True

    def hold(self, body: None, out: Writer) -> None:
        self._slot().hold_next = True

    def open(self, body: None, out: Writer) -> None:
        slot = self._slot()
        if not slot.prepared.returns_rows:
            raise SqlError(-260, text="statement does not return rows")
        if slot.cursor is not None and self.engine.ansi:
            raise SqlError(CURSOR_ALREADY_OPEN)  # elsewhere OPEN closes and reopens it
        slot.close_cursor()
        scrollable, hold = slot.scroll_next, slot.hold_next
        slot.scroll_next = slot.hold_next = False
        check_blobs_arrived(slot.params)
        slot.cursor = slot.prepared.open(slot.params, scrollable=scrollable)
        slot.hold = hold

    def execute(self, body: None, out: Writer) -> None:
        slot = self._slot()
        if slot.prepared.returns_rows:
            raise SqlError(-260)
        check_blobs_arrived(slot.params)
        result = slot.prepared.execute(slot.params)
        if result.serial8 or result.bigserial:
            ins = status.InsertDone(result.serial8, result.bigserial)
            status.write_insertdone(out, ins, self.s.caps)
        if result.db_flags is not None:  # DATABASE / CREATE DATABASE opened one
            self._log_database()
        warnings = result.db_flags if result.db_flags is not None else 0
        self._done(
            out, result.rowcount, warnings=warnings, rowid=result.rowid, serial=result.serial
        )

    def nfetch(self, body: cursor.NFetch, out: Writer) -> None:
        slot = self._slot()
        if slot.cursor is None:
            raise SqlError(-400)
        slot.blobs.next_fetch()
        slot.fetch_into(out, body.buffer_size, self.s.caps, self.s.row_format)
        if slot.exhausted and not slot.pending:
            self._done(out, slot.cursor.fetched)

    def sfetch(self, body: cursor.SFetch, out: Writer) -> None:
        slot = self._slot()
        if slot.cursor is None:
            raise SqlError(-400)
        if not slot.cursor.scrollable:
            raise SqlError(NOT_A_SCROLL_CURSOR)
        slot.blobs.next_fetch()
        target = _scroll_target(body.scroll_type, body.target, slot.position, slot.cursor.count)
        row = slot.cursor.row_at(target) if target > 0 else None
        if row is None:
            slot.position = 0 if target <= 0 else slot.cursor.count() + 1
            return
        cursor.write_tuple(out, slot.encode_row(row, self.s.row_format), self.s.caps)
        cursor.write_tupid(out, target)
        slot.position = target

    def ret_type(self, body: cursor.RetType, out: Writer) -> None:
        if body.direction == 1:
            self._slot().set_ret_types(body.columns)

    def close(self, body: None, out: Writer) -> None:
        self._slot().close_cursor()

    def release(self, body: None, out: Writer) -> None:
        slot = self._slot()
        self.s.slots.release(slot)
        self.current = None

    def _run_sql(self, sql: str) -> None:
        prepared = self.engine.prepare(sql)
        try:
            prepared.execute([])
        finally:
            prepared.release()


# SQ_XACTSTAT events we send: a transaction began or ended (clients only skip them).
XACT_BEGAN = 1
XACT_ENDED = 2


def _note_transaction(out: Writer, began: bool) -> None:
    """Tell the client the transaction state changed, as Informix does in logged databases."""
    event = XACT_BEGAN if began else XACT_ENDED
    status.write_xactstat(out, status.XactStat(event, int(began), int(not began)))


def _nothing(body: Any, out: Writer) -> None:
    return None


def _scroll_target(kind: int, target: int, pos: int, count: Callable[[], int]) -> int:
    """1-based row an SFETCH asks for (0 or past the end means no row)."""
    if kind == FETCH_NEXT:
        return pos + 1
    if kind == FETCH_PRIOR:
        return pos - 1
    if kind == FETCH_FIRST:
        return 1
    if kind == FETCH_LAST:
        return count()
    if kind == FETCH_CURRENT:
        return pos
    if kind == FETCH_ABSOLUTE:
        return target
    if kind == FETCH_RELATIVE:
        return pos + target
    raise SqlError(-482, text=f"scroll type {kind}")
