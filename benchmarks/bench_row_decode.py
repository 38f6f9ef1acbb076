"""Row decoding speed: µs per row for a few result shapes (a figure, not a test).

Run: PYTHONPATH=src python benchmarks/bench_row_decode.py
"""

from __future__ import annotations

import datetime as dt
import timeit
from decimal import Decimal

from informix_db.protocol.codes import TU_SECOND, TU_YEAR, IfxType
from informix_db.protocol.coltype import ColumnType
from informix_db.protocol.values import column_encoder, compile_row_decoder, encode_row

ENCODING = "iso-8859-1"

SHAPES: dict[str, list[tuple[ColumnType, object]]] = {
    "5 mixed (INT, VARCHAR, DECIMAL, DATE, FLOAT)": [
        (ColumnType.simple(IfxType.INT), 42),
        (ColumnType.varchar(10), "abc"),
        (ColumnType.decimal(8, 2), Decimal("123.45")),
        (ColumnType.simple(IfxType.DATE), dt.date(2026, 8, 31)),
        (ColumnType.simple(IfxType.FLOAT), 1.5),
    ],
    "5 integers": [(ColumnType.simple(IfxType.INT), n) for n in range(5)],
    "10 columns of sqli-types.md §9": [
        (ColumnType.simple(IfxType.INT), 42),
        (ColumnType.varchar(10), "abc"),
        (ColumnType.decimal(8, 2), Decimal("123.45")),
        (ColumnType.simple(IfxType.DATE), dt.date(2026, 8, 31)),
        (ColumnType.simple(IfxType.INT8), -1),
        (ColumnType.char(4), None),
        (ColumnType.datetime(TU_YEAR, TU_SECOND), dt.datetime(2026, 8, 31, 12, 30, 15)),
        (ColumnType.simple(IfxType.FLOAT), None),
        (ColumnType.lvarchar(), "xyz"),
        (ColumnType.simple(IfxType.SMALLINT), None),
    ],
}


def microseconds_per_row(columns: list[tuple[ColumnType, object]], rows: int = 200_000) -> float:
    types = [col for col, _ in columns]
    payload = encode_row([column_encoder(t, ENCODING) for t in types], [v for _, v in columns])
    decode = compile_row_decoder(types, ENCODING)
    best = min(timeit.repeat(lambda: decode(payload), number=rows, repeat=5))
    return best / rows * 1e6


def main() -> None:
    for name, columns in SHAPES.items():
        print(f"{microseconds_per_row(columns):6.2f} µs/row  {name}")


if __name__ == "__main__":
    main()
