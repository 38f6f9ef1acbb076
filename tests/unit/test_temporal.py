"""DATE, DATETIME and INTERVAL: sqli-types.md §2.3, §4.6-4.8 and Appendix A.2/A.3."""

from __future__ import annotations

import datetime as dt
import struct

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from informix_db.exceptions import DataError
from informix_db.protocol.codes import (
    TU_DAY,
    TU_F1,
    TU_F5,
    TU_FRACTION,
    TU_HOUR,
    TU_MINUTE,
    TU_MONTH,
    TU_SECOND,
    TU_YEAR,
)
from informix_db.protocol.coltype import packed_width, qualifier
from informix_db.protocol.values import (
    BadLiteral,
    DtFields,
    UnsupportedType,
    UnsupportedValue,
    ValueCodecError,
    ValueOutOfRange,
    date_to_days,
    datetime_fields_to_packed,
    datetime_fields_to_text,
    datetime_python,
    datetime_value_to_packed,
    days_to_date,
    interval_to_text,
    interval_value_to_packed,
    packed_to_datetime_fields,
    packed_to_interval,
    packed_to_interval_text,
    parse_datetime_text,
    parse_interval_text,
)
from informix_db.protocol.values.packed import join_packed, split_packed
from informix_db.protocol.values.temporal import datetime_decoder
from informix_db.types import IntervalYM

pytestmark = pytest.mark.unit


def h(text: str) -> bytes:
    return bytes.fromhex(text)


def td(
    days: int = 0, hours: int = 0, minutes: int = 0, seconds: int = 0, us: int = 0
) -> dt.timedelta:
    return dt.timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds, microseconds=us)


# -- DATE -------------------------------------------------------------------------
DATE_TABLE = [
    (dt.date(1899, 12, 31), 0, "00 00 00 00"),
    (dt.date(1900, 1, 1), 1, "00 00 00 01"),
    (dt.date(1899, 12, 30), -1, "ff ff ff ff"),
    (dt.date(1970, 1, 1), 25568, "00 00 63 e0"),
    (dt.date(1999, 12, 31), 36524, "00 00 8e ac"),
    (dt.date(2000, 1, 1), 36525, "00 00 8e ad"),
    (dt.date(2026, 5, 4), 46145, "00 00 b4 41"),
    (dt.date(2026, 8, 31), 46264, "00 00 b4 b8"),
    (dt.date(1, 1, 1), -693594, "ff f5 6a a6"),
    (dt.date(9999, 12, 31), 2958464, "00 2d 24 80"),
]


@pytest.mark.parametrize(("date", "days", "wire"), DATE_TABLE)
def test_date_table(date: dt.date, days: int, wire: str) -> None:
    assert date_to_days(date) == days
    assert days_to_date(days) == date
    assert struct.pack(">i", days).hex(" ") == wire


def test_datetime_contributes_its_date_part() -> None:
    assert date_to_days(dt.datetime(2026, 8, 31, 23, 59)) == 46264


@pytest.mark.parametrize("days", [-693595, 2958465, -(2**31), 2**31 - 1])
def test_days_outside_the_calendar(days: int) -> None:
    with pytest.raises(ValueOutOfRange, match=str(days)):
        days_to_date(days)


# -- qualifiers ---------------------------------------------------------------------
QUALIFIER_TABLE = [  # (qualifier built from units, hex, row width) from §2.3
    (qualifier(TU_YEAR, TU_SECOND), 0x0E0A, 8),
    (qualifier(TU_YEAR, TU_F5), 0x130F, 11),
    (qualifier(TU_YEAR, 13), 0x110D, 10),
    (qualifier(TU_YEAR, TU_DAY), 0x0804, 5),
    (qualifier(TU_YEAR, TU_MONTH), 0x0602, 4),
    (qualifier(TU_MONTH, TU_DAY), 0x0424, 3),
    (qualifier(TU_HOUR, TU_SECOND), 0x066A, 4),
    (qualifier(TU_HOUR, TU_F5), 0x0B6F, 7),
    (qualifier(TU_DAY, TU_SECOND, 2), 0x084A, 5),
    (qualifier(TU_DAY, TU_SECOND, 5), 0x0B4A, 7),
    (qualifier(TU_DAY, TU_F5, 9), 0x144F, 12),
    (qualifier(TU_MINUTE, TU_SECOND, 2), 0x048A, 3),
    (qualifier(TU_YEAR, TU_MONTH, 9), 0x0B02, 7),
    (qualifier(TU_MONTH, TU_MONTH, 3), 0x0322, 3),
]


