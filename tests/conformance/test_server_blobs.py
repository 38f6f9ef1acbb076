"""The embedded server's BYTE/TEXT messages on the wire: descriptors in rows, SQ_FETCHBLOB
replies in chunks of at most 32 KB, SQ_BBIND streams, and the errors of misuse."""

from __future__ import annotations

from typing import Any

import pytest

from informix_db.protocol.buffer import Writer
from informix_db.protocol.codes import Msg
from informix_db.protocol.messages import blob, cursor
from informix_db.protocol.values import BlobDescriptor
from informix_db.protocol.values.binds import BindValue, encode_param, write_bind_value

from .wire import client_with_table, decode_rows, described_columns, error_of, stmt_id_of, tags

pytestmark = pytest.mark.conformance

BLOB_MISUSE = -609


@pytest.fixture
def client(wire: Any) -> Any:
    return client_with_table(wire, "blob_db", "pics", "(k INT, b BYTE, t TEXT)")


def _insert(client: Any, build_tail: Any) -> list[tuple[int, Any]]:
    stmt_id = stmt_id_of(client.prepare("INSERT INTO pics VALUES (?, ?, ?)", 3))

    def build(w: Writer) -> None:
        cursor.write_id(w, stmt_id)
        build_tail(w)
        w.short(Msg.EXECUTE)

    return client.batch(build)


def _select(client: Any) -> tuple[int, list[tuple[Any, ...]]]:
    prepared = client.prepare("SELECT k, b, t FROM pics ORDER BY k")
    stmt_id = stmt_id_of(prepared)
    assert error_of(client.open_cursor(stmt_id, "pics_cur")) is None
    return stmt_id, decode_rows(described_columns(prepared), client.fetch(stmt_id))


def _fetch_blobs(client: Any, stmt_id: int, *descriptors: bytes) -> list[tuple[int, Any]]:
    def build(w: Writer) -> None:
        for d in descriptors:
            cursor.write_id(w, stmt_id)
            blob.write_fetchblob(w, d)

    return client.batch(build)


def test_rows_carry_descriptors_and_fetchblob_answers_in_chunks(client: Any) -> None:
    data = bytes(range(256)) * 200  # 51200 bytes: 16 KB chunks
    params = [encode_param(1, "latin-1"), encode_param(data, "latin-1"),
              encode_param(None, "latin-1")]  # fmt: skip
    assert error_of(_insert(client, lambda w: cursor.write_bind(w, params))) is None
    stmt_id, rows = _select(client)
    (k, b, t), = rows  # fmt: skip
    assert (k, t) == (1, None) and isinstance(b, BlobDescriptor)
    assert (b.size, b.raw[8:16]) == (len(data), bytes(4) + (len(data) - 1).to_bytes(4, "big"))
    replies = _fetch_blobs(client, stmt_id, b.raw, b.raw)  # two in one request
    chunks = [body.data for tag, body in replies if tag == Msg.BLOB]
    assert [len(c) for c in chunks] == [16384, 16384, 16384, 2048, 0] * 2
    assert b"".join(chunks) == data * 2


def _bind_only(w: Writer, params: list[BindValue]) -> None:
    """SQ_BIND without the SQ_BBIND streams its BYTE/TEXT parameters need."""
    w.short(Msg.BIND).short(len(params))
    for p in params:
        write_bind_value(w, p)


def test_bind_stream_must_match_its_parameters(client: Any) -> None:
    params = [encode_param(2, "latin-1"), encode_param(b"abc", "latin-1"),
              encode_param(None, "latin-1")]  # fmt: skip
    assert error_of(_insert(client, lambda w: _bind_only(w, params))).sqlcode == BLOB_MISUSE

    def two_streams(w: Writer) -> None:
        cursor.write_bind(w, params)
        blob.write_bind_streams(w, [b"xyz"])  # a second SQ_BBIND with no parameter left

    assert error_of(_insert(client, two_streams)).sqlcode == BLOB_MISUSE

    def wrong_count(w: Writer) -> None:
        _bind_only(w, params)
        blob.write_bind_streams(w, [b"abc", b"def"])

    assert error_of(_insert(client, wrong_count)).sqlcode == BLOB_MISUSE

    def too_long(w: Writer) -> None:
        _bind_only(w, params)
        blob.write_bind_streams(w, [b"abcdef"])  # the descriptor announced 3 bytes

    assert error_of(_insert(client, too_long)).sqlcode == BLOB_MISUSE
    assert _select(client)[1] == []  # nothing was inserted


def test_fetchblob_needs_an_open_cursor_and_a_known_descriptor(client: Any) -> None:
    params = [encode_param(3, "latin-1"), encode_param(None, "latin-1"),
              encode_param(b"text bytes", "latin-1")]  # fmt: skip
    assert error_of(_insert(client, lambda w: cursor.write_bind(w, params))) is None
    stmt_id, rows = _select(client)
    descriptor = rows[0][2].raw
    forged = BlobDescriptor.build(4, b"\x00\x00\x7f\x7f").raw
    assert error_of(_fetch_blobs(client, stmt_id, forged)).sqlcode == BLOB_MISUSE
    replies = _fetch_blobs(client, stmt_id, descriptor)
    assert b"".join(body.data for _, body in replies) == b"text bytes"
    client.on_statement(stmt_id, Msg.CLOSE)
    assert error_of(_fetch_blobs(client, stmt_id, descriptor)).sqlcode == -400
    assert tags(client.on_statement(stmt_id, Msg.RELEASE)) == []
