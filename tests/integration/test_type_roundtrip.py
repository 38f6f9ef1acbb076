"""Every type, written by our driver and read back equal (property-based).

Normalisation is the documented one: CHAR comes back blank-padded, DATETIME
keeps only its qualifier's fields (FRACTION(5) = 10 microseconds), DECIMAL
rounds to its scale, SMALLFLOAT is a 32-bit float.
"""

from __future__ import annotations

import datetime as dt
import struct
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import informix_db
from informix_db.protocol.coltype import qualifier

from .typekit import PAIR_IDS, PAIRS, datetime_as_stored, moments, round_trip

pytestmark = pytest.mark.integration

SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def float32(x: float) -> float:
    return float(struct.unpack(">f", struct.pack(">f", x))[0])


latin1 = st.text(st.characters(min_codepoint=32, max_codepoint=255, blacklist_characters="\x7f"))
SIMPLE: list[tuple[str, st.SearchStrategy[Any], Callable[[Any], Any]]] = [
    ("SMALLINT", st.integers(-32767, 32767), lambda v: v),
    ("INTEGER", st.integers(-(2**31) + 1, 2**31 - 1), lambda v: v),
    ("BIGINT", st.integers(-(2**63) + 1, 2**63 - 1), lambda v: v),
    ("INT8", st.integers(-(2**63) + 1, 2**63 - 1), lambda v: v),
    ("SERIAL8", st.integers(1, 2**63 - 1), lambda v: v),
    ("BIGSERIAL", st.integers(1, 2**63 - 1), lambda v: v),
    ("FLOAT", st.floats(allow_nan=False, allow_infinity=False), lambda v: v),
    ("SMALLFLOAT", st.floats(width=32, allow_nan=False, allow_infinity=False), float32),
    ("DECIMAL(10,2)", st.decimals("-99999999.99", "99999999.99", places=2), lambda v: v),
    ("DECIMAL(32,10)", st.decimals(-(10**22) + 1, 10**22 - 1, places=10), lambda v: v),
    ("MONEY(12,2)", st.decimals("-9999999999.99", "9999999999.99", places=2), lambda v: v),
    ("DECIMAL(16)", st.decimals(-(10**15), 10**15, places=0), lambda v: v),
    ("CHAR(12)", latin1.filter(lambda s: len(s) <= 12), lambda v: v.ljust(12)),
    ("NCHAR(12)", latin1.filter(lambda s: len(s) <= 12), lambda v: v.ljust(12)),
    ("VARCHAR(40)", latin1.filter(lambda s: len(s) <= 40), lambda v: v),
    ("NVARCHAR(40)", latin1.filter(lambda s: len(s) <= 40), lambda v: v),
    ("LVARCHAR(40000)", st.text("abcxyz ", min_size=0, max_size=40000), lambda v: v),
    ("BOOLEAN", st.booleans(), lambda v: v),
    ("DATE", st.dates(), lambda v: v),
    ("BYTE", st.binary(max_size=3000), lambda v: v),  # bytes bind as BYTE (SQ_BBIND stream)
    ("TEXT", latin1, lambda v: v),  # a str binds as CHAR; the server converts into TEXT
]


@pytest.mark.parametrize(("sqltype", "strategy", "normal"), SIMPLE, ids=[s[0] for s in SIMPLE])
def test_simple_types(
    conn: informix_db.Connection,
    sqltype: str,
    strategy: st.SearchStrategy[Any],
    normal: Callable[[Any], Any],
) -> None:
    tail = [] if "SERIAL" in sqltype else [None]  # NULL into a SERIAL asks for a new value

    @SETTINGS
    @given(st.lists(strategy, min_size=1, max_size=5, unique=True))
    def check(values: list[Any]) -> None:
        got = round_trip(conn, sqltype, [*values, *tail])
        assert got == [normal(v) for v in values] + tail

    check()


def test_text_bound_as_text(conn: informix_db.Connection) -> None:
    """`informix_db.Text` streams the value like BYTE, so it can exceed LVARCHAR's 32 KB."""

    long = st.builds(lambda unit, n: unit * n, latin1.filter(bool), st.integers(33_000, 40_000))

    @SETTINGS
    @given(st.lists(latin1 | long, max_size=4))
    def check(values: list[str]) -> None:
        got = round_trip(conn, "TEXT", [informix_db.Text(v) for v in values] + [None])
        assert got == [*values, None]

    check()