@pytest.mark.parametrize(("built", "expected", "width"), QUALIFIER_TABLE)
def test_qualifier_table(built: int, expected: int, width: int) -> None:
    assert built == expected
    assert packed_width(expected) == width


@pytest.mark.parametrize("q", [0x04A4, 0x02C8, 0x0E1A, 0x3E0A, 0x0007, 0x0A0F, 0x05CD, 0x0E0F0])
def test_impossible_qualifiers_are_rejected(q: int) -> None:
    with pytest.raises(UnsupportedType, match="qualifier"):
        datetime_value_to_packed(dt.datetime(2026, 1, 1), q)


# -- DATETIME -----------------------------------------------------------------------
DATETIME_TABLE = [
    (0x0E0A, dt.datetime(2026, 8, 31, 12, 30, 15), "c7 14 1a 08 1f 0c 1e 0f"),
    (0x130F, dt.datetime(2026, 8, 31, 12, 30, 15, 120000), "c7 14 1a 08 1f 0c 1e 0f 0c 00 00"),
    (0x110D, dt.datetime(2026, 5, 4, 12, 34, 56, 789000), "c7 14 1a 05 04 0c 22 38 4e 5a"),
    (0x0F0B, dt.datetime(1999, 12, 31, 23, 59, 59, 900000), "c7 13 63 0c 1f 17 3b 3b 5a"),
    (0x0804, dt.date(2026, 5, 4), "c7 14 1a 05 04"),
    (0x0602, dt.date(2026, 5, 1), "c7 14 1a 05"),
    (0x0424, dt.date(1, 12, 25), "c5 0c 19"),
    (0x066A, dt.time(12, 34, 56), "c3 0c 22 38"),
    (0x066A, dt.time(0, 30, 15), "c3 00 1e 0f"),
    (qualifier(TU_HOUR, 12), dt.time(9, 5, 7, 250000), "c3 09 05 07 19"),
]


@pytest.mark.parametrize(("q", "value", "wire"), DATETIME_TABLE)
def test_datetime_table(q: int, value: dt.date, wire: str) -> None:
    assert datetime_value_to_packed(value, q).hex(" ") == wire
    row = h(wire).ljust(packed_width(q), b"\x00")
    fields = packed_to_datetime_fields(row, q)
    assert fields is not None
    assert datetime_python(fields, q) == value
    assert datetime_decoder(q)(row) == value
    assert datetime_decoder(q)(memoryview(row)) == value


@pytest.mark.parametrize(
    ("q", "text", "wire"),
    [
        (0x130F, "2026-08-31 12:30:15.12000", "c7 14 1a 08 1f 0c 1e 0f 0c 00 00"),
        (0x0424, "12-25", "c5 0c 19"),
        (qualifier(TU_HOUR, TU_MINUTE), "12:30", "c3 0c 1e"),
        (0x110D, "2026-05-04 12:34:56.789", "c7 14 1a 05 04 0c 22 38 4e 5a"),
        (0x0804, "2026-05-04", "c7 14 1a 05 04"),
    ],
)
def test_datetime_text_literals(q: int, text: str, wire: str) -> None:
    assert datetime_value_to_packed(text, q).hex(" ") == wire
    fields = parse_datetime_text(text, q)
    assert datetime_fields_to_packed(fields, q).hex(" ") == wire
    assert datetime_fields_to_text(fields, q) == text


