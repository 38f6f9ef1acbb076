"""DATE and DATETIME (sqli-types.md §4.6-4.7); INTERVAL lives in interval.py.

DATE is an int32 day count from 1899-12-31. DATETIME is a packed decimal of
the calendar fields `YYYY MM DD hh mm ss . fffff` restricted to the
qualifier (see qualifier.py for the layout rules).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace

from ..codes import TU_DAY, TU_HOUR, TU_MINUTE, TU_MONTH, TU_SECOND, TU_YEAR
from .errors import BadLiteral, UnsupportedValue, ValueOutOfRange
from .interval import (
    interval_to_text,
    interval_value_to_packed,
    packed_to_interval,
    packed_to_interval_text,
    parse_interval_text,
)
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

__all__ = [
    "DtFields",
    "date_to_days",
    "datetime_decoder",
    "datetime_fields_to_packed",
    "datetime_fields_to_text",
    "datetime_python",
    "datetime_value_to_packed",
    "days_to_date",
    "interval_to_text",
    "interval_value_to_packed",
    "layout",
    "packed_to_datetime_fields",
    "packed_to_interval",
    "packed_to_interval_text",
    "parse_datetime_text",
    "parse_interval_text",
]

EPOCH_ORDINAL = dt.date(1899, 12, 31).toordinal()  # Informix day 0
DATE_NULL = -(2**31)
LEAP_YEAR_STANDIN = 4  # year for a yearless 02-29 (MONTH TO DAY) in a Python date


# -- DATE -------------------------------------------------------------------
def date_to_days(value: dt.date) -> int:
    """Informix day number of a date (a datetime contributes its date part)."""
    return value.toordinal() - EPOCH_ORDINAL


def days_to_date(days: int) -> dt.date:
    try:
        return dt.date.fromordinal(days + EPOCH_ORDINAL)
    except (ValueError, OverflowError):
        raise ValueOutOfRange(f"DATE day number {days} is outside 0001-01-01..9999-12-31") from None


# -- DATETIME ---------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class DtFields:
    """Calendar fields of a DATETIME; fields outside the qualifier keep these defaults."""

    year: int = 1
    month: int = 1
    day: int = 1
    hour: int = 0
    minute: int = 0
    second: int = 0
    microsecond: int = 0


def _check_calendar(fields: DtFields, lay: Layout) -> None:
    limits = {TU_MONTH: (1, 12), TU_HOUR: (0, 23), TU_MINUTE: (0, 59), TU_SECOND: (0, 59)}
    for unit in lay.units:
        value = getattr(fields, FIELD_NAMES[unit])
        low, high = limits.get(unit, (0, 9999))
        if unit == TU_DAY:
            year = fields.year if TU_YEAR in lay.units else 2000  # leap year: allow 02-29
            low, high = 1, calendar.monthrange(year, fields.month)[1]
        if unit == TU_YEAR:
            low = 1
        if not low <= value <= high:
            raise ValueOutOfRange(f"{FIELD_NAMES[unit]} {value} outside {low}..{high} in {fields}")
    if not 0 <= fields.microsecond <= 999_999:
        raise ValueOutOfRange(f"microsecond {fields.microsecond} outside 0..999999")


def datetime_fields_to_packed(fields: DtFields, q: int) -> bytes:
    """Canonical packed DATETIME (no row padding)."""
    lay = layout(q)
    _check_calendar(fields, lay)
    values = [getattr(fields, FIELD_NAMES[u]) for u in lay.units]
    frac = fields.microsecond // 10 ** (6 - lay.frac_digits) if lay.frac_digits else 0
    return encode_fields(lay, values, frac)


def packed_to_datetime_fields(data: Buffer, q: int) -> DtFields | None:
    lay = layout(q)
    decoded = decode_fields(lay, data)
    if decoded is None:
        return None
    negative, values, frac = decoded
    if negative:
        raise ValueOutOfRange(f"negative DATETIME {bytes(data).hex(' ')!r}")
    named = {FIELD_NAMES[u]: v for u, v in zip(lay.units, values, strict=True)}
    if lay.frac_digits:
        named["microsecond"] = frac * 10 ** (6 - lay.frac_digits)
    return DtFields(**named)


def parse_datetime_text(text: str, q: int) -> DtFields:
    """Parse `2026-08-31 12:30:15.12000` (only the qualifier's fields)."""
    lay = layout(q)
    _, values, frac = match_literal(text, lay, False, "DATETIME")
    named = {FIELD_NAMES[u]: v for u, v in zip(lay.units, values, strict=True)}
    if lay.frac_digits:
        named["microsecond"] = frac * 10 ** (6 - lay.frac_digits)
    fields = DtFields(**named)
    try:
        _check_calendar(fields, lay)
    except ValueOutOfRange as exc:
        raise BadLiteral(f"{text!r}: {exc}") from None
    if values and values[0] >= 10**lay.lead_digits:
        raise BadLiteral(f"{text!r}: leading field has more than {lay.lead_digits} digits")
    return fields


def datetime_fields_to_text(fields: DtFields, q: int) -> str:
    lay = layout(q)
    values = [getattr(fields, FIELD_NAMES[u]) for u in lay.units]
    frac = fields.microsecond // 10 ** (6 - lay.frac_digits) if lay.frac_digits else 0
    return fields_text(lay, values, frac, lay.lead_digits)


_CONSTRUCTORS: dict[str, tuple[type, tuple[str, ...]]] = {
    "date": (dt.date, ("year", "month", "day")),
    "time": (dt.time, ("hour", "minute", "second", "microsecond")),
    "datetime": (dt.datetime, tuple(DtFields.__slots__)),
}
_BASE100 = bytes(range(100))


def python_kind(lay: Layout) -> str:
    """date up to DAY, time from HOUR, datetime otherwise (sqli-types.md §4.7)."""
    if lay.end <= TU_DAY:
        return "date"
    return "time" if lay.start >= TU_HOUR else "datetime"


def datetime_python(fields: DtFields, q: int) -> dt.date | dt.time | dt.datetime:
    """The driver's Python value for decoded fields (see `python_kind`)."""
    lay = layout(q)
    if (fields.month, fields.day) == (2, 29) and TU_YEAR not in lay.units:
        fields = replace(fields, year=LEAP_YEAR_STANDIN)  # year 1 has no February 29th
    make, names = _CONSTRUCTORS[python_kind(lay)]
    try:
        value: dt.date | dt.time | dt.datetime = make(*(getattr(fields, n) for n in names))
    except ValueError as exc:
        raise ValueOutOfRange(f"DATETIME fields {fields} are not a valid value: {exc}") from None
    return value


def _base100_expr(first: int, count: int) -> str:
    return " + ".join(f"d[{first + j}] * {100 ** (count - 1 - j)}" for j in range(count))


def _canonical_reader(lay: Layout) -> tuple[Callable[[bytes], object], int]:
    """A lambda reading the canonical form by fixed byte positions, and the bytes it needs."""
    exprs: dict[str, str] = {}
    pos = 1
    if lay.units:
        count = (lay.lead_digits + 1) // 2
        exprs[FIELD_NAMES[lay.start]] = _base100_expr(pos, count)
        pos += count
        for unit in lay.units[1:]:
            exprs[FIELD_NAMES[unit]] = f"d[{pos}]"
            pos += 1
    if lay.frac_digits:
        count = (lay.frac_digits + 1) // 2
        drop, scale = 10 ** (2 * count - lay.frac_digits), 10 ** (6 - lay.frac_digits)
        exprs["microsecond"] = f"({_base100_expr(pos, count)}) // {drop} * {scale}"
        pos += count
    make, names = _CONSTRUCTORS[python_kind(lay)]
    defaults = DtFields()
    args = ", ".join(exprs.get(name, repr(getattr(defaults, name))) for name in names)
    return eval(f"lambda d: _make({args})", {"_make": make}), pos


def datetime_decoder(q: int) -> Callable[[Buffer], object]:
    """Row decoding of one DATETIME column: canonical bytes take a specialised path."""
    lay = layout(q)
    fast, need = _canonical_reader(lay)
    head = 0x80 | (lay.ref_exponent + 64)

    def decode(data: Buffer) -> object:
        if data[0] == head and len(data) >= need:
            try:
                if not data[1:].translate(None, _BASE100):  # type: ignore[union-attr]
                    return fast(data)  # type: ignore[arg-type]
            except (AttributeError, ValueError):
                pass  # a memoryview, or an invalid date: the general path decides
        fields = packed_to_datetime_fields(data, q)
        return None if fields is None else datetime_python(fields, q)

    return decode


def python_to_fields(value: object, q: int) -> DtFields:
    """datetime / date / time / text / DtFields -> DtFields."""
    if isinstance(value, DtFields):
        return value
    if isinstance(value, str):
        return parse_datetime_text(value, q)
    if isinstance(value, (dt.datetime, dt.time)) and value.tzinfo is not None:
        raise UnsupportedValue(f"timezone-aware {value!r}: convert to naive local time first")
    if isinstance(value, dt.datetime):
        return DtFields(*value.timetuple()[:6], value.microsecond)
    if isinstance(value, dt.date):
        return DtFields(value.year, value.month, value.day)
    if isinstance(value, dt.time):
        return DtFields(hour=value.hour, minute=value.minute, second=value.second,
                        microsecond=value.microsecond)  # fmt: skip
    raise UnsupportedValue(f"cannot store {type(value).__name__} {value!r} in a DATETIME")


def datetime_value_to_packed(value: object, q: int) -> bytes:
    """Canonical packed DATETIME for a Python value or an Informix literal."""
    return datetime_fields_to_packed(python_to_fields(value, q), q)
