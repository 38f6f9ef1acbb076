"""A token cursor for the hand-written parsers, and Informix type syntax.

Type names (DDL and casts) are parsed here rather than by sqlglot, whose
generic type mapping is wrong for Informix (INT8 becomes TINYINT, DATETIME
qualifiers are not understood).
"""

from __future__ import annotations

from dataclasses import dataclass

from informix_db.protocol.codes import (
    TU_DAY,
    TU_FRACTION,
    TU_HOUR,
    TU_MINUTE,
    TU_MONTH,
    TU_SECOND,
    TU_YEAR,
    IfxType,
)
from informix_db.protocol.coltype import ColumnType, qualifier

from .. import errors
from ..errors import SqlError
from .lexer import Kind, Token


@dataclass(frozen=True)
class Name:
    text: str
    quoted: bool = False


class TokenStream:
    def __init__(self, tokens: list[Token], index: int = 0, source: str = "") -> None:
        self.tokens = tokens
        self.index = index
        self.source = source  # statement text, for clauses kept as text (CHECK, views)

    def peek(self, ahead: int = 0) -> Token | None:
        position = self.index + ahead
        return self.tokens[position] if position < len(self.tokens) else None

    def at_end(self) -> bool:
        return self.index >= len(self.tokens)

    def error(self) -> SqlError:
        token = self.peek()
        offset = token.pos if token else (self.tokens[-1].end if self.tokens else 0)
        return SqlError(errors.SYNTAX, offset=offset)

    def next(self) -> Token:
        token = self.peek()
        if token is None:
            raise self.error()
        self.index += 1
        return token

    def peek_word(self, *words: str, ahead: int = 0) -> bool:
        token = self.peek(ahead)
        return token is not None and token.is_word(*words)

    def accept_word(self, *words: str) -> str | None:
        token = self.peek()
        if token is not None and token.is_word(*words):
            self.index += 1
            return token.text
        return None

    def expect_word(self, *words: str) -> str:
        found = self.accept_word(*words)
        if found is None:
            raise self.error()
        return found

    def accept_words(self, *words: str) -> bool:
        """Accept a whole phrase (e.g. IF NOT EXISTS) or nothing."""
        if all(self.peek_word(word, ahead=i) for i, word in enumerate(words)):
            self.index += len(words)
            return True
        return False

    def peek_op(self, op: str, ahead: int = 0) -> bool:
        token = self.peek(ahead)
        return token is not None and token.is_op(op)

    def accept_op(self, op: str) -> bool:
        token = self.peek()
        if token is not None and token.is_op(op):
            self.index += 1
            return True
        return False

    def expect_op(self, op: str) -> None:
        if not self.accept_op(op):
            raise self.error()

    def name(self) -> Name:
        token = self.next()
        if token.kind is Kind.WORD:
            return Name(token.text)
        if token.kind is Kind.QIDENT:
            return Name(token.text, quoted=True)
        self.index -= 1
        raise self.error()

    def integer(self) -> int:
        negative = self.accept_op("-")
        token = self.next()
        if token.kind is not Kind.NUMBER or not token.text.isdigit():
            self.index -= 1
            raise self.error()
        return -int(token.text) if negative else int(token.text)

    def parenthesised_text(self) -> str:
        """After `(`: the source text up to the matching `)`, which is consumed."""
        start = self.index
        depth = 0
        while True:
            token = self.next()
            if token.is_op("("):
                depth += 1
            elif token.is_op(")"):
                if depth == 0:
                    break
                depth -= 1
        if self.index - 1 == start:
            raise self.error()
        return self.source[self.tokens[start].pos : self.tokens[self.index - 2].end]

    def rest_text(self) -> str:
        """The source text of every remaining token (consumed), without a final `;`."""
        end = len(self.tokens)
        if end and self.tokens[end - 1].is_op(";"):
            end -= 1
        if self.index >= end:
            raise self.error()
        text = self.source[self.tokens[self.index].pos : self.tokens[end - 1].end]
        self.index = len(self.tokens)
        return text

    def expect_end(self) -> None:
        self.accept_op(";")
        if not self.at_end():
            raise self.error()


# -- types ------------------------------------------------------------------------
@dataclass(frozen=True)
class TypeSpec:
    """A declared type: the column type plus DDL-only facts."""

    type: ColumnType
    serial_start: int | None = None
    varchar_min: int = 0


_UNITS = {
    "year": TU_YEAR,
    "month": TU_MONTH,
    "day": TU_DAY,
    "hour": TU_HOUR,
    "minute": TU_MINUTE,
    "second": TU_SECOND,
}

_SIMPLE = {
    "smallint": IfxType.SMALLINT,
    "integer": IfxType.INT,
    "int": IfxType.INT,
    "bigint": IfxType.BIGINT,
    "int8": IfxType.INT8,
    "smallfloat": IfxType.SMALLFLOAT,
    "real": IfxType.SMALLFLOAT,
    "date": IfxType.DATE,
    "text": IfxType.TEXT,
    "byte": IfxType.BYTE,
}
_SERIALS = {"serial": IfxType.SERIAL, "serial8": IfxType.SERIAL8, "bigserial": IfxType.BIGSERIAL}
_UNSUPPORTED = ("blob", "clob", "set", "multiset", "list", "row", "json", "bson")


