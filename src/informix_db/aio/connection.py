"""The asyncio shell: runs the core's operations over asyncio streams.

No threads and no executor: the same sans-I/O generators as the blocking
shell, with `await` where that one blocks. One `asyncio.Lock` per connection
keeps one exchange on the wire at a time.

Cancellation: a task cancelled while waiting for the lock leaves the
connection untouched. A task cancelled after its request went out leaves the
reply in flight, so the connection is marked broken and its socket closed; it
is never reused mid-statement.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from types import TracebackType
from typing import Any, TypeVar

from .. import exceptions as exc
from ..core import ConnectionCore, RowFactory, is_fatal, translate
from ..cursorcore import open_session_op, run_sql, server_version_op, undo_savepoint_op
from ..options import ConnectOptions
from ..protocol.client import Op
from ..protocol.codes import Msg
from ..sessionsql import isolation_sql, lock_wait_sql
from ..shells import ConnectionAttributes
from ..transport import TransportError
from .cursor import AsyncCursor
from .transport import StreamTransport

T = TypeVar("T")
CLOSE_GRACE = 2.0  # seconds an orderly SQ_EXIT may take before we just drop the socket
PING_TIMEOUT = 10.0
CANCEL_GRACE = 10.0  # after a statement-timeout cancel, how long the server has to answer
INTERRUPTED = -213  # the sqlcode of a statement the server interrupted


class _StatementTimer:
    """statement_timeout: when it passes, send the cancel byte; if the server then stays
    silent for CANCEL_GRACE seconds, give the connection up."""

    def __init__(self, sock: StreamTransport, timeout: float | None) -> None:
        self.timeout = timeout
        self.fired = False
        self.undeliverable: str | None = None  # why the interrupt could not be sent
        self._sock = sock
        self._handle: asyncio.TimerHandle | None = None
        if timeout:
            self._handle = asyncio.get_running_loop().call_later(timeout, self._fire)

    def _fire(self) -> None:
        self.fired = True
        try:
            self._sock.send_urgent()
        except TransportError as error:
            self.undeliverable = str(error)
            self._sock.expire()
            return
        self._handle = asyncio.get_running_loop().call_later(CANCEL_GRACE, self._sock.expire)

    def stop(self) -> None:
        if self._handle is not None:
            self._handle.cancel()

    def explain(self, error: exc.Error) -> exc.Error:
        if self.fired and (error.sqlcode == INTERRUPTED or self.undeliverable):
            why = f"statement timeout of {self.timeout} s expired"
            if self.undeliverable:
                why += f"; {self.undeliverable}, so the connection was given up"
            error.message = f"{why}: {error.message}"
            error.args = (error.message,)
        return error


class AsyncConnection(ConnectionAttributes):
    """A PEP 249-shaped connection whose I/O methods are coroutines.

    Create it with `await informix_db.aio.connect(...)`.
    """

    def __init__(self, options: ConnectOptions) -> None:
        self._core = ConnectionCore(options)
        self._sock: StreamTransport | None = None
        self._lock = asyncio.Lock()
        self._read_timeout: float | None = None  # while connecting: the login's per-step limit
        self._busy = False
        self.row_factory: RowFactory | None = None

    @classmethod
    async def connect(cls, options: ConnectOptions) -> AsyncConnection:
        conn = cls(options)
        await conn._open()
        return conn

    # -- running operations ----------------------------------------------------
    async def _open(self) -> None:
        """Connect, log in and apply the session options; on any failure the stream is
        dropped (which also ends the server's session)."""
        o = self._core.options
        total, self._read_timeout = o.login_limits()
        try:
            if total is None:
                await self._handshake()
            else:
                await asyncio.wait_for(self._handshake(), total)
        except asyncio.TimeoutError as error:
            self._shut()
            limit = total or self._read_timeout
            late = f"connecting to {o.host}:{o.port} timed out after {limit} s"
            raise translate(TransportError(late)) from error
        except TransportError as error:
            self._shut()
            raise translate(error) from error
        except BaseException:
            self._shut()
            raise
        self._read_timeout = o.read_timeout

    async def _handshake(self) -> None:
        o = self._core.options
        opening = StreamTransport.open(
            o.host,
            o.port,
            tls=o.ssl_context(),
            server_hostname=o.tls_server_hostname,
            keepalive=o.keepalive,
        )
        self._sock = await asyncio.wait_for(opening, self._read_timeout)
        await self._run(open_session_op(self._core))

    async def _run(self, op: Op[T], timeout: float | None = None, *, statement: bool = False) -> T:
        """Drive `op` to its end. `timeout` (default read_timeout) bounds each read;
        statement operations also honour statement_timeout."""
        async with self._lock:
            self._core.check_open()
            sock = self._sock
            assert sock is not None
            timer = _StatementTimer(
                sock, self._core.options.statement_timeout if statement else None
            )
            self._busy = True
            try:
                return await self._drive(op, sock, timeout or self._read_timeout)
            except exc.Error as error:
                raise timer.explain(error) from None
            finally:
                self._busy = False
                timer.stop()

    async def _drive(self, op: Op[T], sock: StreamTransport, timeout: float | None) -> T:
        session = self._core.session
        try:
            step = next(op)
            while True:
                if step is None:
                    session.feed(await sock.recv(timeout))
                else:
                    await sock.send(step)
                step = op.send(None)
        except StopIteration as stop:
            result: T = stop.value
            return result
        except exc.Error:
            raise
        except Exception as error:
            if is_fatal(error):
                self._shut(broken=True)
            raise translate(error) from error
        except BaseException:
            self._shut(broken=True)  # cancelled or interrupted mid-exchange: the reply is in flight
            raise

    # -- PEP 249 ---------------------------------------------------------------
    def cursor(
        self,
        *,
        scrollable: bool = False,
        hold: bool = False,
        name: str | None = None,
        fetch_buffer: int | None = None,
        row_factory: RowFactory | None = None,
    ) -> AsyncCursor:
        """A new cursor, without I/O: `conn.cursor()` and `await conn.cursor()` both work."""
        core = self._cursor_core(scrollable, hold, name, fetch_buffer, row_factory)
        return AsyncCursor(self, core)

    async def commit(self) -> None:
        await self._run(self._core.transaction_op(Msg.CMMTWORK))

    async def rollback(self) -> None:
        await self._run(self._core.transaction_op(Msg.RBWORK))

    async def close(self) -> None:
        """Orderly SQ_EXIT when the connection is idle; never raises an `Error`.

        While another task is inside an exchange the socket is dropped instead of
        sending SQ_EXIT into the middle of that statement.
        """
        if self._core.closed:
            return
        try:
            if not self._core.broken and not self._lock.locked():
                await self._run(self._core.session.exit(), CLOSE_GRACE)
        except exc.Error:
            pass
        finally:
            self._shut()
        await asyncio.sleep(0)  # let asyncio release the socket before we return

    def terminate(self) -> None:
        """Drop the connection at once, without I/O (for clean-up that cannot await)."""
        self._shut()

    async def __aenter__(self) -> AsyncConnection:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Commit on success, roll back on an exception, then close."""
        tag = Msg.CMMTWORK if kind is None else Msg.RBWORK
        try:
            if not self.closed:
                await self._run(self._core.transaction_op(tag))
        except exc.Error:
            if kind is None:
                raise
        finally:
            await self.close()

    # -- state and extensions ---------------------------------------------------
    @property
    def autocommit(self) -> bool:
        return self._core.autocommit

    @autocommit.setter
    def autocommit(self, value: bool) -> None:
        raise AttributeError(
            "autocommit may need a COMMIT on an asyncio connection: "
            "use `await conn.set_autocommit(value)`"
        )

    async def set_autocommit(self, value: bool) -> None:
        """Switch autocommit; turning it on commits an open transaction first."""
        if value and not self._core.autocommit and self._core.session.may_be_in_transaction:
            await self.commit()
        self._core.autocommit = bool(value)

    async def server_version(self) -> str:
        """The release, e.g. `IBM Informix Dynamic Server Version 14.10.FC7W1DE`."""
        return await self._run(server_version_op(self._core))

    async def ping(self, timeout: float | None = None) -> None:
        """One cheap round trip; raises OperationalError when the connection is dead."""
        await self._run(self._core.session.ping(), timeout or PING_TIMEOUT)

    async def set_isolation(self, level: str) -> None:
        """`dirty read`, `committed read`, `cursor stability`, `repeatable read`,
        `committed read last committed` (or the ANSI names)."""
        await self._run(run_sql(self._core, isolation_sql(level)))
        self._core.isolation_level = level

    async def set_lock_wait(self, seconds: float | None) -> None:
        """None/0: fail at once on a locked row; -1: wait forever; n: wait up to n s."""
        await self._run(run_sql(self._core, lock_wait_sql(seconds)))

    @contextlib.asynccontextmanager
    async def savepoint(self, name: str | None = None) -> AsyncIterator[str]:
        """`async with conn.savepoint():` rolls back to the savepoint if the block raises."""
        name = self._core.new_savepoint_name(name)
        await self._run(run_sql(self._core, f"SAVEPOINT {name}"))
        try:
            yield name
        except BaseException:
            await self._undo_savepoint(name)
            raise
        await self._run(run_sql(self._core, f"RELEASE SAVEPOINT {name}"))

    async def _undo_savepoint(self, name: str) -> None:
        """Undo the block's work without masking the exception being handled."""
        if not self.closed:
            with contextlib.suppress(exc.Error):
                await self._run(undo_savepoint_op(self._core, name))

    async def execute(self, sql: str, params: Any = None) -> AsyncCursor:
        """Shortcut: a new cursor that has run `sql`."""
        return await self.cursor().execute(sql, params)
