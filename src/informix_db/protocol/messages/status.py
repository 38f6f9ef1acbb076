"""Completion and status messages (server to client): DONE, COST, INSERTDONE,
XACTSTAT, ERR. Layouts: ../shared/docs/sqli-protocol.md §4.11 and §5.1.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..buffer import Reader, Writer
from ..caps import Caps
from ..codes import Msg
from ..values.scalars import int8_from_bytes, int8_to_bytes

# sqlcodes whose SQ_ERR body differs from the usual one.
SQLCODE_NO_TEXT = -368
SQLCODE_BLOB = -619
SQLCODE_UDR = -937


@dataclass(slots=True)
class Done:
    warnings: int = 0
    rows: int = 0
    rowid: int = 0
    serial: int = 0


@dataclass(slots=True)
class Cost:
    rows: int = 0
    cost: int = 0


@dataclass(slots=True)
class InsertDone:
    serial8: int = 0
    bigserial: int = 0


@dataclass(slots=True)
class XactStat:
    event: int
    new_level: int
    old_level: int


@dataclass(slots=True)
class ErrorReply:
    """An SQ_ERR: the server's sqlcode plus its substitution text."""

    sqlcode: int
    isamcode: int = 0
    offset: int = 0
    text: str = ""
    sqlstate: str = ""
    message: str = ""


def write_done(w: Writer, done: Done) -> None:
    w.short(Msg.DONE).short(done.warnings).int(done.rows).int(done.rowid).int(done.serial)


def read_done(r: Reader) -> Done:
    return Done(r.short(), r.int(), r.int(), r.int())


def write_cost(w: Writer, cost: Cost) -> None:
    w.short(Msg.COST).int(cost.rows).int(cost.cost)


def read_cost(r: Reader) -> Cost:
    return Cost(r.int(), r.int())


def write_insertdone(w: Writer, ins: InsertDone, caps: Caps) -> None:
    w.short(Msg.INSERTDONE).raw(int8_to_bytes(ins.serial8))
    if caps.bigint:
        w.long(ins.bigserial)


def read_insertdone(r: Reader, caps: Caps) -> InsertDone:
    serial8 = int8_from_bytes(r.raw(10)) or 0
    return InsertDone(serial8, r.long() if caps.bigint else 0)


def write_xactstat(w: Writer, xs: XactStat) -> None:
    w.short(Msg.XACTSTAT).short(xs.event).short(xs.new_level).short(xs.old_level)


def read_xactstat(r: Reader) -> XactStat:
    return XactStat(r.short(), r.short(), r.short())


def write_error(w: Writer, err: ErrorReply, caps: Caps, encoding: str) -> None:
    w.short(Msg.ERR).short(err.sqlcode).short(err.isamcode)
    if caps.char4:
        w.int(err.offset)
    else:
        w.short(err.offset)
    if err.sqlcode != SQLCODE_NO_TEXT:
        w.char2(err.text.encode(encoding, "replace"))
    if err.sqlcode in (0, SQLCODE_UDR):
        w.padded(err.sqlstate.encode("ascii", "replace")[:5].ljust(5, b"0"))
        w.char2(err.message.encode(encoding, "replace"))


def read_error(r: Reader, caps: Caps, encoding: str) -> ErrorReply:
    sqlcode = r.short()
    if sqlcode == SQLCODE_BLOB:
        r.short()
        if caps.char4:
            r.short()
        return ErrorReply(sqlcode, text=_text(r.char2(), encoding))
    err = ErrorReply(sqlcode, r.short(), r.int() if caps.char4 else r.short())
    if sqlcode != SQLCODE_NO_TEXT:
        err.text = _text(r.char2(), encoding).strip()
    if sqlcode in (0, SQLCODE_UDR) and caps.usver:
        err.sqlstate = r.padded(5).decode("ascii", "replace")
        err.message = _text(r.char2(), encoding)
    return err


def _text(data: bytes, encoding: str) -> str:
    return data.decode(encoding, "replace")
