"""INTERVAL (sqli-types.md §4.8): signed packed fields in two families.

Year-month intervals (start YEAR or MONTH) map to `IntervalYM`, day-time
intervals to `timedelta`. Internally a value is one signed total in the
family's base unit (months or microseconds): coarser units fold into the
leading field, finer ones are truncated toward zero.
"""

from __future__ import annotations

import datetime as dt

from ...types import IntervalYM
from ..codes import TU_DAY, TU_HOUR, TU_MINUTE, TU_MONTH, TU_SECOND, TU_YEAR
from .errors import BadLiteral, UnsupportedValue, ValueOutOfRange
from .packed import Buffer
from .qualifier import (
    FIELD_NAMES,
    Layout,
    decode_fields,
    encode_fields,
    fields_text,
    layout,
    match_literal,
)

# Size of each unit in the family's base unit (months, or microseconds).
_UNIT_SIZE = {
    TU_YEAR: 12,
    TU_MONTH: 1,
    TU_DAY: 86_400_000_000,
    TU_HOUR: 3_600_000_000,
    TU_MINUTE: 60_000_000,
    TU_SECOND: 1_000_000,
}
_INTERVAL_LIMITS = {TU_MONTH: 11, TU_HOUR: 23, TU_MINUTE: 59, TU_SECOND: 59}
_ONE_MICROSECOND = dt.timedelta(microseconds=1)


def _split_total(total: int, lay: Layout) -> tuple[bool, list[int], int]:
    """Signed total -> fields; coarser units fold into the leading field, finer ones drop."""
    negative, rest = total < 0, abs(total)
    values = []
    for unit in lay.units:
        value, rest = divmod(rest, _UNIT_SIZE[unit])
        values.append(value)
    frac = rest // 10 ** (6 - lay.frac_digits) if lay.frac_digits else 0
    if (values and values[0] >= 10**lay.lead_digits) or frac >= 10**lay.frac_digits:
        raise ValueOutOfRange(f"interval overflows the leading field of {_family(lay)}")
    return negative, values, frac


def _join_total(lay: Layout, negative: bool, values: list[int], frac: int) -> int:
    total = sum(v * _UNIT_SIZE[u] for u, v in zip(lay.units, values, strict=True))
    if lay.frac_digits:
        total += frac * 10 ** (6 - lay.frac_digits)
    return -total if negative else total


def _family(lay: Layout) -> str:
    return f"{'year-month' if lay.year_month else 'day-time'} INTERVAL 0x{lay.qualifier:04x}"


def _interval_total(value: object, lay: Layout) -> int:
    """Signed months (year-month family) or microseconds (day-time family)."""
    if isinstance(value, str):
        return _text_total(value, lay)
    if lay.year_month and isinstance(value, IntervalYM):
        return value.months
    if not lay.year_month and isinstance(value, dt.timedelta):
        return value // _ONE_MICROSECOND
    raise UnsupportedValue(f"cannot store {type(value).__name__} {value!r} in a {_family(lay)}")


def _text_total(text: str, lay: Layout) -> int:
    negative, values, frac = match_literal(text, lay, True, "INTERVAL")
    for unit, value in zip(lay.units[1:], values[1:], strict=True):
        if value > _INTERVAL_LIMITS[unit]:
            limit = _INTERVAL_LIMITS[unit]
            raise BadLiteral(f"{text!r}: {FIELD_NAMES[unit]} {value} exceeds {limit}")
    if values and values[0] >= 10**lay.lead_digits:
        raise ValueOutOfRange(f"{text!r} overflows the leading field of {_family(lay)}")
    return _join_total(lay, negative, values, frac)


def _total_to_python(total: int, lay: Layout) -> dt.timedelta | IntervalYM:
    if lay.year_month:
        return IntervalYM(total)
    try:
        return dt.timedelta(microseconds=total)
    except OverflowError:
        raise ValueOutOfRange(f"interval of {total} microseconds exceeds timedelta") from None


def _interval_text(lay: Layout, negative: bool, values: list[int], frac: int) -> str:
    sign = "-" if negative and (any(values) or frac) else ""
    return sign + fields_text(lay, values, frac, lead_width=1)


def parse_interval_text(text: str, q: int) -> dt.timedelta | IntervalYM:
    """`3 04:05:06.50000`, `-5-03`, `12:30` ... -> timedelta or IntervalYM."""
    lay = layout(q)
    return _total_to_python(_text_total(text, lay), lay)


def interval_value_to_packed(value: object, q: int) -> bytes:
    """Canonical packed INTERVAL for a timedelta, IntervalYM or literal."""
    lay = layout(q)
    negative, values, frac = _split_total(_interval_total(value, lay), lay)
    return encode_fields(lay, values, frac, negative)


def packed_to_interval(data: Buffer, q: int) -> dt.timedelta | IntervalYM | None:
    lay = layout(q)
    decoded = decode_fields(lay, data)
    if decoded is None:
        return None
    return _total_to_python(_join_total(lay, *decoded), lay)


def interval_to_text(value: object, q: int) -> str:
    """Canonical Informix text of a timedelta / IntervalYM for the qualifier."""
    lay = layout(q)
    return _interval_text(lay, *_split_total(_interval_total(value, lay), lay))


def packed_to_interval_text(data: Buffer, q: int) -> str | None:
    """Text straight from the packed fields (no re-normalisation)."""
    lay = layout(q)
    decoded = decode_fields(lay, data)
    return None if decoded is None else _interval_text(lay, *decoded)
