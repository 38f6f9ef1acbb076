"""CREATE/DROP TABLE and INDEX: SQLite DDL plus catalog rows in one transaction."""

from __future__ import annotations

import itertools
import sqlite3
from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING

from informix_db.protocol.coltype import ColumnType

from . import errors
from .api import ExecResult
from .backend.errmap import Access
from .catalog.model import ColumnInfo, DefaultSpec, TableInfo, UniqueKey
from .catalog.schema import FIRST_USER_TABID, INTERNAL_SERIALS
from .catalog.writer import (
    delete_table_rows,
    insert_constraint_row,
    insert_default_privileges,
    insert_index_rows,
    insert_syscolumns_rows,
    insert_systables_row,
    next_tabid,
    quote,
    sqlite_create_table,
)
from .compile.dml import serial_key
from .compile.expressions import number_literal
from .constraints import add_check, add_foreign_key, drop_references_to, install_triggers
from .errors import SqlError
from .sql.ddl_parse import (
    ColumnDef,
    CreateIndex,
    CreateTable,
    DefaultClause,
    DropIndex,
    DropTable,
    KeyDef,
)
from .sql.lexer import Kind
from .types import convert, temporal
from .types.convert import ConvEnv
from .types.info import family, with_nullable
from .types.temporal import DateFormat
from .views import drop_dependent_views, public_by_default

if TYPE_CHECKING:
    from .session import Session

_temp_tabids = itertools.count(1)
TEMP_TABID_BASE = 0x40000000


def index_sqlite_name(name: str) -> str:
    return "ifx__i_" + name


# -- CREATE TABLE -----------------------------------------------------------------------------
def create_table(session: Session, command: CreateTable) -> ExecResult:
    name = command.name.text
    current = session.database or ""
    if command.database not in (None, current):
        raise SqlError(errors.NOT_IMPLEMENTED, text=f"{command.database}:{name}")
    if _exists(session, name, command.temp):
        if command.if_not_exists:
            return ExecResult()
        raise SqlError(errors.TABLE_EXISTS, text=name)
    columns = _columns(session, command)
    owner = command.owner or session.user
    if command.temp:
        tabid = TEMP_TABID_BASE + next(_temp_tabids)
    else:
        tabid = next_tabid(session.require_conn())
    serial = next((c for c in command.columns if c.spec.serial_start is not None), None)
    table = TableInfo(
        name,
        owner,
        tabid,
        tuple(columns),
        schema="temp" if command.temp else "main",
        database="temp" if command.temp else current,
        temp=command.temp,
        serial_start=(serial.spec.serial_start or 1) if serial is not None else 1,
    )
    keys = _resolve_keys(command, table)
    table = replace(table, unique_keys=tuple(keys))

    def action(conn: sqlite3.Connection) -> ExecResult:
        conn.execute(sqlite_create_table(table, temp=command.temp))
        if not command.temp:
            _write_catalog(conn, table, command)
            insert_default_privileges(conn, table, public=public_by_default(session))
        for key in keys:
            create_sqlite_index(conn, table, key.index, list(key.columns), [], True)
        add_constraints(session, conn, table, command.keys, len(keys))
        return ExecResult()

    result = session.run_write(Access.DDL, action, immediate=not command.temp)
    session.instance.forget_serial(serial_key(table))
    if command.temp:
        session.add_temp_table(table)
    else:
        session.after_ddl()
    return result


def _exists(session: Session, name: str, temp: bool) -> bool:
    if temp:
        return name in session.temp_tables
    return session.schema(session.database or "", "main").table(name) is not None


def _columns(session: Session, command: CreateTable) -> list[ColumnInfo]:
    seen: set[str] = set()
    primary = {c for key in command.keys if key.kind == "P" for c in key.columns}
    out = []
    serials = 0
    for colno, column in enumerate(command.columns, 1):
        if column.name in seen:
            raise SqlError(errors.DUPLICATE_COLUMN, text=column.name)
        seen.add(column.name)
        serials += column.spec.serial_start is not None
        out.append(column_info(session, column, colno, column.name in primary))
    if serials > 1:
        raise SqlError(errors.SYNTAX, text="serial")
    return out


