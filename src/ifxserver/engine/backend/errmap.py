"""SQLite errors to Informix sqlcodes, in one place."""

from __future__ import annotations

import enum
import re
import sqlite3
from collections.abc import Sequence

from .. import errors
from ..catalog.model import UniqueKey
from ..errors import SqlError

SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_INTERRUPT = 9
SQLITE_CONSTRAINT = 19
SQLITE_CONSTRAINT_NOTNULL = 1299
RAISED = "ifx:"


class Access(enum.Enum):
    """What a statement does to its table: decides the lock error code."""

    READ = errors.LOCK_READ
    INSERT = errors.LOCK_INSERT
    UPDATE = errors.LOCK_UPDATE
    DELETE = errors.LOCK_DELETE
    DDL = errors.LOCK_DDL


_COLUMNS = re.compile(r"constraint failed: (.*)$")


def map_error(
    error: sqlite3.Error,
    *,
    access: Access,
    logged: bool,
    keys: Sequence[UniqueKey] = (),
    lock_timed: bool = False,
    table: str = "",
) -> SqlError:
    """`table` is the statement's target: lock errors name it, as Informix does."""
    code = getattr(error, "sqlite_errorcode", 0) or 0
    primary = code & 0xFF
    message = str(error)
    if message.startswith(RAISED):  # a constraint trigger: ifx:<sqlcode>:<owner.name>
        _, sqlcode, name = message.split(":", 2)
        isam = errors.ISAM_NOT_FOUND if int(sqlcode) == errors.MISSING_PARENT_KEY else 0
        return SqlError(int(sqlcode), isam, name)
    if primary in (SQLITE_BUSY, SQLITE_LOCKED) or "database is locked" in message:
        isam = errors.ISAM_LOCK_TIMEOUT if lock_timed else errors.ISAM_LOCKED
        return SqlError(access.value, isam, table)
    if primary == SQLITE_INTERRUPT:
        return SqlError(errors.INTERRUPTED)
    if primary == SQLITE_CONSTRAINT:
        return _constraint_error(code, message, logged, keys)
    if "no such table" in message:
        name = message.rsplit(":", 1)[-1].strip().split(".")[-1]
        return SqlError(errors.TABLE_NOT_FOUND, errors.ISAM_NOT_FOUND, name)
    return SqlError(errors.NOT_IMPLEMENTED, text=message[:60])


def _constraint_error(code: int, message: str, logged: bool, keys: Sequence[UniqueKey]) -> SqlError:
    found = _COLUMNS.search(message)
    columns = (
        [part.strip().rsplit(".", 1)[-1] for part in found.group(1).split(",")] if found else []
    )
    if code == SQLITE_CONSTRAINT_NOTNULL or "NOT NULL" in message:
        return SqlError(errors.NULL_INTO_NOT_NULL, text=columns[0] if columns else "")
    for key in keys:
        if list(key.columns) == columns or sorted(key.columns) == sorted(columns):
            if logged and key.constraint:
                name = f"{key.owner}.{key.constraint}" if key.owner else key.constraint
                return SqlError(errors.UNIQUE_CONSTRAINT, errors.ISAM_DUPLICATE, name)
            return SqlError(errors.DUPLICATE_INDEX_VALUE, errors.ISAM_DUPLICATE, key.index)
    name = ", ".join(columns)
    code_for_mode = errors.UNIQUE_CONSTRAINT if logged else errors.DUPLICATE_INDEX_VALUE
    return SqlError(code_for_mode, errors.ISAM_DUPLICATE, name)
