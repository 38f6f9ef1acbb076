"""One client connection: login, then the SQLI message loop.

Messages are parsed one at a time and executed as parsed; their replies are
queued and flushed when the batch's SQ_EOT arrives. After an error in a batch
the remaining messages are still parsed (to stay in step) but not executed.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from informix_db.locales import codec_for
from informix_db.protocol.buffer import Incomplete, ProtocolViolation, Reader, Writer
from informix_db.protocol.caps import Caps
from informix_db.protocol.codes import (
    CLIENT_PROTOCOL_OFFER,
    SERVER_PROTOCOL_MASK,
    Cap,
    Msg,
    SLType,
    mask_has,
)
from informix_db.protocol.login import (
    SQLI_ATTRIBUTE,
    LoginRequest,
    build_accept,
    build_reject,
    parse_request,
)
from informix_db.protocol.login import pdu_length as login_pdu_length
from informix_db.protocol.messages import status
from informix_db.protocol.messages.dispatch import read_request

from .engine import Instance, Session, SqlError
from .handlers import Handlers
from .statements import RowFormat, SlotTable
from .users import UserTable
from .watchdog import Activity, Watchdog

log = logging.getLogger("ifxserver.session")

RECV_SIZE = 256 * 1024
MAX_MESSAGE_SIZE = 128 * 1024 * 1024  # default limit on unanswered client input
INTERNAL_ERROR = -999  # "not implemented yet": an engine failure we did not foresee


class RequestCounter:
    """Request batches answered by all sessions (tests assert round-trip budgets with it)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._value = 0

    def add(self) -> None:
        with self._lock:
            self._value += 1

    @property
    def value(self) -> int:
        with self._lock:
            return self._value


@dataclass
class ServerConfig:
    server_name: str = "informix"
    version: str = "IBM Informix Dynamic Server Version 14.10.FC7W1DE"
    login_timeout: float = 30.0
    idle_timeout: float | None = None
    users: UserTable = field(default_factory=UserTable)
    requests: RequestCounter = field(default_factory=RequestCounter)
    statement_timeout: float | None = None  # seconds; a longer statement gets -213
    max_message_size: int = MAX_MESSAGE_SIZE  # a bigger request closes the session (-408)
    watchdog: Watchdog | None = None


class ClientGone(Exception):
    """The peer closed or reset the connection."""


