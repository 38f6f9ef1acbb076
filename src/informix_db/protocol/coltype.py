"""`ColumnType`: what a describe says about one column or parameter.

One descriptor shared by the driver (decoding rows, building `description`)
and the server (describing results, encoding rows, typing parameters).
Layout facts: ../shared/docs/sqli-types.md §1-§3.
"""

from __future__ import annotations

from dataclasses import dataclass

from .codes import (
    FLAG_DISTINCT,
    FLAG_NOT_NULL,
    TU_DAY,
    TU_FRACTION,
    TU_HOUR,
    TU_MINUTE,
    TU_MONTH,
    TU_SECOND,
    TU_YEAR,
    TYPE_MASK,
    IfxType,
    Xid,
    is_udt_family,
)

# Fixed on-wire widths of the fixed-size types (sqli-types.md §3.2).
FIXED_WIDTHS: dict[int, int] = {
    IfxType.SMALLINT: 2,
    IfxType.INT: 4,
    IfxType.SERIAL: 4,
    IfxType.DATE: 4,
    IfxType.SMALLFLOAT: 4,
    IfxType.FLOAT: 8,
    IfxType.BIGINT: 8,
    IfxType.BIGSERIAL: 8,
    IfxType.INT8: 10,
    IfxType.SERIAL8: 10,
    IfxType.BYTE: 56,
    IfxType.TEXT: 56,
}

PACKED_TYPES = frozenset({IfxType.DECIMAL, IfxType.MONEY, IfxType.DATETIME, IfxType.INTERVAL})
CHAR_TYPES = frozenset({IfxType.CHAR, IfxType.NCHAR})
VARCHAR_TYPES = frozenset({IfxType.VARCHAR, IfxType.NVARCHAR})

UNIT_NAMES: dict[int, str] = {
    TU_YEAR: "YEAR",
    TU_MONTH: "MONTH",
    TU_DAY: "DAY",
    TU_HOUR: "HOUR",
    TU_MINUTE: "MINUTE",
    TU_SECOND: "SECOND",
}


def packed_width(encoded: int) -> int:
    """Row width of a DECIMAL/MONEY/DATETIME/INTERVAL from its encoded length."""
    return ((encoded >> 8) + ((encoded & 0xFF) & 1) + 3) // 2


def qualifier(start: int, end: int, first_digits: int | None = None) -> int:
    """Encode a DATETIME (first_digits None) or INTERVAL qualifier."""
    if first_digits is None:
        first_digits = 4 if start == TU_YEAR else 2
    return ((end - start + first_digits) << 8) | (start << 4) | end


def qualifier_parts(q: int) -> tuple[int, int, int]:
    """(digits, start unit, end unit) of an encoded qualifier."""
    return q >> 8, (q >> 4) & 0xF, q & 0xF


def first_field_digits(q: int) -> int:
    digits, start, end = qualifier_parts(q)
    return digits - (end - start)


def unit_name(unit: int) -> str:
    if unit > TU_SECOND:
        return f"FRACTION({unit - TU_SECOND})"
    return UNIT_NAMES[unit]


def qualifier_text(q: int, interval: bool = False) -> str:
    """`YEAR TO SECOND`, `DAY(5) TO FRACTION(3)`..."""
    _, start, end = qualifier_parts(q)
    first = unit_name(start)
    if start == TU_FRACTION:
        first = "FRACTION"
    if interval and start <= TU_SECOND:
        digits = first_field_digits(q)
        default = 4 if start == TU_YEAR else 2
        if digits != default or start == end:
            first = f"{first}({digits})"
    return f"{first} TO {unit_name(end)}"


