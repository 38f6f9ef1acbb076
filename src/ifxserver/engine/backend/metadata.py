"""The `informix.schema_*` catalog routines IBM's JDBC driver calls for DatabaseMetaData.

`getColumns` selects from syscolumns through these functions (owner
`informix`), so every database must answer them. They map a syscolumns row
(coltype with its NOT NULL flag, extended_id, collength) to the JDBC column
facts: java.sql.Types code, type name, size, scale, radix, nullability,
datetime sub-code, octet length and auto-increment. The numbers match what
IBM's driver itself reports in ResultSetMetaData for the same column types
(checked by the conformance tests), so both metadata paths agree.
"""

from __future__ import annotations

from collections.abc import Callable

from informix_db.protocol.codes import FLAG_NOT_NULL, TYPE_MASK, IfxType, Xid

from ..types.info import INT_CODES, SERIAL_CODES

# java.sql.Types
_CHAR, _VARCHAR, _LONGVARCHAR, _NUMERIC_DECIMAL = 1, 12, -1, 3
_JAVA_TYPES: dict[int, int] = {
    IfxType.CHAR: _CHAR,
    IfxType.SMALLINT: 5,
    IfxType.INT: 4,
    IfxType.FLOAT: 8,
    IfxType.SMALLFLOAT: 7,
    IfxType.DECIMAL: _NUMERIC_DECIMAL,
    IfxType.SERIAL: 4,
    IfxType.DATE: 91,
    IfxType.MONEY: _NUMERIC_DECIMAL,
    IfxType.DATETIME: 93,
    IfxType.BYTE: -4,
    IfxType.TEXT: _LONGVARCHAR,
    IfxType.VARCHAR: _VARCHAR,
    IfxType.INTERVAL: _CHAR,
    IfxType.NCHAR: _CHAR,
    IfxType.NVARCHAR: _VARCHAR,
    IfxType.INT8: -5,
    IfxType.SERIAL8: -5,
    IfxType.BIGINT: -5,
    IfxType.BIGSERIAL: -5,
}
_OPAQUE_JAVA_TYPES: dict[int, int] = {
    Xid.LVARCHAR: _LONGVARCHAR,
    Xid.BOOLEAN: 16,
    Xid.BLOB: 2004,
    Xid.CLOB: 2005,
}
_NAMES: dict[int, str] = {
    IfxType.CHAR: "CHAR",
    IfxType.SMALLINT: "SMALLINT",
    IfxType.INT: "INTEGER",
    IfxType.FLOAT: "FLOAT",
    IfxType.SMALLFLOAT: "SMALLFLOAT",
    IfxType.DECIMAL: "DECIMAL",
    IfxType.SERIAL: "SERIAL",
    IfxType.DATE: "DATE",
    IfxType.MONEY: "MONEY",
    IfxType.DATETIME: "DATETIME",
    IfxType.BYTE: "BYTE",
    IfxType.TEXT: "TEXT",
    IfxType.VARCHAR: "VARCHAR",
    IfxType.INTERVAL: "INTERVAL",
    IfxType.NCHAR: "NCHAR",
    IfxType.NVARCHAR: "NVARCHAR",
    IfxType.INT8: "INT8",
    IfxType.SERIAL8: "SERIAL8",
    IfxType.BIGINT: "BIGINT",
    IfxType.BIGSERIAL: "BIGSERIAL",
}
_OPAQUE_NAMES: dict[int, str] = {
    Xid.LVARCHAR: "LVARCHAR",
    Xid.BOOLEAN: "BOOLEAN",
    Xid.BLOB: "BLOB",
    Xid.CLOB: "CLOB",
}
_FIXED_SIZES: dict[int, int] = {
    IfxType.SMALLINT: 5,
    IfxType.INT: 10,
    IfxType.SERIAL: 10,
    IfxType.FLOAT: 15,
    IfxType.SMALLFLOAT: 7,
    IfxType.DATE: 10,
    IfxType.INT8: 19,
    IfxType.SERIAL8: 19,
    IfxType.BIGINT: 19,
    IfxType.BIGSERIAL: 19,
    IfxType.BYTE: 2147483647,
    IfxType.TEXT: 2147483647,
}
_CHARACTER = (IfxType.CHAR, IfxType.NCHAR, IfxType.VARCHAR, IfxType.NVARCHAR)
_FRACTION_START = 11  # qualifier code of FRACTION(1)
_SECOND = 10


def _int(value: object) -> int:
    return int(value) if isinstance(value, (int, float, str)) else 0


