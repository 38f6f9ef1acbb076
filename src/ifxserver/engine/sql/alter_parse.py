"""Parsers for ALTER TABLE, RENAME TABLE/COLUMN, TRUNCATE and CREATE/DROP VIEW."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from .ddl_parse import (
    ColumnDef,
    CreateTable,
    KeyDef,
    column_definition,
    name_list,
    qualified_table,
    table_constraint,
)
from .tokens import Name, TokenStream

T = TypeVar("T")


@dataclass
class AddColumns:
    columns: list[ColumnDef]
    before: dict[str, str] = field(default_factory=dict)  # new column -> existing column
    keys: list[KeyDef] = field(default_factory=list)  # column-level constraints


@dataclass
class DropColumns:
    names: list[str]


@dataclass
class ModifyColumns:
    columns: list[ColumnDef]
    keys: list[KeyDef] = field(default_factory=list)


@dataclass
class AddConstraints:
    keys: list[KeyDef]


@dataclass
class DropConstraints:
    names: list[str]


@dataclass
class TableOption:
    """MODIFY NEXT SIZE / LOCK MODE / TYPE (...): recorded where the catalog has a place."""

    lock_mode: str | None = None


AlterAction = (
    AddColumns | DropColumns | ModifyColumns | AddConstraints | DropConstraints | TableOption
)


@dataclass
class AlterTable:
    name: Name
    owner: str | None
    actions: list[AlterAction]


@dataclass(frozen=True)
class RenameTable:
    name: Name
    owner: str | None
    new_name: str


@dataclass(frozen=True)
class RenameColumn:
    table: Name
    owner: str | None
    column: str
    new_name: str


@dataclass(frozen=True)
class Truncate:
    name: Name
    owner: str | None


@dataclass(frozen=True)
class CreateView:
    name: Name
    owner: str | None
    columns: list[str]
    query: str  # the SELECT as written
    text: str  # the whole statement (sysviews keeps it)
    if_not_exists: bool = False


@dataclass(frozen=True)
class DropView:
    name: Name
    owner: str | None
    if_exists: bool = False


# -- ALTER TABLE ---------------------------------------------------------------------------
def alter_table(stream: TokenStream, ansi: bool) -> AlterTable:
    name, owner, _ = qualified_table(stream)
    actions: list[AlterAction] = []
    while True:
        actions.append(_action(stream, ansi))
        if not stream.accept_op(","):
            return AlterTable(name, owner, actions)


def _action(stream: TokenStream, ansi: bool) -> AlterAction:
    word = stream.expect_word("add", "drop", "modify", "lock", "type")
    if word == "add":
        if stream.accept_word("constraint"):
            return AddConstraints(_group(stream, _constraint))
        return _add_columns(stream, ansi)
    if word == "drop":
        if stream.accept_word("constraint"):
            return DropConstraints(_group(stream, lambda s: s.name().text))
        return DropColumns(_group(stream, lambda s: s.name().text))
    if word == "lock":
        stream.expect_word("mode")
        return TableOption(lock_mode=_lock_mode(stream))
    if word == "type":
        stream.expect_op("(")
        stream.expect_word("standard", "raw")
        stream.expect_op(")")
        return TableOption()
    if stream.accept_word("next"):
        stream.expect_word("size")
        stream.integer()
        return TableOption()
    if stream.accept_word("extent"):
        stream.expect_word("size")
        stream.integer()
        return TableOption()
    if stream.accept_words("lock", "mode"):
        return TableOption(lock_mode=_lock_mode(stream))
    holder = CreateTable(Name(""), None, [], [])
    columns = _group(stream, lambda s: column_definition(s, holder, ansi))
    return ModifyColumns(columns, holder.keys)


def _lock_mode(stream: TokenStream) -> str:
    parenthesised = stream.accept_op("(")
    mode = stream.expect_word("row", "page", "table")
    if parenthesised:
        stream.expect_op(")")
    return {"row": "R", "page": "P", "table": "T"}[mode]


def _add_columns(stream: TokenStream, ansi: bool) -> AddColumns:
    holder = CreateTable(Name(""), None, [], [])
    before: dict[str, str] = {}

    def one(s: TokenStream) -> ColumnDef:
        column = column_definition(s, holder, ansi)
        if s.accept_word("before"):
            before[column.name] = s.name().text
        return column

    return AddColumns(_group(stream, one), before, holder.keys)


def _constraint(stream: TokenStream) -> KeyDef:
    name = stream.name().text if stream.accept_word("constraint") else None
    key = table_constraint(stream, name)
    if stream.accept_word("constraint"):
        key.name = stream.name().text
    return key


def _group(stream: TokenStream, item: Callable[[TokenStream], T]) -> list[T]:
    """`(item, item ...)` or one bare item: Informix accepts both after ADD/DROP/MODIFY."""
    if not stream.accept_op("("):
        return [item(stream)]
    items = [item(stream)]
    while stream.accept_op(","):
        items.append(item(stream))
    stream.expect_op(")")
    return items


def rename(stream: TokenStream) -> RenameTable | RenameColumn:
    word = stream.expect_word("table", "column")
    if word == "table":
        name, owner, _ = qualified_table(stream)
        stream.expect_word("to")
        return RenameTable(name, owner, stream.name().text)
    first = stream.name()
    stream.expect_op(".")
    second = stream.name()
    owner = None
    if stream.accept_op("."):  # owner.table.column
        owner, first, second = first.text, second, stream.name()
    stream.expect_word("to")
    return RenameColumn(first, owner, second.text, stream.name().text)


def truncate(stream: TokenStream) -> Truncate:
    stream.accept_word("table")
    stream.accept_word("only")
    name, owner, _ = qualified_table(stream)
    while stream.accept_word("reuse", "drop", "storage", "keep", "statistics"):
        pass
    return Truncate(name, owner)


def create_view(stream: TokenStream) -> CreateView:
    start = stream.index - 2  # CREATE VIEW
    if_not_exists = stream.accept_words("if", "not", "exists")
    name, owner, _ = qualified_table(stream)
    columns = name_list(stream) if stream.peek_op("(") else []
    stream.expect_word("as")
    query = stream.rest_text()
    text = stream.source[stream.tokens[start].pos :].strip().rstrip(";").rstrip()
    upper = query.rstrip().upper()
    if upper.endswith("WITH CHECK OPTION"):
        query = query.rstrip()[: -len("WITH CHECK OPTION")].rstrip()
    return CreateView(name, owner, columns, query, text, if_not_exists)


def drop_view(stream: TokenStream) -> DropView:
    if_exists = stream.accept_words("if", "exists")
    name, owner, _ = qualified_table(stream)
    stream.accept_word("cascade", "restrict")
    return DropView(name, owner, if_exists)
