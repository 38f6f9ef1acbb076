"""FOREIGN KEY / REFERENCES and CHECK constraints: catalog rows and enforcement.

Enforcement uses SQLite triggers generated from the catalog, never SQLite's
own foreign keys, so each violation names its constraint with the Informix
code (RAISE messages `ifx:<sqlcode>:<owner.constraint>`, mapped in errmap):

* -691 a child row (INSERT/UPDATE) whose key has no parent row;
* -692 a parent row (DELETE/UPDATE of the key) that is still referenced
  (ON DELETE CASCADE deletes the children instead);
* -530 a row for which a CHECK condition is false (unknown passes).

The triggers run AFTER each row, so a row may reference itself, and RAISE
undoes the whole statement (Informix checks constraints per statement).
Every DDL that touches a table calls `install_triggers` for it again.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from . import errors
from .catalog.constraints import (
    CheckConstraint,
    ForeignKey,
    check_chunks,
    load_checks,
    load_foreign_keys,
)
from .catalog.model import TableInfo, load_schema
from .catalog.writer import (
    delete_constraint_rows,
    insert_constraint_row,
    insert_index_rows,
    quote,
)
from .errors import SqlError
from .sql.ddl_parse import KeyDef

if TYPE_CHECKING:
    from .session import Session

TRIGGER_PREFIX = "ifx__k"
MISSING_UNIQUE_KEY = -297  # referenced columns are not a primary key or unique constraint


def raise_sql(code: int, owner: str, name: str) -> str:
    message = f"ifx:{code}:{owner}.{name}".replace("'", "''")
    return f"SELECT RAISE(ABORT, '{message}');"


# -- catalog rows ------------------------------------------------------------------------
def add_foreign_key(
    session: Session, conn: sqlite3.Connection, table: TableInfo, key: KeyDef, number: int
) -> None:
    reference = key.references
    assert reference is not None
    if reference.table.text == table.name and reference.owner is None:
        parent = table
    else:
        parent = session.find_table(None, reference.owner, reference.table.text)
    if parent.temp or table.temp or parent.tabtype != "T":
        raise SqlError(errors.NOT_IMPLEMENTED, text="REFERENCES on a temporary table or view")
    parent_columns = reference.columns or _primary_key_columns(conn, parent)
    if len(parent_columns) != len(key.columns):
        raise SqlError(errors.COLUMN_COUNT_MISMATCH)
    primary = _unique_constraint(conn, parent, parent_columns)
    index = f" {table.tabid}_{number}"
    colnos = [_colno(table, name) for name in key.columns]
    insert_index_rows(
        conn, "main", name=index, owner=table.owner, tabid=table.tabid, unique=False, colnos=colnos
    )
    name = insert_constraint_row(
        conn, "main", name=key.name, owner=table.owner, tabid=table.tabid, kind="R", index=index
    )
    constrid = _constrid(conn, name)
    conn.execute(
        'INSERT INTO main."sysreferences" (constrid, "primary", ptabid, updrule, delrule,'
        " matchtype, pendant) VALUES (?, ?, ?, 'R', ?, 'N', 'N')",
        (constrid, primary, parent.tabid, "C" if reference.cascade else "R"),
    )
    columns = ", ".join(quote(c) for c in key.columns)
    conn.execute(f'CREATE INDEX main."ifx__i_{index}" ON {quote(table.sqlite_name)} ({columns})')


def add_check(session: Session, conn: sqlite3.Connection, table: TableInfo, key: KeyDef) -> None:
    text = key.check or ""
    from .compile.check import check_columns

    colnos = sorted({_colno(table, name) for name in check_columns(session, table, text)})
    if table.temp:  # no catalog rows for temporary tables: the session keeps the check
        number = len(session.temp_checks.get(table.name, ())) + 1
        check = CheckConstraint(-number, key.name or f"c{table.tabid}_{number}", table.owner,
                                table.tabid, text)  # fmt: skip
        session.temp_checks.setdefault(table.name, []).append(check)
        return
    name = insert_constraint_row(
        conn, "main", name=key.name, owner=table.owner, tabid=table.tabid, kind="C", index=None
    )
    constrid = _constrid(conn, name)
    for seqno, chunk in enumerate(check_chunks(text)):
        conn.execute(
            'INSERT INTO main."syschecks" (constrid, type, seqno, checktext) '
            "VALUES (?, 'T', ?, ?)",
            (constrid, seqno, chunk),
        )
    for colno in colnos:
        conn.execute(
            'INSERT INTO main."syscoldepend" (constrid, tabid, colno) VALUES (?, ?, ?)',
            (constrid, table.tabid, colno),
        )


def _colno(table: TableInfo, name: str) -> int:
    column = table.column(name)
    if column is None:
        raise SqlError(errors.COLUMN_NOT_FOUND, text=name)
    return column.colno


def _constrid(conn: sqlite3.Connection, name: str) -> int:
    row = conn.execute(
        'SELECT constrid FROM main."sysconstraints" WHERE constrname = ?', (name,)
    ).fetchone()
    return int(row[0])


def _primary_key_columns(conn: sqlite3.Connection, parent: TableInfo) -> list[str]:
    for key in parent.unique_keys:
        if key.primary:
            return list(key.columns)
    raise SqlError(MISSING_UNIQUE_KEY, text=parent.name)


def _unique_constraint(conn: sqlite3.Connection, parent: TableInfo, columns: list[str]) -> int:
    """constrid of the parent's primary-key/unique constraint on exactly these columns."""
    for key in parent.unique_keys:
        if key.constraint and list(key.columns) == list(columns):
            row = conn.execute(
                'SELECT constrid FROM main."sysconstraints" WHERE constrname = ? AND tabid = ?',
                (key.constraint, parent.tabid),
            ).fetchone()
            if row is not None:
                return int(row[0])
    raise SqlError(MISSING_UNIQUE_KEY, text=parent.name)


