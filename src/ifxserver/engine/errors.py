"""`SqlError` and the Informix sqlcodes / ISAM codes the engine raises.

Every failure that reaches the protocol layer is an `SqlError`; `text` carries
only the substitution argument of the client's message catalog (a table,
column, constraint or database name), never a sentence.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import Iterator


class SqlError(Exception):
    """An Informix error: sqlcode, ISAM code, substitution text, statement offset."""

    def __init__(self, sqlcode: int, isamcode: int = 0, text: str = "", offset: int = 0) -> None:
        super().__init__(sqlcode, isamcode, text, offset)
        self.sqlcode = sqlcode
        self.isamcode = isamcode
        self.text = text
        self.offset = offset

    def __str__(self) -> str:
        extra = f" isam {self.isamcode}" if self.isamcode else ""
        return f"SQL error {self.sqlcode}{extra}: {self.text!r}"


# -- syntax and names ------------------------------------------------------
SYNTAX = -201
ILLEGAL_CHARACTER = -202
TABLE_NOT_FOUND = -206
COLUMN_NOT_FOUND = -217
AMBIGUOUS_COLUMN = -324
COLUMN_COUNT_MISMATCH = -236
DUPLICATE_COLUMN = -246  # column appears twice in an INSERT/CREATE list
TABLE_EXISTS = -310
INDEX_EXISTS = -316
INDEX_NOT_FOUND = -319
CONSTRAINT_NAME_EXISTS = -526
UNMATCHED_QUOTE = -282
ROUTINE_NOT_FOUND = -674
NOT_IMPLEMENTED = -999  # "feature not supported" with the construct in text
GROUP_BY_VIOLATION = -294  # column must be in GROUP BY
SUBQUERY_ROWS = -284  # a subquery returned more than one row
UNION_COLUMNS = -201  # UNION branches with different widths (code unverified)
SUBQUERY_COLUMNS = -1295  # subquery must return exactly one column (unverified)
ROUTINE_UNRESOLVED = -9700  # no operator routine for these operand types (DATE * DATE)
PARAMETER_COUNT = -254
NO_DATABASE = -349
NO_CURSOR_OPEN = -400
NO_CURRENT_CURSOR = -262  # WHERE CURRENT OF names no cursor of the session (unverified)
FOR_UPDATE_NOT_SIMPLE = -365  # FOR UPDATE needs a SELECT from one table, no grouping
NOT_A_QUERY = -260  # cursor opened on a statement that returns no rows
STATEMENT_RELEASED = -267
DUPLICATE_UNIQUE_DATA = -371  # unique index over existing duplicates
CROSS_DATABASE_TRANSACTION = -999

# -- databases ---------------------------------------------------------------
DATABASE_NOT_FOUND = -329
DATABASE_EXISTS = -330
NO_CONNECT_PERMISSION = -387
DATABASE_IN_USE = -425
CLOSE_WITH_OPEN_TRANSACTION = -377

# -- transactions -------------------------------------------------------------
NOT_IN_TRANSACTION = -255
NO_TRANSACTIONS = -256
ALREADY_IN_TRANSACTION = -535
SAVEPOINT_MISSING = -32026  # "Savepoint not found." (IBM catalog; -8301 is a sequence error)

# -- constraints ------------------------------------------------------------------
DUPLICATE_INDEX_VALUE = -239  # unlogged databases
UNIQUE_CONSTRAINT = -268  # logged databases
NULL_INTO_NOT_NULL = -391
IMPLIED_NULL_INTO_NOT_NULL = -292  # INSERT leaves out a NOT NULL column with no default
ADD_NOT_NULL_COLUMN = -269  # ALTER TABLE ADD ... NOT NULL, no default, rows exist
CHECK_FAILED = -530
MISSING_PARENT_KEY = -691
KEY_STILL_REFERENCED = -692

INTERRUPTED = -213  # statement interrupted (client cancel, statement timeout)

# -- locks --------------------------------------------------------------------------
LOCK_READ = -244
LOCK_INSERT = -271
LOCK_UPDATE = -346
LOCK_DELETE = -240
LOCK_DDL = -242  # could not open table (DDL / catalog lock)

# -- value conversions ------------------------------------------------------------------
DIVIDE_BY_ZERO = -1202
CHAR_TO_NUMBER = -1213
SMALLINT_OVERFLOW = -1214
INTEGER_OVERFLOW = -1215
BAD_DATE_STRING = -1218
DECIMAL_OVERFLOW = -1226
BAD_YEAR = -1204
BAD_MONTH = -1205
BAD_DAY = -1206
CANNOT_CONVERT = -1260  # a value of one type that has no conversion to the other
DATETIME_NON_NUMERIC = -1262
DATETIME_FIELD_RANGE = -1263
DATETIME_EXTRA_CHARS = -1264
STRING_TOO_LONG = -1279
FLOAT_OVERFLOW = -1227
INTERVAL_INCOMPATIBLE = -1266
DATETIME_RESULT_RANGE = -1267  # e.g. 2026-01-31 + 1 month: no such day, or past year 9999

# -- ISAM codes ---------------------------------------------------------------------------
ISAM_DUPLICATE = -100
ISAM_LOCKED = -107
ISAM_NOT_FOUND = -111
ISAM_LOCK_TIMEOUT = -154


INTERNAL = -999  # an engine failure nobody foresaw: reported as "not implemented yet"
_log = logging.getLogger("ifxserver.engine")


@contextlib.contextmanager
def reported_as(code: int) -> Iterator[None]:
    """Turn any unexpected exception into an SqlError (never a traceback for the client)."""
    try:
        yield
    except (SqlError, MemoryError):
        raise
    except sqlite3.Error as error:  # one the session did not map with statement context
        from .backend.errmap import Access, map_error

        raise map_error(error, access=Access.READ, logged=True) from None
    except RecursionError:
        raise SqlError(SYNTAX) from None
    except Exception as error:
        _log.exception("engine failure")
        raise SqlError(code) from error
