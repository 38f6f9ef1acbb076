"""Public value types and the PEP 249 type objects and constructors."""

from __future__ import annotations

import datetime as _dt
import time as _time
from dataclasses import dataclass
from typing import Any

from .exceptions import DataError
from .protocol.codes import IfxType, Xid


@dataclass(frozen=True, slots=True, order=True)
class IntervalYM:
    """A year-month INTERVAL as a signed count of months (`IntervalYM(63)` is 5-03)."""

    months: int

    @classmethod
    def of(cls, years: int = 0, months: int = 0) -> IntervalYM:
        return cls(years * 12 + months)

    @property
    def years(self) -> int:
        """Whole years, carrying the sign of the interval."""
        return -(-self.months // 12) if self.months < 0 else self.months // 12

    @property
    def remainder_months(self) -> int:
        return abs(self.months) % 12 * (-1 if self.months < 0 else 1)

    def __str__(self) -> str:
        sign = "-" if self.months < 0 else ""
        years, months = divmod(abs(self.months), 12)
        return f"{sign}{years}-{months:02d}"

    def __neg__(self) -> IntervalYM:
        return IntervalYM(-self.months)

    def __add__(self, other: object) -> Any:
        if isinstance(other, IntervalYM):
            return IntervalYM(self.months + other.months)
        if isinstance(other, (_dt.date, _dt.datetime)):
            return add_months(other, self.months)
        return NotImplemented

    __radd__ = __add__

    def __sub__(self, other: object) -> IntervalYM:
        if isinstance(other, IntervalYM):
            return IntervalYM(self.months - other.months)
        return NotImplemented

    def __rsub__(self, other: object) -> Any:
        if isinstance(other, (_dt.date, _dt.datetime)):
            return add_months(other, -self.months)
        return NotImplemented


DATETIME_OUT_OF_RANGE = -1267  # Informix: the result of a datetime computation is out of range


def add_months(value: _dt.date, months: int) -> _dt.date:
    """Calendar month arithmetic; like Informix (-1267), an impossible result such as
    2026-02-31 is a DataError rather than a silently clamped day."""
    total = value.year * 12 + (value.month - 1) + months
    year, month0 = divmod(total, 12)
    try:
        return value.replace(year=year, month=month0 + 1)
    except ValueError:
        sign = "+" if months >= 0 else "-"
        raise DataError(
            f"{value.isoformat()} {sign} {abs(months)} month(s): "
            f"{year:04d}-{month0 + 1:02d}-{value.day:02d} is not a valid date",
            sqlcode=DATETIME_OUT_OF_RANGE,
        ) from None


class DBAPITypeObject:
    """Compares equal to every type code in its set (PEP 249 type objects)."""

    def __init__(self, name: str, *codes: int) -> None:
        self.name = name
        self.codes = frozenset(codes)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, DBAPITypeObject):
            return self.codes == other.codes
        return other in self.codes

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(self.codes)

    def __repr__(self) -> str:
        return f"<DBAPITypeObject {self.name}>"


STRING = DBAPITypeObject(
    "STRING",
    IfxType.CHAR,
    IfxType.VARCHAR,
    IfxType.NCHAR,
    IfxType.NVARCHAR,
    IfxType.LVARCHAR,
    IfxType.TEXT,
    IfxType.UDTVAR,
)
BINARY = DBAPITypeObject("BINARY", IfxType.BYTE)
NUMBER = DBAPITypeObject(
    "NUMBER",
    IfxType.SMALLINT,
    IfxType.INT,
    IfxType.FLOAT,
    IfxType.SMALLFLOAT,
    IfxType.DECIMAL,
    IfxType.SERIAL,
    IfxType.MONEY,
    IfxType.INT8,
    IfxType.SERIAL8,
    IfxType.BIGINT,
    IfxType.BIGSERIAL,
)
DATETIME = DBAPITypeObject("DATETIME", IfxType.DATE, IfxType.DATETIME, IfxType.INTERVAL)
ROWID = DBAPITypeObject("ROWID")
BOOLEAN = DBAPITypeObject("BOOLEAN", IfxType.BOOL)

# Keep the extended-id constant importable for code that inspects descriptions.
XID_BOOLEAN = Xid.BOOLEAN

Date = _dt.date
Time = _dt.time
Timestamp = _dt.datetime
Binary = bytes


class Text(str):
    """A string to bind as TEXT (streamed like BYTE) instead of CHAR/LVARCHAR.

    Plain `str` parameters already convert into TEXT columns; use this when the
    value is longer than LVARCHAR's 32 KB or must arrive as TEXT."""

    __slots__ = ()


def DateFromTicks(ticks: float) -> _dt.date:
    return Date(*_time.localtime(ticks)[:3])


def TimeFromTicks(ticks: float) -> _dt.time:
    return Time(*_time.localtime(ticks)[3:6])


def TimestampFromTicks(ticks: float) -> _dt.datetime:
    return Timestamp(*_time.localtime(ticks)[:6])