class ServerSession:
    def __init__(
        self, sock: socket.socket, instance: Instance, config: ServerConfig, peer: str
    ) -> None:
        self.sock = sock
        self.instance = instance
        self.config = config
        self.peer = peer
        self.caps = Caps.negotiate(CLIENT_PROTOCOL_OFFER, SERVER_PROTOCOL_MASK)
        self.encoding = "latin-1"
        self.env: dict[str, str] = {}
        self.engine: Session | None = None
        self.slots = SlotTable()
        self.user = ""
        self.explicit_database = False
        self.round_trips = 0
        self.accepted = False  # the login was accepted: SQLI messages flow from now on
        self.activity = Activity(self, sock, peer, urgent_data=not isinstance(sock, ssl.SSLSocket))
        self._buf = bytearray()
        self._pos = 0

    @property
    def row_format(self) -> RowFormat:
        pad = not self.caps.varchar_varlen or (
            mask_has(self.caps.mask, Cap.PAD_VARCHAR) and self.env.get("IFX_PAD_VARCHAR") == "1"
        )
        return RowFormat(self.encoding, pad)

    # -- I/O ---------------------------------------------------------------------
    def _recv(self) -> None:
        try:
            data = self.sock.recv(RECV_SIZE)
        except (TimeoutError, OSError) as exc:
            raise ClientGone(str(exc)) from exc
        if not data:
            raise ClientGone("peer closed the connection")
        if self._pos and self._pos * 2 > len(self._buf):
            del self._buf[: self._pos]
            self._pos = 0
        if len(self._buf) - self._pos + len(data) > self.config.max_message_size:
            raise ProtocolViolation("client sent more than the message size limit")
        self._buf += data

    def _send(self, data: bytes) -> None:
        try:
            self.sock.sendall(data)
        except OSError as exc:
            raise ClientGone(str(exc)) from exc

    # -- life cycle ------------------------------------------------------------------
    def run(self) -> None:
        started = time.monotonic()
        reason = "exit"
        try:
            if self._login():
                self.sock.settimeout(self.config.idle_timeout)
                if self.config.watchdog is not None:
                    self.config.watchdog.watch(self.activity)
                self._loop()
        except ClientGone as exc:
            reason = f"gone ({exc})"
        except ProtocolViolation as exc:
            reason = "protocol violation"
            log.warning("session=%s event=protocol-violation detail=%r", self.peer, str(exc))
            if self.accepted:  # before that the peer expects a login PDU, not an SQ_ERR
                self._try_send_error(-408)
        finally:
            self._cleanup()
            if self.accepted:
                log.info(
                    "session=%s event=end user=%s reason=%r requests=%d seconds=%.3f",
                    self.peer, self.user, reason, self.round_trips, time.monotonic() - started,
                )  # fmt: skip

    def interrupt(self, reason: str) -> None:
        """Called by the watchdog thread: stop the running statement (-213)."""
        if self.engine is not None:
            self.engine.interrupt(reason)

    def _cleanup(self) -> None:
        if self.config.watchdog is not None:
            self.config.watchdog.forget(self.activity)
        try:
            self.slots.close_all()
            if self.engine is not None:
                self.engine.close()
        except Exception:
            log.exception("session=%s event=cleanup-failed", self.peer)
        with contextlib.suppress(OSError):
            self.sock.close()

    def _try_send_error(self, sqlcode: int) -> None:
        w = Writer()
        status.write_error(w, status.ErrorReply(sqlcode), self.caps, self.encoding)
        w.short(Msg.EOT)
        with contextlib.suppress(ClientGone):
            self._send(w.getvalue())

    # -- login -----------------------------------------------------------------------
    def _login(self) -> bool:
        self.sock.settimeout(self.config.login_timeout)
        while (n := login_pdu_length(self._buf)) is None or len(self._buf) < n:
            _check_login_header(self._buf)
            self._recv()
        pdu = bytes(self._buf[:n])
        self._pos = n
        req = parse_request(pdu)
        failure = self._check_login(req) or self._start_engine(req)
        if failure is not None:
            self._send(build_reject(failure[0], failure[1], self.config.server_name, req.user))
            log.info(
                "session=%s event=login-rejected user=%s sqlcode=%d",
                self.peer,
                req.user,
                failure[0],
            )
            return False
        self._send(build_accept(self.config.version, self.config.server_name, req.user))
        self.accepted = True
        log.info(
            "session=%s event=login user=%s database=%s", self.peer, req.user, req.database or ""
        )
        return True

    def _check_login(self, req: LoginRequest) -> tuple[int, str] | None:
        if req.server.lower() != self.config.server_name.lower():
            return -761, req.server
        if not self.config.users.verify(req.user, req.password):
            return -951, req.user
        return None

    def _start_engine(self, req: LoginRequest) -> tuple[int, str] | None:
        """Start the SQL session; a database named in the login PDU is opened now."""
        self.user = req.user
        self.env.update(req.env)
        self._set_encoding()
        self.engine = self.instance.session(req.user, self.env)
        if req.database:
            self.explicit_database = True
            try:
                self.engine.open_database(req.database)
            except SqlError as exc:
                return exc.sqlcode, exc.text or req.database
        return None

    def _set_encoding(self) -> None:
        locale = self.env.get("DB_LOCALE") or self.env.get("CLIENT_LOCALE") or "en_US.8859-1"
        try:
            self.encoding = codec_for(locale)
        except Exception:
            log.warning("session=%s event=unknown-locale locale=%r", self.peer, locale)
            self.encoding = "latin-1"

    # -- message loop ----------------------------------------------------------------
    def _loop(self) -> None:
        handlers = Handlers(self)
        handlers.attach()
        out = Writer()
        failed = False
        while True:
            tag, body = self._next_request()
            if tag == Msg.EXIT:
                self.config.requests.add()
                self._send(Writer().short(Msg.EXIT).short(Msg.EOT).getvalue())
                return
            if tag == Msg.EOT:
                out.short(Msg.EOT)
                self.round_trips += 1
                self.config.requests.add()
                self._send(out.getvalue())
                out = Writer()
                failed = False
                handlers.end_of_batch()
                continue
            if failed:
                continue
            failed = self._handle(handlers, tag, body, out)

    def _next_request(self) -> tuple[int, Any]:
        while True:
            r = Reader(self._buf, self._pos)
            try:
                msg = read_request(r, self.caps, self.encoding)
            except Incomplete:
                self._recv()
                continue
            except ValueError as exc:  # a value inside the message does not decode
                raise ProtocolViolation(f"undecodable message: {exc}") from exc
            self._pos = r.pos
            return msg

    def _handle(self, handlers: Handlers, tag: int, body: Any, out: Writer) -> bool:
        """Run one message; True when it failed (the rest of the batch is skipped)."""
        if self.engine is not None:
            self.engine.clear_interrupt()
        self.activity.begin(self.config.statement_timeout)
        try:
            handlers.dispatch(tag, body, out)
            return False
        except SqlError as exc:
            err = status.ErrorReply(exc.sqlcode, exc.isamcode, exc.offset, exc.text)
            log.info(
                "session=%s event=error sqlcode=%d isam=%d text=%r message=%d sql=%r",
                self.peer, exc.sqlcode, exc.isamcode, exc.text, tag, handlers.statement_text(body),
            )  # fmt: skip
        except Exception:
            log.exception("session=%s event=internal-error message=%d", self.peer, tag)
            err = status.ErrorReply(INTERNAL_ERROR, 0, 0, f"internal error in message {tag}")
        finally:
            self.activity.end()
        status.write_error(out, err, self.caps, self.encoding)
        return True


def _check_login_header(buf: bytearray) -> None:
    """Refuse at once what cannot become a login PDU (a TLS hello, an HTTP request)
    instead of waiting for the bytes its "length" promises until login_timeout."""
    if len(buf) >= 4 and (buf[2] != SLType.CONREQ or buf[3] != SQLI_ATTRIBUTE):
        raise ProtocolViolation(f"not an SQLI login request: {bytes(buf[:4]).hex()}")
