"""Hand-written parsers for session commands and DDL (token based).

DML and queries go through the pre-pass and sqlglot; everything that is
Informix-specific at statement level (DATABASE, SET ..., BEGIN WORK, CREATE
TABLE with Informix types and constraint syntax ...) is parsed here.
"""

from __future__ import annotations

from dataclasses import dataclass

from informix_db.protocol.codes import StmtType

from .. import errors
from ..errors import SqlError
from ..grants import Grant, parse_grant
from .alter_parse import (
    AlterTable,
    CreateView,
    DropView,
    RenameColumn,
    RenameTable,
    Truncate,
    alter_table,
    create_view,
    drop_view,
    rename,
    truncate,
)
from .ddl_parse import (
    CreateIndex,
    CreateTable,
    DropIndex,
    DropTable,
    create_index,
    create_table,
    qualified_table,
)
from .lexer import Kind, Token
from .objects_parse import (
    CreateSequence,
    CreateSynonym,
    DropObject,
    create_sequence,
    create_synonym,
    drop_object,
)
from .tokens import Name, TokenStream

QUERY_WORDS = ("select", "insert", "update", "delete", "with")


# -- command records ------------------------------------------------------------------
@dataclass(frozen=True)
class DatabaseCmd:
    name: str


@dataclass(frozen=True)
class CreateDatabase:
    name: str
    logging: str  # none | unbuffered | buffered | ansi
    if_not_exists: bool = False


@dataclass(frozen=True)
class DropDatabase:
    name: str
    if_exists: bool = False


@dataclass(frozen=True)
class Transaction:
    action: str  # begin | commit | rollback | savepoint | release | rollback_to
    savepoint: str | None = None


@dataclass(frozen=True)
class SessionSetting:
    """SET ISOLATION / SET LOCK MODE / SET EXPLAIN and other accepted no-ops."""

    stmt_type: int
    isolation: str | None = None
    lock_wait: int | None = None  # seconds; -1 wait forever; 0 not wait


@dataclass(frozen=True)
class TableCommand:
    """UPDATE STATISTICS / LOCK TABLE / UNLOCK TABLE: validated, otherwise no-ops."""

    stmt_type: int
    table: Name | None
    database: str | None = None
    owner: str | None = None


Command = (
    Grant
    | CreateSynonym
    | CreateSequence
    | DropObject
    | AlterTable
    | RenameTable
    | RenameColumn
    | Truncate
    | CreateView
    | DropView
    | DatabaseCmd
    | CreateDatabase
    | DropDatabase
    | Transaction
    | SessionSetting
    | TableCommand
    | CreateTable
    | DropTable
    | CreateIndex
    | DropIndex
)


# -- classification ---------------------------------------------------------------------
def is_query(tokens: list[Token]) -> bool:
    """True for statements that go through sqlglot (SELECT/INSERT/UPDATE/DELETE/WITH)."""
    first = tokens[0] if tokens else None
    if first is None:
        return False
    if first.is_op("("):
        return True
    if first.is_word("update") and len(tokens) > 1 and tokens[1].is_word("statistics"):
        return False
    return first.is_word(*QUERY_WORDS)


# Recognised Informix statements the engine does not implement yet: refused by name.
_UNSUPPORTED_STATEMENTS = (
    "load",
    "unload",
    "merge",
    "info",
    "output",
    "declare",
    "open",
    "fetch",
    "put",
    "flush",
    "connect",
    "disconnect",
    "whenever",
    "let",
    "foreach",
    "prepare",
    "free",
    "describe",
    "allocate",
    "deallocate",
    "get",
    "start",
    "stop",
    "recover",
    "check",
    "repair",
    "release",
)
_UNSUPPORTED_OBJECTS = (
    "procedure",
    "function",
    "trigger",
    "role",
    "routine",
    "opaque",
    "row",
    "cast",
    "aggregate",
    "external",
    "access_method",
    "opclass",
    "xadatasource",
    "xadatasource_type",
    "trusted",
    "secure",
    "default",
    "type",
    "security",
    "user",
    "template",
)


def parse_command(tokens: list[Token], ansi: bool = False, source: str = "") -> Command:
    stream = TokenStream(tokens, source=source)
    if not tokens:
        raise SqlError(errors.SYNTAX)
    first = tokens[0]
    if first.is_word("grant", "revoke"):
        grant = parse_grant(tokens)
        stmt_type = StmtType.GRANT if first.text == "grant" else StmtType.REVOKE
        return grant if grant is not None else TableCommand(stmt_type, None)  # roles, routines
    if first.is_word(*_UNSUPPORTED_STATEMENTS) and not _known_form(tokens):
        raise SqlError(errors.NOT_IMPLEMENTED, text=first.text.upper())
    word = stream.expect_word(
        "alter",
        "rename",
        "truncate",
        "database",
        "create",
        "drop",
        "close",
        "begin",
        "commit",
        "rollback",
        "savepoint",
        "release",
        "set",
        "update",
        "lock",
        "unlock",
        "start",
    )
    parser = _PARSERS[word]
    command = parser(stream, ansi)
    stream.expect_end()
    return command


