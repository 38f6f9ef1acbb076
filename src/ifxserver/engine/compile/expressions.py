"""Binding, typing and lowering of expressions in one walk over the sqlglot tree.

Every node kind the engine supports has a handler here or in functions.py;
anything else is refused with an error naming the construct, never passed
through to SQLite to mean something else.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Protocol, cast

from informix_db.protocol.codes import TU_DAY, TU_F5
from informix_db.protocol.coltype import ColumnType, qualifier_parts

from .. import errors
from ..errors import SqlError
from ..sql.dialect import exp
from ..types import decimals, temporal
from ..types.info import (
    BIGINT_TYPE,
    BOOL_TYPE,
    DEC32,
    FLOAT_TYPE,
    INT_TYPE,
    NULL_TYPE,
    Family,
    char_type,
    family,
    with_nullable,
)
from . import aggregates as aggregate_functions
from . import predicates, typerules
from .coerce import (
    as_decimal_operand,
    as_float_operand,
    coerce,
    comparison,
    literal_of,
)
from .context import CONSTANT, EXPRESSION, CompileContext, Typed
from .scope import Scope
from .typerules import Arith

_COMPARISONS: dict[type[exp.Expression], str] = {
    exp.EQ: "=",
    exp.NEQ: "<>",
    exp.GT: ">",
    exp.GTE: ">=",
    exp.LT: "<",
    exp.LTE: "<=",
}
_ARITHMETIC: dict[type[exp.Expression], str] = {
    exp.Add: "+",
    exp.Sub: "-",
    exp.Mul: "*",
    exp.Div: "/",
    exp.Mod: "%",
}
_DECIMAL_UDFS = {
    "+": "ifx_dadd",
    "-": "ifx_dsub",
    "*": "ifx_dmul",
    "/": "ifx_ddiv",
    "%": "ifx_dmod",
}


class SubqueryResult(Protocol):
    sql: str
    columns: list[Typed]


class SubqueryCompiler(Protocol):
    def __call__(self, node: exp.Expression, parent: Scope) -> SubqueryResult: ...


def unsupported(node: exp.Expression) -> SqlError:
    return SqlError(errors.NOT_IMPLEMENTED, text=type(node).__name__.lower())


def merge_refs(*items: Typed) -> frozenset[str]:
    out: frozenset[str] = frozenset()
    for item in items:
        out |= item.refs
    return out


def combine(sql: str, ct: ColumnType, *parts: Typed, name: str = EXPRESSION) -> Typed:
    """A derived expression inheriting aggregate/reference facts from its parts."""
    return Typed(
        sql,
        ct,
        name,
        aggregate=any(p.aggregate for p in parts),
        refs=merge_refs(*parts),
    )


class ExprCompiler:
    def __init__(
        self,
        ctx: CompileContext,
        scope: Scope,
        subquery: SubqueryCompiler,
        *,
        aggregates: bool = False,
    ) -> None:
        self.ctx = ctx
        self.scope = scope
        self.subquery = subquery
        self.aggregates = aggregates
        self._handlers: dict[type, Callable[[exp.Expression, ColumnType | None], Typed]] = {
            exp.Column: self._column,
            exp.Literal: self._literal,
            exp.Null: lambda n, h: Typed("NULL", NULL_TYPE, CONSTANT, literal=None),
            exp.Boolean: lambda n, h: literal_of(bool(n.this), BOOL_TYPE),
            exp.Paren: lambda n, h: self.expr(n.this, h),
            exp.Neg: self._negate,
            exp.DPipe: self._concat,
            exp.And: self._logical,
            exp.Or: self._logical,
            exp.Not: self._not,
            exp.Is: self._is,
            exp.In: self._in,
            exp.Between: self._between,
            exp.Like: self._like,
            exp.Glob: self._like,
            exp.Escape: self._like,
            exp.Exists: self._exists,
            exp.Case: self._case,
            exp.Cast: self._cast,
            exp.Subquery: self._scalar_subquery,
            exp.Select: self._scalar_subquery,
            exp.Count: lambda n, h: aggregate_functions.count(self, n),
            exp.Sum: lambda n, h: aggregate_functions.sum_avg(self, n),
            exp.Avg: lambda n, h: aggregate_functions.sum_avg(self, n),
            exp.Min: lambda n, h: aggregate_functions.min_max(self, n),
            exp.Max: lambda n, h: aggregate_functions.min_max(self, n),
            exp.Bracket: lambda n, h: predicates.bracket_substring(self, n),
            exp.Dot: self._owner_qualified_call,
        }
        for node_type in _COMPARISONS:
            self._handlers[node_type] = self._compare
        for node_type in _ARITHMETIC:
            self._handlers[node_type] = self._arithmetic
        from .functions import FunctionCompiler

        self.functions = FunctionCompiler(self)

    # -- entry points ---------------------------------------------------------------
    def expr(self, node: exp.Expression, hint: ColumnType | None = None) -> Typed:
        handler = self._handlers.get(type(node))
        if handler is not None:
            return handler(node, hint)
        if isinstance(node, exp.Func):
            return self.functions.call(node, hint)
        raise unsupported(node)

    def condition(self, node: exp.Expression) -> Typed:
        typed = self.expr(node)
        fam = family(typed.type)
        if fam not in (Family.BOOL, Family.NULL, Family.INT):
            raise SqlError(errors.SYNTAX)
        return typed

    def nested(self, scope: Scope) -> ExprCompiler:
        return ExprCompiler(self.ctx, scope, self.subquery, aggregates=self.aggregates)

    def plain(self) -> ExprCompiler:
        """Compiler for an aggregate's argument (no nested aggregates)."""
        return ExprCompiler(self.ctx, self.scope, self.subquery, aggregates=False)

    # -- leaves ---------------------------------------------------------------------------
    def _column(self, node: exp.Expression, hint: ColumnType | None) -> Typed:
        assert isinstance(node, exp.Column)
        if isinstance(node.this, exp.Star):
            raise SqlError(errors.SYNTAX)
        name = node.name
        qualifier = node.table or None
        owner = node.db or None
        # In SPL an unqualified name is the variable even when a column has that name
        # (Informix: qualify the column with its table to mean the column).
        variable = self.ctx.variable(name) if qualifier is None else None
        if variable is not None:
            return variable
        try:
            return self.scope.resolve(name, qualifier, owner)
        except SqlError:
            if name == "rowid" and qualifier is None:
                return self._rowid()
            if qualifier is not None and name in ("nextval", "currval"):
                return self._sequence(qualifier, name)
            raise

    def _sequence(self, sequence: str, operation: str) -> Typed:
        """`seq.NEXTVAL` / `seq.CURRVAL` (a column name that no FROM item claims)."""
        if self.ctx.catalog.find_sequence(sequence) is None:
            raise SqlError(errors.COLUMN_NOT_FOUND, text=f"{sequence}.{operation}")
        sql = f"ifx_sequence('{sequence}', '{operation}')"
        return Typed(sql, with_nullable(BIGINT_TYPE, False), EXPRESSION)

    def _rowid(self) -> Typed:
        tables = [s for s in self.scope.sources if s.table is not None]
        if len(tables) != 1:
            raise SqlError(errors.COLUMN_NOT_FOUND, text="rowid")
        sql = f"{tables[0].alias}.rowid"
        return Typed(sql, INT_TYPE, "rowid", refs=frozenset({sql}))

    def _literal(self, node: exp.Expression, hint: ColumnType | None) -> Typed:
        assert isinstance(node, exp.Literal)
        text = node.this
        if node.is_string:
            return literal_of(text, char_type(len(text.encode(self.ctx.env.codec, "replace"))))
        return number_literal(text)

    def _owner_qualified_call(self, node: exp.Expression, hint: ColumnType | None) -> Typed:
        """`informix.routine(args)`: routines are found by name, the owner only qualifies."""
        call = node.expression
        if isinstance(node.this, (exp.Identifier, exp.Column)) and isinstance(call, exp.Func):
            return self.functions.call(cast(exp.Expression, call), hint)
        raise unsupported(node)

    # -- operators ---------------------------------------------------------------------
    def _negate(self, node: exp.Expression, hint: ColumnType | None) -> Typed:
        inner = self.expr(node.this, hint)
        if inner.is_literal and isinstance(inner.literal, (int, Decimal, float)):
            return literal_of(-inner.literal, inner.type)
        fam = family(inner.type)
        if fam is Family.DEC:
            return combine(f"ifx_dneg({inner.sql})", inner.type, inner)
        if fam in (Family.INT, Family.FLOAT, Family.INTERVAL_DF, Family.INTERVAL_YM, Family.NULL):
            return combine(f"(-{inner.sql})", inner.type, inner)
        if fam is Family.CHAR:
            converted = coerce(self.ctx, inner, DEC32)
            return combine(f"ifx_dneg({converted.sql})", DEC32, inner)
        raise SqlError(errors.ROUTINE_UNRESOLVED, text="-")

    def _arithmetic(self, node: exp.Expression, hint: ColumnType | None) -> Typed:
        op = _ARITHMETIC[type(node)]
        left, right = self._operands(node.this, node.expression, op)
        return self.arithmetic(op, left, right)

    def _operands(
        self, a: exp.Expression, b: exp.Expression, arithmetic_op: str = ""
    ) -> tuple[Typed, Typed]:
        """Compile two operands; a bare `?` takes its type from the other side.

        Next to a DATE or DATETIME in + and - the `?` is an INTERVAL of either class.
        """
        if arithmetic_op == "+" and _is_param_marker(a) and not _is_param_marker(b):
            right = self.expr(b)
            if family(right.type) in _MOMENTS:
                return self._interval_param(a), right
            return coerce(self.ctx, self.expr(a), right.type), right
        left = self.expr(a)
        moment = left.param is None and family(left.type) in _MOMENTS
        if arithmetic_op in ("+", "-") and moment and _is_param_marker(b):
            return left, self._interval_param(b)
        right = self.expr(b, left.type if left.param is None else None)
        if left.param is not None and right.param is None:
            left = coerce(self.ctx, left, right.type)
        elif right.param is not None and left.param is None and right.type.code == NULL_TYPE.code:
            right = coerce(self.ctx, right, left.type)
        return left, right

    def _interval_param(self, marker: exp.Expression) -> Typed:
        param = self.expr(marker, ANY_INTERVAL)
        assert param.param is not None
        self.ctx.params[param.param].any_interval = True
        return param

    def arithmetic(self, op: str, left: Typed, right: Typed) -> Typed:
        kind, result = typerules.arithmetic(op, left.type, right.type)
        ctx = self.ctx
        if kind is Arith.INT:
            sql = (
                f"ifx_imod({left.sql}, {right.sql})"
                if op == "%"
                else f"({left.sql} {op} {right.sql})"
            )
        elif kind is Arith.FLOAT:
            a, b = as_float_operand(ctx, left), as_float_operand(ctx, right)
            sql = f"ifx_fdiv({a}, {b})" if op == "/" else f"({a} {op} {b})"
            if op == "%":
                sql = f"CAST(ifx_dmod({a}, {b}) AS REAL)"
        elif kind is Arith.DEC:
            a, b = as_decimal_operand(ctx, left), as_decimal_operand(ctx, right)
            sql = f"{_DECIMAL_UDFS[op]}({a}, {b})"
        else:
            sql = self._temporal_arithmetic(kind, op, left, right, result)
        return combine(sql, result, left, right)

    def _temporal_arithmetic(
        self, kind: Arith, op: str, left: Typed, right: Typed, result: ColumnType
    ) -> str:
        if kind is Arith.DATE:
            return f"({left.sql} {op} {coerce(self.ctx, right, INT_TYPE).sql})"
        if kind is Arith.INTERVAL:
            return f"({left.sql} {op} {_within_qualifier(right, result)})"
        if kind is Arith.INTERVAL_SCALE:
            interval, scalar = (left, right) if family(left.type) in _INTERVALS else (right, left)
            number = as_decimal_operand(self.ctx, scalar)
            return f"ifx_iscale({interval.sql}, {number}, {int(op == '/')})"
        if kind is Arith.DATETIME_DIFF:
            b = right
            if family(b.type) is Family.DATE:
                b = coerce(self.ctx, b, ColumnType.datetime(0, 4))
            return f"ifx_dt_diff({left.sql}, {left.type.length}, {b.sql}, {b.type.length})"
        interval_left = family(left.type) in _INTERVALS
        datetime, interval = (right, left) if interval_left else (left, right)
        if family(datetime.type) is Family.DATE:
            datetime = coerce(self.ctx, datetime, result)
        sign = -1 if op == "-" else 1
        interval_q = interval.type.length
        if interval.param is not None and self.ctx.params[interval.param].any_interval:
            interval_q = 0  # the bound value carries its own qualifier (binding.py)
        return f"ifx_dt_add({datetime.sql}, {result.length}, {interval.sql}, {interval_q}, {sign})"

    def _concat(self, node: exp.Expression, hint: ColumnType | None) -> Typed:
        left, right = self._operands(node.this, node.expression)
        return self.concat(left, right)

    def concat(self, left: Typed, right: Typed) -> Typed:
        from .functions import text_operand

        a, cap_a = text_operand(self.ctx, left)
        b, cap_b = text_operand(self.ctx, right)
        size = cap_a + cap_b
        result = ColumnType.varchar(size) if size <= 255 else ColumnType.lvarchar(size)
        return combine(f"({a} || {b})", result, left, right)

    def _compare(self, node: exp.Expression, hint: ColumnType | None) -> Typed:
        op = _COMPARISONS[type(node)]
        if isinstance(node.expression, (exp.Any, exp.All)):
            return predicates.quantified(self, op, node.this, node.expression)
        left, right = self._operands(node.this, node.expression)
        return self.compare(op, left, right)

    def compare(self, op: str, left: Typed, right: Typed) -> Typed:
        """`left op right` in Informix's comparison domain."""
        a, b, collate = comparison(self.ctx, left, right)
        return combine(f"({a}{collate} {op} {b})", BOOL_TYPE, left, right)

    def _logical(self, node: exp.Expression, hint: ColumnType | None) -> Typed:
        word = "AND" if isinstance(node, exp.And) else "OR"
        left = self.condition(node.this)
        right = self.condition(node.expression)
        return combine(f"({left.sql} {word} {right.sql})", BOOL_TYPE, left, right)

    def _not(self, node: exp.Expression, hint: ColumnType | None) -> Typed:
        inner = self.condition(node.this)
        return combine(f"(NOT {inner.sql})", BOOL_TYPE, inner)

    def _is(self, node: exp.Expression, hint: ColumnType | None) -> Typed:
        if not isinstance(node.expression, exp.Null):
            raise unsupported(node)
        inner = self.expr(node.this)
        return combine(f"({inner.sql} IS NULL)", BOOL_TYPE, inner)

    def _in(self, node: exp.Expression, hint: ColumnType | None) -> Typed:
        left = self.expr(node.this)
        query = node.args.get("query")
        if query is not None:
            return self._in_subquery(left, query)
        items = [self.expr(item, left.type) for item in node.expressions]
        if not items:
            raise SqlError(errors.SYNTAX)
        pairs = [comparison(self.ctx, left, item) for item in items]
        if len({(a, collate) for a, _, collate in pairs}) == 1:
            a, _, collate = pairs[0]
            sql = f"({a}{collate} IN ({', '.join(b for _, b, _ in pairs)}))"
        else:
            sql = "(" + " OR ".join(f"({a}{c} = {b})" for a, b, c in pairs) + ")"
        return combine(sql, BOOL_TYPE, left, *items)

    def _in_subquery(self, left: Typed, query: exp.Expression) -> Typed:
        result = self.subquery(query, self.scope)
        if len(result.columns) != 1:
            raise SqlError(errors.SUBQUERY_COLUMNS)
        column = result.columns[0]
        inner = Typed("c1", column.type)
        a, b, collate = comparison(self.ctx, left, inner)
        source = result.sql if b == "c1" else f"SELECT {b} FROM ({result.sql})"
        return combine(f"({a}{collate} IN ({source}))", BOOL_TYPE, left)

    def _between(self, node: exp.Expression, hint: ColumnType | None) -> Typed:
        value = self.expr(node.this)
        low = self.expr(node.args["low"], value.type)
        high = self.expr(node.args["high"], value.type)
        a, b, collate = comparison(self.ctx, value, low)
        a2, c, collate2 = comparison(self.ctx, value, high)
        if (a, collate) == (a2, collate2):
            sql = f"({a}{collate} BETWEEN {b} AND {c})"
        else:
            sql = f"({a}{collate} >= {b} AND {a2}{collate2} <= {c})"
        return combine(sql, BOOL_TYPE, value, low, high)

    def _like(self, node: exp.Expression, hint: ColumnType | None) -> Typed:
        from .functions import pattern_match

        escape: Typed | None = None
        if isinstance(node, exp.Escape):
            escape = self.expr(node.expression, ColumnType.char(1))
            node = node.this
        negate = bool(node.args.get("negate"))
        kind = "matches" if isinstance(node, exp.Glob) else "like"
        value = self.expr(node.this)
        pattern = self.expr(
            node.expression, value.type if family(value.type) is Family.CHAR else None
        )
        sql = pattern_match(self.ctx, kind, value, pattern, escape)
        if negate:
            sql = f"(NOT {sql})"
        return combine(sql, BOOL_TYPE, value, pattern)

    def _exists(self, node: exp.Expression, hint: ColumnType | None) -> Typed:
        result = self.subquery(node.this, self.scope)
        return Typed(f"(EXISTS ({result.sql}))", BOOL_TYPE)

    def _scalar_subquery(self, node: exp.Expression, hint: ColumnType | None) -> Typed:
        result = self.subquery(node, self.scope)
        if len(result.columns) != 1:
            raise SqlError(errors.SUBQUERY_COLUMNS)
        column = result.columns[0]
        # Informix raises -284 when a scalar subquery yields more than one row.
        sql = (
            f"(SELECT CASE WHEN count(*) > 1 THEN ifx_error({errors.SUBQUERY_ROWS}) "
            f"ELSE max(c1) END FROM (SELECT * FROM ({result.sql}) LIMIT 2))"
        )
        return Typed(sql, with_nullable(column.type, True), EXPRESSION)

    # -- CASE and casts ---------------------------------------------------------------------
    def _case(self, node: exp.Expression, hint: ColumnType | None) -> Typed:
        subject = self.expr(node.this) if node.this is not None else None
        conditions: list[Typed] = []
        results: list[Typed] = []
        for branch in node.args.get("ifs") or []:
            if subject is not None:
                operand = self.expr(branch.this, subject.type)
                conditions.append(self.compare("=", subject, operand))
            else:
                conditions.append(self.condition(branch.this))
            results.append(self.expr(branch.args["true"], hint))
        default = node.args.get("default")
        if default is not None:
            results.append(self.expr(default, hint))
        return self.case(conditions, results, default is not None)

    def case(
        self, conditions: Sequence[Typed], results: Sequence[Typed], has_default: bool
    ) -> Typed:
        result_type = NULL_TYPE
        for item in results:
            result_type = typerules.promote(result_type, item.type)
        if result_type.code == NULL_TYPE.code:
            result_type = char_type(1)
        coerced = [coerce(self.ctx, item, result_type) for item in results]
        parts = ["CASE"]
        for condition, item in zip(conditions, coerced, strict=False):  # ELSE is extra
            parts.append(f"WHEN {condition.sql} THEN {item.sql}")
        if has_default:
            parts.append(f"ELSE {coerced[-1].sql}")
        parts.append("END")
        return combine(" ".join(parts), with_nullable(result_type, True), *conditions, *results)

    def _cast(self, node: exp.Expression, hint: ColumnType | None) -> Typed:
        target = self.cast_target(node.args["to"])
        inner = self.expr(node.this, target)
        self.ctx.make_strict(inner)
        converted = coerce(self.ctx, inner, target)
        name = CONSTANT if inner.is_literal else EXPRESSION
        return replace(converted, type=target, name=name, param=None)

    def cast_target(self, datatype: exp.Expression) -> ColumnType:
        kind = str(datatype.args.get("kind") or "")
        if not kind.startswith("IFX_T"):
            raise SqlError(errors.SYNTAX)
        return self.ctx.cast_types[int(kind[5:])].type


