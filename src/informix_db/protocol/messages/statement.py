"""PREPARE / COMMAND requests and the DESCRIBE / IDESCRIBE replies.

Layouts: ../shared/docs/sqli-protocol.md §4.2-§4.5 and §4.14.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..buffer import ProtocolViolation, Reader, Writer
from ..caps import Caps
from ..codes import Msg
from ..coltype import ColumnType

MAX_COLUMNS = 32767
TUPLE_SIZE_CAP = 0x7FFF  # the describe's tuple size is a signed short


@dataclass(slots=True)
class Prepare:
    sql: str
    nparams: int = 0


@dataclass(slots=True)
class Command:
    sql: str


@dataclass(slots=True)
class DescribedColumn:
    name: str
    type: ColumnType


@dataclass(slots=True)
class Describe:
    stmt_type: int
    stmt_id: int
    cost: int = 0
    tuple_size: int = 0
    columns: list[DescribedColumn] = field(default_factory=list)


@dataclass(slots=True)
class IDescribe:
    params: list[ColumnType] = field(default_factory=list)


def _write_sql(w: Writer, sql: bytes, caps: Caps) -> None:
    if caps.char4:
        w.char4(sql)
    else:
        w.char2(sql)


def _read_sql(r: Reader, caps: Caps, encoding: str) -> str:
    raw = r.char4() if caps.char4 else r.char2()
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ProtocolViolation(f"SQL text is not valid {encoding}") from exc


def write_prepare(w: Writer, sql: bytes, nparams: int, caps: Caps) -> None:
    """PREPARE + NDESCRIBE + WANTDONE: prepare, describe, and say when done."""
    w.short(Msg.PREPARE).short(nparams)
    _write_sql(w, sql, caps)
    w.short(Msg.NDESCRIBE).short(Msg.WANTDONE)


def read_prepare(r: Reader, caps: Caps, encoding: str) -> Prepare:
    nparams = r.short()
    return Prepare(_read_sql(r, caps, encoding), nparams)


def write_command(w: Writer, sql: bytes, caps: Caps) -> None:
    """COMMAND + NDESCRIBE + EXECUTE + RELEASE: run a statement in one message group."""
    w.short(Msg.COMMAND).short(0)
    _write_sql(w, sql, caps)
    w.short(Msg.NDESCRIBE).short(Msg.EXECUTE).short(Msg.RELEASE)


def read_command(r: Reader, caps: Caps, encoding: str) -> Command:
    r.short()
    return Command(_read_sql(r, caps, encoding))


# -- describe ----------------------------------------------------------------


def _write_type_block(w: Writer, t: ColumnType, encoding: str) -> None:
    """type, extended id, owner, name, reference, alignment, source type, length."""
    w.short(t.type_short()).int(t.xid)
    w.char2(t.xowner.encode(encoding)).char2(t.xname.encode("latin-1"))
    w.short(0).short(0).int(t.source_type).int(t.length)


def _read_type_block(r: Reader, encoding: str, usver: bool = True) -> ColumnType:
    code = r.short()
    if not usver:
        return ColumnType.from_type_short(code, r.short())
    xid = r.int()
    owner = r.char2().decode(encoding, "replace")
    xname = r.char2().decode("latin-1")
    r.short()
    r.short()
    source = r.int()
    length = r.int()
    return ColumnType.from_type_short(code, length, xid, xname, owner, source)


def write_describe(w: Writer, d: Describe, caps: Caps, encoding: str) -> None:
    names = [c.name.encode(encoding) for c in d.columns]
    table = b"".join(n + b"\0" for n in names)
    tuple_size = sum(c.type.row_width() for c in d.columns)
    w.short(Msg.DESCRIBE).short(d.stmt_type).short(d.stmt_id).int(d.cost)
    w.short(min(tuple_size, TUPLE_SIZE_CAP)).short(len(d.columns))
    _offset(w, len(table), caps.long_offsets)
    name_pos = start = 0
    for col, name in zip(d.columns, names, strict=False):
        _offset(w, name_pos, caps.long_offsets)
        name_pos += len(name) + 1
        if caps.usver:
            w.int(start)
            _write_type_block(w, col.type, encoding)
        else:
            w.short(start).short(col.type.type_short()).short(col.type.length)
        start += col.type.row_width()
    w.padded(table)


def _offset(w: Writer, value: int, long_offsets: bool) -> None:
    if long_offsets:
        w.int(value)
    else:
        w.short(value)


def read_describe(r: Reader, caps: Caps, encoding: str) -> Describe:
    d = Describe(r.short(), r.short(), r.int(), r.short())
    ncols = r.short()
    if ncols < 0:
        raise ProtocolViolation(f"describe with {ncols} columns")
    table_size = r.length(r.int() if caps.long_offsets else r.short())
    types = []
    for _ in range(ncols):
        r.int() if caps.long_offsets else r.short()
        r.int() if caps.usver else r.short()
        types.append(_read_type_block(r, encoding, caps.usver))
    names = r.padded(table_size).split(b"\0")
    for i, t in enumerate(types):
        name = names[i].decode(encoding, "replace") if i < len(names) else ""
        d.columns.append(DescribedColumn(name, t))
    return d


def write_idescribe(w: Writer, params: list[ColumnType], caps: Caps, encoding: str) -> None:
    w.short(Msg.IDESCRIBE).short(len(params))
    if caps.named_params and params:
        w.short(0)
    for t in params:
        _write_type_block(w, t, encoding)


def read_idescribe(r: Reader, caps: Caps, encoding: str) -> IDescribe:
    n = r.short()
    if n < 0 or n > MAX_COLUMNS:
        raise ProtocolViolation(f"parameter describe with {n} parameters")
    flags = r.short() if caps.named_params and n > 0 else 0
    if flags & 1:
        r.short()
    params = []
    for _ in range(n):
        if flags & 1:
            r.byte()
            r.char2()
        params.append(_read_type_block(r, encoding))
    return IDescribe(params)
