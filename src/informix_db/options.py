"""Connection options: keyword arguments, DSN strings and environment defaults."""

from __future__ import annotations

import os
import ssl
import urllib.parse
import warnings
from dataclasses import dataclass, field, fields
from typing import Any

from .exceptions import InterfaceError
from .locales import DEFAULT_LOCALE, codec_for
from .sessionsql import isolation_sql, lock_wait_sql


class InsecureTLSWarning(UserWarning):
    """TLS was asked for without verifying the server (`tls_verify=False`)."""


DEFAULT_PORT = 9088
DEFAULT_FETCH_BUFFER = 32 * 1024
MIN_FETCH_BUFFER = 512


@dataclass
class ConnectOptions:
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    user: str = ""
    password: str | None = field(default=None, repr=False)
    database: str | None = None
    server: str = "informix"
    connect_timeout: float | None = None
    read_timeout: float | None = None
    autocommit: bool = False
    tls: bool | ssl.SSLContext | None = None
    tls_server_hostname: str | None = None
    tls_verify: bool = True
    keepalive: bool = False
    client_locale: str = DEFAULT_LOCALE
    db_locale: str | None = None
    env: dict[str, str] = field(default_factory=dict)
    fetch_buffer: int = DEFAULT_FETCH_BUFFER
    trim_char: bool = False
    statement_cache_size: int = 32
    statement_timeout: float | None = None
    isolation_level: str | None = None
    lock_wait: float | None = None
    app_name: str = "informix-wire"
    encoding: str = field(init=False, default="latin-1")

    def __post_init__(self) -> None:
        if not self.user:
            raise InterfaceError("connect() needs a user name")
        if not isinstance(self.port, int) or not 0 < self.port < 65536:
            raise InterfaceError(f"port must be an integer between 1 and 65535, not {self.port!r}")
        if self.statement_cache_size < 0:
            raise InterfaceError("statement_cache_size must be 0 (off) or more")
        for name in ("connect_timeout", "read_timeout", "statement_timeout"):
            value = getattr(self, name)
            if value is not None and value <= 0:
                raise InterfaceError(f"{name} must be a positive number of seconds or None")
        if self.fetch_buffer < MIN_FETCH_BUFFER:
            raise InterfaceError(f"fetch_buffer must be at least {MIN_FETCH_BUFFER} bytes")
        self.session_sql()  # invalid isolation or lock-wait values fail here, not later
        self.encoding = codec_for(self.db_locale or self.client_locale)
        if self.db_locale and codec_for(self.client_locale) != self.encoding:
            raise InterfaceError(
                f"client_locale {self.client_locale!r} and db_locale {self.db_locale!r} use "
                "different code sets; this driver sends and reads one code set"
            )

    def session_sql(self) -> list[str]:
        """Statements that apply the session options right after connecting."""
        out = []
        if self.isolation_level is not None:
            out.append(isolation_sql(self.isolation_level))
        if self.lock_wait is not None:
            out.append(lock_wait_sql(self.lock_wait))
        return out

    def login_limits(self) -> tuple[float | None, float | None]:
        """(bound on the whole connect, bound on each connect/read/write during it).

        connect_timeout bounds both. Without it read_timeout bounds each step, so a
        silent peer can never hang the login; with neither, nothing is bounded."""
        return self.connect_timeout, self.connect_timeout or self.read_timeout

    def login_env(self) -> list[tuple[str, str]]:
        """The environment announced at login (JDBC's defaults, then the user's)."""
        env = {
            "DBPATH": ".",
            "CLIENT_LOCALE": self.client_locale,
            "DBDATE": "Y4MD-",
            "IFX_UPDDESC": "1",
            "NODEFDAC": "no",
        }
        if self.db_locale:
            env["DB_LOCALE"] = self.db_locale
        env.update(self.env)
        return list(env.items())

    def ssl_context(self) -> ssl.SSLContext | None:
        """None for plaintext. `tls=True`: TLS 1.2+, the certificate verified against the
        system trust store and the host name checked; `tls=<SSLContext>`: used as given.
        `tls_verify=False` (with `tls=True`) turns both checks off and warns."""
        if self.tls is None or self.tls is False:
            return None
        if isinstance(self.tls, ssl.SSLContext):
            return self.tls
        ctx = ssl.create_default_context()
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        if not self.tls_verify:
            warnings.warn(
                "tls_verify=False: the server's certificate and host name are not checked, "
                "so anyone on the network path can impersonate the server",
                InsecureTLSWarning,
                stacklevel=2,
            )
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
        return ctx


