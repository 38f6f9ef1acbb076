"""Compiled statements (`Plan`s) and the `Prepared` handle the protocol layer uses."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from informix_db.protocol.codes import IfxType

from . import errors
from .api import BoundValue, ExecResult, ResultColumn
from .backend.errmap import Access
from .binding import bind, described_param
from .catalog.model import ColumnInfo, TableInfo
from .compile.context import ParamSlot
from .cursor import IteratorRows, RawRows, ResultCursor
from .errors import SqlError

if TYPE_CHECKING:
    from .session import Session

CommandAction = Callable[["Session", list[object]], ExecResult]
RowSource = Callable[["Session", list[object]], Iterator[tuple[object, ...]]]


@dataclass
class Plan:
    """Everything `prepare` decided; executed against the session that made it."""

    stmt_type: int
    columns: list[ResultColumn] = field(default_factory=list)
    params: list[ParamSlot] = field(default_factory=list)
    returns_rows: bool = False
    sql: str = ""
    access: Access = Access.READ
    table: TableInfo | None = None  # DML target
    param_defaults: dict[int, ColumnInfo] = field(default_factory=dict)
    action: CommandAction | None = None  # commands, DDL, INTO TEMP
    cacheable: bool = True
    variables: list[str] = field(default_factory=list)  # SPL variables bound after the `?`s
    rows: RowSource | None = None  # rows made in Python (EXECUTE FUNCTION) instead of SQL
    # SELECT ... FOR UPDATE: locks like an UPDATE of `lock_table`; its SQL ends
    # with the rowid column (hidden from the client) that WHERE CURRENT OF uses.
    for_update: bool = False
    lock_table: str = ""
    current_of: str | None = None  # UPDATE/DELETE ... WHERE CURRENT OF this cursor

    def run_dml(self, session: Session, args: list[object]) -> ExecResult:
        table = self.table
        assert table is not None
        keys = table.unique_keys
        serial = table.serial_column
        if serial is not None:
            session.prepare_serial(table, serial)

        if self.current_of is not None:
            args = [*args, session.current_rowid(self.current_of)]

        def action(conn: sqlite3.Connection) -> ExecResult:
            cursor = conn.execute(self.sql, args)
            result = ExecResult(rowcount=max(cursor.rowcount, 0), rowid=cursor.lastrowid or 0)
            if serial is not None and session.assigned_serial is not None:
                _report_serial(result, serial, session.assigned_serial)
                session.persist_serial(conn, table, session.assigned_serial)
            return result

        temp_only = table.temp
        return session.run_write(
            self.access, action, keys, immediate=not temp_only, table=table.name
        )


def _report_serial(result: ExecResult, column: ColumnInfo, value: int) -> None:
    if column.type.code == IfxType.SERIAL:
        result.serial = value
    elif column.type.code == IfxType.SERIAL8:
        result.serial8 = value
    else:
        result.bigserial = value


class Prepared:
    def __init__(self, session: Session, plan: Plan) -> None:
        self._session = session
        self._plan = plan
        self.stmt_type = plan.stmt_type
        self.columns = plan.columns
        self.params = [described_param(slot) for slot in plan.params]
        self.returns_rows = plan.returns_rows
        self.for_update = plan.for_update
        self.lock_table = plan.lock_table
        self._released = False

    def _bind(self, params: Sequence[BoundValue]) -> list[object]:
        session = self._session
        return bind(
            params,
            self._plan.params,
            self._plan.param_defaults,
            session.conv,
            session.default_value,
        )

    def execute(self, params: Sequence[BoundValue]) -> ExecResult:
        with errors.reported_as(errors.INTERNAL):
            return self._execute(params)

    def _execute(self, params: Sequence[BoundValue]) -> ExecResult:
        self._check()
        plan = self._plan
        args = self._session.guard(lambda: self._bind(params))
        if plan.action is not None:
            result = plan.action(self._session, args)
        elif plan.table is not None:
            result = plan.run_dml(self._session, args)
        elif plan.returns_rows:
            cursor = self._open(params, False)
            rows = 0
            while batch := cursor.fetch(1000):
                rows += len(batch)
            cursor.close()
            result = ExecResult(rowcount=rows)
        else:
            raise SqlError(errors.NOT_IMPLEMENTED, text="statement")
        self._session.record_result(result)
        return result

    def open(self, params: Sequence[BoundValue], scrollable: bool = False) -> ResultCursor:
        with errors.reported_as(errors.INTERNAL):
            return self._open(params, scrollable)

    def _open(self, params: Sequence[BoundValue], scrollable: bool) -> ResultCursor:
        self._check()
        plan = self._plan
        if not plan.returns_rows:
            raise SqlError(errors.NOT_A_QUERY)
        args = self._session.guard(lambda: self._bind(params))
        source: RawRows
        if plan.rows is not None:
            source = IteratorRows(plan.rows(self._session, args))
        else:
            source = self._session.run_query(
                plan.sql, args, for_update=plan.for_update, table=plan.lock_table
            )
        types = [column.type for column in plan.columns]
        return ResultCursor(self._session, source, types, scrollable, with_rowid=plan.for_update)

    def release(self) -> None:
        self._released = True

    def _check(self) -> None:
        if self._released:
            raise SqlError(errors.STATEMENT_RELEASED)


def command_plan(stmt_type: int, action: CommandAction, cacheable: bool = False) -> Plan:
    return Plan(stmt_type, action=action, cacheable=cacheable)


__all__ = ["Plan", "Prepared", "command_plan"]
