"""Databases, the sysmaster catalog, and the statements IBM JDBC runs by itself."""

from __future__ import annotations

import pytest

from ifxserver.engine import Instance
from informix_db.protocol.codes import IfxType, StmtType

from .conftest import Client

pytestmark = pytest.mark.unit


def test_sysmaster_exists_and_dual_idiom(instance: Instance, make_client: object) -> None:
    assert "sysmaster" in instance.databases()
    client = make_client("sysmaster")  # type: ignore[operator]
    assert client.rows("SELECT 1 FROM systables WHERE tabid = 1") == [(1,)]
    assert client.describe("SELECT 1 FROM systables WHERE tabid = 1") == [
        ("(constant)", IfxType.INT, 4, True)
    ]


def test_sysmaster_tables(make_client: object) -> None:
    client = make_client("sysmaster")  # type: ignore[operator]
    assert client.rows("SELECT dummy FROM sysdual") == [("X",)]
    names = [r[0] for r in client.rows("SELECT name FROM sysdatabases ORDER BY name")]
    assert "sysmaster" in names
    tables = client.rows("SELECT tabname FROM sysmaster:systabnames WHERE tabname = 'systables'")
    assert tables


def test_catalog_tabids_one_to_ten(db: Client) -> None:
    assert db.rows("SELECT tabname FROM systables WHERE tabid = 1") == [("systables",)]
    total, average = db.rows("SELECT SUM(tabid), AVG(tabid) FROM systables WHERE tabid <= 10")[0]
    assert (total, average) == (55, 5.5)
    assert db.value("SELECT COUNT(*) FROM systables") >= 50  # type: ignore[operator]
    assert db.rows("SELECT tabid FROM systables WHERE tabid = -999") == []


@pytest.mark.parametrize(
    "sql",
    [
        "select FIRST 1 site from informix.systables where tabname = ' GL_COLLATE'",
        "select dirpath from informix.systables where tabname = ' GL_COLLATE'",
        "SELECT site FROM \"informix\".systables WHERE tabname = ' GL_CTYPE'",
    ],
)
def test_jdbc_locale_probe(db: Client, sql: str) -> None:
    assert db.rows(sql) == [("en_US.819",)]


def test_utf8_client_creates_utf8_database(make_client: object) -> None:
    client = make_client("utf8db", CLIENT_LOCALE="en_US.utf8")  # type: ignore[operator]
    site = "select FIRST 1 site from informix.systables where tabname = ' GL_COLLATE'"
    assert client.rows(site) == [("en_US.57372",)]


def test_jdbc_version_and_flags(db: Client) -> None:
    assert db.rows("SELECT flags FROM informix.systables WHERE tabname = ' VERSION';") == [(0,)]
    rows = db.rows("select dbinfo('version','full') from  table (set{1});")
    assert len(rows) == 1
    assert "Informix Dynamic Server Version 14.10" in str(rows[0][0])
    rows = db.rows("SELECT FIRST 1 DBINFO('version','full') FROM systables")
    assert str(rows[0][0]).startswith("IBM Informix Dynamic Server Version")


@pytest.mark.parametrize(
    ("sql", "stmt_type"),
    [
        ("set isolation to dirty read", StmtType.ISOLATE),
        ("set isolation to committed read", StmtType.ISOLATE),
        ("set isolation to repeatable read", StmtType.ISOLATE),
        ("set isolation to committed read last committed", StmtType.ISOLATE),
        ("set isolation to cursor stability", StmtType.ISOLATE),
        ("SET ISOLATION TO DIRTY READ WITH WARNING", StmtType.ISOLATE),
        ("set lock mode to wait", StmtType.WAITFOR),
        ("set lock mode to wait 5", StmtType.WAITFOR),
        ("set lock mode to not wait", StmtType.WAITFOR),
        ("SET EXPLAIN ON", StmtType.EXPLAIN),
        ("SET EXPLAIN OFF", StmtType.EXPLAIN),
        ("UPDATE STATISTICS", StmtType.STATS),
        ("UPDATE STATISTICS HIGH FOR TABLE systables", StmtType.STATS),
        ("UPDATE STATISTICS MEDIUM FOR TABLE systables (tabid) DISTRIBUTIONS ONLY", StmtType.STATS),
        ("SET PDQPRIORITY 50", StmtType.SETENV),
    ],
)
def test_session_commands(db: Client, sql: str, stmt_type: int) -> None:
    prepared = db.session.prepare(sql)
    assert prepared.stmt_type == stmt_type
    assert not prepared.returns_rows
    assert prepared.execute([]).rowcount == 0