def column_info(session: Session, column: ColumnDef, colno: int, primary: bool) -> ColumnInfo:
    """Catalog facts of a column definition (a primary-key column is NOT NULL)."""
    nullable = not (column.not_null or primary)
    ct = with_nullable(column.spec.type, nullable)
    default = _default(session.conv, column, ct) if column.default else None
    return ColumnInfo(column.name, colno, ct, column.spec.varchar_min, False, default)


def _default(env: ConvEnv, column: ColumnDef, ct: ColumnType) -> DefaultSpec:
    clause = column.default
    assert clause is not None
    if clause.kind != "L":
        return DefaultSpec(clause.kind, None, clause.qualifier)
    value, source = _default_literal(clause)
    converted = convert.convert(value, source, ct, env)
    canonical = ConvEnv(DateFormat.parse("Y4MD-"), env.codec, False, env.clock)
    text = convert.logical_to_text(converted, family(ct), ct, canonical)
    return DefaultSpec("L", text)


def _default_literal(clause: DefaultClause) -> tuple[object, ColumnType]:
    if clause.literal_type == "datetime":
        _, start, end = _qualifier(clause.qualifier)
        value: object = temporal.parse_datetime(clause.raw, start, end)
        return value, ColumnType(10, clause.qualifier)
    if clause.literal_type == "interval":
        return temporal.parse_interval(clause.raw, clause.qualifier), ColumnType(
            14, clause.qualifier
        )
    token = clause.token
    assert token is not None
    if token.kind is Kind.STRING:
        return token.text, ColumnType.lvarchar(max(len(token.text), 1))
    literal = number_literal(token.text)
    value = literal.literal
    if clause.negative:
        assert isinstance(value, (int, float, Decimal))
        value = -value
    return value, literal.type


def _qualifier(q: int) -> tuple[int, int, int]:
    return q >> 8, (q >> 4) & 0xF, q & 0xF


def _resolve_keys(command: CreateTable, table: TableInfo) -> list[UniqueKey]:
    """Primary-key and unique constraints (referential and check ones come later)."""
    keys: list[UniqueKey] = []
    for key in command.keys:
        for column in key.columns:
            if table.column(column) is None:
                raise SqlError(errors.COLUMN_NOT_FOUND, text=column)
        if key.kind not in ("P", "U"):
            continue
        number = len(keys) + 1
        constraint = key.name or f"{key.kind.lower()}{table.tabid}_{number}"
        index = f" {table.tabid}_{number}"
        keys.append(UniqueKey(constraint, index, tuple(key.columns), key.kind == "P", table.owner))
    return keys


def add_constraints(
    session: Session, conn: sqlite3.Connection, table: TableInfo, keys: list[KeyDef], first: int
) -> None:
    """Referential and check constraints of a new (or altered) table, with their triggers."""
    parents: dict[int, TableInfo] = {}
    number = first
    for key in keys:
        if key.kind == "R":
            number += 1
            add_foreign_key(session, conn, table, key, number)
            assert key.references is not None
            if key.references.table.text != table.name:
                parent = session.find_table(None, key.references.owner, key.references.table.text)
                parents[parent.tabid] = parent
        elif key.kind == "C":
            add_check(session, conn, table, key)
    if any(key.kind in ("R", "C") for key in keys):
        install_triggers(session, conn, table)
    for parent in parents.values():
        install_triggers(session, conn, parent)


