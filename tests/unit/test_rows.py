"""Row (SQ_TUPLE payload) codecs: sqli-types.md §3, §4 and the rows of §9."""

from __future__ import annotations

import datetime as dt
import math
import struct
from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from informix_db.protocol.codes import (
    TU_DAY,
    TU_F5,
    TU_HOUR,
    TU_MONTH,
    TU_SECOND,
    TU_YEAR,
    IfxType,
    Xid,
)
from informix_db.protocol.coltype import ColumnType
from informix_db.protocol.values import (
    BadLiteral,
    BlobDescriptor,
    RowFramingError,
    UnencodableString,
    UnsupportedType,
    UnsupportedValue,
    ValueCodecError,
    ValueOutOfRange,
    column_decoder,
    column_encoder,
    compile_row_decoder,
    encode_row,
    int8_from_bytes,
    int8_to_bytes,
)
from informix_db.types import IntervalYM

pytestmark = pytest.mark.unit

LATIN1 = "iso-8859-1"
INT = ColumnType.simple(IfxType.INT)
SMALLINT = ColumnType.simple(IfxType.SMALLINT)
BIGINT = ColumnType.simple(IfxType.BIGINT)
INT8 = ColumnType.simple(IfxType.INT8)
FLOAT = ColumnType.simple(IfxType.FLOAT)
SMALLFLOAT = ColumnType.simple(IfxType.SMALLFLOAT)
DATE = ColumnType.simple(IfxType.DATE)
YEAR_TO_SECOND = ColumnType.datetime(TU_YEAR, TU_SECOND)
SET_OF_INT = ColumnType(IfxType.SET, 0, xname="integer")


def h(text: str) -> bytes:
    return bytes.fromhex(text)


def decode_one(col: ColumnType, data: bytes, encoding: str = LATIN1, trim: bool = False) -> object:
    value, end = column_decoder(col, encoding, trim_char=trim)(data, 0)
    assert end == len(data)
    compiled = compile_row_decoder([col], encoding, trim_char=trim)(data)
    assert repr(compiled) == repr((value,))  # repr: NaN compares unequal to itself
    return value


def encode_one(col: ColumnType, value: object, encoding: str = LATIN1, **kw: bool) -> bytes:
    return column_encoder(col, encoding, **kw)(value)


# -- §9: a complete row and the captured rows ----------------------------------------
SECTION9_COLUMNS = [
    INT,
    ColumnType.varchar(10),
    ColumnType.decimal(8, 2),
    DATE,
    INT8,
    ColumnType.char(4),
    YEAR_TO_SECOND,
    FLOAT,
    ColumnType.lvarchar(),
    SMALLINT,
]
SECTION9_VALUES = (
    42,
    "abc",
    Decimal("123.45"),
    dt.date(2026, 8, 31),
    -1,
    None,
    dt.datetime(2026, 8, 31, 12, 30, 15),
    None,
    "xyz",
    None,
)
SECTION9_PAYLOAD = h(
    "00 00 00 2a  03 61 62 63  c2 01 17 2d 00  00 00 b4 b8  ff ff 00 00 00 01 00 00 00 00"
    "  00 20 20 20  c7 14 1a 08 1f 0c 1e 0f  ff ff ff ff ff ff ff ff"
    "  00 00 00 00 03 78 79 7a  80 00"
)


def test_section9_row_decodes() -> None:
    assert len(SECTION9_PAYLOAD) == 57
    assert compile_row_decoder(SECTION9_COLUMNS, LATIN1)(SECTION9_PAYLOAD) == SECTION9_VALUES


def test_section9_row_encodes() -> None:
    encoders = [column_encoder(c, LATIN1) for c in SECTION9_COLUMNS]
    assert encode_row(encoders, SECTION9_VALUES) == SECTION9_PAYLOAD


def test_section9_row_from_a_memoryview_slice() -> None:
    message = memoryview(b"\x00\x00\x00\x00\x00\x39" + SECTION9_PAYLOAD + b"\x00")
    decode = compile_row_decoder(SECTION9_COLUMNS, LATIN1)
    assert decode(message[6:-1]) == SECTION9_VALUES


@pytest.mark.parametrize(
    ("columns", "payload", "values"),
    [
        (
            [INT, ColumnType.boolean(), INT, ColumnType.varchar(10)],
            "00 01 b2 07 00 00 00 00 01 74 00 03 64 0e 04 74 61 69 6c",
            (111111, True, 222222, "tail"),
        ),
        (
            [INT8, ColumnType.lvarchar(), INT8],
            "00 01 00 00 07 d1 00 00 00 00 00 00 00 00 0b 50 61 63 6b 61 67 65 52 6f 6f 74"
            " 00 01 00 00 00 0a 00 00 00 00",
            (2001, "PackageRoot", 10),
        ),
        (
            [INT, SET_OF_INT, ColumnType.varchar(10)],
            "00 00 00 08 01 00 00 00 00 03 78 79 7a",
            (8, None, "xyz"),
        ),
    ],
)
def test_captured_rows(columns: list[ColumnType], payload: str, values: tuple[object, ...]) -> None:
    assert compile_row_decoder(columns, LATIN1)(h(payload)) == values
    encoders = [column_encoder(c, LATIN1) for c in columns]
    assert encode_row(encoders, values) == h(payload)


