"""Driver logic shared by the blocking and the asyncio shells.

Connection and cursor behaviour (statement lifecycle, transactions, result
streaming, description, rowcount) lives here as generator operations built
from `protocol.client`. A shell only runs them over its transport.
"""

from __future__ import annotations

import os
import socket
import threading
from collections import deque
from collections.abc import Callable, Iterable
from typing import Any

from . import exceptions as exc
from .options import ConnectOptions
from .placeholders import arrange, rewrite
from .protocol.buffer import ProtocolViolation
from .protocol.client import ClientSession, ConnectionLost, FetchBatch, Op, ServerError
from .protocol.codes import Msg, returns_rows
from .protocol.login import LoginRequest
from .protocol.messages.statement import Describe
from .protocol.values import compile_row_decoder, encode_param
from .protocol.values.binds import BindValue
from .protocol.values.errors import UnsupportedValue, ValueCodecError
from .transport import TransportError
from .typeinfo import description_of

VERSION_SQL = "SELECT FIRST 1 DBINFO('version','full') FROM systables"
RowFactory = Callable[[list[str]], Callable[[tuple[Any, ...]], Any]]
Description = list[tuple[str, int, int | None, int | None, int | None, int | None, bool]]


def translate(error: BaseException, statement: str | None = None) -> exc.Error:
    """Any failure below the public API -> the PEP 249 exception to raise."""
    if isinstance(error, exc.Error):
        return error
    if isinstance(error, ServerError):
        r = error.reply
        return exc.from_server(
            r.sqlcode, r.isamcode, r.text, r.offset, statement, r.sqlstate, r.message
        )
    if isinstance(error, ProtocolViolation):
        return exc.ProtocolError(f"protocol error, connection closed: {error}")
    if isinstance(error, (TransportError, ConnectionLost)):
        return exc.OperationalError(f"connection lost: {error}", sqlcode=-908)
    if isinstance(error, UnsupportedValue):
        return exc.UnsupportedParameterType(str(error))
    if isinstance(error, ValueCodecError):
        return exc.DataError(str(error))
    return exc.InternalError(f"unexpected {type(error).__name__}: {error}")


def is_fatal(error: BaseException) -> bool:
    """Failures after which the byte stream can no longer be trusted."""
    return isinstance(error, (ProtocolViolation, TransportError, ConnectionLost, OSError))


class ConnectionCore:
    """Protocol state and policy of one connection (no I/O)."""

    def __init__(self, options: ConnectOptions) -> None:
        self.options = options
        self.session = ClientSession(options.encoding)
        self.autocommit = options.autocommit
        self.closed = False
        self.broken = False
        self.server_version_cache: str | None = None
        self._cursor_seq = 0
        self._seq_lock = threading.Lock()

    @property
    def server_info(self) -> str:
        reply = self.session.login_reply
        return reply.version if reply else ""

    def next_cursor_name(self) -> str:
        with self._seq_lock:
            self._cursor_seq += 1
            return f"_ifxc{self._cursor_seq:013d}"

    def login_request(self) -> LoginRequest:
        o = self.options
        return LoginRequest(
            user=o.user,
            password=o.password,
            server=o.server,
            env=o.login_env(),
            pid=os.getpid(),
            hostname=socket.gethostname(),
            cwd="",
            app_name=o.app_name,
        )

    def connect_op(self) -> Op[None]:
        reply = yield from self.session.login(self.login_request())
        if not reply.accepted:
            text = reply.message or self.options.user
            raise exc.from_server(reply.sv_error, near=text)
        yield from self.session.setup([("DBTEMP", "/tmp"), ("SUBQCACHESZ", "10")], None)
        missing = self.session.caps.missing_for_driver()
        if missing:
            raise exc.NotSupportedError(
                "the server did not grant framing features this driver needs: " + ", ".join(missing)
            )
        if self.options.database:
            try:
                yield from self.session.open_database(self.options.database)
            except ServerError as e:
                raise translate(e, f"DATABASE {self.options.database}") from None

    def transaction_op(self, tag: int) -> Op[None]:
        if tag != Msg.BEGIN and not self.session.in_transaction:
            if self.session.owes_releases:
                yield from self.session.flush_releases()
            return
        try:
            yield from self.session.transaction(tag)
        except ServerError as e:
            raise translate(e) from None

    def check_open(self) -> None:
        if self.closed:
            raise exc.InterfaceError("the connection is closed")
        if self.broken:
            raise exc.OperationalError(
                "the connection is broken after an earlier I/O or protocol failure; open a new one"
            )


