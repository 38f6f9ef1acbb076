"""Per-connection LRU cache of prepared statements.

A cached statement keeps its server id across executions, so running the
same SQL again costs one round trip (BIND+EXECUTE, or OPEN+first FETCH)
instead of a PREPARE first. An entry serves one cursor at a time; a second
cursor running the same SQL concurrently prepares its own statement.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .protocol.codes import StmtType
from .protocol.messages.statement import Describe

# Statement kinds worth keeping prepared (DDL and session statements are one-offs).
CACHEABLE = frozenset(
    {StmtType.SELECT, StmtType.INSERT, StmtType.UPDATE, StmtType.DELETE, StmtType.EXECPROC}
)
# Statements after which cached descriptions may be out of date.
SCHEMA_CHANGING = frozenset(
    {
        StmtType.DATABASE,
        StmtType.CREADB,
        StmtType.DROPDB,
        StmtType.CLSDB,
        StmtType.STARTDB,
        StmtType.CRETAB,
        StmtType.DRPTAB,
        StmtType.CREIDX,
        StmtType.DRPIDX,
        StmtType.RENTAB,
        StmtType.RENCOL,
        StmtType.ALTER,
        StmtType.CREVIEW,
        StmtType.DROPVIEW,
        StmtType.CREASYN,
        StmtType.DROPSYN,
        StmtType.CTEMP,
        StmtType.CREPROC,
        StmtType.DRPPROC,
        StmtType.SELINTO,
    }
)


@dataclass(eq=False)
class CachedStatement:
    sql: str
    desc: Describe
    cursor_name: str
    in_use: bool = False
    stale: bool = False
    decoders: dict[Any, Callable[[bytes], tuple[Any, ...]]] = field(default_factory=dict)


class StatementCache:
    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[str, CachedStatement] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def checkout(self, sql: str) -> CachedStatement | None:
        entry = self._entries.get(sql)
        if entry is None or entry.in_use:
            return None
        entry.in_use = True
        self._entries.move_to_end(sql)
        return entry

    def add(
        self, sql: str, desc: Describe, cursor_name: str
    ) -> tuple[CachedStatement | None, list[int]]:
        """Keep a new statement (checked out); returns it and the ids evicted to make room."""
        if self.size <= 0 or desc.stmt_type not in CACHEABLE or sql in self._entries:
            return None, []
        evicted: list[int] = []
        while len(self._entries) >= self.size:
            victim = next((k for k, e in self._entries.items() if not e.in_use), None)
            if victim is None:
                return None, evicted
            evicted.append(self._entries.pop(victim).desc.stmt_id)
        entry = CachedStatement(sql, desc, cursor_name, in_use=True)
        self._entries[sql] = entry
        return entry, evicted

    def checkin(self, entry: CachedStatement) -> bool:
        """Return an entry; True when it was invalidated meanwhile and must be released."""
        entry.in_use = False
        return entry.stale

    def drop(self, entry: CachedStatement) -> None:
        if self._entries.get(entry.sql) is entry:
            del self._entries[entry.sql]
        entry.stale = True

    def clear(self) -> list[int]:
        """Forget everything; returns the ids free to release now (in-use ones go stale)."""
        free = []
        for entry in self._entries.values():
            if entry.in_use:
                entry.stale = True
            else:
                free.append(entry.desc.stmt_id)
        self._entries.clear()
        return free
