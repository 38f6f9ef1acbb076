"""pytest fixtures: an embedded server per test session, or a real Informix.

Use in a conftest.py:  `pytest_plugins = ["ifxserver.testing"]`.

With `IFX_HOST` set, the fixtures point at that server instead (also read:
IFX_PORT, IFX_USER, IFX_PASSWORD, IFX_SERVER, IFX_DATABASE), so the same tests
run unchanged against a real Informix.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

import informix_db

TEST_DATABASE = "ifx_test"


@dataclass
class Target:
    """Where the tests connect: `connect_args()` gives keywords for `informix_db.connect`."""

    host: str
    port: int
    user: str
    password: str
    server: str
    database: str
    embedded: bool
    extra: dict[str, Any] = field(default_factory=dict)
    instance: Any = None  # the embedded `ifxserver.Server`, None for a real Informix

    def requests_served(self) -> int | None:
        """Request batches the embedded server answered so far (None on a real server)."""
        return None if self.instance is None else int(self.instance.requests_served)

    def connect_args(self, database: str | None = None, **options: Any) -> dict[str, Any]:
        args: dict[str, Any] = {
            "host": self.host,
            "port": self.port,
            "user": self.user,
            "password": self.password,
            "server": self.server,
            "database": self.database if database is None else database,
        }
        args.update(self.extra)
        args.update(options)
        return args

    def connect(self, database: str | None = None, **options: Any) -> informix_db.Connection:
        return informix_db.connect(**self.connect_args(database, **options))

    def jdbc_url(self, database: str | None = None) -> str:
        db = self.database if database is None else database
        return (
            f"jdbc:informix-sqli://{self.host}:{self.port}/{db}:"
            f"INFORMIXSERVER={self.server};user={self.user};password={self.password}"
        )


def real_server_target() -> Target | None:
    host = os.environ.get("IFX_HOST")
    if not host:
        return None
    return Target(
        host=host,
        port=int(os.environ.get("IFX_PORT", "9088")),
        user=os.environ.get("IFX_USER", "informix"),
        password=os.environ.get("IFX_PASSWORD", "in4mix"),
        server=os.environ.get("IFX_SERVER", "informix"),
        database=os.environ.get("IFX_DATABASE", TEST_DATABASE),
        embedded=False,
    )


@pytest.fixture(scope="session")
def ifx_target() -> Iterator[Target]:
    """The server under test, with a logged scratch database ready."""
    real = real_server_target()
    if real is not None:
        yield real
        return
    from . import Server

    server = Server()
    try:
        args = server.connect_args()
        with informix_db.connect(**args, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {TEST_DATABASE} WITH LOG")
        yield Target(
            server.host,
            server.port,
            args["user"],
            args["password"],
            server.server_name,
            TEST_DATABASE,
            embedded=True,
            instance=server,
        )
    finally:
        server.stop()


@pytest.fixture
def ifx_conn(ifx_target: Target) -> Iterator[informix_db.Connection]:
    """A fresh connection to the scratch database; rolled back and closed afterwards."""
    conn = ifx_target.connect()
    try:
        yield conn
    finally:
        if not conn.closed:
            with contextlib.suppress(informix_db.Error):
                conn.rollback()
        conn.close()
