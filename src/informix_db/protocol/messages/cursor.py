"""Statement-scoped messages: SQ_ID prefix, CURNAME, BIND, OPEN, EXECUTE,
NFETCH/SFETCH, RET_TYPE, CLOSE, RELEASE and the TUPLE/TUPID replies.

Layouts: ../shared/docs/sqli-protocol.md §4.1, §4.6-§4.13.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..buffer import ProtocolViolation, Reader, Writer
from ..caps import Caps
from ..codes import Msg, is_udt_family
from ..values.binds import BindValue, BoundParam, read_bind_value, write_bind_value
from .blob import write_bind_streams

MAX_PARAMS = 32767

# SFETCH scroll types (ESQL numbering).
FETCH_NEXT = 1
FETCH_PRIOR = 2
FETCH_FIRST = 3
FETCH_LAST = 4
FETCH_CURRENT = 5
FETCH_ABSOLUTE = 6
FETCH_RELATIVE = 7


@dataclass(slots=True)
class StmtId:
    stmt_id: int


@dataclass(slots=True)
class CurName:
    name: str


@dataclass(slots=True)
class Bind:
    params: list[BoundParam] = field(default_factory=list)


@dataclass(slots=True)
class NFetch:
    buffer_size: int
    array_size: int = 0


@dataclass(slots=True)
class SFetch:
    scroll_type: int
    target: int
    buffer_size: int


@dataclass(slots=True)
class RetTypeColumn:
    type: int
    length: int
    owner: str = ""
    name: str = ""


@dataclass(slots=True)
class RetType:
    direction: int
    columns: list[RetTypeColumn] = field(default_factory=list)


@dataclass(slots=True)
class TupleRow:
    payload: bytes


@dataclass(slots=True)
class TupId:
    row: int


def write_id(w: Writer, stmt_id: int) -> None:
    w.short(Msg.ID).short(stmt_id)


def write_curname(w: Writer, name: bytes) -> None:
    w.short(Msg.CURNAME).char2(name)


def read_curname(r: Reader) -> CurName:
    return CurName(r.char2().decode("latin-1"))


def write_bind(w: Writer, params: Sequence[BindValue]) -> None:
    """SQ_BIND, then the SQ_BBIND streams of its non-NULL BYTE/TEXT values (§4.6)."""
    w.short(Msg.BIND).short(len(params))
    for p in params:
        write_bind_value(w, p)
    streams = [p.blob for p in params if p.blob is not None]
    if streams:
        write_bind_streams(w, streams)


def read_bind(r: Reader, encoding: str) -> Bind:
    n = r.short()
    if n < 0 or n > MAX_PARAMS:
        raise ProtocolViolation(f"BIND with {n} parameters")
    return Bind([read_bind_value(r, encoding) for _ in range(n)])


def _size(w: Writer, size: int, caps: Caps) -> None:
    if caps.int_fetch_size:
        w.int(size)
    else:
        w.short(min(size, 0x7FFF))


def write_nfetch(w: Writer, buffer_size: int, caps: Caps) -> None:
    w.short(Msg.NFETCH)
    _size(w, buffer_size, caps)
    if caps.fetch_array:
        w.short(0)


def read_nfetch(r: Reader, caps: Caps) -> NFetch:
    size = r.int() if caps.int_fetch_size else r.short()
    return NFetch(size, r.short() if caps.fetch_array else 0)


def write_sfetch(w: Writer, scroll_type: int, target: int, buffer_size: int, caps: Caps) -> None:
    w.short(Msg.SFETCH).short(scroll_type).int(target)
    _size(w, buffer_size, caps)


def read_sfetch(r: Reader, caps: Caps) -> SFetch:
    scroll_type, target = r.short(), r.int()
    return SFetch(scroll_type, target, r.int() if caps.int_fetch_size else r.short())


def read_ret_type(r: Reader) -> RetType:
    direction, n = r.short(), r.short()
    if n < 0 or n > MAX_PARAMS:
        raise ProtocolViolation(f"RET_TYPE with {n} columns")
    cols = []
    for _ in range(n):
        code = r.short()
        owner = name = ""
        if is_udt_family(code):
            owner = r.char2().decode("latin-1")
            name = r.char2().decode("latin-1")
        cols.append(RetTypeColumn(code, r.int(), owner, name))
    return RetType(direction, cols)


def write_tuple(w: Writer, payload: bytes | bytearray, caps: Caps) -> None:
    w.short(Msg.TUPLE).short(0)
    if caps.usver:
        w.int(len(payload))
    else:
        w.short(len(payload))
    w.padded(payload)


def read_tuple(r: Reader, caps: Caps) -> TupleRow:
    r.short()
    size = r.length(r.int() if caps.usver else r.short())
    return TupleRow(r.padded(size))


def write_tupid(w: Writer, row: int) -> None:
    w.short(Msg.TUPID).int(row)


def read_tupid(r: Reader) -> TupId:
    return TupId(r.int())
