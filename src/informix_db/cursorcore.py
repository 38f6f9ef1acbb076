"""Cursor behaviour shared by both shells, as sans-I/O operations.

A forward cursor streams: `execute` returns after the first fetch batch and
`fetch_op` pulls the next one only when the buffer runs dry. Statements are
taken from the connection's statement cache when possible; when a result is
finished its cursor CLOSE (cached) or statement RELEASE (uncached) rides on
the next request instead of costing a round trip.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from . import exceptions as exc
from .adapters import AdapterMap
from .core import VERSION_SQL, ConnectionCore, Description, RowFactory, translate
from .placeholders import Rewritten, arrange, rewrite
from .protocol import operations as ops
from .protocol.client import Op, ServerError
from .protocol.codes import IfxType, Msg, StmtType, returns_rows
from .protocol.messages.cursor import FETCH_ABSOLUTE, FETCH_LAST
from .protocol.messages.statement import Describe
from .protocol.values import compile_row_decoder, encode_param
from .protocol.values.binds import BindValue
from .protocol.values.errors import ValueCodecError
from .protocol.values.scalars import decode_text
from .rows import row_factory_of
from .stmtcache import SCHEMA_CHANGING, CachedStatement
from .typeinfo import description_of

BULK_REQUEST_BYTES = 32 * 1024  # parameter bytes per executemany request
STALE_STATEMENT = -710  # table dropped, altered or renamed since the PREPARE
_DATABASE_NAME = re.compile(r"\bDATABASE\s+(?:IF\s+NOT\s+EXISTS\s+)?([^\s;@]+)", re.IGNORECASE)
_PROCEDURE_NAME = re.compile(r"^[A-Za-z_][\w$]*(\.[A-Za-z_][\w$]*)?(:[A-Za-z_][\w$.]*)?$")
Decoder = Callable[[bytes], tuple[Any, ...]]


@dataclass
class _Statement:
    desc: Describe
    entry: CachedStatement | None


class CursorCore:
    """Result state of one cursor; I/O happens only through returned operations."""

    def __init__(
        self,
        conn: ConnectionCore,
        *,
        scrollable: bool = False,
        hold: bool = False,
        name: str | None = None,
        fetch_buffer: int | None = None,
        row_factory: RowFactory | None = None,
    ) -> None:
        self.conn = conn
        self.scrollable = scrollable
        self.hold = hold
        self.name = name
        self.fetch_buffer = fetch_buffer or conn.options.fetch_buffer
        self.row_factory = row_factory_of(row_factory)
        self.adapters = AdapterMap(conn.adapters)
        self.arraysize = 1
        self.closed = False
        self.description: Description | None = None
        self.rowcount = -1
        self.lastrowid: int | None = None
        self.rows: deque[Any] = deque()
        self.rownumber: int | None = None
        self.statement: str | None = None
        self._stmt: _Statement | None = None
        self._decode: Decoder | None = None
        self._make_row: Callable[[tuple[Any, ...]], Any] | None = None
        self._blob_columns: list[tuple[int, bool]] = []  # (index, is TEXT) of BYTE/TEXT columns
        self._server_open = False  # more rows may come from the server
        self._cursor_open = False  # the server-side cursor is open (needs a CLOSE)
        self._count: int | None = None  # scroll cursors: rows in the result, once known
        self.scroll_pos = 0  # scroll cursors: 1-based current row (0 before, count+1 after)
        self.messages: list[tuple[type[exc.Warning], exc.Warning]] = []

    # -- state -------------------------------------------------------------------
    @property
    def has_more(self) -> bool:
        return self._server_open

    def check_open(self) -> None:
        if self.closed:
            raise exc.InterfaceError("the cursor is closed")
        self.conn.check_open()

    def check_result(self) -> None:
        self.check_open()
        if self.description is None:
            raise exc.ProgrammingError("no result set: the last statement did not return rows")

    def _reset(self) -> None:
        self.finish_result()
        self.messages.clear()
        self.description = None
        self.rowcount = -1
        self.lastrowid = None
        self.rows.clear()
        self.rownumber = None
        self._decode = None
        self._make_row = None
        self._blob_columns = []
        self._count = None
        self.scroll_pos = 0

    def finish_result(self) -> None:
        """Done with the server statement; the clean-up rides on the next request."""
        stmt, self._stmt = self._stmt, None
        self._server_open = False
        if stmt is None:
            return
        session, entry = self.conn.session, stmt.entry
        if entry is None:
            session.release_later(stmt.desc.stmt_id)
        else:
            if self._cursor_open:
                session.close_later(stmt.desc.stmt_id)
            if self.conn.cache.checkin(entry):
                session.release_later(stmt.desc.stmt_id)
        self._cursor_open = False

    def close(self) -> None:
        if not self.closed:
            if not self.conn.closed and not self.conn.broken:
                self.finish_result()
            self.rows.clear()
            self.closed = True

    # -- preparing ----------------------------------------------------------------
    def _prepare(self, rw: Rewritten) -> Op[_Statement]:
        conn = self.conn
        if self.name is None:
            entry = conn.cache.checkout(rw.sql)
            if entry is not None:
                return _Statement(entry.desc, entry)
        desc = yield from ops.prepare(conn.session, rw.sql, rw.count)
        name = self.name or conn.next_cursor_name()
        entry, evicted = conn.cache.add(rw.sql, desc, name) if self.name is None else (None, [])
        for stmt_id in evicted:
            conn.session.release_later(stmt_id)
        return _Statement(desc, entry)

    def _cursor_name(self, stmt: _Statement) -> str:
        if stmt.entry is not None:
            return stmt.entry.cursor_name
        return self.name or self.conn.next_cursor_name()

    # -- execute -------------------------------------------------------------------
    def execute_op(self, sql: str, params: object) -> Op[None]:
        self.check_open()
        self._reset()
        self.statement = sql
        rw = rewrite(sql)
        binds = self._encode(arrange(rw, params))
        for attempt in (1, 2):
            try:
                self._stmt = yield from self._prepare(rw)
                yield from self._run_statement(self._stmt, binds)
                self.collect_warnings()
                return
            except ServerError as e:
                retry = self._discard_stale(e) and attempt == 1
                self.finish_result()
                if not retry:
                    raise translate(e, sql) from None

    def collect_warnings(self) -> None:
        self.messages.extend((exc.Warning, w) for w in self.conn.take_warnings())

    def _discard_stale(self, error: ServerError) -> bool:
        """A cached statement the server no longer accepts: drop it and prepare again."""
        stmt = self._stmt
        if error.reply.sqlcode != STALE_STATEMENT or stmt is None or stmt.entry is None:
            return False
        self.conn.cache.drop(stmt.entry)
        return True

    def _run_statement(self, stmt: _Statement, binds: list[BindValue]) -> Op[None]:
        desc = stmt.desc
        if returns_rows(desc.stmt_type, len(desc.columns)):
            yield from self._open(stmt, binds)
            return
        out = yield from ops.execute(self.conn.session, desc, binds, self.conn.autocommit)
        self.rowcount = out.done.rows if out.done else 0
        serial = out.done.serial if out.done else 0
        if not serial and out.insert:
            serial = out.insert.bigserial or out.insert.serial8
        self.lastrowid = serial or None
        self.finish_result()
        if desc.stmt_type in (StmtType.DATABASE, StmtType.CREADB, StmtType.STARTDB):
            self.conn.session.database = database_named_in(self.statement or "")
        if desc.stmt_type in SCHEMA_CHANGING:
            self.conn.invalidate_cache()

    def _encode(self, values: list[object]) -> list[BindValue]:
        encoding = self.conn.options.encoding
        adapters = self.adapters if self.adapters.active else None
        out = []
        for position, given in enumerate(values, 1):
            value = given if adapters is None else adapters.adapt(given)
            try:
                bv = encode_param(value, encoding)
            except ValueCodecError as e:
                raise _annotated(translate(e), f"parameter {position}") from None
            out.append(bv)
        return out

    def _decoder(self, stmt: _Statement) -> Decoder:
        options = self.conn.options
        key = (options.encoding, options.trim_char)
        if stmt.entry is not None and key in stmt.entry.decoders:
            return stmt.entry.decoders[key]
        types = [c.type for c in stmt.desc.columns]
        try:
            decode = compile_row_decoder(types, options.encoding, trim_char=options.trim_char)
        except ValueCodecError as e:
            raise exc.NotSupportedError(f"cannot decode this result: {e}") from None
        if stmt.entry is not None:
            stmt.entry.decoders[key] = decode
        return decode

    def _open(self, stmt: _Statement, binds: list[BindValue]) -> Op[None]:
        self._decode = decode = self._decoder(stmt)
        self.description = description_of(stmt.desc.columns)
        self.rownumber = 0
        self._make_row = self._row_maker(stmt)
        self._blob_columns = [
            (i, c.type.code & 0xFF == IfxType.TEXT)
            for i, c in enumerate(stmt.desc.columns)
            if c.type.code & 0xFF in (IfxType.BYTE, IfxType.TEXT)
        ]
        opts = ops.CursorOptions(
            self._cursor_name(stmt), self.fetch_buffer, self.scrollable, self.hold
        )
        batch = yield from ops.open_cursor(
            self.conn.session, stmt.desc, binds, opts, decode, self.conn.autocommit
        )
        self._cursor_open = self._server_open = True
        yield from self._fill_blobs(batch.rows)
        self._absorb(batch)

    def _fill_blobs(self, rows: list[tuple[Any, ...]]) -> Op[None]:
        """Replace BYTE/TEXT descriptors by their values (SQ_FETCHBLOB), before the
        cursor's CLOSE can be sent: TEXT decodes with the connection's code set."""
        stmt, columns = self._stmt, self._blob_columns
        if not columns or not rows or stmt is None:
            return
        wanted = [(r, c) for r, row in enumerate(rows) for c, _ in columns if row[c] is not None]
        if not wanted:
            return
        values = yield from ops.fetch_blobs(
            self.conn.session, stmt.desc.stmt_id, [rows[r][c] for r, c in wanted]
        )
        text = dict(columns)
        encoding = self.conn.options.encoding
        changed: dict[int, list[Any]] = {}
        for (r, c), raw in zip(wanted, values, strict=True):
            row = changed.setdefault(r, list(rows[r]))
            row[c] = decode_text(raw, encoding) if text[c] else raw
        for r, row in changed.items():
            rows[r] = tuple(row)

    def _row_maker(self, stmt: _Statement) -> Callable[[tuple[Any, ...]], Any] | None:
        """Loaders, then the row factory; None when rows stay plain tuples."""
        load = self.adapters.row_loader([c.type for c in stmt.desc.columns])
        if self.row_factory is None:
            return load
        make = self.row_factory([c.name for c in stmt.desc.columns])
        if load is None:
            return make
        return lambda row: make(load(row))

    def _absorb(self, batch: ops.FetchBatch) -> None:
        rows: Iterable[Any] = batch.rows
        if self._make_row is not None:
            rows = map(self._make_row, batch.rows)
        self.rows.extend(rows)
        if batch.done is not None:
            self.rowcount = batch.done.rows
            self.finish_result()

    # -- executemany ----------------------------------------------------------------
    def executemany_op(self, sql: str, seq_of_params: Iterable[object]) -> Op[None]:
        """Many parameter sets, many per request; `rowcount` is the total affected."""
        self.check_open()
        self._reset()
        self.statement = sql
        rw = rewrite(sql)
        try:
            stmt = self._stmt = yield from self._prepare(rw)
        except ServerError as e:
            raise translate(e, sql) from None
        if returns_rows(stmt.desc.stmt_type, len(stmt.desc.columns)):
            self.finish_result()
            raise exc.ProgrammingError("executemany() cannot run a statement that returns rows")
        chunks = self._chunks(rw, seq_of_params)
        progress = ops.BulkProgress()
        try:
            yield from ops.execute_many(
                self.conn.session, stmt.desc, chunks, self.conn.autocommit, progress
            )
        except ServerError as e:
            error = translate(e, sql)
            raise _annotated(error, f"executemany row {e.row}", e.row) from None
        finally:
            self.rowcount = progress.affected
            self.finish_result()
            self.collect_warnings()
        if stmt.desc.stmt_type in SCHEMA_CHANGING:
            self.conn.invalidate_cache()

    def _chunks(self, rw: Rewritten, seq_of_params: Iterable[object]) -> Iterator[ops.Chunk]:
        """Encoded parameter sets grouped by request size; streams any iterable."""
        chunk: ops.Chunk = []
        size = 0
        for index, params in enumerate(seq_of_params):
            try:
                binds = self._encode(arrange(rw, params))
            except exc.Error as e:
                raise _annotated(e, f"executemany row {index}", index) from None
            chunk.append(binds)
            size += sum(len(b.data or b"") + len(b.blob or b"") + 8 for b in binds) + 2
            if size >= BULK_REQUEST_BYTES:
                yield chunk
                chunk, size = [], 0
        if chunk:
            yield chunk

    def callproc_op(self, name: str, params: object) -> Op[None]:
        if not _PROCEDURE_NAME.match(name):
            raise exc.ProgrammingError(f"{name!r} is not a valid procedure name")
        count = len(params) if isinstance(params, (list, tuple)) else 0
        placeholders = ", ".join("?" * count)
        yield from self.execute_op(f"EXECUTE PROCEDURE {name}({placeholders})", params)

    # -- fetching ------------------------------------------------------------------
    def fetch_op(self) -> Op[None]:
        """Pull the next batch of rows into `rows`."""
        stmt, decode = self._stmt, self._decode
        if not self._server_open or stmt is None or decode is None:
            return
        try:
            batch = yield from ops.fetch(
                self.conn.session, stmt.desc.stmt_id, decode, self.fetch_buffer
            )
            yield from self._fill_blobs(batch.rows)
        except ServerError as e:
            self.finish_result()
            raise translate(e, self.statement) from None
        if not batch.rows and batch.done is None:
            self.finish_result()
        self._absorb(batch)
        self.collect_warnings()

    def take(self, n: int) -> list[Any]:
        rows = self.rows
        count = min(n, len(rows))
        out = [rows.popleft() for _ in range(count)]
        self.rownumber = (self.rownumber or 0) + count
        return out

    # -- scrollable cursors ----------------------------------------------------------
    def check_scrollable(self) -> None:
        self.check_result()
        if not self.scrollable:
            raise exc.NotSupportedError(
                "this cursor can only move forward; open it with conn.cursor(scrollable=True)"
            )

    def scroll_fetch_op(self, row: int) -> Op[Any]:
        """The 1-based `row` of a scroll cursor, or None past either end."""
        stmt, decode = self._stmt, self._decode
        if stmt is None or decode is None or row < 1:
            self.rownumber = self.scroll_pos = 0
            return None
        batch = yield from ops.scroll_fetch(
            self.conn.session, stmt.desc.stmt_id, decode, FETCH_ABSOLUTE, row, self.fetch_buffer
        )
        if not batch.rows:
            self.rownumber = yield from self.count_op()
            self.scroll_pos = self.rownumber + 1
            return None
        yield from self._fill_blobs(batch.rows)
        self.rownumber = self.scroll_pos = row
        return self._make_row(batch.rows[0]) if self._make_row else batch.rows[0]

    def count_op(self) -> Op[int]:
        """Rows in a scroll cursor's result (one SFETCH LAST, then remembered)."""
        stmt, decode = self._stmt, self._decode
        if self._count is None and stmt is not None and decode is not None:
            batch = yield from ops.scroll_fetch(
                self.conn.session, stmt.desc.stmt_id, decode, FETCH_LAST, 0, self.fetch_buffer
            )
            self._count = batch.positions[0] if batch.positions else 0
        return self._count or 0

    def fetch_at_op(self, offset: int, origin: str) -> Op[Any]:
        """One row of a scroll cursor, counted from "start" (1-based), "current" or "end"
        (-1 is the last row); None past either end. One operation, so one lock hold."""
        self.check_scrollable()
        if origin == "end":
            row = (yield from self.count_op()) + 1 + offset
        elif origin == "current":
            row = self.scroll_pos + offset
        else:
            row = offset
        result = yield from self.scroll_fetch_op(row)
        return result

    def move_to(self, position: int) -> None:
        """PEP 249 position: `position` rows lie behind the cursor."""
        self.rownumber = self.scroll_pos = position

    def scroll_target(self, value: int, mode: str) -> int:
        if mode == "relative":
            return (self.rownumber or 0) + value
        if mode == "absolute":
            return value
        raise exc.ProgrammingError(f"scroll mode must be 'relative' or 'absolute', not {mode!r}")


