"""Transaction messages: BEGIN, CMMTWORK, RBWORK and savepoints (§6)."""

from __future__ import annotations

from dataclasses import dataclass

from ..buffer import Reader, Writer
from ..codes import Msg


@dataclass(slots=True)
class RollbackWork:
    savepoint: int = 0


@dataclass(slots=True)
class Savepoint:
    """SETSVPT, RELSVPT or RBACKSVPT, told apart by `tag`."""

    tag: int
    name: str
    unique: int = 0


def write_rollback(w: Writer) -> None:
    # The savepoint short is mandatory: a server waits for it.
    w.short(Msg.RBWORK).short(0)


def read_rollback(r: Reader) -> RollbackWork:
    return RollbackWork(r.short())


def write_savepoint(w: Writer, tag: int, name: bytes, unique: bool = False) -> None:
    w.short(tag).char2(name)
    if tag == Msg.SETSVPT:
        w.short(1 if unique else 0)


def read_savepoint(r: Reader, tag: int) -> Savepoint:
    name = r.char2().decode("latin-1")
    return Savepoint(tag, name, r.short() if tag == Msg.SETSVPT else 0)
