"""Identifier case, DELIMIDENT, quoting rules, qualified names, the plan cache."""

from __future__ import annotations

import threading

import pytest

from .conftest import Client

pytestmark = pytest.mark.unit


def test_unquoted_names_are_lower_cased(db: Client) -> None:
    db.execute("CREATE TABLE MixedCase (SomeColumn INT)")
    db.execute("INSERT INTO MIXEDCASE (SOMECOLUMN) VALUES (1)")
    assert db.rows("SELECT somecolumn FROM mixedcase") == [(1,)]
    assert db.describe("SELECT SomeColumn FROM MixedCase")[0][0] == "somecolumn"
    assert db.value("SELECT tabname FROM systables WHERE tabname = 'mixedcase'") == "mixedcase"


def test_double_quotes_are_strings_without_delimident(db: Client) -> None:
    assert db.value('SELECT "a string" FROM systables WHERE tabid = 1') == "a string"
    assert db.rows('SELECT tabid FROM systables WHERE tabname = "systables"') == [(1,)]


def test_delimident_makes_quoted_identifiers(make_client: object) -> None:
    client = make_client(DELIMIDENT="y")  # type: ignore[operator]
    client.execute('CREATE TABLE "Quoted" ("Mixed" INT, plain INT)')
    client.execute('INSERT INTO "Quoted" VALUES (1, 2)')
    assert client.rows('SELECT "Mixed", plain FROM "Quoted"') == [(1, 2)]
    assert client.error("SELECT * FROM quoted").sqlcode == -206
    assert client.error('SELECT "mixed" FROM "Quoted"').sqlcode == -217
    assert client.value("SELECT 'single' FROM \"Quoted\"") == "single"
    assert client.rows('SELECT tabid FROM "informix".systables WHERE tabid = 1') == [(1,)]


def test_quotes_and_backslashes(db: Client) -> None:
    assert db.value("SELECT 'it''s' FROM systables WHERE tabid = 1") == "it's"
    assert db.value("SELECT 'a\\b' FROM systables WHERE tabid = 1") == "a\\b"
    assert db.value("SELECT 'x -- y /* z */ {w}' FROM systables WHERE tabid = 1") == (
        "x -- y /* z */ {w}"
    )
    assert db.value("SELECT 'a:b' FROM systables WHERE tabid = 1") == "a:b"


def test_owner_and_database_qualified_names(db: Client) -> None:
    db.execute("CREATE TABLE own (a INT)")
    db.execute("INSERT INTO own VALUES (1)")
    assert db.rows("SELECT a FROM informix.own") == [(1,)]
    assert db.rows("SELECT a FROM testdb:own") == [(1,)]
    assert db.rows("SELECT a FROM testdb:informix.own") == [(1,)]
    assert db.rows("SELECT own.a FROM own") == [(1,)]
    assert db.rows("SELECT informix.own.a FROM informix.own") == [(1,)]
    assert db.error("SELECT a FROM someone.own").sqlcode == -206


def test_plan_cache_follows_schema_changes(db: Client, make_client: object) -> None:
    db.execute("CREATE TABLE evolving (a INT)")
    assert len(db.describe("SELECT * FROM evolving")) == 1
    other = make_client()  # type: ignore[operator]
    assert len(other.describe("SELECT * FROM evolving")) == 1
    db.execute("DROP TABLE evolving")
    db.execute("CREATE TABLE evolving (a INT, b INT)")
    assert len(db.describe("SELECT * FROM evolving")) == 2
    assert len(other.describe("SELECT * FROM evolving")) == 2


def test_sessions_in_threads(make_client: object) -> None:
    setup = make_client("threads")  # type: ignore[operator]
    setup.execute("CREATE TABLE counter (who INT, n INT)")
    clients = [make_client("threads") for _ in range(4)]  # type: ignore[operator]
    failures: list[BaseException] = []

    def work(number: int, client: Client) -> None:
        try:
            client.execute("SET LOCK MODE TO WAIT 10")
            for n in range(25):
                client.execute("INSERT INTO counter VALUES (?, ?)", number, n)
        except BaseException as error:  # reported to the main thread
            failures.append(error)

    threads = [threading.Thread(target=work, args=(i, c)) for i, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not failures
    assert setup.value("SELECT COUNT(*) FROM counter") == 100