_INTERVALS = (Family.INTERVAL_DF, Family.INTERVAL_YM)
_MOMENTS = (Family.DATE, Family.DATETIME)
ANY_INTERVAL = ColumnType.interval(TU_DAY, TU_F5, 9)  # how `moment + ?` describes its `?`


def _is_param_marker(node: exp.Expression) -> bool:
    return isinstance(node, exp.Anonymous) and node.this == "IFX_PARAM"


def _within_qualifier(item: Typed, result: ColumnType) -> str:
    """An interval operand without the fields finer than the result's last one.

    Informix ignores them: DAY TO DAY + HOUR TO HOUR adds whole days only.
    """
    if qualifier_parts(item.type.length)[2] <= qualifier_parts(result.length)[2]:
        return item.sql
    step = temporal.interval_step(result.length)
    return f"(({item.sql} / {step}) * {step})"  # integer division truncates toward zero


def number_literal(text: str) -> Typed:
    """INTEGER when it fits, else DECIMAL(p,0); `1.5` DECIMAL(2,1); `1e3` FLOAT."""
    if "e" in text.lower():
        value = float(text)
        if math.isinf(value):
            raise SqlError(errors.FLOAT_OVERFLOW)
        return literal_of(value, FLOAT_TYPE)
    if "." not in text:
        value = int(text)
        if value <= 2147483647:
            return literal_of(value, INT_TYPE)
        digits = min(max(len(str(value)), 1), 32)
        if len(str(value)) > 32:
            return literal_of(float(value), FLOAT_TYPE)
        return literal_of(Decimal(value), ColumnType.decimal(digits, 0))
    number = decimals.parse(text)
    whole, _, fraction = text.partition(".")
    scale = len(fraction)
    precision = max(len(whole.lstrip("0")) + scale, 1)
    if precision > 32:
        return literal_of(float(text), FLOAT_TYPE)
    return literal_of(number, ColumnType.decimal(precision, scale))
