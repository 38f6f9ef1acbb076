"""Session set-up and tear-down messages: PROTOCOLS, INFO, DBOPEN, EXIT.

Layouts: ../shared/docs/sqli-protocol.md §3.6-§3.8 and §7.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..buffer import ProtocolViolation, Reader, Writer
from ..codes import Msg

INFO_DONE = 0
INFO_ENV = 6


@dataclass(slots=True)
class Protocols:
    mask: bytes


@dataclass(slots=True)
class Info:
    env: list[tuple[str, str]] = field(default_factory=list)


@dataclass(slots=True)
class DbOpen:
    name: str
    mode: int = 0


def write_protocols(w: Writer, mask: bytes) -> None:
    w.short(Msg.PROTOCOLS).short(len(mask)).padded(mask)


def read_protocols(r: Reader) -> Protocols:
    n = r.length(r.short())
    if n > 64:
        raise ProtocolViolation(f"capability mask of {n} bytes")
    return Protocols(r.padded(n))


def _even(n: int) -> int:
    return n + (n & 1)


def write_info_env(w: Writer, env: list[tuple[bytes, bytes]]) -> None:
    """SQ_INFO/INFO_ENV: the session environment after login."""
    pairs = sum(_even(len(k)) + _even(len(v)) + 4 for k, v in env)
    w.short(Msg.INFO).short(INFO_ENV).short(4 + pairs + 2)
    w.short(max((_even(len(k)) for k, _ in env), default=0))
    w.short(max((_even(len(v)) for _, v in env), default=0))
    for name, value in env:
        w.char2(name).char2(value)
    w.short(0).short(INFO_DONE)


def read_info(r: Reader, encoding: str) -> Info:
    """A sequence of (subtype, length, body) blocks ended by subtype 0."""
    info = Info()
    while True:
        subtype = r.short()
        if subtype <= INFO_DONE:
            return info
        body = r.padded(r.length(r.short()))
        if subtype == INFO_ENV:
            info.env.extend(_parse_env(Reader(body), encoding))


def _parse_env(r: Reader, encoding: str) -> list[tuple[str, str]]:
    r.short()
    r.short()
    pairs = []
    while r.remaining >= 2:
        name = r.char2()
        if not name:
            break
        pairs.append((name.decode(encoding), r.char2().decode(encoding)))
    return pairs


def write_dbopen(w: Writer, name: bytes, mode: int = 0) -> None:
    w.short(Msg.DBOPEN).char2(name).short(mode)


def read_dbopen(r: Reader, encoding: str) -> DbOpen:
    return DbOpen(r.char2().decode(encoding), r.short())
