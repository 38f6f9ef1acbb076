"""State and attributes shared by the blocking and asyncio shells.

A shell adds only the methods that do I/O; everything that just reads the
core lives here once.
"""

from __future__ import annotations

from typing import Any

from . import exceptions as exc
from .adapters import AdapterMap
from .core import ConnectionCore, Description
from .cursorcore import CursorCore
from .rows import row_factory_of
from .transport import TransportError


class ConnectionAttributes:
    """Read-only connection facts plus PEP 249's exception attributes."""

    _core: ConnectionCore

    Error = exc.Error
    Warning = exc.Warning
    InterfaceError = exc.InterfaceError
    DatabaseError = exc.DatabaseError
    DataError = exc.DataError
    OperationalError = exc.OperationalError
    IntegrityError = exc.IntegrityError
    InternalError = exc.InternalError
    ProgrammingError = exc.ProgrammingError
    NotSupportedError = exc.NotSupportedError

    _sock: Any
    _busy: bool  # an exchange is on the wire
    row_factory: Any

    def _shut(self, *, broken: bool = False) -> None:
        """Mark the connection broken (after an I/O failure) or closed; drop the socket."""
        if broken:
            self._core.broken = True
        else:
            self._core.closed = True
        if self._sock is not None:
            self._sock.close()

    def cancel(self) -> None:
        """Ask the server to interrupt the statement running now (from another thread or
        task). The interrupted call raises OperationalError (sqlcode -213); the connection
        stays usable. Does nothing when no statement is running. Over TLS the interrupt
        cannot be sent: OperationalError, and the statement runs on."""
        sock = self._sock
        if self._busy and sock is not None and not sock.closed:
            try:
                sock.send_urgent()
            except TransportError as error:
                raise exc.OperationalError(f"cannot cancel the statement: {error}") from None

    def _cursor_core(
        self,
        scrollable: bool,
        hold: bool,
        name: str | None,
        fetch_buffer: int | None,
        row_factory: Any,
    ) -> CursorCore:
        """The state of a new cursor (both shells' `cursor()` wrap it without I/O)."""
        self._core.check_open()
        return CursorCore(
            self._core,
            scrollable=scrollable,
            hold=hold,
            name=name,
            fetch_buffer=fetch_buffer,
            row_factory=row_factory or self.row_factory,
        )

    def __repr__(self) -> str:
        o = self._core.options
        state = "closed" if self.closed else "open"
        name = type(self).__name__
        return f"<informix_db.{name} {o.user}@{o.host}:{o.port}/{o.database or ''} {state}>"

    @property
    def closed(self) -> bool:
        """True once closed, or broken by an I/O or protocol failure."""
        return self._core.closed or self._core.broken

    @property
    def broken(self) -> bool:
        return self._core.broken

    @property
    def database(self) -> str | None:
        return self._core.session.database

    @property
    def logged(self) -> bool:
        return self._core.session.logged

    @property
    def ansi(self) -> bool:
        return self._core.session.ansi

    @property
    def in_transaction(self) -> bool:
        return self._core.session.in_transaction

    @property
    def server_info(self) -> str:
        """The version string of the login reply (the server's protocol version)."""
        return self._core.server_info

    @property
    def encoding(self) -> str:
        return self._core.options.encoding

    @property
    def adapters(self) -> AdapterMap:
        """Adapters and loaders for this connection's cursors."""
        return self._core.adapters

    @property
    def messages(self) -> list[tuple[type[exc.Warning], exc.Warning]]:
        """(informix_db.Warning, warning) for every server warning on this connection
        (PEP 249 extension); it only grows, so clear it yourself."""
        return self._core.messages

    @property
    def warnings(self) -> list[exc.Warning]:
        """The warnings of `messages`, without the class."""
        return [w for _, w in self._core.messages]

    @property
    def round_trips(self) -> int:
        """Requests sent so far (each one waits for exactly one reply)."""
        return self._core.session.round_trips


class CursorAttributes:
    """PEP 249 cursor attributes that need no I/O."""

    _core: CursorCore

    @property
    def messages(self) -> list[tuple[type[exc.Warning], exc.Warning]]:
        """(informix_db.Warning, warning) for the server warnings of this cursor's last
        statement and its fetches (PEP 249 extension); the next execute clears it."""
        return self._core.messages

    @property
    def warnings(self) -> list[exc.Warning]:
        """The warnings of `messages`, without the class."""
        return [w for _, w in self._core.messages]

    @property
    def adapters(self) -> AdapterMap:
        """This cursor's adapters and loaders (falling back to the connection's)."""
        return self._core.adapters

    @property
    def row_factory(self) -> Any:
        return self._core.row_factory

    @row_factory.setter
    def row_factory(self, factory: Any) -> None:
        self._core.row_factory = row_factory_of(factory)

    @property
    def description(self) -> Description | None:
        return self._core.description

    @property
    def rowcount(self) -> int:
        return self._core.rowcount

    @property
    def lastrowid(self) -> int | None:
        """The SERIAL/SERIAL8/BIGSERIAL value the last INSERT generated."""
        return self._core.lastrowid

    @property
    def serial(self) -> int | None:
        return self._core.lastrowid

    @property
    def rownumber(self) -> int | None:
        return self._core.rownumber

    @property
    def arraysize(self) -> int:
        return self._core.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        if value < 1:
            raise ValueError("arraysize must be at least 1")
        self._core.arraysize = value

    @property
    def closed(self) -> bool:
        return self._core.closed

    @property
    def statement(self) -> str | None:
        return self._core.statement

    def setinputsizes(self, sizes: Any) -> None:
        """Accepted and ignored: parameter types come from the values."""

    def setoutputsize(self, size: int, column: int | None = None) -> None:
        """Accepted and ignored."""

    def nextset(self) -> None:
        return None