_FIELDS = {f.name for f in fields(ConnectOptions)}
_NUMERIC: dict[str, type] = {
    "port": int,
    "connect_timeout": float,
    "read_timeout": float,
    "fetch_buffer": int,
    "statement_cache_size": int,
    "statement_timeout": float,
    "lock_wait": float,
}
_BOOLEAN = {"autocommit", "tls", "tls_verify", "keepalive", "trim_char"}


def _coerce(name: str, value: str) -> Any:
    if name in _NUMERIC:
        try:
            return _NUMERIC[name](value)
        except ValueError:
            raise InterfaceError(f"DSN option {name}={value!r} is not a number") from None
    if name in _BOOLEAN:
        return value.lower() in ("1", "true", "yes", "on")
    return value


def parse_dsn(dsn: str) -> dict[str, Any]:
    """`informix://user:pass@host:port/db?server=name&autocommit=1` -> keyword arguments."""
    url = urllib.parse.urlsplit(dsn)
    if url.scheme not in ("informix", "ifx"):
        raise InterfaceError("a DSN must look like informix://user:password@host:port/database")
    out: dict[str, Any] = {}
    if url.hostname:
        out["host"] = url.hostname
    try:
        port = url.port
    except ValueError:
        raise InterfaceError("the DSN's port is not a number between 0 and 65535") from None
    if port:
        out["port"] = port
    if url.username:
        out["user"] = urllib.parse.unquote(url.username)
    if url.password is not None:
        out["password"] = urllib.parse.unquote(url.password)
    if url.path.strip("/"):
        out["database"] = urllib.parse.unquote(url.path.strip("/"))
    for key, value in urllib.parse.parse_qsl(url.query):
        if key not in _FIELDS:
            raise InterfaceError(f"unknown DSN option {key!r}")
        out[key] = _coerce(key, value)
    return out


def environment_defaults() -> dict[str, Any]:
    """INFORMIXSERVER-style defaults, for options the caller left out."""
    out: dict[str, Any] = {}
    if os.environ.get("INFORMIXSERVER"):
        out["server"] = os.environ["INFORMIXSERVER"]
    if os.environ.get("CLIENT_LOCALE"):
        out["client_locale"] = os.environ["CLIENT_LOCALE"]
    if os.environ.get("DB_LOCALE"):
        out["db_locale"] = os.environ["DB_LOCALE"]
    return out


def build_options(dsn: str | None, kwargs: dict[str, Any]) -> ConnectOptions:
    merged: dict[str, Any] = environment_defaults()
    if dsn is not None:
        merged.update(parse_dsn(dsn))
    merged.update(kwargs)
    unknown = set(merged) - _FIELDS
    if unknown:
        raise InterfaceError(f"unknown connect() option(s): {', '.join(sorted(unknown))}")
    return ConnectOptions(**merged)


def connect_options(dsn: str | None, port: int | None, kwargs: dict[str, Any]) -> ConnectOptions:
    """The arguments of `connect()` (a DSN, or host and port, plus keywords) -> options."""
    kwargs = dict(kwargs)
    if dsn is not None and "://" not in dsn:
        kwargs.setdefault("host", dsn)
        dsn = None
    if port is not None:
        kwargs["port"] = port
    return build_options(dsn, kwargs)
