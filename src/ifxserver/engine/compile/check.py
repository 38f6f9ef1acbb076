"""CHECK conditions: compiled against one row of their table (`NEW."col"` in triggers)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import errors
from ..catalog.model import TableInfo
from ..errors import SqlError
from ..sql.dialect import exp, parse_statement
from ..sql.lexer import tokenize
from ..sql.prepass import prepass
from .context import CompileContext
from .expressions import ExprCompiler, SubqueryResult
from .scope import Scope, Source, SourceColumn

if TYPE_CHECKING:
    from ..session import Session


def _condition_tree(session: Session, text: str) -> tuple[exp.Expression, CompileContext]:
    passed = prepass(f"SELECT {text}", tokenize(f"SELECT {text}", session.delimident), session.ansi)
    tree = parse_statement(passed.text)
    if passed.param_count or not isinstance(tree, exp.Select) or len(tree.expressions) != 1:
        raise SqlError(errors.SYNTAX)
    nested = [n for n in tree.find_all(exp.Select, exp.Subquery) if n is not tree]
    if nested or tree.args.get("from_"):
        raise SqlError(errors.SYNTAX)  # no subqueries in a check condition
    return tree.expressions[0], CompileContext.for_session(session, passed.cast_types)


def _row_scope(table: TableInfo, row: str) -> Scope:
    scope = Scope()
    columns = [SourceColumn(c.name, c.type, f'{row}."{c.name}"') for c in table.columns]
    scope.add(Source(table.name, row, columns, table))
    return scope


def compile_check(session: Session, table: TableInfo, text: str, row: str) -> str:
    """SQLite condition over `row."col"` references; -201 for anything not a condition."""
    node, ctx = _condition_tree(session, text)

    def no_subqueries(node: exp.Expression, parent: Scope) -> SubqueryResult:
        raise SqlError(errors.SYNTAX)

    compiler = ExprCompiler(ctx, _row_scope(table, row), no_subqueries)
    return compiler.condition(node).sql


def check_columns(session: Session, table: TableInfo, text: str) -> set[str]:
    """Columns a CHECK reads (validating the condition on the way)."""
    compile_check(session, table, text, "NEW")
    node, _ = _condition_tree(session, text)
    return {column.name for column in node.find_all(exp.Column) if table.column(column.name)}
