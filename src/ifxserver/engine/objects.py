"""Synonyms and sequences.

A synonym is a systables row (tabtype S public, P private) plus a syssyntable
row naming its table (btabid for this database; dbname/owner/tabname for
another one); the binder follows it to the table. A sequence is a systables
row (tabtype Q) plus its syssequences row; `seq.NEXTVAL` / `seq.CURRVAL`
compile into a call of `ifx_sequence`, whose counter lives in the Instance
like SERIAL counters: never rolled back (as in Informix).
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from . import errors
from .api import ExecResult
from .backend.errmap import Access
from .catalog.model import SequenceInfo, TableInfo
from .catalog.writer import insert_systables_row, next_tabid
from .errors import SqlError
from .sql.objects_parse import BIG, CreateSequence, CreateSynonym, DropObject

if TYPE_CHECKING:
    from .session import Session

CURRVAL_UNDEFINED = -8315  # CURRVAL before NEXTVAL in this session
SEQUENCE_EXHAUSTED = -8316  # NEXTVAL past MAXVALUE/MINVALUE without CYCLE (code unverified)


def _exists_already(session: Session, name: str, if_not_exists: bool) -> bool:
    """True when CREATE ... IF NOT EXISTS has nothing to do; -310 when the name is taken."""
    schema = session.schema(session.database or "", "main")
    if name in schema.tables or name in schema.synonyms or name in schema.sequences:
        if if_not_exists:
            return True
        raise SqlError(errors.TABLE_EXISTS, text=name)
    return False


def create_synonym(session: Session, command: CreateSynonym) -> ExecResult:
    name = command.name.text
    if _exists_already(session, name, command.if_not_exists):
        return ExecResult()
    current = session.database or ""
    remote = command.database is not None and command.database != current
    base = session.find_table(command.database, command.owner, command.table.text)
    if base.temp:
        raise SqlError(errors.TABLE_NOT_FOUND, errors.ISAM_NOT_FOUND, base.name)

    def action(conn: sqlite3.Connection) -> ExecResult:
        tabid = next_tabid(conn)
        kind = "S" if command.public else "P"
        insert_systables_row(conn, "main", TableInfo(name, session.user, tabid, (), tabtype=kind))
        conn.execute(
            'INSERT INTO main."syssyntable" (tabid, servername, dbname, owner, tabname, btabid)'
            " VALUES (?, NULL, ?, ?, ?, ?)",
            (
                tabid,
                command.database if remote else None,
                base.owner if remote else None,
                base.name if remote else None,
                None if remote else base.tabid,
            ),
        )
        return ExecResult()

    return session.run_ddl(action)


def create_sequence(session: Session, command: CreateSequence) -> ExecResult:
    name = command.name.text
    if _exists_already(session, name, command.if_not_exists):
        return ExecResult()
    ascending = command.increment > 0
    minimum = command.minimum if command.minimum is not None else (1 if ascending else -BIG)
    maximum = command.maximum if command.maximum is not None else (BIG if ascending else -1)
    start = command.start if command.start is not None else (minimum if ascending else maximum)
    if not minimum <= start <= maximum:
        raise SqlError(errors.SYNTAX, text="START WITH")

    def action(conn: sqlite3.Connection) -> ExecResult:
        tabid = next_tabid(conn)
        insert_systables_row(conn, "main", TableInfo(name, session.user, tabid, (), tabtype="Q"))
        row = conn.execute('SELECT max(seqid) FROM main."syssequences"').fetchone()
        conn.execute(
            'INSERT INTO main."syssequences" (seqid, tabid, start_val, inc_val, max_val, min_val,'
            ' cycle, restart_val, cache, "order") VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, \'1\')',
            ((row[0] or 0) + 1, tabid, start, command.increment, maximum, minimum,
             "1" if command.cycle else "0", command.cache),
        )  # fmt: skip
        return ExecResult()

    return session.run_ddl(action)


def drop_object(session: Session, command: DropObject) -> ExecResult:
    name = command.name.text
    schema = session.schema(session.database or "", "main")
    found = schema.synonyms.get(name) if command.kind == "synonym" else schema.sequences.get(name)
    if found is None:
        if command.if_exists:
            return ExecResult()
        raise SqlError(errors.TABLE_NOT_FOUND, errors.ISAM_NOT_FOUND, name)
    tabid = found.tabid

    def action(conn: sqlite3.Connection) -> ExecResult:
        for table in ("syssyntable", "syssequences", "systabauth", "systables"):
            conn.execute(f'DELETE FROM main."{table}" WHERE tabid = ?', (tabid,))
        return ExecResult()

    result = session.run_write(Access.DDL, action)
    session.instance.forget_serial(sequence_key(session.database or "", tabid))
    session.after_ddl()
    return result


def sequence_key(database: str, tabid: int) -> str:
    return f"{database}:sequence:{tabid}"


def next_value(session: Session, sequence: SequenceInfo, database: str) -> int:
    """The next value of a sequence (shared by all sessions, not rolled back)."""
    key = sequence_key(database, sequence.tabid)
    value = session.instance.advance_counter(key, lambda previous: _step(previous, sequence))
    session.currvals[key] = value
    return value


def _step(previous: int | None, sequence: SequenceInfo) -> int:
    if previous is None:
        return sequence.start
    value = previous + sequence.increment
    if sequence.minimum <= value <= sequence.maximum:
        return value
    if not sequence.cycle:
        raise SqlError(SEQUENCE_EXHAUSTED, text=sequence.name)
    return sequence.minimum if sequence.increment > 0 else sequence.maximum


def current_value(session: Session, sequence: SequenceInfo, database: str) -> int:
    key = sequence_key(database, sequence.tabid)
    if key not in session.currvals:
        raise SqlError(CURRVAL_UNDEFINED, text=sequence.name)
    return session.currvals[key]


__all__ = ["create_sequence", "create_synonym", "current_value", "drop_object", "next_value"]
