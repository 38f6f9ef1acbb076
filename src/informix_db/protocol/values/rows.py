"""Row (SQ_TUPLE payload) decoders: one checked decoder per column, one fast
straight-line decoder per result shape.

Framing rules: sqli-types.md §3. Values are packed back to back with in-band
NULLs; a decoder must consume the payload exactly. The compiled decoder
skips per-column bounds checks and trusts one final length comparison; on any
failure it re-runs the checked decoders, which name the column at fault.
"""

from __future__ import annotations

import codecs
import datetime as dt
import struct
from collections.abc import Callable, Sequence
from typing import Any

from ..codes import IfxType
from ..coltype import ColumnType
from .encoders import column_encoder, encode_row
from .errors import RowFramingError, UnsupportedType, ValueCodecError
from .packed import Buffer, decimal_decoder
from .scalars import (
    ENVELOPE_CODES,
    BlobDescriptor,
    boolean_from_body,
    decode_text,
    int8_from_bytes,
    int8_from_parts,
    int8_to_bytes,
    type_label,
)
from .temporal import (
    DATE_NULL,
    EPOCH_ORDINAL,
    datetime_decoder,
    days_to_date,
    layout,
    packed_to_interval,
)

__all__ = [
    "BlobDescriptor",
    "ColumnDecoder",
    "RowDecoder",
    "column_decoder",
    "column_encoder",
    "compile_row_decoder",
    "encode_row",
    "int8_from_bytes",
    "int8_to_bytes",
]

ColumnDecoder = Callable[[Buffer, int], tuple[object, int]]
RowDecoder = Callable[[Buffer], tuple[object, ...]]

_INT4 = struct.Struct(">i")


# -- per-family column plans --------------------------------------------------
class _Column:
    """How one column is framed (checked `decode`) and how its fast code reads."""

    def __init__(self, col: ColumnType) -> None:
        self.label = type_label(col)

    def short(self, buf: Buffer, off: int, need: int) -> RowFramingError:
        return RowFramingError(
            f"{self.label} needs {need} bytes at offset {off} but the payload has {len(buf)}"
        )

    def decode(self, buf: Buffer, off: int) -> tuple[object, int]:
        raise NotImplementedError

    def emit(self, i: int, ns: dict[str, Any]) -> list[str]:
        raise NotImplementedError


class _Fixed(_Column):
    """Fixed-width numbers; consecutive ones share one struct unpack in fast code."""

    def __init__(self, col: ColumnType, fmt: str, null: object) -> None:
        super().__init__(col)
        self.fmt, self.null = fmt, null
        self.unpack = struct.Struct(">" + fmt).unpack_from
        self.width = struct.calcsize(">" + fmt)

    def decode(self, buf: Buffer, off: int) -> tuple[object, int]:
        if off + self.width > len(buf):
            raise self.short(buf, off, self.width)
        parts = self.unpack(buf, off)
        return self.convert(parts, buf[off : off + self.width]), off + self.width

    def convert(self, parts: tuple[Any, ...], raw: Buffer) -> object:
        return None if parts[0] == self.null else parts[0]

    def post(self, var: str, rel: str, ns: dict[str, Any]) -> list[str]:
        """Fast-code lines turning the unpacked `var` into the value (rel = offset expr)."""
        return [f"if {var} == {self.null!r}: {var} = None"]


class _Float(_Fixed):
    def convert(self, parts: tuple[Any, ...], raw: Buffer) -> object:
        return None if raw == b"\xff" * self.width else parts[0]

    def post(self, var: str, rel: str, ns: dict[str, Any]) -> list[str]:
        ones = b"\xff" * self.width
        return [f"if {var} != {var} and buf[{rel}:{rel} + {self.width}] == {ones!r}: {var} = None"]


class _Date(_Fixed):
    def convert(self, parts: tuple[Any, ...], raw: Buffer) -> object:
        return None if parts[0] == self.null else days_to_date(parts[0])

    def post(self, var: str, rel: str, ns: dict[str, Any]) -> list[str]:
        ns["_fromordinal"] = dt.date.fromordinal
        return [f"{var} = None if {var} == {self.null} else _fromordinal({var} + {EPOCH_ORDINAL})"]


class _Int8(_Fixed):
    def convert(self, parts: tuple[Any, ...], raw: Buffer) -> object:
        return int8_from_parts(*parts)

    def post(self, var: str, rel: str, ns: dict[str, Any]) -> list[str]:
        ns["_int8"] = int8_from_parts
        return [f"{var} = _int8({var}_0, {var}_1, {var}_2)"]


