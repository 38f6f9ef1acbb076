"""SQLite connections: one per session and database file, WAL, our UDFs."""

from __future__ import annotations

import pathlib
import sqlite3

from .udfs import UdfHost, register

# SQLite's own wait for a lock before reporting SQLITE_BUSY. The engine sets
# it per statement from the session's lock mode (see the notes).
DEFAULT_BUSY_MS = 500


def open_connection(
    path: pathlib.Path, host: UdfHost | None, *, durable: bool
) -> sqlite3.Connection:
    conn = sqlite3.connect(
        str(path), isolation_level=None, check_same_thread=False, cached_statements=256
    )
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(f"PRAGMA synchronous={'NORMAL' if durable else 'OFF'}")
    conn.execute("PRAGMA temp_store=MEMORY")
    conn.execute(f"PRAGMA busy_timeout={DEFAULT_BUSY_MS}")
    if host is not None:
        register(conn, host)
    else:
        from ..types.decimals import compare_text

        conn.create_collation("IFXDEC", compare_text)
    return conn


def set_busy_timeout(conn: sqlite3.Connection, milliseconds: int) -> None:
    conn.execute(f"PRAGMA busy_timeout={max(milliseconds, 0)}")