def _write_catalog(conn: sqlite3.Connection, table: TableInfo, command: CreateTable) -> None:
    insert_systables_row(conn, "main", table, locklevel=command.lock_mode)
    insert_syscolumns_rows(conn, "main", table.tabid, table.columns)
    if table.serial_column is not None:
        conn.execute(
            f'INSERT INTO main."{INTERNAL_SERIALS}" (tabid, start, high) VALUES (?, ?, ?)',
            (table.tabid, table.serial_start, table.serial_start - 1),
        )
    for key in table.unique_keys:
        write_unique_key(conn, table, key)
    write_not_null_rows(conn, table)


def write_unique_key(conn: sqlite3.Connection, table: TableInfo, key: UniqueKey) -> None:
    """sysindices + sysconstraints rows of a primary-key or unique constraint."""
    colnos = [_colno(table, name) for name in key.columns]
    insert_index_rows(
        conn,
        "main",
        name=key.index,
        owner=table.owner,
        tabid=table.tabid,
        unique=True,
        colnos=colnos,
    )
    kind = "P" if key.primary else "U"
    insert_constraint_row(
        conn, "main", name=key.constraint, owner=table.owner, tabid=table.tabid, kind=kind,
        index=key.index,
    )  # fmt: skip


def write_not_null_rows(conn: sqlite3.Connection, table: TableInfo) -> None:
    """One sysconstraints row of type N per NOT NULL column."""
    for column in table.columns:
        if not column.type.nullable:
            insert_constraint_row(
                conn, "main", name=None, owner=table.owner, tabid=table.tabid, kind="N", index=None
            )


def _colno(table: TableInfo, name: str) -> int:
    column = table.column(name)
    assert column is not None
    return column.colno


def create_sqlite_index(
    conn: sqlite3.Connection,
    table: TableInfo,
    index: str,
    columns: list[str],
    descending: list[bool],
    unique: bool,
) -> None:
    parts = ", ".join(
        quote(c) + (" DESC" if descending and descending[i] else "") for i, c in enumerate(columns)
    )
    kind = "UNIQUE INDEX" if unique else "INDEX"
    conn.execute(
        f"CREATE {kind} {table.schema}.{quote(index_sqlite_name(index))} "
        f"ON {quote(table.sqlite_name)} ({parts})"
    )


# -- DROP TABLE ----------------------------------------------------------------------------------
def drop_table(session: Session, command: DropTable) -> ExecResult:
    name = command.name.text
    if (
        command.owner is None
        and command.database in (None, session.database)
        and (name in session.temp_tables)
    ):
        table = session.temp_tables[name]
        result = session.run_write(
            Access.DDL, lambda conn: _drop_sqlite(conn, table), immediate=False
        )
        session.drop_temp_table(name)
        return result
    try:
        table = session.find_table(command.database, command.owner, name)
    except SqlError:
        if command.if_exists:
            return ExecResult()
        raise
    if table.tabtype == "V":
        raise SqlError(errors.TABLE_NOT_FOUND, errors.ISAM_NOT_FOUND, name)  # DROP VIEW drops views
    if table.tabid < FIRST_USER_TABID or table.database != (session.database or ""):
        raise SqlError(errors.NOT_IMPLEMENTED, text=f"drop {name}")

    def action(conn: sqlite3.Connection) -> ExecResult:
        drop_dependent_views(conn, table.tabid)
        drop_references_to(session, conn, table)
        _drop_sqlite(conn, table)
        delete_table_rows(conn, "main", table.tabid)
        return ExecResult()

    result = session.run_write(Access.DDL, action)
    session.instance.forget_serial(serial_key(table))
    session.after_ddl()
    return result


def _drop_sqlite(conn: sqlite3.Connection, table: TableInfo) -> ExecResult:
    conn.execute(f"DROP TABLE {table.qualified}")
    return ExecResult()