# The all-fixed row and NULL row that IBM JDBC accepted (../captures/jdbc-accepted-exchange.txt).
JDBC_COLUMNS = [
    INT,
    SMALLINT,
    ColumnType.decimal(8, 2),
    DATE,
    YEAR_TO_SECOND,
    ColumnType.char(6),
    INT8,
    FLOAT,
    SMALLFLOAT,
    BIGINT,
    ColumnType.money(10, 2),
    ColumnType.datetime(TU_YEAR, 13),
    ColumnType.decimal(16),
]
JDBC_ROW = h(
    "00 00 00 2a ff ff c2 01 17 2d 00 00 00 b4 b8 c7 14 1a 08 1f 0c 1e 0f 61 62 20 20 20 20"
    " ff ff be 99 1a 14 00 00 00 1c 3f f8 00 00 00 00 00 00 40 20 00 00 40 00 00 00 00 00 00 00"
    " 3d 57 41 2c 00 00 c7 14 1a 05 04 0c 22 38 4e 5a 40 5a 00 00 00 00 00 00 00 00"
)
JDBC_NULL_ROW = h(
    "80 00 00 00 80 00 00 00 00 00 00 80 00 00 00 00 00 00 00 00 00 00 00 00 20 20 20 20 20"
    " 00 01 00 00 00 00 00 00 00 00 ff ff ff ff ff ff ff ff ff ff ff ff 80 00 00 00 00 00 00 00"
    " 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
)


def test_jdbc_accepted_fixed_rows() -> None:
    decode = compile_row_decoder(JDBC_COLUMNS, LATIN1)
    assert len(JDBC_ROW) == len(JDBC_NULL_ROW) == 0x55
    assert decode(JDBC_ROW) == (
        42,
        -1,
        Decimal("123.45"),
        dt.date(2026, 8, 31),
        dt.datetime(2026, 8, 31, 12, 30, 15),
        "ab    ",
        -123456789012,
        1.5,
        2.5,
        2**62,
        Decimal("-1234.56"),
        dt.datetime(2026, 5, 4, 12, 34, 56, 789000),
        Decimal("-0.001"),
    )
    assert decode(JDBC_NULL_ROW) == (None,) * 6 + (0,) + (None,) * 6
    encoders = [column_encoder(c, LATIN1) for c in JDBC_COLUMNS]
    assert encode_row(encoders, decode(JDBC_ROW)) == JDBC_ROW


# -- INT8 (§4.3) --------------------------------------------------------------------
INT8_TABLE = [
    (0, "00 01 00 00 00 00 00 00 00 00"),
    (1, "00 01 00 00 00 01 00 00 00 00"),
    (-1, "ff ff 00 00 00 01 00 00 00 00"),
    (42, "00 01 00 00 00 2a 00 00 00 00"),
    (-42, "ff ff 00 00 00 2a 00 00 00 00"),
    (123456789012, "00 01 be 99 1a 14 00 00 00 1c"),
    (-123456789012, "ff ff be 99 1a 14 00 00 00 1c"),
    (2001, "00 01 00 00 07 d1 00 00 00 00"),
    (2**63 - 1, "00 01 ff ff ff ff 7f ff ff ff"),
    (2**32, "00 01 00 00 00 00 00 00 00 01"),
    (None, "00 00 00 00 00 00 00 00 00 00"),
]


@pytest.mark.parametrize(("value", "wire"), INT8_TABLE)
def test_int8_table(value: int | None, wire: str) -> None:
    assert int8_to_bytes(value).hex(" ") == wire
    assert int8_from_bytes(h(wire)) == value
    for col in (INT8, ColumnType.simple(IfxType.SERIAL8)):
        assert encode_one(col, value).hex(" ") == wire
        assert decode_one(col, h(wire)) == value


def test_int8_sign_word_rules() -> None:
    assert int8_from_bytes(h("00 00 ff ff ff ff ff ff ff ff")) is None  # rest ignored
    assert int8_from_bytes(h("00 07 00 00 00 05 00 00 00 00")) == 5  # other non-zero: positive
    assert int8_to_bytes(-(2**63 - 1)).hex(" ") == "ff ff ff ff ff ff 7f ff ff ff"
    with pytest.raises(ValueOutOfRange, match="INT8"):
        int8_to_bytes(-(2**63))
    with pytest.raises(ValueOutOfRange, match="10 bytes"):
        int8_from_bytes(b"\x00\x01")


