"""Conversions between storage encodings inside generated SQL.

`coerce` implements assignment/cast semantics (range checks, truncation);
`comparison` puts two operands into a common comparison domain so SQLite's
affinity rules never decide (server-design.md §3.2).
"""

from __future__ import annotations

import math
from dataclasses import replace

from informix_db.protocol.coltype import ColumnType

from .. import errors
from ..backend.typekey import type_key
from ..errors import SqlError
from ..sql.prepass import quote_string
from ..types import convert
from ..types.info import (
    DEC32,
    FLOAT_TYPE,
    NULL_TYPE,
    Family,
    char_capacity,
    family,
    int_limit,
    same_type,
)
from .context import CompileContext, Typed

_TEMPORAL = (Family.DATE, Family.DATETIME, Family.INTERVAL_YM, Family.INTERVAL_DF, Family.BOOL)


def sql_literal(storage: object) -> str:
    """SQLite text of a storage value."""
    if storage is None:
        return "NULL"
    if isinstance(storage, bool):
        return "1" if storage else "0"
    if isinstance(storage, int):
        return str(storage)
    if isinstance(storage, float):
        if not math.isfinite(storage):
            raise SqlError(errors.FLOAT_OVERFLOW)
        text = repr(storage)
        return text if any(c in text for c in ".en") else text + ".0"
    if isinstance(storage, bytes):
        return "X'" + storage.hex() + "'"
    return quote_string(str(storage))


def literal_of(value: object, ct: ColumnType, name: str = "(constant)") -> Typed:
    """A constant of type `ct` holding logical `value`."""
    return Typed(sql_literal(convert.to_storage(value, ct)), ct, name, literal=value)


def conv_sql(sql: str, src: ColumnType, dst: ColumnType) -> str:
    return f"ifx_conv({sql}, {type_key(src)}, {type_key(dst)})"


def _needs_conversion(src: ColumnType, dst: ColumnType) -> bool:
    if same_type(src, dst):
        return False
    source, target = family(src), family(dst)
    if source is Family.INT and target is Family.INT:
        return int_limit(dst) < int_limit(src)
    if source is Family.FLOAT and target is Family.FLOAT:
        return False
    if source is Family.CHAR and target is Family.CHAR:
        capacity, needed = char_capacity(dst), char_capacity(src)
        return capacity is not None and (needed is None or needed > capacity)
    if source is Family.DEC and target is Family.DEC:
        return not (dst.scale is None and dst.precision >= src.precision)
    return True


def coerce(ctx: CompileContext, item: Typed, target: ColumnType) -> Typed:
    """Assignment conversion of `item` to `target` (folded for literals)."""
    if item.param is not None:
        expected = ctx.param_type(item.param)
        if expected is None:
            ctx.set_param_type(item.param, target)
            return replace(item, type=target)
        item = replace(item, type=expected)
    if item.type.code == NULL_TYPE.code:
        return replace(item, type=target)
    if item.is_literal:
        value = convert.convert(item.literal, item.type, target, ctx.env)
        return replace(literal_of(value, target, item.name), aggregate=item.aggregate)
    if not _needs_conversion(item.type, target):
        return replace(item, type=target) if family(item.type) is family(target) else item
    return replace(item, sql=conv_sql(item.sql, item.type, target), type=target)


def as_decimal_operand(ctx: CompileContext, item: Typed) -> str:
    """SQL for an exact-number operand of a DECIMAL UDF (text or integer storage)."""
    fam = family(item.type)
    if fam in (Family.INT, Family.DEC, Family.NULL):
        return item.sql
    return coerce(ctx, item, DEC32).sql


def as_float_operand(ctx: CompileContext, item: Typed) -> str:
    fam = family(item.type)
    if fam in (Family.INT, Family.FLOAT, Family.NULL):
        return item.sql
    if fam is Family.DEC:
        return f"CAST({item.sql} AS REAL)"
    return coerce(ctx, item, FLOAT_TYPE).sql


def comparison(ctx: CompileContext, left: Typed, right: Typed) -> tuple[str, str, str]:
    """(left SQL, right SQL, COLLATE suffix) comparing in Informix's common domain."""
    left, right = _bind_params(ctx, left, right)
    lf, rf = family(left.type), family(right.type)
    if Family.NULL in (lf, rf):
        return left.sql, right.sql, ""
    if lf is Family.CHAR and rf is Family.CHAR:
        return left.sql, right.sql, " COLLATE RTRIM"
    if lf is Family.CHAR and rf is not Family.CHAR:
        return _against(ctx, right, left, flip=True)
    if rf is Family.CHAR:
        return _against(ctx, left, right, flip=False)
    return _typed_pair(ctx, left, right)


def _bind_params(ctx: CompileContext, left: Typed, right: Typed) -> tuple[Typed, Typed]:
    if left.param is not None and right.param is None:
        left = coerce(ctx, left, right.type) if right.type.code != NULL_TYPE.code else left
    elif right.param is not None and left.param is None:
        right = coerce(ctx, right, left.type) if left.type.code != NULL_TYPE.code else right
    return left, right


def _against(ctx: CompileContext, typed: Typed, char: Typed, flip: bool) -> tuple[str, str, str]:
    """A non-character operand compared with a character one: convert the string."""
    target = typed.type
    if family(target) is Family.INT and not char.is_literal:
        target = DEC32
    converted = coerce(ctx, char, target)
    left, right = (converted, typed) if flip else (typed, converted)
    return _typed_pair(ctx, left, right)


def _typed_pair(ctx: CompileContext, left: Typed, right: Typed) -> tuple[str, str, str]:
    lf, rf = family(left.type), family(right.type)
    numeric = (Family.INT, Family.DEC, Family.FLOAT)
    if lf in numeric and rf in numeric:
        if Family.FLOAT in (lf, rf):
            return as_float_operand(ctx, left), as_float_operand(ctx, right), ""
        if Family.DEC in (lf, rf):
            return _dec_text(left), _dec_text(right), " COLLATE IFXDEC"
        return left.sql, right.sql, ""
    if (lf is Family.DATE and rf is Family.INT) or (lf is Family.INT and rf is Family.DATE):
        return left.sql, right.sql, ""
    if lf is Family.DATETIME and rf in (Family.DATETIME, Family.DATE):
        return _datetime_pair(ctx, left, right)
    if rf is Family.DATETIME and lf is Family.DATE:
        right_sql, left_sql, collate = _datetime_pair(ctx, right, left)
        return left_sql, right_sql, collate
    if lf is rf and lf in _TEMPORAL:
        return left.sql, right.sql, ""
    if lf is rf is Family.BYTE:
        raise SqlError(errors.ROUTINE_UNRESOLVED, text="byte")
    raise SqlError(
        errors.ROUTINE_UNRESOLVED, text=f"{left.type.sql_name()} {right.type.sql_name()}"
    )


def _dec_text(item: Typed) -> str:
    if family(item.type) is Family.INT:
        return f"CAST({item.sql} AS TEXT)"
    return item.sql


def _datetime_pair(ctx: CompileContext, left: Typed, right: Typed) -> tuple[str, str, str]:
    if same_type(left.type, right.type):
        return left.sql, right.sql, ""
    wide = ColumnType.datetime(0, 15)
    return coerce(ctx, left, wide).sql, coerce(ctx, right, wide).sql, ""


def collation_for(ct: ColumnType) -> str:
    """COLLATE suffix making ORDER BY / DISTINCT / MIN / MAX follow Informix order."""
    fam = family(ct)
    if fam is Family.DEC:
        return " COLLATE IFXDEC"
    if fam is Family.CHAR:
        return " COLLATE RTRIM"
    return ""