def test_long_lvarchar_beyond_32k(conn: informix_db.Connection) -> None:
    value = "x" * 35_000 + "tail"
    assert round_trip(conn, "LVARCHAR(40000)", [value]) == [value]


@pytest.mark.parametrize(("start", "end"), PAIRS, ids=PAIR_IDS)
def test_datetime_every_qualifier(
    conn: informix_db.Connection, start: tuple[str, int], end: tuple[str, int]
) -> None:
    q = qualifier(start[1], end[1])
    sqltype = f"DATETIME {start[0]} TO {end[0]}"

    @SETTINGS
    @given(st.lists(moments.filter(lambda d: d.month != 2 or d.day != 29), min_size=1, max_size=3))
    def check(values: list[dt.datetime]) -> None:
        literals = [_dt_literal(v, start[1], end[1]) for v in values]
        got = round_trip(conn, sqltype, [*literals, None])
        assert got == [datetime_as_stored(v, q) for v in values] + [None]

    check()


def _dt_literal(value: dt.datetime, start: int, end: int) -> str:
    """The value as Informix text restricted to the qualifier (what a string bind sends)."""
    v = value
    full = (
        f"{v.year:04d}-{v.month:02d}-{v.day:02d} {v.hour:02d}:{v.minute:02d}:{v.second:02d}"
        f".{v.microsecond // 10:05d}"
    )
    bounds = {0: 0, 2: 5, 4: 8, 6: 11, 8: 14, 10: 17, 12: 19}
    stop = {0: 4, 2: 7, 4: 10, 6: 13, 8: 16, 10: 19}.get(end, 10 + end)
    return full[bounds[start] : stop]


def test_datetime_binds_from_python_objects(conn: informix_db.Connection) -> None:
    stamp = dt.datetime(2026, 8, 31, 12, 30, 15, 123450)
    assert round_trip(conn, "DATETIME YEAR TO FRACTION(5)", [stamp]) == [stamp]
    assert round_trip(conn, "DATETIME YEAR TO SECOND", [stamp]) == [stamp.replace(microsecond=0)]
    assert round_trip(conn, "DATETIME YEAR TO DAY", [stamp]) == [stamp.date()]
    assert round_trip(conn, "DATETIME HOUR TO SECOND", [dt.time(23, 59, 58)]) == [
        dt.time(23, 59, 58)
    ]


deltas = st.timedeltas(dt.timedelta(days=-99_999), dt.timedelta(days=99_999)).map(
    lambda d: d - dt.timedelta(microseconds=d.microseconds % 10)
)


def test_interval_day_to_fraction(conn: informix_db.Connection) -> None:
    @SETTINGS
    @given(st.lists(deltas, min_size=1, max_size=4))
    def check(values: list[dt.timedelta]) -> None:
        got = round_trip(conn, "INTERVAL DAY(6) TO FRACTION(5)", [*values, None])
        assert got == [*values, None]

    check()


def test_interval_year_to_month(conn: informix_db.Connection) -> None:
    @SETTINGS
    @given(st.lists(st.integers(-(10**8) + 1, 10**8 - 1), min_size=1, max_size=4))
    def check(months: list[int]) -> None:
        values = [informix_db.IntervalYM(m) for m in months]
        got = round_trip(conn, "INTERVAL YEAR(8) TO MONTH", [*values, None])
        assert got == [*values, None]

    check()


def test_interval_narrow_columns(conn: informix_db.Connection) -> None:
    assert round_trip(conn, "INTERVAL HOUR TO MINUTE", [dt.timedelta(hours=-5, minutes=-7)]) == [
        dt.timedelta(hours=-5, minutes=-7)
    ]
    three = dt.timedelta(days=3, hours=4, minutes=5, seconds=6)
    assert round_trip(conn, "INTERVAL DAY(3) TO SECOND", [three]) == [three]


@pytest.mark.parametrize(
    ("sqltype", "value"),
    [
        ("SMALLINT", 40000),
        ("INTEGER", 2**31),
        ("DECIMAL(5,2)", Decimal("12345.6")),
        ("DATETIME HOUR TO MINUTE", "25:00"),
        ("DATE", "2026-02-30"),
    ],
)
def test_out_of_range_values_are_data_errors(
    conn: informix_db.Connection, sqltype: str, value: object
) -> None:
    with pytest.raises(informix_db.DataError):
        round_trip(conn, sqltype, [value])
