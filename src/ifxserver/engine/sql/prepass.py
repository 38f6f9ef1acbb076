"""Lexical pre-pass: Informix token stream -> text sqlglot parses correctly.

Forms whose inside is not ordinary SQL become marker calls that the compiler
recognises (all upper-case `IFX_*` names, which user SQL cannot produce
because unquoted words are lower-cased by the lexer):

* `?`                          -> `IFX_PARAM(n)`        (n = text order, from 0)
* `SELECT SKIP m FIRST n UNIQUE` -> `SELECT DISTINCT IFX_SKIPFIRST(m, n) AS ifx_skipfirst, ...`
* `DATETIME(raw) q1 TO q2`     -> `IFX_DT_LIT('raw', qualifier)`; same for INTERVAL
* `::type`, `CAST(x AS type)`  -> `::IFX_T<k>` with the parsed type in `cast_types[k]`
* `CURRENT [q]`, `TODAY`, `USER`, `SYSDATE`, `DBSERVERNAME`, `SITENAME` -> `IFX_*()` calls
* `x UNITS DAY`                -> `IFX_UNITS(x, 'day')`
* `EXTEND(x, YEAR TO DAY)`     -> `EXTEND(x, qualifier)`
* `MATCHES`                    -> `GLOB` (Informix has no GLOB operator)
* `COUNT(UNIQUE x)` (any aggregate) -> `COUNT(DISTINCT x)`
* `MINUS`                      -> `EXCEPT` (Informix's synonym)
* `db:owner.table`             -> `"db:owner".table`
* `TABLE(SET{a, b})`           -> `(SELECT a AS ifx_item UNION SELECT b)`
                                  (UNION ALL for MULTISET/LIST)
* `INTO TEMP t [WITH NO LOG]`  -> removed, reported in `into_temp`
* `, OUTER t`                  -> `, t` with t reported in `outer_tables`
* `, OUTER (b, OUTER c)`       -> `, (b, c) AS ifx_og1` (a group outer as a whole)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import errors
from ..errors import SqlError
from .lexer import Kind, Token
from .tokens import Name, TokenStream, TypeSpec, parse_qualifier, parse_type

_NILADIC = {
    "today": "IFX_TODAY()",
    "user": "IFX_USER()",
    "sysdate": "IFX_SYSDATE()",
    "dbservername": "IFX_SERVER()",
    "sitename": "IFX_SERVER()",
}
_CLAUSE_WORDS = (
    "where",
    "group",
    "order",
    "having",
    "union",
    "into",
    "join",
    "left",
    "right",
    "inner",
    "full",
    "cross",
    "on",
    "for",
    "outer",
)
OUTER_GROUP_PREFIX = "ifx_og"
_AGGREGATES = ("count", "sum", "avg", "min", "max")
_UNIT_WORDS = ("year", "month", "day", "hour", "minute", "second", "fraction")


@dataclass
class IntoTemp:
    name: Name
    logged: bool = False


@dataclass
class Prepassed:
    text: str
    param_count: int = 0
    cast_types: list[TypeSpec] = field(default_factory=list)
    into_temp: IntoTemp | None = None
    outer_tables: set[str] = field(default_factory=set)  # names joined with legacy `, OUTER t`


def quote_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def quote_ident(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


class Prepass:
    def __init__(self, sql: str, tokens: list[Token], ansi: bool = False) -> None:
        self.sql = sql
        self.tokens = tokens
        self.ansi = ansi
        self.result = Prepassed("")
        self._outer_group_next = False
        self._outer_group_count = 0

    def run(self) -> Prepassed:
        end = len(self.tokens)
        if end and self.tokens[-1].is_op(";"):
            end -= 1
        end = self._strip_into_temp(end)
        self.result.text = self.render(0, end)
        return self.result

    # -- rendering ---------------------------------------------------------------
    def render(self, start: int, end: int) -> str:
        out: list[str] = []
        groups: list[int] = []  # output index where each open parenthesis group starts
        outer_groups: set[int] = set()  # depths of `OUTER (...)` groups
        last_primary = 0
        cast_depths: list[int] = []
        index = start
        while index < end:
            token = self.tokens[index]
            consumed, text = self._special(index, end, cast_depths, len(groups))
            if consumed:
                last_primary = len(out)
                out.append(text)
                index += consumed
                continue
            if token.is_op("("):
                groups.append(len(out) - 1 if out and self._is_call(index) else len(out))
                if self._outer_group_next:
                    outer_groups.add(len(groups))
                    self._outer_group_next = False
            elif token.is_op(")"):
                if cast_depths and cast_depths[-1] == len(groups):
                    cast_depths.pop()
                closing = ")"
                if len(groups) in outer_groups:
                    outer_groups.discard(len(groups))
                    self._outer_group_count += 1
                    closing = f") AS {OUTER_GROUP_PREFIX}{self._outer_group_count}"
                last_primary = groups.pop() if groups else len(out)
                out.append(closing)
                index += 1
                continue
            elif token.is_word("units") and index + 1 < end:
                unit = self.tokens[index + 1].text
                out[last_primary:] = ["IFX_UNITS(", *out[last_primary:], f", '{unit}')"]
                index += 2
                continue
            elif token.is_word("cast") and index + 1 < end and self.tokens[index + 1].is_op("("):
                cast_depths.append(len(groups) + 1)
            last_primary = len(out)
            out.append(self._plain(token, self.tokens[index + 1] if index + 1 < end else None))
            index += 1
        if groups:
            raise SqlError(errors.SYNTAX, offset=self.tokens[end - 1].pos if end else 0)
        return " ".join(piece for piece in out if piece).replace(" . ", ".")

    def _is_call(self, index: int) -> bool:
        previous = self.tokens[index - 1] if index > 0 else None
        return previous is not None and previous.kind in (Kind.WORD, Kind.QIDENT)

    def _plain(self, token: Token, following: Token | None = None) -> str:
        if token.kind is Kind.STRING:
            if token.double_quoted and following is not None and following.is_op("."):
                return quote_ident(token.text)  # "informix".systables: an owner, not a string
            return quote_string(token.text)
        if token.kind is Kind.QIDENT:
            return quote_ident(token.text)
        if token.is_op(";"):
            raise SqlError(errors.SYNTAX, offset=token.pos)
        if token.is_op("{") or token.is_op("}"):
            raise SqlError(errors.NOT_IMPLEMENTED, text="collection")
        if token.is_word("matches"):
            return "GLOB"
        return token.text

    def _special(self, index: int, end: int, casts: list[int], depth: int) -> tuple[int, str]:
        """(tokens consumed, replacement text) for a rewritten form, or (0, '')."""
        token = self.tokens[index]
        following = self.tokens[index + 1] if index + 1 < end else None
        previous = self.tokens[index - 1] if index > 0 else None
        if token.kind is Kind.PARAM:
            number = self.result.param_count
            self.result.param_count += 1
            return 1, f"IFX_PARAM({number})"
        if token.is_op("::") or (token.is_word("as") and casts and casts[-1] == depth):
            return self._cast_type(index, end, token.text)
        if token.kind in (Kind.WORD, Kind.QIDENT) and self._is_database_prefix(index, end):
            return self._database_prefix(index, end)
        if token.kind is not Kind.WORD or (previous is not None and previous.is_op(".")):
            return 0, ""
        if following is not None and following.is_op("."):
            return 0, ""
        word = token.text
        if word == "outer" and previous is not None and previous.is_op(","):
            return self._legacy_outer(index, end)
        if word == "select":
            return self._select_head(index, end)
        if word in ("datetime", "interval") and following and following.is_op("("):
            return self._temporal_literal(index, end)
        if word == "current" and not (following and following.is_word("of")):
            return self._current(index, end)
        if word in _NILADIC and not (following and following.is_op("(")):
            return 1, _NILADIC[word]
        if word == "table" and following and following.is_op("("):
            return self._collection_table(index, end)
        if word in _UNIT_WORDS and previous is not None and previous.is_op(","):
            return self._qualifier_argument(index, end)
        if word == "unique" and self._opens_aggregate(index - 1):
            return 1, "DISTINCT"
        if (
            word == "minus"
            and previous is not None
            and following is not None
            and (following.is_word("select") or following.is_op("("))
        ):
            return 1, "EXCEPT"
        return 0, ""

    def _opens_aggregate(self, index: int) -> bool:
        """Is the token at `index` the `(` of COUNT/SUM/AVG/MIN/MAX?"""
        return (
            index >= 1
            and self.tokens[index].is_op("(")
            and self.tokens[index - 1].is_word(*_AGGREGATES)
            and not (index >= 2 and self.tokens[index - 2].is_op("."))
        )

    # -- individual rewrites ---------------------------------------------------------------
    def _cast_type(self, index: int, end: int, marker: str) -> tuple[int, str]:
        stream = TokenStream(self.tokens[:end], index + 1)
        spec = parse_type(stream, self.ansi)
        self.result.cast_types.append(spec)
        prefix = "::" if marker == "::" else "AS"
        return stream.index - index, f"{prefix} IFX_T{len(self.result.cast_types) - 1}"

    def _select_head(self, index: int, end: int) -> tuple[int, str]:
        position = index + 1
        limits: dict[str, str] = {}
        while position + 1 < end and self.tokens[position].is_word(
            "skip", "first", "limit", "middle"
        ):
            value = self.tokens[position + 1]
            if value.kind is Kind.NUMBER and value.text.isdigit():
                text = value.text
            elif value.kind is Kind.PARAM:
                text = f"IFX_PARAM({self.result.param_count})"
                self.result.param_count += 1
            else:
                break
            word = self.tokens[position].text
            if word == "middle":
                raise SqlError(errors.NOT_IMPLEMENTED, text="MIDDLE")
            limits["skip" if word == "skip" else "first"] = text
            position += 2
        head = "SELECT"
        if position < end and self.tokens[position].is_word("unique", "distinct"):
            head = "SELECT DISTINCT"
            position += 1
        elif position < end and self.tokens[position].is_word("all"):
            position += 1
        if limits:
            skip, first = limits.get("skip", "NULL"), limits.get("first", "NULL")
            head += f" IFX_SKIPFIRST({skip}, {first}) AS ifx_skipfirst,"
        return position - index, head

    def _legacy_outer(self, index: int, end: int) -> tuple[int, str]:
        """`FROM a, OUTER b`: drop OUTER, remember b; the compiler makes it a LEFT JOIN."""
        position = index + 1
        if position >= end:
            raise SqlError(errors.SYNTAX, offset=self.tokens[index].pos)
        if self.tokens[position].is_op("("):  # a group, outer as a whole: `(...) AS ifx_og<n>`
            self._outer_group_next = True
            return 1, ""
        if self._is_database_prefix(position, end):
            position += 2 if self.tokens[position + 1].is_op(":") else 4
        name = self.tokens[position].text
        position += 1
        if position + 1 < end and self.tokens[position].is_op("."):
            name = self.tokens[position + 1].text
            position += 2
        if position < end and self.tokens[position].is_word("as"):
            position += 1
        if (
            position < end
            and self.tokens[position].kind in (Kind.WORD, Kind.QIDENT)
            and not (self.tokens[position].is_word(*_CLAUSE_WORDS))
        ):
            name = self.tokens[position].text
        self.result.outer_tables.add(name)
        return 1, ""

    def _temporal_literal(self, index: int, end: int) -> tuple[int, str]:
        close = index + 2
        while close < end and not self.tokens[close].is_op(")"):
            close += 1
        if close >= end:
            raise SqlError(errors.SYNTAX, offset=self.tokens[index].pos)
        raw = self.sql[self.tokens[index + 1].end : self.tokens[close].pos]
        stream = TokenStream(self.tokens[:end], close + 1)
        is_interval = self.tokens[index].text == "interval"
        q = parse_qualifier(stream, interval=is_interval)
        name = "IFX_IV_LIT" if is_interval else "IFX_DT_LIT"
        return stream.index - index, f"{name}({quote_string(raw.strip())}, {q})"

    def _current(self, index: int, end: int) -> tuple[int, str]:
        stream = TokenStream(self.tokens[:end], index + 1)
        if stream.peek_word(*_UNIT_WORDS):
            q = parse_qualifier(stream, interval=False)
            return stream.index - index, f"IFX_CURRENT({q})"
        return 1, "IFX_CURRENT(NULL)"

    def _qualifier_argument(self, index: int, end: int) -> tuple[int, str]:
        stream = TokenStream(self.tokens[:end], index)
        try:
            q = parse_qualifier(stream, interval=False)
        except SqlError:
            return 0, ""
        return stream.index - index, str(q)

    def _is_database_prefix(self, index: int, end: int) -> bool:
        """`db:` or `db@server:` in front of a table name."""
        following = self.tokens[index + 1] if index + 1 < end else None
        if following is None:
            return False
        if following.is_op(":"):
            return True
        return (
            following.is_op("@")
            and index + 3 < end
            and self.tokens[index + 2].kind in (Kind.WORD, Kind.QIDENT)
            and self.tokens[index + 3].is_op(":")
        )

    def _database_prefix(self, index: int, end: int) -> tuple[int, str]:
        database = self.tokens[index].text
        position = index + 2 if self.tokens[index + 1].is_op(":") else index + 4
        if position + 2 < end and self.tokens[position + 1].is_op("."):
            owner = self.tokens[position].text
            table = self._plain(self.tokens[position + 2])
            return position + 3 - index, f"{quote_ident(database + ':' + owner)}.{table}"
        if position < end:
            table = self._plain(self.tokens[position])
            return position + 1 - index, f"{quote_ident(database + ':')}.{table}"
        raise SqlError(errors.SYNTAX, offset=self.tokens[index].pos)

    def _collection_table(self, index: int, end: int) -> tuple[int, str]:
        kind_token = self.tokens[index + 2] if index + 2 < end else None
        if kind_token is None or not kind_token.is_word("set", "multiset", "list"):
            raise SqlError(errors.NOT_IMPLEMENTED, text="TABLE")
        if not (index + 3 < end and self.tokens[index + 3].is_op("{")):
            raise SqlError(errors.NOT_IMPLEMENTED, text="TABLE")
        elements, position = self._collection_elements(index + 4, end)
        if position >= end or not self.tokens[position].is_op(")"):
            raise SqlError(errors.SYNTAX, offset=self.tokens[index].pos)
        joiner = " UNION " if kind_token.text == "set" else " UNION ALL "
        selects = [f"SELECT {self.render(a, b)} AS ifx_item" for a, b in elements]
        if not selects:
            raise SqlError(errors.NOT_IMPLEMENTED, text="empty collection")
        return position + 1 - index, "(" + joiner.join(selects) + ")"

    def _collection_elements(self, start: int, end: int) -> tuple[list[tuple[int, int]], int]:
        elements: list[tuple[int, int]] = []
        depth, element_start, position = 0, start, start
        while position < end:
            token = self.tokens[position]
            if token.is_op("(") or token.is_op("{"):
                depth += 1
            elif token.is_op(")") or token.is_op("}"):
                if depth == 0:
                    if position > element_start:
                        elements.append((element_start, position))
                    return elements, position + 1
                depth -= 1
            elif token.is_op(",") and depth == 0:
                elements.append((element_start, position))
                element_start = position + 1
            position += 1
        raise SqlError(errors.SYNTAX, offset=self.tokens[start - 1].pos)

    def _strip_into_temp(self, end: int) -> int:
        """Remove a top-level `INTO TEMP name [WITH NO LOG]` and remember it."""
        depth = 0
        for position in range(end):
            token = self.tokens[position]
            depth += token.is_op("(") - token.is_op(")")
            if depth or not token.is_word("into") or position + 1 >= end:
                continue
            if position == 0 or not self.tokens[0].is_word("select", "with"):
                return end
            following = self.tokens[position + 1]
            if following.is_word("scratch", "external"):
                raise SqlError(errors.NOT_IMPLEMENTED, text=f"INTO {following.text.upper()}")
            if not following.is_word("temp"):
                raise SqlError(errors.SYNTAX, offset=token.pos)
            stream = TokenStream(self.tokens[:end], position + 2)
            name = stream.name()
            logged = not stream.accept_words("with", "no", "log")
            tail = stream.index
            self.result.into_temp = IntoTemp(name, logged)
            self.tokens = self.tokens[:position] + self.tokens[tail:end]
            return end - (tail - position)
        return end


def prepass(sql: str, tokens: list[Token], ansi: bool = False) -> Prepassed:
    return Prepass(sql, tokens, ansi).run()
