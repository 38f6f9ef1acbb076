"""Plans for statements the engine executes itself (databases, transactions, settings, DDL)."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from informix_db.protocol.codes import StmtType

from . import alter, ddl, errors, objects, table_ops, views
from .api import ExecResult, ResultColumn
from .backend.errmap import Access
from .catalog.model import ColumnInfo, TableInfo
from .catalog.writer import quote, sqlite_create_table
from .errors import SqlError
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
    session.require_conn()
    if isinstance(command, CreateTable):
        stmt_type = StmtType.CTEMP if command.temp else StmtType.CRETAB
        return command_plan(stmt_type, lambda s, a: ddl.create_table(s, command))
    if isinstance(command, DropTable):
        return command_plan(StmtType.DRPTAB, lambda s, a: ddl.drop_table(s, command))
    if isinstance(command, CreateIndex):
        return command_plan(StmtType.CREIDX, lambda s, a: ddl.create_index(s, command))
    if isinstance(command, DropIndex):
        return command_plan(StmtType.DRPIDX, lambda s, a: ddl.drop_index(s, command))
    return _schema_change_plan(command)


def _schema_change_plan(command: Command) -> Plan:
    """ALTER / RENAME / TRUNCATE / views: executed by their own modules."""
    if isinstance(command, AlterTable):
        return command_plan(StmtType.ALTER, lambda s, a: alter.alter_table(s, command))
    if isinstance(command, RenameTable):
        return command_plan(StmtType.RENTAB, lambda s, a: table_ops.rename_table(s, command))
    if isinstance(command, RenameColumn):
        return command_plan(StmtType.RENCOL, lambda s, a: table_ops.rename_column(s, command))
    if isinstance(command, Truncate):
        return command_plan(TRUNCATE_TYPE, lambda s, a: table_ops.truncate(s, command))
    if isinstance(command, CreateView):
        return command_plan(StmtType.CREVIEW, lambda s, a: views.create_view(s, command))
    if isinstance(command, DropView):
        return command_plan(StmtType.DROPVIEW, lambda s, a: views.drop_view(s, command))
    return _object_plan(command)


# Informix statement types of CREATE/DROP SEQUENCE are not among JDBC's constants;
# they are reported like CREATE/DROP TABLE (clients only test for 2 and 56).
_OBJECT_TYPES = {"synonym": StmtType.DROPSYN, "sequence": StmtType.DRPTAB}


def _object_plan(command: Command) -> Plan:
    if isinstance(command, CreateSynonym):
        return command_plan(StmtType.CREASYN, lambda s, a: objects.create_synonym(s, command))
    if isinstance(command, CreateSequence):
        return command_plan(StmtType.CRETAB, lambda s, a: objects.create_sequence(s, command))
    if isinstance(command, DropObject):
        kind = _OBJECT_TYPES[command.kind]
        return command_plan(kind, lambda s, a: objects.drop_object(s, command))
    raise SqlError(errors.SYNTAX)


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
