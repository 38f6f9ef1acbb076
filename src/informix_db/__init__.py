"""informix_db: a pure-Python driver for IBM Informix (SQLI wire protocol, PEP 249)."""

from __future__ import annotations

from typing import Any

from .adapters import AdapterMap, adapters, register_adapter, register_loader
from .connection import Connection
from .cursor import Cursor
from .exceptions import (
    DatabaseError,
    DataError,
    Error,
    IntegrityError,
    InterfaceError,
    InternalError,
    NotSupportedError,
    OperationalError,
    PoolClosed,
    PoolClosedError,
    PoolTimeout,
    PoolTimeoutError,
    ProgrammingError,
    ProtocolError,
    UnsupportedParameterType,
    Warning,
)
from .options import InsecureTLSWarning, connect_options
from .pool import ConnectionPool, PooledConnection, create_pool
from .rows import Row, dict_row, namedtuple_row, tuple_row
from .types import (
    BINARY,
    BOOLEAN,
    DATETIME,
    NUMBER,
    ROWID,
    STRING,
    Binary,
    Date,
    DateFromTicks,
    IntervalYM,
    Text,
    Time,
    TimeFromTicks,
    Timestamp,
    TimestampFromTicks,
)

__version__ = "0.1.0"
apilevel = "2.0"
threadsafety = 1
paramstyle = "numeric"

__all__ = [
    "BINARY",
    "BOOLEAN",
    "DATETIME",
    "NUMBER",
    "ROWID",
    "STRING",
    "AdapterMap",
    "Binary",
    "Connection",
    "ConnectionPool",
    "Cursor",
    "DataError",
    "DatabaseError",
    "Date",
    "DateFromTicks",
    "Error",
    "InsecureTLSWarning",
    "IntegrityError",
    "InterfaceError",
    "InternalError",
    "IntervalYM",
    "NotSupportedError",
    "OperationalError",
    "PoolClosed",
    "PoolClosedError",
    "PoolTimeout",
    "PoolTimeoutError",
    "PooledConnection",
    "ProgrammingError",
    "ProtocolError",
    "Row",
    "Text",
    "Time",
    "TimeFromTicks",
    "Timestamp",
    "TimestampFromTicks",
    "UnsupportedParameterType",
    "Warning",
    "adapters",
    "apilevel",
    "connect",
    "create_pool",
    "dict_row",
    "namedtuple_row",
    "paramstyle",
    "register_adapter",
    "register_loader",
    "threadsafety",
    "tuple_row",
]


def connect(dsn: str | None = None, port: int | None = None, **kwargs: Any) -> Connection:
    """Open a connection.

    `connect("db.example.com", 9088, user=..., password=..., database=...)`, or a DSN
    `connect("informix://user:pass@host:9088/db?server=ol_prod")`. Other options:
    server, connect_timeout, read_timeout, autocommit, tls, tls_server_hostname,
    tls_verify, keepalive, client_locale, db_locale, env, fetch_buffer, trim_char.
    """
    return Connection(connect_options(dsn, port, kwargs))
