"""Facts about Informix types: families, integer ranges, constructors.

The engine describes every value with `informix_db`'s `ColumnType`; this
module groups type codes into the families the typer and the value layer
reason about (exact integer, float, decimal, character, temporal ...).
"""

from __future__ import annotations

import enum

from informix_db.protocol.codes import TU_F5, TU_YEAR, IfxType, Xid
from informix_db.protocol.coltype import ColumnType, qualifier_parts


class Family(enum.Enum):
    INT = "int"
    FLOAT = "float"
    DEC = "decimal"
    CHAR = "char"
    DATE = "date"
    DATETIME = "datetime"
    INTERVAL_YM = "interval year-month"
    INTERVAL_DF = "interval day-fraction"
    BOOL = "boolean"
    BYTE = "byte"
    NULL = "null"


INT_CODES = frozenset(
    {
        IfxType.SMALLINT,
        IfxType.INT,
        IfxType.SERIAL,
        IfxType.INT8,
        IfxType.SERIAL8,
        IfxType.BIGINT,
        IfxType.BIGSERIAL,
    }
)
SERIAL_CODES = frozenset({IfxType.SERIAL, IfxType.SERIAL8, IfxType.BIGSERIAL})
FIXED_CHAR_CODES = frozenset({IfxType.CHAR, IfxType.NCHAR})
VAR_CHAR_CODES = frozenset({IfxType.VARCHAR, IfxType.NVARCHAR})

_INT_LIMITS: dict[int, int] = {
    IfxType.SMALLINT: 32767,
    IfxType.INT: 2147483647,
    IfxType.SERIAL: 2147483647,
}
BIG_LIMIT = 2**63 - 1

# Result types used by the typer.
NULL_TYPE = ColumnType(IfxType.NULL, 0)
INT_TYPE = ColumnType.simple(IfxType.INT)
SMALLINT_TYPE = ColumnType.simple(IfxType.SMALLINT)
BIGINT_TYPE = ColumnType.simple(IfxType.BIGINT)
INT8_TYPE = ColumnType.simple(IfxType.INT8)
FLOAT_TYPE = ColumnType.simple(IfxType.FLOAT)
DATE_TYPE = ColumnType.simple(IfxType.DATE)
BOOL_TYPE = ColumnType.boolean()
DEC32 = ColumnType.decimal(32)
COUNT_TYPE = ColumnType.decimal(15, 0)
LVARCHAR_TYPE = ColumnType.lvarchar(2048)
CURRENT_TYPE = ColumnType.datetime(TU_YEAR, TU_F5 - 2)  # YEAR TO FRACTION(3)


def family(ct: ColumnType) -> Family:
    code = ct.code
    if code in INT_CODES:
        return Family.INT
    if code in (IfxType.FLOAT, IfxType.SMALLFLOAT):
        return Family.FLOAT
    if code in (IfxType.DECIMAL, IfxType.MONEY):
        return Family.DEC
    if code == IfxType.DATE:
        return Family.DATE
    if code == IfxType.DATETIME:
        return Family.DATETIME
    if code == IfxType.INTERVAL:
        start = qualifier_parts(ct.length)[1]
        return Family.INTERVAL_YM if start <= 2 else Family.INTERVAL_DF
    if ct.is_boolean:
        return Family.BOOL
    if code == IfxType.BYTE:
        return Family.BYTE
    if code == IfxType.NULL:
        return Family.NULL
    return Family.CHAR  # CHAR, NCHAR, VARCHAR, NVARCHAR, LVARCHAR, TEXT


def is_numeric(ct: ColumnType) -> bool:
    return family(ct) in (Family.INT, Family.FLOAT, Family.DEC)


def is_exact(ct: ColumnType) -> bool:
    return family(ct) in (Family.INT, Family.DEC)


def is_char(ct: ColumnType) -> bool:
    return family(ct) is Family.CHAR


def is_fixed_char(ct: ColumnType) -> bool:
    return ct.code in FIXED_CHAR_CODES


def is_text_blob(ct: ColumnType) -> bool:
    return ct.code in (IfxType.TEXT, IfxType.BYTE)


def int_limit(ct: ColumnType) -> int:
    """Largest magnitude an integer type holds (Informix excludes the minimum)."""
    return _INT_LIMITS.get(ct.code, BIG_LIMIT)


def char_capacity(ct: ColumnType) -> int | None:
    """Maximum bytes of a character type, None when unbounded (TEXT)."""
    if ct.code in FIXED_CHAR_CODES:
        return ct.length
    if ct.code in VAR_CHAR_CODES:
        return ct.length & 0xFF
    if ct.is_lvarchar:
        return ct.length
    return None


def with_nullable(ct: ColumnType, nullable: bool) -> ColumnType:
    if ct.nullable == nullable:
        return ct
    return ColumnType(ct.code, ct.length, nullable, ct.xid, ct.xname, ct.xowner, ct.source_type)


def char_type(n: int) -> ColumnType:
    """Type of a string literal: CHAR(n), LVARCHAR beyond CHAR's limit."""
    if n > 32767:
        return ColumnType.lvarchar(n)
    return ColumnType.char(max(n, 1))


def same_type(a: ColumnType, b: ColumnType) -> bool:
    """Equal ignoring nullability."""
    return a.code == b.code and a.length == b.length and a.xid == b.xid


def decimal_parts(ct: ColumnType) -> tuple[int, int | None]:
    """(precision, scale) of a DECIMAL/MONEY, scale None when floating."""
    return ct.precision, ct.scale


def exact_as_decimal(ct: ColumnType) -> tuple[int, int | None]:
    """Precision/scale an exact operand contributes to DECIMAL arithmetic."""
    fam = family(ct)
    if fam is Family.DEC:
        return decimal_parts(ct)
    if ct.code == IfxType.SMALLINT:
        return 5, 0
    if ct.code in (IfxType.INT, IfxType.SERIAL):
        return 10, 0
    if fam is Family.INT:
        return 19, 0
    return 32, None  # floats, strings and the rest count as floating DECIMAL


def is_lvarchar_xid(xid: int) -> bool:
    return xid == Xid.LVARCHAR
