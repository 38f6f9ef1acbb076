"""Small codecs shared by the row and bind layers: text, INT8, BOOLEAN, BYTE/TEXT descriptors."""

from __future__ import annotations

import struct
from dataclasses import dataclass

from ..codes import IfxType
from ..coltype import ColumnType
from .errors import BadLiteral, UnencodableString, ValueOutOfRange
from .packed import Buffer

INT8_NULL = bytes(10)
INT8_MAX = 2**63 - 1  # -2**63 is JDBC's internal NULL, so the range is symmetric
BLOB_DESCRIPTOR_SIZE = 56
BLOB_NULL_FLAG = 0x0001
_TB_SIZE = struct.Struct(">i")  # tb_size at offset 16
_INT8_PARTS = struct.Struct(">hII")

# UDT-family codes whose row value is the `[u8 ind][int n][n bytes]` envelope (§3.2).
ENVELOPE_CODES = frozenset(
    {
        IfxType.SET,
        IfxType.MULTISET,
        IfxType.LIST,
        IfxType.ROW,
        IfxType.COLLECTION,
        IfxType.UDTVAR,
        IfxType.UDTFIXED,
        IfxType.LVARCHAR,
        IfxType.SENDRECV,
        IfxType.BOOL,
        IfxType.IMPEXP,
        IfxType.IMPEXPBIN,
    }
)


def type_label(col: ColumnType) -> str:
    """`DECIMAL(8,2)`-style name for messages; never fails on an unknown code."""
    try:
        return col.sql_name()
    except ValueError:
        return f"type code {col.code}"


# -- text ---------------------------------------------------------------------
def encode_text(value: str, encoding: str) -> bytes:
    """Encode with the connection codec, naming the first character that does not fit."""
    try:
        return value.encode(encoding)
    except UnicodeEncodeError as exc:
        bad = value[exc.start]
        raise UnencodableString(
            f"character {bad!r} (U+{ord(bad):04X}) at position {exc.start} of {value!r} "
            f"cannot be encoded in {encoding}"
        ) from None


def decode_text(raw: Buffer, encoding: str) -> str:
    try:
        return str(raw, encoding)
    except UnicodeDecodeError as exc:
        raise UnencodableString(
            f"bytes {bytes(raw[exc.start : exc.end]).hex(' ')!r} at position {exc.start} "
            f"are not valid {encoding}"
        ) from None


# -- INT8 / SERIAL8 (§4.3) ------------------------------------------------------
def int8_to_bytes(value: int | None) -> bytes:
    """10-byte sign-magnitude: sign word (00 01 / ff ff; 00 00 = NULL), low, high words."""
    if value is None:
        return INT8_NULL
    if not -INT8_MAX <= value <= INT8_MAX:
        raise ValueOutOfRange(f"{value} is outside the INT8 range ±(2**63-1)")
    magnitude = abs(value)
    return _INT8_PARTS.pack(-1 if value < 0 else 1, magnitude & 0xFFFFFFFF, magnitude >> 32)


def int8_from_parts(sign: int, low: int, high: int) -> int | None:
    """JDBC's rule: sign word 0 is NULL, -1 (ff ff) negative, anything else positive."""
    if sign == 0:
        return None
    magnitude = (high << 32) | low
    return -magnitude if sign == -1 else magnitude


def int8_from_bytes(data: Buffer) -> int | None:
    if len(data) != len(INT8_NULL):
        raise ValueOutOfRange(f"INT8 needs 10 bytes, got {len(data)}")
    return int8_from_parts(*_INT8_PARTS.unpack(data))


# -- BOOLEAN (§4.12) ------------------------------------------------------------
def boolean_from_body(body: Buffer) -> bool | None:
    """Envelope body: text `t`/`f` (no SQ_RET_TYPE) or binary 01/00, ff = NULL."""
    if len(body) >= 1:
        first = body[0]
        if first in b"tT\x01":
            return True
        if first in b"fF\x00":
            return False
        if first == 0xFF:
            return None
    raise BadLiteral(f"BOOLEAN body {bytes(body).hex(' ')!r} is neither t/f nor 01/00")


def boolean_body(value: bool, binary: bool) -> bytes:
    if binary:
        return b"\x01" if value else b"\x00"
    return b"t" if value else b"f"


# -- BYTE / TEXT descriptor (§4.13) ---------------------------------------------
@dataclass(frozen=True, slots=True)
class BlobDescriptor:
    """The 56-byte `tblob` a row carries for BYTE/TEXT; the contents move separately."""

    raw: bytes
    size: int
    is_null: bool

    @classmethod
    def from_bytes(cls, raw: Buffer) -> BlobDescriptor:
        if len(raw) != BLOB_DESCRIPTOR_SIZE:
            raise ValueOutOfRange(f"a BYTE/TEXT descriptor has 56 bytes, got {len(raw)}")
        data = bytes(raw)
        flags = int.from_bytes(data[38:40], "big")
        return cls(data, _TB_SIZE.unpack_from(data, 16)[0], flags == BLOB_NULL_FLAG)

    @classmethod
    def from_row(cls, raw: Buffer) -> BlobDescriptor | None:
        """Row decoding: a NULL descriptor is SQL NULL."""
        descriptor = cls.from_bytes(raw)
        return None if descriptor.is_null else descriptor

    @classmethod
    def build(cls, size: int, handle: bytes = b"") -> BlobDescriptor:
        """Server side: `handle` (<= 8 bytes) identifies the value. JDBC sizes its buffer
        as tb_end - tb_start + 1, so an empty value has tb_end -1 (JDBC then reads b"")."""
        if len(handle) > 8 or not 0 <= size <= 0x7FFFFFFF:
            raise ValueOutOfRange(f"cannot describe a {size}-byte blob with handle {handle!r}")
        tail = struct.pack(">iii", 0, size - 1, size)  # tb_start, tb_end, tb_size
        raw = handle.ljust(8, b"\x00") + tail + bytes(BLOB_DESCRIPTOR_SIZE - 20)
        return cls(raw, size, False)

    @classmethod
    def for_bind(cls, size: int) -> BlobDescriptor:
        """Client side: only tb_size is meaningful, every other byte is zero (§4.13)."""
        if not 0 <= size <= 0x7FFFFFFF:
            raise ValueOutOfRange(f"a BYTE parameter of {size} bytes is too large")
        raw = bytes(16) + _TB_SIZE.pack(size) + bytes(BLOB_DESCRIPTOR_SIZE - 20)
        return cls(raw, size, False)

    @classmethod
    def null(cls) -> BlobDescriptor:
        raw = bytearray(BLOB_DESCRIPTOR_SIZE)
        raw[39] = BLOB_NULL_FLAG
        return cls(bytes(raw), 0, True)
