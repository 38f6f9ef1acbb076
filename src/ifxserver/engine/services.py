"""Services a session offers its statements: SERIAL counters, column defaults, the
host side of the SQLite functions (CURRENT, USER, DBINFO, sequences) and SPL calls.

A mixin of `Session`; the attributes it relies on are set by Session.__init__.
"""

from __future__ import annotations

import datetime as dt
import socket
import sqlite3
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from .api import ExecResult
from .catalog.model import ColumnInfo, DatabaseSchema, TableInfo
from .catalog.schema import INTERNAL_SERIALS
from .compile.dml import default_sql, serial_key
from .errors import SqlError
from .types.convert import ConvEnv

if TYPE_CHECKING:
    from .instance import Instance


class SessionServices:
    instance: Instance
    id: int
    user: str
    conv: ConvEnv
    database: str | None
    conn: sqlite3.Connection | None
    pending_error: SqlError | None
    assigned_serial: int | None
    currvals: dict[str, int]
    _now: dt.datetime
    _last: ExecResult

    if TYPE_CHECKING:

        def require_conn(self) -> sqlite3.Connection: ...

        def schema(self, database: str, alias: str) -> DatabaseSchema: ...

    # -- SERIAL
    def prepare_serial(self, table: TableInfo, column: ColumnInfo) -> None:
        """Load the table's serial counter into the instance before the first insert."""
        key = self._serial_key(table)
        if self.instance.has_serial(key):
            return
        conn = self.require_conn()
        high = table.serial_start - 1
        row = conn.execute(f'SELECT max("{column.name}") FROM {table.qualified}').fetchone()
        if row and row[0] is not None:
            high = max(high, int(row[0]))
        if not table.temp:
            stored = conn.execute(
                f'SELECT high FROM {table.schema}."{INTERNAL_SERIALS}" WHERE tabid = ?',
                (table.tabid,),
            ).fetchone()
            if stored and stored[0] is not None:
                high = max(high, int(stored[0]))
        self.instance.init_serial(key, high)

    def _serial_key(self, table: TableInfo) -> str:
        key = serial_key(table)
        return f"s{self.id}:{key}" if table.temp else key

    def serial_value(self, key: str, value: object) -> int:
        if key.startswith("temp:"):
            key = f"s{self.id}:{key}"
        number = None if value is None else int(value)  # type: ignore[call-overload]
        assigned = self.instance.serial_value(key, number)
        self.assigned_serial = assigned
        return assigned

    def persist_serial(self, conn: sqlite3.Connection, table: TableInfo, value: int) -> None:
        if table.temp:
            return
        conn.execute(
            f'UPDATE {table.schema}."{INTERNAL_SERIALS}" SET high = max(coalesce(high, 0), ?) '
            "WHERE tabid = ?",
            (value, table.tabid),
        )

    def default_value(self, column: ColumnInfo) -> object:
        """Storage value of a column's default (for a bound value flagged `is_default`)."""
        conn = self.require_conn()
        row = conn.execute(f"SELECT {default_sql(column, self.conv)}").fetchone()
        return row[0] if row else None

    # -- UDF host
    def statement_time(self) -> dt.datetime:
        return self._now

    def user_name(self) -> str:
        return self.user

    def server_name(self) -> str:
        return self.instance.server_name

    def dbinfo(self, args: tuple[object, ...]) -> object:
        option = str(args[0]).lower() if args else ""
        version = self.instance.version
        release = version.rsplit(" ", 1)[-1]
        answers: dict[str, Callable[[], object]] = {
            "dbname": lambda: self.database,
            "sessionid": lambda: self.id,
            "sqlca.sqlerrd1": lambda: self._last.serial,
            "sqlca.sqlerrd2": lambda: self._last.rowcount,
            "serial8": lambda: self._last.serial8,
            "bigserial": lambda: self._last.bigserial,
            "dbhostname": socket.gethostname,
            "utc_current": lambda: int(time.time()),
            "dbspace": lambda: "rootdbs",
        }
        if option == "version":
            part = str(args[1]).lower() if len(args) > 1 else "full"
            pieces = {
                "full": version,
                "server-type": version.split(" Version")[0],
                "major": release.split(".")[0],
                "minor": release.split(".")[1][:2] if "." in release else "",
                "level": release.split(".")[1][2:] if "." in release else "",
                "os": "U",
            }
            return pieces.get(part, version)
        answer = answers.get(option)
        return answer() if answer is not None else None
