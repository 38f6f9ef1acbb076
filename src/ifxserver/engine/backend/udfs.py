"""Python functions registered on every SQLite connection.

The lowering pass calls these where SQLite's own operators would give a
non-Informix answer: exact DECIMAL arithmetic and aggregates, conversions
between storage encodings, division by zero (-1202 instead of NULL), DATETIME
arithmetic, MATCHES/LIKE with non-literal patterns, SERIAL assignment.

A UDF cannot raise an `SqlError` through SQLite, so the wrapper parks it on
the host; the executor re-raises the parked error instead of SQLite's
generic "user-defined function raised exception".
"""

from __future__ import annotations

import datetime as dt
import math
import re
import sqlite3
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Protocol

from .. import errors
from ..errors import SqlError
from ..patterns import to_regex, tokenize
from ..types import convert, decimals, temporal
from ..types.chars import byte_length
from ..types.convert import ConvEnv
from ..types.info import family
from . import builtins, metadata
from .builtins import moment_of, null_safe
from .typekey import type_from_key


class UdfHost(Protocol):
    """Session services the UDFs need."""

    conv: ConvEnv
    pending_error: SqlError | None

    def statement_time(self) -> dt.datetime: ...

    def user_name(self) -> str: ...

    def server_name(self) -> str: ...

    def dbinfo(self, args: tuple[object, ...]) -> object: ...

    def serial_value(self, key: str, value: object) -> int: ...

    def call_function(self, name: str, arguments: tuple[object, ...]) -> object: ...

    def check_interrupt(self) -> None: ...

    def sequence_value(self, name: str, operation: str) -> int: ...


def _guard(host: UdfHost, function: Callable[..., object]) -> Callable[..., Any]:
    def wrapper(*args: object) -> Any:
        try:
            return function(*args)
        except SqlError as error:
            host.pending_error = error
            raise
        except (ValueError, ArithmeticError, OverflowError) as error:
            host.pending_error = SqlError(errors.CHAR_TO_NUMBER, text=str(error)[:40])
            raise

    return wrapper


def _dec(raw: object) -> Decimal:
    return decimals.from_storage(raw)


def _binary_decimal(operation: Callable[[Decimal, Decimal], Decimal]) -> Callable[..., object]:
    return null_safe(lambda a, b: decimals.to_text(operation(_dec(a), _dec(b))))


def _float_div(a: object, b: object) -> object:
    divisor = float(b)  # type: ignore[arg-type]
    if divisor == 0:
        raise SqlError(errors.DIVIDE_BY_ZERO)
    return float(a) / divisor  # type: ignore[arg-type]


def _interval_scale(units: object, factor: object, divide: object) -> object:
    """INTERVAL * or / a number in exact decimals, truncated toward zero to whole units
    (through a float a DAY(9) interval loses its low digits)."""
    number = Decimal(repr(factor)) if isinstance(factor, float) else _dec(factor)
    if divide and number.is_zero():
        raise SqlError(errors.DIVIDE_BY_ZERO)
    amount = _dec(units)
    context = decimals.CONTEXT
    scaled = context.divide(amount, number) if divide else context.multiply(amount, number)
    return int(scaled.to_integral_value(rounding="ROUND_DOWN"))


def _int_mod(a: object, b: object) -> object:
    assert isinstance(a, int) and isinstance(b, int)
    if b == 0:
        raise SqlError(errors.DIVIDE_BY_ZERO)
    return int(abs(a) % abs(b)) * (-1 if a < 0 else 1)


def _dec_mod(a: object, b: object) -> object:
    divisor = _dec(b)
    if divisor.is_zero():
        raise SqlError(errors.DIVIDE_BY_ZERO)
    return decimals.to_text(decimals.CONTEXT.remainder(_dec(a), divisor))


def _round(value: object, places: object, truncate: object) -> object:
    digits = int(places) if places is not None else 0  # type: ignore[call-overload]
    number = _dec(value)
    quantum = Decimal(1).scaleb(-digits)
    rounding = "ROUND_DOWN" if truncate else "ROUND_HALF_UP"
    result = number.quantize(quantum, rounding=rounding, context=decimals.CONTEXT)
    return decimals.to_text(decimals.plain(result))


def _pattern_match(kind: str) -> Callable[..., object]:
    cache: dict[tuple[str, str | None], re.Pattern[str]] = {}

    def match(value: object, pattern: object, escape: object = "\\") -> object:
        if value is None or pattern is None:
            return None
        key = (str(pattern), None if escape is None else str(escape))
        if key not in cache:
            cache[key] = to_regex(tokenize(key[0], key[1], kind))
        return 1 if cache[key].fullmatch(str(value)) else 0

    return match


class _DecimalSum:
    """Exact SUM over exact numbers (DECIMAL text or integers)."""

    def __init__(self) -> None:
        self.total: Decimal | None = None
        self.count = 0

    def step(self, value: object) -> None:
        if value is None:
            return
        number = _dec(value)
        self.total = number if self.total is None else decimals.add(self.total, number)
        self.count += 1

    def finalize(self) -> object:
        return None if self.total is None else decimals.to_text(self.total)


