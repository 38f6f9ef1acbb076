"""SQL text for session settings (isolation, lock wait, savepoints), validated.

Informix sets these with statements, not protocol messages; building them in
one place keeps user input out of the SQL except as checked identifiers.
"""

from __future__ import annotations

import re

from .exceptions import ProgrammingError

ISOLATION_LEVELS = {
    "dirty read": "DIRTY READ",
    "read uncommitted": "DIRTY READ",
    "committed read": "COMMITTED READ",
    "read committed": "COMMITTED READ",
    "committed read last committed": "COMMITTED READ LAST COMMITTED",
    "last committed": "COMMITTED READ LAST COMMITTED",
    "cursor stability": "CURSOR STABILITY",
    "repeatable read": "REPEATABLE READ",
    "serializable": "REPEATABLE READ",
}
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_$]{0,127}$")
WAIT_FOREVER = -1


def isolation_sql(level: str) -> str:
    key = " ".join(level.lower().replace("_", " ").split())
    if key not in ISOLATION_LEVELS:
        known = ", ".join(sorted(ISOLATION_LEVELS))
        raise ProgrammingError(f"unknown isolation level {level!r}; use one of: {known}")
    return f"SET ISOLATION TO {ISOLATION_LEVELS[key]}"


def lock_wait_sql(seconds: float | None) -> str:
    """0 or None: fail at once on a lock; -1: wait forever; n: wait up to n seconds."""
    if seconds is None or seconds == 0:
        return "SET LOCK MODE TO NOT WAIT"
    if seconds == WAIT_FOREVER:
        return "SET LOCK MODE TO WAIT"
    if seconds < 0:
        raise ProgrammingError("lock wait must be None/0 (no wait), -1 (forever) or seconds > 0")
    return f"SET LOCK MODE TO WAIT {max(1, round(seconds))}"


def savepoint_name(name: str) -> str:
    if not _IDENTIFIER.match(name):
        raise ProgrammingError(f"{name!r} is not a valid savepoint name (use an identifier)")
    return name
