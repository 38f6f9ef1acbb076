"""Writing catalog rows and the matching SQLite DDL (used by bootstrap and DDL)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Sequence

from ..types.temporal import date_to_days
from .coltypes import catalog_coltype, row_width, sqlite_declaration
from .model import HIDDEN, ColumnInfo, TableInfo
from .schema import FIRST_USER_TABID

PARTNUM_BASE = 0x100000
PAGE_SIZE = 2048

_SYSTABLES_COLUMNS = (
    "tabname, owner, partnum, tabid, rowsize, ncols, nindexes, nrows, created, version, "
    "tabtype, locklevel, npused, fextsize, nextsize, flags, site, dbname, type_xid, am_id, "
    "pagesize, ustlowts, secpolicyid, protgranularity, dirpath"
)


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def today_days() -> int:
    return date_to_days(dt.date.today())


def sqlite_create_table(table: TableInfo, temp: bool = False) -> str:
    columns = []
    for column in table.columns:
        declaration = sqlite_declaration(column.type)
        not_null = "" if column.type.nullable else " NOT NULL"
        columns.append(f"{quote(column.name)} {declaration}{not_null}")
    prefix = "CREATE TEMP TABLE" if temp else "CREATE TABLE"
    target = quote(table.sqlite_name) if temp else table.qualified
    return f"{prefix} {target} ({', '.join(columns)})"


def insert_systables_row(
    conn: sqlite3.Connection,
    schema: str,
    table: TableInfo,
    *,
    locklevel: str = "P",
    site: str = "",
    flags: int = 0,
    nindexes: int = 0,
) -> None:
    rowsize = sum(row_width(column.type) for column in table.columns)
    values = (
        table.name,
        table.owner,
        PARTNUM_BASE + table.tabid,
        table.tabid,
        min(rowsize, 32767),
        len(table.columns),
        nindexes,
        0.0,
        today_days(),
        table.tabid << 16,
        table.tabtype,
        locklevel,
        0.0,
        16,
        16,
        flags,
        site,
        None,
        0,
        0,
        PAGE_SIZE,
        None,
        0,
        None,
        None,
    )
    marks = ", ".join("?" * len(values))
    conn.execute(
        f'INSERT INTO {schema}."systables" ({_SYSTABLES_COLUMNS}) VALUES ({marks})', values
    )


def insert_pseudo_row(
    conn: sqlite3.Connection, schema: str, name: str, tabid: int, *, site: str = "", flags: int = 0
) -> None:
    """Rows such as ` VERSION` and ` GL_COLLATE` that describe the database itself."""
    pseudo = TableInfo(name, "informix", tabid, (), tabtype="L")
    insert_systables_row(conn, schema, pseudo, site=site, flags=flags, locklevel=" ")
    conn.execute(
        f'UPDATE {schema}."systables" SET dirpath = ? WHERE tabid = ?', (site or None, tabid)
    )


def insert_syscolumns_rows(
    conn: sqlite3.Connection, schema: str, tabid: int, columns: Sequence[ColumnInfo]
) -> None:
    rows = []
    for column in columns:
        coltype, collength, xid = catalog_coltype(column.type, column.varchar_min)
        colattr = HIDDEN if column.hidden else 0
        rows.append(
            (column.name, tabid, column.colno, coltype, collength, None, None, xid, 0, colattr)
        )
    conn.executemany(
        f'INSERT INTO {schema}."syscolumns" (colname, tabid, colno, coltype, collength, colmin,'
        " colmax, extended_id, seclabelid, colattr) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    for column in columns:
        if column.default is not None:
            default = column.default
            text = str(default.qualifier) if default.kind == "C" else default.text
            conn.execute(
                f'INSERT INTO {schema}."sysdefaults" (tabid, colno, type, "default", class) '
                "VALUES (?, ?, ?, ?, 'T')",
                (tabid, column.colno, default.kind, text),
            )


OWNER_PRIVILEGES = "SU-IDXAR-"  # upper case: held with the right to grant them on
PUBLIC_PRIVILEGES = "su-idx---"  # select, update, insert, delete, index


def insert_default_privileges(conn: sqlite3.Connection, table: TableInfo, *, public: bool) -> None:
    """systabauth rows a new table or view gets: its owner's, and PUBLIC's unless the
    database is ANSI or the client set NODEFDAC=yes."""
    rows = [("", table.owner, table.tabid, OWNER_PRIVILEGES)]
    if public:
        rows.append((table.owner, "public", table.tabid, PUBLIC_PRIVILEGES))
    conn.executemany(
        'INSERT INTO main."systabauth" (grantor, grantee, tabid, tabauth) VALUES (?, ?, ?, ?)',
        rows,
    )


def insert_index_rows(
    conn: sqlite3.Connection,
    schema: str,
    *,
    name: str,
    owner: str,
    tabid: int,
    unique: bool,
    colnos: Sequence[int],
) -> None:
    parts = list(colnos)[:16] + [0] * (16 - min(len(colnos), 16))
    keys = ", ".join(f"{abs(n)} [1]" for n in colnos)
    part_columns = ", ".join(f"part{n}" for n in range(1, 17))
    conn.execute(
        f'INSERT INTO {schema}."sysindices" (idxname, owner, tabid, idxtype, clustered, levels,'
        f" leaves, nunique, clust, nrows, indexkeys, amid, collation, pagesize, {part_columns})"
        f" VALUES (?, ?, ?, ?, '', 1, 1, 1, 0, 0, ?, 1, 'en_US.819', ?{', ?' * 16})",
        (name, owner, tabid, "U" if unique else "D", keys, PAGE_SIZE, *parts),
    )
    conn.execute(
        f'UPDATE {schema}."systables" SET nindexes = nindexes + 1 WHERE tabid = ?', (tabid,)
    )


def insert_constraint_row(
    conn: sqlite3.Connection,
    schema: str,
    *,
    name: str | None,
    owner: str,
    tabid: int,
    kind: str,
    index: str | None,
) -> str:
    """Insert a sysconstraints row; a missing name becomes `<kind><tabid>_<constrid>`."""
    constrid = _next_constrid(conn, schema)
    final = name or f"{kind.lower()}{tabid}_{constrid}"
    conn.execute(
        f'INSERT INTO {schema}."sysconstraints" (constrid, constrname, owner, tabid, constrtype,'
        " idxname, collation) VALUES (?, ?, ?, ?, ?, ?, 'en_US.819')",
        (constrid, final, owner, tabid, kind, index),
    )
    return final


def _next_constrid(conn: sqlite3.Connection, schema: str) -> int:
    row = conn.execute(f'SELECT max(constrid) FROM {schema}."sysconstraints"').fetchone()
    return (row[0] or 0) + 1


def next_tabid(conn: sqlite3.Connection) -> int:
    row = conn.execute('SELECT max(tabid) FROM main."systables"').fetchone()
    return max((row[0] or 0) + 1, FIRST_USER_TABID)


def delete_constraint_rows(
    conn: sqlite3.Connection, schema: str, where: str, args: tuple[object, ...]
) -> None:
    """sysconstraints rows matching `where` and the rows that hang off them."""
    ids = f'SELECT constrid FROM {schema}."sysconstraints" WHERE {where}'
    for catalog in ("sysreferences", "syschecks", "syscoldepend"):
        conn.execute(f'DELETE FROM {schema}."{catalog}" WHERE constrid IN ({ids})', args)
    conn.execute(f'DELETE FROM {schema}."sysconstraints" WHERE {where}', args)


def delete_table_rows(conn: sqlite3.Connection, schema: str, tabid: int) -> None:
    delete_constraint_rows(conn, schema, "tabid = ?", (tabid,))
    for catalog in (
        "syscolumns",
        "sysdefaults",
        "sysindices",
        "sysconstraints",
        "systabauth",
        "syscolauth",
        "ifx__serials",
        "systables",
    ):
        conn.execute(f'DELETE FROM {schema}."{catalog}" WHERE tabid = ?', (tabid,))
