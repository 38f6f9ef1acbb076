"""Row encoders: a Python value -> the bytes of one column inside an SQ_TUPLE payload.

This is the server side of sqli-types.md §3-§4: in-band NULL forms,
normalized DECIMAL, canonical DATETIME/INTERVAL and the text forms of the
UDT family (binary BOOLEAN only for statements whose SQ_RET_TYPE asked for
type 45). Values that do not fit raise instead of being truncated: the
truncation policy belongs to the caller.
"""

from __future__ import annotations

import codecs
import datetime as dt
import struct
from collections.abc import Callable, Sequence
from decimal import Decimal

from ..codes import IfxType
from ..coltype import ColumnType
from .errors import UnsupportedType, UnsupportedValue, ValueCodecError, ValueOutOfRange
from .packed import decimal_row
from .scalars import (
    BLOB_DESCRIPTOR_SIZE,
    ENVELOPE_CODES,
    BlobDescriptor,
    boolean_body,
    encode_text,
    int8_to_bytes,
    type_label,
)
from .temporal import (
    DATE_NULL,
    date_to_days,
    datetime_value_to_packed,
    days_to_date,
    interval_value_to_packed,
    layout,
)

Encoder = Callable[[object], bytes]

ENVELOPE_NULL = b"\x01\x00\x00\x00\x00"
_INT4 = struct.Struct(">i")
_INT_TYPES: dict[int, tuple[str, int]] = {
    IfxType.SMALLINT: (">h", 15),
    IfxType.INT: (">i", 31),
    IfxType.SERIAL: (">i", 31),
    IfxType.BIGINT: (">q", 63),
    IfxType.BIGSERIAL: (">q", 63),
}


def _reject(value: object, label: str) -> UnsupportedValue:
    return UnsupportedValue(f"cannot store {type(value).__name__} {value!r} in {label}")


def _int_encoder(fmt: str, bits: int, label: str) -> Encoder:
    pack = struct.Struct(fmt).pack
    limit = 2**bits - 1  # -2**bits is the NULL sentinel, not a storable value
    null = pack(-limit - 1)

    def encode(value: object) -> bytes:
        if value is None:
            return null
        if not isinstance(value, int):
            raise _reject(value, label)
        if not -limit <= value <= limit:
            raise ValueOutOfRange(f"{value} is outside the {label} range ±{limit}")
        return pack(value)

    return encode


def _int8_encoder(label: str) -> Encoder:
    def encode(value: object) -> bytes:
        if value is not None and not isinstance(value, int):
            raise _reject(value, label)
        return int8_to_bytes(value)

    return encode


def _float_encoder(fmt: str, label: str) -> Encoder:
    packer = struct.Struct(fmt)
    null = b"\xff" * packer.size

    def encode(value: object) -> bytes:
        if value is None:
            return null
        if not isinstance(value, (int, float, Decimal)):
            raise _reject(value, label)
        try:
            return packer.pack(float(value))
        except (OverflowError, struct.error):
            raise ValueOutOfRange(f"{value} is outside the {label} range") from None

    return encode


def _decimal_encoder(col: ColumnType, label: str) -> Encoder:
    null = bytes(col.row_width())

    def encode(value: object) -> bytes:
        if value is None:
            return null
        if isinstance(value, float):
            value = Decimal(repr(value))  # the shortest text that reads back as the float
        if not isinstance(value, (int, Decimal)):
            raise _reject(value, label)
        return decimal_row(value, col.length)

    return encode


def _date_encoder(label: str) -> Encoder:
    pack = _INT4.pack
    null = pack(DATE_NULL)

    def encode(value: object) -> bytes:
        if value is None:
            return null
        if isinstance(value, dt.date):
            return pack(date_to_days(value))
        if isinstance(value, int):
            days_to_date(value)  # range check: 0001-01-01 .. 9999-12-31
            return pack(value)
        raise _reject(value, label)

    return encode


def _temporal_encoder(col: ColumnType, to_packed: Callable[[object, int], bytes]) -> Encoder:
    layout(col.length)  # reject an impossible qualifier at build time
    width, q = col.row_width(), col.length
    null = bytes(width)

    def encode(value: object) -> bytes:
        return null if value is None else to_packed(value, q).ljust(width, b"\x00")

    return encode


