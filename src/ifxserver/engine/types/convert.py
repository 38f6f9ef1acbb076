"""Value conversions between Informix types, and the SQLite storage layer.

Three representations of a value of a known `ColumnType`:
* *logical*: what this module computes with (int, float, Decimal, str,
  datetime.date, DateTimeValue, int months / 10 µs units for INTERVAL, bool,
  bytes, None);
* *storage*: what SQLite holds (see temporal.py / decimals.py and the notes);
* *output*: what rows hand to the protocol layer (ints, floats, Decimals,
  str, date, canonical DATETIME text, timedelta / IntervalYM, bool).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from informix_db.protocol.coltype import ColumnType, qualifier_parts
from informix_db.types import IntervalYM

from .. import errors
from ..errors import SqlError
from . import decimals, temporal
from .chars import truncate_bytes
from .info import Family, char_capacity, family, int_limit, is_fixed_char
from .temporal import DateFormat, DateTimeValue


@dataclass
class ConvEnv:
    """Session settings that change conversions."""

    date_format: DateFormat = field(default_factory=lambda: DateFormat.parse(None))
    codec: str = "latin-1"
    ansi: bool = False
    clock: Callable[[], dt.datetime] = dt.datetime.now


# -- storage <-> logical ---------------------------------------------------------------
def from_storage(raw: object, ct: ColumnType, env: ConvEnv) -> object:
    """Interpret a SQLite value as a logical value of type `ct` (coercing if needed)."""
    if raw is None:
        return None
    fam = family(ct)
    if fam is Family.DATE:
        if isinstance(raw, str):
            return env.date_format.parse_date(raw)
        return temporal.days_to_date(_to_int(raw, ct))
    if fam is Family.DATETIME:
        start, end = temporal.datetime_storage_qualifier(ct.length)
        if isinstance(raw, str):
            return temporal.parse_datetime(raw, start, end, strict=False)
        raise SqlError(errors.DATETIME_NON_NUMERIC)
    if fam in (Family.INTERVAL_YM, Family.INTERVAL_DF):
        return (
            _to_int(raw, ct)
            if not isinstance(raw, str)
            else temporal.parse_interval(raw, ct.length)
        )
    return _from_plain(raw, ct, fam, env)


def _from_plain(raw: object, ct: ColumnType, fam: Family, env: ConvEnv) -> object:
    if fam is Family.INT:
        return _to_int(raw, ct)
    if fam is Family.FLOAT:
        return _to_float(raw)
    if fam is Family.DEC:
        return decimals.from_storage(raw)
    if fam is Family.BOOL:
        return _to_bool(raw)
    if fam is Family.BYTE:
        return raw if isinstance(raw, bytes) else str(raw).encode(env.codec, "replace")
    if isinstance(raw, bytes):
        return raw.decode(env.codec, "replace")
    if isinstance(raw, float):
        return _float_text(raw)
    return str(raw)


def to_storage(value: object, ct: ColumnType) -> object:
    """Logical value of type `ct` to what SQLite stores."""
    if value is None:
        return None
    fam = family(ct)
    if fam is Family.DEC:
        assert isinstance(value, Decimal)
        return decimals.to_text(value)
    if fam is Family.DATE:
        assert isinstance(value, dt.date)
        return temporal.date_to_days(value)
    if fam is Family.DATETIME:
        assert isinstance(value, DateTimeValue)
        return value.text()
    if fam is Family.BOOL:
        return 1 if value else 0
    if fam is Family.CHAR and is_fixed_char(ct) and isinstance(value, str):
        return value.rstrip(" ")
    return value


def recast(raw: object, src: ColumnType, dst: ColumnType, env: ConvEnv) -> object:
    """A storage value of type `src` as the storage value of type `dst` (assignment rules)."""
    if raw is None:
        return None
    return to_storage(convert(from_storage(raw, src, env), src, dst, env), dst)


def to_output(raw: object, ct: ColumnType, env: ConvEnv) -> object:
    """SQLite value to the Python value rows hand out, honouring the described type."""
    value = from_storage(raw, ct, env)
    if value is None:
        return None
    fam = family(ct)
    if fam is Family.DEC:
        assert isinstance(value, Decimal)
        return decimals.fit(value, ct.precision or 32, ct.scale)
    if fam is Family.INT:
        assert isinstance(value, int)
        return _check_int(value, ct)
    if fam is Family.DATETIME:
        assert isinstance(value, DateTimeValue)
        return value.text()
    if fam is Family.INTERVAL_YM:
        assert isinstance(value, int)
        return IntervalYM(value)
    if fam is Family.INTERVAL_DF:
        assert isinstance(value, int)
        return temporal.interval_to_timedelta(value)
    return value


# -- conversions between types ----------------------------------------------------------------
def convert(value: object, src: ColumnType, dst: ColumnType, env: ConvEnv) -> object:
    """Informix assignment/cast conversion of a logical value from `src` to `dst`."""
    if value is None:
        return None
    try:
        return _convert(value, src, dst, env)
    except SqlError as error:
        if error.sqlcode != errors.CANNOT_CONVERT:
            raise
        raise SqlError(
            errors.CANNOT_CONVERT, text=f"{src.sql_name()} to {dst.sql_name()}"
        ) from None


def _convert(value: object, src: ColumnType, dst: ColumnType, env: ConvEnv) -> object:
    target = family(dst)
    source = family(src)
    if target is Family.CHAR:
        return _to_char(value, source, src, dst, env)
    if target is Family.INT:
        return _check_int(_number_to_int(value, source), dst)
    if target is Family.FLOAT:
        return _to_float_checked(value, source)
    if target is Family.DEC:
        return decimals.fit(_to_decimal(value, source), dst.precision or 16, dst.scale)
    if target is Family.DATE:
        return _to_date(value, source, env)
    if target is Family.DATETIME:
        return _to_datetime(value, source, dst, env)
    if target in (Family.INTERVAL_YM, Family.INTERVAL_DF):
        return _to_interval(value, source, target, dst)
    if target is Family.BOOL:
        return _char_to_bool(value) if source is Family.CHAR else _to_bool_strict(value, source)
    if target is Family.BYTE:
        if isinstance(value, bytes):
            return value
        raise SqlError(errors.CANNOT_CONVERT, text="byte")
    return value


def _to_char(value: object, source: Family, src: ColumnType, dst: ColumnType, env: ConvEnv) -> str:
    text = logical_to_text(value, source, src, env)
    capacity = char_capacity(dst)
    if capacity is None or len(text) <= capacity // 4:
        return text
    fitted = truncate_bytes(text, capacity, env.codec)
    if fitted == text:
        return text
    if source in (Family.INT, Family.DEC, Family.FLOAT):
        return "*" * capacity  # Informix fills a number that does not fit with asterisks
    if env.ansi and text[len(fitted) :].strip(" "):
        raise SqlError(errors.STRING_TOO_LONG)
    return fitted


def logical_to_text(value: object, source: Family, src: ColumnType, env: ConvEnv) -> str:
    """Informix's text form of a value (used for casts to CHAR and concatenation)."""
    if isinstance(value, str):
        return value
    if source is Family.DATE:
        assert isinstance(value, dt.date)
        return env.date_format.format(value)
    if source is Family.DATETIME:
        assert isinstance(value, DateTimeValue)
        return value.text()
    if source in (Family.INTERVAL_YM, Family.INTERVAL_DF):
        assert isinstance(value, int)
        return temporal.format_interval(value, src.length)
    if source is Family.BOOL:
        return "t" if value else "f"
    if isinstance(value, Decimal):
        return decimals.to_text(value)
    if isinstance(value, float):
        return _float_text(value)
    if isinstance(value, bytes):
        return value.decode(env.codec, "replace")
    return str(value)