def test_normalized_datetime_decodes_by_exponent() -> None:
    # HOUR TO SECOND 00:30:15 with its leading zero byte dropped (§4.7 disagreement).
    fields = packed_to_datetime_fields(h("c2 1e 0f 00"), 0x066A)
    assert fields == DtFields(hour=0, minute=30, second=15)
    assert datetime_decoder(0x066A)(h("c2 1e 0f 00")) == dt.time(0, 30, 15)


def test_datetime_null_is_all_zero() -> None:
    assert packed_to_datetime_fields(bytes(8), 0x0E0A) is None
    assert datetime_decoder(0x0E0A)(bytes(8)) is None


def test_fraction_is_truncated_to_the_qualifier() -> None:
    value = dt.datetime(2026, 1, 2, 3, 4, 5, 123456)
    assert datetime_value_to_packed(value, 0x130F).hex(" ")[-8:] == "0c 22 32"  # .12345
    decoded = packed_to_datetime_fields(datetime_value_to_packed(value, 0x130F), 0x130F)
    assert decoded is not None and decoded.microsecond == 123450
    assert datetime_fields_to_text(DtFields(microsecond=999999), qualifier(TU_SECOND, 11)) == (
        "00.9"
    )


def test_fields_outside_the_qualifier_take_defaults() -> None:
    assert packed_to_datetime_fields(h("c5 0c 19"), 0x0424) == DtFields(month=12, day=25)
    assert datetime_value_to_packed(dt.datetime(2026, 8, 31, 12, 30), 0x0424) == h("c5 08 1f")
    assert datetime_value_to_packed(dt.time(8, 15), 0x0804) == h("c7 00 01 01 01")


def test_python_kind_by_qualifier() -> None:
    fields = DtFields(2026, 8, 31, 12, 30, 15, 120000)
    assert datetime_python(fields, 0x0804) == dt.date(2026, 8, 31)
    assert datetime_python(fields, 0x066A) == dt.time(12, 30, 15, 120000)
    assert datetime_python(fields, 0x0E0A) == dt.datetime(2026, 8, 31, 12, 30, 15, 120000)
    assert datetime_python(fields, qualifier(TU_DAY, TU_HOUR)) == dt.datetime(
        2026, 8, 31, 12, 30, 15, 120000
    )


def test_corrupt_datetimes() -> None:
    with pytest.raises(ValueCodecError, match="exponent"):
        packed_to_datetime_fields(h("c8 14 1a 08 1f 0c 1e 0f"), 0x0E0A)
    with pytest.raises(ValueOutOfRange, match="not a valid value"):
        datetime_decoder(0x0E0A)(h("c7 14 1a 02 1e 0c 1e 0f"))  # February 30th
    with pytest.raises(ValueCodecError, match="above 99"):
        datetime_decoder(0x0E0A)(h("c7 14 ff 02 01 0c 1e 0f"))
    with pytest.raises(ValueOutOfRange, match="negative"):
        packed_to_datetime_fields(h("38 63 5e 61"), 0x0602)


@pytest.mark.parametrize(
    ("q", "text"),
    [
        (0x0E0A, "2026-13-01 00:00:00"),
        (0x0E0A, "2026-02-30 00:00:00"),
        (0x0E0A, "2026-08-31 24:00:00"),
        (0x0E0A, "2026-08-31"),
        (0x0E0A, "2026/08/31 12:30:15"),
        (0x0E0A, "20260-08-31 12:30:15"),
        (0x0424, "12-25x"),
        (0x066A, "12:3a:15"),
        (0x066A, ""),
        (0x0424, "02-30"),
    ],
)
def test_malformed_datetime_literals(q: int, text: str) -> None:
    with pytest.raises(BadLiteral):
        parse_datetime_text(text, q)


def test_leap_day_without_a_year_is_accepted() -> None:
    assert datetime_value_to_packed("02-29", 0x0424) == h("c5 02 1d")
    assert datetime_value_to_packed(dt.date(2024, 2, 29), 0x0424) == h("c5 02 1d")
    # Python has no yearless date and year 1 is not a leap year: year 4 stands in.
    assert datetime_decoder(0x0424)(h("c5 02 1d")) == dt.date(4, 2, 29)
    assert datetime_python(DtFields(month=2, day=29, hour=7), qualifier(TU_MONTH, TU_HOUR)) == (
        dt.datetime(4, 2, 29, 7)
    )


