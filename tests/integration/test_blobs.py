"""BYTE and TEXT end to end: bound with SQ_BBIND streams, fetched with SQ_FETCHBLOB."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from typing import Any

import pytest

import informix_db
from informix_db import aio
from informix_db.protocol.codes import IfxType

pytestmark = pytest.mark.integration

Make = Callable[[str], str]
SIZES = [0, 1, 5, 1023, 1024, 1025, 100 * 1024]


def test_byte_and_text_round_trip_every_size(
    conn: informix_db.Connection, make_table: Make
) -> None:
    table = make_table("(k INT, b BYTE, t TEXT)")
    cur = conn.cursor()
    values = {n: (os.urandom(n), "é" * (n // 2) + "x" * (n % 2)) for n in SIZES}
    for n, (data, text) in values.items():
        cur.execute(f"INSERT INTO {table} VALUES (?, ?, ?)", (n, data, informix_db.Text(text)))
    cur.execute(f"INSERT INTO {table} VALUES (-1, NULL, NULL)")
    rows = cur.execute(f"SELECT k, b, t FROM {table} ORDER BY k").fetchall()
    assert rows == [(-1, None, None)] + [(n, *values[n]) for n in SIZES]
    assert all(type(r[1]) is bytes and type(r[2]) is str for r in rows[1:])


def test_description_of_blob_columns(conn: informix_db.Connection, make_table: Make) -> None:
    table = make_table("(b BYTE, t TEXT NOT NULL)")
    cur = conn.execute(f"SELECT * FROM {table}")
    assert [(d[0], d[1]) for d in cur.description] == [("b", IfxType.BYTE), ("t", IfxType.TEXT)]
    assert cur.description[0][1] == informix_db.BINARY
    assert cur.description[1][1] == informix_db.STRING
    assert [d[6] for d in cur.description] == [True, False]


def test_five_megabytes_both_ways(conn: informix_db.Connection, make_table: Make) -> None:
    table = make_table("(k INT, b BYTE, t TEXT)")
    data = os.urandom(5 * 1024 * 1024)
    text = "0123456789abcdef" * (5 * 1024 * 1024 // 16)
    params = (memoryview(data), informix_db.Text(text))
    conn.execute(f"INSERT INTO {table} VALUES (1, ?, ?)", params)
    before = conn.round_trips
    got = conn.execute(f"SELECT b, t FROM {table}").fetchone()
    assert got[0] == data and got[1] == text
    # PREPARE, OPEN+FETCH, one FETCHBLOB request for both values (a cached statement: 2)
    assert conn.round_trips - before <= 3


def test_strings_and_bytes_convert_into_the_other_blob_type(
    conn: informix_db.Connection, make_table: Make
) -> None:
    table = make_table("(k INT, t TEXT)")
    conn.execute(f"INSERT INTO {table} VALUES (1, ?)", ("a plain str binds as CHAR",))
    conn.execute(f"INSERT INTO {table} VALUES (2, 'a quoted literal')")
    conn.execute(f"INSERT INTO {table} VALUES (3, ?)", (b"bytes into TEXT",))
    conn.execute(f"UPDATE {table} SET t = ? WHERE k = 2", (informix_db.Text("updated"),))
    rows = conn.execute(f"SELECT t FROM {table} ORDER BY k").fetchall()
    assert rows == [("a plain str binds as CHAR",), ("updated",), ("bytes into TEXT",)]


def test_several_blob_columns_and_many_rows_in_one_cursor(
    conn: informix_db.Connection, make_table: Make
) -> None:
    table = make_table("(k INT, b1 BYTE, t1 TEXT, b2 BYTE, t2 TEXT)")
    rows = [
        (k, bytes([k % 256]) * k, f"t{k}", None if k % 3 else b"three", "x" * (k * 37))
        for k in range(300)
    ]
    cur = conn.cursor()
    before = conn.round_trips
    cur.executemany(f"INSERT INTO {table} VALUES (?, ?, ?, ?, ?)", rows)
    assert cur.rowcount == 300
    assert conn.round_trips - before < 300 // 3  # several parameter sets per 32 KB request
    cur.arraysize = 50
    before = conn.round_trips
    cur.execute(f"SELECT * FROM {table} ORDER BY k")
    got: list[Any] = []
    while batch := cur.fetchmany(50):
        got += batch
    assert got == rows
    # several FETCHBLOBs ride in one request: far fewer round trips than values
    values = sum(1 for r in rows for v in r[1:] if v is not None)
    assert conn.round_trips - before < values // 20


def test_executemany_with_large_values_splits_requests(
    conn: informix_db.Connection, make_table: Make
) -> None:
    table = make_table("(k INT, b BYTE)")
    blobs = [os.urandom(300 * 1024) for _ in range(4)]
    conn.cursor().executemany(f"INSERT INTO {table} VALUES (?, ?)", list(enumerate(blobs)))
    assert [r[0] for r in conn.execute(f"SELECT b FROM {table} ORDER BY k")] == blobs


def test_scroll_cursor_fetches_blobs_of_any_row(
    conn: informix_db.Connection, make_table: Make
) -> None:
    table = make_table("(k INT, b BYTE, t TEXT)")
    conn.cursor().executemany(
        f"INSERT INTO {table} VALUES (?, ?, ?)",
        [(k, str(k).encode() * 100, None if k == 3 else f"row {k}") for k in range(10)],
    )
    with conn.cursor(scrollable=True) as cur:
        cur.execute(f"SELECT * FROM {table} ORDER BY k")
        cur.scroll(7, "absolute")
        assert cur.fetchone() == (7, b"7" * 100, "row 7")
        cur.scroll(3, "absolute")
        assert cur.fetchone() == (3, b"3" * 100, None)
        assert cur.fetch_last() == (9, b"9" * 100, "row 9")
        assert cur.fetch_first() == (0, b"0" * 100, "row 0")
        assert cur.fetch_relative(2) == (2, b"2" * 100, "row 2")


def test_transaction_rollback_undoes_blob_writes(ifx_target: Any, make_table: Make) -> None:
    table = make_table("(k INT, b BYTE)")
    with ifx_target.connect() as conn:
        conn.execute(f"INSERT INTO {table} VALUES (1, ?)", (b"kept",))
        conn.commit()
        conn.execute(f"UPDATE {table} SET b = ? WHERE k = 1", (b"rolled back",))
        conn.rollback()
        assert conn.execute(f"SELECT b FROM {table}").fetchone() == (b"kept",)


def test_non_ascii_text_in_a_utf8_database(ifx_target: Any) -> None:
    opts = {"client_locale": "en_US.utf8", "db_locale": "en_US.utf8"}
    with ifx_target.connect(database="sysmaster", autocommit=True, **opts) as admin:
        admin.execute("CREATE DATABASE IF NOT EXISTS ifx_test_utf8_blobs WITH LOG")
    text = "größe — 日本語 — 😀\n" * 500
    with ifx_target.connect(database="ifx_test_utf8_blobs", autocommit=True, **opts) as conn:
        conn.execute("DROP TABLE IF EXISTS utf_blob")
        conn.execute("CREATE TABLE utf_blob (k INT, t TEXT)")
        conn.execute("INSERT INTO utf_blob VALUES (1, ?)", (informix_db.Text(text),))
        conn.execute("INSERT INTO utf_blob VALUES (2, ?)", (text[:100],))
        rows = conn.execute("SELECT t FROM utf_blob ORDER BY k").fetchall()
        assert rows == [(text,), (text[:100],)]
        conn.execute("DROP TABLE utf_blob")


def test_text_outside_the_code_set_is_a_data_error(conn: informix_db.Connection) -> None:
    with pytest.raises(informix_db.DataError, match="cannot be encoded"):
        conn.execute("SELECT 1 FROM systables WHERE ? IS NULL", (informix_db.Text("日本"),))


def test_async_cursor_round_trips_blobs(ifx_target: Any, make_table: Make) -> None:
    table = make_table("(k INT, b BYTE, t TEXT)")
    data = os.urandom(200_000)

    async def body() -> None:
        async with await aio.connect(**ifx_target.connect_args(), autocommit=True) as conn:
            cur = conn.cursor()
            await cur.execute(
                f"INSERT INTO {table} VALUES (?, ?, ?)", (1, data, informix_db.Text("async"))
            )
            await cur.execute(f"SELECT b, t FROM {table}")
            assert await cur.fetchone() == (data, "async")

    asyncio.run(asyncio.wait_for(body(), 60))
