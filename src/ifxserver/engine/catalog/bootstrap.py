"""Create a new database file: catalog tables describing themselves, pseudo rows."""

from __future__ import annotations

import pathlib
import sqlite3

from ..backend.connection import open_connection
from .coltypes import parse_column_specs
from .model import ColumnInfo, TableInfo
from .schema import (
    GL_COLLATE_TABID,
    GL_CTYPE_TABID,
    INTERNAL_SERIALS,
    VERSION_TABID,
    TableDef,
    catalog_tables,
    sysmaster_tables,
)
from .writer import (
    insert_pseudo_row,
    insert_syscolumns_rows,
    insert_systables_row,
    sqlite_create_table,
)

CATALOG_OWNER = "informix"


def table_from_def(definition: TableDef, owner: str = CATALOG_OWNER) -> TableInfo:
    columns = tuple(
        ColumnInfo(name, colno, spec.type, spec.varchar_min, name in definition.hidden)
        for colno, (name, spec) in enumerate(parse_column_specs(definition.columns), 1)
    )
    tabtype = "V" if definition.view_sql else "T"
    return TableInfo(definition.name, owner, definition.tabid, columns, tabtype)


def _create_catalog_tables(conn: sqlite3.Connection, definitions: list[TableDef]) -> None:
    tables = [table_from_def(definition) for definition in definitions]
    for definition, table in zip(definitions, tables, strict=True):
        conn.execute(definition.view_sql or sqlite_create_table(table))
    for table in tables:
        insert_systables_row(conn, "main", table, locklevel="R")
        insert_syscolumns_rows(conn, "main", table.tabid, table.columns)


def create_database_file(
    path: pathlib.Path, *, owner: str, locale: str, sysmaster: bool = False, durable: bool = False
) -> None:
    conn = open_connection(path, None, durable=durable)
    try:
        conn.execute("BEGIN IMMEDIATE")
        _create_catalog_tables(conn, catalog_tables())
        conn.execute(
            f'CREATE TABLE "{INTERNAL_SERIALS}" (tabid INTEGER PRIMARY KEY, start INTEGER, '
            "high INTEGER)"
        )
        insert_pseudo_row(conn, "main", " VERSION", VERSION_TABID, flags=0)
        insert_pseudo_row(conn, "main", " GL_COLLATE", GL_COLLATE_TABID, site=locale)
        insert_pseudo_row(conn, "main", " GL_CTYPE", GL_CTYPE_TABID, site=locale)
        conn.execute(
            "INSERT INTO \"sysusers\" (username, usertype, priority) VALUES (?, 'D', 9), "
            "('public', 'C', 5)",
            (owner,),
        )
        if sysmaster:
            _create_catalog_tables(conn, sysmaster_tables())
            conn.execute("INSERT INTO \"sysdual\" (dummy) VALUES ('X')")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    finally:
        conn.close()
