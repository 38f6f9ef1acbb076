"""Plain data types of the engine interface used by the protocol layer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from informix_db.protocol.coltype import ColumnType


class BoundValue(Protocol):
    """One SQ_BIND value as the wire decoder hands it over."""

    @property
    def type(self) -> int: ...  # Informix type code the client bound

    @property
    def prec(self) -> int: ...  # qualifier / precision sent with the value

    @property
    def value(self) -> object: ...

    @property
    def is_default(self) -> bool: ...


@dataclass(frozen=True)
class Bound:
    """A simple `BoundValue` implementation (tests and internal callers)."""

    value: object
    type: int = 0
    prec: int = 0
    is_default: bool = False


@dataclass(frozen=True)
class ResultColumn:
    name: str
    type: ColumnType


@dataclass
class ExecResult:
    rowcount: int = 0
    serial: int = 0
    serial8: int = 0
    bigserial: int = 0
    rowid: int = 0
    db_flags: int | None = None
