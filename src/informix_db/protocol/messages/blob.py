"""BYTE/TEXT data messages: SQ_BBIND and SQ_BLOB streams, SQ_FETCHBLOB.

A row carries only a 56-byte descriptor; the value moves in SQ_BLOB chunks
`[short 39][short n][n bytes + pad]`, closed by a zero-length chunk. Binding:
after the SQ_BIND parameters, `[short 41][short k]` and one chunk stream per
non-NULL BYTE/TEXT parameter. Fetching: `SQ_ID, [short 38][56 bytes]` while
the cursor is open. Layouts: ../shared/docs/sqli-protocol.md §4.6, §9.3 and
sqli-types.md §4.13.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..buffer import ProtocolViolation, Reader, Writer
from ..codes import Msg
from ..values.errors import BlobStreamError
from ..values.scalars import BLOB_DESCRIPTOR_SIZE

BIND_CHUNK = 1024  # what IBM JDBC and the peer send; servers are known to take it
MAX_CHUNK = 0x7FFF  # the chunk length is a signed short


@dataclass(slots=True)
class BlobBind:
    """SQ_BBIND: `count` chunk streams follow, one per non-NULL BYTE/TEXT parameter."""

    count: int


@dataclass(slots=True)
class BlobChunk:
    """One SQ_BLOB; empty data ends the current value."""

    data: bytes


@dataclass(slots=True)
class FetchBlob:
    """SQ_FETCHBLOB: the descriptor of a row value, echoed back unchanged."""

    descriptor: bytes


def write_chunks(w: Writer, data: bytes | bytearray | memoryview, chunk: int) -> None:
    """`data` as SQ_BLOB messages of at most `chunk` bytes, then the empty terminator."""
    if not 0 < chunk <= MAX_CHUNK:
        raise ValueError(f"SQ_BLOB chunks hold 1..{MAX_CHUNK} bytes, not {chunk}")
    view = memoryview(data).cast("B")
    for start in range(0, len(view), chunk):
        part = view[start : start + chunk]
        w.short(Msg.BLOB).short(len(part)).padded(part)
    w.short(Msg.BLOB).short(0)


def write_bind_streams(w: Writer, payloads: Sequence[bytes | bytearray | memoryview]) -> None:
    """SQ_BBIND and the streams of the non-NULL BYTE/TEXT parameters, in parameter order."""
    w.short(Msg.BBIND).short(len(payloads))
    for data in payloads:
        write_chunks(w, data, BIND_CHUNK)


def read_bbind(r: Reader) -> BlobBind:
    count = r.short()
    if count < 0:
        raise ProtocolViolation(f"SQ_BBIND announces {count} values")
    return BlobBind(count)


def read_chunk(r: Reader) -> BlobChunk:
    n = r.short()
    if n < 0:
        raise ProtocolViolation(f"SQ_BLOB chunk of {n} bytes")
    return BlobChunk(r.padded(n))


def write_fetchblob(w: Writer, descriptor: bytes) -> None:
    if len(descriptor) != BLOB_DESCRIPTOR_SIZE:
        raise ValueError(f"a BYTE/TEXT descriptor has 56 bytes, not {len(descriptor)}")
    w.short(Msg.FETCHBLOB).raw(descriptor)


def read_fetchblob(r: Reader) -> FetchBlob:
    return FetchBlob(r.raw(BLOB_DESCRIPTOR_SIZE))


class BlobReceiver:
    """Assembles the replies to several SQ_FETCHBLOBs sent in one request.

    A value ends at its empty SQ_BLOB, or, since IBM's clients do not need that
    terminator (sqli-protocol.md §9.3), where its announced size is complete and
    more data or the end of the reply follows. Every value must have exactly the
    size its descriptor announced. Nothing is allocated from the announced size:
    a descriptor claiming 2 GB costs only the bytes that actually arrive."""

    def __init__(self, sizes: Sequence[int]) -> None:
        self._sizes = sizes
        self._values: list[bytes] = []
        self._parts: list[bytes] = []
        self._received = 0

    def on_message(self, tag: int, body: object) -> None:
        if not isinstance(body, BlobChunk):
            return  # SQ_DONE / SQ_COST may follow the chunks
        if not body.data:
            self._finish_value()
            return
        while self._complete() and self._received + len(body.data) > self._expected():
            self._finish_value()  # no terminator was sent: this data starts the next value
        self._received += len(body.data)
        if self._received > self._expected():
            raise BlobStreamError(
                f"value {len(self._values) + 1} exceeds the {self._expected()} bytes"
                " its descriptor announced"
            )
        self._parts.append(body.data)

    def values(self) -> list[bytes]:
        """The values, once the reply was read to its end."""
        while len(self._values) < len(self._sizes) and self._complete():
            self._finish_value()
        if len(self._values) != len(self._sizes):
            raise BlobStreamError(
                f"the reply ended after {len(self._values)} of {len(self._sizes)} values"
                f" ({self._received} bytes of the next one)"
            )
        return self._values

    def _expected(self) -> int:
        index = len(self._values)
        if index == len(self._sizes):
            raise BlobStreamError(f"the server sent more than the {index} values asked for")
        return self._sizes[index]

    def _complete(self) -> bool:
        return len(self._values) < len(self._sizes) and self._received == self._expected()

    def _finish_value(self) -> None:
        expected = self._expected()
        if self._received != expected:
            raise BlobStreamError(
                f"value {len(self._values) + 1} ended after {self._received} of {expected} bytes"
            )
        self._values.append(b"".join(self._parts))
        self._parts, self._received = [], 0
