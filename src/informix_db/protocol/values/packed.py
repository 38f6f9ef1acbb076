"""Packed decimal: the base-100 format of DECIMAL, MONEY, DATETIME and INTERVAL.

Layout (sqli-types.md §4.5, Appendix A.1/A.4): one head byte (bit 7 = sign,
bits 0-6 = base-100 exponent + 64) then base-100 digit bytes, the decimal
point left of the first digit byte. Negative values invert the exponent bits
and store the base-100 complement of the digits. NULL is `00 00` in the
first two bytes. All arithmetic here is on digit strings and `Decimal`s with
a private wide context: nothing ever goes through a float.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Context, Decimal

from ..coltype import packed_width
from .errors import ValueCodecError, ValueOutOfRange

Buffer = bytes | bytearray | memoryview

MAX_DIGITS = 32  # Informix DECIMAL precision limit; JDBC rounds to it
MIN_EXPONENT, MAX_EXPONENT = -64, 63  # excess-64 head byte
FLOATING_SCALE = 0xFF  # scale byte of DECIMAL(p) without a scale
ZERO = b"\x80\x00"  # JDBC and decimal.h spell zero this way

# A context wide enough that quantize/round never trips over the default 28 digits.
_CTX = Context(prec=1000, rounding=ROUND_HALF_UP, Emin=-999999, Emax=999999)
# Base-100 digit byte -> the same number in BCD, so `.translate(_BCD).hex()` yields the
# decimal digits in C speed. Bytes above 99 map to 0xAA, whose hex "aa" marks them invalid.
_BCD = bytes((i // 10) << 4 | (i % 10) if i < 100 else 0xAA for i in range(256))
_ZEROS = tuple("0" * k for k in range(160))  # enough for real columns; longer -> slow path


# -- shared with temporal.py ------------------------------------------------
def complement(digits: Buffer) -> bytes:
    """Base-100 complement (A.1 step 3); applying it twice gives the input back."""
    out = bytearray(digits)
    if out and max(out) > 99:
        raise ValueCodecError(f"packed digit byte above 99 in {bytes(out).hex(' ')!r}")
    i = len(out) - 1
    while i >= 0 and out[i] == 0:  # trailing zero bytes stay zero
        i -= 1
    if i >= 0:
        out[i] = 100 - out[i]
        for j in range(i):
            out[j] = 99 - out[j]
    return bytes(out)


def split_packed(data: Buffer) -> tuple[bool, int, bytes] | None:
    """(negative, base-100 exponent, plain digit bytes), or None for NULL."""
    if len(data) < 2:
        raise ValueCodecError(f"packed value needs at least 2 bytes, got {bytes(data).hex(' ')!r}")
    head = data[0]
    if head == 0 and data[1] == 0:
        return None
    if head & 0x80:
        return False, (head & 0x7F) - 64, bytes(data[1:])
    digits = complement(data[1:])
    return any(digits), ((head ^ 0x7F) & 0x7F) - 64, digits


def join_packed(negative: bool, exponent: int, digits: bytes) -> bytes:
    """Head byte plus digits, complemented when negative (A.3 step 4)."""
    if not MIN_EXPONENT <= exponent <= MAX_EXPONENT:
        raise ValueOutOfRange(f"base-100 exponent {exponent} outside -64..63")
    if negative:
        return bytes([(exponent + 64) ^ 0x7F]) + complement(digits)
    return bytes([0x80 | (exponent + 64)]) + digits


def pairs_to_bytes(digit_string: str) -> bytes:
    """'012345' -> b'\\x01\\x17\\x2d' (the string has an even length)."""
    return bytes(int(digit_string[i : i + 2]) for i in range(0, len(digit_string), 2))


def digit_string(digits: Buffer) -> str:
    """b'\\x01\\x17' -> '0123'; rejects bytes that are not base-100 digits."""
    text = bytes(digits).translate(_BCD).hex()
    if "a" in text:
        raise ValueCodecError(f"packed digit byte above 99 in {bytes(digits).hex(' ')!r}")
    return text


# -- Decimal -> bytes -------------------------------------------------------
def round_significant(value: Decimal, digits: int) -> Decimal:
    """Round half-up to at most `digits` significant digits (exactly, no float)."""
    if len(value.as_tuple().digits) <= digits or not value:
        return value
    return value.quantize(Decimal(1).scaleb(value.adjusted() - digits + 1, _CTX), context=_CTX)


def decimal_to_packed(value: Decimal) -> bytes:
    """Normalized head + digits (the bind form without its length prefix)."""
    if not value.is_finite():
        raise ValueOutOfRange(f"{value} cannot be stored in a DECIMAL")
    sign, digits, exp = value.as_tuple()
    if len(digits) > MAX_DIGITS:
        sign, digits, exp = round_significant(value, MAX_DIGITS).as_tuple()
    assert isinstance(exp, int)  # finite values have an int exponent
    n = len(digits)
    while n and digits[n - 1] == 0:  # trailing zeros carry no information
        n -= 1
    if n == 0:
        return ZERO
    exp += len(digits) - n
    before_point = n + exp
    body = digits[:n]
    if before_point % 2:  # align the decimal point on a byte boundary
        body = (0, *body)
        before_point += 1
    if len(body) % 2:
        body = (*body, 0)
    pairs = bytes([body[i] * 10 + body[i + 1] for i in range(0, len(body), 2)])
    exponent = before_point // 2
    if not MIN_EXPONENT <= exponent <= MAX_EXPONENT:
        raise ValueOutOfRange(f"{value} is outside the DECIMAL range (1E-130 .. 1E+126)")
    return join_packed(bool(sign), exponent, pairs)


def decimal_row(value: Decimal | int, encoded_length: int) -> bytes:
    """Row form for a DECIMAL/MONEY column: rounded to the column, padded with 00."""
    value = Decimal(value)
    if not value.is_finite():
        raise ValueOutOfRange(f"{value} cannot be stored in a DECIMAL")
    precision, scale = encoded_length >> 8, encoded_length & 0xFF
    name = _column_name(precision, scale)
    if scale == FLOATING_SCALE:
        value = round_significant(value, precision)
    else:
        value = _fit_scale(value, precision, scale, name)
    packed = decimal_to_packed(value)
    width = packed_width(encoded_length)
    if len(packed) > width:
        raise ValueOutOfRange(f"{value} does not fit {name}")
    return packed.ljust(width, b"\x00")


def _fit_scale(value: Decimal, precision: int, scale: int, name: str) -> Decimal:
    integer_digits = precision - scale
    if value and value.adjusted() >= integer_digits + 1:  # too big even before rounding
        raise ValueOutOfRange(f"{value} has more than {integer_digits} integer digits for {name}")
    rounded = value.quantize(Decimal(1).scaleb(-scale, _CTX), context=_CTX)
    if rounded and rounded.adjusted() >= integer_digits:
        raise ValueOutOfRange(f"{value} has more than {integer_digits} integer digits for {name}")
    return rounded


def _column_name(precision: int, scale: int) -> str:
    return f"DECIMAL({precision})" if scale == FLOATING_SCALE else f"DECIMAL({precision},{scale})"


# -- bytes -> Decimal -------------------------------------------------------
def _digits_and_power(data: Buffer) -> tuple[str, str, int] | None:
    """(sign, decimal digit string, power of ten of its last digit) or None."""
    parts = split_packed(data)
    if parts is None:
        return None
    negative, exponent, digits = parts
    text = digit_string(digits)
    return ("-" if negative else ""), text, 2 * exponent - len(text)


def packed_to_decimal(data: Buffer) -> Decimal | None:
    """The exact value with fractional trailing zeros dropped; None for NULL."""
    parsed = _digits_and_power(data)
    if parsed is None:
        return None
    sign, text, power = parsed
    if not text.strip("0"):
        return Decimal(0)
    if power < 0:
        kept = text.rstrip("0")
        drop = min(len(text) - len(kept), -power)
        text, power = text[: len(text) - drop], power + drop
    if power >= 0:
        return Decimal(int(sign + text) * 10**power)
    return Decimal(f"{sign}{text}E{power}")


def packed_to_decimal_scaled(data: Buffer, encoded_length: int) -> Decimal | None:
    """The value with exactly the column's scale (`0.00` for DECIMAL(8,2) zero)."""
    if len(data) < 2:
        split_packed(data)  # raises the "too short" error
    return decimal_decoder(encoded_length)(data)


