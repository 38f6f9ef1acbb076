"""SQ_BIND parameter blocks: the driver's Python -> bind mapping and the server's reader.

Block layout (sqli-types.md §5.1): `[short type]`, for UDT-family types the
owner and type name as short-length strings, `[short indicator]` (0 value,
-1 NULL, -2 DEFAULT), `[short prec]`, then the value bytes even-padded.
The reader accepts what our driver sends and what IBM JDBC sends (§10 item 3).
"""

from __future__ import annotations

import datetime as dt
import math
import struct
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from ...types import IntervalYM, Text
from ..buffer import ProtocolViolation, Reader, Writer
from ..codes import IfxType, is_udt_family
from .errors import UnsupportedType, UnsupportedValue, ValueOutOfRange
from .packed import MAX_DIGITS, decimal_to_packed, packed_to_decimal, round_significant
from .scalars import (
    ENVELOPE_CODES,
    BlobDescriptor,
    boolean_from_body,
    decode_text,
    encode_text,
    int8_from_bytes,
)
from .temporal import (
    DATE_NULL,
    date_to_days,
    datetime_fields_to_text,
    datetime_value_to_packed,
    days_to_date,
    interval_value_to_packed,
    layout,
    packed_to_datetime_fields,
    packed_to_interval_text,
)

INT_MAX = 2**31 - 1  # -2**31 is the INT NULL sentinel: send it as BIGINT
BIGINT_MAX = 2**63 - 1
CHAR_BIND_MAX = 0x7FFF  # keep the CHAR length prefix clear of the sign bit
PREC_INT, PREC_BIGINT = 0x0A00, 0x1300
Q_YEAR_TO_SECOND, Q_YEAR_TO_FRACTION5 = 0x0E0A, 0x130F
Q_HOUR_TO_SECOND, Q_HOUR_TO_FRACTION5 = 0x066A, 0x0B6F
Q_DAY9_TO_FRACTION5, Q_YEAR9_TO_MONTH = 0x144F, 0x0B02
_DOUBLE, _SINGLE = struct.Struct(">d"), struct.Struct(">f")

_PARAM_HEAD = struct.Struct(">hhH")  # type, indicator, precision
_INDICATOR_PREC = struct.Struct(">hH")


@dataclass(frozen=True, slots=True)
class BindValue:
    """One parameter as the driver sends it; `data` excludes the even pad, None = NULL.

    A BYTE/TEXT parameter's `data` is its descriptor; `blob` holds the value itself,
    streamed after SQ_BIND (SQ_BBIND/SQ_BLOB)."""

    type: int
    prec: int
    data: bytes | None
    xowner: bytes = b""
    xname: bytes = b""
    blob: bytes | None = None


@dataclass(frozen=True, slots=True)
class BoundParam:
    """One parameter as the server received it (`type` is the base code, flags stripped)."""

    type: int
    prec: int
    value: object
    is_default: bool = False


NULL_PARAM = BindValue(IfxType.CHAR, 0, None)


# -- driver side: Python -> BindValue --------------------------------------------
def _short_prefixed(data: bytes) -> bytes:
    return len(data).to_bytes(2, "big") + data


def _char(raw: bytes) -> BindValue:
    return BindValue(IfxType.CHAR, 0, _short_prefixed(raw))


def _encode_int(value: int) -> BindValue:
    if -INT_MAX <= value <= INT_MAX:
        return BindValue(IfxType.INT, PREC_INT, value.to_bytes(4, "big", signed=True))
    if -BIGINT_MAX <= value <= BIGINT_MAX:
        return BindValue(IfxType.BIGINT, PREC_BIGINT, value.to_bytes(8, "big", signed=True))
    raise ValueOutOfRange(f"integer {value} is outside the BIGINT range ±(2**63-1)")


def _encode_float(value: float) -> BindValue:
    if not math.isfinite(value):
        raise ValueOutOfRange(f"float {value} cannot be stored (NaN and infinity are rejected)")
    return BindValue(IfxType.FLOAT, 0, _DOUBLE.pack(value))


def _encode_str(value: str, encoding: str) -> BindValue:
    raw = encode_text(value, encoding)
    if len(raw) <= CHAR_BIND_MAX:
        return _char(raw)
    return BindValue(IfxType.LVARCHAR, 0, len(raw).to_bytes(4, "big") + raw)


