"""`Instance`: one per server process; the database registry and shared state.

Shared across sessions (all under one lock): the registry of databases
(persisted in sysmaster's `sysdatabases` / `sysdbslocale`), which sessions
have which database open, schema versions (bumped by DDL so other sessions
reload their catalogs), and SERIAL counters (never rolled back, as in Informix).
"""

from __future__ import annotations

import contextlib
import itertools
import pathlib
import shutil
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from informix_db.protocol.codes import DBFLAG_ANSI, DBFLAG_LOGGED, DBFLAG_ONLINE

from . import errors
from .backend.connection import open_connection
from .catalog.bootstrap import create_database_file
from .catalog.writer import today_days
from .errors import SqlError
from .types.chars import DEFAULT_LOCALE

if TYPE_CHECKING:
    from .session import Session

SYSMASTER = "sysmaster"
VERSION = "IBM Informix Dynamic Server Version 14.10.FC7W1DE"
FILE_SUFFIX = ".ifxdb"
_RESERVED = (SYSMASTER, "sysutils", "sysuser", "sysadmin", "sysha")


@dataclass(frozen=True)
class DatabaseInfo:
    name: str
    path: pathlib.Path
    logging: str  # none | unbuffered | buffered | ansi
    owner: str
    locale: str

    @property
    def logged(self) -> bool:
        return self.logging != "none"

    @property
    def ansi(self) -> bool:
        return self.logging == "ansi"

    @property
    def flags(self) -> int:
        """DBOPEN warning flags: 0x05 logged, 0x07 ANSI, 0x04 unlogged."""
        flags = DBFLAG_ONLINE
        if self.logged:
            flags |= DBFLAG_LOGGED
        if self.ansi:
            flags |= DBFLAG_ANSI
        return flags


