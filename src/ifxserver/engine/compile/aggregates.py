"""Aggregate functions: COUNT, SUM, AVG, MIN, MAX with Informix result types.

Decisions (docs/server-engine-notes.md): COUNT is DECIMAL(15,0) (a real server
returned Python Decimal for COUNT/SUM/AVG through the peer driver); SUM of
exact numbers is DECIMAL(32, s) (floating DECIMAL(32) for integers), computed
exactly by the `ifx_sum` aggregate; AVG of exact numbers is a floating
DECIMAL(32); MIN/MAX keep the argument's type. SUM/AVG of FLOAT stay FLOAT.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from informix_db.protocol.codes import IfxType
from informix_db.protocol.coltype import ColumnType

from .. import errors
from ..errors import SqlError
from ..sql.dialect import exp
from ..types.info import COUNT_TYPE, DEC32, FLOAT_TYPE, Family, family, with_nullable
from .coerce import collation_for
from .context import Typed

if TYPE_CHECKING:
    from .expressions import ExprCompiler

_SERIAL_BASES: dict[int, int] = {
    IfxType.SERIAL: IfxType.INT,
    IfxType.SERIAL8: IfxType.INT8,
    IfxType.BIGSERIAL: IfxType.BIGINT,
}
_INTERVALS = (Family.INTERVAL_DF, Family.INTERVAL_YM)


def value_type(ct: ColumnType) -> ColumnType:
    """The plain type of a computed value: SERIAL types become their integers."""
    base = _SERIAL_BASES.get(ct.code)
    return ColumnType.simple(base, ct.nullable) if base is not None else ct


def argument(compiler: ExprCompiler, node: exp.Expression) -> tuple[Typed, bool]:
    """The aggregated expression and whether DISTINCT applies."""
    if not compiler.aggregates:
        raise SqlError(errors.SYNTAX, text=type(node).__name__.lower())
    inner_node = node.this
    distinct = isinstance(inner_node, exp.Distinct)
    if distinct:
        if len(inner_node.expressions) != 1:
            raise SqlError(errors.SYNTAX)
        inner_node = inner_node.expressions[0]
    inner = compiler.plain().expr(inner_node)
    if inner.aggregate:
        raise SqlError(errors.SYNTAX)
    return inner, distinct


def count(compiler: ExprCompiler, node: exp.Expression) -> Typed:
    if isinstance(node.this, exp.Star):
        if not compiler.aggregates:
            raise SqlError(errors.SYNTAX, text="count")
        return Typed("count(*)", with_nullable(COUNT_TYPE, True), "(count(*))", aggregate=True)
    inner, distinct = argument(compiler, node)
    word = "DISTINCT " if distinct else ""
    sql = f"count({word}{inner.sql}{collation_for(inner.type) if distinct else ''})"
    return Typed(sql, with_nullable(COUNT_TYPE, True), "(count)", aggregate=True)


def sum_avg(compiler: ExprCompiler, node: exp.Expression) -> Typed:
    inner, distinct = argument(compiler, node)
    is_sum = isinstance(node, exp.Sum)
    name = "sum" if is_sum else "avg"
    word = "DISTINCT " if distinct else ""
    fam = family(inner.type)
    if fam is Family.FLOAT:
        sql, result = f"{name}({word}{inner.sql})", FLOAT_TYPE
    elif fam in (Family.INT, Family.DEC, Family.NULL):
        sql = f"ifx_{name}({word}{inner.sql})"
        result = _sum_type(inner.type) if is_sum else DEC32
    elif fam in _INTERVALS:  # exact decimals, whole units: a float loses DAY(9) digits
        sql, result = f"CAST(ifx_{name}({word}{inner.sql}) AS INTEGER)", inner.type
    else:
        raise SqlError(errors.ROUTINE_UNRESOLVED, text=name)
    return Typed(sql, with_nullable(result, True), f"({name})", aggregate=True)


def min_max(compiler: ExprCompiler, node: exp.Expression) -> Typed:
    inner, _ = argument(compiler, node)
    word = "min" if isinstance(node, exp.Min) else "max"
    sql = f"{word}({inner.sql}{collation_for(inner.type)})"
    return Typed(sql, with_nullable(value_type(inner.type), True), f"({word})", aggregate=True)


def _sum_type(ct: ColumnType) -> ColumnType:
    if family(ct) is Family.DEC and ct.scale is not None:
        if ct.code == IfxType.MONEY:
            return ColumnType.money(32, ct.scale)
        return ColumnType.decimal(32, ct.scale)
    return DEC32