def drop_references_to(session: Session, conn: sqlite3.Connection, parent: TableInfo) -> None:
    """Dropping a table drops the referential constraints of other tables that point at it."""
    children: dict[int, TableInfo] = {}
    for fk in load_foreign_keys(conn):
        if fk.parent_tabid != parent.tabid or fk.child_tabid == parent.tabid:
            continue
        index = conn.execute(
            'SELECT idxname FROM main."sysconstraints" WHERE constrid = ?', (fk.constrid,)
        ).fetchone()[0]
        delete_constraint_rows(conn, "main", "constrid = ?", (fk.constrid,))
        drop_index_rows(conn, index)
        by_tabid = {
            t.tabid: t for t in session.schema(session.database or "", "main").tables.values()
        }
        if fk.child_tabid in by_tabid:
            children[fk.child_tabid] = by_tabid[fk.child_tabid]
    for child in children.values():
        install_triggers(session, conn, child)


def drop_index_rows(conn: sqlite3.Connection, index: str) -> None:
    """An index's sysindices row, its SQLite index and the table's nindexes count."""
    row = conn.execute('SELECT tabid FROM main."sysindices" WHERE idxname = ?', (index,)).fetchone()
    if row is None:
        return
    conn.execute(f"DROP INDEX IF EXISTS main.{quote('ifx__i_' + index)}")
    conn.execute('DELETE FROM main."sysindices" WHERE idxname = ?', (index,))
    conn.execute('UPDATE main."systables" SET nindexes = nindexes - 1 WHERE tabid = ?', (row[0],))


# -- triggers ------------------------------------------------------------------------------------
def install_triggers(session: Session, conn: sqlite3.Connection, table: TableInfo) -> None:
    """(Re)create every constraint trigger that lives on `table`."""
    schema = "temp" if table.temp else "main"
    for (name,) in conn.execute(
        f"SELECT name FROM {schema}.sqlite_master WHERE type = 'trigger' AND tbl_name = ? "
        "AND name LIKE 'ifx\\_\\_k%' ESCAPE '\\'",
        (table.sqlite_name,),
    ).fetchall():
        conn.execute(f"DROP TRIGGER {schema}.{quote(name)}")
    statements: list[str] = []
    if not table.temp:
        by_tabid = {t.tabid: t for t in load_schema(conn, session.database or "").tables.values()}
        for fk in load_foreign_keys(conn):
            child, parent = by_tabid.get(fk.child_tabid), by_tabid.get(fk.parent_tabid)
            if child is None or parent is None:
                continue
            if child.tabid == table.tabid:
                statements.extend(_child_triggers(fk, child, parent))
            if parent.tabid == table.tabid:
                statements.extend(_parent_triggers(fk, child, parent))
        checks = load_checks(conn, table.tabid)
    else:
        checks = list(session.temp_checks.get(table.name, ()))
    for check in checks:
        statements.extend(_check_triggers(session, check, table))
    for statement in statements:
        conn.execute(statement)


