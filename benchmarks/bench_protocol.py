"""Driver-only cost, no server: the sans-I/O core fed pre-built replies.

Prints microseconds per row to decode a 3-column fetch and to encode+send one
executemany row (the server's share of the end-to-end figures is excluded).
"""

from __future__ import annotations

import time
from decimal import Decimal

from informix_db.protocol import operations as ops
from informix_db.protocol.buffer import Writer
from informix_db.protocol.caps import MODERN
from informix_db.protocol.client import ClientSession
from informix_db.protocol.codes import Msg
from informix_db.protocol.coltype import ColumnType
from informix_db.protocol.messages import cursor, statement, status
from informix_db.protocol.values import column_encoder, compile_row_decoder, encode_param

ROWS = 100_000
CHUNK = 256 * 1024
TYPES = [ColumnType.simple(2), ColumnType.varchar(30), ColumnType.decimal(10, 2)]


def session() -> ClientSession:
    s = ClientSession()
    s.caps = MODERN
    return s


def drive(s: ClientSession, op, data: bytes) -> object:  # type: ignore[no-untyped-def]
    """Run `op`, answering every read with the next slice of `data`."""
    pos = 0
    step = next(op)
    try:
        while True:
            if step is None:
                s.feed(data[pos : pos + CHUNK])
                pos += CHUNK
            step = op.send(None)
    except StopIteration as stop:
        return stop.value


def fetch_reply() -> bytes:
    encoders = [column_encoder(t, "latin-1") for t in TYPES]
    w = Writer()
    for i in range(ROWS):
        row = b"".join(
            e(v) for e, v in zip(encoders, (i, f"name-{i}", Decimal(i) / 100), strict=True)
        )
        cursor.write_tuple(w, row, MODERN)
    status.write_done(w, status.Done(rows=ROWS))
    return w.short(Msg.EOT).getvalue()


def bench_fetch() -> float:
    data = fetch_reply()
    s = session()
    decode = compile_row_decoder(TYPES, "latin-1")
    t0 = time.perf_counter()
    batch = drive(s, ops.fetch(s, 0, decode, CHUNK), data)
    took = time.perf_counter() - t0
    assert len(batch.rows) == ROWS  # type: ignore[attr-defined]
    return took


def bench_bulk() -> float:
    w = Writer()
    for _ in range(ROWS):
        status.write_done(w, status.Done(rows=1))
        status.write_cost(w, status.Cost())
    replies = w.getvalue()
    desc = statement.Describe(6, 0)
    rows = [(i, f"name-{i}", Decimal(i) / 100) for i in range(ROWS)]
    s = session()
    t0 = time.perf_counter()
    chunk = [[encode_param(v, "latin-1") for v in row] for row in rows]
    # one request of everything, then the replies (EOT appended): encode + build + parse
    data = replies + Writer().short(Msg.EOT).getvalue()
    drive(s, ops.execute_many(s, desc, iter([chunk]), True, ops.BulkProgress()), data)
    return time.perf_counter() - t0


def main() -> None:
    print(f"fetch decode: {bench_fetch() / ROWS * 1e6:.2f} us/row (INT, VARCHAR, DECIMAL)")
    print(f"executemany encode+parse: {bench_bulk() / ROWS * 1e6:.2f} us/row (3 parameters)")


if __name__ == "__main__":
    main()