# -- fixed numbers and their NULL sentinels (§3.4, §4.1-4.4) ------------------------
FIXED_TABLE = [
    (INT, 42, "00 00 00 2a"),
    (INT, -1, "ff ff ff ff"),
    (INT, 424242, "00 06 79 32"),
    (INT, 111111, "00 01 b2 07"),
    (ColumnType.simple(IfxType.SERIAL), 7, "00 00 00 07"),
    (SMALLINT, -1, "ff ff"),
    (SMALLINT, 32767, "7f ff"),
    (BIGINT, 2**62, "40 00 00 00 00 00 00 00"),
    (BIGINT, -77, "ff ff ff ff ff ff ff b3"),
    (ColumnType.simple(IfxType.BIGSERIAL), 5, "00 00 00 00 00 00 00 05"),
    (FLOAT, 1.0, "3f f0 00 00 00 00 00 00"),
    (FLOAT, -1.5, "bf f8 00 00 00 00 00 00"),
    (FLOAT, math.pi, "40 09 21 fb 54 44 2d 18"),
    (SMALLFLOAT, 2.5, "40 20 00 00"),
    (DATE, dt.date(2026, 8, 31), "00 00 b4 b8"),
]


@pytest.mark.parametrize(("col", "value", "wire"), FIXED_TABLE)
def test_fixed_values(col: ColumnType, value: object, wire: str) -> None:
    assert encode_one(col, value).hex(" ") == wire
    assert decode_one(col, h(wire)) == value


NULL_TABLE = [
    (SMALLINT, "80 00"),
    (INT, "80 00 00 00"),
    (ColumnType.simple(IfxType.SERIAL), "80 00 00 00"),
    (BIGINT, "80 00 00 00 00 00 00 00"),
    (ColumnType.simple(IfxType.BIGSERIAL), "80 00 00 00 00 00 00 00"),
    (INT8, "00 00 00 00 00 00 00 00 00 00"),
    (SMALLFLOAT, "ff ff ff ff"),
    (FLOAT, "ff ff ff ff ff ff ff ff"),
    (DATE, "80 00 00 00"),
    (ColumnType.decimal(8, 2), "00 00 00 00 00"),
    (ColumnType.money(10, 2), "00 00 00 00 00 00"),
    (YEAR_TO_SECOND, "00 00 00 00 00 00 00 00"),
    (ColumnType.interval(TU_DAY, TU_SECOND, 5), "00 00 00 00 00 00 00"),
    (ColumnType.char(6), "00 20 20 20 20 20"),
    (ColumnType.char(3, national=True), "00 20 20"),
    (ColumnType.varchar(10), "01 00"),
    (ColumnType.varchar(10, national=True), "01 00"),
    (ColumnType.lvarchar(), "01 00 00 00 00"),
    (ColumnType.boolean(), "01 00 00 00 00"),
    (SET_OF_INT, "01 00 00 00 00"),
    (ColumnType(IfxType.UDTFIXED, 72, xid=Xid.BLOB, xname="blob"), "01 00 00 00 00"),
    (ColumnType.simple(IfxType.BYTE), "00" * 39 + "01" + "00" * 16),
    (ColumnType.simple(IfxType.TEXT), "00" * 39 + "01" + "00" * 16),
]


@pytest.mark.parametrize(("col", "wire"), NULL_TABLE)
def test_null_forms(col: ColumnType, wire: str) -> None:
    assert decode_one(col, h(wire)) is None
    assert encode_one(col, None) == h(wire)


def test_real_nan_is_not_null() -> None:
    value = decode_one(FLOAT, h("7f f8 00 00 00 00 00 00"))
    assert isinstance(value, float) and math.isnan(value)
    small = decode_one(SMALLFLOAT, h("7f c0 00 00"))
    assert isinstance(small, float) and math.isnan(small)


def test_packed_columns_are_quantized() -> None:
    assert str(decode_one(ColumnType.decimal(8, 2), h("80 00 00 00 00"))) == "0.00"
    assert str(decode_one(ColumnType.decimal(8, 2), h("c1 07 00 00 00"))) == "7.00"
    assert str(decode_one(ColumnType.decimal(16), h("3e 63 00 00 00 00 00 00 00 00"))) == "-1"
    assert decode_one(ColumnType.money(10, 2), h("3d 57 41 2c 00 00")) == Decimal("-1234.56")


