"""Referential and check constraints as the catalog records them.

sysconstraints holds every constraint (R referential, C check); sysreferences
links a referential constraint to the primary-key or unique constraint it
points at (and its delete rule); syschecks keeps a check's text in 32-byte
chunks, syscoldepend the columns it reads. The engine enforces both kinds
with SQLite triggers generated from these rows (see engine/constraints.py).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

CHECK_CHUNK = 32


@dataclass(frozen=True)
class ForeignKey:
    constrid: int
    name: str
    owner: str
    child_tabid: int
    child_columns: tuple[int, ...]  # colnos
    parent_tabid: int
    parent_columns: tuple[int, ...]
    cascade: bool


@dataclass(frozen=True)
class CheckConstraint:
    constrid: int
    name: str
    owner: str
    tabid: int
    text: str


def _index_columns(
    conn: sqlite3.Connection, schema: str, index: str, tabid: int
) -> tuple[int, ...]:
    parts = ", ".join(f"part{n}" for n in range(1, 17))
    row = conn.execute(
        f'SELECT {parts} FROM {schema}."sysindices" WHERE idxname = ? AND tabid = ?',
        (index, tabid),
    ).fetchone()
    return tuple(abs(n) for n in row if n) if row else ()


def load_foreign_keys(conn: sqlite3.Connection, schema: str = "main") -> list[ForeignKey]:
    """Every referential constraint of the database, with both sides' column numbers."""
    found = []
    for constrid, name, owner, tabid, index, ptabid, primary, delrule in conn.execute(
        f'SELECT c.constrid, c.constrname, c.owner, c.tabid, c.idxname, r.ptabid, r."primary",'
        f' r.delrule FROM {schema}."sysconstraints" c JOIN {schema}."sysreferences" r'
        " ON r.constrid = c.constrid WHERE c.constrtype = 'R' ORDER BY c.constrid"
    ).fetchall():
        parent = conn.execute(
            f'SELECT idxname FROM {schema}."sysconstraints" WHERE constrid = ?', (primary,)
        ).fetchone()
        parent_columns = _index_columns(conn, schema, parent[0], ptabid) if parent else ()
        found.append(
            ForeignKey(
                constrid,
                name,
                owner.rstrip(),
                tabid,
                _index_columns(conn, schema, index, tabid),
                ptabid,
                parent_columns,
                delrule == "C",
            )
        )
    return found


def load_checks(
    conn: sqlite3.Connection, tabid: int, schema: str = "main"
) -> list[CheckConstraint]:
    checks = []
    for constrid, name, owner in conn.execute(
        f'SELECT constrid, constrname, owner FROM {schema}."sysconstraints" '
        "WHERE tabid = ? AND constrtype = 'C' ORDER BY constrid",
        (tabid,),
    ).fetchall():
        chunks = conn.execute(
            f"SELECT checktext FROM {schema}.\"syschecks\" WHERE constrid = ? AND type = 'T' "
            "ORDER BY seqno",
            (constrid,),
        ).fetchall()
        text = "".join(_chunk(c[0]) for c in chunks)
        checks.append(CheckConstraint(constrid, name, owner.rstrip(), tabid, text))
    return checks


def _chunk(stored: object) -> str:
    """A CHAR(32) chunk: SQLite keeps it right-trimmed; restore the blanks inside the text."""
    text = "" if stored is None else str(stored)
    return text.ljust(CHECK_CHUNK)


def check_chunks(text: str) -> list[str]:
    return [text[i : i + CHECK_CHUNK] for i in range(0, len(text), CHECK_CHUNK)] or [""]
