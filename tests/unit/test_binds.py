"""SQ_BIND parameter blocks: sqli-types.md §4 (binding), §5 and §10 item 3."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from informix_db.protocol.buffer import Incomplete, ProtocolViolation, Reader, Writer
from informix_db.protocol.codes import IfxType
from informix_db.protocol.values import (
    BadLiteral,
    BindValue,
    BlobDescriptor,
    BoundParam,
    UnencodableString,
    UnsupportedValue,
    ValueCodecError,
    ValueOutOfRange,
    encode_param,
    read_bind_value,
    write_bind_value,
)
from informix_db.protocol.values.packed import round_significant
from informix_db.types import IntervalYM

pytestmark = pytest.mark.unit

LATIN1 = "iso-8859-1"


def h(text: str) -> bytes:
    return bytes.fromhex(text.replace("|", " "))


def block(value: object, encoding: str = LATIN1) -> bytes:
    w = Writer()
    write_bind_value(w, encode_param(value, encoding))
    return w.getvalue()


def read(data: bytes, encoding: str = LATIN1) -> BoundParam:
    r = Reader(data)
    param = read_bind_value(r, encoding)
    assert r.remaining == 0
    return param


# -- §5.3: the worked SQ_BIND, byte for byte ---------------------------------------------
SECTION53_PARAMS = (
    42,
    "abc",
    None,
    Decimal("123.45"),
    dt.datetime(2026, 8, 31, 12, 30, 15),
    dt.date(2026, 8, 31),
    True,
    2**40,
    1.5,
)
SECTION53_BYTES = h(
    "00 04 00 00"
    " 00 05 00 09"
    " 00 02 | 00 00 | 0a 00 | 00 00 00 2a"
    " 00 00 | 00 00 | 00 00 | 00 03 61 62 63 | 00"
    " 00 00 | ff ff | 00 00"
    " 00 05 | 00 00 | 05 02 | 00 04 c2 01 17 2d"
    " 00 0a | 00 00 | 0e 0a | 00 08 c7 14 1a 08 1f 0c 1e 0f"
    " 00 07 | 00 00 | 00 00 | 00 00 b4 b8"
    " 00 00 | 00 00 | 00 00 | 00 01 74 | 00"
    " 00 34 | 00 00 | 13 00 | 00 00 01 00 00 00 00 00"
    " 00 03 | 00 00 | 00 00 | 3f f8 00 00 00 00 00 00"
    " 00 07"
    " 00 0c"
)


def test_section53_bind_message() -> None:
    w = Writer()
    w.short(4).short(0).short(5).short(len(SECTION53_PARAMS))
    for value in SECTION53_PARAMS:
        write_bind_value(w, encode_param(value, LATIN1))
    w.short(7).short(12)
    assert w.getvalue() == SECTION53_BYTES


def test_section53_bind_message_reads_back() -> None:
    r = Reader(SECTION53_BYTES, 8)
    params = [read_bind_value(r, LATIN1) for _ in SECTION53_PARAMS]
    assert r.short() == 7 and r.short() == 12 and r.remaining == 0
    assert [p.value for p in params] == [
        42,
        "abc",
        None,
        Decimal("123.45"),
        "2026-08-31 12:30:15",
        dt.date(2026, 8, 31),
        "t",
        2**40,
        1.5,
    ]
    assert [(p.type, p.prec) for p in params[:5]] == [(2, 0x0A00), (0, 0), (0, 0), (5, 0x0502),
                                                        (10, 0x0E0A)]  # fmt: skip


# -- single-parameter examples from §4 -------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "wire"),
    [
        (42, "00 02 | 00 00 | 0a 00 | 00 00 00 2a"),
        (1.5, "00 03 | 00 00 | 00 00 | 3f f8 00 00 00 00 00 00"),
        (dt.date(2026, 8, 31), "00 07 | 00 00 | 00 00 | 00 00 b4 b8"),
        (True, "00 00 | 00 00 | 00 00 | 00 01 74 | 00"),
        (False, "00 00 | 00 00 | 00 00 | 00 01 66 | 00"),
        (Decimal(0), "00 05 | 00 00 | 01 00 | 00 02 80 00"),
        (Decimal("-99.99"), "00 05 | 00 00 | 04 02 | 00 03 3e 00 01 | 00"),
        (dt.datetime(2026, 8, 31, 12, 30, 15),
         "00 0a | 00 00 | 0e 0a | 00 08 c7 14 1a 08 1f 0c 1e 0f"),
        (dt.datetime(2026, 8, 31, 12, 30, 15, 120000),
         "00 0a | 00 00 | 13 0f | 00 0b c7 14 1a 08 1f 0c 1e 0f 0c 00 00 00"),
        (dt.time(12, 34, 56), "00 0a | 00 00 | 06 6a | 00 04 c3 0c 22 38"),
        (dt.time(12, 30, 15, 120000), "00 0a | 00 00 | 0b 6f | 00 07 c3 0c 1e 0f 0c 00 00 | 00"),
        (dt.timedelta(days=3, hours=4, minutes=5, seconds=6),
         "00 0e | 00 00 | 14 4f | 00 0c c8 00 00 00 00 03 04 05 06 00 00 00"),
        (-dt.timedelta(days=3, hours=4, minutes=5, seconds=6),
         "00 0e | 00 00 | 14 4f | 00 0c 37 63 63 63 63 60 5f 5e 5e 00 00 00"),
        (IntervalYM(63), "00 0e | 00 00 | 0b 02 | 00 07 ca 00 00 00 00 05 03 | 00"),
        (None, "00 00 | ff ff | 00 00"),
    ],
)  # fmt: skip
def test_documented_bind_blocks(value: object, wire: str) -> None:
    assert block(value) == h(wire)


def test_byte_bind_descriptor_and_stream() -> None:
    param = encode_param(b"hello", LATIN1)
    descriptor = bytes(16) + h("00 00 00 05") + bytes(36)
    assert param == BindValue(11, 0, descriptor, blob=b"hello")
    assert encode_param(memoryview(b"hello"), LATIN1) == param
    assert block(bytearray(b"hello")) == h("00 0b 00 00 00 00") + descriptor
    received = read(block(b"hello")).value
    assert isinstance(received, BlobDescriptor) and received.size == 5 and not received.is_null


# -- Python -> bind decisions of §5.2 -------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "code", "prec"),
    [
        (2**31 - 1, IfxType.INT, 0x0A00),
        (-(2**31) + 1, IfxType.INT, 0x0A00),
        (-(2**31), IfxType.BIGINT, 0x1300),  # the INT NULL sentinel goes as BIGINT
        (2**31, IfxType.BIGINT, 0x1300),
        (2**63 - 1, IfxType.BIGINT, 0x1300),
        (-(2**63) + 1, IfxType.BIGINT, 0x1300),
        ("x" * 32767, IfxType.CHAR, 0),
        ("x" * 32768, IfxType.LVARCHAR, 0),
        (Decimal("123.45"), IfxType.DECIMAL, 0x0502),
        (Decimal("0.000123"), IfxType.DECIMAL, 0x0606),
        (Decimal("1E+30"), IfxType.DECIMAL, 0x1F00),
        (Decimal("1.50"), IfxType.DECIMAL, 0x0302),
        (Decimal("1E+40"), IfxType.DECIMAL, 0x2000),
        (dt.time(1, 2, 3), IfxType.DATETIME, 0x066A),
        (dt.timedelta(0), IfxType.INTERVAL, 0x144F),
        (IntervalYM(0), IfxType.INTERVAL, 0x0B02),
    ],
)
def test_python_type_mapping(value: object, code: int, prec: int) -> None:
    param = encode_param(value, LATIN1)
    assert (param.type, param.prec) == (code, prec)


def test_long_string_binds_as_lvarchar_with_empty_udt_names() -> None:
    data = block("é" * 40000)
    assert data[:14] == h("00 2b | 00 00 | 00 00 | 00 00 | 00 00 | 00 00 9c 40")
    assert read(data) == BoundParam(IfxType.LVARCHAR, 0, "é" * 40000)
    assert len(block("é" * 20000, "utf-8")) == 2 + 8 + 4 + 40000  # 40000 bytes: too long for CHAR


@pytest.mark.parametrize(
    "value", [2**63, -(2**63), float("nan"), float("inf"), -math.inf, Decimal("NaN"),
              Decimal("-Infinity"), IntervalYM.of(10**9), Decimal("1E+200")],
)  # fmt: skip
def test_out_of_range_values(value: object) -> None:
    with pytest.raises(ValueOutOfRange):
        encode_param(value, LATIN1)


@pytest.mark.parametrize(
    "value",
    [
        dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc),
        dt.time(1, 2, tzinfo=dt.timezone(dt.timedelta(hours=2))),
        object(),
        [1, 2],
        {"a": 1},
        1j,
    ],
)
def test_unsupported_values(value: object) -> None:
    with pytest.raises(UnsupportedValue, match=r"timezone|cannot bind"):
        encode_param(value, LATIN1)


def test_unencodable_string_names_the_character() -> None:
    with pytest.raises(UnencodableString, match=r"'Ω' \(U\+03A9\) at position 2"):
        encode_param("abΩ", LATIN1)
    assert read(block("abΩ", "utf-8"), "utf-8").value == "abΩ"


def test_decimal_beyond_32_digits_is_rounded() -> None:
    param = encode_param(Decimal("1.23456789012345678901234567890125"), LATIN1)
    assert read(block(Decimal("1.23456789012345678901234567890125"))).value == Decimal(
        "1.2345678901234567890123456789013"
    )
    assert param.prec == 0x201F


# -- server side: what JDBC sends (§10 item 3) -------------------------------------------------
@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("00 11 | 00 00 | 13 00 | ff ff be 99 1a 14 00 00 00 1c",
         BoundParam(17, 0x1300, -123456789012)),
        ("00 12 | 00 00 | 13 00 | 00 01 00 00 00 2a 00 00 00 00", BoundParam(18, 0x1300, 42)),
        ("00 01 | 00 00 | 05 00 | ff ff", BoundParam(1, 0x0500, -1)),
        ("00 04 | 00 00 | 00 00 | 40 20 00 00", BoundParam(4, 0, 2.5)),
        ("00 2b | 00 08 69 6e 66 6f 72 6d 69 78 | 00 08 6c 76 61 72 63 68 61 72 | 00 00 | 00 00"
         " | 00 00 00 03 78 79 7a | 00", BoundParam(43, 0, "xyz")),
        ("00 2d | 00 08 69 6e 66 6f 72 6d 69 78 | 00 07 62 6f 6f 6c 65 61 6e 00 | 00 00 | 00 00"
         " | 00 00 00 01 01 | 00", BoundParam(45, 0, True)),
        ("00 2d | 00 00 | 00 00 | 00 00 | 00 00 | 00 00 00 01 00 | 00", BoundParam(45, 0, False)),
        ("00 29 | 00 00 | 00 07 62 6f 6f 6c 65 61 6e 00 | 00 00 | 00 00 | 00 00 00 01 74 | 00",
         BoundParam(41, 0, True)),
        ("00 28 | 00 00 | 00 08 6c 76 61 72 63 68 61 72 | 00 00 | 00 00 | 00 00 00 02 68 69",
         BoundParam(40, 0, "hi")),
        ("00 29 | 00 00 | 00 04 62 6c 6f 62 | 00 00 | 00 00 | 00 00 00 02 ca fe",
         BoundParam(41, 0, b"\xca\xfe")),
        ("00 05 | 00 00 | 00 02 | 00 04 c2 01 17 2d", BoundParam(5, 2, Decimal("123.45"))),
        ("00 08 | 00 00 | 00 02 | 00 04 3d 57 41 2c", BoundParam(8, 2, Decimal("-1234.56"))),
        ("00 0a | 00 00 | 13 0f | 00 0b c7 14 1a 08 1f 0c 1e 0f 0c 00 00 | 00",
         BoundParam(10, 0x130F, "2026-08-31 12:30:15.12000")),
        ("00 0a | 00 00 | 06 6a | 00 04 c3 0c 22 38", BoundParam(10, 0x066A, "12:34:56")),
        ("00 0a | 00 00 | 06 6a | 00 04 c2 1e 0f 00", BoundParam(10, 0x066A, "00:30:15")),
        ("00 0e | 00 00 | 14 4f | 00 0c c8 00 00 00 00 03 04 05 06 32 00 00",
         BoundParam(14, 0x144F, "3 04:05:06.50000")),
        ("00 0e | 00 00 | 06 02 | 00 04 38 63 5e 61", BoundParam(14, 0x0602, "-5-03")),
        ("00 0e | 00 00 | 08 4a | 00 05 3b 60 5f 5e 5e | 00",
         BoundParam(14, 0x084A, "-3 04:05:06")),
        ("00 0d | 00 00 | 00 00 | 00 04 74 61 69 6c", BoundParam(13, 0, "tail")),
        ("00 0f | 00 00 | 00 00 | 00 03 6e 63 68 | 00", BoundParam(15, 0, "nch")),
        ("00 10 | 00 00 | 00 00 | 00 03 6e 76 63 | 00", BoundParam(16, 0, "nvc")),
        ("00 34 | 00 00 | 13 00 | 80 00 00 00 00 00 00 00", BoundParam(52, 0x1300, None)),
        ("00 02 | ff ff | 00 00", BoundParam(2, 0, None)),
        ("01 02 | ff ff | 00 00", BoundParam(2, 0, None)),
        ("00 02 | ff fe | 0a 00", BoundParam(2, 0x0A00, None, is_default=True)),
        ("00 2b | 00 00 | 00 00 | ff ff | 00 00", BoundParam(43, 0, None)),
        ("00 0c | 00 00 | 00 00 |" + " 00" * 16 + " 00 00 0b b9" + " 00" * 36,
         BoundParam(12, 0, BlobDescriptor(bytes(16) + h("00 00 0b b9") + bytes(36), 3001, False))),
        ("00 03 | 00 00 | 00 00 | ff ff ff ff ff ff ff ff", BoundParam(3, 0, None)),
        ("00 07 | 00 00 | 00 00 | 80 00 00 00", BoundParam(7, 0, None)),
        ("00 11 | 00 00 | 13 00 | 00 00 00 00 00 00 00 00 00 00", BoundParam(17, 0x1300, None)),
    ],
)  # fmt: skip
def test_reads_jdbc_and_peer_blocks(wire: str, expected: BoundParam) -> None:
    assert read(h(wire)) == expected


def test_truncated_blocks_are_incomplete() -> None:
    samples = [block(v) for v in SECTION53_PARAMS] + [block("x" * 40000), block(b"blob")]
    samples.append(
        h("00 2d | 00 08 69 6e 66 6f 72 6d 69 78 | 00 00 | 00 00 | 00 00 | 00 00 00 01 01 | 00")
    )
    for data in samples:
        cuts = (
            range(len(data)) if len(data) < 100 else [*range(40), *range(len(data) - 40, len(data))]
        )
        for cut in cuts:
            with pytest.raises(Incomplete):
                read_bind_value(Reader(data[:cut]), LATIN1)


@pytest.mark.parametrize(
    ("wire", "message"),
    [
        ("00 09 | ff ff | 00 00", "unknown bind type code 9"),
        ("00 63 | 00 00 | 00 00 | 00 00", "unknown bind type code 99"),
        ("00 18 | 00 00 | 00 00 | ff ff | 00 00", "unknown bind type code 24"),
        ("00 02 | 00 05 | 00 00 | 00 00 00 01", "indicator 5"),
        ("00 2b | 00 00 | 00 00 | 00 00 | 00 00 | ff ff ff fe", "negative length"),
        ("00 2b | ff f0 | 00 00 | 00 00 | 00 00", "length -16"),
        ("00 05 | 00 00 | 00 00 | ff ff c1 01", "negative length"),
        ("00 05 | 00 00 | 00 00 | 00 01 c1 | 00", "too short"),
        ("00 0a | 00 00 | 04 a4 | 00 02 c1 01", "qualifier"),
    ],
)  # fmt: skip
def test_impossible_blocks(wire: str, message: str) -> None:
    with pytest.raises(ProtocolViolation, match=message):
        read_bind_value(Reader(h(wire)), LATIN1)


def test_bad_values_inside_valid_blocks() -> None:
    with pytest.raises(ValueOutOfRange, match="DATE"):
        read(h("00 07 | 00 00 | 00 00 | 7f ff ff ff"))
    with pytest.raises(BadLiteral, match="BOOLEAN"):
        read(h("00 2d | 00 00 | 00 00 | 00 00 | 00 00 | 00 00 00 01 78 | 00"))
    with pytest.raises(UnencodableString, match="utf-8"):
        read(h("00 00 | 00 00 | 00 00 | 00 02 c3 28"), "utf-8")


# -- properties: every Python type through encode_param -> read_bind_value --------------------
def expected_server_value(value: object) -> object:
    """What the server sees for a driver value (temporal values arrive as literal text)."""
    if isinstance(value, bool):
        return "t" if value else "f"
    fraction = f".{getattr(value, 'microsecond', 0) // 10:05d}"
    if isinstance(value, dt.datetime):
        text = f"{value.year:04d}-{value.month:02d}-{value.day:02d} {value:%H:%M:%S}"
        return text + (fraction if value.microsecond else "")
    if isinstance(value, dt.time):
        return f"{value:%H:%M:%S}" + (fraction if value.microsecond else "")
    if isinstance(value, dt.timedelta):
        sign, magnitude = ("-", -value) if value < dt.timedelta(0) else ("", value)
        hours, rest = divmod(magnitude.seconds, 3600)
        minutes, seconds = divmod(rest, 60)
        fraction = magnitude.microseconds // 10
        return f"{sign}{magnitude.days} {hours:02d}:{minutes:02d}:{seconds:02d}.{fraction:05d}"
    if isinstance(value, IntervalYM):
        return str(value)
    if isinstance(value, (bytes, bytearray)):
        return BlobDescriptor.for_bind(len(value))
    return value


python_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**63) + 1, 2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40),
    st.builds(
        lambda c, e: Decimal(f"{c}E{e}"), st.integers(-(10**40), 10**40), st.integers(-80, 80)
    ),
    st.datetimes(),
    st.dates(),
    st.times(),
    st.timedeltas(),
    st.integers(-(10**9) * 12 + 1, 10**9 * 12 - 1).map(IntervalYM),
    st.binary(max_size=20),
)


@settings(max_examples=800, deadline=None)
@given(python_values)
def test_every_python_type_round_trips(value: object) -> None:
    data = block(value, "utf-8")
    assert len(data) % 2 == 0  # every block keeps the stream even
    received = read(data, "utf-8")
    expected = expected_server_value(value)
    if isinstance(value, Decimal):  # more than 32 digits are rounded half-up
        assert received.value == round_significant(value, 32)
    else:
        assert received.value == expected
    assert received.type == encode_param(value, "utf-8").type
    assert not received.is_default


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(sorted({*range(24), 40, 41, 43, 44, 45, 46, 47, 52, 53})), st.binary())
def test_garbage_blocks_raise_only_protocol_or_codec_errors(code: int, tail: bytes) -> None:
    r = Reader(code.to_bytes(2, "big") + tail)
    try:
        param = read_bind_value(r, "utf-8")
    except (Incomplete, ProtocolViolation, ValueCodecError):
        return
    assert param.type == code
