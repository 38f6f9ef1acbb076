"""UDFs behind the Informix built-ins added in 12.10 and later.

Calendar functions (ADD_MONTHS, LAST_DAY, MONTHS_BETWEEN, TO_DATE) and
character codes (REVERSE, ASCII, CHR, HEX). Temporal arguments arrive in
storage form with the type key of their Informix type, and results go back
in the storage form of the type the compiler described.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Protocol

from .. import errors
from ..errors import SqlError
from ..types import convert, decimals, temporal
from ..types.info import Family, family
from .typekey import type_from_key

FORMAT_MISMATCH = -1277  # "input does not match format specification" (unverified)
DEFAULT_DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"
_SECONDS_PER_DAY = 86400
# GL_DATETIME directives that Python's strptime spells differently.
_DIRECTIVES = {
    "D": "%m/%d/%y",
    "e": "%d",
    "h": "%b",
    "n": " ",
    "r": "%I:%M:%S %p",
    "R": "%H:%M",
    "t": " ",
    "T": "%H:%M:%S",
}


class CalendarHost(Protocol):
    conv: convert.ConvEnv

    def statement_time(self) -> dt.datetime: ...


def moment_of(host: CalendarHost, value: object, key: int) -> dt.datetime:
    """A DATE or DATETIME storage value as a full Python datetime (missing fields: now)."""
    ct = type_from_key(key)
    logical = convert.from_storage(value, ct, host.conv)
    if isinstance(logical, temporal.DateTimeValue):
        return temporal.convert_datetime(logical, 0, 15, host.statement_time()).to_datetime()
    if isinstance(logical, dt.date):
        return dt.datetime(logical.year, logical.month, logical.day)
    raise SqlError(errors.CANNOT_CONVERT, text="date")


def _stored_as(moment: dt.datetime, key: int) -> object:
    """The storage value of `moment` in the type the argument had (DATE or DATETIME)."""
    ct = type_from_key(key)
    if family(ct) is Family.DATE:
        return temporal.date_to_days(moment.date())
    start, end = temporal.datetime_storage_qualifier(ct.length)
    return temporal.datetime_from_python(moment, start, end).text()


def _last_day_of(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _add_months(host: CalendarHost) -> Callable[..., object]:
    def add_months(value: object, key: int, count: object) -> object:
        if value is None or count is None:
            return None
        moment = moment_of(host, value, key)
        total = moment.year * 12 + moment.month - 1 + int(count)  # type: ignore[call-overload]
        year, month = divmod(total, 12)
        if not 1 <= year <= 9999:
            raise SqlError(errors.BAD_YEAR)
        last = _last_day_of(year, month + 1)
        month_end = moment.day == _last_day_of(moment.year, moment.month)
        day = last if month_end else min(moment.day, last)  # Jan 31 + 1 month is Feb 28/29
        return _stored_as(moment.replace(year=year, month=month + 1, day=day), key)

    return add_months


def _last_day(host: CalendarHost) -> Callable[..., object]:
    def last_day(value: object, key: int) -> object:
        if value is None:
            return None
        moment = moment_of(host, value, key)
        return _stored_as(moment.replace(day=_last_day_of(moment.year, moment.month)), key)

    return last_day


def _months_between(host: CalendarHost) -> Callable[..., object]:
    """Whole months when the days of month match or both are month ends, else /31 days."""

    def months_between(first: object, first_key: int, second: object, second_key: int) -> object:
        if first is None or second is None:
            return None
        a, b = moment_of(host, first, first_key), moment_of(host, second, second_key)
        months = Decimal((a.year - b.year) * 12 + a.month - b.month)
        both_month_ends = a.day == _last_day_of(a.year, a.month) and (
            b.day == _last_day_of(b.year, b.month)
        )
        if a.day == b.day or both_month_ends:
            return decimals.to_text(months)
        seconds = _seconds_into_month(a) - _seconds_into_month(b)
        fraction = decimals.div(seconds, Decimal(31 * _SECONDS_PER_DAY))
        return decimals.to_text(decimals.add(months, fraction))

    return months_between


def _seconds_into_month(moment: dt.datetime) -> Decimal:
    elapsed = (moment.day - 1) * _SECONDS_PER_DAY + moment.hour * 3600 + moment.minute * 60
    return Decimal(elapsed + moment.second) + Decimal(moment.microsecond) / 1_000_000


def strptime_format(gl_format: str) -> str:
    """A GL_DATETIME format as a Python strptime format (%Fn fractions become %f)."""
    out: list[str] = []
    index = 0
    while index < len(gl_format):
        char = gl_format[index]
        if char != "%" or index + 1 >= len(gl_format):
            out.append(char)
            index += 1
            continue
        directive = gl_format[index + 1]
        index += 2
        if directive == "F":
            if index < len(gl_format) and gl_format[index].isdigit():
                index += 1
            out.append("%f")
        else:
            out.append(_DIRECTIVES.get(directive, "%" + directive))
    return "".join(out)


def _to_date(host: CalendarHost) -> Callable[..., object]:
    """TO_DATE(text, format): a DATETIME YEAR TO FRACTION(5) value."""

    def to_date(text: object, gl_format: object) -> object:
        if text is None:
            return None
        pattern = strptime_format(str(gl_format) if gl_format else DEFAULT_DATETIME_FORMAT)
        try:
            moment = dt.datetime.strptime(str(text).strip(), pattern)
        except ValueError:
            raise SqlError(FORMAT_MISMATCH) from None
        return temporal.datetime_from_python(moment, 0, 15).text()

    return to_date


def _ascii(value: object) -> object:
    text = str(value)
    return ord(text[0]) if text else None


def _chr(code: object) -> object:
    number = int(code)  # type: ignore[call-overload]
    return chr(number) if 0 <= number <= 255 else None


def _hex(value: object, digits: object) -> object:
    width = int(digits)  # type: ignore[call-overload]
    masked = int(value) & ((1 << (4 * width)) - 1)  # type: ignore[call-overload]
    return f"0x{masked:0{width}X}"  # two's complement, as Informix shows negatives


def _reverse(value: object) -> object:
    return str(value)[::-1]


def scalar_functions(host: CalendarHost) -> dict[str, tuple[int, Callable[..., object]]]:
    """name -> (arity, function); NULL in, NULL out for the character functions."""
    return {
        "ifx_add_months": (3, _add_months(host)),
        "ifx_last_day": (2, _last_day(host)),
        "ifx_months_between": (4, _months_between(host)),
        "ifx_to_date": (2, _to_date(host)),
        "ifx_ascii": (1, null_safe(_ascii)),
        "ifx_chr": (1, null_safe(_chr)),
        "ifx_hex": (2, null_safe(_hex)),
        "ifx_reverse": (1, null_safe(_reverse)),
    }


def null_safe(function: Callable[..., object]) -> Callable[..., object]:
    """NULL in, NULL out: the SQL function is not called when any argument is NULL."""

    def wrapper(*args: object) -> object:
        if any(arg is None for arg in args):
            return None
        return function(*args)

    return wrapper


__all__ = ["moment_of", "null_safe", "scalar_functions", "strptime_format"]
