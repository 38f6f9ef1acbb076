"""PEP 249 exceptions carrying Informix facts, and the sqlcode -> class table.

Every exception has `sqlcode`, `isamcode`, `sqlstate`, `message`, `near`
(the server's substitution text), `offset` and `statement` (truncated SQL).
None of them ever holds a password.
"""

from __future__ import annotations

from typing import Any

STATEMENT_SHOWN = 200


class Warning(Exception):
    """Important warnings such as data truncation (collected in `messages`, not raised)."""

    def __init__(self, message: str = "", *, sqlcode: int = 0, sqlstate: str = "01000") -> None:
        super().__init__(message)
        self.message = message
        self.sqlcode = sqlcode
        self.sqlstate = sqlstate

    def __reduce__(self) -> tuple[Any, ...]:
        kwargs = {"sqlcode": self.sqlcode, "sqlstate": self.sqlstate}
        return (_rebuild, (type(self), self.message, kwargs), dict(vars(self)))


class Error(Exception):
    """Base class of every error this driver raises."""

    sqlcode: int | None = None
    isamcode: int = 0
    sqlstate: str = "HY000"
    message: str = ""
    near: str = ""
    offset: int = 0
    statement: str | None = None
    row_index: int | None = None  # executemany: the parameter set that failed

    def __init__(
        self,
        message: str = "",
        *,
        sqlcode: int | None = None,
        isamcode: int = 0,
        sqlstate: str | None = None,
        near: str = "",
        offset: int = 0,
        statement: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.sqlcode = sqlcode
        self.isamcode = isamcode
        self.sqlstate = sqlstate or _default_sqlstate(sqlcode)
        self.near = near
        self.offset = offset
        self.statement = _truncate(statement)

    def __str__(self) -> str:
        parts = [f"[{self.sqlcode}] {self.message}" if self.sqlcode is not None else self.message]
        if self.isamcode:
            parts.append(f"(ISAM {self.isamcode}: {isam_text(self.isamcode)})")
        if self.statement:
            parts.append(f"in statement: {self.statement}")
        return " ".join(p for p in parts if p)

    def __reduce__(self) -> tuple[Any, ...]:
        kwargs = {
            "sqlcode": self.sqlcode,
            "isamcode": self.isamcode,
            "sqlstate": self.sqlstate,
            "near": self.near,
            "offset": self.offset,
            "statement": self.statement,
        }
        # The state restores what the constructor does not take (row_index, and any
        # attribute set later) exactly as it was.
        return (_rebuild, (type(self), self.message, kwargs), dict(vars(self)))


def _rebuild(cls: type[Any], message: str, kwargs: dict[str, Any]) -> Exception:
    error: Exception = cls(message, **kwargs)
    return error


def _truncate(sql: str | None) -> str | None:
    if sql is None or len(sql) <= STATEMENT_SHOWN:
        return sql
    return sql[: STATEMENT_SHOWN - 3] + "..."


class InterfaceError(Error):
    """Misuse of the driver, or a failure of the driver itself."""


class DatabaseError(Error):
    """An error reported by (or about) the database."""


class DataError(DatabaseError):
    """A value was out of range, could not be converted, or divided by zero."""


class OperationalError(DatabaseError):
    """Connection, lock, resource or server-state failures."""


class IntegrityError(DatabaseError):
    """A constraint was violated."""


class InternalError(DatabaseError):
    """The server or driver reached an inconsistent internal state."""


class ProgrammingError(DatabaseError):
    """Bad SQL, unknown objects, wrong parameter counts, misuse of cursors."""


class NotSupportedError(DatabaseError):
    """A method or feature the server or driver does not support."""


class UnsupportedParameterType(NotSupportedError, NotImplementedError):
    """A Python value this driver cannot bind (also a NotImplementedError for old code)."""


class ProtocolError(OperationalError):
    """The byte stream from the server could not be followed; the connection is dead."""


class PoolTimeout(OperationalError):
    """No pooled connection became available in time."""


class PoolClosed(InterfaceError):
    """The pool was closed."""


# Aliases matching the other pure-Python driver's names.
PoolTimeoutError = PoolTimeout
PoolClosedError = PoolClosed


# -- what the sqlcodes mean (our own short wording of IBM's catalog) -------------

_MESSAGES: dict[int, str] = {
    -107: "record is locked",
    -111: "no record found",
    -100: "duplicate value for a record with a unique key",
    -143: "deadlock detected",
    -154: "lock wait timed out",
    -201: "a syntax error has occurred",
    -202: "an illegal character was found in the statement",
    -206: "the specified table ({}) is not in the database",
    -208: "memory allocation failed during query processing",
    -213: "statement interrupted by the user",
    -217: "column ({}) not found in any table in the query",
    -236: "the number of columns in INSERT does not match the number of VALUES",
    -239: "could not insert a new row: duplicate value in a UNIQUE INDEX column ({})",
    -240: "could not delete a row (lock or conflict)",
    -242: "could not open the table ({}): it is locked",
    -243: "could not position within a table ({})",
    -244: "could not do a physical-order read to fetch the next row ({})",
    -246: "column ({}) is named more than once",
    -254: "too many or too few host variables given",
    -255: "not in a transaction",
    -256: "transaction not available (the database has no logging)",
    -258: "system error: invalid statement id received by the server",
    -259: "cursor not open",
    -260: "a prepared SELECT must be run through a cursor",
    -262: "there is no current cursor",
    -266: "there is no current row for UPDATE/DELETE WHERE CURRENT OF ({})",
    -267: "the cursor or statement has already been released",
    -268: "unique constraint ({}) violated",
    -269: "cannot add column ({}) that does not accept nulls to a table with rows",
    -271: "could not insert a new row into the table ({})",
    -272: "no SELECT permission ({})",
    -282: "a quoted string was not terminated",
    -284: "a subquery has returned not exactly one row",
    -285: "invalid cursor received by the server",
    -290: "cursor ({}) was not declared FOR UPDATE",
    -292: "an implied insert column ({}) does not accept NULLs",
    -294: "the column ({}) must be in the GROUP BY list",
    -297: "the referenced columns are not a primary key or unique constraint ({})",
    -310: "table ({}) already exists in the database",
    -316: "index ({}) already exists in the database",
    -319: "index does not exist",
    -324: "ambiguous column ({})",
    -328: "column ({}) already exists in the table",
    -329: "database ({}) not found or no system permission",
    -330: "cannot create or drop the database ({})",
    -346: "could not update a row in the table ({})",
    -349: "no database selected",
    -365: "FOR UPDATE needs a simple SELECT from one table",
    -371: "cannot create a unique index on a column with duplicate data",
    -377: "a transaction must end before the database is closed or changed",
    -387: "no connect permission ({})",
    -391: "cannot insert a null into column ({})",
    -400: "fetch attempted on a cursor that is not open",
    -408: "invalid message type received from the server",
    -415: "data conversion error",
    -425: "the database ({}) is in use by another session",
    -482: "this operation needs a scroll cursor ({})",
    -526: "constraint name ({}) is already in use",
    -530: "check constraint ({}) failed",
    -535: "already in a transaction",
    -538: "cursor ({}) is already declared",
    -586: "cursor already open",
    -623: "constraint ({}) not found",
    -673: "routine ({}) already exists in the database",
    -691: "missing key in referenced table for referential constraint ({})",
    -692: "key value for constraint ({}) is still being referenced",
    -703: "primary key on table ({}) has a field with a null key value",
    -759: "database statements are not allowed on an explicit-database connection",
    -761: "INFORMIXSERVER ({}) does not match DBSERVERNAME or DBSERVERALIASES",
    -908: "attempt to connect to the database server ({}) failed",
    -930: "cannot connect to the database server ({})",
    -951: "incorrect password or user ({}) is not known on the database server",
    -952: "password of user ({}) is not valid",
    -953: "variable ({}) was not defined",
    -956: "client host or user ({}) is not trusted by the database server",
    -1202: "an attempt was made to divide by zero",
    -1204: "invalid year in a date",
    -1205: "invalid month in a date",
    -1206: "invalid day in a date",
    -1213: "a character to numeric conversion error occurred",
    -1214: "value too large to fit in a SMALLINT",
    -1215: "value too large to fit in an INTEGER",
    -1218: "string to date conversion error",
    -1226: "decimal or money value exceeds maximum precision",
    -1227: "value too large for a FLOAT",
    -1260: "cannot convert between the specified types ({})",
    -1262: "non-numeric character in datetime or interval",
    -1263: "a field in a datetime or interval value is incorrect or illegal",
    -1264: "extra characters at the end of a datetime or interval",
    -1266: "the intervals or datetimes are incompatible for the operation",
    -1267: "the result of a datetime computation is out of range",
    -1277: "input does not match the format specification",
    -674: "routine can not be resolved",
    -999: "not implemented yet",
    -1279: "value exceeds string column length",
    -1295: "a subquery used as a value must return exactly one column",
    -8315: "the sequence ({}) has no current value in this session (CURRVAL before NEXTVAL)",
    -8316: "the sequence ({}) is exhausted",
    -9634: "there is no cast between these types ({})",
    -9700: "routine ({}) can not be resolved",
    -32026: "savepoint ({}) not found",
}


def sql_message(sqlcode: int, near: str = "") -> str:
    """Our rendering of an sqlcode, with the server's substitution text filled in."""
    template = _MESSAGES.get(sqlcode)
    if template is None:
        return f"Informix error {sqlcode}" + (f" ({near})" if near else "")
    return (
        template.format(near) if "{}" in template else (template + (f" ({near})" if near else ""))
    )


def isam_text(isamcode: int) -> str:
    return _MESSAGES.get(isamcode, "ISAM error")


# -- sqlcode -> SQLSTATE and class ------------------------------------------------

# IBM JDBC's sqlcode -> SQLSTATE values wherever its map has the code; where it has
# none (JDBC says IX000) a standard class is given when one plainly fits (marked *).
_SQLSTATES: dict[int, str] = {
    -201: "42000",
    -206: "42000",
    -208: "S1001",
    -217: "42000",  # *
    -236: "21S01",
    -239: "23000",
    -254: "07001",
    -259: "24000",
    -260: "07005",
    -262: "24000",
    -266: "24000",  # *
    -268: "23000",
    -272: "42000",
    -284: "21000",
    -285: "24000",
    -290: "24000",  # *
    -310: "S0001",
    -316: "S0011",
    -319: "S0012",
    -371: "23000",
    -391: "23000",
    -400: "24000",
    -530: "23000",
    -586: "24000",
    -691: "23000",
    -692: "23000",
    -908: "08004",
    -930: "08004",
    -951: "28000",  # *
    -952: "28000",  # *
    -1202: "22012",
    -1204: "22008",  # *
    -1205: "22008",  # *
    -1206: "22008",  # *
    -1213: "22018",  # *
    -1214: "22003",
    -1215: "22003",
    -1218: "22007",  # *
    -1226: "22003",
    -1262: "22007",  # *
    -1263: "22007",  # *
    -1264: "22007",  # *
    -1267: "22008",  # *
    -1279: "22001",
    -32026: "3B001",  # *
}

_INTEGRITY = {-239, -268, -269, -292, -371, -391, -530, -691, -692, -703}
_PROGRAMMING = {
    -201, -202, -206, -217, -236, -254, -255, -258, -259, -260, -262, -266, -267, -272,
    -282, -284, -285, -290, -310, -316, -319, -324, -349, -365, -377, -400, -535, -538,
    -586, -674, -759, -9700, -32026,
}  # fmt: skip
_DATA = {
    -415, -1202, -1204, -1205, -1206, -1213, -1214, -1215, -1218, -1226, -1260, -1267,
    -1279, -9634,
}  # fmt: skip
_NOT_SUPPORTED = {-256}
_INTERNAL = {-208}


def _default_sqlstate(sqlcode: int | None) -> str:
    if sqlcode is None:
        return "HY000"
    return _SQLSTATES.get(sqlcode, "IX000")


def class_for(sqlcode: int) -> type[DatabaseError]:
    """The PEP 249 class of a server sqlcode."""
    if sqlcode in _INTEGRITY:
        return IntegrityError
    if sqlcode in _PROGRAMMING:
        return ProgrammingError
    if sqlcode in _DATA or -1299 <= sqlcode <= -1260:
        return DataError
    if sqlcode in _NOT_SUPPORTED:
        return NotSupportedError
    if sqlcode in _INTERNAL:
        return InternalError
    return OperationalError


def from_server(
    sqlcode: int,
    isamcode: int = 0,
    near: str = "",
    offset: int = 0,
    statement: str | None = None,
    sqlstate: str = "",
    message: str = "",
) -> DatabaseError:
    """Build the exception for an SQ_ERR (or a login rejection)."""
    cls = class_for(sqlcode)
    return cls(
        message or sql_message(sqlcode, near),
        sqlcode=sqlcode,
        isamcode=isamcode,
        sqlstate=sqlstate or None,
        near=near,
        offset=offset,
        statement=statement,
    )