class _DecimalAvg(_DecimalSum):
    def finalize(self) -> object:
        if self.total is None:
            return None
        return decimals.to_text(decimals.div(self.total, Decimal(self.count)))


def _conv(host: UdfHost) -> Callable[..., object]:
    def conv(value: object, src_key: int, dst_key: int) -> object:
        return convert.recast(value, type_from_key(src_key), type_from_key(dst_key), host.conv)

    return conv


def _current(host: UdfHost) -> Callable[..., object]:
    def current(q: object) -> object:
        start, end = temporal.datetime_storage_qualifier(int(q))  # type: ignore[call-overload]
        return temporal.datetime_from_python(host.statement_time(), start, end).text()

    return current


def _dt_add(host: UdfHost) -> Callable[..., object]:
    def add(text: object, q: int, units: object, iv_q: int, sign: int) -> object:
        if text is None or units is None:
            return None
        if iv_q == 0:  # a `?` bound as `qualifier:units` (binding.tagged_interval)
            qualifier_text, _, units = str(units).partition(":")
            iv_q = int(qualifier_text)
        start, end = temporal.datetime_storage_qualifier(q)
        value = temporal.parse_datetime(str(text), start, end, strict=False)
        full = temporal.convert_datetime(value, 0, 15, host.statement_time())
        moment = full.to_datetime()
        amount = int(units) * sign  # type: ignore[call-overload]
        try:
            if temporal.interval_is_month_class(iv_q):
                total = moment.year * 12 + moment.month - 1 + amount
                moment = moment.replace(year=total // 12, month=total % 12 + 1)
            else:
                moment = moment + temporal.interval_to_timedelta(amount)
        except (ValueError, OverflowError):
            raise SqlError(errors.DATETIME_RESULT_RANGE) from None
        return temporal.datetime_from_python(moment, start, end).text()

    return add


def _dt_diff(host: UdfHost) -> Callable[..., object]:
    def diff(a: object, qa: int, b: object, qb: int) -> object:
        if a is None or b is None:
            return None
        now = host.statement_time()
        first = temporal.parse_datetime(
            str(a), *temporal.datetime_storage_qualifier(qa), strict=False
        )
        second = temporal.parse_datetime(
            str(b), *temporal.datetime_storage_qualifier(qb), strict=False
        )
        left = temporal.convert_datetime(first, 0, 15, now).to_datetime()
        right = temporal.convert_datetime(second, 0, 15, now).to_datetime()
        return temporal.timedelta_to_units(left - right)

    return diff


def _length(host: UdfHost) -> Callable[..., object]:
    def length(value: object) -> object:
        if value is None:
            return None
        return byte_length(str(value).rstrip(" "), host.conv.codec)

    return length


def _raise(code: object) -> object:
    raise SqlError(int(code))  # type: ignore[call-overload]


def _pad(value: object, width: object) -> object:
    if value is None:
        return None
    return str(value).ljust(int(width))  # type: ignore[call-overload]


def _to_text(host: UdfHost) -> Callable[..., object]:
    def to_text(value: object, src_key: int) -> object:
        if value is None:
            return None
        src = type_from_key(src_key)
        logical = convert.from_storage(value, src, host.conv)
        return convert.logical_to_text(logical, family(src), src, host.conv)

    return to_text


def _initcap(value: object) -> object:
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize(), str(value).lower())


def _pad_function(value: object, width: object, fill: object, left: object) -> object:
    text, size = str(value), int(width)  # type: ignore[call-overload]
    if size <= 0:
        return None
    filler = str(fill) if fill else " "
    if len(text) >= size:
        return text[:size]
    padding = (filler * size)[: size - len(text)]
    return padding + text if left else text + padding


def _float_trunc(value: object, places: object) -> object:
    scale = 10.0 ** int(places)  # type: ignore[call-overload]
    return math.trunc(float(value) * scale) / scale  # type: ignore[arg-type]


def _datepart(host: UdfHost) -> Callable[..., object]:
    def part(value: object, key: int, name: str) -> object:
        if value is None:
            return None
        moment = moment_of(host, value, key)
        if name == "weekday":
            return (moment.weekday() + 1) % 7  # Informix: 0 is Sunday
        return getattr(moment, name)

    return part


def _mdy(month: object, day: object, year: object) -> object:
    if not 1 <= int(month) <= 12:  # type: ignore[call-overload]
        raise SqlError(errors.BAD_MONTH)
    if not 1 <= int(year) <= 9999:  # type: ignore[call-overload]  # DATE's year range
        raise SqlError(errors.BAD_YEAR)
    try:
        value = dt.date(int(year), int(month), int(day))  # type: ignore[call-overload]
    except ValueError:
        raise SqlError(errors.BAD_DAY) from None
    return temporal.date_to_days(value)