class _Char(_Column):
    """CHAR/NCHAR: n bytes, NULL when the first byte is 00."""

    def __init__(self, col: ColumnType, encoding: str, trim: bool) -> None:
        super().__init__(col)
        if col.length <= 0:
            raise UnsupportedType(f"{self.label} has no width")
        self.n, self.encoding, self.trim = col.length, encoding, trim

    def decode(self, buf: Buffer, off: int) -> tuple[object, int]:
        end = off + self.n
        if end > len(buf):
            raise self.short(buf, off, self.n)
        if buf[off] == 0:
            return None, end
        text = decode_text(buf[off:end], self.encoding)
        return (text.rstrip(" ") if self.trim else text), end

    def emit(self, i: int, ns: dict[str, Any]) -> list[str]:
        trim = '.rstrip(" ")' if self.trim else ""
        return [
            f"v{i} = buf[o:o + {self.n}]",
            f"o += {self.n}",
            f"v{i} = None if v{i}[0] == 0 else str(v{i}, {self.encoding!r}){trim}",
        ]


class _Varchar(_Column):
    """VARCHAR/NVARCHAR: [u8 n][n bytes]; NULL is `01 00`."""

    def __init__(self, col: ColumnType, encoding: str) -> None:
        super().__init__(col)
        self.encoding = encoding

    def decode(self, buf: Buffer, off: int) -> tuple[object, int]:
        if off >= len(buf):
            raise self.short(buf, off, 1)
        n = buf[off]
        end = off + 1 + n
        if end > len(buf):
            raise self.short(buf, off, 1 + n)
        if n == 1 and buf[off + 1] == 0:
            return None, end
        return decode_text(buf[off + 1 : end], self.encoding), end

    def emit(self, i: int, ns: dict[str, Any]) -> list[str]:
        return [
            "n = buf[o]",
            f"v{i} = buf[o + 1:o + 1 + n]",
            "o += 1 + n",
            f"v{i} = None if n == 1 and v{i}[0] == 0 else str(v{i}, {self.encoding!r})",
        ]


class _Envelope(_Column):
    """UDT family: [u8 indicator][int n][n bytes]; indicator 1 = NULL (JDBC's test)."""

    def __init__(self, col: ColumnType, convert: Callable[[Buffer], object]) -> None:
        super().__init__(col)
        self.convert = convert

    def decode(self, buf: Buffer, off: int) -> tuple[object, int]:
        if off + 5 > len(buf):
            raise self.short(buf, off, 5)
        n = _INT4.unpack_from(buf, off + 1)[0]
        if n < 0:
            raise RowFramingError(f"{self.label} envelope length {n} at offset {off} is negative")
        end = off + 5 + n
        if end > len(buf):
            raise self.short(buf, off, 5 + n)
        return (None if buf[off] == 1 else self.convert(buf[off + 5 : end])), end

    def emit(self, i: int, ns: dict[str, Any]) -> list[str]:
        ns[f"_conv{i}"] = self.convert
        ns["_int4"] = _INT4.unpack_from
        return [
            "n = _int4(buf, o + 1)[0]",
            "if n < 0: raise _Resync",
            f"v{i} = None if buf[o] == 1 else _conv{i}(buf[o + 5:o + 5 + n])",
            "o += 5 + n",
        ]


class _Slice(_Column):
    """A fixed-width slice handed to a converter: packed types and BYTE/TEXT."""

    def __init__(self, col: ColumnType, width: int, convert: Callable[[Buffer], object]) -> None:
        super().__init__(col)
        self.width, self.convert = width, convert

    def decode(self, buf: Buffer, off: int) -> tuple[object, int]:
        end = off + self.width
        if end > len(buf):
            raise self.short(buf, off, self.width)
        return self.convert(buf[off:end]), end

    def emit(self, i: int, ns: dict[str, Any]) -> list[str]:
        ns[f"_conv{i}"] = self.convert
        return [f"v{i} = _conv{i}(buf[o:o + {self.width}])", f"o += {self.width}"]


# -- choosing a plan ------------------------------------------------------------
_INT_FORMATS: dict[int, tuple[str, int]] = {
    IfxType.SMALLINT: ("h", -0x8000),
    IfxType.INT: ("i", -0x80000000),
    IfxType.SERIAL: ("i", -0x80000000),
    IfxType.BIGINT: ("q", -0x8000000000000000),
    IfxType.BIGSERIAL: ("q", -0x8000000000000000),
}


def _packed_converter(col: ColumnType) -> Callable[[Buffer], object]:
    code, length = col.code & 0xFF, col.length
    if code in (IfxType.DECIMAL, IfxType.MONEY):
        return decimal_decoder(length)
    if code == IfxType.DATETIME:
        return datetime_decoder(length)
    layout(length)  # reject an impossible qualifier now, not on the first row
    return lambda raw: packed_to_interval(raw, length)


def _udt_converter(col: ColumnType, encoding: str) -> Callable[[Buffer], object]:
    if col.is_boolean:
        return boolean_from_body
    if col.is_lvarchar:

        def lvarchar(body: Buffer) -> str:
            if len(body) and body[-1] == 0:  # JDBC drops one trailing NUL
                body = body[:-1]
            return decode_text(body, encoding)

        return lvarchar
    return lambda body: decode_text(body, encoding)  # other opaque types: their text form


