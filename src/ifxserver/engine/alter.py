"""ALTER TABLE: ADD / DROP / MODIFY columns, ADD / DROP CONSTRAINT, LOCK MODE.

Column changes rebuild the table the way SQLite recommends (new table, copy
with conversions, drop the old one, rename), in the statement's transaction,
and rewrite the catalog rows whose column numbers moved: syscolumns,
sysdefaults, sysindices parts (indexes and constraints over a dropped column
go with it), NOT NULL rows, syscoldepend. Constraint triggers are generated
again afterwards. Informix error codes: -328 column exists, -217 unknown
column, -623 unknown constraint, -371 duplicates under a new unique key.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from . import ddl, errors
from .api import ExecResult
from .catalog.model import ColumnInfo, TableInfo, UniqueKey, load_schema
from .catalog.schema import FIRST_USER_TABID, INTERNAL_SERIALS
from .catalog.writer import (
    delete_constraint_rows,
    insert_syscolumns_rows,
    quote,
    sqlite_create_table,
)
from .compile.coerce import conv_sql
from .compile.dml import default_sql
from .constraints import drop_index_rows, install_triggers
from .errors import SqlError
from .sql.alter_parse import (
    AddColumns,
    AddConstraints,
    AlterAction,
    AlterTable,
    DropColumns,
    DropConstraints,
    ModifyColumns,
    TableOption,
)
from .sql.ddl_parse import KeyDef
from .types.info import same_type, with_nullable

if TYPE_CHECKING:
    from .session import Session

COLUMN_EXISTS = -328
CONSTRAINT_NOT_FOUND = -623
REBUILD_NAME = "ifx__rebuild"


@dataclass
class _Column:
    info: ColumnInfo
    source: str | None  # SQL over the old row, None for a new column (takes its default)


@dataclass
class _Work:
    """The table as the ALTER statement leaves it, built action by action."""

    table: TableInfo
    columns: list[_Column]
    rebuild: bool = False
    keys: list[KeyDef] = field(default_factory=list)
    dropped_constraints: list[str] = field(default_factory=list)
    lock_mode: str | None = None

    def find(self, name: str) -> int:
        for index, column in enumerate(self.columns):
            if column.info.name == name:
                return index
        raise SqlError(errors.COLUMN_NOT_FOUND, text=name)


def alter_table(session: Session, command: AlterTable) -> ExecResult:
    table = session.find_table(None, command.owner, command.name.text)
    if table.temp or table.tabtype != "T" or table.tabid < FIRST_USER_TABID:
        raise SqlError(errors.NOT_IMPLEMENTED, text=f"ALTER TABLE {table.name}")
    work = _Work(table, [_Column(c, quote(c.name)) for c in table.columns])
    for action in command.actions:
        _apply(session, work, action)
    if not work.columns:
        raise SqlError(errors.SYNTAX)

    def run(conn: sqlite3.Connection) -> ExecResult:
        altered = table
        children: set[int] = set()  # tables whose referential constraints were dropped
        for name in work.dropped_constraints:
            children |= _drop_constraint(conn, table, name)
        if work.rebuild:
            altered, orphaned = _rebuild(session, conn, table, work.columns)
            children |= orphaned
        if work.lock_mode is not None:
            conn.execute(
                'UPDATE main."systables" SET locklevel = ? WHERE tabid = ?',
                (work.lock_mode, table.tabid),
            )
        altered = _add_keys(session, conn, altered, work.keys)
        install_triggers(session, conn, altered)
        _refresh_children(session, conn, children - {table.tabid})
        return ExecResult()

    return session.run_ddl(run)


# -- planning the new column list -----------------------------------------------------------
def _apply(session: Session, work: _Work, action: AlterAction) -> None:
    if isinstance(action, AddColumns):
        _add_columns(session, work, action)
    elif isinstance(action, DropColumns):
        for name in action.names:
            del work.columns[work.find(name)]
        work.rebuild = True
    elif isinstance(action, ModifyColumns):
        for definition in action.columns:
            index = work.find(definition.name)
            old = work.columns[index]
            if definition.spec.serial_start is not None and not old.info.is_serial:
                raise SqlError(errors.NOT_IMPLEMENTED, text="MODIFY to SERIAL")
            primary = _in_primary_key(work.table, definition.name)
            new = ddl.column_info(session, definition, old.info.colno, primary)
            source = quote(work.table.columns[old.info.colno - 1].name) if old.source else None
            if source is not None and not same_type(_original(work, old).type, new.type):
                source = conv_sql(source, _original(work, old).type, new.type)
            work.columns[index] = _Column(new, source)
        work.keys.extend(action.keys)
        work.rebuild = True
    elif isinstance(action, AddConstraints):
        _primary_columns_not_null(work, action.keys)
        work.keys.extend(action.keys)
    elif isinstance(action, DropConstraints):
        work.dropped_constraints.extend(action.names)
    elif isinstance(action, TableOption):
        work.lock_mode = action.lock_mode or work.lock_mode


def _original(work: _Work, column: _Column) -> ColumnInfo:
    return work.table.columns[column.info.colno - 1]


def _in_primary_key(table: TableInfo, name: str) -> bool:
    return any(key.primary and name in key.columns for key in table.unique_keys)


def _add_columns(session: Session, work: _Work, action: AddColumns) -> None:
    for definition in action.columns:
        if any(c.info.name == definition.name for c in work.columns):
            raise SqlError(COLUMN_EXISTS, text=definition.name)
        if definition.spec.serial_start is not None and work.table.serial_column is not None:
            raise SqlError(errors.SYNTAX, text="serial")
        info = ddl.column_info(session, definition, 0, False)
        column = _Column(info, None)
        before = action.before.get(definition.name)
        position = work.find(before) if before is not None else len(work.columns)
        work.columns.insert(position, column)
    work.keys.extend(action.keys)
    _primary_columns_not_null(work, action.keys)
    work.rebuild = True


def _primary_columns_not_null(work: _Work, keys: list[KeyDef]) -> None:
    for key in keys:
        if key.kind != "P":
            continue
        for name in key.columns:
            column = work.columns[work.find(name)]
            if column.info.type.nullable:
                column.info = replace(column.info, type=with_nullable(column.info.type, False))
                work.rebuild = True


# -- rebuilding ------------------------------------------------------------------------------
def _rebuild(
    session: Session, conn: sqlite3.Connection, old: TableInfo, columns: list[_Column]
) -> tuple[TableInfo, set[int]]:
    _check_new_columns_fill(conn, old, columns)
    infos = tuple(replace(c.info, colno=n) for n, c in enumerate(columns, 1))
    new = replace(old, columns=infos)
    scratch = replace(new, name=REBUILD_NAME)
    conn.execute(sqlite_create_table(scratch))
    names = ", ".join(quote(c.name) for c in infos)
    values = ", ".join(
        c.source if c.source is not None else default_sql(c.info, session.conv) for c in columns
    )
    conn.execute(f"INSERT INTO {scratch.qualified} ({names}) SELECT {values} FROM {old.qualified}")
    conn.execute(f"DROP TABLE {old.qualified}")
    conn.execute("PRAGMA legacy_alter_table = ON")  # views naming the table stay as written
    try:
        conn.execute(f"ALTER TABLE {scratch.qualified} RENAME TO {quote(old.sqlite_name)}")
    finally:
        conn.execute("PRAGMA legacy_alter_table = OFF")
    moved = {_original_colno(old, c): n for n, c in enumerate(columns, 1) if c.source is not None}
    return new, _rewrite_catalog(conn, new, moved)


def _check_new_columns_fill(
    conn: sqlite3.Connection, old: TableInfo, columns: list[_Column]
) -> None:
    """-269: existing rows would get NULL in an added NOT NULL column without a default."""
    for column in columns:
        info = column.info
        no_default = info.default is None or info.default.kind == "N"
        unfillable = no_default and not info.type.nullable and not info.is_serial
        if column.source is None and unfillable and _has_rows(conn, old):
            raise SqlError(errors.ADD_NOT_NULL_COLUMN, text=info.name)


def _has_rows(conn: sqlite3.Connection, table: TableInfo) -> bool:
    return conn.execute(f"SELECT 1 FROM {table.qualified} LIMIT 1").fetchone() is not None


def _original_colno(old: TableInfo, column: _Column) -> int:
    found = old.column(column.info.name)
    return column.info.colno if found is None else found.colno


def _rewrite_catalog(conn: sqlite3.Connection, table: TableInfo, moved: dict[int, int]) -> set[int]:
    tabid = table.tabid
    conn.execute('DELETE FROM main."syscolumns" WHERE tabid = ?', (tabid,))
    conn.execute('DELETE FROM main."sysdefaults" WHERE tabid = ?', (tabid,))
    insert_syscolumns_rows(conn, "main", tabid, table.columns)
    conn.execute(
        'UPDATE main."systables" SET ncols = ? WHERE tabid = ?', (len(table.columns), tabid)
    )
    delete_constraint_rows(conn, "main", "tabid = ? AND constrtype = 'N'", (tabid,))
    ddl.write_not_null_rows(conn, table)
    children = _rewrite_indexes(conn, table, moved)
    _rewrite_checks(conn, tabid, moved)
    if table.serial_column is None:
        conn.execute(f'DELETE FROM main."{INTERNAL_SERIALS}" WHERE tabid = ?', (tabid,))
    return children


def _rewrite_indexes(conn: sqlite3.Connection, table: TableInfo, moved: dict[int, int]) -> set[int]:
    children: set[int] = set()
    parts = ", ".join(f"part{n}" for n in range(1, 17))
    rows = conn.execute(
        f'SELECT idxname, idxtype, {parts} FROM main."sysindices" WHERE tabid = ?', (table.tabid,)
    ).fetchall()
    for name, idxtype, *numbers in rows:
        keys = [n for n in numbers if n]
        if any(abs(n) not in moved for n in keys):
            children |= _drop_index_and_constraints(conn, name)
            continue
        renumbered = [moved[abs(n)] * (1 if n > 0 else -1) for n in keys]
        padded = renumbered + [0] * (16 - len(renumbered))
        assignments = ", ".join(f"part{n} = ?" for n in range(1, 17))
        conn.execute(
            f'UPDATE main."sysindices" SET {assignments} WHERE idxname = ?', (*padded, name)
        )
        columns = [table.columns[abs(n) - 1].name for n in renumbered]
        descending = [n < 0 for n in renumbered]
        ddl.create_sqlite_index(conn, table, name, columns, descending, idxtype == "U")
    return children


def _drop_index_and_constraints(conn: sqlite3.Connection, index: str) -> set[int]:
    """Drop an index's catalog rows, its constraints and the referential constraints
    pointing at them; the tables owning those (their triggers need refreshing)."""
    children: set[int] = set()
    ids = conn.execute(
        'SELECT constrid FROM main."sysconstraints" WHERE idxname = ?', (index,)
    ).fetchall()
    for (constrid,) in ids:
        for child_tabid, child_index in conn.execute(
            'SELECT c.tabid, c.idxname FROM main."sysconstraints" c JOIN main."sysreferences" r'
            ' ON r.constrid = c.constrid WHERE r."primary" = ?',
            (constrid,),
        ).fetchall():
            children.add(child_tabid)
            delete_constraint_rows(conn, "main", "idxname = ?", (child_index,))
            drop_index_rows(conn, child_index)
    delete_constraint_rows(conn, "main", "idxname = ?", (index,))
    conn.execute('DELETE FROM main."sysindices" WHERE idxname = ?', (index,))
    return children


def _refresh_children(session: Session, conn: sqlite3.Connection, tabids: set[int]) -> None:
    if not tabids:
        return
    tables = load_schema(conn, session.database or "").tables.values()
    for table in tables:
        if table.tabid in tabids:
            install_triggers(session, conn, table)


def _rewrite_checks(conn: sqlite3.Connection, tabid: int, moved: dict[int, int]) -> None:
    for constrid, colno in conn.execute(
        'SELECT constrid, colno FROM main."syscoldepend" WHERE tabid = ?', (tabid,)
    ).fetchall():
        if colno not in moved:
            delete_constraint_rows(conn, "main", "constrid = ?", (constrid,))
        else:
            conn.execute(
                'UPDATE main."syscoldepend" SET colno = ? WHERE constrid = ? AND colno = ?',
                (-moved[colno], constrid, colno),
            )
    conn.execute(
        'UPDATE main."syscoldepend" SET colno = -colno WHERE tabid = ? AND colno < 0', (tabid,)
    )


# -- constraints -------------------------------------------------------------------------------
def _add_keys(
    session: Session, conn: sqlite3.Connection, table: TableInfo, keys: list[KeyDef]
) -> TableInfo:
    unique = [key for key in keys if key.kind in ("P", "U")]
    others = [key for key in keys if key.kind not in ("P", "U")]
    taken = _last_index_number(conn, table.tabid)
    added: list[UniqueKey] = []
    for key in unique:
        if key.kind == "P" and any(k.primary for k in table.unique_keys):
            raise SqlError(errors.CONSTRAINT_NAME_EXISTS, text="primary key")
        number = taken + len(added) + 1
        made = UniqueKey(
            key.name or f"{key.kind.lower()}{table.tabid}_{number}",
            f" {table.tabid}_{number}",
            tuple(key.columns),
            key.kind == "P",
            table.owner,
        )
        for column in made.columns:
            if table.column(column) is None:
                raise SqlError(errors.COLUMN_NOT_FOUND, text=column)
        try:
            ddl.create_sqlite_index(conn, table, made.index, list(made.columns), [], True)
        except sqlite3.IntegrityError:
            raise SqlError(errors.DUPLICATE_UNIQUE_DATA, text=made.constraint) from None
        ddl.write_unique_key(conn, table, made)
        added.append(made)
    table = replace(table, unique_keys=(*table.unique_keys, *added))
    ddl.add_constraints(session, conn, table, others, taken + len(added))
    _verify_existing_rows(session, conn, table, others)
    return table


def _last_index_number(conn: sqlite3.Connection, tabid: int) -> int:
    """Highest n among the generated index names ` <tabid>_<n>` of a table."""
    prefix = f" {tabid}_"
    numbers = [
        int(name[len(prefix) :])
        for (name,) in conn.execute(
            'SELECT idxname FROM main."sysindices" WHERE tabid = ?', (tabid,)
        ).fetchall()
        if name.startswith(prefix) and name[len(prefix) :].isdigit()
    ]
    return max(numbers, default=0)


def _verify_existing_rows(
    session: Session, conn: sqlite3.Connection, table: TableInfo, keys: list[KeyDef]
) -> None:
    """A new CHECK or REFERENCES must already hold for the rows in the table."""
    from .compile.check import compile_check

    for key in keys:
        if key.kind == "C":
            condition = compile_check(session, table, key.check or "", table.qualified)
            sql = f"SELECT 1 FROM {table.qualified} WHERE ({condition}) = 0 LIMIT 1"
            if conn.execute(sql).fetchone() is not None:
                raise SqlError(errors.CHECK_FAILED, text=key.name or "")
    # Referential: replaying an UPDATE of the key columns fires the child triggers.
    for key in keys:
        if key.kind == "R" and key.columns:
            column = quote(key.columns[0])
            conn.execute(f"UPDATE {table.qualified} SET {column} = {column}")


def _drop_constraint(conn: sqlite3.Connection, table: TableInfo, name: str) -> set[int]:
    row = conn.execute(
        'SELECT constrid, constrtype, idxname FROM main."sysconstraints" '
        "WHERE constrname = ? AND tabid = ?",
        (name, table.tabid),
    ).fetchone()
    if row is None:
        raise SqlError(CONSTRAINT_NOT_FOUND, text=name)
    constrid, kind, index = row
    if kind in ("P", "U"):
        children = _drop_index_and_constraints(conn, index)
        conn.execute(f"DROP INDEX IF EXISTS main.{quote(ddl.index_sqlite_name(index))}")
        conn.execute(
            'UPDATE main."systables" SET nindexes = nindexes - 1 WHERE tabid = ?', (table.tabid,)
        )
        return children
    delete_constraint_rows(conn, "main", "constrid = ?", (constrid,))
    if kind == "R" and index:
        drop_index_rows(conn, index)
    return set()


__all__ = ["alter_table"]
