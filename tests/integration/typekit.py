"""What the type round-trip suites share: temp tables, a write-then-read helper and
the DATETIME qualifier pairs with their expected normalisation."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from hypothesis import strategies as st

import informix_db
from informix_db.protocol.values import (
    datetime_python,
    datetime_value_to_packed,
    packed_to_datetime_fields,
)

_seq = itertools.count()

UNITS = [("YEAR", 0), ("MONTH", 2), ("DAY", 4), ("HOUR", 6), ("MINUTE", 8), ("SECOND", 10)]
UNITS += [(f"FRACTION({n})", 10 + n) for n in range(1, 6)]
PAIRS = [(a, b) for a, b in itertools.combinations_with_replacement(UNITS, 2) if a[1] <= 10]
PAIRS += [(("FRACTION", 12), b) for b in UNITS if b[1] > 10]  # starts at TU_FRACTION (12)
PAIR_IDS = [f"{a[0]}-{b[0]}" for a, b in PAIRS]
# Any moment DATETIME holds; FRACTION(5) keeps 10 µs.
moments = st.datetimes(dt.datetime(1, 1, 1), dt.datetime(9999, 12, 31, 23, 59, 59)).map(
    lambda d: d.replace(microsecond=d.microsecond // 10 * 10)
)


def temp_table(conn: informix_db.Connection, columns: str) -> str:
    name = f"tk_{next(_seq)}"
    conn.execute(f"CREATE TEMP TABLE {name} ({columns}) WITH NO LOG")
    return name


def round_trip(
    conn: informix_db.Connection, sqltype: str, values: list[Any], bulk: bool = True
) -> list[Any]:
    """`values` written into a fresh `sqltype` column (executemany, or one execute per
    value) and read back in order."""
    table = temp_table(conn, f"k INT, v {sqltype}")
    cur = conn.cursor()
    try:
        sql = f"INSERT INTO {table} VALUES (?, ?)"
        if bulk:
            cur.executemany(sql, list(enumerate(values)))
        else:
            for row in enumerate(values):
                cur.execute(sql, row)
        return [r[0] for r in cur.execute(f"SELECT v FROM {table} ORDER BY k")]
    finally:
        cur.execute(f"DROP TABLE {table}")


def datetime_as_stored(value: dt.datetime, q: int) -> Any:
    """What a DATETIME with qualifier `q` gives back for `value` (date, time or datetime)."""
    fields = packed_to_datetime_fields(datetime_value_to_packed(value, q), q)
    assert fields is not None
    return datetime_python(fields, q)