def decimal_prec(value: Decimal) -> int:
    """`(digits << 8) | scale` of the smallest DECIMAL(p,s) holding the value, capped at 32."""
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    scale = max(0, -exponent)
    precision = max(1, max(0, len(digits) + exponent) + scale)
    return (min(precision, MAX_DIGITS) << 8) | min(scale, MAX_DIGITS)


def _encode_decimal(value: Decimal) -> BindValue:
    if not value.is_finite():
        raise ValueOutOfRange(f"Decimal {value} cannot be stored in a DECIMAL")
    if len(value.as_tuple().digits) > MAX_DIGITS:
        value = round_significant(value, MAX_DIGITS)
    return BindValue(
        IfxType.DECIMAL, decimal_prec(value), _short_prefixed(decimal_to_packed(value))
    )


def _encode_temporal(code: int, q: int, packed: bytes) -> BindValue:
    return BindValue(code, q, _short_prefixed(packed))


def _reject_aware(value: dt.datetime | dt.time) -> None:
    if value.tzinfo is not None:
        raise UnsupportedValue(
            f"timezone-aware {value!r} cannot be bound: Informix DATETIME has no zone; "
            "convert it to a naive local time first"
        )


def encode_param(value: object, encoding: str) -> BindValue:
    """The driver's Python -> SQ_BIND mapping (sqli-types.md §5.2)."""
    if value is None:
        return NULL_PARAM
    if isinstance(value, bool):  # before int: bool is an int
        return _char(b"t" if value else b"f")
    if isinstance(value, int):
        return _encode_int(value)
    if isinstance(value, float):
        return _encode_float(value)
    if isinstance(value, Text):  # before str: Text is a str
        return _blob(IfxType.TEXT, encode_text(value, encoding))
    if isinstance(value, str):
        return _encode_str(value, encoding)
    if isinstance(value, Decimal):
        return _encode_decimal(value)
    if isinstance(value, dt.datetime):  # before date: datetime is a date
        _reject_aware(value)
        q = Q_YEAR_TO_SECOND if value.microsecond == 0 else Q_YEAR_TO_FRACTION5
        return _encode_temporal(IfxType.DATETIME, q, datetime_value_to_packed(value, q))
    if isinstance(value, dt.date):
        return BindValue(IfxType.DATE, 0, date_to_days(value).to_bytes(4, "big", signed=True))
    if isinstance(value, dt.time):
        _reject_aware(value)
        q = Q_HOUR_TO_SECOND if value.microsecond == 0 else Q_HOUR_TO_FRACTION5
        return _encode_temporal(IfxType.DATETIME, q, datetime_value_to_packed(value, q))
    if isinstance(value, dt.timedelta):
        packed = interval_value_to_packed(value, Q_DAY9_TO_FRACTION5)
        return _encode_temporal(IfxType.INTERVAL, Q_DAY9_TO_FRACTION5, packed)
    if isinstance(value, IntervalYM):
        packed = interval_value_to_packed(value, Q_YEAR9_TO_MONTH)
        return _encode_temporal(IfxType.INTERVAL, Q_YEAR9_TO_MONTH, packed)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return _blob(IfxType.BYTE, value if isinstance(value, bytes) else bytes(value))
    raise UnsupportedValue(f"cannot bind a {type(value).__name__} ({value!r:.60})")


def _blob(code: int, payload: bytes) -> BindValue:
    """BYTE/TEXT: the descriptor (only tb_size set) in SQ_BIND, the bytes streamed after it."""
    return BindValue(code, 0, BlobDescriptor.for_bind(len(payload)).raw, blob=payload)


def write_bind_value(w: Writer, bv: BindValue) -> None:
    data = bv.data
    if is_udt_family(bv.type):
        w.short(bv.type).char2(bv.xowner).char2(bv.xname)
        w.buf += _INDICATOR_PREC.pack(0 if data is not None else -1, bv.prec)
    else:  # one pack for type, indicator and precision: binds are a hot path
        w.buf += _PARAM_HEAD.pack(bv.type, 0 if data is not None else -1, bv.prec & 0xFFFF)
    if data is not None:
        w.buf += data
        if len(data) & 1:
            w.buf.append(0)


# -- server side: bytes -> BoundParam ---------------------------------------------
ParamReader = Callable[[Reader, int, str, bytes], object]


def _read_char(r: Reader, prec: int, encoding: str, xname: bytes) -> object:
    return decode_text(r.padded(r.ushort()), encoding)


def _fixed(fmt: str, null: object) -> ParamReader:
    packer = struct.Struct(fmt)

    def read(r: Reader, prec: int, encoding: str, xname: bytes) -> object:
        value = packer.unpack(r.raw(packer.size))[0]
        return None if value == null else value

    return read


