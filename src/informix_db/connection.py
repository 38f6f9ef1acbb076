"""The blocking shell: runs the core's operations over a socket."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Any, TypeVar

from . import exceptions as exc
from .core import ConnectionCore, RowFactory, is_fatal, translate
from .cursor import Cursor
from .cursorcore import open_session_op, run_sql, server_version_op, undo_savepoint_op
from .options import ConnectOptions
from .protocol.client import Op
from .protocol.codes import Msg
from .sessionsql import isolation_sql, lock_wait_sql
from .shells import ConnectionAttributes
from .transport import SocketTransport, TransportError

T = TypeVar("T")
CLOSE_GRACE = 2.0  # seconds an orderly SQ_EXIT may take before we just drop the socket
PING_TIMEOUT = 10.0
CANCEL_GRACE = 10.0  # after a timeout cancel, how long the server has to answer


class _CancelTimer:
    """Statement timeout: send the cancel byte once the deadline passes without a reply."""

    def __init__(self, sock: SocketTransport, timeout: float | None) -> None:
        self.sock = sock
        self.timeout = timeout
        self.cancel_at = time.monotonic() + timeout if timeout else None
        self.deadline: float | None = None  # hard limit once cancelled
        self.fired = False

    def wait(self) -> None:
        if self.cancel_at is None or self.fired:
            return
        if self.sock.wait_readable(self.cancel_at - time.monotonic()):
            return
        self.fired = True
        self.deadline = time.monotonic() + CANCEL_GRACE
        self.sock.send_urgent()

    def explain(self, error: exc.Error) -> exc.Error:
        if self.fired and error.sqlcode == -213:
            error.message = f"statement timeout of {self.timeout} s expired: {error.message}"
            error.args = (error.message,)
        return error


class Connection(ConnectionAttributes):
    """A PEP 249 connection to an Informix server (or the embedded one)."""

    def __init__(self, options: ConnectOptions) -> None:
        self._core = ConnectionCore(options)
        self._sock: SocketTransport | None = None
        self._lock = threading.RLock()
        self.row_factory: RowFactory | None = None
        self._busy = False
        self._open()

    # -- running operations ----------------------------------------------------
    def _open(self) -> None:
        """Connect, log in and apply the session options; on any failure the socket is
        closed (which also ends the server's session)."""
        o = self._core.options
        total, per_step = o.login_limits()
        deadline = time.monotonic() + total if total else None
        try:
            self._sock = SocketTransport.open(
                o.host,
                o.port,
                timeout=per_step,
                tls=o.ssl_context(),
                server_hostname=o.tls_server_hostname,
                keepalive=o.keepalive,
            )
            self._run(open_session_op(self._core), deadline)
        except TransportError as error:
            self._shut()
            raise translate(error) from error
        except BaseException:
            self._shut()
            raise
        self._sock.set_timeout(o.read_timeout)

    def _run(self, op: Op[T], deadline: float | None = None, *, statement: bool = False) -> T:
        """Drive `op` over the socket. Statement operations honour statement_timeout:
        when it expires the server is asked to interrupt (the reply is then -213)."""
        with self._lock:
            self._core.check_open()
            sock = self._sock
            assert sock is not None
            timeout = self._core.options.statement_timeout if statement else None
            timer = _CancelTimer(sock, timeout)
            self._busy = True
            try:
                step = next(op)
                while True:
                    if step is None:
                        timer.wait()
                        self._core.session.feed(sock.recv(deadline or timer.deadline))
                    else:
                        sock.send(step)
                    step = op.send(None)
            except StopIteration as stop:
                result: T = stop.value
                return result
            except exc.Error as error:
                raise timer.explain(error) from None
            except Exception as error:
                if is_fatal(error):
                    self._shut(broken=True)
                raise translate(error) from error
            except BaseException:
                self._shut(broken=True)  # interrupted mid-exchange: the stream state is unknown
                raise
            finally:
                self._busy = False

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
        core = self._cursor_core(scrollable, hold, name, fetch_buffer, row_factory)
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
            self._shut()

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
        if value and not self._core.autocommit and self._core.session.may_be_in_transaction:
            self.commit()
        self._core.autocommit = bool(value)

    @property
    def server_version(self) -> str:
        """The release, e.g. `IBM Informix Dynamic Server Version 14.10.FC7W1DE`."""
        return self._run(server_version_op(self._core))

    def ping(self, timeout: float | None = None) -> None:
        """One cheap round trip; raises OperationalError when the connection is dead."""
        self._run(self._core.session.ping(), time.monotonic() + (timeout or PING_TIMEOUT))

    def set_isolation(self, level: str) -> None:
        """`dirty read`, `committed read`, `cursor stability`, `repeatable read`,
        `committed read last committed` (or the ANSI names)."""
        self._run(run_sql(self._core, isolation_sql(level)))
        self._core.isolation_level = level

    def set_lock_wait(self, seconds: float | None) -> None:
        """None/0: fail at once on a locked row; -1: wait forever; n: wait up to n s."""
        self._run(run_sql(self._core, lock_wait_sql(seconds)))

    @contextmanager
    def savepoint(self, name: str | None = None) -> Iterator[str]:
        """`with conn.savepoint():` rolls back to the savepoint if the block raises."""
        name = self._core.new_savepoint_name(name)
        self._run(run_sql(self._core, f"SAVEPOINT {name}"))
        try:
            yield name
        except BaseException:
            self._undo_savepoint(name)
            raise
        self._run(run_sql(self._core, f"RELEASE SAVEPOINT {name}"))

    def _undo_savepoint(self, name: str) -> None:
        """Undo the block's work without masking the exception being handled."""
        if not self.closed:
            with contextlib.suppress(exc.Error):
                self._run(undo_savepoint_op(self._core, name))

    def execute(self, sql: str, params: Any = None) -> Cursor:
        """Shortcut: a new cursor that has run `sql`."""
        return self.cursor().execute(sql, params)
