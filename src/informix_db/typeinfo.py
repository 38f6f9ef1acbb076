"""`cursor.description` entries from described column types (PEP 249)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .protocol.codes import IfxType
from .protocol.coltype import CHAR_TYPES, VARCHAR_TYPES, ColumnType, qualifier_parts
from .protocol.messages.statement import DescribedColumn

# Digits of precision PEP 249 tools expect for the integer and float types.
_PRECISION: dict[int, int] = {
    IfxType.SMALLINT: 5,
    IfxType.INT: 10,
    IfxType.SERIAL: 10,
    IfxType.BIGINT: 19,
    IfxType.BIGSERIAL: 19,
    IfxType.INT8: 19,
    IfxType.SERIAL8: 19,
    IfxType.FLOAT: 17,
    IfxType.SMALLFLOAT: 9,
    IfxType.DATE: 10,
}


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


def client_type_code(t: ColumnType) -> int:
    """The type code we report: builtin opaque types by their client-side code."""
    if t.is_lvarchar:
        return int(IfxType.LVARCHAR)
    if t.is_boolean:
        return int(IfxType.BOOL)
    return t.code


def _sizes(t: ColumnType) -> tuple[int | None, int | None, int | None]:
    """(display_size, precision, scale)."""
    code = t.code
    if code in CHAR_TYPES or code in VARCHAR_TYPES or t.is_lvarchar:
        n = t.length & 0xFF if code in VARCHAR_TYPES else t.length
        return n, n, None
    if code in (IfxType.DECIMAL, IfxType.MONEY):
        p, s = t.precision, t.scale
        return p + 2, p, s
    if code in (IfxType.DATETIME, IfxType.INTERVAL):
        digits, _, end = qualifier_parts(t.length)
        return digits + 6, digits, max(end - 10, 0)
    if t.is_boolean:
        return 1, None, None
    precision = _PRECISION.get(code)
    display = precision + 1 if precision else None
    return display, precision, (0 if code in _INTEGER_TYPES else None)


def description_of(
    columns: Sequence[DescribedColumn],
) -> list[tuple[str, int, Any, Any, Any, Any, bool]]:
    out = []
    for col in columns:
        t = col.type
        display, precision, scale = _sizes(t)
        out.append((col.name, client_type_code(t), display, t.length, precision, scale, t.nullable))
    return out
