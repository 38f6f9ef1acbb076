"""CREATE/DROP TABLE and INDEX, and the catalog rows they leave behind."""

from __future__ import annotations

import pytest

from informix_db.protocol.codes import IfxType, StmtType

from .conftest import Client

pytestmark = pytest.mark.unit

ALL_TYPES = """
CREATE TABLE everything (
    c_small SMALLINT, c_int INTEGER NOT NULL, c_int2 INT, c_big BIGINT, c_int8 INT8,
    c_float FLOAT, c_double DOUBLE PRECISION, c_smallfloat SMALLFLOAT, c_real REAL,
    c_dec DECIMAL(10,2), c_dec_float DECIMAL(8), c_decimal DECIMAL, c_numeric NUMERIC(6,3),
    c_money MONEY(12,2), c_money_default MONEY, c_char CHAR(10), c_character CHARACTER(3),
    c_nchar NCHAR(4), c_varchar VARCHAR(20,5), c_nvarchar NVARCHAR(30), c_lvarchar LVARCHAR(500),
    c_lvarchar_default LVARCHAR, c_date DATE, c_dt DATETIME YEAR TO SECOND,
    c_dt5 DATETIME YEAR TO FRACTION(5), c_hour DATETIME HOUR TO MINUTE,
    c_iv INTERVAL DAY(5) TO SECOND, c_ivym INTERVAL YEAR(4) TO MONTH, c_bool BOOLEAN
)
"""

EXPECTED_SYSCOLUMNS = [
    ("c_small", 1, 2),
    ("c_int", 2 + 256, 4),
    ("c_int2", 2, 4),
    ("c_big", 52, 8),
    ("c_int8", 17, 10),
    ("c_float", 3, 8),
    ("c_double", 3, 8),
    ("c_smallfloat", 4, 4),
    ("c_real", 4, 4),
    ("c_dec", 5, 10 * 256 + 2),
    ("c_dec_float", 5, 8 * 256 + 255),
    ("c_decimal", 5, 16 * 256 + 255),
    ("c_numeric", 5, 6 * 256 + 3),
    ("c_money", 8, 12 * 256 + 2),
    ("c_money_default", 8, 16 * 256 + 2),
    ("c_char", 0, 10),
    ("c_character", 0, 3),
    ("c_nchar", 15, 4),
    ("c_varchar", 13, 5 * 256 + 20),
    ("c_nvarchar", 16, 30),
    ("c_lvarchar", 40, 500),
    ("c_lvarchar_default", 40, 2048),
    ("c_date", 7, 4),
    ("c_dt", 10, 14 * 256 + 0 * 16 + 10),
    ("c_dt5", 10, 19 * 256 + 15),
    ("c_hour", 10, 4 * 256 + 6 * 16 + 8),
    ("c_iv", 14, 11 * 256 + 4 * 16 + 10),
    ("c_ivym", 14, 6 * 256 + 2),
    ("c_bool", 41, 1),
]


def test_create_table_all_types_catalog(db: Client) -> None:
    prepared = db.session.prepare(ALL_TYPES)
    assert prepared.stmt_type == StmtType.CRETAB
    prepared.execute([])
    tabid, ncols, tabtype, owner = db.rows(
        "SELECT tabid, ncols, tabtype, owner FROM systables WHERE tabname = 'everything'"
    )[0]
    assert tabid >= 100 and ncols == len(EXPECTED_SYSCOLUMNS)
    assert (tabtype, owner) == ("T", "informix")
    rows = db.rows(
        "SELECT colname, coltype, collength FROM syscolumns WHERE tabid = ? ORDER BY colno", tabid
    )
    assert rows == EXPECTED_SYSCOLUMNS
    xids = dict(db.rows("SELECT colname, extended_id FROM syscolumns WHERE tabid = ?", tabid))
    assert xids["c_bool"] == 5 and xids["c_lvarchar"] == 1


def test_byte_and_text_columns_are_created_with_descriptor_length(db: Client) -> None:
    """BYTE/TEXT columns (IN TABLE accepted) are described as codes 11/12, length 56."""
    db.execute("CREATE TABLE notes (id INT, body TEXT IN TABLE, image BYTE NOT NULL)")
    db.execute("ALTER TABLE notes ADD (extra TEXT)")
    assert db.describe("SELECT * FROM notes") == [
        ("id", IfxType.INT, 4, True),
        ("body", IfxType.TEXT, 56, True),
        ("image", IfxType.BYTE, 56, False),
        ("extra", IfxType.TEXT, 56, True),
    ]
    rows = db.rows(
        "SELECT c.colname, c.coltype, c.collength FROM syscolumns c, systables t"
        " WHERE c.tabid = t.tabid AND t.tabname = 'notes' AND c.colno > 1 ORDER BY c.colno"
    )
    assert rows == [("body", 12, 56), ("image", 11 + 256, 56), ("extra", 12, 56)]
    db.execute("INSERT INTO notes (id, body, image) VALUES (1, 'quoted text', ?)", b"\x00\xff")
    assert db.rows("SELECT body, image FROM notes") == [("quoted text", b"\x00\xff")]
    assert db.error("INSERT INTO notes (id, image) VALUES (2, 'not bytes')").sqlcode == -1260