def _number_to_int(value: object, source: Family) -> int:
    if source is Family.CHAR:
        assert isinstance(value, str)
        return int(decimals.parse(value))
    if source is Family.DATE:
        assert isinstance(value, dt.date)
        return temporal.date_to_days(value)
    if source is Family.BOOL or source not in (Family.INT, Family.DEC, Family.FLOAT):
        raise SqlError(errors.CANNOT_CONVERT, text="integer")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise SqlError(errors.INTEGER_OVERFLOW)
        return int(value)
    assert isinstance(value, (int, Decimal))
    return int(value)


def _check_int(value: int, ct: ColumnType) -> int:
    limit = int_limit(ct)
    if -limit <= value <= limit:
        return value
    raise SqlError(errors.SMALLINT_OVERFLOW if limit == 32767 else errors.INTEGER_OVERFLOW)


def _to_decimal(value: object, source: Family) -> Decimal:
    if source is Family.CHAR:
        assert isinstance(value, str)
        return decimals.parse(value)
    if isinstance(value, bool) or source not in (Family.INT, Family.DEC, Family.FLOAT):
        raise SqlError(errors.CANNOT_CONVERT, text="decimal")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise SqlError(errors.DECIMAL_OVERFLOW)
        return Decimal(repr(value))
    assert isinstance(value, (int, Decimal))
    return Decimal(value)