def decimal_decoder(encoded_length: int) -> Callable[[Buffer], Decimal | None]:
    """A per-column decoder: positive values take an inlined fast path (row decoding)."""
    scale = encoded_length & 0xFF
    if scale == FLOATING_SCALE:
        return packed_to_decimal
    suffix = f"E{-scale}"

    def decode(data: Buffer) -> Decimal | None:
        head = data[0]
        if head & 0x80:
            try:
                text = data[1:].translate(_BCD).hex()  # type: ignore[union-attr]
            except AttributeError:  # a memoryview
                text = bytes(data[1:]).translate(_BCD).hex()
            cut = 2 * head - 384 + scale - len(text)  # 2 * exponent - digits + scale
            if cut < 0:
                if -cut > min(len(text), 159) or not text.endswith(_ZEROS[-cut]):
                    return _scaled_slow(data, scale)  # rounding needed, or nothing left
                text = text[:cut]
            elif cut < len(_ZEROS):
                text += _ZEROS[cut]
            else:
                return _scaled_slow(data, scale)
            if text and "a" not in text:
                return Decimal(text + suffix)
        return _scaled_slow(data, scale)

    return decode


def _scaled_slow(data: Buffer, scale: int) -> Decimal | None:
    """Negative values, NULL, rounding and invalid input."""
    parsed = _digits_and_power(data)
    if parsed is None:
        return None
    sign, text, power = parsed
    shift = power + scale
    if shift >= 0:
        text += "0" * shift
    elif text[shift:].strip("0"):  # more fraction digits than the scale: round
        exact = Decimal(f"{sign}{text}E{power}")
        rounded = exact.quantize(Decimal(1).scaleb(-scale, _CTX), context=_CTX)
        return rounded if rounded else rounded.copy_abs()  # no "-0.00"
    else:
        text = text[:shift] or "0"
    return Decimal(f"{sign}{text}E{-scale}")
