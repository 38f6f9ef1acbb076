"""Statement text -> `Plan`: classification, pre-pass, parsing and compilation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from informix_db.protocol.codes import StmtType
from informix_db.protocol.coltype import ColumnType

from . import errors, positioned
from .api import ResultColumn
from .commands import command_to_plan, select_into_temp
from .compile.context import CompileContext
from .compile.dml import DmlCompiler
from .compile.select import SelectCompiler, SelectResult
from .errors import SqlError
from .prepared import Plan
from .spl.plans import spl_plan
from .sql.dialect import exp, parse_statement
from .sql.lexer import Token, tokenize
from .sql.prepass import Prepassed, prepass
from .sql.statements import is_query, parse_command

if TYPE_CHECKING:
    from .session import Session


def plan_statement(
    session: Session, sql: str, variables: dict[str, ColumnType] | None = None
) -> Plan:
    """Compile one statement; `variables` are SPL variables (names a column does not claim)."""
    tokens = tokenize(sql, session.delimident)
    if tokens and tokens[-1].is_op(";"):
        tokens = tokens[:-1]
    if not tokens:
        raise SqlError(errors.SYNTAX)
    routine_plan = spl_plan(session, sql, tokens, variables or {})
    if routine_plan is not None:
        return routine_plan
    if not is_query(tokens):
        return command_to_plan(session, parse_command(tokens, session.ansi, sql))
    cursor_name = positioned.current_of_cursor(tokens)
    if cursor_name is not None:
        sql = positioned.without_current_of(sql, tokens)
        tokens = tokenize(sql, session.delimident)
    tree, ctx, passed = _parse(session, sql, tokens)
    ctx.variables = dict(variables or {})
    plan = _query_plan(session, tree, ctx, passed)
    plan.variables = ctx.variable_refs
    if cursor_name is not None:
        return positioned.mark_positioned(plan, cursor_name)
    return plan


def _query_plan(
    session: Session, tree: exp.Expression, ctx: CompileContext, passed: Prepassed
) -> Plan:
    if isinstance(tree, _QUERIES):
        lock_table = positioned.update_cursor_table(tree) if passed.into_temp is None else None
        if lock_table is not None:
            tree = positioned.with_rowid_column(tree)
        result = SelectCompiler(ctx).compile(tree)
        columns = [ResultColumn(c.name, c.type) for c in result.columns]
        if lock_table is not None:
            columns.pop()  # the rowid stays on the server
        if passed.into_temp is not None:
            plan = select_into_temp(result.sql, columns, passed.into_temp)
            plan.params = ctx.params
            return plan
        return Plan(
            StmtType.SELECT,
            columns,
            ctx.params,
            returns_rows=True,
            sql=result.sql,
            cacheable=_single_database(ctx, session),
            for_update=lock_table is not None,
            lock_table=lock_table or "",
        )
    if passed.into_temp is not None:
        raise SqlError(errors.SYNTAX)
    return _dml_plan(ctx, tree, session)


_QUERIES = (exp.Select, exp.SetOperation, exp.Subquery)


def _parse(
    session: Session, sql: str, tokens: list[Token]
) -> tuple[exp.Expression, CompileContext, Prepassed]:
    session.require_conn()
    passed = prepass(sql, tokens, session.ansi)
    tree = parse_statement(passed.text)
    ctx = CompileContext.for_session(session, passed.cast_types, passed.param_count)
    ctx.outer_tables = passed.outer_tables
    return tree, ctx, passed


def compile_query(session: Session, sql: str) -> tuple[SelectResult, CompileContext]:
    """A SELECT without parameters or INTO TEMP (the body of a view)."""
    tokens = tokenize(sql, session.delimident)
    if tokens and tokens[-1].is_op(";"):
        tokens = tokens[:-1]
    if not tokens or not is_query(tokens):
        raise SqlError(errors.SYNTAX)
    tree, ctx, passed = _parse(session, sql, tokens)
    if not isinstance(tree, _QUERIES) or passed.into_temp is not None or passed.param_count:
        raise SqlError(errors.SYNTAX)
    return SelectCompiler(ctx).compile(tree), ctx


def _single_database(ctx: CompileContext, session: Session) -> bool:
    current = session.database or ""
    return all(
        name.split(":", 1)[0] in (current, "temp") or name.startswith("temp")
        for name in ctx.tables_read
    )


def _dml_plan(ctx: CompileContext, tree: exp.Expression, session: Session) -> Plan:
    compiler = DmlCompiler(ctx)
    if isinstance(tree, exp.Insert):
        spec = compiler.insert(tree)
        columns = [ResultColumn(c.name, c.type) for c in spec.columns]
    elif isinstance(tree, exp.Update):
        spec = compiler.update(tree)
        columns = []
    elif isinstance(tree, exp.Delete):
        spec = compiler.delete(tree)
        columns = []
    else:
        raise SqlError(errors.NOT_IMPLEMENTED, text=type(tree).__name__)
    return Plan(
        spec.stmt_type,
        columns,
        ctx.params,
        sql=spec.sql,
        access=spec.access,
        table=spec.table,
        param_defaults=spec.param_defaults,
        cacheable=_single_database(ctx, session),
    )


__all__ = ["plan_statement"]
