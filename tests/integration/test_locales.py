"""Code sets: one codec per connection for SQL, names and data; lengths count bytes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import informix_db

pytestmark = pytest.mark.integration

UTF8_DB = "ifx_test_utf8"


@pytest.fixture(scope="module")
def utf8(ifx_target) -> Iterator[informix_db.Connection]:  # type: ignore[no-untyped-def]
    opts = {"client_locale": "en_US.utf8", "db_locale": "en_US.utf8"}
    with ifx_target.connect(database="sysmaster", autocommit=True, **opts) as admin:
        try:
            admin.execute(f"CREATE DATABASE {UTF8_DB} WITH LOG")
        except informix_db.ProgrammingError as e:
            if e.sqlcode != -330:
                raise
    conn = ifx_target.connect(database=UTF8_DB, autocommit=True, **opts)
    yield conn
    conn.close()


def test_byte_counted_char_and_varchar(utf8: informix_db.Connection) -> None:
    cur = utf8.cursor()
    cur.execute("CREATE TEMP TABLE u (c CHAR(10), v VARCHAR(5), name VARCHAR(20)) WITH NO LOG")
    cur.execute("INSERT INTO u VALUES (?, ?, 'größe')", ("日本", "ñoño!"))
    c, v, name = cur.execute("SELECT c, v, name FROM u").fetchone()
    assert c == "日本" + " " * 4  # 6 bytes of text + 4 blanks = CHAR(10) bytes
    assert v == "ñoñ"  # 5 bytes, never half a character
    assert name == "größe"
    assert cur.execute("SELECT COUNT(*) FROM u WHERE name = 'größe'").fetchone()[0] == 1
    cur.execute("DROP TABLE u")


def test_non_ascii_column_names(utf8: informix_db.Connection) -> None:
    cur = utf8.cursor()
    cur.execute("SELECT 1 AS größe, tabname AS Ärger FROM systables WHERE tabid = 1")
    assert cur.description is not None
    assert [d[0] for d in cur.description] == ["größe", "ärger"]


def test_latin1_connection_refuses_unencodable_text(ifx_conn: informix_db.Connection) -> None:
    with pytest.raises(informix_db.DataError, match="parameter 1"):
        ifx_conn.cursor().execute("SELECT 1 FROM systables WHERE tabname = ?", ("日本",))


def test_latin1_round_trip(ifx_conn: informix_db.Connection) -> None:
    value = ifx_conn.cursor().execute("SELECT 'café' FROM systables WHERE tabid = 1").fetchone()
    assert value == ("café",)


def test_database_reports_its_locale(utf8: informix_db.Connection) -> None:
    site = utf8.execute(
        "SELECT FIRST 1 site FROM informix.systables WHERE tabname = ' GL_COLLATE'"
    ).fetchone()
    assert site[0].strip() in ("en_US.57372", "en_US.utf8")