def test_temporal_columns() -> None:
    day5 = ColumnType.interval(TU_DAY, TU_SECOND, 5)
    assert decode_one(day5, h("c6 00 00 0a 04 1e 0f")) == dt.timedelta(10, 16215)
    assert decode_one(day5, h("c4 0a 04 1e 0f 00 00")) == dt.timedelta(10, 16215)
    ym = ColumnType.interval(TU_YEAR, TU_MONTH)
    assert decode_one(ym, h("38 63 5e 61")) == IntervalYM(-63)
    assert encode_one(ym, "-5-03") == h("38 63 5e 61")
    assert encode_one(day5, dt.timedelta(12345)) == h("c6 01 17 2d 00 00 00")
    hour = ColumnType.datetime(TU_HOUR, TU_SECOND)
    assert decode_one(hour, h("c2 1e 0f 00")) == dt.time(0, 30, 15)
    assert decode_one(ColumnType.datetime(TU_YEAR, TU_DAY), h("c7 14 1a 05 04")) == dt.date(
        2026, 5, 4
    )
    f5 = ColumnType.datetime(TU_YEAR, TU_F5)
    assert encode_one(f5, "2026-08-31 12:30:15.12000") == h("c7 14 1a 08 1f 0c 1e 0f 0c 00 00")


# -- characters (§4.9-4.11) -----------------------------------------------------------
def test_char_examples() -> None:
    char6 = ColumnType.char(6)
    assert encode_one(char6, "ab") == h("61 62 20 20 20 20")
    assert encode_one(char6, "") == h("20 20 20 20 20 20")
    assert decode_one(char6, h("61 62 20 20 20 20")) == "ab    "  # JDBC keeps the blanks
    assert decode_one(char6, h("61 62 20 20 20 20"), trim=True) == "ab"
    assert decode_one(char6, h("20 20 20 20 20 20"), trim=True) == ""
    nchar = ColumnType.char(10, national=True)
    assert decode_one(nchar, h("6e 63 68 20 20 20 20 20 20 20"), trim=True) == "nch"
    utf = ColumnType.char(10)
    assert encode_one(utf, "日本", "utf-8") == "日本".encode() + b"    "
    assert decode_one(utf, "日本".encode() + b"    ", "utf-8", trim=True) == "日本"


@pytest.mark.parametrize(
    ("col", "value", "wire", "encoding"),
    [
        (ColumnType.varchar(20), "systables", "09 73 79 73 74 61 62 6c 65 73", LATIN1),
        (ColumnType.varchar(10), "tail", "04 74 61 69 6c", LATIN1),
        (ColumnType.varchar(10, national=True), "nvc", "03 6e 76 63", LATIN1),
        (ColumnType.varchar(10), "café", "04 63 61 66 e9", LATIN1),
        (ColumnType.varchar(10), "café", "05 63 61 66 c3 a9", "utf-8"),
        (ColumnType.varchar(10), "", "00", LATIN1),
        (ColumnType.lvarchar(), "odd", "00 00 00 00 03 6f 64 64", LATIN1),
        (ColumnType.lvarchar(), "", "00 00 00 00 00", LATIN1),
        (ColumnType(IfxType.LVARCHAR, 100), "abc", "00 00 00 00 03 61 62 63", LATIN1),
        (ColumnType(IfxType.ROW, 0, xname="row(a int)"), "ROW('Alice',30)",
         "00 00 00 00 0f 52 4f 57 28 27 41 6c 69 63 65 27 2c 33 30 29", LATIN1),
        (ColumnType(IfxType.LIST, 0), "LIST{10,20,30}",
         "00 00 00 00 0e 4c 49 53 54 7b 31 30 2c 32 30 2c 33 30 7d", LATIN1),
    ],
)  # fmt: skip
def test_variable_text(col: ColumnType, value: str, wire: str, encoding: str) -> None:
    assert encode_one(col, value, encoding) == h(wire)
    assert decode_one(col, h(wire), encoding) == value


def test_smart_lob_locator_arrives_as_hex_text() -> None:
    """§4.14: without SQ_RET_TYPE a BLOB column carries 144 hex characters (149 bytes)."""
    col = ColumnType(IfxType.UDTFIXED, 72, xid=Xid.BLOB, xname="blob")
    locator_text = "454d4c4f00000001" + "0" * 128
    row = h("00 00 00 00 90") + locator_text.encode("ascii")
    assert len(row) == 149
    assert row[5:13] == h("34 35 34 64 34 63 34 66")
    assert decode_one(col, row) == locator_text
    assert encode_one(col, locator_text) == row


def test_lvarchar_drops_one_trailing_nul() -> None:
    assert decode_one(ColumnType.lvarchar(), h("00 00 00 00 04 61 62 63 00")) == "abc"
    assert decode_one(ColumnType.lvarchar(), h("00 00 00 00 02 00 00")) == "\x00"


def test_varchar_packed_describe_length_keeps_the_maximum() -> None:
    col = ColumnType.varchar(5 * 256 + 10)  # catalog-style r*256 + m
    assert encode_one(col, "x" * 10) == b"\x0a" + b"x" * 10
    with pytest.raises(ValueOutOfRange, match="holds 10"):
        encode_one(col, "x" * 11)


