"""SQ_BIND values -> SQLite parameters, with Informix's bind conversions (sqli-types.md §5.4)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal

from informix_db.protocol.codes import TYPE_MASK, IfxType
from informix_db.protocol.coltype import ColumnType
from informix_db.types import IntervalYM

from . import errors
from .api import BoundValue
from .catalog.model import ColumnInfo
from .compile.context import ParamSlot
from .errors import SqlError
from .types import convert, temporal
from .types.convert import ConvEnv
from .types.info import (
    BIGINT_TYPE,
    BOOL_TYPE,
    DATE_TYPE,
    FLOAT_TYPE,
    NULL_TYPE,
    Family,
    family,
)

_DECIMAL_SOURCE = ColumnType.decimal(32)
DefaultResolver = Callable[[ColumnInfo], object]


def client_value(bound: BoundValue) -> tuple[object, ColumnType]:
    """The logical value and type of what the client bound."""
    value = bound.value
    code = bound.type & TYPE_MASK
    if value is None:
        return None, NULL_TYPE
    if code == IfxType.DATETIME and isinstance(value, str):
        q = bound.prec or temporal.current_qualifier(0, 15)
        _, start, end = _qualifier(q)
        return temporal.parse_datetime(value, start, end), ColumnType(IfxType.DATETIME, q)
    if code == IfxType.INTERVAL and isinstance(value, str):
        q = bound.prec or ColumnType.interval(4, 15, 9).length
        return temporal.parse_interval(value, q), ColumnType(IfxType.INTERVAL, q)
    return _by_python_type(value, code)


def _by_python_type(value: object, code: int) -> tuple[object, ColumnType]:
    """Type of a bound value from its Python class (the wire decoder's mapping)."""
    if isinstance(value, bool):
        return value, BOOL_TYPE
    if isinstance(value, int):
        return value, BIGINT_TYPE
    if isinstance(value, float):
        return value, FLOAT_TYPE
    if isinstance(value, Decimal):
        return value, _DECIMAL_SOURCE
    if isinstance(value, dt.datetime):
        return temporal.datetime_from_python(value, 0, 15), ColumnType.datetime(0, 15)
    if isinstance(value, dt.date):
        return value, DATE_TYPE
    if isinstance(value, dt.timedelta):
        q = ColumnType.interval(4, 15, 9)
        return temporal.timedelta_to_units(value), q
    if isinstance(value, IntervalYM):
        return value.months, ColumnType.interval(0, 2, 9)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value), ColumnType.simple(IfxType.BYTE)
    if isinstance(value, str):
        return value, ColumnType.lvarchar(max(len(value), 1))
    raise SqlError(errors.CANNOT_CONVERT, text=type(value).__name__)


def _qualifier(q: int) -> tuple[int, int, int]:
    return q >> 8, (q >> 4) & 0xF, q & 0xF


def bind(
    values: Sequence[BoundValue],
    slots: Sequence[ParamSlot],
    defaults: dict[int, ColumnInfo],
    env: ConvEnv,
    resolve_default: DefaultResolver,
) -> list[object]:
    """Storage values for SQLite's numbered parameters; -254 on a count mismatch."""
    if len(values) != len(slots):
        raise SqlError(errors.PARAMETER_COUNT)
    out: list[object] = []
    for index, (bound, slot) in enumerate(zip(values, slots, strict=True)):
        target = slot.type
        if bound.is_default:
            column = defaults.get(index)
            out.append(resolve_default(column) if column is not None else None)
            continue
        value, source = client_value(bound)
        if value is None:
            out.append(None)
            continue
        if slot.any_interval:
            out.append(tagged_interval(value, source, target, env))
            continue
        if target is None or target.code == NULL_TYPE.code:
            target = source
        elif not slot.strict:
            target = loose(target)
        logical = convert.convert(value, source, target, env)
        out.append(convert.to_storage(logical, target))
    return out


def tagged_interval(
    value: object, source: ColumnType, target: ColumnType | None, env: ConvEnv
) -> str:
    """`q:units` for a `?` that is an INTERVAL of either class (`ifx_dt_add` reads the class).

    An interval keeps its own qualifier; an integer counts days (as in DATE + INTEGER);
    anything else converts to the described type.
    """
    assert target is not None
    fam = family(source)
    if fam is Family.INT:
        assert isinstance(value, int)
        value, source = value * _UNITS_PER_DAY, target
    elif fam not in (Family.INTERVAL_YM, Family.INTERVAL_DF):
        value, source = convert.convert(value, source, target, env), target
    return f"{source.length}:{value}"


_UNITS_PER_DAY = 86400 * 100000  # day-time intervals count 10 µs units


def loose(ct: ColumnType) -> ColumnType:
    """The type a compared (not assigned) parameter converts to: no truncation or rounding."""
    fam = family(ct)
    if fam is Family.CHAR:
        return ColumnType.lvarchar(32739)
    if fam is Family.DEC:
        return ColumnType.decimal(32)
    if fam is Family.INT:
        return BIGINT_TYPE
    return ct


def described_param(slot: ParamSlot) -> ColumnType:
    """What the describe says about a `?` whose type context could not decide."""
    if slot.type is None or slot.type.code == NULL_TYPE.code:
        return ColumnType.varchar(255)
    return slot.type


def is_dynamic(slot: ParamSlot) -> bool:
    return slot.type is None or family(slot.type) is Family.NULL