def test_unsupported_datetime_values() -> None:
    aware = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    with pytest.raises(UnsupportedValue, match="timezone"):
        datetime_value_to_packed(aware, 0x0E0A)
    with pytest.raises(UnsupportedValue, match="int"):
        datetime_value_to_packed(20260101, 0x0E0A)
    with pytest.raises(ValueOutOfRange, match="month 13"):
        datetime_fields_to_packed(DtFields(2026, 13, 1), 0x0804)


# -- INTERVAL -----------------------------------------------------------------------
INTERVAL_TABLE = [
    (0x084A, td(3, 4, 5, 6), "c4 03 04 05 06", "3 04:05:06"),
    (0x084A, -td(3, 4, 5, 6), "3b 60 5f 5e 5e", "-3 04:05:06"),
    (0x0B4A, td(10, 4, 30, 15), "c6 00 00 0a 04 1e 0f", "10 04:30:15"),
    (0x0B4A, td(12345), "c6 01 17 2d 00 00 00", "12345 00:00:00"),
    (0x066A, td(hours=12, minutes=34, seconds=56), "c3 0c 22 38", "12:34:56"),
    (0x048A, td(minutes=23, seconds=45), "c2 17 2d", "23:45"),
    (qualifier(TU_HOUR, TU_MINUTE), td(hours=99, minutes=30), "c3 63 1e", "99:30"),
    (qualifier(TU_DAY, 13), td(1, us=500000), "c4 01 00 00 00 32 00", "1 00:00:00.500"),
    (0x144F, td(3, 4, 5, 6, 500000), "c8 00 00 00 00 03 04 05 06 32 00 00", "3 04:05:06.50000"),
    (0x0602, IntervalYM.of(5, 3), "c7 00 05 03", "5-03"),
    (0x0602, IntervalYM.of(-5, -3), "38 63 5e 61", "-5-03"),
    (qualifier(TU_YEAR, TU_YEAR), IntervalYM.of(2026), "c7 14 1a", "2026"),
    (0x0322, IntervalYM(365), "c6 03 41", "365"),
    (0x0B02, IntervalYM(63), "ca 00 00 00 00 05 03", "5-03"),
]


@pytest.mark.parametrize(("q", "value", "wire", "text"), INTERVAL_TABLE)
def test_interval_table(q: int, value: object, wire: str, text: str) -> None:
    assert interval_value_to_packed(value, q).hex(" ") == wire
    row = h(wire).ljust(packed_width(q), b"\x00")
    assert packed_to_interval(row, q) == value
    assert interval_to_text(value, q) == text
    assert packed_to_interval_text(row, q) == text
    assert parse_interval_text(text, q) == value
    assert interval_value_to_packed(text, q).hex(" ") == wire


def test_normalized_interval_decodes_identically() -> None:
    assert packed_to_interval(h("c4 0a 04 1e 0f 00 00"), 0x0B4A) == td(10, 4, 30, 15)


@pytest.mark.parametrize("zero", ["c6 00 00 00 00 00 00", "80 00 00 00 00 00 00"])
def test_interval_zero_forms(zero: str) -> None:
    assert packed_to_interval(h(zero), 0x0B4A) == dt.timedelta(0)
    assert packed_to_interval_text(h(zero), 0x0B4A) == "0 00:00:00"


def test_interval_null() -> None:
    assert packed_to_interval(bytes(7), 0x0B4A) is None
    assert packed_to_interval_text(bytes(4), 0x0602) is None


def test_interval_bind_examples() -> None:
    # §4.8 "Binding": the peer's DAY(9) TO FRACTION(5) and YEAR(9) TO MONTH encodings.
    assert interval_value_to_packed(td(3, 4, 5, 6), 0x144F) == h(
        "c8 00 00 00 00 03 04 05 06 00 00 00"
    )
    assert interval_value_to_packed(-td(3, 4, 5, 6), 0x144F) == h(
        "37 63 63 63 63 60 5f 5e 5e 00 00 00"
    )
    assert interval_value_to_packed(IntervalYM(63), 0x0B02) == h("ca 00 00 00 00 05 03")


