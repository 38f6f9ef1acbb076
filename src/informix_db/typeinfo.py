"""`cursor.description` entries from described column types (PEP 249).

Sizes follow what IBM JDBC reports for the same describe, so tools see the same
numbers whichever client they use: DATETIME/INTERVAL precision is the length
of the literal (`YEAR TO SECOND` is 19), FLOAT/SMALLFLOAT report 15/7 digits.
"""

from __future__ import annotations

from collections.abc import Sequence

from .protocol.codes import IfxType
from .protocol.coltype import (
    CHAR_TYPES,
    FIXED_WIDTHS,
    PACKED_TYPES,
    VARCHAR_TYPES,
    ColumnType,
    packed_width,
)
from .protocol.messages.statement import DescribedColumn
from .protocol.values.qualifier import layout

# Digits of precision of the integer, float and DATE types.
_PRECISION: dict[int, int] = {
    IfxType.SMALLINT: 5,
    IfxType.INT: 10,
    IfxType.SERIAL: 10,
    IfxType.BIGINT: 19,
    IfxType.BIGSERIAL: 19,
    IfxType.INT8: 19,
    IfxType.SERIAL8: 19,
    IfxType.FLOAT: 15,
    IfxType.SMALLFLOAT: 7,
}
DATE_TEXT_LENGTH = 10  # YYYY-MM-DD

_INTEGER_TYPES = frozenset(
    {
        IfxType.SMALLINT,
        IfxType.INT,
        IfxType.SERIAL,
        IfxType.BIGINT,
        IfxType.BIGSERIAL,
        IfxType.INT8,
        IfxType.SERIAL8,
    }
)
_BLOB_TYPES = frozenset({IfxType.BYTE, IfxType.TEXT})

DescriptionTuple = tuple[str, int, int | None, int | None, int | None, int | None, bool]


class Column(DescriptionTuple):
    """One `cursor.description` entry: PEP 249's 7-tuple, with names and the full type.

    `column.type` is the described `ColumnType`; `column.distinct` says the column
    has a DISTINCT type (its `type_code` is still the base type the value uses)."""

    type: ColumnType

    def __new__(cls, name: str, t: ColumnType) -> Column:
        display, precision, scale = _sizes(t)
        fields = (name, client_type_code(t), display, internal_size(t), precision, scale)
        self = super().__new__(cls, (*fields, t.nullable))
        self.type = t
        return self

    @property
    def name(self) -> str:
        return self[0]

    @property
    def type_code(self) -> int:
        return self[1]

    @property
    def display_size(self) -> int | None:
        return self[2]

    @property
    def internal_size(self) -> int | None:
        return self[3]

    @property
    def precision(self) -> int | None:
        return self[4]

    @property
    def scale(self) -> int | None:
        return self[5]

    @property
    def null_ok(self) -> bool:
        return self[6]

    @property
    def distinct(self) -> bool:
        return self.type.distinct

    @property
    def type_name(self) -> str:
        """The Informix spelling, e.g. `DECIMAL(10,2)` or `DATETIME YEAR TO SECOND`."""
        return self.type.sql_name()

    def __reduce__(self) -> tuple[object, ...]:
        return (Column, (self.name, self.type))


def client_type_code(t: ColumnType) -> int:
    """The type code we report: builtin opaque types by their client-side code."""
    if t.is_lvarchar:
        return int(IfxType.LVARCHAR)
    if t.is_boolean:
        return int(IfxType.BOOL)
    return t.code


def internal_size(t: ColumnType) -> int | None:
    """Most bytes one value takes (the stored form, without row framing); None for BYTE/TEXT."""
    code = t.code
    if code in _BLOB_TYPES:
        return None
    if code in FIXED_WIDTHS:
        return FIXED_WIDTHS[code]
    if code in PACKED_TYPES:
        return packed_width(t.length)
    if code in VARCHAR_TYPES:
        return t.length & 0xFF
    if t.is_boolean:
        return 1
    return t.length


def _temporal_text_length(q: int) -> int:
    """Characters of a DATETIME/INTERVAL literal: the digits plus one separator per field."""
    lay = layout(q)
    digits = q >> 8
    separators = max(len(lay.units) - 1, 0) + (1 if lay.frac_digits and lay.units else 0)
    return digits + separators


def _sizes(t: ColumnType) -> tuple[int | None, int | None, int | None]:
    """(display_size, precision, scale)."""
    code = t.code
    if code in CHAR_TYPES or code in VARCHAR_TYPES or t.is_lvarchar:
        n = t.length & 0xFF if code in VARCHAR_TYPES else t.length
        return n, n, None
    if code in (IfxType.DECIMAL, IfxType.MONEY):
        p, s = t.precision, t.scale
        return p + 2, p, s  # room for the sign and the decimal point
    if code in (IfxType.DATETIME, IfxType.INTERVAL):
        chars = _temporal_text_length(t.length)
        return chars, chars, layout(t.length).frac_digits
    if code == IfxType.DATE:
        return DATE_TEXT_LENGTH, DATE_TEXT_LENGTH, None
    if t.is_boolean:
        return 1, None, None
    precision = _PRECISION.get(code)
    if precision is None:
        return None, None, None
    return precision + 1, precision, (0 if code in _INTEGER_TYPES else None)


def description_of(columns: Sequence[DescribedColumn]) -> list[Column]:
    return [Column(col.name, col.type) for col in columns]