def _database(stream: TokenStream, ansi: bool) -> Command:
    name = _database_name(stream)
    stream.accept_word("exclusive")
    return DatabaseCmd(name)


def _database_name(stream: TokenStream) -> str:
    name = stream.name()
    text = name.text if name.quoted else name.text.lower()
    if stream.accept_op("@"):
        stream.name()  # server name: there is only one server
    return text


def _known_form(tokens: list[Token]) -> bool:
    """RELEASE SAVEPOINT and START TRANSACTION share a first word with unsupported statements."""
    second = tokens[1] if len(tokens) > 1 else None
    if second is None:
        return False
    return (tokens[0].is_word("release") and second.is_word("savepoint")) or (
        tokens[0].is_word("start") and second.is_word("transaction")
    )


def _unsupported_object(stream: TokenStream, verb: str) -> None:
    token = stream.peek()
    if token is not None and token.is_word(*_UNSUPPORTED_OBJECTS):
        raise SqlError(errors.NOT_IMPLEMENTED, text=f"{verb} {token.text.upper()}")


def _create(stream: TokenStream, ansi: bool) -> Command:
    if stream.accept_word("database"):
        return _create_database(stream)
    if stream.accept_word("view"):
        return create_view(stream)
    if stream.peek_word("public", "private", "synonym"):
        public = stream.accept_word("public", "private") != "private"
        stream.expect_word("synonym")
        return create_synonym(stream, public)
    if stream.accept_word("sequence"):
        return create_sequence(stream)
    _unsupported_object(stream, "CREATE")
    unique = bool(stream.accept_word("unique", "distinct"))
    stream.accept_word("cluster")
    if stream.accept_word("index"):
        return create_index(stream, unique)
    if unique:
        raise stream.error()
    temp = bool(stream.accept_word("temp", "scratch"))
    if not temp:
        stream.accept_word("standard", "raw")
    stream.expect_word("table")
    return create_table(stream, temp, ansi)


def _create_database(stream: TokenStream) -> CreateDatabase:
    if_not_exists = stream.accept_words("if", "not", "exists")
    name = _database_name(stream)
    if stream.accept_word("in"):
        stream.name()
    logging = "none"
    if stream.accept_word("with"):
        buffered = bool(stream.accept_word("buffered"))
        stream.expect_word("log")
        logging = "buffered" if buffered else "unbuffered"
        if stream.accept_words("mode", "ansi"):
            if buffered:
                raise stream.error()
            logging = "ansi"
    stream.accept_words("nlscase", "sensitive")
    return CreateDatabase(name, logging, if_not_exists)


def _drop(stream: TokenStream, ansi: bool) -> Command:
    if stream.accept_word("view"):
        return drop_view(stream)
    kind = stream.accept_word("synonym", "sequence")
    if kind is not None:
        return drop_object(stream, kind)
    _unsupported_object(stream, "DROP")
    word = stream.expect_word("table", "index", "database")
    if_exists = stream.accept_words("if", "exists")
    if word == "database":
        return DropDatabase(_database_name(stream), if_exists)
    if word == "index":
        name = stream.name()
        if stream.accept_op("."):
            name = stream.name()
        return DropIndex(name, if_exists)
    name, owner, database = qualified_table(stream)
    stream.accept_word("cascade", "restrict")
    return DropTable(name, owner, if_exists, database)


def _close(stream: TokenStream, ansi: bool) -> Command:
    stream.expect_word("database")
    return TableCommand(StmtType.CLSDB, None)


def _begin(stream: TokenStream, ansi: bool) -> Command:
    stream.accept_word("work", "transaction")
    stream.accept_words("without", "replication")
    return Transaction("begin")


def _commit(stream: TokenStream, ansi: bool) -> Command:
    stream.accept_word("work", "transaction")
    return Transaction("commit")


def _rollback(stream: TokenStream, ansi: bool) -> Command:
    stream.accept_word("work", "transaction")
    if stream.accept_word("to"):
        stream.expect_word("savepoint")
        token = stream.peek()
        name = stream.name().text if token is not None else None
        return Transaction("rollback_to", name)
    return Transaction("rollback")


def _savepoint(stream: TokenStream, ansi: bool) -> Command:
    name = stream.name().text
    stream.accept_word("unique")
    return Transaction("savepoint", name)


