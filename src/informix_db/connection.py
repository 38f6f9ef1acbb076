"""The blocking shell: runs the core's operations over a socket."""

from __future__ import annotations

import threading
import time
from types import TracebackType
from typing import Any, TypeVar

from . import exceptions as exc
from .core import ConnectionCore, RowFactory, is_fatal, translate
from .cursor import Cursor
from .cursorcore import CursorCore
from .options import ConnectOptions
from .protocol.client import Op
from .protocol.codes import Msg
from .shells import ConnectionAttributes
from .transport import SocketTransport, TransportError

T = TypeVar("T")
CLOSE_GRACE = 2.0  # seconds an orderly SQ_EXIT may take before we just drop the socket


class Connection(ConnectionAttributes):
    """A PEP 249 connection to an Informix server (or the embedded one)."""

    def __init__(self, options: ConnectOptions) -> None:
        self._core = ConnectionCore(options)
        self._sock: SocketTransport | None = None
        self._lock = threading.RLock()
        self.row_factory: RowFactory | None = None
        self._open()

    # -- running operations ----------------------------------------------------
    def _open(self) -> None:
        o = self._core.options
        deadline = time.monotonic() + o.connect_timeout if o.connect_timeout else None
        try:
            self._sock = SocketTransport.open(
                o.host,
                o.port,
                timeout=o.connect_timeout,
                tls=o.ssl_context(),
                server_hostname=o.tls_server_hostname,
                keepalive=o.keepalive,
            )
            self._run(self._core.connect_op(), deadline)
        except TransportError as error:
            self._drop()
            raise translate(error) from error
        except BaseException:
            self._drop()
            raise
        self._sock.set_timeout(o.read_timeout)

    def _run(self, op: Op[T], deadline: float | None = None) -> T:
        with self._lock:
            self._core.check_open()
            sock = self._sock
            assert sock is not None
            session = self._core.session
            try:
                step = next(op)
                while True:
                    if step is None:
                        session.feed(sock.recv(deadline))
                    else:
                        sock.send(step)
                    step = op.send(None)
            except StopIteration as stop:
                result: T = stop.value
                return result
            except exc.Error:
                raise
            except Exception as error:
                if is_fatal(error):
                    self._mark_broken()
                raise translate(error) from error
            except BaseException:
                self._mark_broken()  # interrupted mid-exchange: the stream state is unknown
                raise

    def _mark_broken(self) -> None:
        self._core.broken = True
        if self._sock is not None:
            self._sock.close()

    def _drop(self) -> None:
        self._core.closed = True
        if self._sock is not None:
            self._sock.close()

    # -- PEP 249 ---------------------------------------------------------------
    def cursor(
        self,
        *,
        scrollable: bool = False,
        hold: bool = False,
        name: str | None = None,
        fetch_buffer: int | None = None,
        row_factory: RowFactory | None = None,
    ) -> Cursor:
        """A new cursor. `scrollable` keeps the result on the server for `scroll()`;
        `hold` keeps it open across commits (WITH HOLD); `name` sets the cursor name."""
        self._core.check_open()
        core = CursorCore(
            self._core,
            scrollable=scrollable,
            hold=hold,
            name=name,
            fetch_buffer=fetch_buffer,
            row_factory=row_factory or self.row_factory,
        )
        return Cursor(self, core)

    def commit(self) -> None:
        self._run(self._core.transaction_op(Msg.CMMTWORK))

    def rollback(self) -> None:
        self._run(self._core.transaction_op(Msg.RBWORK))

    def close(self) -> None:
        """Orderly SQ_EXIT when possible; never raises."""
        if self._core.closed:
            return
        try:
            if not self._core.broken and self._lock.acquire(timeout=CLOSE_GRACE):
                try:
                    self._run(self._core.session.exit(), time.monotonic() + CLOSE_GRACE)
                finally:
                    self._lock.release()
        except Exception:
            pass
        finally:
            self._drop()

    def __enter__(self) -> Connection:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Commit on success, roll back on an exception, then close."""
        try:
            if not self.closed:
                if kind is None:
                    self.commit()
                else:
                    self.rollback()
        except exc.Error:
            if kind is None:
                raise
        finally:
            self.close()

    # -- state and extensions ---------------------------------------------------
    @property
    def autocommit(self) -> bool:
        return self._core.autocommit

    @autocommit.setter
    def autocommit(self, value: bool) -> None:
        if value and not self._core.autocommit and self._core.session.in_transaction:
            self.commit()
        self._core.autocommit = bool(value)

    def execute(self, sql: str, params: Any = None) -> Cursor:
        """Shortcut: a new cursor that has run `sql`."""
        return self.cursor().execute(sql, params)