def _to_char(host: UdfHost) -> Callable[..., object]:
    def to_char(value: object, key: int, fmt: object) -> object:
        if value is None or fmt is None:
            return None
        moment = moment_of(host, value, key)
        pattern = re.sub(r"%F(\d)?", lambda m: "\x00F" + (m.group(1) or "3"), str(fmt))
        text = moment.strftime(pattern.replace("%R", "%H:%M"))
        return re.sub("\x00F(\\d)", lambda m: f"{moment.microsecond:06d}"[: int(m.group(1))], text)

    return to_char


SLEEP_STEP = 0.01


def _sleep(host: UdfHost) -> Callable[..., object]:
    """IFX_SLEEP(seconds): a slow function for tests of cancel and statement timeouts."""

    def sleep(seconds: object) -> object:
        if seconds is None:
            return None
        end = time.monotonic() + float(seconds)  # type: ignore[arg-type]
        while (left := end - time.monotonic()) > 0:
            host.check_interrupt()
            time.sleep(min(left, SLEEP_STEP))
        host.check_interrupt()
        return seconds

    return sleep


def register(conn: sqlite3.Connection, host: UdfHost) -> None:
    conn.create_collation("IFXDEC", decimals.compare_text)
    scalar: dict[str, tuple[int, Callable[..., object]]] = {
        "ifx_conv": (3, _conv(host)),
        "ifx_text": (2, _to_text(host)),
        "ifx_dadd": (2, _binary_decimal(decimals.add)),
        "ifx_dsub": (2, _binary_decimal(decimals.sub)),
        "ifx_dmul": (2, _binary_decimal(decimals.mul)),
        "ifx_ddiv": (2, _binary_decimal(decimals.div)),
        "ifx_dneg": (1, null_safe(lambda a: decimals.to_text(-_dec(a)))),
        "ifx_dabs": (1, null_safe(lambda a: decimals.to_text(abs(_dec(a))))),
        "ifx_fdiv": (2, null_safe(_float_div)),
        "ifx_imod": (2, null_safe(_int_mod)),
        "ifx_iscale": (3, null_safe(_interval_scale)),
        "ifx_dmod": (2, null_safe(_dec_mod)),
        "ifx_round": (3, null_safe(_round)),
        "ifx_today": (0, lambda: temporal.date_to_days(host.statement_time().date())),
        "ifx_current": (1, _current(host)),
        "ifx_user": (0, host.user_name),
        "ifx_server": (0, host.server_name),
        "ifx_dt_add": (5, _dt_add(host)),
        "ifx_dt_diff": (4, _dt_diff(host)),
        "ifx_length": (1, _length(host)),
        "ifx_pad": (2, _pad),
        "ifx_upper": (1, null_safe(lambda s: str(s).upper())),
        "ifx_lower": (1, null_safe(lambda s: str(s).lower())),
        "ifx_matches": (3, _pattern_match("matches")),
        "ifx_like": (3, _pattern_match("like")),
        "ifx_serial": (2, host.serial_value),
        "ifx_error": (1, _raise),
        "ifx_initcap": (1, null_safe(_initcap)),
        "ifx_padfn": (4, null_safe(_pad_function)),
        "ifx_float_trunc": (2, null_safe(_float_trunc)),
        "ifx_datepart": (3, _datepart(host)),
        "ifx_mdy": (3, null_safe(_mdy)),
        "ifx_to_char": (3, _to_char(host)),
        "ifx_sleep": (1, _sleep(host)),
        "ifx_sequence": (2, lambda name, op: host.sequence_value(str(name), str(op))),
        **builtins.scalar_functions(host),
    }
    for name, (arity, function) in scalar.items():
        deterministic = name not in (
            "ifx_serial", "ifx_current", "ifx_today", "ifx_error", "ifx_sleep", "ifx_sequence"
        )  # fmt: skip
        conn.create_function(name, arity, _guard(host, function), deterministic=deterministic)
    conn.create_function("ifx_dbinfo", -1, _guard(host, lambda *a: host.dbinfo(a)))
    conn.create_function(
        "ifx_call", -1, _guard(host, lambda name, *args: host.call_function(str(name), args))
    )
    for name, function in metadata.ROUTINES.items():
        conn.create_function(f"ifx_meta_{name}", -1, _guard(host, function), deterministic=True)
    conn.create_aggregate("ifx_sum", 1, _guarded_aggregate(host, _DecimalSum))
    conn.create_aggregate("ifx_avg", 1, _guarded_aggregate(host, _DecimalAvg))


def _guarded_aggregate(host: UdfHost, cls: type[_DecimalSum]) -> Any:
    class Guarded(cls):  # type: ignore[valid-type,misc]
        def step(self, value: object) -> None:
            try:
                super().step(value)
            except SqlError as error:
                host.pending_error = error
                raise

        def finalize(self) -> object:
            try:
                return super().finalize()
            except SqlError as error:
                host.pending_error = error
                raise

    return Guarded
