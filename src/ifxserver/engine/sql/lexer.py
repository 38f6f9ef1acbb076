"""Informix tokenizer.

Lexical rules (measured by the peer on 12.10/14.10/15, sqli-types.md §5.5):
`''` escapes a quote and a backslash escapes nothing; `"..."` is a string
literal unless DELIMIDENT is set, then a case-preserving identifier; `--` runs
to the end of the line; `/* */` does not nest; `{ ... }` is a comment except
right after SET / MULTISET / LIST, where braces delimit a collection literal;
`::` is the cast operator.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from .. import errors
from ..errors import SqlError


class Kind(enum.Enum):
    WORD = "word"  # unquoted identifier or keyword (text lower-cased)
    QIDENT = "qident"  # delimited identifier (text as written)
    STRING = "string"  # string literal (text unescaped)
    NUMBER = "number"
    PARAM = "param"  # ?
    OP = "op"  # punctuation and operators


@dataclass(frozen=True)
class Token:
    kind: Kind
    text: str
    pos: int  # offset in the statement text
    end: int
    double_quoted: bool = False  # a STRING written with double quotes

    def is_word(self, *words: str) -> bool:
        return self.kind is Kind.WORD and self.text in words

    def is_op(self, *ops: str) -> bool:
        return self.kind is Kind.OP and self.text in ops


_TWO_CHAR_OPS = ("::", "||", "<=", ">=", "<>", "!=", "==")
_ONE_CHAR_OPS = "(),.;:=<>+-*/[]@{}%"
_COLLECTION_WORDS = ("set", "multiset", "list")


class Lexer:
    def __init__(self, sql: str, delimident: bool) -> None:
        self.sql = sql
        self.delimident = delimident
        self.pos = 0
        self.tokens: list[Token] = []

    def run(self) -> list[Token]:
        sql = self.sql
        while self.pos < len(sql):
            char = sql[self.pos]
            if char.isspace():
                self.pos += 1
            elif sql.startswith("--", self.pos):
                newline = sql.find("\n", self.pos)
                self.pos = len(sql) if newline < 0 else newline + 1
            elif sql.startswith("/*", self.pos):
                close = sql.find("*/", self.pos + 2)
                if close < 0:
                    raise SqlError(errors.SYNTAX, offset=self.pos)
                self.pos = close + 2
            elif char == "{" and not self._collection_brace():
                close = sql.find("}", self.pos + 1)
                if close < 0:
                    raise SqlError(errors.SYNTAX, offset=self.pos)
                self.pos = close + 1
            else:
                self._token(char)
        return self.tokens

    def _collection_brace(self) -> bool:
        return bool(self.tokens) and self.tokens[-1].is_word(*_COLLECTION_WORDS)

    def _token(self, char: str) -> None:
        sql, start = self.sql, self.pos
        if char in ("'", '"'):
            text = self._quoted(char)
            kind = Kind.QIDENT if char == '"' and self.delimident else Kind.STRING
            self.tokens.append(Token(kind, text, start, self.pos, char == '"'))
        elif char.isalpha() or char == "_":
            end = start
            while end < len(sql) and (sql[end].isalnum() or sql[end] in "_$"):
                end += 1
            self.pos = end
            self._add(Kind.WORD, sql[start:end].lower(), start)
        elif char.isdigit() or (char == "." and sql[start + 1 : start + 2].isdigit()):
            self._number()
        elif char == "?":
            self.pos += 1
            self._add(Kind.PARAM, "?", start)
        else:
            self._operator(char)

    def _operator(self, char: str) -> None:
        start = self.pos
        two = self.sql[start : start + 2]
        if two in _TWO_CHAR_OPS:
            self.pos += 2
            self._add(Kind.OP, "=" if two == "==" else two, start)
            return
        if char not in _ONE_CHAR_OPS:
            raise SqlError(errors.ILLEGAL_CHARACTER, offset=start)
        self.pos += 1
        self._add(Kind.OP, char, start)

    def _quoted(self, quote: str) -> str:
        sql = self.sql
        pieces: list[str] = []
        position = self.pos + 1
        while True:
            close = sql.find(quote, position)
            if close < 0:
                raise SqlError(errors.UNMATCHED_QUOTE, offset=self.pos)
            pieces.append(sql[position:close])
            if sql.startswith(quote * 2, close):
                pieces.append(quote)
                position = close + 2
                continue
            self.pos = close + 1
            return "".join(pieces)

    def _number(self) -> None:
        sql, start = self.sql, self.pos
        end = start
        while end < len(sql) and sql[end].isdigit():
            end += 1
        if end < len(sql) and sql[end] == ".":
            end += 1
            while end < len(sql) and sql[end].isdigit():
                end += 1
        if end < len(sql) and sql[end] in "eE":
            probe = end + 1
            if probe < len(sql) and sql[probe] in "+-":
                probe += 1
            if probe < len(sql) and sql[probe].isdigit():
                end = probe
                while end < len(sql) and sql[end].isdigit():
                    end += 1
        self.pos = end
        self._add(Kind.NUMBER, sql[start:end], start)

    def _add(self, kind: Kind, text: str, start: int) -> None:
        self.tokens.append(Token(kind, text, start, self.pos))


def tokenize(sql: str, delimident: bool = False) -> list[Token]:
    """Tokens of one statement, comments removed."""
    return Lexer(sql, delimident).run()
