"""SPL routines in the catalog: sysprocedures, sysprocbody, sysproccolumns.

The routine's CREATE text is kept in sysprocbody (datakey `T`, 256-byte
chunks); the engine parses it again when the routine is first called in a
session (cached per schema version). sysproccolumns lists the parameters
(paramattr 1 = IN) and the returned values (5 = return value, 3 when a
routine returns several).
"""

from __future__ import annotations

import sqlite3

from informix_db.protocol.coltype import ColumnType

from ..catalog.coltypes import catalog_coltype
from . import ast

BODY_CHUNK = 256
LANG_SPL = 2  # sysroutinelangs: 0 builtin, 1 C, 2 SPL, 3 Java


def _type_names(types: list[ColumnType]) -> str:
    return ",".join(t.sql_name().lower() for t in types)


def store_routine(conn: sqlite3.Connection, routine: ast.Routine, owner: str) -> int:
    row = conn.execute('SELECT max(procid) FROM main."sysprocedures"').fetchone()
    procid = max((row[0] or 0) + 1, 1)
    conn.execute(
        'INSERT INTO main."sysprocedures" (procname, owner, procid, mode, retsize, symsize,'
        " datasize, codesize, numargs, isproc, paramstyle, langid, paramtypes, variant, client,"
        " handlesnulls, iterator, percallcost, internal, stack, parallelizable)"
        " VALUES (?, ?, ?, 'O', ?, 0, 0, ?, ?, ?, 'I', ?, ?, 1, 0, 1, ?, 0, 0, 0, 0)",
        (
            routine.name,
            owner,
            procid,
            len(routine.returns),
            len(routine.text),
            len(routine.params),
            "f" if routine.is_function else "t",
            LANG_SPL,
            _type_names([p.type for p in routine.params]),
            int(routine.resumes),
        ),
    )
    chunks = [routine.text[i : i + BODY_CHUNK] for i in range(0, len(routine.text), BODY_CHUNK)]
    conn.executemany(
        "INSERT INTO main.\"sysprocbody\" (procid, datakey, seqno, data) VALUES (?, 'T', ?, ?)",
        [(procid, seqno, chunk) for seqno, chunk in enumerate(chunks, 1)],
    )
    _store_columns(conn, procid, routine)
    return procid


def _store_columns(conn: sqlite3.Connection, procid: int, routine: ast.Routine) -> None:
    rows = []
    for paramid, param in enumerate(routine.params, 1):
        coltype, length, xid = catalog_coltype(param.type)
        rows.append((procid, paramid, param.name, coltype & 0xFF, length, xid, 1))
    attr = 3 if len(routine.returns) > 1 else 5
    for offset, returned in enumerate(routine.returns, len(routine.params) + 1):
        coltype, length, xid = catalog_coltype(returned.type)
        rows.append((procid, offset, returned.name or "", coltype & 0xFF, length, xid, attr))
    conn.executemany(
        'INSERT INTO main."sysproccolumns" (procid, paramid, paramname, paramtype, paramlen,'
        " paramxid, paramattr) VALUES (?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


def find_procid(conn: sqlite3.Connection, name: str) -> tuple[int, bool] | None:
    """(procid, is_procedure) of the routine called `name`, or None."""
    row = conn.execute(
        'SELECT procid, isproc FROM main."sysprocedures" WHERE procname = ? AND langid = ?',
        (name, LANG_SPL),
    ).fetchone()
    return None if row is None else (int(row[0]), row[1] == "t")


def routine_text(conn: sqlite3.Connection, procid: int) -> str:
    chunks = conn.execute(
        "SELECT data FROM main.\"sysprocbody\" WHERE procid = ? AND datakey = 'T' ORDER BY seqno",
        (procid,),
    ).fetchall()
    return "".join(str(data).ljust(BODY_CHUNK) for (data,) in chunks)


def delete_routine(conn: sqlite3.Connection, procid: int) -> None:
    for table in ("sysprocbody", "sysproccolumns", "sysprocplan", "sysprocauth", "sysprocedures"):
        conn.execute(f'DELETE FROM main."{table}" WHERE procid = ?', (procid,))
