"""SELECT features: joins, grouping, ordering, set operations, subqueries, functions."""

from __future__ import annotations

import pytest

from .conftest import Client

pytestmark = pytest.mark.unit


@pytest.fixture
def shop(db: Client) -> Client:
    db.execute("CREATE TABLE customer (id INT PRIMARY KEY, name VARCHAR(20), city CHAR(10))")
    db.execute("CREATE TABLE orders (id INT, cust INT, total DECIMAL(10,2), note VARCHAR(30))")
    for row in [(1, "ann", "Paris"), (2, "bob", "Rome"), (3, "cy", "Paris"), (4, "dee", None)]:
        db.execute("INSERT INTO customer VALUES (?, ?, ?)", *row)
    for row in [
        (10, 1, "10.50", "a"),
        (11, 1, "20.25", "b"),
        (12, 2, "5.00", None),
        (13, 3, "1.10", "c*d"),
        (14, 9, "99.99", "orphan"),
    ]:
        db.execute("INSERT INTO orders VALUES (?, ?, ?, ?)", *row)
    return db


def test_first_skip_limit_unique(shop: Client) -> None:
    assert shop.rows("SELECT FIRST 2 id FROM customer ORDER BY id") == [(1,), (2,)]
    assert shop.rows("SELECT SKIP 1 FIRST 2 id FROM customer ORDER BY id") == [(2,), (3,)]
    assert shop.rows("SELECT LIMIT 1 id FROM customer ORDER BY id DESC") == [(4,)]
    assert shop.rows("SELECT SKIP 3 id FROM customer ORDER BY id") == [(4,)]
    assert shop.rows("SELECT UNIQUE city FROM customer WHERE city IS NOT NULL ORDER BY city") == [
        ("Paris",),
        ("Rome",),
    ]
    assert shop.rows("SELECT DISTINCT city FROM customer ORDER BY 1") == [
        (None,),
        ("Paris",),
        ("Rome",),
    ]
    assert shop.rows("SELECT FIRST ? id FROM customer ORDER BY id", 1) == [(1,)]


def test_star_and_qualified_star(shop: Client) -> None:
    assert shop.rows("SELECT * FROM customer WHERE id = 1") == [(1, "ann", "Paris")]
    rows = shop.rows("SELECT c.*, o.id FROM customer c, orders o WHERE o.cust = c.id AND o.id = 12")
    assert rows == [(2, "bob", "Rome", 12)]
    assert shop.rows("SELECT id, id FROM customer WHERE id = 4") == [(4, 4)]


def test_joins(shop: Client) -> None:
    inner = shop.rows(
        "SELECT c.name, o.id FROM customer c INNER JOIN orders o ON o.cust = c.id ORDER BY o.id"
    )
    assert inner == [("ann", 10), ("ann", 11), ("bob", 12), ("cy", 13)]
    left = shop.rows(
        "SELECT c.name, o.id FROM customer c LEFT OUTER JOIN orders o ON o.cust = c.id "
        "WHERE o.id IS NULL"
    )
    assert left == [("dee", None)]
    right = shop.rows(
        "SELECT o.id, c.name FROM customer c RIGHT JOIN orders o ON o.cust = c.id"
        " WHERE c.id IS NULL"
    )
    assert right == [(14, None)]
    legacy = shop.rows(
        "SELECT customer.name FROM customer, orders"
        " WHERE orders.cust = customer.id AND orders.id = 13"
    )
    assert legacy == [("cy",)]
    assert (
        shop.value(
            "SELECT COUNT(*) FROM systables a, systables b WHERE a.tabid < 4 AND b.tabid < 4"
        )
        == 9
    )


def test_where_predicates(shop: Client) -> None:
    def ids(where: str, *params: object) -> list[object]:
        return [
            r[0] for r in shop.rows(f"SELECT id FROM customer WHERE {where} ORDER BY id", *params)
        ]

    assert ids("id BETWEEN 2 AND 3") == [2, 3]
    assert ids("id NOT BETWEEN 2 AND 3") == [1, 4]
    assert ids("id IN (1, 4)") == [1, 4]
    assert ids("id NOT IN (1, 4)") == [2, 3]
    assert ids("id IN (SELECT cust FROM orders)") == [1, 2, 3]
    assert ids("EXISTS (SELECT 1 FROM orders WHERE cust = customer.id AND total > 10)") == [1]
    assert ids("NOT EXISTS (SELECT 1 FROM orders WHERE cust = customer.id)") == [4]
    assert ids("name LIKE 'a%'") == [1]
    assert ids("name LIKE '_o_'") == [2]
    assert ids("name LIKE 'A%'") == []
    assert ids("name MATCHES '[ab]*'") == [1, 2]
    assert ids("name MATCHES '?y'") == [3]
    assert ids("name NOT MATCHES '*e*'") == [1, 2, 3]
    assert ids("city IS NULL") == [4]
    assert ids("(id = 1 OR id = 2) AND NOT id = 2") == [1]
    assert ids("id <> 1 AND id != 2 AND id >= 3 AND id <= 3 AND id > 2 AND id < 4") == [3]
    assert ids("name LIKE ?", "%e%") == [4]
    assert ids("name MATCHES ?", "*n*") == [1]

    def notes(where: str) -> list[object]:
        return [r[0] for r in shop.rows(f"SELECT id FROM orders WHERE {where}")]

    assert notes("note LIKE 'c\\*d'") == [13]
    assert notes("note MATCHES 'c\\*d'") == [13]
    assert notes("note MATCHES 'c*d'") == [13]
    assert notes("note MATCHES 'c\\?d'") == []
    assert notes("note LIKE 'c!%' ESCAPE '!'") == []
    assert notes("note LIKE 'c_d' ESCAPE '!'") == [13]