class Instance:
    def __init__(self, data_dir: pathlib.Path | None = None, server_name: str = "informix") -> None:
        self.server_name = server_name
        self.version = VERSION
        self.durable = data_dir is not None
        self._owned_dir: pathlib.Path | None = None
        if data_dir is None:
            shm = pathlib.Path("/dev/shm")
            base = str(shm) if shm.is_dir() else None
            data_dir = pathlib.Path(tempfile.mkdtemp(prefix="ifxserver-", dir=base))
            self._owned_dir = data_dir
        data_dir.mkdir(parents=True, exist_ok=True)
        self.data_dir = data_dir
        self.lock = threading.RLock()
        self._registry: dict[str, DatabaseInfo] = {}
        self._open: dict[str, set[int]] = {}
        self._versions: dict[str, int] = {}
        self._serials: dict[str, int] = {}
        self._session_ids = itertools.count(1)
        self._closed = False
        self._start_sysmaster()

    # -- sysmaster -----------------------------------------------------------------------
    def _path(self, name: str) -> pathlib.Path:
        return self.data_dir / f"{name}{FILE_SUFFIX}"

    def _start_sysmaster(self) -> None:
        path = self._path(SYSMASTER)
        if not path.exists():
            create_database_file(
                path, owner="informix", locale=DEFAULT_LOCALE, sysmaster=True, durable=self.durable
            )
        self._master = open_connection(path, None, durable=self.durable)
        with self.lock:
            if not self._load_registry():
                self._record_database(
                    DatabaseInfo(SYSMASTER, path, "unbuffered", "informix", DEFAULT_LOCALE)
                )

    def _load_registry(self) -> bool:
        rows = self._master.execute(
            "SELECT d.name, d.owner, d.is_logging, d.is_buff_log, d.is_ansi, l.dbs_collate "
            'FROM "sysdatabases" d LEFT JOIN "sysdbslocale" l ON l.dbs_dbsname = d.name'
        ).fetchall()
        for name, owner, logging, buffered, ansi, locale in rows:
            mode = (
                "ansi" if ansi else "buffered" if buffered else "unbuffered" if logging else "none"
            )
            info = DatabaseInfo(name, self._path(name), mode, owner, locale or DEFAULT_LOCALE)
            if info.path.exists():
                self._registry[name] = info
        return bool(rows)

    def _record_database(self, info: DatabaseInfo) -> None:
        flags = {"none": 0, "unbuffered": 1, "buffered": 2, "ansi": 4}[info.logging]
        with self._master_transaction():
            self._master.execute(
                'INSERT INTO "sysdatabases" (name, partnum, owner, created, is_logging,'
                " is_buff_log, is_ansi, is_nls, is_case_insens, flags)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, ?)",
                (
                    info.name,
                    0x100000 + len(self._registry) + 1,
                    info.owner,
                    today_days(),
                    int(info.logged),
                    int(info.logging == "buffered"),
                    int(info.ansi),
                    flags,
                ),
            )
            self._master.execute(
                'INSERT INTO "sysdbslocale" (dbs_dbsname, dbs_collate) VALUES (?, ?)',
                (info.name, info.locale),
            )
        self._registry[info.name] = info

    @contextlib.contextmanager
    def _master_transaction(self) -> Iterator[None]:
        self._master.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._master.execute("ROLLBACK")
            raise
        self._master.execute("COMMIT")

    # -- public interface -------------------------------------------------------------------
    def session(self, user: str, env: Mapping[str, str]) -> Session:
        from .session import Session

        return Session(self, user, dict(env), next(self._session_ids))

    def databases(self) -> list[str]:
        with self.lock:
            return sorted(self._registry)

    def close(self) -> None:
        with self.lock:
            if self._closed:
                return
            self._closed = True
            self._master.close()
        if self._owned_dir is not None:
            shutil.rmtree(self._owned_dir, ignore_errors=True)

    # -- registry operations used by sessions ------------------------------------------------------
    def database(self, name: str) -> DatabaseInfo:
        with self.lock:
            info = self._registry.get(name)
        if info is None:
            raise SqlError(errors.DATABASE_NOT_FOUND, errors.ISAM_NOT_FOUND, name)
        return info

    def create_database(self, name: str, logging: str, owner: str, locale: str) -> DatabaseInfo:
        with self.lock:
            if name in self._registry or name in _RESERVED:
                raise SqlError(errors.DATABASE_EXISTS, text=name)
            path = self._path(name)
            for stale in _files(path):
                stale.unlink(missing_ok=True)
            create_database_file(path, owner=owner, locale=locale, durable=self.durable)
            info = DatabaseInfo(name, path, logging, owner, locale)
            self._record_database(info)
            self.bump_schema(name)  # cached plans of a dropped namesake must not match
            return info

    def drop_database(self, name: str) -> None:
        with self.lock:
            if name in _RESERVED:
                raise SqlError(errors.NO_CONNECT_PERMISSION, text=name)
            info = self.database(name)
            if self._open.get(name):
                raise SqlError(errors.DATABASE_IN_USE, text=name)
            with self._master_transaction():
                self._master.execute('DELETE FROM "sysdatabases" WHERE name = ?', (name,))
                self._master.execute('DELETE FROM "sysdbslocale" WHERE dbs_dbsname = ?', (name,))
            del self._registry[name]
            self._serials = {k: v for k, v in self._serials.items() if not k.startswith(name + ":")}
            for path in _files(info.path):
                path.unlink(missing_ok=True)

    def opened(self, name: str, session_id: int) -> None:
        with self.lock:
            self._open.setdefault(name, set()).add(session_id)

    def closed(self, name: str, session_id: int) -> None:
        with self.lock:
            self._open.get(name, set()).discard(session_id)

    def schema_version(self, name: str) -> int:
        with self.lock:
            return self._versions.get(name, 0)

    def bump_schema(self, name: str) -> None:
        with self.lock:
            self._versions[name] = self._versions.get(name, 0) + 1

    # -- SERIAL counters ---------------------------------------------------------------------------
    def has_serial(self, key: str) -> bool:
        with self.lock:
            return key in self._serials

    def init_serial(self, key: str, high: int) -> None:
        with self.lock:
            self._serials.setdefault(key, high)

    def forget_serial(self, key: str) -> None:
        with self.lock:
            self._serials.pop(key, None)

    def serial_value(self, key: str, value: int | None) -> int:
        """Assign a serial: 0/NULL takes the next value; a larger one moves the counter."""
        with self.lock:
            high = self._serials.get(key, 0)
            if value is None or value == 0:
                value = high + 1
            self._serials[key] = max(high, value)
            return value

    def advance_counter(self, key: str, step: Callable[[int | None], int]) -> int:
        """Move a sequence counter (None before its first value) under the lock."""
        with self.lock:
            value = step(self._serials.get(key))
            self._serials[key] = value
            return value

    def refresh_systabnames(self) -> None:
        """Rebuild sysmaster:systabnames from every database's systables."""
        with self.lock:
            rows: list[tuple[object, ...]] = []
            for info in self._registry.values():
                try:
                    source = sqlite3.connect(f"file:{info.path}?mode=ro", uri=True)
                    try:
                        for tabname, owner, partnum in source.execute(
                            'SELECT tabname, owner, partnum FROM "systables" '
                            "WHERE tabtype IN ('T', 'V')"
                        ):
                            rows.append((partnum, info.name, owner, tabname, info.locale))
                    finally:
                        source.close()
                except sqlite3.Error:
                    continue
            with self._master_transaction():
                self._master.execute('DELETE FROM "systabnames"')
                self._master.executemany(
                    'INSERT INTO "systabnames" (partnum, dbsname, owner, tabname, "collate") '
                    "VALUES (?, ?, ?, ?, ?)",
                    rows,
                )


def _files(path: pathlib.Path) -> list[pathlib.Path]:
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


__all__ = ["DatabaseInfo", "Instance"]
