"""Parsers for CREATE/DROP SYNONYM and CREATE/DROP SEQUENCE."""

from __future__ import annotations

from dataclasses import dataclass

from .. import errors
from ..errors import SqlError
from .ddl_parse import qualified_table
from .tokens import Name, TokenStream

BIG = 2**63 - 1


@dataclass(frozen=True)
class CreateSynonym:
    name: Name
    public: bool
    table: Name
    owner: str | None
    database: str | None
    if_not_exists: bool = False


@dataclass(frozen=True)
class CreateSequence:
    name: Name
    start: int | None
    increment: int
    minimum: int | None
    maximum: int | None
    cycle: bool
    cache: int
    if_not_exists: bool = False


@dataclass(frozen=True)
class DropObject:
    kind: str  # synonym | sequence
    name: Name
    if_exists: bool = False


def create_synonym(stream: TokenStream, public: bool) -> CreateSynonym:
    if_not_exists = stream.accept_words("if", "not", "exists")
    name = _object_name(stream)
    stream.expect_word("for")
    table, owner, database = qualified_table(stream)
    return CreateSynonym(name, public, table, owner, database, if_not_exists)


def create_sequence(stream: TokenStream) -> CreateSequence:
    if_not_exists = stream.accept_words("if", "not", "exists")
    name = _object_name(stream)
    start = minimum = maximum = None
    increment, cycle, cache = 1, False, 20
    while not stream.at_end():
        word = stream.expect_word(
            "increment", "start", "minvalue", "maxvalue", "nominvalue", "nomaxvalue",
            "cycle", "nocycle", "cache", "nocache", "order", "noorder", "restart",
        )  # fmt: skip
        if word == "increment":
            stream.accept_word("by")
            increment = stream.integer()
        elif word == "start":
            stream.accept_word("with")
            start = stream.integer()
        elif word == "minvalue":
            minimum = stream.integer()
        elif word == "maxvalue":
            maximum = stream.integer()
        elif word in ("cycle", "nocycle"):
            cycle = word == "cycle"
        elif word == "cache":
            cache = stream.integer()
        elif word == "restart":
            raise SqlError(errors.NOT_IMPLEMENTED, text="RESTART")
    if increment == 0:
        raise SqlError(errors.SYNTAX, text="INCREMENT 0")
    return CreateSequence(name, start, increment, minimum, maximum, cycle, cache, if_not_exists)


def drop_object(stream: TokenStream, kind: str) -> DropObject:
    if_exists = stream.accept_words("if", "exists")
    return DropObject(kind, _object_name(stream), if_exists)


def _object_name(stream: TokenStream) -> Name:
    name = stream.name()
    if stream.accept_op("."):  # owner.name: one owner per database here
        name = stream.name()
    return name