def _annotated(error: exc.Error, where: str, row: int | None = None) -> exc.Error:
    error.message = f"{where}: {error.message}"
    error.args = (error.message,)
    if row is not None:
        error.row_index = row
    return error


def run_sql(conn: ConnectionCore, sql: str) -> Op[list[Any]]:
    """Run one statement on a private cursor; returns all its rows (small results only)."""
    cur = CursorCore(conn)
    try:
        yield from cur.execute_op(sql, None)
        while cur.has_more:
            yield from cur.fetch_op()
        return list(cur.rows)
    finally:
        cur.close()


def open_session_op(conn: ConnectionCore) -> Op[None]:
    """Log in, then apply the session options (isolation, lock wait). One operation, so
    a shell's single clean-up path closes the socket whichever step fails."""
    yield from conn.connect_op()
    for sql in conn.options.session_sql():
        yield from run_sql(conn, sql)


def undo_savepoint_op(conn: ConnectionCore, name: str) -> Op[None]:
    """Roll back to the savepoint; if the server refuses, roll the whole transaction back
    so no partial work can be committed later."""
    try:
        yield from run_sql(conn, f"ROLLBACK WORK TO SAVEPOINT {name}")
    except exc.Error:
        yield from conn.transaction_op(Msg.RBWORK)


def server_version_op(conn: ConnectionCore) -> Op[str]:
    """The release string (DBINFO), asked once; the login's protocol version without a database."""
    if conn.server_version_cache is None:
        if conn.session.database is None:
            return conn.server_info
        rows = yield from run_sql(conn, VERSION_SQL)
        conn.server_version_cache = str(rows[0][0]).strip() if rows else conn.server_info
    return conn.server_version_cache


def database_named_in(sql: str) -> str | None:
    """The database a DATABASE / CREATE DATABASE statement opened (names are lower case)."""
    match = _DATABASE_NAME.search(sql)
    return match.group(1).strip("\"'").lower() if match else None