def test_catalog_text_columns_keep_the_informix_encoding(db: Client) -> None:
    """Catalog tables still declare TEXT/BYTE columns; syscolumns encodes them as Informix."""
    rows = db.rows(
        "SELECT c.colname, c.coltype, c.collength FROM syscolumns c, systables t"
        " WHERE c.tabid = t.tabid AND t.tabname = 'sysdirectives'"
        " AND c.colname IN ('query', 'directivecode') ORDER BY c.colno"
    )
    assert rows == [("query", 12, 56), ("directivecode", 11, 56)]


def test_describe_of_table_columns(db: Client) -> None:
    db.execute(ALL_TYPES)
    described = {
        name: (code, length, nullable)
        for name, code, length, nullable in db.describe("SELECT * FROM everything")
    }
    assert described["c_int"] == (IfxType.INT, 4, False)
    assert described["c_int8"] == (IfxType.INT8, 10, True)
    assert described["c_dec"] == (IfxType.DECIMAL, 0x0A02, True)
    assert described["c_varchar"] == (IfxType.VARCHAR, 20, True)
    assert described["c_lvarchar"] == (IfxType.UDTVAR, 500, True)
    assert described["c_bool"] == (IfxType.UDTFIXED, 1, True)
    assert described["c_dt"] == (IfxType.DATETIME, 0x0E0A, True)
    assert described["c_iv"] == (IfxType.INTERVAL, 0x0B4A, True)


def test_constraints_catalog(db: Client) -> None:
    db.execute(
        "CREATE TABLE orders (id SERIAL PRIMARY KEY, code CHAR(5) NOT NULL UNIQUE CONSTRAINT"
        " u_code, a INT, b INT, UNIQUE (a, b))"
    )
    tabid = db.value("SELECT tabid FROM systables WHERE tabname = 'orders'")
    kinds = sorted(
        r[0] for r in db.rows("SELECT constrtype FROM sysconstraints WHERE tabid = ?", tabid)
    )
    assert kinds == ["N", "N", "P", "U", "U"]
    names = [
        r[0]
        for r in db.rows(
            "SELECT constrname FROM sysconstraints WHERE tabid = ? AND constrtype = 'U'", tabid
        )
    ]
    assert "u_code" in names
    assert db.value("SELECT nindexes FROM systables WHERE tabid = ?", tabid) == 3
    parts = db.rows(
        "SELECT part1, part2, idxtype FROM sysindexes WHERE tabid = ? ORDER BY part1", tabid
    )
    assert parts == [(1, 0, "U"), (2, 0, "U"), (3, 4, "U")]
    assert db.value("SELECT coltype FROM syscolumns WHERE tabid = ? AND colno = 1", tabid) == 262


def test_duplicate_table_and_if_not_exists(db: Client) -> None:
    db.execute("CREATE TABLE t (a INT)")
    error = db.error("CREATE TABLE t (b INT)")
    assert (error.sqlcode, error.text) == (-310, "t")
    db.execute("CREATE TABLE IF NOT EXISTS t (b INT)")
    assert db.describe("SELECT * FROM t")[0][0] == "a"
    assert db.error("CREATE TABLE systables (a INT)").sqlcode == -310


def test_drop_table(db: Client) -> None:
    db.execute("CREATE TABLE gone (a INT)")
    prepared = db.session.prepare("DROP TABLE gone")
    assert prepared.stmt_type == StmtType.DRPTAB
    prepared.execute([])
    error = db.error("DROP TABLE gone")
    assert (error.sqlcode, error.isamcode, error.text) == (-206, -111, "gone")
    assert db.rows("SELECT * FROM systables WHERE tabname = 'gone'") == []
    assert db.error("SELECT * FROM gone").sqlcode == -206


