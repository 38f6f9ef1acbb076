"""ifxserver: an embedded Informix-compatible SQLI server for tests and demos.

import ifxserver
with ifxserver.start() as srv:          # 127.0.0.1, a free port
    conn = informix_db.connect(**srv.connect_args(database="testdb"))
"""

from __future__ import annotations

import logging
import pathlib
import ssl
from types import TracebackType
from typing import Any

from .engine import Instance
from .listener import Listener
from .session import MAX_MESSAGE_SIZE, ServerConfig
from .users import UserTable

__all__ = ["Server", "start"]

DEFAULT_USER = ("informix", "in4mix")


class Server:
    """A running embedded server; stop it with `stop()` or a `with` block."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        users: dict[str, str] | None = None,
        data_dir: str | pathlib.Path | None = None,
        server_name: str = "informix",
        tls_cert: str | None = None,
        tls_key: str | None = None,
        max_sessions: int = 256,
        statement_timeout: float | None = None,
        max_message_size: int = MAX_MESSAGE_SIZE,
    ) -> None:
        accounts = dict(users) if users is not None else dict([DEFAULT_USER])
        if not accounts:
            raise ValueError("the server needs at least one user")
        # Only the first account's login is kept in clear (for connect_args); the table
        # that checks logins holds salted hashes.
        self._login = next(iter(accounts.items()))
        self.server_name = server_name
        self.instance = Instance(pathlib.Path(data_dir) if data_dir else None, server_name)
        config = ServerConfig(
            server_name=server_name,
            users=UserTable(accounts),
            statement_timeout=statement_timeout or None,
            max_message_size=max_message_size,
        )
        self._config = config
        tls = _tls_context(tls_cert, tls_key) if tls_cert else None
        self.tls = tls is not None
        try:
            self._listener = Listener(self.instance, config, host, port, tls, max_sessions)
        except BaseException:
            self.instance.close()
            raise
        self.host, self.port = self._listener.host, self._listener.port
        self._listener.start()
        logging.getLogger("ifxserver").info("listening on %s:%d", self.host, self.port)

    @property
    def login(self) -> tuple[str, str]:
        """(user, password) of the first configured account, for building test logins."""
        return self._login

    @property
    def session_count(self) -> int:
        return self._listener.session_count

    @property
    def requests_served(self) -> int:
        """Request batches answered so far, all sessions (one per client round trip)."""
        return self._config.requests.value

    def connect_args(self, database: str | None = None, **extra: Any) -> dict[str, Any]:
        """Keyword arguments for `informix_db.connect()` as the first configured user."""
        user, password = self._login
        args: dict[str, Any] = {
            "host": self.host,
            "port": self.port,
            "user": user,
            "password": password,
            "server": self.server_name,
        }
        if database is not None:
            args["database"] = database
        args.update(extra)
        return args

    def jdbc_url(self, database: str = "sysmaster") -> str:
        user, password = self._login
        return (
            f"jdbc:informix-sqli://{self.host}:{self.port}/{database}:"
            f"INFORMIXSERVER={self.server_name};user={user};password={password}"
        )

    def stop(self) -> None:
        self._listener.stop()
        self.instance.close()

    def __enter__(self) -> Server:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def _tls_context(cert: str, key: str | None) -> ssl.SSLContext:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_cert_chain(cert, key)
    return ctx


def start(**kwargs: Any) -> Server:
    """Start an embedded server (see `Server` for the options)."""
    return Server(**kwargs)