# -- indexes
def create_index(session: Session, command: CreateIndex) -> ExecResult:
    table = session.find_table(None, command.owner, command.table.text)
    if table.tabtype != "T" or (table.tabid < FIRST_USER_TABID and not table.temp):
        raise SqlError(errors.NOT_IMPLEMENTED, text=f"index on {table.name}")
    name = command.name.text
    columns = [column for column, _ in command.columns]
    for column in columns:
        if table.column(column) is None:
            raise SqlError(errors.COLUMN_NOT_FOUND, text=column)
    if _index_exists(session, name):
        if command.if_not_exists:
            return ExecResult()
        raise SqlError(errors.INDEX_EXISTS, text=name)
    descending = [desc for _, desc in command.columns]

    def action(conn: sqlite3.Connection) -> ExecResult:
        try:
            create_sqlite_index(conn, table, name, columns, descending, command.unique)
        except sqlite3.IntegrityError:
            raise SqlError(errors.DUPLICATE_UNIQUE_DATA, text=name) from None
        if not table.temp:
            colnos = [-_colno(table, c) if d else _colno(table, c) for c, d in command.columns]
            insert_index_rows(
                conn,
                "main",
                name=name,
                owner=session.user,
                tabid=table.tabid,
                unique=command.unique,
                colnos=colnos,
            )
        return ExecResult()

    result = session.run_write(Access.DDL, action, immediate=not table.temp)
    if table.temp:
        if command.unique:
            key = UniqueKey("", name, tuple(columns), False, table.owner)
            session.add_temp_table(replace(table, unique_keys=(*table.unique_keys, key)))
    else:
        session.after_ddl()
    return result


def _index_exists(session: Session, name: str) -> bool:
    conn = session.require_conn()
    row = conn.execute('SELECT 1 FROM main."sysindices" WHERE idxname = ?', (name,)).fetchone()
    if row is not None:
        return True
    row = conn.execute(
        "SELECT 1 FROM temp.sqlite_master WHERE type = 'index' AND name = ?",
        (index_sqlite_name(name),),
    ).fetchone()
    return row is not None


def drop_index(session: Session, command: DropIndex) -> ExecResult:
    name = command.name.text
    conn = session.require_conn()
    row = conn.execute('SELECT tabid FROM main."sysindices" WHERE idxname = ?', (name,)).fetchone()
    if row is None:
        return _drop_temp_index(session, name, command.if_exists)
    tabid = row[0]
    used = conn.execute('SELECT 1 FROM main."sysconstraints" WHERE idxname = ?', (name,)).fetchone()
    if used is not None:
        raise SqlError(errors.NOT_IMPLEMENTED, text=f"drop constraint index {name}")

    def action(connection: sqlite3.Connection) -> ExecResult:
        connection.execute(f"DROP INDEX main.{quote(index_sqlite_name(name))}")
        connection.execute('DELETE FROM main."sysindices" WHERE idxname = ?', (name,))
        connection.execute(
            'UPDATE main."systables" SET nindexes = nindexes - 1 WHERE tabid = ?', (tabid,)
        )
        return ExecResult()

    return session.run_ddl(action)


def _drop_temp_index(session: Session, name: str, if_exists: bool) -> ExecResult:
    conn = session.require_conn()
    found = conn.execute(
        "SELECT tbl_name FROM temp.sqlite_master WHERE type = 'index' AND name = ?",
        (index_sqlite_name(name),),
    ).fetchone()
    if found is None:
        if if_exists:
            return ExecResult()
        raise SqlError(errors.INDEX_NOT_FOUND, text=name)
    result = session.run_write(
        Access.DDL,
        lambda c: c.execute(f"DROP INDEX temp.{quote(index_sqlite_name(name))}") and ExecResult(),
        immediate=False,
    )
    for table in list(session.temp_tables.values()):
        keys = tuple(k for k in table.unique_keys if k.index != name)
        if keys != table.unique_keys:
            session.add_temp_table(replace(table, unique_keys=keys))
    return result if isinstance(result, ExecResult) else ExecResult()


__all__ = ["create_index", "create_table", "drop_index", "drop_table"]
