"""`Session`: one client connection's database, transaction and settings.

Transactions (sqli-protocol.md §6): in a logged database each statement is its
own transaction unless BEGIN WORK opened one; an ANSI database always has one
open (started implicitly by the first statement); an unlogged database has
none. Inside a transaction every statement runs under a SQLite savepoint, so
a failing statement rolls back alone and the transaction continues.

SQLite locks the whole database file for writing, and it will not wait for that
lock when a transaction that has already read asks for it. So a transaction
starts as a read snapshot, renewed per statement (committed read sees the last
committed rows); its first write, or SELECT ... FOR UPDATE, starts over with
BEGIN IMMEDIATE, which waits as long as SET LOCK MODE allows. Nothing is lost
by starting over: the transaction had written nothing, and its savepoints are
set again.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

from informix_db.protocol.coltype import ColumnType

from . import errors
from .api import ExecResult
from .backend.connection import DEFAULT_BUSY_MS, open_connection, set_busy_timeout
from .backend.errmap import Access, map_error
from .catalog.constraints import CheckConstraint
from .catalog.model import (
    DatabaseSchema,
    SequenceInfo,
    TableInfo,
    UniqueKey,
    load_schema,
)
from .errors import SqlError
from .instance import DatabaseInfo
from .prepared import Plan, Prepared
from .services import SessionServices
from .spl.ast import Routine
from .types.chars import codec_for_locale
from .types.convert import ConvEnv
from .types.temporal import DateFormat

if TYPE_CHECKING:
    from .instance import Instance

T = TypeVar("T")
PLAN_CACHE_SIZE = 256
LOCK_GRACE_MS = 500  # NOT WAIT still absorbs SQLite's database-wide write lock for this long
WAIT_FOREVER_MS = 60_000  # WAIT without a limit is bounded: a test must never hang


class Session(SessionServices):
    def __init__(self, instance: Instance, user: str, env: dict[str, str], session_id: int) -> None:
        self.instance = instance
        self.user = user
        self.env = env
        self.id = session_id
        self.delimident = env.get("DELIMIDENT", "").strip().lower() not in ("", "n", "no", "0")
        self.conv = ConvEnv(DateFormat.parse(env.get("DBDATE")), clock=self.statement_time)
        self.database: str | None = None
        self.db: DatabaseInfo | None = None
        self.conn: sqlite3.Connection | None = None
        self.isolation = "committed read"
        self.lock_wait = 0
        self.pending_error: SqlError | None = None
        self.assigned_serial: int | None = None
        self.temp_tables: dict[str, TableInfo] = {}
        self.temp_checks: dict[str, list[CheckConstraint]] = {}
        self.routines: dict[tuple[str, str], tuple[int, Routine]] = {}
        # Called before COMMIT/ROLLBACK ends a transaction (the protocol layer closes
        # cursors there, and reads WITH HOLD ones to the end).
        self.before_transaction_end: Callable[[], None] | None = None
        self.interrupted: str | None = None  # set by another thread: cancel or timeout
        self.currvals: dict[str, int] = {}  # sequence -> the last NEXTVAL of this session
        self.temp_version = 0
        self._txn = False
        self._holds_write_lock = False  # the SQLite transaction began IMMEDIATE
        self._pinned = False  # it wrote temp tables only: it cannot start over
        self._savepoints: list[str] = []  # user savepoints of the open transaction
        # Cursor name -> rowid of its current row, for WHERE CURRENT OF (the
        # protocol layer knows the cursors and their names).
        self.cursor_rowid: Callable[[str], int] | None = None
        self._ddl_in_txn = False
        self._now = dt.datetime.now()
        self._schemas: dict[str, tuple[int, DatabaseSchema]] = {}
        self._attached: dict[str, str] = {}
        self._plans: OrderedDict[tuple[object, ...], Plan] = OrderedDict()
        self._last = ExecResult()
        self._busy_ms = -1

    # -- state ---------------------------------------------------------------------------------
    @property
    def logged(self) -> bool:
        return self.db is not None and self.db.logged

    @property
    def ansi(self) -> bool:
        return self.db is not None and self.db.ansi

    @property
    def in_transaction(self) -> bool:
        return self._txn

    def require_conn(self) -> sqlite3.Connection:
        if self.conn is None:
            raise SqlError(errors.NO_DATABASE)
        return self.conn

    # -- cancel (another thread calls `interrupt`) ----------------------------------------------
    def interrupt(self, reason: str) -> None:
        self.interrupted = reason
        conn = self.conn
        if conn is not None:
            conn.interrupt()

    def clear_interrupt(self) -> None:
        self.interrupted = None

    def check_interrupt(self) -> None:
        """Python-side work (routines, IFX_SLEEP) stops here once the client cancelled."""
        if self.interrupted is not None:
            raise SqlError(errors.INTERRUPTED)

    # -- databases -----------------------------------------------------------------------------
    def open_database(self, name: str) -> int:
        name = name.strip().lower()
        self._check_can_leave()
        info = self.instance.database(name)
        self._disconnect()
        self.conn = open_connection(info.path, self, durable=self.instance.durable)
        self.db, self.database = info, name
        self.conv.codec = codec_for_locale(info.locale)
        self.conv.ansi = info.ansi
        self.isolation = "repeatable read" if info.ansi else "committed read"
        self.instance.opened(name, self.id)
        return info.flags

    def close_database(self) -> None:
        if self.conn is None:
            raise SqlError(errors.NO_DATABASE)
        self._check_can_leave()
        self._disconnect()

    def _check_can_leave(self) -> None:
        if self._txn and self.conn is not None and (not self.ansi or self.conn.in_transaction):
            raise SqlError(errors.CLOSE_WITH_OPEN_TRANSACTION)

    def _disconnect(self) -> None:
        if self.conn is not None:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            self.conn.close()
        if self.database is not None:
            self.instance.closed(self.database, self.id)
        self.conn, self.db, self.database = None, None, None
        self._forget_transaction()
        self.temp_tables.clear()
        self.temp_checks.clear()
        self.temp_version += 1
        self._schemas.clear()
        self._attached.clear()
        self._plans.clear()
        self.routines.clear()
        self._busy_ms = -1

    def close(self) -> None:
        try:
            self._disconnect()
        except sqlite3.Error:
            self.conn = None

    # -- transactions
    def begin(self) -> None:
        conn = self.require_conn()
        if not self.logged:
            raise SqlError(errors.NO_TRANSACTIONS)
        if self._txn:
            raise SqlError(errors.ALREADY_IN_TRANSACTION)
        if conn.in_transaction:  # left over from an abandoned transaction
            conn.execute("ROLLBACK")
        self._txn = True  # SQLite's transaction starts with the first statement

    def _forget_transaction(self) -> None:
        self._txn = False
        self._holds_write_lock = False
        self._pinned = False
        self._savepoints.clear()

    def commit(self) -> None:
        self._end_transaction("COMMIT")

    def rollback(self) -> None:
        self._end_transaction("ROLLBACK")

    def _end_transaction(self, verb: str) -> None:
        conn = self.require_conn()
        if not self.logged:
            raise SqlError(errors.NO_TRANSACTIONS)
        if not self._txn:
            if self.ansi:
                return  # ANSI: a transaction is always in effect, ending an empty one is fine
            raise SqlError(errors.NOT_IN_TRANSACTION)
        if self.before_transaction_end is not None:
            self.before_transaction_end()
        try:
            if conn.in_transaction:
                conn.execute(verb)
        except sqlite3.Error as error:
            raise self._map(error, Access.UPDATE) from None
        finally:
            if not conn.in_transaction:
                self._forget_transaction()
        if self._ddl_in_txn and self.database is not None:
            self.instance.bump_schema(self.database)
            self._ddl_in_txn = False

    def savepoint(self, action: str, name: str | None) -> None:
        conn = self.require_conn()
        if not self.logged:
            raise SqlError(errors.NO_TRANSACTIONS)
        self._ensure_ansi_transaction()
        if not self._txn:
            raise SqlError(errors.NOT_IN_TRANSACTION)
        name = name or ""
        if action == "savepoint":
            if not conn.in_transaction:
                self._restart(conn, "BEGIN")
            conn.execute(f"SAVEPOINT {_savepoint_sql(name)}")
            self._savepoints.append(name)
            return
        if name not in self._savepoints:
            raise SqlError(errors.SAVEPOINT_MISSING, text=name)
        level = len(self._savepoints) - 1 - self._savepoints[::-1].index(name)
        if action == "release":
            conn.execute(f"RELEASE SAVEPOINT {_savepoint_sql(name)}")
            del self._savepoints[level:]
        else:
            conn.execute(f"ROLLBACK TO SAVEPOINT {_savepoint_sql(name)}")
            del self._savepoints[level + 1 :]

    def _ensure_ansi_transaction(self) -> None:
        if self.ansi and not self._txn and self.conn is not None:
            self._txn = True

    def set_lock_wait(self, seconds: int) -> None:
        self.lock_wait = seconds

    # -- running statements
    def _start_statement(self) -> sqlite3.Connection:
        conn = self.require_conn()
        self._now = dt.datetime.now()
        self.pending_error = None
        self.assigned_serial = None
        wanted = self._busy_timeout()
        if wanted != self._busy_ms:
            set_busy_timeout(conn, wanted)
            self._busy_ms = wanted
        self._ensure_ansi_transaction()
        return conn

    def _enter_transaction(self, conn: sqlite3.Connection, write: bool, immediate: bool) -> None:
        """Make the SQLite transaction fit the statement about to run (see the module notes)."""
        if self._holds_write_lock:
            return
        if write and immediate and not self._pinned:
            self._restart(conn, "BEGIN IMMEDIATE")
            self._holds_write_lock = True
        elif write:
            if not conn.in_transaction:
                self._restart(conn, "BEGIN")
            self._pinned = True  # temp rows or an in-place upgrade: no starting over now
        elif not conn.in_transaction or (not self._pinned and self._fresh_reads):
            self._restart(conn, "BEGIN")

    @property
    def _fresh_reads(self) -> bool:
        """Each statement reads the last committed rows, except at REPEATABLE READ."""
        return self.isolation not in ("repeatable read", "serializable")

    def _restart(self, conn: sqlite3.Connection, begin: str) -> None:
        """End the read-only SQLite transaction and begin again; savepoints are set anew."""
        if conn.in_transaction:
            conn.execute("COMMIT")
        conn.execute(begin)
        for name in self._savepoints:
            conn.execute(f"SAVEPOINT {_savepoint_sql(name)}")

    def _busy_timeout(self) -> int:
        if self.lock_wait == 0:
            return LOCK_GRACE_MS
        if self.lock_wait < 0:
            return WAIT_FOREVER_MS
        return max(self.lock_wait * 1000, DEFAULT_BUSY_MS)

    def _map(
        self,
        error: BaseException,
        access: Access,
        keys: Sequence[UniqueKey] = (),
        table: str = "",
    ) -> SqlError:
        if isinstance(error, SqlError):
            return error
        if self.pending_error is not None:
            found, self.pending_error = self.pending_error, None
            return found
        assert isinstance(error, sqlite3.Error)
        return map_error(
            error,
            access=access,
            logged=self.logged,
            keys=keys,
            lock_timed=self.lock_wait != 0,
            table=table,
        )

    def run_write(
        self,
        access: Access,
        action: Callable[[sqlite3.Connection], T],
        keys: Sequence[UniqueKey] = (),
        immediate: bool = True,
        table: str = "",
    ) -> T:
        """One writing statement; `table` names its target in a lock error."""
        conn = self._start_statement()
        if self._txn:
            try:
                self._enter_transaction(conn, write=True, immediate=immediate)
            except sqlite3.Error as error:
                raise self._map(error, access, keys, table) from None
            conn.execute("SAVEPOINT ifx_statement")
            try:
                result = action(conn)
            except (SqlError, sqlite3.Error) as error:
                self._undo_statement(conn)
                raise self._map(error, access, keys, table) from None
            conn.execute("RELEASE ifx_statement")
            return result
        try:
            conn.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
            result = action(conn)
            conn.execute("COMMIT")
        except (SqlError, sqlite3.Error) as error:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise self._map(error, access, keys, table) from None
        return result

    def _undo_statement(self, conn: sqlite3.Connection) -> None:
        if conn.in_transaction:
            conn.execute("ROLLBACK TO ifx_statement")
            conn.execute("RELEASE ifx_statement")
        else:
            self._forget_transaction()  # SQLite abandoned the whole transaction

    def run_query(
        self, sql: str, args: list[object], for_update: bool = False, table: str = ""
    ) -> sqlite3.Cursor:
        """A SELECT; FOR UPDATE first takes the write lock an UPDATE of `table` would."""
        conn = self._start_statement()
        try:
            if for_update:
                self._lock_for_update(conn)
            elif self._txn:
                self._enter_transaction(conn, write=False, immediate=False)
            return conn.execute(sql, args)
        except sqlite3.Error as error:
            raise self._map(error, Access.READ, table=table) from None

    def _lock_for_update(self, conn: sqlite3.Connection) -> None:
        """Inside a transaction the lock is kept to its end; outside one (each
        statement its own transaction) it is only checked."""
        if self._txn:
            self._enter_transaction(conn, write=True, immediate=True)
        elif not conn.in_transaction:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("COMMIT")

    def current_rowid(self, cursor_name: str) -> int:
        if self.cursor_rowid is None:
            raise SqlError(errors.NO_CURRENT_CURSOR, text=cursor_name)
        return self.cursor_rowid(cursor_name)

    def map_read_error(self, error: sqlite3.Error) -> SqlError:
        return self._map(error, Access.READ)

    # -- routines
    def find_routine(self, name: str) -> Routine | None:
        from .spl.plans import find_routine

        return find_routine(self, name)

    def find_sequence(self, name: str) -> SequenceInfo | None:
        if self.conn is None:
            return None
        return self.schema(self.database or "", "main").sequences.get(name)

    def sequence_value(self, name: str, operation: str) -> int:
        from .objects import current_value, next_value

        sequence = self.find_sequence(name)
        if sequence is None:
            raise SqlError(errors.TABLE_NOT_FOUND, errors.ISAM_NOT_FOUND, name)
        if operation == "nextval":
            return next_value(self, sequence, self.database or "")
        return current_value(self, sequence, self.database or "")

    def call_function(self, name: str, arguments: tuple[object, ...]) -> object:
        from .spl.plans import call_function

        saved = self._now, self.pending_error, self.assigned_serial
        try:
            return call_function(self, name, list(arguments))
        finally:
            self._now, self.pending_error, self.assigned_serial = saved

    def guard(self, action: Callable[[], T]) -> T:
        """Run Python-side work of a statement (binding), mapping stray errors."""
        with errors.reported_as(errors.INTERNAL):
            return action()

    def guard_fetch(self, action: Callable[[], T]) -> T:
        with errors.reported_as(errors.INTERNAL):
            try:
                return action()
            except sqlite3.Error as error:
                raise self._map(error, Access.READ) from None

    def record_result(self, result: ExecResult) -> None:
        self._last = result

    def run_ddl(self, action: Callable[[sqlite3.Connection], ExecResult]) -> ExecResult:
        """A schema change of the current database: one write, then catalogs reload."""
        result = self.run_write(Access.DDL, action)
        self.after_ddl()
        return result

    def after_ddl(self) -> None:
        if self.database is None:
            return
        self._schemas.pop(self.database, None)
        self.instance.bump_schema(self.database)
        if self._txn:
            self._ddl_in_txn = True

    # -- preparing
    def prepare(self, sql: str) -> Prepared:
        return Prepared(self, self._plan(sql, {}))

    def plan_with_variables(self, sql: str, variables: dict[str, ColumnType]) -> Plan:
        """A statement inside a routine: unclaimed names are the routine's variables."""
        return self._plan(sql, variables)

    def _plan(self, sql: str, variables: dict[str, ColumnType]) -> Plan:
        from .planner import plan_statement

        key = (
            sql,
            tuple((name, ct.code, ct.length) for name, ct in sorted(variables.items())),
            self.delimident,
            self.env.get("DBDATE"),
            self.database,
            self.db.logging if self.db is not None else None,
            self.instance.schema_version(self.database or ""),
            self.temp_version,
        )
        plan = self._plans.get(key)
        if plan is None:
            with errors.reported_as(errors.SYNTAX):
                plan = plan_statement(self, sql, variables)
            if plan.cacheable:
                self._plans[key] = plan
                if len(self._plans) > PLAN_CACHE_SIZE:
                    self._plans.popitem(last=False)
        else:
            self._plans.move_to_end(key)
        return plan

    # -- catalog
    def find_table(self, database: str | None, owner: str | None, name: str) -> TableInfo:
        self.require_conn()
        current = self.database or ""
        if database is None or database == current:
            if owner is None and name in self.temp_tables:
                return self.temp_tables[name]
            schema = self.schema(current, "main")
        else:
            schema = self.schema(database, self._attach(database))
        table = schema.table(name)
        synonym = schema.synonyms.get(name) if table is None else None
        if synonym is not None:
            if synonym.base_tabid is None:
                return self.find_table(
                    synonym.database, synonym.base_owner, synonym.base_name or ""
                )
            table = schema.by_tabid(synonym.base_tabid)
            owner = None
        if table is None or (owner is not None and owner.lower() != table.owner.lower()):
            raise SqlError(errors.TABLE_NOT_FOUND, errors.ISAM_NOT_FOUND, name)
        if (database or current) == "sysmaster" and name == "systabnames":
            self.instance.refresh_systabnames()
        return table

    def schema(self, database: str, alias: str) -> DatabaseSchema:
        version = self.instance.schema_version(database)
        cached = self._schemas.get(database)
        if cached is not None and cached[0] == version:
            return cached[1]
        loaded = load_schema(self.require_conn(), database, alias)
        self._schemas[database] = (version, loaded)
        return loaded

    def _attach(self, database: str) -> str:
        alias = self._attached.get(database)
        if alias is not None:
            return alias
        info = self.instance.database(database)
        conn = self.require_conn()
        if conn.in_transaction:
            raise SqlError(errors.CROSS_DATABASE_TRANSACTION, text=database)
        alias = f"db{len(self._attached) + 1}"
        try:
            conn.execute(f'ATTACH DATABASE ? AS "{alias}"', (str(info.path),))
        except sqlite3.Error:
            raise SqlError(errors.DATABASE_NOT_FOUND, errors.ISAM_NOT_FOUND, database) from None
        self._attached[database] = alias
        return alias

    def add_temp_table(self, table: TableInfo) -> None:
        self.temp_tables[table.name] = table
        self.temp_version += 1

    def drop_temp_table(self, name: str) -> None:
        self.temp_tables.pop(name, None)
        self.temp_checks.pop(name, None)
        self.temp_version += 1


def _savepoint_sql(name: str) -> str:
    return '"sp_' + name.replace('"', '""') + '"'