def test_finer_fields_truncate_coarser_fields_fold() -> None:
    assert interval_to_text(td(seconds=1, us=500000), 0x084A) == "0 00:00:01"
    assert interval_to_text(-td(seconds=1, us=500000), 0x084A) == "-0 00:00:01"
    assert packed_to_interval(interval_value_to_packed(td(2), 0x066A), 0x066A) == td(2)
    assert interval_to_text(td(2), 0x066A) == "48:00:00"
    assert interval_to_text(IntervalYM(27), qualifier(TU_YEAR, TU_YEAR)) == "2"
    assert interval_to_text(IntervalYM(27), qualifier(TU_MONTH, TU_MONTH)) == "27"
    assert interval_to_text(td(us=123456), 0x144F) == "0 00:00:00.12345"


def test_interval_overflow() -> None:
    with pytest.raises(ValueOutOfRange, match="leading field"):
        interval_value_to_packed(td(100), 0x084A)
    with pytest.raises(ValueOutOfRange, match="leading field"):
        interval_value_to_packed(IntervalYM.of(10**9), 0x0B02)
    with pytest.raises(ValueOutOfRange, match="leading field"):
        interval_value_to_packed("123 04:05:06", 0x084A)
    with pytest.raises(ValueOutOfRange, match="timedelta"):
        q = qualifier(TU_DAY, TU_SECOND, 9)
        packed_to_interval(interval_value_to_packed("-999999999 23:59:59", q), q)


def test_interval_family_mismatch() -> None:
    with pytest.raises(UnsupportedValue, match="year-month"):
        interval_value_to_packed(td(1), 0x0602)
    with pytest.raises(UnsupportedValue, match="day-time"):
        interval_value_to_packed(IntervalYM(1), 0x084A)
    with pytest.raises(UnsupportedValue, match="float"):
        interval_to_text(1.5, 0x084A)


@pytest.mark.parametrize(
    ("q", "text"),
    [
        (0x084A, "3 24:00:00"),
        (0x084A, "3 04:60:00"),
        (0x084A, "3 04:05"),
        (0x084A, "3:04:05:06"),
        (0x0602, "5-12"),
        (0x0602, "5 03"),
        (0x0602, "--5-03"),
        (0x066A, "12:30"),
    ],
)
def test_malformed_interval_literals(q: int, text: str) -> None:
    with pytest.raises(BadLiteral):
        parse_interval_text(text, q)


def test_interval_literal_fraction_digits() -> None:
    assert parse_interval_text("3 04:05:06.5", 0x144F) == td(3, 4, 5, 6, 500000)
    assert parse_interval_text("0 00:00:00.1234567", 0x144F) == td(us=123450)
    assert parse_interval_text(" -12:30 ", qualifier(TU_HOUR, TU_MINUTE)) == -td(
        hours=12, minutes=30
    )


# -- properties -----------------------------------------------------------------------
UNITS = [TU_YEAR, TU_MONTH, TU_DAY, TU_HOUR, TU_MINUTE, TU_SECOND, TU_F1, 12, 13, 14, TU_F5]
DATETIME_PAIRS = [(s, e) for s in UNITS if s <= TU_SECOND for e in UNITS if e >= s] + [
    (TU_FRACTION, e) for e in range(TU_F1, TU_F5 + 1)
]


def _expected_fields(value: dt.datetime, start: int, end: int) -> DtFields:
    names = {TU_YEAR: "year", TU_MONTH: "month", TU_DAY: "day", TU_HOUR: "hour"}
    names |= {TU_MINUTE: "minute", TU_SECOND: "second"}
    kept = {n: getattr(value, n) for u, n in names.items() if start <= u <= min(end, TU_SECOND)}
    if end > TU_SECOND:
        digits = end - TU_SECOND
        kept["microsecond"] = value.microsecond // 10 ** (6 - digits) * 10 ** (6 - digits)
    return DtFields(**kept)