def test_group_by_having_aggregates(shop: Client) -> None:
    rows = shop.rows(
        "SELECT cust, COUNT(*), SUM(total), MIN(total), MAX(total) FROM orders "
        "GROUP BY cust HAVING COUNT(*) >= 1 ORDER BY cust"
    )
    assert [(r[0], r[1]) for r in rows] == [(1, 2), (2, 1), (3, 1), (9, 1)]
    assert str(rows[0][2]) == "30.75"
    assert shop.rows("SELECT cust FROM orders GROUP BY 1 HAVING SUM(total) > 20 ORDER BY 1") == [
        (1,),
        (9,),
    ]
    assert shop.value("SELECT COUNT(DISTINCT city) FROM customer") == 2
    assert shop.value("SELECT COUNT(city) FROM customer") == 3
    error = shop.error("SELECT cust, note FROM orders GROUP BY cust")
    assert (error.sqlcode, error.text) == (-294, "note")


def test_order_by_forms(shop: Client) -> None:
    assert shop.rows("SELECT name FROM customer ORDER BY city DESC, name") == [
        ("bob",),
        ("ann",),
        ("cy",),
        ("dee",),
    ]
    assert shop.rows("SELECT name n FROM customer ORDER BY n DESC") == [
        ("dee",),
        ("cy",),
        ("bob",),
        ("ann",),
    ]
    assert shop.rows("SELECT id, name FROM customer ORDER BY 2") == [
        (1, "ann"),
        (2, "bob"),
        (3, "cy"),
        (4, "dee"),
    ]
    assert shop.rows("SELECT name FROM customer ORDER BY city NULLS LAST, id")[-1] == ("dee",)


def test_union(shop: Client) -> None:
    rows = shop.rows("SELECT id FROM customer UNION SELECT cust FROM orders ORDER BY 1")
    assert rows == [(1,), (2,), (3,), (4,), (9,)]
    rows = shop.rows(
        "SELECT city FROM customer WHERE id < 3 UNION ALL SELECT city FROM customer WHERE id = 3"
    )
    assert sorted(rows) == [("Paris",), ("Paris",), ("Rome",)]
    mixed = shop.rows(
        "SELECT 1 FROM systables WHERE tabid = 1 UNION"
        " SELECT 2.5 FROM systables WHERE tabid = 1 ORDER BY 1"
    )
    assert [str(r[0]) for r in mixed] == ["1.0", "2.5"]
    assert shop.error("SELECT id FROM customer UNION SELECT id, name FROM customer").sqlcode == -201


def test_subqueries(shop: Client) -> None:
    rows = shop.rows(
        "SELECT name, (SELECT COUNT(*) FROM orders o WHERE o.cust = c.id)"
        " FROM customer c ORDER BY id"
    )
    assert [(r[0], r[1]) for r in rows] == [("ann", 2), ("bob", 1), ("cy", 1), ("dee", 0)]
    assert shop.rows("SELECT x.n FROM (SELECT name AS n FROM customer WHERE id = 2) x") == [
        ("bob",)
    ]
    error = shop.error("SELECT (SELECT id FROM customer) FROM systables WHERE tabid = 1")
    assert error.sqlcode == -284
    assert (
        shop.rows("WITH big AS (SELECT id FROM orders WHERE total > 10) SELECT COUNT(*) FROM big")[
            0
        ][0]
        == 3
    )


def test_case_nvl_decode(shop: Client) -> None:
    rows = shop.rows(
        "SELECT id, CASE WHEN city = 'Paris' THEN 'P' WHEN city IS NULL THEN '?' ELSE 'O' END,"
        " NVL(city, 'none'), DECODE(id, 1, 'one', 2, 'two', 'many'),"
        " CASE id WHEN 3 THEN 'three' END FROM customer ORDER BY id"
    )
    assert rows == [
        (1, "P", "Paris", "one", None),
        (2, "O", "Rome", "two", None),
        (3, "P", "Paris", "many", "three"),
        (4, "?", "none", "many", None),
    ]


def test_string_functions(shop: Client) -> None:
    row = shop.rows(
        "SELECT UPPER(name), LOWER('AbC'), LENGTH(city), TRIM('  x  '), SUBSTR(name, 2, 2),"
        " name || '-' || city, city || '|', LTRIM('xxa', 'x'), REPLACE(name, 'n', 'N'),"
        " LPAD(name, 5, '*'), RPAD(name, 5), SUBSTRING(name FROM 1 FOR 1), INITCAP('hello world')"
        " FROM customer WHERE id = 1"
    )[0]
    assert row == (
        "ANN",
        "abc",
        5,
        "x",
        "nn",
        "ann-Paris     ",
        "Paris     |",
        "a",
        "aNN",
        "**ann",
        "ann  ",
        "a",
        "Hello World",
    )


