"""ALTER TABLE, RENAME, TRUNCATE and views, with the catalog rows they rewrite."""

from __future__ import annotations

from decimal import Decimal

import pytest

from informix_db.protocol.codes import StmtType

from .conftest import Client

pytestmark = pytest.mark.unit


@pytest.fixture
def items(db: Client) -> Client:
    db.execute("CREATE TABLE items (id SERIAL PRIMARY KEY, name CHAR(8), qty INT)")
    db.execute("CREATE INDEX items_name ON items (name DESC)")
    db.execute("INSERT INTO items (name, qty) VALUES ('bolt', 5)")
    db.execute("INSERT INTO items (name, qty) VALUES ('nut', 7)")
    return db


def columns(db: Client, table: str) -> list[tuple[object, ...]]:
    return db.rows(
        "SELECT c.colname, c.colno, c.coltype, c.collength FROM syscolumns c, systables t "
        "WHERE c.tabid = t.tabid AND t.tabname = ? ORDER BY c.colno",
        table,
    )


def test_add_columns_before_and_at_end(items: Client) -> None:
    assert items.session.prepare("ALTER TABLE items ADD (x INT)").stmt_type == StmtType.ALTER
    items.execute(
        "ALTER TABLE items ADD (price DECIMAL(6,2) DEFAULT 1.5 BEFORE name, x INT NOT NULL"
        " DEFAULT 0)"
    )
    assert columns(items, "items") == [
        ("id", 1, 262, 4), ("price", 2, 5, 6 * 256 + 2), ("name", 3, 0, 8),
        ("qty", 4, 2, 4), ("x", 5, 258, 4),
    ]  # fmt: skip
    assert items.rows("SELECT * FROM items ORDER BY id") == [
        (1, Decimal("1.50"), "bolt", 5, 0),
        (2, Decimal("1.50"), "nut", 7, 0),
    ]
    parts = items.value("SELECT part1 FROM sysindexes WHERE idxname = 'items_name'")
    assert parts == -3  # the DESC index follows its column to colno 3
    assert items.error("ALTER TABLE items ADD (qty INT)").sqlcode == -328
    assert items.error("ALTER TABLE items ADD (z INT BEFORE nosuch)").sqlcode == -217
    items.execute("INSERT INTO items (name, qty, x) VALUES ('pin', 1, 3)")
    assert items.value("SELECT id FROM items WHERE name = 'pin'") == 3  # SERIAL continues


def test_modify_converts_values_and_not_null(items: Client) -> None:
    items.execute("ALTER TABLE items MODIFY (qty DECIMAL(5,1) NOT NULL, name VARCHAR(3))")
    assert items.rows("SELECT name, qty FROM items ORDER BY id") == [
        ("bol", Decimal("5.0")),
        ("nut", Decimal("7.0")),
    ]
    assert items.error("INSERT INTO items (name) VALUES ('x')").sqlcode == -292
    not_null = items.value(
        "SELECT COUNT(*) FROM sysconstraints c, systables t WHERE c.tabid = t.tabid"
        " AND t.tabname = 'items' AND c.constrtype = 'N'"
    )
    assert not_null == 2  # id (primary key) and qty


def test_drop_column_takes_its_index(items: Client) -> None:
    items.execute("ALTER TABLE items DROP name")
    assert [c[0] for c in columns(items, "items")] == ["id", "qty"]
    assert items.value("SELECT COUNT(*) FROM sysindexes WHERE idxname = 'items_name'") == 0
    assert items.rows("SELECT * FROM items ORDER BY id") == [(1, 5), (2, 7)]
    assert items.error("INSERT INTO items VALUES (1, 3)").sqlcode == -268  # key survived


def test_constraints_added_and_dropped(items: Client) -> None:
    items.execute("ALTER TABLE items ADD CONSTRAINT CHECK (qty < 100) CONSTRAINT qty_small")
    assert items.error("UPDATE items SET qty = 500").sqlcode == -530
    assert items.error("ALTER TABLE items ADD CONSTRAINT CHECK (qty > 6)").sqlcode == -530
    items.execute("INSERT INTO items (name, qty) VALUES ('bolt', 9)")
    assert items.error("ALTER TABLE items ADD CONSTRAINT UNIQUE (name)").sqlcode == -371
    items.execute("ALTER TABLE items DROP CONSTRAINT qty_small")
    items.execute("UPDATE items SET qty = 500")
    assert items.error("ALTER TABLE items DROP CONSTRAINT qty_small").sqlcode == -623