def _base(coltype: object) -> int:
    return _int(coltype) & TYPE_MASK


def _length(collength: object) -> int:
    value = _int(collength)
    return value + 65536 if value < 0 else value


def data_type(coltype: object, xid: object, _odbc: object = 0) -> int:
    code = _base(coltype)
    if code in (IfxType.UDTVAR, IfxType.UDTFIXED):
        return _OPAQUE_JAVA_TYPES.get(_int(xid), 1111)
    return _JAVA_TYPES.get(code, 1111)  # OTHER


def type_name(coltype: object, xid: object) -> str:
    code = _base(coltype)
    if code in (IfxType.UDTVAR, IfxType.UDTFIXED):
        return _OPAQUE_NAMES.get(_int(xid), "UDT")
    return _NAMES.get(code, "UNKNOWN")


def _temporal_width(collength: int) -> int:
    """Characters of the text form: digits plus one separator between fields."""
    digits, start, end = collength >> 8, (collength >> 4) & 0xF, collength & 0xF
    whole_end = min(end, _SECOND)
    fields = (whole_end - start) // 2 + 1 + (1 if end >= _FRACTION_START else 0)
    return digits + fields - 1


def precision(coltype: object, xid: object, collength: object) -> int | None:
    """COLUMN_SIZE: digits for numbers, characters for strings and temporal text."""
    code, length = _base(coltype), _length(collength)
    if code in _FIXED_SIZES:
        return _FIXED_SIZES[code]
    if code in (IfxType.DECIMAL, IfxType.MONEY):
        return length >> 8
    if code in (IfxType.CHAR, IfxType.NCHAR):
        return length
    if code in (IfxType.VARCHAR, IfxType.NVARCHAR):
        return length & 0xFF
    if code in (IfxType.DATETIME, IfxType.INTERVAL):
        return _temporal_width(length)
    if code in (IfxType.UDTVAR, IfxType.UDTFIXED):
        return 1 if _int(xid) == Xid.BOOLEAN else length
    return length


def numeric_scale(coltype: object, collength: object) -> int | None:
    code, length = _base(coltype), _length(collength)
    if code in INT_CODES:
        return 0
    if code in (IfxType.DECIMAL, IfxType.MONEY):
        scale = length & 0xFF
        return None if scale == 255 else scale
    if code == IfxType.DATETIME:
        end = length & 0xF
        return end - _SECOND if end > _SECOND else 0
    return None


def radix(coltype: object) -> int | None:
    code = _base(coltype)
    if code in (IfxType.FLOAT, IfxType.SMALLFLOAT):
        return 2
    if code in INT_CODES or code in (IfxType.DECIMAL, IfxType.MONEY):
        return 10
    return None


def is_nullable(coltype: object) -> int:
    """DatabaseMetaData.columnNoNulls (0) or columnNullable (1)."""
    return 0 if _int(coltype) & FLAG_NOT_NULL else 1


def nullable_word(coltype: object) -> str:
    return "YES" if is_nullable(coltype) else "NO"


def datetime_sub(coltype: object, collength: object) -> int | None:
    """SQL_DATETIME_SUB: 1 date, 2 time, 3 timestamp; ODBC interval codes for INTERVAL."""
    code, length = _base(coltype), _length(collength)
    if code == IfxType.DATE:
        return 1
    if code == IfxType.DATETIME:
        return 2 if (length >> 4) & 0xF >= 6 else 3
    if code == IfxType.INTERVAL:
        return 7 if (length >> 4) & 0xF <= 2 else 10
    return None


def octet_length(coltype: object, xid: object, collength: object) -> int | None:
    code = _base(coltype)
    if code in _CHARACTER or (code == IfxType.UDTVAR and _int(xid) == Xid.LVARCHAR):
        return precision(coltype, xid, collength)
    return None


def auto_increment(coltype: object) -> str:
    return "YES" if _base(coltype) in SERIAL_CODES else "NO"


def default_value(coltype: object, xid: object, collength: object, text: object) -> object:
    """COLUMN_DEF of a literal default: the text sysdefaults holds."""
    return None if text is None else str(text).rstrip()


ROUTINES: dict[str, Callable[..., object]] = {
    "get_data_type": data_type,
    "schema_coltypename": type_name,
    "schema_precision": precision,
    "schema_numscale": numeric_scale,
    "schema_numprecradix": radix,
    "schema_isnullable": is_nullable,
    "schema_nullable": nullable_word,
    "schema_datetype": datetime_sub,
    "schema_charlen": octet_length,
    "schema_isautoincr": auto_increment,
    "get_default_value": default_value,
}
