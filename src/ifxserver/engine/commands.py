"""Plans for statements the engine executes itself (databases, transactions, settings, DDL)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from informix_db.protocol.codes import StmtType

from . import alter, ddl, errors, objects, table_ops, views
from .api import ExecResult, ResultColumn
from .backend.errmap import Access
from .catalog.model import ColumnInfo, TableInfo
from .catalog.writer import quote, sqlite_create_table
from .errors import SqlError
from .grants import Grant, run_grant
from .prepared import Plan, command_plan
from .sql.alter_parse import (
    AlterTable,
    CreateView,
    DropView,
    RenameColumn,
    RenameTable,
    Truncate,
)
from .sql.ddl_parse import CreateIndex, CreateTable, DropIndex, DropTable
from .sql.objects_parse import CreateSequence, CreateSynonym, DropObject
from .sql.prepass import IntoTemp
from .sql.statements import (
    Command,
    CreateDatabase,
    DatabaseCmd,
    DropDatabase,
    SessionSetting,
    TableCommand,
    Transaction,
)
from .types.chars import database_locale
from .types.info import with_nullable

if TYPE_CHECKING:
    from .session import Session

TRUNCATE_TYPE = 32  # statement type of a DELETE without WHERE (SQ_DELALL)
_TRANSACTION_TYPES = {
    "begin": StmtType.BEGWORK,
    "commit": StmtType.COMMIT,
    "rollback": StmtType.ROLLBACK,
    "savepoint": StmtType.SAVEPOINT,
    "release": StmtType.SAVEPOINT,
    "rollback_to": StmtType.SAVEPOINT,
}


def command_to_plan(session: Session, command: Command) -> Plan:
    if isinstance(command, DatabaseCmd):
        return command_plan(StmtType.DATABASE, lambda s, a: _open(s, command.name))
    if isinstance(command, CreateDatabase):
        return command_plan(StmtType.CREADB, lambda s, a: _create_database(s, command))
    if isinstance(command, DropDatabase):
        return command_plan(StmtType.DROPDB, lambda s, a: _drop_database(s, command))
    if isinstance(command, Transaction):
        return command_plan(
            _TRANSACTION_TYPES[command.action], lambda s, a: _transaction(s, command)
        )
    if isinstance(command, SessionSetting):
        return command_plan(command.stmt_type, lambda s, a: _setting(s, command))
    if isinstance(command, TableCommand):
        return _table_command(session, command)
    if isinstance(command, Grant):
        stmt_type = StmtType.REVOKE if command.revoke else StmtType.GRANT
        return command_plan(stmt_type, lambda s, a: run_grant(s, command))
    session.require_conn()
    if isinstance(command, CreateTable):
        stmt_type = StmtType.CTEMP if command.temp else StmtType.CRETAB
        return command_plan(stmt_type, lambda s, a: ddl.create_table(s, command))
    if isinstance(command, DropObject):
        kind = StmtType.DROPSYN if command.kind == "synonym" else StmtType.DRPTAB
        return command_plan(kind, lambda s, a: objects.drop_object(s, command))
    entry = _SCHEMA_CHANGES.get(type(command))
    if entry is None:
        raise SqlError(errors.SYNTAX)
    change_type, run = entry
    return command_plan(change_type, lambda s, a: run(s, command))


# Statement type and executor of each schema change. CREATE/DROP SEQUENCE have no
# statement type among JDBC's constants: they are reported as CREATE/DROP TABLE
# (clients only look for 2 and 56).
_SCHEMA_CHANGES: dict[type, tuple[int, Callable[[Session, Any], ExecResult]]] = {
    DropTable: (StmtType.DRPTAB, ddl.drop_table),
    CreateIndex: (StmtType.CREIDX, ddl.create_index),
    DropIndex: (StmtType.DRPIDX, ddl.drop_index),
    AlterTable: (StmtType.ALTER, alter.alter_table),
    RenameTable: (StmtType.RENTAB, table_ops.rename_table),
    RenameColumn: (StmtType.RENCOL, table_ops.rename_column),
    Truncate: (TRUNCATE_TYPE, table_ops.truncate),
    CreateView: (StmtType.CREVIEW, views.create_view),
    DropView: (StmtType.DROPVIEW, views.drop_view),
    CreateSynonym: (StmtType.CREASYN, objects.create_synonym),
    CreateSequence: (StmtType.CRETAB, objects.create_sequence),
}


# -- databases ---------------------------------------------------------------------------------
def _open(session: Session, name: str) -> ExecResult:
    return ExecResult(db_flags=session.open_database(name))


def _create_database(session: Session, command: CreateDatabase) -> ExecResult:
    instance = session.instance
    exists = command.name in instance.databases()
    if not (exists and command.if_not_exists):
        if session.in_transaction:
            raise SqlError(errors.CLOSE_WITH_OPEN_TRANSACTION)
        instance.create_database(
            command.name, command.logging, session.user, database_locale(session.env)
        )
    return ExecResult(db_flags=session.open_database(command.name))


def _drop_database(session: Session, command: DropDatabase) -> ExecResult:
    if command.if_exists and command.name not in session.instance.databases():
        return ExecResult()
    session.instance.drop_database(command.name)
    return ExecResult()


# -- transactions and settings
def _transaction(session: Session, command: Transaction) -> ExecResult:
    if command.action == "begin":
        session.begin()
    elif command.action == "commit":
        session.commit()
    elif command.action == "rollback":
        session.rollback()
    else:
        session.savepoint(command.action, command.savepoint)
    return ExecResult()


def _setting(session: Session, command: SessionSetting) -> ExecResult:
    if command.isolation is not None:
        session.isolation = command.isolation
    if command.lock_wait is not None:
        session.set_lock_wait(command.lock_wait)
    return ExecResult()


def _table_command(session: Session, command: TableCommand) -> Plan:
    if command.stmt_type == StmtType.CLSDB:
        return command_plan(StmtType.CLSDB, lambda s, a: _close(s))
    session.require_conn()
    table = None
    if command.table is not None:
        table = session.find_table(command.database, command.owner, command.table.text)
    if command.stmt_type == StmtType.STATS:
        return command_plan(StmtType.STATS, lambda s, a: _update_statistics(s, table))
    return command_plan(command.stmt_type, lambda s, a: ExecResult())


def _close(session: Session) -> ExecResult:
    session.close_database()
    return ExecResult()


def _update_statistics(session: Session, table: TableInfo | None) -> ExecResult:
    """Refresh systables.nrows (the only statistic the emulator keeps)."""
    if table is not None and (table.temp or table.database != session.database):
        return ExecResult()
    schema = session.schema(session.database or "", "main")
    targets = (
        [table] if table is not None else [t for t in schema.tables.values() if t.tabtype == "T"]
    )

    def action(conn: sqlite3.Connection) -> ExecResult:
        for target in targets:
            count = conn.execute(f"SELECT count(*) FROM {target.qualified}").fetchone()[0]
            conn.execute(
                'UPDATE main."systables" SET nrows = ? WHERE tabid = ?',
                (float(count), target.tabid),
            )
        return ExecResult()

    return session.run_write(Access.DDL, action)


# -- SELECT ... INTO TEMP
def select_into_temp(sql: str, columns: list[ResultColumn], target: IntoTemp) -> Plan:
    def action(session: Session, args: list[object]) -> ExecResult:
        name = target.name.text
        if name in session.temp_tables:
            raise SqlError(errors.TABLE_EXISTS, text=name)
        table = _temp_table(session, name, columns)

        def run(conn: sqlite3.Connection) -> ExecResult:
            conn.execute(sqlite_create_table(table, temp=True))
            names = ", ".join(quote(c.name) for c in table.columns)
            cursor = conn.execute(f"INSERT INTO {table.qualified} ({names}) {sql}", args)
            return ExecResult(rowcount=max(cursor.rowcount, 0))

        result = session.run_write(Access.INSERT, run, immediate=False)
        session.add_temp_table(table)
        return result

    return Plan(StmtType.SELINTO, [], action=action, cacheable=False)


def _temp_table(session: Session, name: str, columns: list[ResultColumn]) -> TableInfo:
    seen: set[str] = set()
    infos = []
    for colno, column in enumerate(columns, 1):
        label = column.name if not column.name.startswith("(") else f"expr{colno}"
        while label in seen:
            label = f"{label}_{colno}"
        seen.add(label)
        infos.append(ColumnInfo(label, colno, with_nullable(column.type, True)))
    return TableInfo(
        name,
        session.user,
        ddl.TEMP_TABID_BASE + 10_000_000 + session.temp_version,
        tuple(infos),
        schema="temp",
        database="temp",
        temp=True,
    )