def test_numeric_functions(shop: Client) -> None:
    row = shop.rows(
        "SELECT ABS(-3), ABS(-2.50), MOD(7, 3), ROUND(2.345, 2), TRUNC(2.349, 2), ROUND(7.5),"
        " POW(2, 10), SQRT(16), 7 / 2, -id FROM customer WHERE id = 1"
    )[0]
    assert [str(v) for v in row] == [
        "3",
        "2.50",
        "1",
        "2.35",
        "2.34",
        "8",
        "1024.0",
        "4.0",
        "3.5",
        "-1",
    ]


def test_date_functions(db: Client) -> None:
    db.execute("CREATE TABLE d (d DATE)")
    db.execute("INSERT INTO d VALUES (MDY(2, 29, 2024))")
    row = db.rows(
        "SELECT YEAR(d), MONTH(d), DAY(d), WEEKDAY(d), d + 1, d - MDY(1, 1, 2024) FROM d"
    )[0]
    import datetime as dt

    assert row == (2024, 2, 29, 4, dt.date(2024, 3, 1), 59)
    assert db.value("SELECT TODAY FROM systables WHERE tabid = 1") == dt.date.today()
    assert db.describe("SELECT TODAY FROM systables WHERE tabid = 1")[0][0] == "(today)"


def test_unknown_function(db: Client) -> None:
    error = db.error("SELECT no_such_fn(1) FROM systables")
    assert (error.sqlcode, error.text) == (-674, "no_such_fn")


def test_rowid(db: Client) -> None:
    db.execute("CREATE TABLE r (a INT)")
    db.execute("INSERT INTO r VALUES (7)")
    rowid = db.value("SELECT rowid FROM r")
    assert db.rows("SELECT a FROM r WHERE rowid = ?", rowid) == [(7,)]


def test_cross_database_reference(db: Client) -> None:
    names = [r[0] for r in db.rows("SELECT name FROM sysmaster:sysdatabases ORDER BY name")]
    assert "testdb" in names and "sysmaster" in names
    assert db.value("SELECT COUNT(*) FROM sysmaster:informix.sysdual") == 1
    assert db.value("SELECT dummy FROM sysmaster@informix:sysdual") == "X"


def test_null_literal_is_described_as_char(db: Client) -> None:
    assert db.describe("SELECT NULL FROM systables") == [("(constant)", 0, 1, True)]
    assert db.rows("SELECT NULL FROM systables WHERE tabid = 1") == [(None,)]


def test_aggregate_of_serial_is_integer(db: Client) -> None:
    assert db.describe("SELECT MAX(tabid) FROM systables") == [("(max)", 2, 4, True)]


def test_legacy_outer_join(shop: Client) -> None:
    rows = shop.rows(
        "SELECT c.name, o.id FROM customer c, OUTER orders o WHERE o.cust = c.id AND c.id > 1"
        " ORDER BY c.name"
    )
    assert rows == [("bob", 12), ("cy", 13), ("dee", None)]
    rows = shop.rows(
        "SELECT c.name, o.id FROM customer c, OUTER orders o"
        " WHERE o.cust = c.id AND o.total > 15 ORDER BY c.id"
    )
    assert rows == [("ann", 11), ("bob", None), ("cy", None), ("dee", None)]
    grouped = shop.rows(
        "SELECT c.id, d.id FROM customer c, OUTER (orders o, customer d)"
        " WHERE o.cust = c.id AND d.id = o.cust AND o.total > 15 ORDER BY c.id"
    )
    assert grouped == [(1, 1), (2, None), (3, None), (4, None)]


def test_quantified_and_bracket(shop: Client) -> None:
    assert shop.rows(
        "SELECT id FROM customer WHERE id > ALL (SELECT cust FROM orders WHERE cust < 3)"
    ) == [(3,), (4,)]
    assert shop.rows(
        "SELECT id FROM customer WHERE id = ANY (SELECT cust FROM orders) ORDER BY 1"
    ) == [(1,), (2,), (3,)]
    assert shop.rows("SELECT name[1,2], city[2,3] FROM customer WHERE id = 1") == [("an", "ar")]


def test_statements_refused_by_name(shop: Client) -> None:
    assert shop.error("ALTER INDEX ix TO CLUSTER").text == "ALTER INDEX"
    assert shop.error("CREATE TRIGGER t INSERT ON customer").text == "CREATE TRIGGER"
    assert shop.error("CREATE ROLE clerk").text == "CREATE ROLE"
    assert (shop.error("EXECUTE FUNCTION f(1)").sqlcode, shop.error("DROP PROCEDURE p").text) == (
        -674,
        "p",
    )
    assert shop.execute("GRANT CONNECT TO public").rowcount == 0
    assert shop.execute("REVOKE ALL ON customer FROM public").rowcount == 0
