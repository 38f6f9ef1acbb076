"""Helpers for driving the engine interface directly (no sockets)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest

from ifxserver.engine import Bound, ExecResult, Instance, Session, SqlError
from informix_db.protocol.codes import IfxType


def bound(value: object) -> Bound:
    """Bind a Python value the way the wire decoder would hand it over."""
    if value is None:
        return Bound(None, IfxType.CHAR)
    if isinstance(value, Bound):
        return value
    if isinstance(value, bool):
        return Bound(value, IfxType.BOOL)
    if isinstance(value, int):
        return Bound(value, IfxType.INT if abs(value) < 2**31 else IfxType.BIGINT)
    if isinstance(value, float):
        return Bound(value, IfxType.FLOAT)
    if isinstance(value, Decimal):
        return Bound(value, IfxType.DECIMAL)
    if isinstance(value, dt.date):
        return Bound(value, IfxType.DATE)
    return Bound(value, IfxType.CHAR)


class Client:
    """A session plus shortcuts: run SQL, fetch rows, expect errors."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def execute(self, sql: str, *params: object) -> ExecResult:
        prepared = self.session.prepare(sql)
        assert not prepared.returns_rows, sql
        return prepared.execute([bound(p) for p in params])

    def rows(self, sql: str, *params: object) -> list[tuple[object, ...]]:
        prepared = self.session.prepare(sql)
        assert prepared.returns_rows, sql
        cursor = prepared.open([bound(p) for p in params])
        out: list[tuple[object, ...]] = []
        while batch := cursor.fetch(7):
            out.extend(batch)
        cursor.close()
        return out

    def value(self, sql: str, *params: object) -> object:
        rows = self.rows(sql, *params)
        assert len(rows) == 1 and len(rows[0]) == 1, rows
        return rows[0][0]

    def run(self, sql: str, *params: object) -> object:
        prepared = self.session.prepare(sql)
        if prepared.returns_rows:
            return self.rows(sql, *params)
        return prepared.execute([bound(p) for p in params])

    def error(self, sql: str, *params: object) -> SqlError:
        with pytest.raises(SqlError) as info:
            self.run(sql, *params)
        return info.value

    def describe(self, sql: str) -> list[tuple[str, int, int, bool]]:
        prepared = self.session.prepare(sql)
        return [(c.name, c.type.code, c.type.length, c.type.nullable) for c in prepared.columns]


@pytest.fixture
def instance() -> Iterator[Instance]:
    inst = Instance()
    yield inst
    inst.close()


@pytest.fixture
def make_client(instance: Instance) -> Iterator[object]:
    sessions: list[Session] = []

    def factory(database: str | None = "testdb", user: str = "informix", **env: str) -> Client:
        session = instance.session(user, env)
        sessions.append(session)
        if database is not None:
            if database not in instance.databases():
                session.prepare(f"CREATE DATABASE {database} WITH LOG").execute([])
            else:
                session.open_database(database)
        return Client(session)

    yield factory
    for session in sessions:
        session.close()


@pytest.fixture
def db(make_client: object) -> Client:
    """A session in a fresh logged database `testdb`."""
    return make_client()  # type: ignore[operator, no-any-return]