def _names(table: TableInfo, colnos: tuple[int, ...]) -> list[str]:
    by_number = {c.colno: c.name for c in table.columns}
    return [by_number[n] for n in colnos]


def _trigger(name: str, when: str, table: TableInfo, condition: str, body: str) -> str:
    temp = "TEMP " if table.temp else ""
    target = quote(table.sqlite_name) if table.temp else table.qualified
    trigger = quote(f"{TRIGGER_PREFIX}{name}")
    return (
        f"CREATE {temp}TRIGGER {trigger} {when} ON {target} FOR EACH ROW "
        f"WHEN {condition} BEGIN {body} END"
    )


def _child_triggers(fk: ForeignKey, child: TableInfo, parent: TableInfo) -> list[str]:
    cols, pcols = _names(child, fk.child_columns), _names(parent, fk.parent_columns)
    present = " AND ".join(f"NEW.{quote(c)} IS NOT NULL" for c in cols)
    match = " AND ".join(f"p.{quote(p)} = NEW.{quote(c)}" for c, p in zip(cols, pcols, strict=True))
    orphan = f"{present} AND NOT EXISTS (SELECT 1 FROM {parent.qualified} AS p WHERE {match})"
    body = raise_sql(errors.MISSING_PARENT_KEY, fk.owner, fk.name)
    updated = ", ".join(quote(c) for c in cols)
    return [
        _trigger(f"{fk.constrid}_ci", "AFTER INSERT", child, orphan, body),
        _trigger(f"{fk.constrid}_cu", f"AFTER UPDATE OF {updated}", child, orphan, body),
    ]


def _parent_triggers(fk: ForeignKey, child: TableInfo, parent: TableInfo) -> list[str]:
    cols, pcols = _names(child, fk.child_columns), _names(parent, fk.parent_columns)
    match = " AND ".join(f"k.{quote(c)} = OLD.{quote(p)}" for c, p in zip(cols, pcols, strict=True))
    referenced = f"EXISTS (SELECT 1 FROM {child.qualified} AS k WHERE {match})"
    body = raise_sql(errors.KEY_STILL_REFERENCED, fk.owner, fk.name)
    changed = " OR ".join(f"OLD.{quote(p)} IS NOT NEW.{quote(p)}" for p in pcols)
    keys = ", ".join(quote(p) for p in pcols)
    update = _trigger(
        f"{fk.constrid}_pu",
        f"AFTER UPDATE OF {keys}",
        parent,
        f"({changed}) AND {referenced}",
        body,
    )
    if fk.cascade:
        plain = " AND ".join(
            f"{quote(c)} = OLD.{quote(p)}" for c, p in zip(cols, pcols, strict=True)
        )
        # Statements in a trigger body may not name a schema: the child is in `main` too.
        cascade = f"DELETE FROM {quote(child.sqlite_name)} WHERE {plain};"
        return [_trigger(f"{fk.constrid}_pd", "AFTER DELETE", parent, "1", cascade), update]
    return [_trigger(f"{fk.constrid}_pd", "AFTER DELETE", parent, referenced, body), update]


def _check_triggers(session: Session, check: CheckConstraint, table: TableInfo) -> list[str]:
    from .compile.check import compile_check

    condition = compile_check(session, table, check.text, "NEW")
    failed = f"({condition}) = 0"
    body = raise_sql(errors.CHECK_FAILED, check.owner, check.name)
    return [
        _trigger(f"{check.constrid}_ki", "AFTER INSERT", table, failed, body),
        _trigger(f"{check.constrid}_ku", "AFTER UPDATE", table, failed, body),
    ]


__all__ = ["add_check", "add_foreign_key", "install_triggers", "raise_sql"]