def _normalize(packed: bytes) -> bytes:
    """Drop leading zero digit bytes, lowering the exponent (a server's normalized form)."""
    parts = split_packed(packed)
    assert parts is not None
    negative, exponent, digits = parts
    while len(digits) > 1 and digits[0] == 0:
        digits, exponent = digits[1:], exponent - 1
    return join_packed(negative, exponent, digits)


@settings(max_examples=600, deadline=None)
@given(st.sampled_from(DATETIME_PAIRS), st.datetimes())
def test_every_datetime_qualifier_round_trips(pair: tuple[int, int], value: dt.datetime) -> None:
    q = qualifier(*pair)
    expected = _expected_fields(value, *pair)
    packed = datetime_value_to_packed(value, q)
    assert packed[0] == 0x80 | (64 + ((q >> 8) + 10 - pair[1] + 1) // 2)  # canonical head
    row = packed.ljust(packed_width(q), b"\x00")
    assert len(row) == packed_width(q)
    assert packed_to_datetime_fields(row, q) == expected
    assert packed_to_datetime_fields(_normalize(packed), q) == expected
    text = datetime_fields_to_text(expected, q)
    assert parse_datetime_text(text, q) == expected
    assert datetime_decoder(q)(row) == datetime_python(expected, q)


DAY_TIME_STARTS = [TU_DAY, TU_HOUR, TU_MINUTE, TU_SECOND]
UNIT_MICROSECONDS = {TU_DAY: 86_400_000_000, TU_HOUR: 3_600_000_000, TU_MINUTE: 60_000_000}
UNIT_MICROSECONDS[TU_SECOND] = 1_000_000


@st.composite
def day_time_intervals(draw: st.DrawFn) -> tuple[int, dt.timedelta]:
    start = draw(st.sampled_from(DAY_TIME_STARTS))
    end = draw(st.sampled_from([u for u in UNITS if u >= start]))
    lead = draw(st.integers(1, 9))
    q = qualifier(start, end, lead)
    lead_value = draw(st.integers(0, 10**lead - 1))
    rest = draw(st.integers(0, UNIT_MICROSECONDS[start] - 1))
    resolution = UNIT_MICROSECONDS[end] if end <= TU_SECOND else 10 ** (6 - (end - TU_SECOND))
    total = lead_value * UNIT_MICROSECONDS[start] + rest // resolution * resolution
    assume(total < 999_999_999 * UNIT_MICROSECONDS[TU_DAY])  # timedelta's own limit
    total = -total if draw(st.booleans()) else total
    return q, dt.timedelta(microseconds=total)


@settings(max_examples=600, deadline=None)
@given(day_time_intervals())
def test_day_time_intervals_round_trip(case: tuple[int, dt.timedelta]) -> None:
    q, value = case
    packed = interval_value_to_packed(value, q)
    row = packed.ljust(packed_width(q), b"\x00")
    assert len(row) == packed_width(q)
    assert packed_to_interval(row, q) == value
    assert packed_to_interval(_normalize(packed), q) == value
    text = interval_to_text(value, q)
    assert packed_to_interval_text(row, q) == text
    assert parse_interval_text(text, q) == value


@st.composite
def year_month_intervals(draw: st.DrawFn) -> tuple[int, IntervalYM]:
    start, end = draw(st.sampled_from([(TU_YEAR, TU_YEAR), (TU_YEAR, TU_MONTH), (TU_MONTH,) * 2]))
    lead = draw(st.integers(1, 9))
    lead_value = draw(st.integers(0, 10**lead - 1))
    months = lead_value * 12 + draw(st.integers(0, 11)) if end == TU_MONTH else lead_value * 12
    if start == TU_MONTH:
        months = lead_value
    return qualifier(start, end, lead), IntervalYM(-months if draw(st.booleans()) else months)


@settings(max_examples=400, deadline=None)
@given(year_month_intervals())
def test_year_month_intervals_round_trip(case: tuple[int, IntervalYM]) -> None:
    q, value = case
    packed = interval_value_to_packed(value, q)
    row = packed.ljust(packed_width(q), b"\x00")
    assert packed_to_interval(row, q) == value
    assert packed_to_interval(_normalize(packed), q) == value
    text = interval_to_text(value, q)
    assert parse_interval_text(text, q) == value
    assert packed_to_interval_text(row, q) == text


# -- IntervalYM arithmetic with dates (Informix semantics: no day clamping) ----
@pytest.mark.parametrize(
    ("start", "interval", "result"),
    [
        (dt.date(2026, 1, 15), IntervalYM(1), dt.date(2026, 2, 15)),
        (dt.date(2026, 1, 31), IntervalYM(2), dt.date(2026, 3, 31)),
        (dt.date(2026, 12, 31), IntervalYM(1), dt.date(2027, 1, 31)),
        (dt.date(2026, 3, 28), IntervalYM(-1), dt.date(2026, 2, 28)),
        (dt.date(2024, 2, 29), IntervalYM.of(4), dt.date(2028, 2, 29)),
        (dt.datetime(2026, 5, 31, 12, 30, 1, 5), IntervalYM.of(-1, -2), dt.datetime(2025, 3, 31, 12, 30, 1, 5)),  # noqa: E501
        (dt.date(2026, 8, 31), IntervalYM(0), dt.date(2026, 8, 31)),
    ],
)  # fmt: skip
def test_interval_ym_moves_dates_by_calendar_months(
    start: dt.date, interval: IntervalYM, result: dt.date
) -> None:
    assert start + interval == result
    assert interval + start == result
    assert result - interval == start
    assert start - (-interval) == result
    assert type(start + interval) is type(start)


@pytest.mark.parametrize(
    ("start", "months"),
    [
        (dt.date(2026, 1, 31), 1),  # 2026-02-31
        (dt.date(2024, 2, 29), 12),  # 2025-02-29
        (dt.date(2026, 5, 31), -1),  # 2026-04-31
        (dt.datetime(2026, 3, 30, 8, 0), -1),  # 2026-02-30 08:00
        (dt.date(9999, 12, 1), 1),  # year 10000
        (dt.date(1, 1, 1), -1),  # year 0
    ],
)
def test_impossible_month_arithmetic_is_a_data_error(start: dt.date, months: int) -> None:
    with pytest.raises(DataError) as info:
        start + IntervalYM(months)
    assert info.value.sqlcode == -1267
    assert start.isoformat() in info.value.message and "not a valid date" in info.value.message
    with pytest.raises(DataError):
        start - IntervalYM(-months)


def test_interval_ym_algebra_and_ordering() -> None:
    a, b = IntervalYM.of(1, 6), IntervalYM(-4)
    assert a + b == IntervalYM(14) and a - b == IntervalYM(22) and -a == IntervalYM(-18)
    assert -b == IntervalYM(4) and a - a == IntervalYM(0)
    assert b < IntervalYM(0) < a and max(a, b) == a and sorted([a, b]) == [b, a]
    assert (a.years, a.remainder_months) == (1, 6)
    assert (IntervalYM(-18).years, IntervalYM(-18).remainder_months) == (-1, -6)
    assert str(IntervalYM(-18)) == "-1-06" and str(IntervalYM(5)) == "0-05"
    assert len({IntervalYM(3), IntervalYM.of(0, 3)}) == 1  # hashable, equal by months


@pytest.mark.parametrize("other", [1, 1.5, "1-00", dt.timedelta(days=30), None])
def test_interval_ym_refuses_other_operands(other: object) -> None:
    with pytest.raises(TypeError):
        IntervalYM(1) + other
    with pytest.raises(TypeError):
        IntervalYM(1) - other
    with pytest.raises(TypeError):
        _ = IntervalYM(1) < other  # type: ignore[operator]
    assert IntervalYM(1) != other


def test_interval_ym_cannot_be_subtracted_from_by_a_date() -> None:
    with pytest.raises(TypeError):
        IntervalYM(1) - dt.date(2026, 1, 1)