def _paren_ints(ts: TokenStream, most: int) -> list[int]:
    if not ts.accept_op("("):
        return []
    values = [ts.integer()]
    while ts.accept_op(",") and len(values) < most:
        values.append(ts.integer())
    ts.expect_op(")")
    return values


def parse_type(ts: TokenStream, ansi: bool = False) -> TypeSpec:
    token = ts.next()
    if token.kind is not Kind.WORD:
        ts.index -= 1
        raise ts.error()
    word = token.text
    if word in _SIMPLE:
        code = _SIMPLE[word]
        if code in (IfxType.TEXT, IfxType.BYTE) and ts.accept_word("in"):
            ts.name()  # blobspace or TABLE: storage placement is irrelevant here
        return TypeSpec(ColumnType.simple(code))
    if word in _SERIALS:
        start = _paren_ints(ts, 1)
        return TypeSpec(ColumnType.simple(_SERIALS[word]), serial_start=start[0] if start else 1)
    if word in ("float", "double"):
        if word == "double":
            ts.accept_word("precision")
        _paren_ints(ts, 1)
        return TypeSpec(ColumnType.simple(IfxType.FLOAT))
    if word in ("decimal", "dec", "numeric", "money"):
        return TypeSpec(_decimal(ts, word, ansi))
    if word in ("char", "character", "nchar"):
        if word == "character" and ts.accept_word("varying"):
            return _varchar(ts, national=False)
        size = _paren_ints(ts, 1)
        return TypeSpec(
            _check_size(ColumnType.char(size[0] if size else 1, national=word == "nchar"), ts)
        )
    if word in ("varchar", "nvarchar"):
        return _varchar(ts, national=word == "nvarchar")
    if word == "lvarchar":
        size = _paren_ints(ts, 1)
        return TypeSpec(ColumnType.lvarchar(size[0] if size else 2048))
    if word == "boolean":
        return TypeSpec(ColumnType.boolean())
    if word == "datetime":
        return TypeSpec(ColumnType(IfxType.DATETIME, parse_qualifier(ts, interval=False)))
    if word == "interval":
        return TypeSpec(ColumnType(IfxType.INTERVAL, parse_qualifier(ts, interval=True)))
    if word in _UNSUPPORTED:
        raise SqlError(errors.NOT_IMPLEMENTED, text=word.upper())
    ts.index -= 1
    raise ts.error()


def _decimal(ts: TokenStream, word: str, ansi: bool) -> ColumnType:
    args = _paren_ints(ts, 2)
    money = word == "money"
    precision = args[0] if args else 16
    if not 1 <= precision <= 32:
        raise ts.error()
    if len(args) == 2:
        scale: int | None = args[1]
    elif money:
        scale = 2
    else:
        scale = 0 if ansi or word == "numeric" else None
    if scale is not None and not 0 <= scale <= precision:
        raise ts.error()
    if money:
        return ColumnType.money(precision, 2 if scale is None else scale)
    return ColumnType.decimal(precision, scale)


def _varchar(ts: TokenStream, national: bool) -> TypeSpec:
    args = _paren_ints(ts, 2)
    if not args:
        raise ts.error()
    maximum = args[0]
    minimum = args[1] if len(args) > 1 else 0
    if not 1 <= maximum <= 255 or not 0 <= minimum <= maximum:
        raise ts.error()
    return TypeSpec(ColumnType.varchar(maximum, national=national), varchar_min=minimum)


def _check_size(ct: ColumnType, ts: TokenStream) -> ColumnType:
    if not 1 <= ct.length <= 32767:
        raise ts.error()
    return ct


def parse_qualifier(ts: TokenStream, interval: bool) -> int:
    """`YEAR TO SECOND`, `DAY(5) TO FRACTION(3)`... as an encoded qualifier."""
    start, start_digits = _unit(ts, leading=True)
    ts.expect_word("to")
    end, _ = _unit(ts, leading=False)
    if start == TU_FRACTION:
        if end <= TU_SECOND:
            raise ts.error()
        return qualifier(start, end)  # FRACTION TO FRACTION(1) encodes start 12, end 11
    if end < start:
        raise ts.error()
    if interval:
        if start <= TU_MONTH < end:
            raise ts.error()  # year-month and day-time fields never mix
        digits = start_digits if start_digits is not None else (4 if start == TU_YEAR else 2)
        if not 1 <= digits <= 9:
            raise ts.error()
        return qualifier(start, end, digits)
    if start_digits is not None and start <= TU_SECOND:
        raise ts.error()
    return qualifier(start, end)


def _unit(ts: TokenStream, leading: bool) -> tuple[int, int | None]:
    word = ts.expect_word(*_UNITS, "fraction")
    size = _paren_ints(ts, 1)
    if word == "fraction":
        if leading:
            if size:
                raise ts.error()  # a leading FRACTION has no scale: FRACTION TO FRACTION(n)
            return TU_FRACTION, None
        digits = size[0] if size else 3
        if not 1 <= digits <= 5:
            raise ts.error()
        return TU_SECOND + digits, None
    if size and not leading:
        raise ts.error()
    return _UNITS[word], size[0] if size else None