# -- BOOLEAN (§4.12) --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("body", "value"), [("74", True), ("54", True), ("01", True), ("66", False), ("46", False),
                        ("00", False), ("ff", None)],
)  # fmt: skip
def test_boolean_bodies(body: str, value: bool | None) -> None:
    assert decode_one(ColumnType.boolean(), h("00 00 00 00 01" + body)) is value
    assert decode_one(ColumnType(IfxType.BOOL, 1), h("00 00 00 00 01" + body)) is value


def test_boolean_encodings() -> None:
    col = ColumnType.boolean()
    assert encode_one(col, True) == h("00 00 00 00 01 74")
    assert encode_one(col, False) == h("00 00 00 00 01 66")
    assert encode_one(col, True, binary_bool=True) == h("00 00 00 00 01 01")
    assert encode_one(col, False, binary_bool=True) == h("00 00 00 00 01 00")
    assert encode_one(col, None, binary_bool=True) == h("01 00 00 00 00")
    with pytest.raises(BadLiteral, match="BOOLEAN"):
        decode_one(col, h("00 00 00 00 01 78"))
    with pytest.raises(UnsupportedValue, match="str"):
        encode_one(col, "t")


# -- BYTE / TEXT (§4.13) ------------------------------------------------------------------
EMULATOR_DESCRIPTOR = h(
    "00 00 00 07 00 00 00 00  00 00 00 00 00 00 00 04  00 00 00 05 00 00 00 00"
    "  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00"
    "  00 00 00 00 00 00 00 00"
)


@pytest.mark.parametrize("code", [IfxType.BYTE, IfxType.TEXT])
def test_blob_descriptor_row(code: int) -> None:
    col = ColumnType.simple(code)
    value = decode_one(col, EMULATOR_DESCRIPTOR)
    assert value == BlobDescriptor(EMULATOR_DESCRIPTOR, 5, False)
    assert BlobDescriptor.build(5, b"\x00\x00\x00\x07") == value
    assert encode_one(col, value) == EMULATOR_DESCRIPTOR
    assert encode_one(col, EMULATOR_DESCRIPTOR) == EMULATOR_DESCRIPTOR
    with pytest.raises(UnsupportedValue):
        encode_one(col, b"hello")


def test_blob_descriptor_builders() -> None:
    null = BlobDescriptor.null()
    assert null.is_null and null.size == 0 and null.raw[38:40] == b"\x00\x01"
    bind = BlobDescriptor.for_bind(5)
    assert bind.raw == bytes(16) + b"\x00\x00\x00\x05" + bytes(36)
    # JDBC reads tb_end - tb_start + 1 bytes: an empty value needs tb_end -1 (replayed)
    assert BlobDescriptor.build(0).raw[8:20] == h("00 00 00 00 ff ff ff ff 00 00 00 00")
    with pytest.raises(ValueOutOfRange):
        BlobDescriptor.from_bytes(bytes(55))
    with pytest.raises(ValueOutOfRange):
        BlobDescriptor.build(1, b"123456789")


# -- errors -------------------------------------------------------------------------------
def test_truncated_payload_names_the_column() -> None:
    decode = compile_row_decoder(SECTION9_COLUMNS, LATIN1)
    with pytest.raises(
        RowFramingError, match=r"column 10 \(SMALLINT\).*needs 2 bytes at offset 55"
    ):
        decode(SECTION9_PAYLOAD[:-1])
    with pytest.raises(RowFramingError, match=r"column 9 \(LVARCHAR\(2048\)\).*needs 8 bytes"):
        decode(SECTION9_PAYLOAD[:52])
    with pytest.raises(RowFramingError, match=r"column 1 \(INTEGER\)"):
        decode(b"")


@pytest.mark.parametrize("cut", range(57))
def test_every_truncation_is_a_framing_error(cut: int) -> None:
    with pytest.raises(RowFramingError, match=r"column \d+ \("):
        compile_row_decoder(SECTION9_COLUMNS, LATIN1)(SECTION9_PAYLOAD[:cut])


def test_extra_bytes_are_a_framing_error() -> None:
    with pytest.raises(RowFramingError, match="10 columns consumed 57 bytes of a 58-byte"):
        compile_row_decoder(SECTION9_COLUMNS, LATIN1)(SECTION9_PAYLOAD + b"\x00")


def test_varchar_length_running_past_the_end() -> None:
    decode = compile_row_decoder([ColumnType.varchar(10), INT], LATIN1)
    with pytest.raises(RowFramingError, match=r"column 1 \(VARCHAR\(10\)\): .*needs 10 bytes"):
        decode(h("09 61 62 63 00 00 00 01"))


def test_negative_envelope_length() -> None:
    decode = compile_row_decoder([ColumnType.lvarchar()], LATIN1)
    with pytest.raises(RowFramingError, match="envelope length -1 at offset 0 is negative"):
        decode(h("00 ff ff ff ff 61"))