def _read_float(packer: struct.Struct) -> ParamReader:
    def read(r: Reader, prec: int, encoding: str, xname: bytes) -> object:
        raw = r.raw(packer.size)
        return None if raw == b"\xff" * packer.size else float(packer.unpack(raw)[0])

    return read


def _read_int8(r: Reader, prec: int, encoding: str, xname: bytes) -> object:
    return int8_from_bytes(r.raw(10))


def _read_date(r: Reader, prec: int, encoding: str, xname: bytes) -> object:
    days = r.int()
    return None if days == DATE_NULL else days_to_date(days)


def _packed_data(r: Reader, what: str) -> bytes:
    data = r.padded(r.length(r.short()))
    if len(data) < 2:
        raise ProtocolViolation(f"{what} bind value of {len(data)} bytes is too short")
    return data


def _read_decimal(r: Reader, prec: int, encoding: str, xname: bytes) -> object:
    return packed_to_decimal(_packed_data(r, "DECIMAL"))  # prec ignored: JDBC sends scale only


def _checked_qualifier(prec: int) -> int:
    try:
        layout(prec)
    except UnsupportedType as exc:
        raise ProtocolViolation(str(exc)) from None
    return prec


def _read_datetime(r: Reader, prec: int, encoding: str, xname: bytes) -> object:
    q = _checked_qualifier(prec)
    fields = packed_to_datetime_fields(_packed_data(r, "DATETIME"), q)
    return None if fields is None else datetime_fields_to_text(fields, q)


def _read_interval(r: Reader, prec: int, encoding: str, xname: bytes) -> object:
    q = _checked_qualifier(prec)
    return packed_to_interval_text(_packed_data(r, "INTERVAL"), q)


def _read_blob(r: Reader, prec: int, encoding: str, xname: bytes) -> object:
    return BlobDescriptor.from_bytes(r.raw(56))


def _udt_reader(code: int) -> ParamReader:
    def read(r: Reader, prec: int, encoding: str, xname: bytes) -> object:
        body = r.padded(r.length(r.int()))
        if code == IfxType.BOOL or xname.lower() == b"boolean":
            return boolean_from_body(body)
        if code == IfxType.LVARCHAR or xname.lower() == b"lvarchar":
            return decode_text(body[:-1] if body.endswith(b"\x00") else body, encoding)
        return body  # other opaque types (a LOB locator, ...): their raw bytes

    return read


_READERS: dict[int, ParamReader] = {
    IfxType.CHAR: _read_char,
    IfxType.VARCHAR: _read_char,
    IfxType.NCHAR: _read_char,
    IfxType.NVARCHAR: _read_char,
    IfxType.SMALLINT: _fixed(">h", -(2**15)),
    IfxType.INT: _fixed(">i", -(2**31)),
    IfxType.SERIAL: _fixed(">i", -(2**31)),
    IfxType.BIGINT: _fixed(">q", -(2**63)),
    IfxType.BIGSERIAL: _fixed(">q", -(2**63)),
    IfxType.INT8: _read_int8,
    IfxType.SERIAL8: _read_int8,
    IfxType.FLOAT: _read_float(_DOUBLE),
    IfxType.SMALLFLOAT: _read_float(_SINGLE),
    IfxType.DECIMAL: _read_decimal,
    IfxType.MONEY: _read_decimal,
    IfxType.DATE: _read_date,
    IfxType.DATETIME: _read_datetime,
    IfxType.INTERVAL: _read_interval,
    IfxType.BYTE: _read_blob,
    IfxType.TEXT: _read_blob,
    **{code: _udt_reader(code) for code in ENVELOPE_CODES},
}


def read_bind_value(r: Reader, encoding: str) -> BoundParam:
    """Parse one parameter block; `Incomplete` when the bytes run out."""
    type_short = r.short()
    code = type_short & 0xFF
    read = _READERS.get(code)
    if read is None:
        raise ProtocolViolation(f"unknown bind type code {type_short}")
    xname = b""
    if is_udt_family(code):
        r.char2()  # owner: not needed to decode the value
        xname = r.char2()
    indicator, prec = r.short(), r.ushort()
    if indicator == -1:
        return BoundParam(code, prec, None)
    if indicator == -2:
        return BoundParam(code, prec, None, is_default=True)
    if indicator != 0:
        raise ProtocolViolation(f"bind indicator {indicator} is not 0, -1 or -2")
    return BoundParam(code, prec, read(r, prec, encoding, xname))