def _to_float_checked(value: object, source: Family) -> float:
    if source is Family.CHAR:
        assert isinstance(value, str)
        return float(decimals.parse(value))
    if isinstance(value, bool) or source not in (Family.INT, Family.DEC, Family.FLOAT):
        raise SqlError(errors.CANNOT_CONVERT, text="float")
    return _to_float(value)


def _to_date(value: object, source: Family, env: ConvEnv) -> dt.date:
    if source is Family.DATE:
        assert isinstance(value, dt.date)
        return value
    if source is Family.CHAR:
        assert isinstance(value, str)
        return env.date_format.parse_date(value)
    if source is Family.DATETIME:
        assert isinstance(value, DateTimeValue)
        full = temporal.convert_datetime(value, 0, 4, env.clock())
        return dt.date(full.fields[0], full.fields[1], full.fields[2])
    if source in (Family.INT, Family.DEC):
        assert isinstance(value, (int, Decimal))
        return temporal.days_to_date(int(value))
    raise SqlError(errors.CANNOT_CONVERT, text="date")


def _to_datetime(value: object, source: Family, dst: ColumnType, env: ConvEnv) -> DateTimeValue:
    _, start, end = qualifier_parts(dst.length)
    if source is Family.DATETIME:
        assert isinstance(value, DateTimeValue)
        return temporal.convert_datetime(value, start, end, env.clock())
    if source is Family.CHAR:
        assert isinstance(value, str)
        return temporal.parse_datetime(value, start, end)
    if source is Family.DATE:
        assert isinstance(value, dt.date)
        as_dt = temporal.datetime_from_python(value, 0, 4)
        return temporal.convert_datetime(as_dt, start, end, env.clock())
    raise SqlError(errors.CANNOT_CONVERT, text="datetime")


def _to_interval(value: object, source: Family, target: Family, dst: ColumnType) -> int:
    if source is Family.CHAR:
        assert isinstance(value, str)
        return temporal.parse_interval(value, dst.length)
    if source is not target:
        raise SqlError(errors.INTERVAL_INCOMPATIBLE)
    assert isinstance(value, int)
    truncated = temporal.truncate_interval(value, dst.length)
    temporal.check_interval_range(truncated, dst.length)
    return truncated


def _char_to_bool(value: object) -> bool:
    text = str(value).strip().lower()
    if text in ("t", "1"):
        return True
    if text in ("f", "0"):
        return False
    raise SqlError(errors.CANNOT_CONVERT)


def _to_bool_strict(value: object, source: Family) -> bool:
    if source is Family.BOOL:
        return bool(value)
    raise SqlError(errors.CANNOT_CONVERT)


# -- primitive coercions -------------------------------------------------------------------
def _to_int(raw: object, ct: ColumnType) -> int:
    if isinstance(raw, bool):
        return int(raw)
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        if not math.isfinite(raw) or abs(raw) > 2**63:
            raise SqlError(errors.INTEGER_OVERFLOW)
        return int(raw)
    if isinstance(raw, (str, Decimal)):
        try:
            return int(Decimal(raw) if isinstance(raw, Decimal) else decimals.parse(raw))
        except (InvalidOperation, ValueError):
            raise SqlError(errors.CHAR_TO_NUMBER) from None
    raise SqlError(errors.CHAR_TO_NUMBER, text=ct.sql_name())


def _to_float(raw: object) -> float:
    if isinstance(raw, (int, float, Decimal)):
        return float(raw)
    if isinstance(raw, str):
        return float(decimals.parse(raw))
    raise SqlError(errors.CHAR_TO_NUMBER)


def _to_bool(raw: object) -> bool:
    if isinstance(raw, str):
        return _char_to_bool(raw)
    return bool(raw)


def _float_text(value: float) -> str:
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value)
