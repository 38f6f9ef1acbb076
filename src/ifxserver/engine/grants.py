"""GRANT / REVOKE: recorded in systabauth and sysusers (privileges are not enforced).

Table privileges are the nine positions of systabauth.tabauth: s(elect)
u(pdate) *(column-level) i(nsert) d(elete) (inde)x a(lter) r(eferences)
(u)n(der); upper case when granted WITH GRANT OPTION, `-` when absent.
Database privileges (CONNECT, RESOURCE, DBA) are sysusers rows (usertype C,
R, D). Role and routine privileges are accepted without a record.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import errors
from .api import ExecResult
from .errors import SqlError
from .sql.ddl_parse import qualified_table
from .sql.lexer import Token
from .sql.tokens import Name, TokenStream

if TYPE_CHECKING:
    from .session import Session

LETTERS = {"select": 0, "update": 1, "insert": 3, "delete": 4, "index": 5, "alter": 6,
           "references": 7, "under": 8}  # fmt: skip
ALL = "su-idxar-"
DATABASE_LEVELS = {"connect": "C", "resource": "R", "dba": "D"}


@dataclass(frozen=True)
class Grant:
    revoke: bool
    positions: tuple[int, ...] = ()  # table privileges; empty with `level`
    level: str | None = None  # database privilege C/R/D
    table: Name | None = None
    owner: str | None = None
    grantees: tuple[str, ...] = ()
    grant_option: bool = False


def parse_grant(tokens: list[Token]) -> Grant | None:
    """A table or database privilege statement; None for the kinds kept nowhere."""
    stream = TokenStream(tokens, 1)
    revoke = tokens[0].is_word("revoke")
    level = stream.accept_word(*DATABASE_LEVELS)
    if level is not None:
        grantees = _grantees(stream, revoke)
        return Grant(revoke, level=DATABASE_LEVELS[level], grantees=grantees)
    positions = _privileges(stream)
    if (
        positions is None
        or not stream.accept_word("on")
        or stream.peek_word("procedure", "function", "routine", "type", "language", "sequence")
    ):
        return None
    table, owner, _ = qualified_table(stream)
    grantees = _grantees(stream, revoke)
    option = stream.accept_words("with", "grant", "option")
    return Grant(revoke, positions, None, table, owner, grantees, option)


def _privileges(stream: TokenStream) -> tuple[int, ...] | None:
    if stream.accept_word("all"):
        stream.accept_word("privileges")
        return tuple(i for i, c in enumerate(ALL) if c != "-")
    positions = []
    while (word := stream.accept_word(*LETTERS)) is not None:
        positions.append(LETTERS[word])
        if stream.accept_op("("):  # column list: recorded for the whole table
            while not stream.accept_op(")"):
                stream.next()
        if not stream.accept_op(","):
            break
    return tuple(positions) or None


def _grantees(stream: TokenStream, revoke: bool) -> tuple[str, ...]:
    stream.expect_word("from" if revoke else "to")
    names = [stream.name().text]
    while stream.accept_op(","):
        names.append(stream.name().text)
    return tuple(name.lower() for name in names)


def run_grant(session: Session, grant: Grant) -> ExecResult:
    if grant.level is not None:
        return session.run_ddl(lambda conn: _database_level(conn, grant))
    assert grant.table is not None
    table = session.find_table(None, grant.owner, grant.table.text)
    if table.temp:
        raise SqlError(errors.TABLE_NOT_FOUND, errors.ISAM_NOT_FOUND, table.name)

    def action(conn: sqlite3.Connection) -> ExecResult:
        for grantee in grant.grantees:
            _table_level(conn, table.tabid, session.user, grantee, grant)
        return ExecResult()

    return session.run_ddl(action)


def _table_level(
    conn: sqlite3.Connection, tabid: int, grantor: str, grantee: str, grant: Grant
) -> None:
    row = conn.execute(
        'SELECT tabauth FROM main."systabauth" WHERE tabid = ? AND grantee = ? AND grantor = ?',
        (tabid, grantee, grantor),
    ).fetchone()
    letters = list(row[0].ljust(9, "-") if row else "-" * 9)
    for position in grant.positions:
        letter = ALL[position]
        letters[position] = (
            "-" if grant.revoke else (letter.upper() if grant.grant_option else letter)
        )
    text = "".join(letters)
    conn.execute(
        'DELETE FROM main."systabauth" WHERE tabid = ? AND grantee = ? AND grantor = ?',
        (tabid, grantee, grantor),
    )
    if text.strip("-"):
        conn.execute(
            'INSERT INTO main."systabauth" (grantor, grantee, tabid, tabauth) VALUES (?, ?, ?, ?)',
            (grantor, grantee, tabid, text),
        )


def _database_level(conn: sqlite3.Connection, grant: Grant) -> ExecResult:
    for grantee in grant.grantees:
        conn.execute('DELETE FROM main."sysusers" WHERE username = ?', (grantee,))
        if not grant.revoke:
            conn.execute(
                'INSERT INTO main."sysusers" (username, usertype, priority) VALUES (?, ?, 5)',
                (grantee, grant.level),
            )
    return ExecResult()