def _text_bytes(value: object, encoding: str, label: str) -> bytes:
    if not isinstance(value, str):
        raise _reject(value, label)
    raw = encode_text(value, encoding)
    if b"\x00" in raw:  # a leading NUL is the NULL form; the doc says reject NULs
        raise ValueOutOfRange(f"{value!r} contains a NUL character, which {label} cannot hold")
    return raw


def _char_encoder(col: ColumnType, encoding: str, label: str) -> Encoder:
    n = col.length
    null = b"\x00" + b" " * (n - 1)

    def encode(value: object) -> bytes:
        if value is None:
            return null
        raw = _text_bytes(value, encoding, label)
        if len(raw) > n:
            raise ValueOutOfRange(f"{value!r} needs {len(raw)} bytes; {label} holds {n}")
        return raw.ljust(n, b" ")

    return encode


def _varchar_encoder(col: ColumnType, encoding: str, label: str) -> Encoder:
    maximum = (col.length & 0xFF) or 255  # a catalog-style min/max pair keeps max in the low byte

    def encode(value: object) -> bytes:
        if value is None:
            return b"\x01\x00"
        raw = _text_bytes(value, encoding, label)
        if len(raw) > maximum:
            raise ValueOutOfRange(f"{value!r} needs {len(raw)} bytes; {label} holds {maximum}")
        return bytes([len(raw)]) + raw

    return encode


def _envelope_encoder(col: ColumnType, encoding: str, binary_bool: bool, label: str) -> Encoder:
    def body_of(value: object) -> bytes:
        if col.is_boolean:
            if isinstance(value, int) and value in (0, 1):
                return boolean_body(bool(value), binary_bool)
            raise _reject(value, label)
        if isinstance(value, str):
            return encode_text(value, encoding)
        if isinstance(value, (bytes, bytearray, memoryview)) and not col.is_lvarchar:
            return bytes(value)  # an opaque type's raw form (e.g. a LOB locator)
        raise _reject(value, label)

    def encode(value: object) -> bytes:
        if value is None:
            return ENVELOPE_NULL
        body = body_of(value)
        return b"\x00" + _INT4.pack(len(body)) + body

    return encode


def _blob_encoder(label: str) -> Encoder:
    null = BlobDescriptor.null().raw

    def encode(value: object) -> bytes:
        if value is None:
            return null
        if isinstance(value, BlobDescriptor):
            return value.raw
        if isinstance(value, (bytes, bytearray)) and len(value) == BLOB_DESCRIPTOR_SIZE:
            return bytes(value)
        raise _reject(value, label)

    return encode


def column_encoder(col: ColumnType, encoding: str, *, binary_bool: bool = False) -> Encoder:
    """An encoder `value -> row bytes` for one column (None gives the NULL form)."""
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise UnsupportedType(f"unknown character encoding {encoding!r}") from None
    code, label = col.code & 0xFF, type_label(col)
    if code in _INT_TYPES:
        return _int_encoder(*_INT_TYPES[code], label)
    if code in (IfxType.INT8, IfxType.SERIAL8):
        return _int8_encoder(label)
    if code in (IfxType.FLOAT, IfxType.SMALLFLOAT):
        return _float_encoder(">d" if code == IfxType.FLOAT else ">f", label)
    if code in (IfxType.DECIMAL, IfxType.MONEY):
        return _decimal_encoder(col, label)
    if code == IfxType.DATE:
        return _date_encoder(label)
    if code == IfxType.DATETIME:
        return _temporal_encoder(col, datetime_value_to_packed)
    if code == IfxType.INTERVAL:
        return _temporal_encoder(col, interval_value_to_packed)
    if code in (IfxType.CHAR, IfxType.NCHAR) and col.length > 0:
        return _char_encoder(col, encoding, label)
    if code in (IfxType.VARCHAR, IfxType.NVARCHAR):
        return _varchar_encoder(col, encoding, label)
    if code in (IfxType.BYTE, IfxType.TEXT):
        return _blob_encoder(label)
    if code in ENVELOPE_CODES:
        return _envelope_encoder(col, encoding, binary_bool, label)
    raise UnsupportedType(f"no row encoder for {label}")


def encode_row(encoders: Sequence[Encoder], values: Sequence[object]) -> bytes:
    """The SQ_TUPLE payload for one row (without the size prefix or even pad)."""
    if len(encoders) != len(values):
        raise ValueCodecError(f"row has {len(values)} values for {len(encoders)} columns")
    return b"".join([encode(value) for encode, value in zip(encoders, values, strict=True)])
