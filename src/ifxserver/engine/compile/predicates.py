"""Less common expression forms: quantified comparisons and `name[m,n]` substrings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from informix_db.protocol.coltype import ColumnType

from .. import errors
from ..errors import SqlError
from ..sql.dialect import exp
from ..types.info import BOOL_TYPE, INT_TYPE, Family, char_capacity, family, with_nullable
from .coerce import coerce, comparison
from .context import Typed

if TYPE_CHECKING:
    from .expressions import ExprCompiler

_NEGATED = {"=": "<>", "<>": "=", "<": ">=", "<=": ">", ">": "<=", ">=": "<"}


def quantified(
    compiler: ExprCompiler, op: str, left_node: exp.Expression, quantifier: exp.Expression
) -> Typed:
    """`x op ANY/SOME (subquery)` and `x op ALL (subquery)` as EXISTS tests.

    NULLs returned by the subquery are ignored (Informix would make such an
    ALL comparison unknown); documented in the engine notes.
    """
    from .expressions import combine

    left = compiler.expr(left_node)
    result = compiler.subquery(quantifier.this, compiler.scope)
    if len(result.columns) != 1:
        raise SqlError(errors.SUBQUERY_COLUMNS)
    inner = Typed("c1", result.columns[0].type)
    a, b, collate = comparison(compiler.ctx, left, inner)
    if isinstance(quantifier, exp.All):
        test = f"NOT ({a}{collate} {op} {b})"
        sql = f"(NOT EXISTS (SELECT 1 FROM ({result.sql}) WHERE {test}))"
    else:
        sql = f"(EXISTS (SELECT 1 FROM ({result.sql}) WHERE {a}{collate} {op} {b}))"
    return combine(sql, BOOL_TYPE, left)


def bracket_substring(compiler: ExprCompiler, node: exp.Expression) -> Typed:
    """Informix `column[first,last]`: the characters first..last (1-based)."""
    from .expressions import combine

    value = compiler.expr(node.this)
    bounds = node.expressions
    if family(value.type) is not Family.CHAR or not 1 <= len(bounds) <= 2:
        raise SqlError(errors.SYNTAX)
    first = coerce(compiler.ctx, compiler.expr(bounds[0], INT_TYPE), INT_TYPE)
    last = coerce(compiler.ctx, compiler.expr(bounds[-1], INT_TYPE), INT_TYPE)
    sql = f"substr({value.sql}, {first.sql}, ({last.sql}) - ({first.sql}) + 1)"
    width = char_capacity(value.type) or 32739
    ct = (
        ColumnType.char(min(width, 32767))
        if value.type.code == 0
        else ColumnType.varchar(min(width, 255))
    )
    return combine(sql, with_nullable(ct, True), value, first, last)
