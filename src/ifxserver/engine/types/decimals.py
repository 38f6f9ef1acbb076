"""Exact DECIMAL/MONEY values: 32 significant digits, canonical text storage.

DECIMAL values are stored in SQLite as canonical text (plain digits, no
exponent) in columns collated with `IFXDEC`, whose comparison parses both
sides as `Decimal`. Arithmetic runs in Python with `CONTEXT`, never in floats.
"""

from __future__ import annotations

import decimal
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .. import errors
from ..errors import SqlError

MAX_DIGITS = 32
CONTEXT = decimal.Context(prec=MAX_DIGITS, rounding=ROUND_HALF_UP, Emax=999, Emin=-999)
_WIDE = decimal.Context(prec=2000, rounding=ROUND_HALF_UP, Emax=999, Emin=-999)


def to_text(value: Decimal) -> str:
    """Canonical storage text: plain notation, no exponent, no negative zero."""
    if value.is_zero():
        value = abs(value)
    return format(value, "f")


def parse(text: str) -> Decimal:
    """Text or number to Decimal; -1213 when it is not a number."""
    try:
        value = Decimal(text.strip())
    except (InvalidOperation, ValueError):
        raise SqlError(errors.CHAR_TO_NUMBER) from None
    if not value.is_finite():
        raise SqlError(errors.CHAR_TO_NUMBER)
    return value


def from_storage(raw: object) -> Decimal:
    """A SQLite value that should hold a DECIMAL (text, int or float)."""
    if isinstance(raw, Decimal):
        return raw
    if isinstance(raw, bool):
        return Decimal(int(raw))
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        return CONTEXT.create_decimal_from_float(raw)
    if isinstance(raw, str):
        return parse(raw)
    if isinstance(raw, bytes):
        return parse(raw.decode("ascii", "replace"))
    raise SqlError(errors.CHAR_TO_NUMBER)


def fit(value: Decimal, precision: int, scale: int | None) -> Decimal:
    """Round to DECIMAL(precision, scale); -1226 when the integer part overflows."""
    if scale is None:
        context = decimal.Context(prec=precision, rounding=ROUND_HALF_UP, Emax=999, Emin=-999)
        return plain(context.plus(value))
    quantum = Decimal(1).scaleb(-scale)
    try:
        rounded = value.quantize(quantum, rounding=ROUND_HALF_UP, context=_WIDE)
    except InvalidOperation:
        raise SqlError(errors.DECIMAL_OVERFLOW) from None
    if not rounded.is_zero() and rounded.adjusted() >= precision - scale:
        raise SqlError(errors.DECIMAL_OVERFLOW)
    return rounded


def plain(value: Decimal) -> Decimal:
    """The same number with a non-positive exponent (1.2E+3 becomes 1200)."""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent > 0:
        return value.quantize(Decimal(1), context=_WIDE)
    return value


def compare_text(left: str, right: str) -> int:
    """The IFXDEC collation: compare two stored DECIMALs numerically."""
    try:
        a, b = Decimal(left), Decimal(right)
    except (InvalidOperation, ValueError):
        return (left > right) - (left < right)
    if a.is_nan() or b.is_nan():
        return (left > right) - (left < right)
    return (a > b) - (a < b)


def add(a: Decimal, b: Decimal) -> Decimal:
    return CONTEXT.add(a, b)


def sub(a: Decimal, b: Decimal) -> Decimal:
    return CONTEXT.subtract(a, b)


def mul(a: Decimal, b: Decimal) -> Decimal:
    return CONTEXT.multiply(a, b)


def div(a: Decimal, b: Decimal) -> Decimal:
    if b.is_zero():
        raise SqlError(errors.DIVIDE_BY_ZERO)
    return strip_zeros(CONTEXT.divide(a, b))


def strip_zeros(value: Decimal) -> Decimal:
    """Drop trailing fraction zeros without going to exponent notation."""
    if value.is_zero():
        return Decimal(0)
    return plain(value.normalize(_WIDE))