def _release(stream: TokenStream, ansi: bool) -> Command:
    stream.expect_word("savepoint")
    return Transaction("release", stream.name().text)


def _start(stream: TokenStream, ansi: bool) -> Command:
    stream.expect_word("transaction")
    return Transaction("begin")


_ISOLATIONS = {
    ("dirty", "read"): "dirty read",
    ("committed", "read"): "committed read",
    ("cursor", "stability"): "cursor stability",
    ("repeatable", "read"): "repeatable read",
}


def _set(stream: TokenStream, ansi: bool) -> Command:
    if stream.accept_word("isolation"):
        stream.accept_word("to")
        return SessionSetting(StmtType.ISOLATE, isolation=_isolation(stream))
    if stream.accept_words("transaction", "isolation", "level"):
        words = []
        while not stream.at_end() and stream.peek_word(
            "read", "committed", "uncommitted", "repeatable", "serializable"
        ):
            words.append(stream.next().text)
        return SessionSetting(StmtType.ISOLATE, isolation=" ".join(words) or "serializable")
    if stream.accept_words("lock", "mode"):
        stream.expect_word("to")
        if stream.accept_words("not", "wait"):
            return SessionSetting(StmtType.WAITFOR, lock_wait=0)
        stream.expect_word("wait")
        following = stream.peek()
        seconds = (
            stream.integer() if following is not None and following.kind is Kind.NUMBER else -1
        )
        return SessionSetting(StmtType.WAITFOR, lock_wait=seconds)
    if stream.accept_word("explain"):
        stream.expect_word("on", "off")
        stream.accept_word("avoid_execute")
        return SessionSetting(StmtType.EXPLAIN)
    if stream.peek_word(
        "pdqpriority",
        "optimization",
        "deferred_prepare",
        "environment",
        "statement",
        "collation",
        "constraints",
        "debug",
        "log",
    ):
        while not stream.at_end():
            stream.next()
        return SessionSetting(StmtType.SETENV)
    raise stream.error()


def _isolation(stream: TokenStream) -> str:
    first = stream.expect_word("dirty", "committed", "cursor", "repeatable")
    second = stream.expect_word("read", "stability")
    level = _ISOLATIONS.get((first, second))
    if level is None:
        raise stream.error()
    if level == "committed read" and stream.accept_words("last", "committed"):
        level = "last committed"
    stream.accept_words("with", "warning")
    stream.accept_words("retain", "update", "locks")
    return level


def _update(stream: TokenStream, ansi: bool) -> Command:
    stream.expect_word("statistics")
    stream.accept_word("low", "medium", "high")
    table: Name | None = None
    owner = database = None
    if stream.accept_word("for"):
        kind = stream.expect_word("table", "procedure", "function", "routine", "specific")
        if (
            kind == "table"
            and not stream.at_end()
            and not stream.peek_word("drop", "resolution", "distributions")
        ):
            table, owner, database = qualified_table(stream)
            if stream.accept_op("("):
                while not stream.accept_op(")"):
                    stream.next()
    while not stream.at_end():
        stream.next()  # DISTRIBUTIONS ONLY, RESOLUTION n n, DROP DISTRIBUTIONS ...
    return TableCommand(StmtType.STATS, table, database, owner)


def _lock(stream: TokenStream, ansi: bool) -> Command:
    stream.expect_word("table")
    table, owner, database = qualified_table(stream)
    stream.expect_word("in")
    stream.expect_word("share", "exclusive")
    stream.expect_word("mode")
    return TableCommand(StmtType.LOCK, table, database, owner)


def _unlock(stream: TokenStream, ansi: bool) -> Command:
    stream.expect_word("table")
    table, owner, database = qualified_table(stream)
    return TableCommand(StmtType.UNLOCK, table, database, owner)


def _alter(stream: TokenStream, ansi: bool) -> Command:
    _unsupported_object(stream, "ALTER")
    if not stream.accept_word("table"):
        token = stream.peek()
        raise SqlError(errors.NOT_IMPLEMENTED, text=f"ALTER {token.text.upper() if token else ''}")
    return alter_table(stream, ansi)


_PARSERS = {
    "alter": _alter,
    "rename": lambda stream, ansi: rename(stream),
    "truncate": lambda stream, ansi: truncate(stream),
    "database": _database,
    "create": _create,
    "drop": _drop,
    "close": _close,
    "begin": _begin,
    "commit": _commit,
    "rollback": _rollback,
    "savepoint": _savepoint,
    "release": _release,
    "set": _set,
    "update": _update,
    "lock": _lock,
    "unlock": _unlock,
    "start": _start,
}
