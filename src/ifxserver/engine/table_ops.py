"""RENAME TABLE, RENAME COLUMN and TRUNCATE.

SQLite's own ALTER TABLE RENAME rewrites the indexes, triggers and views that
name the table or column, so only the catalog rows need changing here.
TRUNCATE removes every row as one statement: a referenced parent still
reports -692, and SERIAL counters keep counting (as after DELETE).
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from typing import TYPE_CHECKING

from . import errors
from .api import ExecResult
from .backend.errmap import Access
from .catalog.model import TableInfo
from .catalog.schema import FIRST_USER_TABID, sqlite_table_name
from .catalog.writer import quote
from .errors import SqlError
from .sql.alter_parse import RenameColumn, RenameTable, Truncate

if TYPE_CHECKING:
    from .session import Session

COLUMN_EXISTS = -328


def _user_table(session: Session, owner: str | None, name: str) -> TableInfo:
    table = session.find_table(None, owner, name)
    if table.tabtype != "T" or (table.tabid < FIRST_USER_TABID and not table.temp):
        raise SqlError(errors.NOT_IMPLEMENTED, text=f"changing {table.name}")
    return table


def rename_table(session: Session, command: RenameTable) -> ExecResult:
    table = _user_table(session, command.owner, command.name.text)
    if table.temp:
        raise SqlError(errors.NOT_IMPLEMENTED, text="RENAME of a temporary table")
    new = command.new_name
    if session.schema(session.database or "", "main").table(new) is not None:
        raise SqlError(errors.TABLE_EXISTS, text=new)

    def action(conn: sqlite3.Connection) -> ExecResult:
        conn.execute(f"ALTER TABLE {table.qualified} RENAME TO {quote(sqlite_table_name(new))}")
        conn.execute('UPDATE main."systables" SET tabname = ? WHERE tabid = ?', (new, table.tabid))
        return ExecResult()

    return session.run_ddl(action)


def rename_column(session: Session, command: RenameColumn) -> ExecResult:
    table = _user_table(session, command.owner, command.table.text)
    if table.column(command.column) is None:
        raise SqlError(errors.COLUMN_NOT_FOUND, text=command.column)
    if table.column(command.new_name) is not None:
        raise SqlError(COLUMN_EXISTS, text=command.new_name)
    target = quote(table.sqlite_name) if table.temp else table.qualified

    def action(conn: sqlite3.Connection) -> ExecResult:
        old, new = quote(command.column), quote(command.new_name)
        conn.execute(f"ALTER TABLE {target} RENAME COLUMN {old} TO {new}")
        if not table.temp:
            conn.execute(
                'UPDATE main."syscolumns" SET colname = ? WHERE tabid = ? AND colname = ?',
                (command.new_name, table.tabid, command.column),
            )
        return ExecResult()

    result = session.run_write(Access.DDL, action, immediate=not table.temp)
    if table.temp:
        renamed = tuple(
            replace(c, name=command.new_name) if c.name == command.column else c
            for c in table.columns
        )
        session.add_temp_table(replace(table, columns=renamed))
    else:
        session.after_ddl()
    return result


def truncate(session: Session, command: Truncate) -> ExecResult:
    table = _user_table(session, command.owner, command.name.text)

    def action(conn: sqlite3.Connection) -> ExecResult:
        conn.execute(f"DELETE FROM {table.qualified}")
        return ExecResult()

    return session.run_write(Access.DELETE, action, immediate=not table.temp)


__all__ = ["rename_column", "rename_table", "truncate"]
