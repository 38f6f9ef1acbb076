"""Big-endian reader and writer with SQLI's even-padding rules.

The reader never trusts a length from the wire: every length is checked
against the bytes it has and against a sanity limit before anything is sliced
or allocated. Running short raises `Incomplete` (ask the transport for more
bytes and parse the message again); impossible contents raise
`ProtocolViolation`.
"""

from __future__ import annotations

import struct

# Largest single length field we honour (a TUPLE payload, an LVARCHAR, a string).
MAX_FIELD_LENGTH = 64 * 1024 * 1024

_Int = int  # the methods named `int` shadow the builtin inside the classes
_H = struct.Struct(">h")
_UH = struct.Struct(">H")
_I = struct.Struct(">i")
_Q = struct.Struct(">q")


class Incomplete(Exception):
    """The buffer ends before the message does."""


class ProtocolViolation(Exception):
    """The bytes cannot be a valid message (bad length, unknown tag, ...)."""


class Reader:
    """Cursor over received bytes. `pos` may be saved and restored by callers."""

    __slots__ = ("buf", "end", "limit", "pos")

    def __init__(
        self, buf: bytes | bytearray | memoryview, pos: _Int = 0, limit: _Int = MAX_FIELD_LENGTH
    ) -> None:
        self.buf = buf
        self.pos = pos
        self.end = len(buf)
        self.limit = limit

    @property
    def remaining(self) -> _Int:
        return self.end - self.pos

    def _need(self, n: _Int) -> _Int:
        start = self.pos
        if self.end - start < n:
            raise Incomplete
        self.pos = start + n
        return start

    def byte(self) -> _Int:
        start = self._need(1)
        return self.buf[start]

    def short(self) -> _Int:
        start = self._need(2)
        return int(_H.unpack_from(self.buf, start)[0])

    def ushort(self) -> _Int:
        start = self._need(2)
        return int(_UH.unpack_from(self.buf, start)[0])

    def int(self) -> _Int:
        start = self._need(4)
        return int(_I.unpack_from(self.buf, start)[0])

    def long(self) -> _Int:
        start = self._need(8)
        return int(_Q.unpack_from(self.buf, start)[0])

    def raw(self, n: _Int) -> bytes:
        self.check_length(n)
        start = self._need(n)
        return bytes(self.buf[start : start + n])

    def skip(self, n: _Int) -> None:
        self.check_length(n)
        self._need(n)

    def padded(self, n: _Int) -> bytes:
        """`n` bytes followed by one pad byte when `n` is odd."""
        data = self.raw(n)
        if n & 1:
            self._need(1)
        return data

    def char2(self) -> bytes:
        """short length, bytes, pad to even."""
        return self.padded(self.length(self.short()))

    def char4(self) -> bytes:
        """int length, bytes, pad to even."""
        return self.padded(self.length(self.int()))

    def nulstr(self) -> bytes:
        """Login-PDU string: short length counting a trailing NUL, no padding."""
        n = self.length(self.short())
        data = self.raw(n)
        return data[:-1] if data.endswith(b"\0") else data

    def length(self, n: _Int) -> _Int:
        if n < 0:
            raise ProtocolViolation(f"negative length {n}")
        return self.check_length(n)

    def check_length(self, n: _Int) -> _Int:
        if n < 0 or n > self.limit:
            raise ProtocolViolation(f"length {n} outside 0..{self.limit}")
        return n


class Writer:
    """Append-only big-endian builder."""

    __slots__ = ("buf",)

    def __init__(self) -> None:
        self.buf = bytearray()

    def __len__(self) -> _Int:
        return len(self.buf)

    def getvalue(self) -> bytes:
        return bytes(self.buf)

    def byte(self, v: _Int) -> Writer:
        self.buf.append(v & 0xFF)
        return self

    def short(self, v: _Int) -> Writer:
        self.buf += _H.pack(v) if v < 0x8000 else _UH.pack(v)
        return self

    def int(self, v: _Int) -> Writer:
        self.buf += _I.pack(v)
        return self

    def long(self, v: _Int) -> Writer:
        self.buf += _Q.pack(v)
        return self

    def raw(self, data: bytes | bytearray | memoryview) -> Writer:
        self.buf += data
        return self

    def pad(self, n: _Int) -> Writer:
        if n & 1:
            self.buf.append(0)
        return self

    def padded(self, data: bytes | bytearray | memoryview) -> Writer:
        self.buf += data
        return self.pad(len(data))

    def char2(self, data: bytes) -> Writer:
        if len(data) > 0x7FFF:
            raise ValueError(f"string of {len(data)} bytes does not fit a short length")
        return self.short(len(data)).padded(data)

    def char4(self, data: bytes) -> Writer:
        return self.int(len(data)).padded(data)

    def nulstr(self, data: bytes | None) -> Writer:
        if data is None:
            return self.short(0)
        return self.short(len(data) + 1).raw(data).byte(0)