def test_create_table_rolled_back_with_transaction(db: Client) -> None:
    db.execute("BEGIN WORK")
    db.execute("CREATE TABLE temporary_thought (a INT)")
    db.execute("INSERT INTO temporary_thought VALUES (1)")
    assert db.value("SELECT count(*) FROM temporary_thought") == 1
    db.execute("ROLLBACK WORK")
    assert db.error("SELECT * FROM temporary_thought").sqlcode == -206
    assert db.rows("SELECT tabid FROM systables WHERE tabname = 'temporary_thought'") == []


def test_temp_tables_are_private(db: Client, make_client: object) -> None:
    prepared = db.session.prepare("CREATE TEMP TABLE scratch (a INT, b CHAR(3)) WITH NO LOG")
    assert prepared.stmt_type == StmtType.CTEMP
    prepared.execute([])
    db.execute("INSERT INTO scratch VALUES (1, 'x')")
    assert db.rows("SELECT a, b FROM scratch") == [(1, "x")]
    assert db.rows("SELECT * FROM systables WHERE tabname = 'scratch'") == []
    other = make_client()  # type: ignore[operator]
    assert other.error("SELECT * FROM scratch").sqlcode == -206
    assert db.error("CREATE TEMP TABLE scratch (a INT)").sqlcode == -310
    db.execute("DROP TABLE scratch")
    db.execute("CREATE TEMP TABLE scratch (z INT)")
    assert db.describe("SELECT * FROM scratch")[0][0] == "z"


def test_select_into_temp(db: Client) -> None:
    db.execute("CREATE TABLE src (a INT, b VARCHAR(10))")
    db.execute("INSERT INTO src VALUES (1, 'one')")
    db.execute("INSERT INTO src VALUES (2, 'two')")
    prepared = db.session.prepare("SELECT a, b FROM src WHERE a > 1 INTO TEMP t2 WITH NO LOG")
    assert not prepared.returns_rows
    assert prepared.execute([]).rowcount == 1
    assert db.rows("SELECT a, b FROM t2") == [(2, "two")]
    assert db.describe("SELECT b FROM t2") == [("b", IfxType.VARCHAR, 10, True)]


def test_indexes(db: Client) -> None:
    db.execute("CREATE TABLE ix (a INT, b VARCHAR(10))")
    prepared = db.session.prepare("CREATE UNIQUE INDEX ix_a ON ix (a DESC)")
    assert prepared.stmt_type == StmtType.CREIDX
    prepared.execute([])
    db.execute("CREATE INDEX ix_b ON ix (b)")
    assert db.error("CREATE INDEX ix_b ON ix (a)").sqlcode == -316
    assert db.error("CREATE INDEX ix_c ON ix (nope)").sqlcode == -217
    rows = db.rows(
        "SELECT idxname, idxtype, part1 FROM sysindexes WHERE idxname LIKE 'ix_%' ORDER BY 1"
    )
    assert rows == [("ix_a", "U", -1), ("ix_b", "D", 2)]
    db.execute("INSERT INTO ix VALUES (1, 'a')")
    error = db.error("INSERT INTO ix VALUES (1, 'b')")
    assert (error.sqlcode, error.isamcode, error.text) == (-239, -100, "ix_a")
    drop = db.session.prepare("DROP INDEX ix_a")
    assert drop.stmt_type == StmtType.DRPIDX
    drop.execute([])
    db.execute("INSERT INTO ix VALUES (1, 'b')")
    assert db.error("DROP INDEX ix_a").sqlcode == -319
    assert db.error("CREATE UNIQUE INDEX ix_dup ON ix (a)").sqlcode == -371


def test_unsupported_ddl_is_reported(db: Client) -> None:
    error = db.error("CREATE TABLE fk (a INT REFERENCES other (b))")
    assert (error.sqlcode, error.text) == (-206, "other")
    assert db.error("CREATE TABLE lob (a BLOB)").text == "BLOB"
    assert db.error("CREATE TABLE bad (a WIDGET)").sqlcode == -201


def test_serial_start_and_defaults_catalog(db: Client) -> None:
    db.execute(
        "CREATE TABLE d (id SERIAL(100), n INT DEFAULT 7, s CHAR(4) DEFAULT 'ab',"
        " day DATE DEFAULT TODAY, who VARCHAR(32) DEFAULT USER, amount DECIMAL(6,2) DEFAULT -1.5)"
    )
    tabid = db.value("SELECT tabid FROM systables WHERE tabname = 'd'")
    defaults = db.rows(
        "SELECT colno, type, default FROM sysdefaults WHERE tabid = ? ORDER BY colno", tabid
    )
    assert defaults == [
        (2, "L", "7"),
        (3, "L", "ab"),
        (4, "T", None),
        (5, "U", None),
        (6, "L", "-1.50"),
    ]
