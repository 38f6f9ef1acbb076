"""CREATE VIEW / DROP VIEW, and dropping the views that depend on a dropped table.

A view is compiled once, when it is created: the SQLite view selects the
compiled query (storage encodings of the described types) under the view's
column names, and the catalog gets a systables row (tabtype V), syscolumns
with the described types, the statement text in sysviews (64-byte chunks)
and a sysdepend row per table or view it reads. The binder then treats the
view like a table; INSERT/UPDATE/DELETE through a view are refused.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from . import errors
from .api import ExecResult
from .catalog.model import ColumnInfo, TableInfo
from .catalog.schema import sqlite_table_name
from .catalog.writer import (
    delete_table_rows,
    insert_default_privileges,
    insert_syscolumns_rows,
    insert_systables_row,
    next_tabid,
    quote,
)
from .errors import SqlError
from .sql.alter_parse import CreateView, DropView
from .types.info import with_nullable

if TYPE_CHECKING:
    from .session import Session

VIEW_CHUNK = 64


def create_view(session: Session, command: CreateView) -> ExecResult:
    from .planner import compile_query

    name = command.name.text
    schema = session.schema(session.database or "", "main")
    if schema.table(name) is not None or name in session.temp_tables:
        if command.if_not_exists:
            return ExecResult()
        raise SqlError(errors.TABLE_EXISTS, text=name)
    result, ctx = compile_query(session, command.query)
    if any(
        t.startswith("temp:") or not t.startswith(f"{session.database}:") for t in ctx.tables_read
    ):
        raise SqlError(errors.NOT_IMPLEMENTED, text="view over a temporary or remote table")
    labels = _labels(command.columns, [c.name for c in result.columns])
    owner = command.owner or session.user

    def action(conn: sqlite3.Connection) -> ExecResult:
        tabid = next_tabid(conn)
        columns = tuple(
            ColumnInfo(label, n, with_nullable(c.type, c.type.nullable))
            for n, (label, c) in enumerate(zip(labels, result.columns, strict=True), 1)
        )
        view = TableInfo(name, owner, tabid, columns, tabtype="V", database=session.database or "")
        select = ", ".join(f"c{n} AS {quote(label)}" for n, label in enumerate(labels, 1))
        conn.execute(f"CREATE VIEW {view.qualified} AS SELECT {select} FROM ({result.sql})")
        insert_systables_row(conn, "main", view)
        insert_syscolumns_rows(conn, "main", tabid, columns)
        insert_default_privileges(conn, view, public=public_by_default(session))
        _write_text(conn, tabid, command.text)
        _write_dependencies(conn, session, tabid, ctx.tables_read)
        return ExecResult()

    return session.run_ddl(action)


def public_by_default(session: Session) -> bool:
    """New tables and views grant PUBLIC access except in ANSI databases or with NODEFDAC=yes."""
    return not session.ansi and session.env.get("NODEFDAC", "no").strip().lower() != "yes"


def _labels(given: list[str], described: list[str]) -> list[str]:
    if given and len(given) != len(described):
        raise SqlError(errors.COLUMN_COUNT_MISMATCH)
    labels = given or described
    if any(label.startswith("(") for label in labels) or len(set(labels)) != len(labels):
        raise SqlError(errors.SYNTAX)  # expressions need names in the view's column list
    return labels


def _write_text(conn: sqlite3.Connection, tabid: int, text: str) -> None:
    chunks = [text[i : i + VIEW_CHUNK] for i in range(0, len(text), VIEW_CHUNK)]
    conn.executemany(
        'INSERT INTO main."sysviews" (tabid, seqno, viewtext) VALUES (?, ?, ?)',
        [(tabid, seqno, chunk) for seqno, chunk in enumerate(chunks)],
    )


def _write_dependencies(
    conn: sqlite3.Connection, session: Session, tabid: int, tables: set[str]
) -> None:
    for qualified in sorted(tables):
        base = session.find_table(None, None, qualified.split(":", 1)[1])
        conn.execute(
            'INSERT INTO main."sysdepend" (btabid, btype, dtabid, dtype) VALUES (?, ?, ?, ?)',
            (base.tabid, base.tabtype, tabid, "V"),
        )


def drop_view(session: Session, command: DropView) -> ExecResult:
    try:
        view = session.find_table(None, command.owner, command.name.text)
    except SqlError:
        if command.if_exists:
            return ExecResult()
        raise
    if view.tabtype != "V":
        raise SqlError(errors.TABLE_NOT_FOUND, errors.ISAM_NOT_FOUND, view.name)

    def action(conn: sqlite3.Connection) -> ExecResult:
        drop_dependent_views(conn, view.tabid)
        _drop_one(conn, view.tabid)
        return ExecResult()

    return session.run_ddl(action)


def drop_dependent_views(conn: sqlite3.Connection, tabid: int) -> None:
    """Views reading table/view `tabid`, transitively (DROP TABLE and DROP VIEW cascade)."""
    for (dependent,) in conn.execute(
        'SELECT DISTINCT dtabid FROM main."sysdepend" WHERE btabid = ?', (tabid,)
    ).fetchall():
        drop_dependent_views(conn, dependent)
        _drop_one(conn, dependent)
    conn.execute('DELETE FROM main."sysdepend" WHERE btabid = ?', (tabid,))


def _drop_one(conn: sqlite3.Connection, tabid: int) -> None:
    row = conn.execute('SELECT tabname FROM main."systables" WHERE tabid = ?', (tabid,)).fetchone()
    if row is None:
        return
    conn.execute(f"DROP VIEW IF EXISTS main.{quote(sqlite_table_name(row[0]))}")
    conn.execute('DELETE FROM main."sysviews" WHERE tabid = ?', (tabid,))
    conn.execute('DELETE FROM main."sysdepend" WHERE dtabid = ?', (tabid,))
    delete_table_rows(conn, "main", tabid)


__all__ = ["create_view", "drop_dependent_views", "drop_view"]
