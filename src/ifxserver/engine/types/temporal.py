"""DATE, DATETIME and INTERVAL values: text forms, storage forms, conversions.

Storage encodings (see docs/server-engine-notes.md):
* DATE: integer days since 1899-12-31 (the Informix internal value);
* DATETIME q1 TO q2: fixed-width canonical text of the qualifier's fields
  (`2026-08-31 12:30:15.12000` sliced to the qualifier), so text order is
  time order;
* INTERVAL: an integer count of months (YEAR/MONTH class) or of 10 µs units
  (DAY...FRACTION class).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from informix_db.protocol.codes import (
    TU_DAY,
    TU_F5,
    TU_HOUR,
    TU_MINUTE,
    TU_MONTH,
    TU_SECOND,
    TU_YEAR,
)
from informix_db.protocol.coltype import first_field_digits, qualifier, qualifier_parts

from .. import errors
from ..errors import SqlError

EPOCH = dt.date(1899, 12, 31)
FIELD_UNITS = (TU_YEAR, TU_MONTH, TU_DAY, TU_HOUR, TU_MINUTE, TU_SECOND, TU_F5)
_SEPARATORS = {TU_MONTH: "-", TU_DAY: "-", TU_HOUR: " ", TU_MINUTE: ":", TU_SECOND: ":"}
# 10 µs units per day-time field
_DF_UNITS = {
    TU_DAY: 86400 * 100000,
    TU_HOUR: 3600 * 100000,
    TU_MINUTE: 60 * 100000,
    TU_SECOND: 100000,
}
_MAX_FIELD = {TU_MONTH: 12, TU_DAY: 31, TU_HOUR: 23, TU_MINUTE: 59, TU_SECOND: 59}
_MIN_FIELD = {TU_MONTH: 1, TU_DAY: 1}


# -- DATE ------------------------------------------------------------------------
def date_to_days(value: dt.date) -> int:
    return (
        (value - EPOCH).days
        if not isinstance(value, dt.datetime)
        else ((value.date() - EPOCH).days)
    )


def days_to_date(days: int) -> dt.date:
    try:
        return EPOCH + dt.timedelta(days=days)
    except OverflowError:
        raise SqlError(errors.BAD_YEAR) from None


@dataclass(frozen=True)
class DateFormat:
    """A parsed DBDATE: field order (`M`, `D`, `Y`), year digits, separator."""

    order: tuple[str, str, str]
    year_digits: int
    separator: str

    @classmethod
    def parse(cls, dbdate: str | None) -> DateFormat:
        text = (dbdate or "MDY4/").upper()
        order: list[str] = []
        year_digits = 4
        separator = "/"
        index = 0
        while index < len(text) and len(order) < 3:
            char = text[index]
            if char in "MD":
                order.append(char)
            elif char == "Y":
                order.append("Y")
                if index + 1 < len(text) and text[index + 1] in "24":
                    year_digits = int(text[index + 1])
                    index += 1
            else:
                break
            index += 1
        if sorted(order) != ["D", "M", "Y"]:
            return cls(("M", "D", "Y"), 4, "/")
        rest = text[index:]
        if rest:
            separator = "" if rest[0] == "0" else rest[0]
        return cls((order[0], order[1], order[2]), year_digits, separator)

    def format(self, value: dt.date) -> str:
        parts = {"M": f"{value.month:02d}", "D": f"{value.day:02d}"}
        year = f"{value.year:04d}"
        parts["Y"] = year[-2:] if self.year_digits == 2 else year
        return self.separator.join(parts[key] for key in self.order)

    def parse_date(self, text: str) -> dt.date:
        """Informix string-to-DATE conversion; -1218 when it is not a date."""
        stripped = text.strip()
        groups = re.split(r"[^0-9]+", stripped)
        if len(groups) == 1:
            groups = self._split_fixed(stripped)
        if len(groups) != 3 or not all(g.isdigit() for g in groups):
            raise SqlError(errors.BAD_DATE_STRING)
        fields = dict(zip(self.order, (int(g) for g in groups), strict=False))
        year = fields["Y"]
        if len(groups[self.order.index("Y")]) <= 2:
            year += 2000 if year < 100 else 0  # DBCENTURY=R for the current century
        try:
            return dt.date(year, fields["M"], fields["D"])
        except ValueError:
            raise SqlError(errors.BAD_DATE_STRING) from None

    def _split_fixed(self, digits: str) -> list[str]:
        widths = [self.year_digits if key == "Y" else 2 for key in self.order]
        if len(digits) != sum(widths) or not digits.isdigit():
            return [digits]
        parts, position = [], 0
        for width in widths:
            parts.append(digits[position : position + width])
            position += width
        return parts


# -- DATETIME ---------------------------------------------------------------------
@dataclass(frozen=True)
class DateTimeValue:
    """All seven DATETIME fields (fraction in 10 µs units) plus the qualifier range."""

    fields: tuple[int, int, int, int, int, int, int]
    start: int
    end: int

    def text(self) -> str:
        return format_datetime(self.fields, self.start, self.end)

    def to_datetime(self) -> dt.datetime:
        year, month, day, hour, minute, second, frac = self.fields
        return dt.datetime(year, month, day, hour, minute, second, frac * 10)


def _field_index(unit: int) -> int:
    return 6 if unit > TU_SECOND else unit // 2


def format_datetime(fields: tuple[int, ...], start: int, end: int) -> str:
    out: list[str] = []
    for unit in (TU_YEAR, TU_MONTH, TU_DAY, TU_HOUR, TU_MINUTE, TU_SECOND):
        if start <= unit <= end:
            if out:
                out.append(_SEPARATORS[unit])
            value = fields[_field_index(unit)]
            out.append(f"{value:04d}" if unit == TU_YEAR else f"{value:02d}")
    if end > TU_SECOND:
        digits = end - TU_SECOND
        frac = f"{fields[6]:05d}"[:digits]
        out.append(("." if out else "") + frac)
    return "".join(out)


def parse_datetime(text: str, start: int, end: int, *, strict: bool = True) -> DateTimeValue:
    """Parse the text of a DATETIME `start TO end` (`2026-08-31 12:30:15.12`)."""
    numbers = re.findall(r"\d+", text)
    if re.search(r"[^0-9\-: .\t]", text.strip()):
        raise SqlError(errors.DATETIME_NON_NUMERIC)
    units = [
        u for u in (TU_YEAR, TU_MONTH, TU_DAY, TU_HOUR, TU_MINUTE, TU_SECOND) if start <= u <= end
    ]
    want_fraction = end > TU_SECOND
    expected = len(units) + (1 if want_fraction else 0)
    if len(numbers) > expected:
        raise SqlError(errors.DATETIME_EXTRA_CHARS)
    if strict and len(numbers) < expected and not (want_fraction and len(numbers) == len(units)):
        raise SqlError(errors.DATETIME_NON_NUMERIC)
    fields = [1, 1, 1, 0, 0, 0, 0]
    for unit, number in zip(units, numbers, strict=False):
        fields[_field_index(unit)] = int(number)
    if want_fraction and len(numbers) > len(units):
        fields[6] = int(numbers[len(units)][:5].ljust(5, "0"))
    value = (fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], fields[6])
    _check_fields(value, units)
    return DateTimeValue(value, start, end)


def _check_fields(fields: tuple[int, ...], units: list[int]) -> None:
    for unit in units:
        value = fields[_field_index(unit)]
        if unit in _MAX_FIELD and not _MIN_FIELD.get(unit, 0) <= value <= _MAX_FIELD[unit]:
            raise SqlError(errors.DATETIME_FIELD_RANGE)
    if TU_DAY in units and (TU_MONTH in units or TU_YEAR in units):
        try:
            dt.date(fields[0] if TU_YEAR in units else 2000, fields[1], fields[2])
        except ValueError:
            raise SqlError(errors.DATETIME_FIELD_RANGE) from None


def datetime_from_python(
    value: dt.datetime | dt.date | dt.time, start: int, end: int
) -> DateTimeValue:
    now = dt.datetime.now()
    if isinstance(value, dt.datetime):
        full = value
    elif isinstance(value, dt.date):
        full = dt.datetime(value.year, value.month, value.day)
    else:
        full = dt.datetime.combine(now.date(), value)
    fields = (
        full.year,
        full.month,
        full.day,
        full.hour,
        full.minute,
        full.second,
        full.microsecond // 10,
    )
    return DateTimeValue(fields, start, end)


def convert_datetime(value: DateTimeValue, start: int, end: int, now: dt.datetime) -> DateTimeValue:
    """Re-qualify: leading fields absent from the source come from `now`, trailing are zero."""
    now_fields = (
        now.year,
        now.month,
        now.day,
        now.hour,
        now.minute,
        now.second,
        now.microsecond // 10,
    )
    out = []
    for index, unit in enumerate(FIELD_UNITS):
        present = value.start <= unit <= value.end or (unit == TU_F5 and value.end > TU_SECOND)
        if present:
            out.append(value.fields[index])
        elif unit < value.start:
            out.append(now_fields[index])
        else:
            out.append(1 if unit in (TU_MONTH, TU_DAY) else 0)
    if end < TU_F5:
        keep = max(end - TU_SECOND, 0)
        out[6] = out[6] // 10 ** (5 - keep) * 10 ** (5 - keep)
    fields = (out[0], out[1], out[2], out[3], out[4], out[5], out[6])
    return DateTimeValue(fields, start, end)


def datetime_storage_qualifier(q: int) -> tuple[int, int]:
    _, start, end = qualifier_parts(q)
    return start, end


# -- INTERVAL ------------------------------------------------------------------------
def interval_is_month_class(q: int) -> bool:
    return qualifier_parts(q)[1] <= TU_MONTH


def parse_interval(text: str, q: int) -> int:
    """Interval text for qualifier `q` to months or 10 µs units."""
    _, start, end = qualifier_parts(q)
    stripped = text.strip()
    negative = stripped.startswith("-")
    if negative:
        stripped = stripped[1:].strip()
    if re.search(r"[^0-9\-: .]", stripped):
        raise SqlError(errors.DATETIME_NON_NUMERIC)
    numbers = re.findall(r"\d+", stripped)
    units = [
        u for u in (TU_YEAR, TU_MONTH, TU_DAY, TU_HOUR, TU_MINUTE, TU_SECOND) if start <= u <= end
    ]
    has_fraction = end > TU_SECOND
    if start > TU_SECOND:
        units = []
    expected = len(units) + (1 if has_fraction else 0)
    if len(numbers) > expected:
        raise SqlError(errors.DATETIME_EXTRA_CHARS)
    if len(numbers) < len(units) or not numbers:
        raise SqlError(errors.DATETIME_NON_NUMERIC)
    total = 0
    for position, (unit, number) in enumerate(zip(units, numbers, strict=False)):
        value = int(number)
        if (
            position > 0
            and unit in _MAX_FIELD
            and value > (11 if unit == TU_MONTH else _MAX_FIELD[unit])
        ):
            raise SqlError(errors.DATETIME_FIELD_RANGE)
        total += (
            value * (12 if unit == TU_YEAR else 1) if start <= TU_MONTH else value * _DF_UNITS[unit]
        )
    if has_fraction and len(numbers) > len(units):
        total += int(numbers[len(units)][:5].ljust(5, "0"))
    check_interval_range(total, q)
    return -total if negative else total


def check_interval_range(total: int, q: int) -> None:
    """-1263 when the leading field needs more digits than the qualifier has."""
    _, start, _ = qualifier_parts(q)
    digits = first_field_digits(q)
    if start <= TU_MONTH:
        leading = abs(total) // 12 if start == TU_YEAR else abs(total)
    elif start > TU_SECOND:
        leading, digits = abs(total), 5  # FRACTION TO FRACTION(n): less than one second
    else:
        leading = abs(total) // _DF_UNITS[start]
    if leading >= 10**digits:
        raise SqlError(errors.DATETIME_FIELD_RANGE)


def format_interval(total: int, q: int) -> str:
    """Canonical text: `3 04:05:06.50000`, `-5-03`, no padding of the first field."""
    _, start, end = qualifier_parts(q)
    sign = "-" if total < 0 else ""
    remaining = abs(total)
    if start <= TU_MONTH:
        if start == TU_YEAR and end == TU_MONTH:
            return f"{sign}{remaining // 12}-{remaining % 12:02d}"
        return f"{sign}{remaining // 12 if start == TU_YEAR else remaining}"
    out: list[str] = []
    for unit in (TU_DAY, TU_HOUR, TU_MINUTE, TU_SECOND):
        if start <= unit <= end:
            value, remaining = divmod(remaining, _DF_UNITS[unit])
            if out:
                out.append(_SEPARATORS[unit])
            out.append(str(value) if not out else f"{value:02d}")
    if end > TU_SECOND:
        digits = end - TU_SECOND
        out.append(("." if out else "") + f"{remaining:05d}"[:digits])
    return sign + "".join(out)


def truncate_interval(total: int, q: int) -> int:
    """Drop units below the qualifier's last field (DAY TO SECOND loses fractions)."""
    step = interval_step(q)
    return _toward_zero(total, step) * step


def interval_step(q: int) -> int:
    """Months or 10 µs units in one unit of the qualifier's last field."""
    _, start, end = qualifier_parts(q)
    if start <= TU_MONTH:
        return 1 if end == TU_MONTH else 12
    return 10 ** (TU_F5 - end) if end > TU_SECOND else _DF_UNITS[end]


def interval_to_timedelta(total: int) -> dt.timedelta:
    try:
        return dt.timedelta(microseconds=total * 10)
    except OverflowError:  # a computed result past 999999999 days
        raise SqlError(errors.DATETIME_RESULT_RANGE) from None


def timedelta_to_units(value: dt.timedelta) -> int:
    micros = (value.days * 86400 + value.seconds) * 1_000_000 + value.microseconds
    return _toward_zero(micros, 10)


def _toward_zero(total: int, step: int) -> int:
    """Whole steps in `total`, truncated toward zero in integers (a float loses
    the low digits of DAY(9) intervals: 10**9 days is about 2**66 microseconds)."""
    whole = abs(total) // step
    return -whole if total < 0 else whole


def current_qualifier(start: int = TU_YEAR, end: int = TU_SECOND + 3) -> int:
    return qualifier(start, end)