def test_dropping_a_referenced_key_drops_the_reference(items: Client) -> None:
    items.execute("CREATE TABLE orders (item INT REFERENCES items)")
    items.execute("INSERT INTO orders VALUES (1)")
    key = items.value(
        "SELECT constrname FROM sysconstraints c, systables t WHERE c.tabid = t.tabid"
        " AND t.tabname = 'items' AND constrtype = 'P'"
    )
    items.execute(f"ALTER TABLE items DROP CONSTRAINT {key}")
    items.execute("INSERT INTO orders VALUES (99)")  # no longer checked
    assert items.value("SELECT COUNT(*) FROM sysreferences") == 0
    no_key = "ALTER TABLE orders ADD CONSTRAINT FOREIGN KEY (item) REFERENCES items"
    assert items.error(no_key).sqlcode == -297  # items has no primary key any more
    items.execute("ALTER TABLE items ADD CONSTRAINT PRIMARY KEY (id)")
    assert (
        items.error("ALTER TABLE orders ADD CONSTRAINT FOREIGN KEY (item) REFERENCES items").sqlcode
        == -691
    )  # the orphan row 99


def test_rename_table_and_column(items: Client) -> None:
    items.execute("RENAME TABLE items TO parts")
    items.execute("RENAME COLUMN parts.qty TO amount")
    assert items.rows("SELECT name, amount FROM parts WHERE id = 2") == [("nut", 7)]
    assert items.error("SELECT * FROM items").sqlcode == -206
    assert items.error("RENAME COLUMN parts.name TO amount").sqlcode == -328
    assert items.error("RENAME TABLE parts TO systables").sqlcode == -310
    assert items.session.prepare("RENAME TABLE parts TO p2").stmt_type == StmtType.RENTAB


def test_truncate(items: Client) -> None:
    items.execute("TRUNCATE TABLE items")
    assert items.value("SELECT COUNT(*) FROM items") == 0
    items.execute("INSERT INTO items (name) VALUES ('new')")
    assert items.value("SELECT id FROM items") == 3


def test_views(items: Client) -> None:
    items.execute("CREATE VIEW big (label, n) AS SELECT name, qty * 2 FROM items WHERE qty > 5")
    assert items.rows("SELECT * FROM big") == [("nut", 14)]
    assert items.describe("SELECT label, n FROM big") == [
        ("label", 0, 8, True),
        ("n", 2, 4, True),
    ]
    info = items.rows("SELECT tabtype, ncols FROM systables WHERE tabname = 'big'")
    assert info == [("V", 2)]
    text = "".join(t for (t,) in items.rows("SELECT viewtext FROM sysviews ORDER BY seqno"))
    assert text.startswith("CREATE VIEW big (label, n) AS SELECT name")
    assert items.error("INSERT INTO big VALUES ('x', 1)").sqlcode == -999
    assert items.error("CREATE VIEW bad AS SELECT qty + 1 FROM items").sqlcode == -201
    items.execute("CREATE VIEW bigger AS SELECT label FROM big")
    items.execute("DROP VIEW big")  # takes the view built on it along
    assert items.error("SELECT * FROM bigger").sqlcode == -206
    items.execute("CREATE VIEW again AS SELECT id FROM items")
    items.execute("DROP TABLE items")
    assert items.value("SELECT COUNT(*) FROM systables WHERE tabid >= 100") == 0


def test_view_changes_roll_back(items: Client) -> None:
    items.execute("BEGIN WORK")
    items.execute("CREATE VIEW v AS SELECT id FROM items")
    items.execute("ALTER TABLE items ADD (z INT)")
    items.execute("ROLLBACK WORK")
    assert items.error("SELECT * FROM v").sqlcode == -206
    assert [c[0] for c in columns(items, "items")] == ["id", "name", "qty"]