def test_bad_data_names_the_column() -> None:
    decode = compile_row_decoder([INT, DATE], LATIN1)
    with pytest.raises(ValueOutOfRange, match=r"column 2 \(DATE\).*outside"):
        decode(h("00 00 00 01 7f ff ff ff"))
    decode = compile_row_decoder([ColumnType.varchar(5)], "utf-8")
    with pytest.raises(UnencodableString, match=r"column 1 .*not valid utf-8"):
        decode(h("02 c3 28"))
    decode = compile_row_decoder([ColumnType.decimal(8, 2)], LATIN1)
    with pytest.raises(ValueCodecError, match=r"column 1 \(DECIMAL\(8,2\)\).*above 99"):
        decode(h("c1 64 00 00 00"))


def test_column_decoder_reports_offsets() -> None:
    decode = column_decoder(ColumnType.varchar(10), LATIN1)
    assert decode(h("ff 03 61 62 63 ff"), 1) == ("abc", 5)
    with pytest.raises(RowFramingError, match=r"VARCHAR\(10\) needs 1 bytes at offset 6"):
        decode(h("ff 03 61 62 63 ff"), 6)


@pytest.mark.parametrize("code", [IfxType.NULL, 24, 42, 48, 49, 99])
def test_unknown_type_codes(code: int) -> None:
    with pytest.raises(UnsupportedType, match="no row decoder"):
        compile_row_decoder([INT, ColumnType(code, 4)], LATIN1)
    with pytest.raises(UnsupportedType, match="no row encoder"):
        column_encoder(ColumnType(code, 4), LATIN1)


def test_impossible_build_parameters() -> None:
    with pytest.raises(UnsupportedType, match="encoding"):
        compile_row_decoder([INT], "no-such-codec")
    with pytest.raises(UnsupportedType, match="encoding"):
        column_encoder(INT, "no-such-codec")
    with pytest.raises(UnsupportedType, match="qualifier"):
        compile_row_decoder([ColumnType(IfxType.DATETIME, 0x04A4)], LATIN1)
    with pytest.raises(UnsupportedType, match="qualifier"):
        column_encoder(ColumnType(IfxType.INTERVAL, 0x04A4), LATIN1)
    with pytest.raises(UnsupportedType, match="width"):
        compile_row_decoder([ColumnType.char(0)], LATIN1)


