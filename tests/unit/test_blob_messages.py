"""BYTE/TEXT on the wire: SQ_BIND + SQ_BBIND streams, SQ_FETCHBLOB, SQ_BLOB replies.

Golden bytes from sqli-types.md §4.13 (binding `b"hello"`, the emulator
descriptor) and sqli-protocol.md §4.6 / §9.3.
"""

from __future__ import annotations

import pytest

import informix_db
from informix_db.protocol.buffer import Incomplete, ProtocolViolation, Reader, Writer
from informix_db.protocol.caps import MODERN
from informix_db.protocol.codes import IfxType, Msg
from informix_db.protocol.messages import blob, cursor
from informix_db.protocol.messages.dispatch import read_reply, read_request
from informix_db.protocol.values import BlobDescriptor, encode_param
from informix_db.protocol.values.errors import BlobStreamError

pytestmark = pytest.mark.unit


def h(text: str) -> bytes:
    return bytes.fromhex(text.replace("|", " "))


def requests(data: bytes) -> list[tuple[int, object]]:
    r = Reader(data)
    out = []
    while r.remaining:
        out.append(read_request(r, MODERN, "utf-8"))
    return out


HELLO_DESCRIPTOR = bytes(16) + h("00 00 00 05") + bytes(36)


def test_documented_hello_bind_with_its_stream() -> None:
    """§4.13 example: the descriptor in SQ_BIND, then SQ_BBIND with one 5-byte chunk."""
    w = Writer()
    cursor.write_bind(w, [encode_param(b"hello", "latin-1")])
    assert w.getvalue() == (
        h("00 05 00 01 | 00 0b | 00 00 | 00 00")
        + HELLO_DESCRIPTOR
        + h("00 29 | 00 01 | 00 27 00 05 68 65 6c 6c 6f 00 | 00 27 00 00")
    )


def test_stream_chunks_are_1024_bytes_and_nulls_get_none() -> None:
    data = bytes(range(256)) * 9  # 2304 bytes: 1024 + 1024 + 256
    params = [
        encode_param(None, "latin-1"),
        encode_param(data, "latin-1"),
        encode_param(informix_db.Text("ä"), "utf-8"),
    ]
    w = Writer()
    cursor.write_bind(w, params)
    msgs = requests(w.getvalue())
    assert [tag for tag, _ in msgs] == [Msg.BIND, Msg.BBIND] + [Msg.BLOB] * 6
    assert msgs[1][1] == blob.BlobBind(2)  # the NULL has no stream
    chunks = [body.data for _, body in msgs[2:]]  # type: ignore[attr-defined]
    assert [len(c) for c in chunks] == [1024, 1024, 256, 0, 2, 0]
    assert b"".join(chunks[:3]) == data and chunks[4] == "ä".encode()
    bound = msgs[0][1].params  # type: ignore[attr-defined]
    assert [p.type for p in bound] == [IfxType.CHAR, IfxType.BYTE, IfxType.TEXT]
    assert bound[1].value == BlobDescriptor.for_bind(len(data))
    assert bound[2].value.size == 2  # bytes in the code set, not characters


def test_fetchblob_request_and_chunked_reply() -> None:
    descriptor = BlobDescriptor.build(5, b"\x00\x00\x00\x07").raw
    w = Writer()
    cursor.write_id(w, 3)
    blob.write_fetchblob(w, descriptor)
    w.short(Msg.EOT)
    assert w.getvalue() == h("00 04 00 03 00 26") + descriptor + h("00 0c")
    assert requests(w.getvalue())[1] == (Msg.FETCHBLOB, blob.FetchBlob(descriptor))
    reply = Writer()
    blob.write_chunks(reply, b"abcde", 2)
    chunks = h("00 27 00 02 61 62 | 00 27 00 02 63 64 | 00 27 00 01 65 00")
    assert reply.getvalue() == chunks + h("00 27 00 00")  # the empty terminator last
    r = Reader(reply.getvalue())
    got = [read_reply(r, MODERN, "latin-1") for _ in range(4)]
    assert [body.data for _, body in got] == [b"ab", b"cd", b"e", b""]  # type: ignore[attr-defined]
    with pytest.raises(ValueError, match=r"1\.\.32767"):
        blob.write_chunks(Writer(), b"x", 0x8000)


def test_malformed_blob_messages() -> None:
    with pytest.raises(ProtocolViolation, match="chunk of -2"):
        read_reply(Reader(h("00 27 ff fe")), MODERN, "latin-1")
    with pytest.raises(ProtocolViolation, match="announces -1"):
        read_request(Reader(h("00 29 ff ff")), MODERN, "latin-1")
    with pytest.raises(Incomplete):
        read_reply(Reader(h("00 27 00 05 61 62")), MODERN, "latin-1")
    with pytest.raises(Incomplete):
        read_request(Reader(h("00 26") + bytes(55)), MODERN, "latin-1")


def feed(receiver: blob.BlobReceiver, *chunks: bytes) -> None:
    for data in chunks:
        receiver.on_message(Msg.BLOB, blob.BlobChunk(data))


def test_receiver_splits_values_at_their_terminators() -> None:
    receiver = blob.BlobReceiver([3, 0, 2])
    feed(receiver, b"ab", b"c", b"", b"", b"xy", b"")
    receiver.on_message(Msg.DONE, object())  # completion messages are ignored
    assert receiver.values() == [b"abc", b"", b"xy"]


def test_receiver_splits_values_by_size_when_the_server_sends_no_terminators() -> None:
    """IBM's clients do not need the empty SQ_BLOB, so a server may leave it out."""
    receiver = blob.BlobReceiver([3, 0, 2, 0])
    feed(receiver, b"ab", b"c", b"xy")
    assert receiver.values() == [b"abc", b"", b"xy", b""]
    mixed = blob.BlobReceiver([1, 1])
    feed(mixed, b"a", b"", b"b")  # a terminator after the first only
    assert mixed.values() == [b"a", b"b"]


def test_receiver_refuses_what_the_descriptors_did_not_announce() -> None:
    huge = blob.BlobReceiver([2**31 - 1])  # a 2 GB claim allocates nothing
    feed(huge, b"abc")
    with pytest.raises(BlobStreamError, match=r"1 values.*3 bytes"):
        huge.values()
    short = blob.BlobReceiver([5])
    with pytest.raises(BlobStreamError, match="ended after 2 of 5"):
        feed(short, b"ab", b"")
    long = blob.BlobReceiver([2])
    with pytest.raises(BlobStreamError, match="exceeds the 2 bytes"):
        feed(long, b"abc")
    extra = blob.BlobReceiver([1])
    with pytest.raises(BlobStreamError, match="more than the 1 values"):
        feed(extra, b"a", b"", b"b")
