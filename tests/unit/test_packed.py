"""Packed decimal (DECIMAL/MONEY): sqli-types.md §4.5 and Appendix A.1/A.4."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from informix_db.protocol.values import (
    ValueCodecError,
    ValueOutOfRange,
    decimal_row,
    decimal_to_packed,
    packed_to_decimal,
    packed_to_decimal_scaled,
)

pytestmark = pytest.mark.unit

# §4.5 "Worked examples": value, head + digits, bind data (before even pad).
DECIMAL_TABLE = [
    ("0", "80 00", "00 02 80 00"),
    ("1", "c1 01", "00 02 c1 01"),
    ("-1", "3e 63", "00 02 3e 63"),
    ("7", "c1 07", "00 02 c1 07"),
    ("100", "c2 01", "00 02 c2 01"),
    ("-100", "3d 63", "00 02 3d 63"),
    ("0.5", "c0 32", "00 02 c0 32"),
    ("-0.5", "3f 32", "00 02 3f 32"),
    ("123.45", "c2 01 17 2d", "00 04 c2 01 17 2d"),
    ("-123.45", "3d 62 4c 37", "00 04 3d 62 4c 37"),
    ("99.99", "c1 63 63", "00 03 c1 63 63"),
    ("-99.99", "3e 00 01", "00 03 3e 00 01"),
    ("-0.001", "40 5a", "00 02 40 5a"),
    ("0.000123", "bf 01 17", "00 03 bf 01 17"),
    ("1234.56", "c2 0c 22 38", "00 04 c2 0c 22 38"),
    ("-1234.56", "3d 57 41 2c", "00 04 3d 57 41 2c"),
    ("12345.67", "c3 01 17 2d 43", "00 05 c3 01 17 2d 43"),
    ("1E+30", "d0 01", "00 02 d0 01"),
    ("1234567890123456", "c8 0c 22 38 4e 5a 0c 22 38", "00 09 c8 0c 22 38 4e 5a 0c 22 38"),
    (
        "12345678901234567890123456789012",
        "d0 0c 22 38 4e 5a 0c 22 38 4e 5a 0c 22 38 4e 5a 0c",
        "00 11 d0 0c 22 38 4e 5a 0c 22 38 4e 5a 0c 22 38 4e 5a 0c",
    ),
]

# §4.5 "Row examples": encoded length, value, row bytes.
ROW_TABLE = [
    (0x0802, "12345.67", "c3 01 17 2d 43"),
    (0x0802, "-98.76", "3e 01 18 00 00"),
    (0x0802, "123.45", "c2 01 17 2d 00"),
    (0x0802, "0", "80 00 00 00 00"),
    (0x0A02, "-1234.56", "3d 57 41 2c 00 00"),
    (0x10FF, "1234567890123456", "c8 0c 22 38 4e 5a 0c 22 38 00"),
    (0x10FF, "-1", "3e 63 00 00 00 00 00 00 00 00"),
    (0x200A, "1234567890.0123456789", "c5 0c 22 38 4e 5a 01 17 2d 43 59 00 00 00 00 00 00"),
]


def h(text: str) -> bytes:
    return bytes.fromhex(text)


@pytest.mark.parametrize(("value", "packed", "bind"), DECIMAL_TABLE)
def test_decimal_table_encodes(value: str, packed: str, bind: str) -> None:
    data = decimal_to_packed(Decimal(value))
    assert data.hex(" ") == packed
    assert (len(data).to_bytes(2, "big") + data).hex(" ") == bind


@pytest.mark.parametrize(("value", "packed", "bind"), DECIMAL_TABLE)
def test_decimal_table_decodes(value: str, packed: str, bind: str) -> None:
    decoded = packed_to_decimal(h(packed))
    assert decoded == Decimal(value)
    assert decoded is not None and decoded.as_tuple().exponent == min(
        0, Decimal(value).normalize().as_tuple().exponent
    )


@pytest.mark.parametrize(("encoded", "value", "row"), ROW_TABLE)
def test_row_examples(encoded: int, value: str, row: str) -> None:
    assert decimal_row(Decimal(value), encoded).hex(" ") == row
    assert packed_to_decimal(h(row)) == Decimal(value)
    assert packed_to_decimal_scaled(h(row), encoded) == Decimal(value)


@pytest.mark.parametrize(
    ("encoded", "width"),
    [(0x0802, 5), (0x10FF, 10), (0x0A04, 6), (0x0500, 4), (0x200A, 17), (0x0100, 2)],
)
def test_row_width_table(encoded: int, width: int) -> None:
    """§3.3: the `lo & 1` term matters (DECIMAL(16) floating is 10 bytes, not 9)."""
    assert len(decimal_row(Decimal(0), encoded)) == width
    assert len(decimal_row(Decimal(-1), encoded)) == width


def test_null_is_two_zero_bytes() -> None:
    assert packed_to_decimal(h("00 00 00 00 00")) is None
    assert packed_to_decimal_scaled(h("00 00 00 00 00"), 0x0802) is None
    assert packed_to_decimal(h("00 00")) is None


def test_complemented_zero_digit_is_not_null() -> None:
    # -99.99 has a 00 first digit byte: only both bytes zero mean NULL.
    assert packed_to_decimal(h("3e 00 01 00 00")) == Decimal("-99.99")


@pytest.mark.parametrize("zero", ["80 00 00 00 00", "c1 00 00 00 00", "3e 00 00", "c1 00"])
def test_any_zero_form_decodes_to_zero(zero: str) -> None:
    assert packed_to_decimal(h(zero)) == 0
    scaled = packed_to_decimal_scaled(h(zero), 0x0802)
    assert str(scaled) == "0.00"


def test_trailing_zeros_dropped_but_integers_kept() -> None:
    assert str(packed_to_decimal(h("c1 05 32 00 00"))) == "5.5"  # AVG-style
    assert str(packed_to_decimal(h("c1 37 00"))) == "55"  # SUM-style
    assert str(packed_to_decimal(h("c2 01"))) == "100"
    assert str(packed_to_decimal(h("d0 01"))) == "1" + "0" * 30


def test_scaled_decimal_keeps_column_scale() -> None:
    assert str(packed_to_decimal_scaled(h("c1 07 00 00 00"), 0x0802)) == "7.00"
    assert str(packed_to_decimal_scaled(h("c2 01 17 2d 00"), 0x0802)) == "123.45"
    assert str(packed_to_decimal_scaled(h("3d 57 41 2c 00 00"), 0x0A02)) == "-1234.56"
    assert str(packed_to_decimal_scaled(h("c2 01 17 2d 00"), 0x0500)) == "123"  # rounds half-up
    assert str(packed_to_decimal_scaled(h("c1 01 00 32"), 0x0802)) == "1.01"  # 1.005 -> 1.01
    assert str(packed_to_decimal_scaled(h("40 5a 00"), 0x10FF)) == "-0.001"  # floating


def test_scaled_decoder_accepts_memoryview() -> None:
    view = memoryview(h("ff c2 01 17 2d 00"))[1:]
    assert packed_to_decimal_scaled(view, 0x0802) == Decimal("123.45")
    assert packed_to_decimal(view) == Decimal("123.45")


def test_decimal_row_rounds_half_up_to_scale() -> None:
    assert decimal_row(Decimal("1.005"), 0x0802) == decimal_row(Decimal("1.01"), 0x0802)
    assert decimal_row(Decimal("-1.005"), 0x0802) == decimal_row(Decimal("-1.01"), 0x0802)
    assert decimal_row(Decimal("1.004"), 0x0802) == decimal_row(Decimal("1.00"), 0x0802)
    assert decimal_row(7, 0x0802).hex(" ") == "c1 07 00 00 00"


def test_decimal_row_rejects_too_many_integer_digits() -> None:
    assert decimal_row(Decimal("999.99"), 0x0502).hex(" ") == "c2 09 63 63"
    with pytest.raises(ValueOutOfRange, match=r"1000.*DECIMAL\(5,2\)"):
        decimal_row(Decimal("1000"), 0x0502)
    with pytest.raises(ValueOutOfRange):  # rounding carries into a fourth integer digit
        decimal_row(Decimal("999.995"), 0x0502)
    with pytest.raises(ValueOutOfRange):
        decimal_row(Decimal("1E+5000"), 0x0502)


def test_floating_decimal_keeps_p_significant_digits() -> None:
    assert packed_to_decimal(decimal_row(Decimal("123456"), 0x05FF)) == Decimal("123460")
    assert packed_to_decimal(decimal_row(Decimal("0.0012345"), 0x03FF)) == Decimal("0.00123")
    assert len(decimal_row(Decimal(1), 0x10FF)) == 10


def test_more_than_32_digits_round_half_up() -> None:
    value = Decimal("1.23456789012345678901234567890125")  # 33 significant digits
    assert packed_to_decimal(decimal_to_packed(value)) == Decimal(
        "1.2345678901234567890123456789013"
    )


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "sNaN"])
def test_non_finite_is_out_of_range(value: str) -> None:
    with pytest.raises(ValueOutOfRange, match="DECIMAL"):
        decimal_to_packed(Decimal(value))
    with pytest.raises(ValueOutOfRange):
        decimal_row(Decimal(value), 0x0802)


@pytest.mark.parametrize("value", ["1E+127", "-1E+127", "1E-131"])
def test_exponent_outside_excess_64(value: str) -> None:
    with pytest.raises(ValueOutOfRange, match="outside the DECIMAL range"):
        decimal_to_packed(Decimal(value))


def test_extreme_exponents_that_fit() -> None:
    for value in ("1E+125", "1E-128", "-9.9E+125"):
        assert packed_to_decimal(decimal_to_packed(Decimal(value))) == Decimal(value)


def test_invalid_input_raises_codec_errors() -> None:
    with pytest.raises(ValueCodecError, match="at least 2 bytes"):
        packed_to_decimal(b"\xc1")
    with pytest.raises(ValueCodecError, match="above 99"):
        packed_to_decimal(h("c1 64"))
    with pytest.raises(ValueCodecError, match="above 99"):
        packed_to_decimal_scaled(h("c1 ff 00 00 00"), 0x0802)


# -- properties -----------------------------------------------------------------
coefficients = st.integers(min_value=-(10**32) + 1, max_value=10**32 - 1)
decimals = st.builds(
    lambda c, e: Decimal(f"{c}E{e}"),  # exact: scaleb() would round to 28 digits
    coefficients,
    st.integers(min_value=-110, max_value=90),
)


@settings(max_examples=400, deadline=None)
@given(decimals)
def test_decimal_round_trip(value: Decimal) -> None:
    packed = decimal_to_packed(value)
    assert packed_to_decimal(packed) == value
    if value:  # normalized: first and last digit bytes non-zero, digits 0..99
        digits = packed[1:]
        assert all(d <= 99 for d in digits)
        positive = packed[0] & 0x80
        assert (digits[0] != 0 or not positive) and digits[-1] != 0
    else:
        assert packed == h("80 00")


@settings(max_examples=300, deadline=None)
@given(st.lists(decimals, min_size=2, max_size=2))
def test_row_form_sorts_like_the_numbers(pair: list[Decimal]) -> None:
    """decimal.h: the stored form compares with a plain unsigned byte compare."""
    a, b = (decimal_to_packed(v).ljust(20, b"\x00") for v in pair)
    if pair[0] < pair[1]:
        assert a < b
    elif pair[0] > pair[1]:
        assert a > b


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=1, max_value=32).flatmap(
        lambda p: st.tuples(st.just(p), st.integers(min_value=0, max_value=p))
    ),
    st.data(),
)
def test_decimal_row_round_trip_for_any_precision_and_scale(
    ps: tuple[int, int], data: st.DataObject
) -> None:
    p, s = ps
    limit = 10**p - 1
    value = Decimal(f"{data.draw(st.integers(-limit, limit))}E{-s}")
    row = decimal_row(value, (p << 8) | s)
    assert len(row) == (p + (s & 1) + 3) // 2
    decoded = packed_to_decimal_scaled(row, (p << 8) | s)
    assert decoded == value
    assert decoded is not None and decoded.as_tuple().exponent == -s