@pytest.mark.parametrize(
    ("col", "value", "error"),
    [
        (SMALLINT, 32768, ValueOutOfRange),
        (SMALLINT, -32768, ValueOutOfRange),  # the NULL sentinel is not storable
        (INT, 2**31, ValueOutOfRange),
        (INT, -(2**31), ValueOutOfRange),
        (BIGINT, -(2**63), ValueOutOfRange),
        (INT8, 2**63, ValueOutOfRange),
        (INT, "1", UnsupportedValue),
        (INT8, 1.0, UnsupportedValue),
        (SMALLFLOAT, 1e300, ValueOutOfRange),
        (FLOAT, 10**400, ValueOutOfRange),
        (FLOAT, "1.5", UnsupportedValue),
        (ColumnType.decimal(5, 2), Decimal("1000"), ValueOutOfRange),
        (ColumnType.decimal(5, 2), float("nan"), ValueOutOfRange),
        (ColumnType.decimal(5, 2), "1.5", UnsupportedValue),
        (DATE, 2958465, ValueOutOfRange),
        (DATE, "2026-08-31", UnsupportedValue),
        (YEAR_TO_SECOND, "2026-08-31", BadLiteral),
        (YEAR_TO_SECOND, dt.timedelta(1), UnsupportedValue),
        (ColumnType.interval(TU_DAY, TU_SECOND), dt.timedelta(100), ValueOutOfRange),
        (ColumnType.interval(TU_DAY, TU_SECOND), IntervalYM(1), UnsupportedValue),
        (ColumnType.char(2), "abc", ValueOutOfRange),
        (ColumnType.char(4), "a\x00", ValueOutOfRange),
        (ColumnType.char(4), 12, UnsupportedValue),
        (ColumnType.varchar(3), "abcd", ValueOutOfRange),
        (ColumnType.varchar(3), "\x00", ValueOutOfRange),
        (ColumnType.lvarchar(), b"raw", UnsupportedValue),
        (ColumnType.lvarchar(), 5, UnsupportedValue),
        (ColumnType.boolean(), 2, UnsupportedValue),
    ],
)
def test_encoder_rejections(col: ColumnType, value: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        encode_one(col, value)


def test_unencodable_string_names_the_character() -> None:
    with pytest.raises(UnencodableString, match=r"'€' \(U\+20AC\) at position 1 .*iso-8859-1"):
        encode_one(ColumnType.varchar(10), "a€")
    with pytest.raises(UnencodableString, match="U\\+65E5"):
        encode_one(ColumnType.lvarchar(), "日本")


def test_encoder_conversions() -> None:
    assert encode_one(DATE, 46264) == h("00 00 b4 b8")
    assert encode_one(DATE, dt.datetime(2026, 8, 31, 12)) == h("00 00 b4 b8")
    assert encode_one(FLOAT, 3) == struct.pack(">d", 3.0)
    assert encode_one(SMALLFLOAT, Decimal("2.5")) == h("40 20 00 00")
    assert encode_one(ColumnType.decimal(8, 2), 0.1) == h("c0 0a 00 00 00")
    assert encode_one(ColumnType.decimal(8, 2), 12) == h("c1 0c 00 00 00")
    assert encode_one(SET_OF_INT, "SET{1}") == h("00 00 00 00 06") + b"SET{1}"
    locator = ColumnType(IfxType.UDTFIXED, 72, xid=Xid.BLOB, xname="blob")
    assert encode_one(locator, bytes(72)) == h("00 00 00 00 48") + bytes(72)


def test_encode_row_checks_the_count() -> None:
    with pytest.raises(ValueCodecError, match="1 values for 2 columns"):
        encode_row([column_encoder(INT, LATIN1)] * 2, [1])


# -- properties: encode -> decode for every type ----------------------------------------------
text = st.text(st.characters(codec="latin-1", exclude_characters="\x00"), max_size=12)
ROW_TYPES: list[tuple[ColumnType, st.SearchStrategy[object]]] = [
    (SMALLINT, st.integers(-32767, 32767)),
    (INT, st.integers(-(2**31) + 1, 2**31 - 1)),
    (ColumnType.simple(IfxType.SERIAL), st.integers(0, 2**31 - 1)),
    (BIGINT, st.integers(-(2**63) + 1, 2**63 - 1)),
    (INT8, st.sampled_from([2**63 - 1, -(2**63) + 1, 0]) | st.integers(-(2**63) + 1, 2**63 - 1)),
    (FLOAT, st.floats(allow_nan=False)),
    (SMALLFLOAT, st.floats(width=32, allow_nan=False)),
    (ColumnType.decimal(8, 2), st.decimals(Decimal("-999999.99"), Decimal("999999.99"), places=2)),
    (ColumnType.decimal(32, 10), st.decimals(-(10**22) + 1, 10**22 - 1, places=10)),
    (ColumnType.money(10, 2),
     st.decimals(Decimal("-99999999.99"), Decimal("99999999.99"), places=2)),
    (DATE, st.dates()),
    (YEAR_TO_SECOND, st.datetimes().map(lambda d: d.replace(microsecond=0))),
    (ColumnType.datetime(TU_YEAR, TU_F5), st.datetimes().map(lambda d: d.replace(
        microsecond=d.microsecond // 10 * 10))),
    (ColumnType.datetime(TU_YEAR, TU_DAY), st.dates()),
    (ColumnType.datetime(TU_HOUR, TU_SECOND), st.times().map(lambda t: t.replace(microsecond=0))),
    (ColumnType.datetime(TU_MONTH, TU_HOUR), st.datetimes().filter(
        lambda d: (d.month, d.day) != (2, 29)).map(
        lambda d: d.replace(year=1, minute=0, second=0, microsecond=0))),
    (ColumnType.interval(TU_DAY, TU_F5, 9), st.timedeltas(
        min_value=dt.timedelta(days=-99999999), max_value=dt.timedelta(days=99999999)).map(
        lambda t: t // dt.timedelta(microseconds=10) * dt.timedelta(microseconds=10))),
    (ColumnType.interval(TU_YEAR, TU_MONTH, 9), st.integers(-(10**9) * 12 + 1,
                                                            10**9 * 12 - 1).map(IntervalYM)),
    (ColumnType.char(12), text.map(lambda s: s.ljust(12))),
    (ColumnType.varchar(12), text),
    (ColumnType.varchar(12, national=True), text),
    (ColumnType.lvarchar(), text),
    (ColumnType.boolean(), st.booleans()),
    (ColumnType.simple(IfxType.BYTE), st.integers(0, 2**31 - 1).map(BlobDescriptor.build)),
    (ColumnType(IfxType.MULTISET, 0), text),
]  # fmt: skip


@st.composite
def rows(draw: st.DrawFn) -> tuple[list[ColumnType], list[object]]:
    picked = draw(st.lists(st.sampled_from(ROW_TYPES), min_size=1, max_size=8))
    values = [draw(st.none() | strategy) for _, strategy in picked]
    return [col for col, _ in picked], values


@settings(max_examples=500, deadline=None)
@given(rows())
def test_row_encode_decode_round_trip(case: tuple[list[ColumnType], list[object]]) -> None:
    columns, values = case
    payload = encode_row([column_encoder(c, LATIN1) for c in columns], values)
    decoded = compile_row_decoder(columns, LATIN1)(payload)
    assert decoded == tuple(values)
    offset, one_by_one = 0, []
    for col in columns:  # the checked per-column path agrees with the compiled one
        value, offset = column_decoder(col, LATIN1)(payload, offset)
        one_by_one.append(value)
    assert offset == len(payload) and tuple(one_by_one) == decoded


@settings(max_examples=200, deadline=None)
@given(rows(), st.data())
def test_truncated_rows_always_raise_framing_errors(
    case: tuple[list[ColumnType], list[object]], data: st.DataObject
) -> None:
    columns, values = case
    payload = encode_row([column_encoder(c, LATIN1) for c in columns], values)
    cut = data.draw(st.integers(0, len(payload) - 1))
    decode: Callable[[bytes], tuple[object, ...]] = compile_row_decoder(columns, LATIN1)
    with pytest.raises(RowFramingError):
        decode(payload[:cut])


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from([c for c, _ in ROW_TYPES]), min_size=1, max_size=6), st.binary())
def test_garbage_payloads_raise_only_codec_errors(
    columns: list[ColumnType], payload: bytes
) -> None:
    decode = compile_row_decoder(columns, "utf-8")
    try:
        values = decode(payload)
    except ValueCodecError:
        return
    assert len(values) == len(columns)


# -- descriptor flags: NOT NULL (0x0100) and DISTINCT (0x0800) ----------------
# A USVER describe of one column `amount`, a DISTINCT type `dollars` over
# DECIMAL(8,2), NOT NULL: type short 0x0905, extended name and owner, source 5.
DISTINCT_DESCRIBE = (
    "0002 0007 00000001 0005 0001 00000007"  # SELECT, stmt 7, cost 1, tuple 5, 1 column
    "00000000 00000000"  # name offset 0, start 0
    "0905 00000000 0008 696e666f726d6978 0007 646f6c6c61727300"  # 0x0905, xid 0, owner, name
    "0000 0000 00000005 00000802"  # reference, alignment, source DECIMAL, length (8 << 8) | 2
    "616d6f756e7400"  # "amount\0" (7 bytes, one pad byte)
    "00"
)


def test_distinct_flag_is_surfaced_and_the_code_stays_the_base_type() -> None:
    from informix_db.protocol.buffer import Reader, Writer
    from informix_db.protocol.caps import MODERN
    from informix_db.protocol.messages.statement import read_describe, write_describe
    from informix_db.typeinfo import description_of

    raw = bytes.fromhex(DISTINCT_DESCRIBE)
    reader = Reader(raw)
    desc = read_describe(reader, MODERN, "latin-1")
    assert reader.remaining == 0
    (col,) = desc.columns
    t = col.type
    assert (col.name, t.code, t.length, t.precision, t.scale) == (
        "amount",
        IfxType.DECIMAL,
        0x0802,
        8,
        2,
    )
    assert t.distinct and not t.nullable
    assert (t.xname, t.xowner, t.source_type) == ("dollars", "informix", IfxType.DECIMAL)
    assert t.type_short() == 0x0905
    (entry,) = description_of(desc.columns)
    assert entry.type_code == IfxType.DECIMAL and entry[1] == IfxType.DECIMAL
    assert entry.distinct and entry.null_ok is False and entry.type.xname == "dollars"
    assert (entry.precision, entry.scale) == (8, 2)
    w = Writer()
    write_describe(w, desc, MODERN, "latin-1")
    assert w.getvalue() == bytes.fromhex("0008") + raw  # the server's writer keeps the flag
    # The value itself is framed as the base type: packed DECIMAL(8,2).
    payload = column_encoder(t, "latin-1")(Decimal("-12.34"))
    assert payload == column_encoder(ColumnType.decimal(8, 2), "latin-1")(Decimal("-12.34"))
    assert compile_row_decoder([t], "latin-1")(payload) == (Decimal("-12.34"),)


@pytest.mark.parametrize(
    ("type_short", "code", "nullable", "distinct"),
    [
        (0x0002, IfxType.INT, True, False),
        (0x0102, IfxType.INT, False, False),
        (0x0802, IfxType.INT, True, True),
        (0x0900, IfxType.CHAR, False, True),
        (0x0829, IfxType.UDTFIXED, True, True),
        (0x1100 - 0x10000, IfxType.CHAR, False, False),  # read as a signed short: other flags
    ],
)
def test_type_short_flags(type_short: int, code: int, nullable: bool, distinct: bool) -> None:
    t = ColumnType.from_type_short(type_short, 4)
    assert (t.code, t.nullable, t.distinct) == (code, nullable, distinct)


def test_plain_columns_are_not_distinct() -> None:
    assert not ColumnType.simple(IfxType.INT).distinct
    assert ColumnType.simple(IfxType.INT, nullable=False).type_short() == 0x0102
    assert ColumnType(IfxType.INT, 4, distinct=True).type_short() == 0x0802