class CursorCore:
    """Result state of one cursor; I/O happens only through returned operations."""

    def __init__(
        self,
        conn: ConnectionCore,
        *,
        scrollable: bool = False,
        fetch_buffer: int | None = None,
        row_factory: RowFactory | None = None,
    ) -> None:
        self.conn = conn
        self.scrollable = scrollable
        self.fetch_buffer = fetch_buffer or conn.options.fetch_buffer
        self.row_factory = row_factory
        self.arraysize = 1
        self.closed = False
        self.description: Description | None = None
        self.rowcount = -1
        self.lastrowid: int | None = None
        self.rows: deque[Any] = deque()
        self.rownumber: int | None = None
        self.statement: str | None = None
        self._stmt: Describe | None = None
        self._decode: Callable[[bytes], tuple[Any, ...]] | None = None
        self._make_row: Callable[[tuple[Any, ...]], Any] | None = None
        self._server_open = False

    # -- state -----------------------------------------------------------------
    @property
    def has_more(self) -> bool:
        """True while the server may still have rows for this result."""
        return self._server_open

    def check_result(self) -> None:
        self.check_open()
        if self.description is None:
            raise exc.ProgrammingError("no result set: the last statement did not return rows")

    def check_open(self) -> None:
        if self.closed:
            raise exc.InterfaceError("the cursor is closed")
        self.conn.check_open()

    def _reset(self) -> None:
        self.finish_result()
        self.description = None
        self.rowcount = -1
        self.rows.clear()
        self.rownumber = None
        self._decode = None
        self._make_row = None

    def finish_result(self) -> None:
        """Forget the server statement; its release rides on the next request."""
        if self._stmt is not None:
            self.conn.session.release_later(self._stmt.stmt_id)
            self._stmt = None
        self._server_open = False

    def close(self) -> None:
        if not self.closed:
            if not self.conn.closed and not self.conn.broken:
                self.finish_result()
            self.rows.clear()
            self.closed = True

    # -- execute ----------------------------------------------------------------
    def execute_op(self, sql: str, params: object) -> Op[None]:
        self.check_open()
        self._reset()
        self.statement = sql
        rw = rewrite(sql)
        values = arrange(rw, params)
        binds = self._encode(values)
        session = self.conn.session
        try:
            desc = yield from session.prepare(rw.sql, rw.count)
        except ServerError as e:
            raise translate(e, sql) from None
        self._stmt = desc
        try:
            if returns_rows(desc.stmt_type, len(desc.columns)):
                yield from self._open(desc, binds)
            else:
                yield from self._run(desc, binds)
        except ServerError as e:
            self.finish_result()
            raise translate(e, sql) from None

    def executemany_op(self, sql: str, seq_of_params: Iterable[object]) -> Op[None]:
        """One PREPARE, then BIND+EXECUTE per parameter set; rowcount is the total."""
        self.check_open()
        self._reset()
        self.statement = sql
        rw = rewrite(sql)
        session = self.conn.session
        try:
            desc = yield from session.prepare(rw.sql, rw.count)
        except ServerError as e:
            raise translate(e, sql) from None
        self._stmt = desc
        if returns_rows(desc.stmt_type, len(desc.columns)):
            self.finish_result()
            raise exc.ProgrammingError("executemany() cannot run a statement that returns rows")
        total = 0
        try:
            for index, params in enumerate(seq_of_params):
                try:
                    binds = self._encode(arrange(rw, params))
                    out = yield from session.execute(desc, binds, self.conn.autocommit)
                except (ServerError, exc.Error) as e:
                    error = translate(e, sql)
                    error.message = f"executemany row {index}: {error.message}"
                    error.args = (error.message,)
                    error.row_index = index  # type: ignore[attr-defined]
                    raise error from None
                total += out.done.rows if out.done else 0
        finally:
            self.rowcount = total
            self.finish_result()

    def _encode(self, values: list[object]) -> list[BindValue]:
        encoding = self.conn.options.encoding
        out = []
        for position, value in enumerate(values, 1):
            try:
                out.append(encode_param(value, encoding))
            except ValueCodecError as e:
                error = translate(e)
                error.message = f"parameter {position}: {error.message}"
                error.args = (error.message,)
                raise error from None
        return out

    def _run(self, desc: Describe, binds: list[BindValue]) -> Op[None]:
        out = yield from self.conn.session.execute(desc, binds, self.conn.autocommit)
        self.rowcount = out.done.rows if out.done else 0
        serial = 0
        if out.done and out.done.serial:
            serial = out.done.serial
        elif out.insert:
            serial = out.insert.bigserial or out.insert.serial8
        self.lastrowid = serial or None
        self.finish_result()

    def _open(self, desc: Describe, binds: list[BindValue]) -> Op[None]:
        types = [c.type for c in desc.columns]
        try:
            self._decode = compile_row_decoder(
                types, self.conn.options.encoding, trim_char=self.conn.options.trim_char
            )
        except ValueCodecError as e:
            raise exc.NotSupportedError(f"cannot decode this result: {e}") from None
        self.description = description_of(desc.columns)
        self.rownumber = 0
        if self.row_factory is not None:
            self._make_row = self.row_factory([c[0] for c in self.description])
        batch = yield from self.conn.session.open_cursor(
            desc,
            self.conn.next_cursor_name(),
            binds,
            autocommit=self.conn.autocommit,
            decode=self._decode,
            fetch_size=self.fetch_buffer,
            scroll=self.scrollable,
        )
        self._server_open = True
        self._absorb(batch)

    def _absorb(self, batch: FetchBatch) -> None:
        rows: Iterable[Any] = batch.rows
        if self._make_row is not None:
            rows = map(self._make_row, batch.rows)
        self.rows.extend(rows)
        if batch.done is not None:
            self.rowcount = batch.done.rows
            self.finish_result()

    def fetch_op(self) -> Op[None]:
        """Pull the next batch of rows into `rows`."""
        if not self._server_open or self._stmt is None or self._decode is None:
            return
        try:
            batch = yield from self.conn.session.fetch(
                self._stmt.stmt_id, self._decode, self.fetch_buffer
            )
        except ServerError as e:
            self.finish_result()
            raise translate(e, self.statement) from None
        if not batch.rows and batch.done is None:
            self.finish_result()
        self._absorb(batch)

    def take(self, n: int) -> list[Any]:
        rows = self.rows
        count = min(n, len(rows))
        out = [rows.popleft() for _ in range(count)]
        self.rownumber = (self.rownumber or 0) + count
        return out
