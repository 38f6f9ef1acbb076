"""Driver logic shared by the blocking and the asyncio shells.

Connection and cursor behaviour (statement lifecycle, transactions, result
streaming, description, rowcount) lives here as generator operations built
from `protocol.client`. A shell only runs them over its transport.
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Callable
from typing import Any

from . import exceptions as exc
from .adapters import AdapterMap
from .adapters import adapters as global_adapters
from .options import ConnectOptions
from .protocol.buffer import ProtocolViolation
from .protocol.client import NOT_IN_TRANSACTION, ClientSession, ConnectionLost, Op, ServerError
from .protocol.codes import Msg
from .protocol.login import LoginRequest
from .protocol.values.errors import (
    BlobStreamError,
    RowFramingError,
    UnsupportedValue,
    ValueCodecError,
)
from .sessionsql import savepoint_name
from .stmtcache import StatementCache
from .transport import TransportError
from .typeinfo import Column

VERSION_SQL = "SELECT FIRST 1 DBINFO('version','full') FROM systables"
RowFactory = Callable[[list[str]], Callable[[tuple[Any, ...]], Any]]
Description = list[Column]  # PEP 249 7-tuples with names and the described type


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
    if isinstance(error, BlobStreamError):
        return exc.InterfaceError(f"a BYTE/TEXT value did not arrive as described: {error}")
    if isinstance(error, RowFramingError):
        return exc.InterfaceError(f"a row did not decode as described: {error}")
    if isinstance(error, UnsupportedValue):
        return exc.UnsupportedParameterType(str(error))
    if isinstance(error, ValueCodecError):
        return exc.DataError(str(error))
    return exc.InternalError(f"unexpected {type(error).__name__}: {error}")


# SQ_DONE warning bits of an ordinary statement -> the SQLSTATE IBM JDBC reports for each
# (../shared/docs/sqli-protocol.md §3.4.2). Their exact server meanings are not documented
# there, so the message names the bit and the SQLSTATE rather than guessing.
DONE_WARNING_STATES = {0x01: "01006", 0x02: "01003", 0x04: "01003", 0x08: "01I05",
                       0x10: "01I06", 0x20: "01I11"}  # fmt: skip


def done_warnings(flags: int) -> list[exc.Warning]:
    """One Warning per set bit of an ordinary statement's SQ_DONE warning short."""
    return [
        exc.Warning(
            f"the server set warning flag 0x{bit:02x} on this statement (SQLSTATE {state})",
            sqlstate=state,
        )
        for bit, state in DONE_WARNING_STATES.items()
        if flags & bit
    ]


def is_fatal(error: BaseException) -> bool:
    """Failures after which the byte stream can no longer be trusted."""
    return isinstance(error, (ProtocolViolation, TransportError, ConnectionLost, OSError))


def _check_encodable(what: str, value: str | None, encoding: str) -> None:
    """Refuse a login field the code set cannot carry, without the value in the error: a
    chained UnicodeEncodeError would hold the whole password in its `object` attribute."""
    try:
        (value or "").encode(encoding)
        return
    except UnicodeEncodeError:
        pass
    raise exc.InterfaceError(f"the {what} has characters the {encoding} code set cannot encode")


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
        self._savepoint_seq = 0
        self._seq_lock = threading.Lock()
        self.cache = StatementCache(options.statement_cache_size)
        self.messages: list[tuple[type[exc.Warning], exc.Warning]] = []
        self.adapters = AdapterMap(global_adapters)
        self.isolation_level = options.isolation_level

    def invalidate_cache(self) -> None:
        """Schema or database changed: cached descriptions may be stale."""
        for stmt_id in self.cache.clear():
            self.session.release_later(stmt_id)

    @property
    def server_info(self) -> str:
        reply = self.session.login_reply
        return reply.version if reply else ""

    def next_cursor_name(self) -> str:
        with self._seq_lock:
            self._cursor_seq += 1
            return f"_ifxc{self._cursor_seq:013d}"

    def new_savepoint_name(self, name: str | None) -> str:
        """The caller's savepoint name, checked, or a fresh one."""
        if name is None:
            self._savepoint_seq += 1
            name = f"ifx_sp_{self._savepoint_seq}"
        return savepoint_name(name)

    def login_request(self) -> LoginRequest:
        o = self.options
        _check_encodable("user name", o.user, o.encoding)
        _check_encodable("password", o.password, o.encoding)
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
        """BEGIN, COMMIT or ROLLBACK. Ending a transaction the server says is not open
        (-255) succeeds, as committing or rolling back nothing should."""
        if tag != Msg.BEGIN and not self.session.may_be_in_transaction:
            if self.session.owes_releases:
                yield from self.session.flush_releases()
            return
        try:
            yield from self.session.transaction(tag)
        except ServerError as e:
            if tag == Msg.BEGIN or e.reply.sqlcode != NOT_IN_TRANSACTION:
                raise translate(e) from None
        finally:
            self.take_warnings()

    def take_warnings(self) -> list[exc.Warning]:
        """Warnings the server sent since the last call (SQ_ERR 0/100 and the warning
        flags of SQ_DONE), also appended to `messages`."""
        session = self.session
        out = [
            exc.Warning(
                w.message or f"server warning {w.sqlcode} {w.sqlstate}".strip(),
                sqlcode=w.sqlcode,
                sqlstate=w.sqlstate or ("02000" if w.sqlcode == 100 else "01000"),
            )
            for w in session.warnings
        ]
        out += [w for flags in session.done_flags for w in done_warnings(flags)]
        session.warnings.clear()
        session.done_flags.clear()
        self.messages.extend((exc.Warning, w) for w in out)
        return out

    def check_open(self) -> None:
        if self.closed:
            raise exc.InterfaceError("the connection is closed")
        if self.broken:
            raise exc.OperationalError(
                "the connection is broken after an earlier I/O or protocol failure; open a new one"
            )
