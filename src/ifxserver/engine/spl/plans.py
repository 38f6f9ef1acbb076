"""Statements about routines: CREATE/DROP PROCEDURE|FUNCTION, EXECUTE ..., CALL.

EXECUTE PROCEDURE/FUNCTION (statement type 56) describes the routine's
RETURNING types as result columns (0 columns for a procedure that returns
nothing); its arguments are compiled like a select list, each `?` typed by
the routine's parameter. A name that is no SPL routine is a built-in
function: `EXECUTE FUNCTION DBINFO('version','full')` runs as an expression.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import TYPE_CHECKING

from informix_db.protocol.codes import StmtType
from informix_db.protocol.coltype import ColumnType

from .. import errors
from ..api import ExecResult, ResultColumn
from ..compile.coerce import coerce
from ..compile.context import EXPRESSION, CompileContext
from ..compile.expressions import ExprCompiler
from ..compile.scope import Scope
from ..errors import SqlError
from ..prepared import Plan, command_plan
from ..sql.dialect import exp, parse_statement
from ..sql.lexer import Kind, Token, tokenize
from ..sql.prepass import prepass
from ..sql.tokens import TokenStream
from . import ast
from .catalog import delete_routine, find_procid, routine_text, store_routine
from .parser import parse_routine
from .runtime import Runtime

if TYPE_CHECKING:
    from ..session import Session

ROUTINE_EXISTS = -673
_ROUTINE_WORDS = ("procedure", "function", "routine")


def spl_plan(
    session: Session, sql: str, tokens: list[Token], variables: dict[str, ColumnType]
) -> Plan | None:
    """The plan of a routine statement, or None for every other statement."""
    first = tokens[0]
    second = tokens[1] if len(tokens) > 1 else None
    if first.is_word("create") and _defines_routine(tokens):
        return command_plan(StmtType.CREPROC, lambda s, a: create_routine(s, sql, tokens))
    if first.is_word("drop") and second is not None and second.is_word(*_ROUTINE_WORDS):
        return command_plan(StmtType.DRPPROC, lambda s, a: drop_routine(s, tokens))
    if first.is_word("call") or (
        first.is_word("execute") and second is not None and second.is_word(*_ROUTINE_WORDS)
    ):
        return execute_plan(session, tokens, variables)
    return None


def _defines_routine(tokens: list[Token]) -> bool:
    stream = TokenStream(tokens, 1)
    stream.accept_word("dba")
    return stream.peek_word("procedure", "function")


# -- CREATE / DROP ------------------------------------------------------------------------
def create_routine(session: Session, sql: str, tokens: list[Token]) -> ExecResult:
    routine = parse_routine(tokens, sql, session.ansi)
    if routine.is_function and not routine.returns:
        raise SqlError(errors.SYNTAX, text="FUNCTION without RETURNING")
    conn = session.require_conn()
    if find_procid(conn, routine.name) is not None:
        if any(t.is_word("if") for t in tokens[:5]):
            return ExecResult()
        raise SqlError(ROUTINE_EXISTS, text=routine.name)
    owner = routine.owner or session.user
    return session.run_ddl(lambda c: _stored(c, routine, owner))


def _stored(conn: sqlite3.Connection, routine: ast.Routine, owner: str) -> ExecResult:
    store_routine(conn, routine, owner)
    return ExecResult()


def drop_routine(session: Session, tokens: list[Token]) -> ExecResult:
    stream = TokenStream(tokens, 2)
    if_exists = stream.accept_words("if", "exists")
    name = stream.name().text
    if stream.accept_op("."):
        name = stream.name().text
    if stream.accept_op("("):  # a signature: routines are found by name here
        while not stream.accept_op(")"):
            stream.next()
    stream.expect_end()
    found = find_procid(session.require_conn(), name)
    if found is None:
        if if_exists:
            return ExecResult()
        raise SqlError(errors.ROUTINE_NOT_FOUND, text=name)
    return session.run_ddl(lambda c: _deleted(c, found[0]))


def _deleted(conn: sqlite3.Connection, procid: int) -> ExecResult:
    delete_routine(conn, procid)
    return ExecResult()


# -- lookup ---------------------------------------------------------------------------------
def find_routine(session: Session, name: str) -> ast.Routine | None:
    """The routine called `name` in the current database (parsed once per schema version)."""
    conn = session.conn
    if conn is None:
        return None
    database = session.database or ""
    version = session.instance.schema_version(database)
    cached = session.routines.get((database, name))
    if cached is not None and cached[0] == version:
        return cached[1]
    found = find_procid(conn, name)
    if found is None:
        return None
    text = routine_text(conn, found[0])
    routine = parse_routine(tokenize(text, session.delimident), text, session.ansi)
    session.routines[(database, name)] = (version, routine)
    return routine


def call_routine(session: Session, name: str) -> ast.Routine:
    routine = find_routine(session, name)
    if routine is None:
        raise SqlError(errors.ROUTINE_NOT_FOUND, text=name)
    return routine


def call_function(session: Session, name: str, arguments: list[object]) -> object:
    """The first value a function returns (its call inside an SQL expression)."""
    routine = call_routine(session, name)
    rows = Runtime(session, routine).rows(arguments)
    first = next(rows, None)
    return None if first is None else first[0]


# -- EXECUTE PROCEDURE / FUNCTION, CALL ---------------------------------------------------------
def execute_plan(session: Session, tokens: list[Token], variables: dict[str, ColumnType]) -> Plan:
    stream = TokenStream(tokens, 1 if tokens[0].is_word("call") else 2)
    name = stream.name().text
    if stream.accept_op("."):
        name = stream.name().text
    start = stream.index
    stream.expect_op("(")
    if not stream.accept_op(")"):
        stream.parenthesised_text()
    arguments_text = _source_of(tokens[start : stream.index])
    stream.expect_end()
    routine = find_routine(session, name)
    if routine is not None:
        return _routine_plan(session, routine, arguments_text, variables)
    if name in _NO_OP_PROCEDURES:
        return _no_op_plan(session, name, arguments_text, variables)
    return _builtin_plan(session, name, arguments_text, variables)


# Built-in procedures whose effect the embedded server always has: run as no-ops
# after their arguments are checked. `ifx_allow_newline` lets quoted strings span
# lines, which the lexer accepts anyway. Name -> parameter types.
_NO_OP_PROCEDURES = {"ifx_allow_newline": ("BOOLEAN",)}


def _no_op_plan(
    session: Session, name: str, arguments: str, variables: dict[str, ColumnType]
) -> Plan:
    from ..planner import plan_statement

    parameter_types = _NO_OP_PROCEDURES[name]
    pieces = _split_arguments(arguments)
    if len(pieces) != len(parameter_types):
        raise SqlError(errors.ROUTINE_NOT_FOUND, text=name)  # no routine with that signature
    casts = ", ".join(f"({p})::{t}" for p, t in zip(pieces, parameter_types, strict=True))
    checked = plan_statement(session, f"SELECT {casts}", variables)
    plan = Plan(StmtType.EXECPROC, [], checked.params, cacheable=False)
    plan.variables = checked.variables
    plan.action = lambda s, a: ExecResult()
    return plan


def _split_arguments(arguments: str) -> list[str]:
    """`(a, f(b, c))` -> ['a', 'f(b, c)'] (top-level commas only)."""
    tokens = tokenize(arguments)
    pieces: list[str] = []
    depth, start = 0, 1
    for index, token in enumerate(tokens):
        depth += token.is_op("(") - token.is_op(")")
        at_top = depth == 1 and token.is_op(",")
        if at_top or (depth == 0 and index == len(tokens) - 1):
            text = _source_of(tokens[start:index])
            if text or at_top:
                pieces.append(text)
            start = index + 1
    return pieces


def _source_of(tokens: list[Token]) -> str:
    """Re-spelled text of an argument list (strings quoted again)."""
    pieces = []
    for token in tokens:
        if token.kind is Kind.STRING:
            pieces.append("'" + token.text.replace("'", "''") + "'")
        elif token.kind is Kind.QIDENT:
            pieces.append('"' + token.text.replace('"', '""') + '"')
        else:
            pieces.append(token.text)
    return " ".join(pieces)


def _builtin_plan(
    session: Session, name: str, arguments: str, variables: dict[str, ColumnType]
) -> Plan:
    from ..planner import plan_statement

    plan = plan_statement(session, f"SELECT {name}{arguments}", variables)
    plan.stmt_type = StmtType.EXECPROC
    plan.columns = [ResultColumn(EXPRESSION, c.type) for c in plan.columns]
    return plan


def _routine_plan(
    session: Session, routine: ast.Routine, arguments: str, variables: dict[str, ColumnType]
) -> Plan:
    select, ctx = _argument_select(session, routine, arguments, variables)
    columns = [ResultColumn(r.name or EXPRESSION, r.type) for r in routine.returns]
    variable_names = list(ctx.variable_refs)

    def rows(s: Session, args: list[object]) -> Iterator[tuple[object, ...]]:
        values: list[object] = []
        if select:
            cursor = s.run_query(select, args)
            row = cursor.fetchone()
            cursor.close()
            values = list(row)
        return Runtime(s, routine).rows(values)

    def consume(s: Session, args: list[object]) -> ExecResult:
        for _ in rows(s, args):
            pass
        return ExecResult()

    plan = Plan(StmtType.EXECPROC, columns, ctx.params, cacheable=False, variables=variable_names)
    if columns:
        plan.returns_rows, plan.rows = True, rows
    else:
        plan.action = consume
    return plan


def _argument_select(
    session: Session, routine: ast.Routine, arguments: str, variables: dict[str, ColumnType]
) -> tuple[str, CompileContext]:
    """`SELECT arg1, arg2` with each argument converted to its parameter's type."""
    text = f"SELECT {arguments[1:-1]}" if arguments.strip() not in ("", "( )", "()") else ""
    if not text:
        return "", CompileContext.for_session(session, [])
    passed = prepass(text, tokenize(text, session.delimident), session.ansi)
    tree = parse_statement(passed.text)
    ctx = CompileContext.for_session(session, passed.cast_types, passed.param_count)
    ctx.variables = dict(variables)
    items = list(tree.expressions) if isinstance(tree, exp.Select) else []
    if len(items) > len(routine.params):
        raise SqlError(errors.ROUTINE_NOT_FOUND, text=routine.name)
    from ..compile.select import SelectCompiler

    compiler = ExprCompiler(ctx, Scope(), SelectCompiler(ctx).subquery)
    sqls = []
    for item, param in zip(items, routine.params, strict=False):
        typed = compiler.expr(item, param.type)
        ctx.make_strict(typed)
        sqls.append(coerce(ctx, typed, param.type).sql)
    return "SELECT " + ", ".join(sqls), ctx


__all__ = ["call_function", "call_routine", "find_routine", "spl_plan"]
