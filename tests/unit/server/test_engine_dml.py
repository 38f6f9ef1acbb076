"""INSERT/UPDATE/DELETE, SERIAL semantics, defaults and constraint errors."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ifxserver.engine import Bound
from informix_db.protocol.codes import StmtType

from .conftest import Client

pytestmark = pytest.mark.unit


@pytest.fixture
def people(db: Client) -> Client:
    db.execute(
        "CREATE TABLE people (id SERIAL PRIMARY KEY, name VARCHAR(20) NOT NULL, age SMALLINT,"
        " city CHAR(10) DEFAULT 'Nowhere')"
    )
    return db


def test_insert_update_delete(people: Client) -> None:
    prepared = people.session.prepare("INSERT INTO people (name, age) VALUES ('ann', 30)")
    assert prepared.stmt_type == StmtType.INSERT
    result = prepared.execute([])
    assert (result.rowcount, result.serial) == (1, 1)
    people.execute("INSERT INTO people VALUES (0, 'bob', 40, 'Paris')")
    people.execute("INSERT INTO people (name) VALUES ('cy')")
    assert people.rows("SELECT id, name, age, city FROM people ORDER BY id") == [
        (1, "ann", 30, "Nowhere"),
        (2, "bob", 40, "Paris"),
        (3, "cy", None, "Nowhere"),
    ]
    update = people.session.prepare("UPDATE people SET age = age + 1 WHERE age IS NOT NULL")
    assert update.stmt_type == StmtType.UPDATE
    assert update.execute([]).rowcount == 2
    assert people.execute("UPDATE people SET (age, city) = (5, 'Rome') WHERE id = 3").rowcount == 1
    delete = people.session.prepare("DELETE FROM people WHERE id = 2")
    assert delete.stmt_type == StmtType.DELETE
    assert delete.execute([]).rowcount == 1
    assert people.rows("SELECT id, age, city FROM people ORDER BY 1") == [
        (1, 31, "Nowhere"),
        (3, 5, "Rome"),
    ]
    assert people.execute("DELETE FROM people").rowcount == 2


def test_insert_select(people: Client) -> None:
    people.execute("INSERT INTO people (name, age) VALUES ('a', 1)")
    people.execute("INSERT INTO people (name, age) VALUES ('b', 2)")
    result = people.execute("INSERT INTO people (name, age) SELECT name, age + 10 FROM people")
    assert result.rowcount == 2
    assert result.serial == 4
    assert people.rows("SELECT id, name, age FROM people WHERE age > 10 ORDER BY id") == [
        (3, "a", 11),
        (4, "b", 12),
    ]


def test_serial_semantics(people: Client) -> None:
    assert people.execute("INSERT INTO people (id, name) VALUES (0, 'x')").serial == 1
    assert people.execute("INSERT INTO people (id, name) VALUES (10, 'y')").serial == 10
    assert people.execute("INSERT INTO people (name) VALUES ('z')").serial == 11
    assert people.execute("INSERT INTO people (id, name) VALUES (5, 'w')").serial == 5
    assert people.execute("INSERT INTO people (name) VALUES ('v')").serial == 12
    people.execute("BEGIN WORK")
    assert people.execute("INSERT INTO people (name) VALUES ('rolled')").serial == 13
    people.execute("ROLLBACK WORK")
    assert people.execute("INSERT INTO people (name) VALUES ('after')").serial == 14


def test_serial8_and_bigserial(db: Client) -> None:
    db.execute("CREATE TABLE s8 (id SERIAL8, v INT)")
    db.execute("CREATE TABLE bs (id BIGSERIAL(1000), v INT)")
    result = db.execute("INSERT INTO s8 (v) VALUES (1)")
    assert (result.serial, result.serial8, result.bigserial) == (0, 1, 0)
    result = db.execute("INSERT INTO bs (v) VALUES (1)")
    assert (result.serial, result.serial8, result.bigserial) == (0, 0, 1000)
    assert db.value("SELECT DBINFO('bigserial') FROM systables WHERE tabid = 1") == 1000


def test_serial_counter_shared_between_sessions(people: Client, make_client: object) -> None:
    other = make_client()  # type: ignore[operator]
    assert people.execute("INSERT INTO people (name) VALUES ('a')").serial == 1
    assert other.execute("INSERT INTO people (name) VALUES ('b')").serial == 2
    assert people.execute("INSERT INTO people (name) VALUES ('c')").serial == 3


def test_sqlerrd_dbinfo(people: Client) -> None:
    people.execute("INSERT INTO people (name) VALUES ('a')")
    assert people.value("SELECT DBINFO('sqlca.sqlerrd1') FROM systables WHERE tabid = 1") == 1


def test_column_count_mismatch(people: Client) -> None:
    assert people.error("INSERT INTO people VALUES (0, 'x')").sqlcode == -236
    assert people.error("INSERT INTO people (name, age) VALUES ('x')").sqlcode == -236
    assert people.error("INSERT INTO people (name) SELECT 1, 2 FROM systables").sqlcode == -236


def test_not_null_violation(people: Client) -> None:
    error = people.error("INSERT INTO people (age) VALUES (3)")
    assert (error.sqlcode, error.text) == (-292, "name")  # left out: an implied NULL
    error = people.error("INSERT INTO people (name, age) VALUES (NULL, 3)")
    assert (error.sqlcode, error.text) == (-391, "name")
    people.execute("INSERT INTO people (name) VALUES ('x')")
    error = people.error("UPDATE people SET name = NULL")
    assert (error.sqlcode, error.text) == (-391, "name")


def test_unique_violation_logged(people: Client) -> None:
    people.execute("INSERT INTO people (id, name) VALUES (1, 'a')")
    error = people.error("INSERT INTO people (id, name) VALUES (1, 'b')")
    assert (error.sqlcode, error.isamcode) == (-268, -100)
    tabid = people.value("SELECT tabid FROM systables WHERE tabname = 'people'")
    expected = people.value(
        "SELECT constrname FROM sysconstraints WHERE tabid = ? AND constrtype = 'P'", tabid
    )
    assert error.text == f"informix.{expected}"  # Informix names owner.constraint


def test_unique_violation_unlogged(make_client: object) -> None:
    client = make_client(None)  # type: ignore[operator]
    client.execute("CREATE DATABASE nolog")
    client.execute("CREATE TABLE u (a INT UNIQUE CONSTRAINT ua)")
    client.execute("INSERT INTO u VALUES (1)")
    error = client.error("INSERT INTO u VALUES (1)")
    assert (error.sqlcode, error.isamcode) == (-239, -100)
    assert error.text.strip()


def test_default_keyword_and_bound_default(people: Client) -> None:
    people.execute("INSERT INTO people (name, city) VALUES ('a', DEFAULT)")
    people.execute(
        "INSERT INTO people (name, city) VALUES (?, ?)", "b", Bound(None, 0, 0, is_default=True)
    )
    assert people.rows("SELECT city FROM people") == [("Nowhere",), ("Nowhere",)]


def test_defaults_applied(db: Client) -> None:
    db.execute(
        "CREATE TABLE d (id SERIAL(100), n INT DEFAULT 7, s CHAR(4) DEFAULT 'ab',"
        " day DATE DEFAULT TODAY, who VARCHAR(32) DEFAULT USER, amount DECIMAL(6,2) DEFAULT -1.5,"
        " stamp DATETIME YEAR TO SECOND DEFAULT CURRENT YEAR TO SECOND, flag BOOLEAN DEFAULT 't')"
    )
    assert db.execute("INSERT INTO d (n) VALUES (1)").serial == 100
    db.execute("INSERT INTO d (s) VALUES ('zz')")
    rows = db.rows("SELECT id, n, s, day, who, amount, flag FROM d ORDER BY id")
    today = dt.date.today()
    assert rows == [
        (100, 1, "ab", today, "informix", Decimal("-1.50"), True),
        (101, 7, "zz", today, "informix", Decimal("-1.50"), True),
    ]
    stamp = db.value("SELECT stamp FROM d WHERE id = 100")
    assert isinstance(stamp, str) and stamp.startswith(str(today.year))


def test_over_long_strings_truncate_silently(db: Client) -> None:
    db.execute("CREATE TABLE s (c CHAR(3), v VARCHAR(4), l LVARCHAR(5))")
    db.execute("INSERT INTO s VALUES ('abcdef', 'abcdef', 'abcdefgh')")
    db.execute("INSERT INTO s VALUES (?, ?, ?)", "xyzxyz", "xyzxyz", "xyzxyzxyz")
    assert db.rows("SELECT c, v, l FROM s") == [("abc", "abcd", "abcde"), ("xyz", "xyzx", "xyzxy")]


def test_utf8_truncation_by_bytes(make_client: object) -> None:
    client = make_client("utf8", DB_LOCALE="en_US.utf8")  # type: ignore[operator]
    client.execute("CREATE TABLE u (c CHAR(5), v VARCHAR(5))")
    client.execute("INSERT INTO u VALUES (?, ?)", "日本語", "ñoño!")
    assert client.rows("SELECT c, v FROM u") == [("日", "ñoñ")]


def test_ansi_rejects_over_long_strings(make_client: object) -> None:
    client = make_client(None)  # type: ignore[operator]
    client.execute("CREATE DATABASE strict WITH LOG MODE ANSI")
    client.execute("CREATE TABLE s (c CHAR(3))")
    assert client.error("INSERT INTO s VALUES ('abcdef')").sqlcode == -1279
    client.execute("INSERT INTO s VALUES ('abc   ')")


def test_number_into_short_char_gives_asterisks(db: Client) -> None:
    db.execute("CREATE TABLE s (c CHAR(3))")
    db.execute("INSERT INTO s VALUES (12345)")
    db.execute("INSERT INTO s VALUES (42)")
    assert db.rows("SELECT c FROM s") == [("***",), ("42",)]


def test_update_with_subquery_and_alias(db: Client) -> None:
    db.execute("CREATE TABLE a (id INT, v INT)")
    db.execute("CREATE TABLE b (id INT, v INT)")
    db.execute("INSERT INTO a VALUES (1, 0)")
    db.execute("INSERT INTO b VALUES (1, 42)")
    db.execute("UPDATE a SET v = (SELECT v FROM b WHERE b.id = a.id)")
    assert db.rows("SELECT v FROM a") == [(42,)]
    db.execute("DELETE FROM a WHERE id IN (SELECT id FROM b)")
    assert db.rows("SELECT * FROM a") == []