def _plan(col: ColumnType, encoding: str, trim_char: bool) -> _Column:
    code = col.code & 0xFF
    if code in _INT_FORMATS:
        return _Fixed(col, *_INT_FORMATS[code])
    if code in (IfxType.INT8, IfxType.SERIAL8):
        return _Int8(col, "hII", None)
    if code in (IfxType.FLOAT, IfxType.SMALLFLOAT):
        return _Float(col, "d" if code == IfxType.FLOAT else "f", None)
    if code == IfxType.DATE:
        return _Date(col, "i", DATE_NULL)
    if code in (IfxType.CHAR, IfxType.NCHAR):
        return _Char(col, encoding, trim_char)
    if code in (IfxType.VARCHAR, IfxType.NVARCHAR):
        return _Varchar(col, encoding)
    if code in (IfxType.DECIMAL, IfxType.MONEY, IfxType.DATETIME, IfxType.INTERVAL):
        return _Slice(col, col.row_width(), _packed_converter(col))
    if code in (IfxType.BYTE, IfxType.TEXT):
        return _Slice(col, 56, BlobDescriptor.from_row)
    if code in ENVELOPE_CODES:
        return _Envelope(col, _udt_converter(col, encoding))
    raise UnsupportedType(f"no row decoder for {type_label(col)}")


def _check_encoding(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise UnsupportedType(f"unknown character encoding {encoding!r}") from None


# -- public API -----------------------------------------------------------------
def column_decoder(col: ColumnType, encoding: str, *, trim_char: bool = False) -> ColumnDecoder:
    """A checked decoder `(payload, offset) -> (value, new offset)` for one column."""
    return _plan(col, _check_encoding(encoding), trim_char).decode


def compile_row_decoder(
    cols: Sequence[ColumnType], encoding: str, *, trim_char: bool = False
) -> RowDecoder:
    """A decoder for whole payloads of this result shape (built once, used per row)."""
    encoding = _check_encoding(encoding)
    plans = [_plan(col, encoding, trim_char) for col in cols]
    checked = _checked_row_decoder(plans)
    ns: dict[str, Any] = {"_Resync": RowFramingError, "_checked": checked}
    body = _emit_body(plans, ns)
    values = "".join(f"v{i}, " for i in range(len(plans)))
    source = "\n".join(
        [
            "def decode_row(buf):",
            "    if buf.__class__ is not bytes: buf = bytes(buf)  # bytes slices decode fastest",
            "    try:",
            "        o = 0",
            *(f"        {line}" for line in body),
            "        if o != len(buf): raise _Resync",
            "    except Exception:",
            "        return _checked(buf)  # names the column at fault",
            f"    return ({values})",
        ]
    )
    exec(compile(source, f"<row decoder {len(plans)} columns>", "exec"), ns)
    decoder: RowDecoder = ns["decode_row"]
    decoder.__doc__ = source  # handy when debugging a framing problem
    return decoder


def _emit_body(plans: list[_Column], ns: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    i = 0
    while i < len(plans):
        if not isinstance(plans[i], _Fixed):
            lines += plans[i].emit(i, ns)
            i += 1
            continue
        group_end = i
        while group_end < len(plans) and isinstance(plans[group_end], _Fixed):
            group_end += 1
        lines += _emit_fixed_group(i, plans[i:group_end], ns)  # type: ignore[arg-type]
        i = group_end
    return lines


def _emit_fixed_group(first: int, group: list[_Fixed], ns: dict[str, Any]) -> list[str]:
    fmt = ">" + "".join(p.fmt for p in group)
    ns[f"_unpack{first}"] = struct.Struct(fmt).unpack_from
    targets, post, rel = [], [], 0
    for index, plan in enumerate(group, first):
        parts = len(plan.fmt)  # INT8 unpacks as three numbers
        targets += [f"v{index}_{k}" for k in range(parts)] if parts > 1 else [f"v{index}"]
        post += plan.post(f"v{index}", f"o + {rel}", ns)
        rel += plan.width
    return [f"{', '.join(targets)}, = _unpack{first}(buf, o)", *post, f"o += {rel}"]


def _checked_row_decoder(plans: list[_Column]) -> RowDecoder:
    def decode_checked(buf: Buffer) -> tuple[object, ...]:
        values, off = [], 0
        for index, plan in enumerate(plans):
            try:
                value, off = plan.decode(buf, off)
            except ValueCodecError as exc:
                raise type(exc)(f"column {index + 1} ({plan.label}): {exc}") from None
            except (ValueError, ArithmeticError, IndexError, struct.error) as exc:
                raise ValueCodecError(f"column {index + 1} ({plan.label}): {exc!r}") from None
            values.append(value)
        if off != len(buf):
            raise RowFramingError(
                f"{len(plans)} columns consumed {off} bytes of a {len(buf)}-byte row payload"
            )
        return tuple(values)

    return decode_checked