def test_drop_table_if_exists_probe(db: Client) -> None:
    result = db.execute("DROP TABLE IF EXISTS probe_x")
    assert result.rowcount == 0
    assert db.session.prepare("DROP TABLE IF EXISTS probe_x").stmt_type == StmtType.DRPTAB


def test_trailing_semicolon_and_comments(db: Client) -> None:
    sql = "{ brace } SELECT /* c */ tabid -- tail\n FROM systables WHERE tabid = 2;"
    assert db.rows(sql) == [(2,)]


def test_database_statements(instance: Instance, make_client: object) -> None:
    client = make_client(None)  # type: ignore[operator]
    prepared = client.session.prepare("CREATE DATABASE Shop WITH BUFFERED LOG")
    assert prepared.stmt_type == StmtType.CREADB
    result = prepared.execute([])
    assert result.db_flags == 0x05
    assert client.session.database == "shop"
    assert "shop" in instance.databases()
    close = client.session.prepare("CLOSE DATABASE")
    assert close.stmt_type == StmtType.CLSDB
    close.execute([])
    assert client.session.database is None
    opened = client.session.prepare("DATABASE shop")
    assert opened.stmt_type == StmtType.DATABASE
    assert opened.execute([]).db_flags == 0x05
    client.execute("CLOSE DATABASE")
    drop = client.session.prepare("DROP DATABASE shop")
    assert drop.stmt_type == StmtType.DROPDB
    drop.execute([])
    assert "shop" not in instance.databases()


def test_logging_mode_flags(make_client: object) -> None:
    client = make_client(None)  # type: ignore[operator]
    assert client.execute("CREATE DATABASE plain").db_flags == 0x04
    assert client.execute("CREATE DATABASE strict WITH LOG MODE ANSI").db_flags == 0x07
    assert client.session.ansi and client.session.logged
    assert client.session.open_database("plain") == 0x04
    assert not client.session.logged


def test_database_errors(instance: Instance, make_client: object) -> None:
    client = make_client(None)  # type: ignore[operator]
    error = client.error("DATABASE nosuch")
    assert (error.sqlcode, error.isamcode, error.text) == (-329, -111, "nosuch")
    with pytest.raises(Exception) as info:
        client.session.open_database("NoSuch")
    assert getattr(info.value, "sqlcode", None) == -329
    client.execute("CREATE DATABASE twice")
    error = client.error("CREATE DATABASE twice")
    assert (error.sqlcode, error.text) == (-330, "twice")
    assert client.error("CREATE DATABASE sysmaster").sqlcode == -330
    assert client.error("DROP DATABASE sysmaster").sqlcode == -387


def test_drop_database_in_use(make_client: object) -> None:
    owner = make_client("busy")  # type: ignore[operator]
    other = make_client(None)  # type: ignore[operator]
    error = other.error("DROP DATABASE busy")
    assert (error.sqlcode, error.text) == (-425, "busy")
    owner.execute("CLOSE DATABASE")
    other.execute("DROP DATABASE busy")
    assert other.error("DROP DATABASE busy").sqlcode == -329


def test_persistent_data_dir(tmp_path: object) -> None:
    import pathlib

    path = pathlib.Path(str(tmp_path))
    first = Instance(path)
    session = first.session("informix", {})
    session.prepare("CREATE DATABASE keep WITH LOG").execute([])
    session.prepare("CREATE TABLE t (id SERIAL, name VARCHAR(10))").execute([])
    session.prepare("INSERT INTO t (name) VALUES ('a')").execute([])
    session.close()
    first.close()
    second = Instance(path)
    try:
        assert "keep" in second.databases()
        again = second.session("informix", {})
        again.open_database("keep")
        result = again.prepare("INSERT INTO t (name) VALUES ('b')").execute([])
        assert result.serial == 2
        again.close()
    finally:
        second.close()


def test_no_database_selected(make_client: object) -> None:
    client = make_client(None)  # type: ignore[operator]
    assert client.error("SELECT 1 FROM systables").sqlcode == -349
