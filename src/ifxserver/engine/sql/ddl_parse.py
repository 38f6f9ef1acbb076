"""Parsers for CREATE TABLE / CREATE INDEX (Informix column and constraint syntax)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .lexer import Kind, Token
from .tokens import Name, TokenStream, TypeSpec, parse_qualifier, parse_type

# Words that end a skipped FRAGMENT BY / PARTITION BY clause.
_AFTER_FRAGMENT = ("extent", "next", "lock", "put")


@dataclass(frozen=True)
class DefaultClause:
    kind: str  # L literal, N null, U user, T today, C current, S server
    token: Token | None = None  # literal token (string or number)
    negative: bool = False
    qualifier: int = 0
    literal_type: str = ""  # "datetime" / "interval" for DATETIME(...) / INTERVAL(...) literals
    raw: str = ""


@dataclass
class ColumnDef:
    name: str
    spec: TypeSpec
    not_null: bool = False
    default: DefaultClause | None = None


@dataclass(frozen=True)
class Reference:
    """REFERENCES [db:][owner.]table [(columns)] [ON DELETE CASCADE]."""

    table: Name
    owner: str | None
    columns: list[str]
    cascade: bool = False


@dataclass
class KeyDef:
    """A constraint: P primary key, U unique, R referential, C check."""

    kind: str
    columns: list[str]
    name: str | None = None
    references: Reference | None = None
    check: str | None = None  # CHECK text as written


@dataclass
class CreateTable:
    name: Name
    owner: str | None
    columns: list[ColumnDef]
    keys: list[KeyDef]
    temp: bool = False
    if_not_exists: bool = False
    logged: bool = True
    lock_mode: str = "P"
    database: str | None = None


@dataclass(frozen=True)
class DropTable:
    name: Name
    owner: str | None
    if_exists: bool = False
    database: str | None = None


@dataclass
class CreateIndex:
    name: Name
    table: Name
    owner: str | None
    columns: list[tuple[str, bool]] = field(default_factory=list)  # (column, descending)
    unique: bool = False
    if_not_exists: bool = False


@dataclass(frozen=True)
class DropIndex:
    name: Name
    if_exists: bool = False


def qualified_table(stream: TokenStream) -> tuple[Name, str | None, str | None]:
    """[database[@server]:][owner.]table"""
    database: str | None = None
    first = stream.name()
    if stream.accept_op(":"):
        database = first.text.lower()
        first = stream.name()
    elif stream.accept_op("@"):
        stream.name()
        stream.expect_op(":")
        database = first.text.lower()
        first = stream.name()
    if stream.accept_op("."):
        return stream.name(), first.text, database
    return first, None, database


def create_table(stream: TokenStream, temp: bool, ansi: bool) -> CreateTable:
    if_not_exists = stream.accept_words("if", "not", "exists")
    name, owner, database = qualified_table(stream)
    stream.expect_op("(")
    table = CreateTable(name, owner, [], [], temp, if_not_exists, database=database)
    while True:
        _table_element(stream, table, ansi)
        if stream.accept_op(")"):
            break
        stream.expect_op(",")
    _table_options(stream, table)
    if not table.columns:
        raise stream.error()
    return table


def _table_element(stream: TokenStream, table: CreateTable, ansi: bool) -> None:
    if stream.accept_word("constraint"):
        constraint = stream.name().text
        table.keys.append(table_constraint(stream, constraint))
        return
    if stream.peek_word("primary", "unique", "distinct", "foreign", "check"):
        token = stream.peek(1)
        if token is not None and (token.is_op("(") or token.is_word("key")):
            key = table_constraint(stream, None)
            if stream.accept_word("constraint"):
                key.name = stream.name().text
            table.keys.append(key)
            return
    table.columns.append(column_definition(stream, table, ansi))


def table_constraint(stream: TokenStream, name: str | None) -> KeyDef:
    """PRIMARY KEY / UNIQUE / FOREIGN KEY / CHECK at table level (ALTER TABLE too)."""
    word = stream.expect_word("primary", "unique", "distinct", "foreign", "check")
    if word == "check":
        stream.expect_op("(")
        return KeyDef("C", [], name, check=stream.parenthesised_text())
    if word in ("primary", "foreign"):
        stream.expect_word("key")
    columns = name_list(stream)
    if word == "foreign":
        return KeyDef("R", columns, name, references=_references(stream))
    return KeyDef("P" if word == "primary" else "U", columns, name)


def name_list(stream: TokenStream) -> list[str]:
    stream.expect_op("(")
    names = [stream.name().text]
    while stream.accept_op(","):
        names.append(stream.name().text)
    stream.expect_op(")")
    return names


def _references(stream: TokenStream) -> Reference:
    stream.expect_word("references")
    table, owner, _ = qualified_table(stream)
    columns = name_list(stream) if stream.peek_op("(") else []
    cascade = stream.accept_words("on", "delete", "cascade")
    return Reference(table, owner, columns, cascade)


def column_definition(stream: TokenStream, table: CreateTable, ansi: bool) -> ColumnDef:
    name = stream.name().text
    column = ColumnDef(name, parse_type(stream, ansi))
    while True:
        if stream.accept_word("default"):
            column.default = _default(stream)
        elif stream.accept_words("not", "null"):
            column.not_null = True
        elif stream.accept_word("null"):
            pass
        elif stream.accept_word("primary"):
            stream.expect_word("key")
            table.keys.append(KeyDef("P", [name], _constraint_name(stream)))
            column.not_null = True
        elif stream.accept_word("unique", "distinct"):
            table.keys.append(KeyDef("U", [name], _constraint_name(stream)))
        elif stream.accept_word("constraint"):
            stream.name()  # name of a NOT NULL constraint
        elif stream.peek_word("references"):
            reference = _references(stream)
            table.keys.append(KeyDef("R", [name], _constraint_name(stream), reference))
        elif stream.accept_word("check"):
            stream.expect_op("(")
            text = stream.parenthesised_text()
            table.keys.append(KeyDef("C", [], _constraint_name(stream), check=text))
        else:
            return column


def _constraint_name(stream: TokenStream) -> str | None:
    if stream.accept_word("constraint"):
        return stream.name().text
    return None


def _default(stream: TokenStream) -> DefaultClause:
    token = stream.next()
    if token.is_word("null"):
        return DefaultClause("N")
    if token.is_word("user", "current_user"):
        return DefaultClause("U")
    if token.is_word("today"):
        return DefaultClause("T")
    if token.is_word("dbservername", "sitename"):
        return DefaultClause("S")
    if token.is_word("current", "sysdate"):
        q = parse_qualifier(stream, interval=False) if stream.peek_word(*_UNITS) else 0
        return DefaultClause("C", qualifier=q)
    if token.is_word("datetime", "interval") and stream.accept_op("("):
        return _temporal_default(stream, token.text)
    negative = token.is_op("-")
    if negative or token.is_op("+"):
        token = stream.next()
    if token.kind in (Kind.STRING, Kind.NUMBER):
        return DefaultClause("L", token, negative)
    stream.index -= 1
    raise stream.error()


_UNITS = ("year", "month", "day", "hour", "minute", "second", "fraction")


def _temporal_default(stream: TokenStream, word: str) -> DefaultClause:
    start = stream.index
    while not stream.accept_op(")"):
        stream.next()
    tokens = stream.tokens[start : stream.index - 1]
    raw = _rejoin(tokens)
    q = parse_qualifier(stream, interval=word == "interval")
    return DefaultClause("L", None, qualifier=q, literal_type=word, raw=raw)


def _rejoin(tokens: list[Token]) -> str:
    """Text of DATETIME(...) contents from tokens (numbers and separators)."""
    out = ""
    previous: Token | None = None
    for token in tokens:
        if previous is not None and token.pos > previous.end:
            out += " "
        out += token.text
        previous = token
    return out


def _table_options(stream: TokenStream, table: CreateTable) -> None:
    while not stream.at_end():
        if stream.accept_words("with", "no", "log"):
            table.logged = False
        elif stream.accept_word("in"):
            stream.name()
        elif stream.peek_word("fragment", "partition") and stream.peek_word("by", ahead=1):
            skip_fragment_clause(stream)
        elif stream.accept_word("extent", "next"):
            stream.expect_word("size")
            stream.integer()
        elif stream.accept_words("lock", "mode"):
            mode = stream.expect_word("row", "page", "table")
            table.lock_mode = {"row": "R", "page": "P", "table": "T"}[mode]
        else:
            return


def create_index(stream: TokenStream, unique: bool) -> CreateIndex:
    if_not_exists = stream.accept_words("if", "not", "exists")
    name = stream.name()
    if stream.accept_op("."):
        name = stream.name()  # owner-qualified index name
    stream.expect_word("on")
    table, owner, _ = qualified_table(stream)
    index = CreateIndex(name, table, owner, unique=unique, if_not_exists=if_not_exists)
    stream.expect_op("(")
    while True:
        column = stream.name().text
        descending = stream.accept_word("asc", "desc") == "desc"
        index.columns.append((column, descending))
        if stream.accept_op(")"):
            break
        stream.expect_op(",")
    while True:
        if stream.accept_word("using", "in", "fillfactor"):
            stream.next()
        elif stream.peek_word("fragment", "partition") and stream.peek_word("by", ahead=1):
            skip_fragment_clause(stream)
        else:
            return index


def skip_fragment_clause(stream: TokenStream) -> None:
    """FRAGMENT BY / PARTITION BY ...: accepted and ignored, as the IN dbspace clause is.

    The embedded server keeps every table in one SQLite file, so the distribution
    scheme (ROUND ROBIN, EXPRESSION, LIST, RANGE, INTERVAL) has no effect; its
    expressions are skipped, not checked.
    """
    stream.expect_word("fragment", "partition")
    stream.expect_word("by")
    stream.accept_words("with", "rowids")
    stream.expect_word("round", "expression", "list", "range", "hash", "interval")
    depth = 0
    while not stream.at_end():
        token = stream.peek()
        assert token is not None
        if depth == 0 and (
            token.is_op(";")
            or token.is_word(*_AFTER_FRAGMENT)
            or (token.is_word("with") and stream.peek_word("no", ahead=1))
        ):
            return
        depth += token.is_op("(") - token.is_op(")")
        if depth < 0:
            raise stream.error()
        stream.next()
