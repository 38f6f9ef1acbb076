"""Every failure is an SqlError with a real Informix code and a substitution text."""

from __future__ import annotations

import pytest

from ifxserver.engine import SqlError

from .conftest import Client

pytestmark = pytest.mark.unit


@pytest.fixture
def t(db: Client) -> Client:
    db.execute("CREATE TABLE a (id INT, name VARCHAR(10))")
    db.execute("CREATE TABLE b (id INT, other INT)")
    return db


@pytest.mark.parametrize(
    "sql",
    [
        "SELEC 1 FROM systables",
        "SELECT FROM",
        "SELECT 1 FROM systables WHERE",
        "INSERT INTO a VALUES (1,",
        "CREATE TABLE (a INT)",
        "SELECT 1 FROM systables; SELECT 2 FROM systables",
        "garbage",
        "SET ISOLATION TO SOMETHING",
    ],
)
def test_syntax_errors(t: Client, sql: str) -> None:
    error = t.error(sql)
    assert (error.sqlcode, error.text) == (-201, "")


def test_unmatched_quote_and_illegal_character(t: Client) -> None:
    assert t.error("SELECT 'abc FROM systables").sqlcode == -282
    assert t.error("SELECT 'a\\'b' FROM systables").sqlcode == -282
    assert t.error("SELECT 1 ` FROM systables").sqlcode == -202


def test_unknown_table(t: Client) -> None:
    error = t.error("SELECT * FROM nosuch")
    assert (error.sqlcode, error.isamcode, error.text) == (-206, -111, "nosuch")
    assert t.error("INSERT INTO nosuch VALUES (1)").text == "nosuch"
    assert t.error("UPDATE nosuch SET a = 1").sqlcode == -206
    assert t.error("DELETE FROM nosuch").sqlcode == -206
    assert t.error("SELECT * FROM bob.a").sqlcode == -206
    assert t.error("SELECT * FROM otherdb:a").sqlcode == -329


def test_unknown_column(t: Client) -> None:
    error = t.error("SELECT nope FROM a")
    assert (error.sqlcode, error.text) == (-217, "nope")
    assert t.error("SELECT id FROM a WHERE nope = 1").text == "nope"
    assert t.error("UPDATE a SET nope = 1").text == "nope"
    assert t.error("INSERT INTO a (nope) VALUES (1)").text == "nope"
    assert t.error("SELECT a.nope FROM a").sqlcode == -217


def test_ambiguous_column(t: Client) -> None:
    error = t.error("SELECT id FROM a, b")
    assert (error.sqlcode, error.text) == (-324, "id")
    assert t.rows("SELECT a.id, other FROM a, b") == []


def test_conversion_errors(t: Client) -> None:
    error = t.error("INSERT INTO a (id) VALUES ('abc')")
    assert error.sqlcode == -1213
    assert t.error("SELECT 1 FROM a WHERE id = 'x1'").sqlcode == -1213
    t.execute("INSERT INTO a VALUES (1, 'abc')")
    assert t.error("SELECT name + 1 FROM a").sqlcode == -1213


def test_division_by_zero(t: Client) -> None:
    assert t.error("SELECT 1/0 FROM systables WHERE tabid = 1").sqlcode == -1202
    assert t.error("SELECT 1.5/0 FROM systables WHERE tabid = 1").sqlcode == -1202
    assert t.error("SELECT nrows/0 FROM systables WHERE tabid = 1").sqlcode == -1202
    assert t.error("SELECT MOD(tabid, 0) FROM systables WHERE tabid = 1").sqlcode == -1202


def test_errors_never_leak_python_exceptions(t: Client) -> None:
    statements = [
        "SELECT * FROM a WHERE id = (SELECT id, name FROM a)",
        "SELECT DATETIME(2024-99-99) YEAR TO DAY FROM systables",
        "SELECT INTERVAL(1-2) DAY TO SECOND FROM systables",
        "SELECT CAST(name AS BLOB) FROM a",
        "SELECT SUM(name) FROM a",
        "SELECT id FROM a WHERE id = DATE('nope')",
        "CREATE TABLE x (a INT, a INT)",
        "SELECT a.* FROM b",
        "INSERT INTO a SELECT * FROM b, a",
        "EXECUTE PROCEDURE nothing()",
    ]
    for sql in statements:
        with pytest.raises(SqlError) as info:
            t.run(sql)
        assert info.value.sqlcode < 0, sql


def test_group_by_error_text(t: Client) -> None:
    error = t.error("SELECT id, COUNT(*) FROM a")
    assert (error.sqlcode, error.text) == (-294, "id")