@dataclass(frozen=True, slots=True)
class ColumnType:
    """A described type: base code, encoded length, the UDT extras and the flags.

    `distinct` marks a DISTINCT type: `code` is still the base type whose wire
    format the value uses; `source_type` names that base for opaque sources."""

    code: int
    length: int = 0
    nullable: bool = True
    xid: int = 0
    xname: str = ""
    xowner: str = ""
    source_type: int = 0
    distinct: bool = False

    @classmethod
    def from_type_short(
        cls,
        type_short: int,
        length: int,
        xid: int = 0,
        xname: str = "",
        xowner: str = "",
        source_type: int = 0,
    ) -> ColumnType:
        """A describe's type block: the type short splits into base code and flag bits."""
        nullable = not type_short & FLAG_NOT_NULL
        distinct = bool(type_short & FLAG_DISTINCT)
        code = type_short & TYPE_MASK
        return cls(code, length, nullable, xid, xname, xowner, source_type, distinct)

    # -- constructors -------------------------------------------------------
    @classmethod
    def simple(cls, code: int, nullable: bool = True) -> ColumnType:
        return cls(code, FIXED_WIDTHS.get(code, 0), nullable)

    @classmethod
    def char(cls, n: int, nullable: bool = True, national: bool = False) -> ColumnType:
        return cls(IfxType.NCHAR if national else IfxType.CHAR, n, nullable)

    @classmethod
    def varchar(cls, m: int, nullable: bool = True, national: bool = False) -> ColumnType:
        return cls(IfxType.NVARCHAR if national else IfxType.VARCHAR, m, nullable)

    @classmethod
    def lvarchar(cls, n: int = 2048, nullable: bool = True) -> ColumnType:
        return cls(IfxType.UDTVAR, n, nullable, Xid.LVARCHAR, "lvarchar", "informix")

    @classmethod
    def boolean(cls, nullable: bool = True) -> ColumnType:
        return cls(IfxType.UDTFIXED, 1, nullable, Xid.BOOLEAN, "boolean", "informix")

    @classmethod
    def decimal(cls, p: int, s: int | None = None, nullable: bool = True) -> ColumnType:
        return cls(IfxType.DECIMAL, (p << 8) | (0xFF if s is None else s), nullable)

    @classmethod
    def money(cls, p: int, s: int = 2, nullable: bool = True) -> ColumnType:
        return cls(IfxType.MONEY, (p << 8) | s, nullable)

    @classmethod
    def datetime(cls, start: int, end: int, nullable: bool = True) -> ColumnType:
        return cls(IfxType.DATETIME, qualifier(start, end), nullable)

    @classmethod
    def interval(
        cls, start: int, end: int, first_digits: int | None = None, nullable: bool = True
    ) -> ColumnType:
        return cls(IfxType.INTERVAL, qualifier(start, end, first_digits), nullable)

    # -- facts --------------------------------------------------------------
    @property
    def precision(self) -> int:
        return self.length >> 8

    @property
    def scale(self) -> int | None:
        """Scale of a DECIMAL/MONEY; None for a floating DECIMAL(p)."""
        s = self.length & 0xFF
        return None if s == 0xFF else s

    @property
    def is_udt(self) -> bool:
        return is_udt_family(self.code)

    @property
    def is_boolean(self) -> bool:
        return self.code == IfxType.BOOL or (self.is_udt and self.xid == Xid.BOOLEAN)

    @property
    def is_lvarchar(self) -> bool:
        return self.code == IfxType.LVARCHAR or (self.is_udt and self.xid == Xid.LVARCHAR)

    def row_width(self) -> int:
        """Maximum bytes one value takes inside a tuple (for start positions)."""
        code = self.code
        if code in FIXED_WIDTHS:
            return FIXED_WIDTHS[code]
        if code in PACKED_TYPES:
            return packed_width(self.length)
        if code in CHAR_TYPES:
            return self.length
        if code in VARCHAR_TYPES:
            return (self.length & 0xFF) + 1
        return 5 + self.length  # UDT envelope: indicator + int length + body

    def type_short(self) -> int:
        """The type short of a describe: base code plus the NOT NULL and DISTINCT flags."""
        flags = (0 if self.nullable else FLAG_NOT_NULL) | (FLAG_DISTINCT if self.distinct else 0)
        return self.code | flags

    def sql_name(self) -> str:
        """Informix spelling of the type, e.g. `DECIMAL(10,2)`."""
        code, n = self.code, self.length
        if self.is_lvarchar:
            return f"LVARCHAR({n})"
        if self.is_boolean:
            return "BOOLEAN"
        if code in (IfxType.DECIMAL, IfxType.MONEY):
            name = "DECIMAL" if code == IfxType.DECIMAL else "MONEY"
            return (
                f"{name}({self.precision})"
                if self.scale is None
                else (f"{name}({self.precision},{self.scale})")
            )
        if code == IfxType.DATETIME:
            return f"DATETIME {qualifier_text(n)}"
        if code == IfxType.INTERVAL:
            return f"INTERVAL {qualifier_text(n, interval=True)}"
        if code in CHAR_TYPES or code in VARCHAR_TYPES:
            return f"{IfxType(code).name}({n & 0xFF if code in VARCHAR_TYPES else n})"
        if self.is_udt:
            return self.xname.upper() or IfxType(code).name
        return _PLAIN_NAMES.get(code, f"TYPE{code}")


_PLAIN_NAMES: dict[int, str] = {
    IfxType.SMALLINT: "SMALLINT",
    IfxType.INT: "INTEGER",
    IfxType.SERIAL: "SERIAL",
    IfxType.FLOAT: "FLOAT",
    IfxType.SMALLFLOAT: "SMALLFLOAT",
    IfxType.DATE: "DATE",
    IfxType.BYTE: "BYTE",
    IfxType.TEXT: "TEXT",
    IfxType.INT8: "INT8",
    IfxType.SERIAL8: "SERIAL8",
    IfxType.BIGINT: "BIGINT",
    IfxType.BIGSERIAL: "BIGSERIAL",
}


def is_variable_row(columns: list[ColumnType] | tuple[ColumnType, ...]) -> bool:
    """JDBC's test: must the client walk rows instead of using start positions?"""
    return any(c.code in VARCHAR_TYPES or c.is_udt or c.distinct for c in columns)
