"""CREATE PROCEDURE / CREATE FUNCTION text -> `Routine` (ast.py).

Supported SPL: parameters with DEFAULT, RETURNING ... [AS name], DEFINE,
LET, IF/ELIF/ELSE, FOR (range and IN list), FOREACH over a SELECT ... INTO
or an EXECUTE PROCEDURE ... INTO, WHILE, RETURN [WITH RESUME], RAISE
EXCEPTION, EXIT/CONTINUE, CALL, EXECUTE PROCEDURE/FUNCTION, BEGIN ... END
blocks and SQL statements. Anything else is refused with -999 naming it.
"""

from __future__ import annotations

from collections.abc import Callable

from .. import errors
from ..errors import SqlError
from ..sql.lexer import Kind, Token, tokenize
from ..sql.tokens import TokenStream, parse_type
from . import ast

STATEMENT_WORDS = frozenset(
    {
        "let", "if", "for", "foreach", "while", "return", "raise", "call", "execute", "exit",
        "continue", "define", "begin", "insert", "update", "delete", "select", "end", "system",
        "trace", "on", "create", "drop", "alter", "commit", "rollback", "set", "lock", "unlock",
    }
)  # fmt: skip
_NOT_AFTER = ("for", "union", "all", "intersect", "except", "minus", "distinct", "unique")
_UNSUPPORTED = ("on", "system", "trace", "debug", "goto")


def parse_routine(tokens: list[Token], source: str, ansi: bool = False) -> ast.Routine:
    stream = TokenStream(tokens, 0, source)
    stream.expect_word("create")
    stream.accept_word("dba")
    kind = stream.expect_word("procedure", "function")
    stream.accept_words("if", "not", "exists")
    owner, name = _routine_name(stream)
    params = _params(stream, ansi)
    returns = _returning(stream, ansi)
    _modifiers(stream)
    parser = _BodyParser(stream, ansi)
    body = parser.statements(("end",))
    stream.expect_word("end")
    stream.expect_word(kind)
    _trailer(stream)
    return ast.Routine(
        name, owner, kind == "function", params, returns, body, source.strip(), parser.resumes
    )


def _routine_name(stream: TokenStream) -> tuple[str | None, str]:
    first = stream.name().text
    if stream.accept_op("."):
        return first, stream.name().text
    return None, first


def _params(stream: TokenStream, ansi: bool) -> list[ast.Param]:
    stream.expect_op("(")
    params: list[ast.Param] = []
    if stream.accept_op(")"):
        return params
    while True:
        stream.accept_word("in", "out", "inout")
        name = stream.name().text
        if stream.peek_word("like", "references"):
            raise SqlError(errors.NOT_IMPLEMENTED, text=f"parameter {stream.next().text.upper()}")
        ctype = parse_type(stream, ansi).type
        default = None
        if stream.accept_word("default"):
            default = _text_until(stream, lambda t, depth: depth == 0 and t.is_op(",", ")"))
        params.append(ast.Param(name, ctype, default))
        if stream.accept_op(")"):
            return params
        stream.expect_op(",")


def _returning(stream: TokenStream, ansi: bool) -> list[ast.Returned]:
    if not stream.accept_word("returning", "returns"):
        return []
    returns = []
    while True:
        ctype = parse_type(stream, ansi).type
        name = stream.name().text if stream.accept_word("as") else None
        returns.append(ast.Returned(ctype, name))
        if not stream.accept_op(","):
            break
    stream.accept_op(";")
    return returns


def _modifiers(stream: TokenStream) -> None:
    """SPECIFIC name, WITH (NOT VARIANT, ...) and the `;` that may end the header."""
    if stream.accept_word("specific"):
        stream.name()
    if stream.peek_word("with") and stream.peek_op("(", ahead=1):
        stream.next()
        stream.expect_op("(")
        stream.parenthesised_text()
    stream.accept_op(";")


def _trailer(stream: TokenStream) -> None:
    if stream.accept_word("document"):
        while (token := stream.peek()) is not None and token.kind is Kind.STRING:
            stream.next()
            stream.accept_op(",")
    if stream.accept_words("with", "listing", "in"):
        stream.next()
    stream.expect_end()


def _text_until(stream: TokenStream, stop: Callable[[Token, int], bool]) -> str:
    """Source text of the tokens before the first depth-0 token `stop(token, depth)` accepts."""
    start = stream.index
    depth = 0
    while not stream.at_end():
        token = stream.tokens[stream.index]
        if stop(token, depth):
            break
        depth += token.is_op("(") - token.is_op(")")
        stream.index += 1
    if stream.index == start:
        raise stream.error()
    return stream.source[stream.tokens[start].pos : stream.tokens[stream.index - 1].end]


def _split(text_tokens: list[Token], source: str) -> list[str]:
    """Top-level comma-separated pieces of a token run, as source text."""
    pieces: list[str] = []
    depth = 0
    start = 0
    for index, token in enumerate(text_tokens):
        depth += token.is_op("(") - token.is_op(")")
        if depth == 0 and token.is_op(","):
            pieces.append(_span(text_tokens[start:index], source))
            start = index + 1
    pieces.append(_span(text_tokens[start:], source))
    return pieces


def split_arguments(text: str) -> list[str]:
    """`a, f(b, c), 'x'` -> its top-level pieces (an empty text has none)."""
    tokens = tokenize(text)
    return _split(tokens, text) if tokens else []


def _span(tokens: list[Token], source: str) -> str:
    if not tokens:
        raise SqlError(errors.SYNTAX)
    return source[tokens[0].pos : tokens[-1].end]


class _BodyParser:
    def __init__(self, stream: TokenStream, ansi: bool) -> None:
        self.s = stream
        self.ansi = ansi
        self.resumes = False

    def statements(self, enders: tuple[str, ...]) -> list[ast.Statement]:
        body: list[ast.Statement] = []
        while not self.s.at_end() and not self.s.peek_word(*enders):
            if self.s.accept_op(";"):
                continue
            body.append(self.statement())
        return body

    def statement(self) -> ast.Statement:
        token = self.s.peek()
        assert token is not None
        word = token.text if token.kind is Kind.WORD else ""
        handler = getattr(self, f"_{word}", None) if word else None
        if word in _UNSUPPORTED:
            raise SqlError(errors.NOT_IMPLEMENTED, text=f"SPL {word.upper()}")
        if word == "begin" and not self.s.peek_word("work", "transaction", ahead=1):
            return self._block()
        if handler is not None and word not in ("begin",):
            self.s.next()
            result: ast.Statement = handler()
            return result
        return self._sql()

    # -- simple statements -----------------------------------------------------------------
    def _define(self) -> ast.Statement:
        if self.s.peek_word("global"):
            raise SqlError(errors.NOT_IMPLEMENTED, text="DEFINE GLOBAL")
        names = [self.s.name().text]
        while self.s.accept_op(","):
            names.append(self.s.name().text)
        if self.s.peek_word("like", "references", "procedure"):
            raise SqlError(errors.NOT_IMPLEMENTED, text=f"DEFINE {self.s.next().text.upper()}")
        ctype = parse_type(self.s, self.ansi).type
        self.s.expect_op(";")
        return ast.Define(names, ctype)

    def _let(self) -> ast.Statement:
        targets = [self.s.name().text]
        while self.s.accept_op(","):
            targets.append(self.s.name().text)
        self.s.expect_op("=")
        return ast.Let(targets, self._expressions_until_semicolon())

    def _expressions_until_semicolon(self) -> list[str]:
        start = self.s.index
        _text_until(self.s, lambda t, depth: depth == 0 and t.is_op(";"))
        tokens = self.s.tokens[start : self.s.index]
        self.s.expect_op(";")
        return _split(tokens, self.s.source)

    def _return(self) -> ast.Statement:
        if self.s.accept_op(";"):
            return ast.Return([])
        start = self.s.index
        _text_until(self.s, lambda t, depth: depth == 0 and (t.is_op(";") or t.is_word("with")))
        expressions = _split(self.s.tokens[start : self.s.index], self.s.source)
        resume = self.s.accept_words("with", "resume")
        self.resumes = self.resumes or resume
        self.s.expect_op(";")
        return ast.Return(expressions, resume)

    def _raise(self) -> ast.Statement:
        self.s.expect_word("exception")
        parts = self._expressions_until_semicolon()
        if len(parts) > 3:
            raise SqlError(errors.SYNTAX)
        isam = parts[1] if len(parts) > 1 else None
        return ast.Raise(parts[0], isam, parts[2] if len(parts) > 2 else None)

    def _exit(self) -> ast.Statement:
        return self._loop_control(True)

    def _continue(self) -> ast.Statement:
        return self._loop_control(False)

    def _loop_control(self, leave: bool) -> ast.Statement:
        loop = self.s.accept_word("for", "foreach", "while") or ""
        self.s.expect_op(";")
        return ast.LoopControl(leave, loop)

    def _call(self) -> ast.Statement:
        name, arguments = self._invocation()
        into: list[str] = []
        if self.s.accept_word("returning", "into"):
            into = self._names()
        self.s.expect_op(";")
        return ast.Call(name, arguments, into)

    def _execute(self) -> ast.Statement:
        self.s.expect_word("procedure", "function", "routine")
        return self._call()

    def _invocation(self) -> tuple[str, list[str]]:
        name = self.s.name().text
        if self.s.accept_op("."):
            name = self.s.name().text
        self.s.expect_op("(")
        if self.s.accept_op(")"):
            return name, []
        start = self.s.index
        _text_until(self.s, lambda t, depth: depth == 0 and t.is_op(")"))
        arguments = _split(self.s.tokens[start : self.s.index], self.s.source)
        self.s.expect_op(")")
        return name, arguments

    def _names(self) -> list[str]:
        names = [self.s.name().text]
        while self.s.accept_op(","):
            names.append(self.s.name().text)
        return names

    # -- compound statements ---------------------------------------------------------------------
    def _if(self) -> ast.Statement:
        branches: list[tuple[str, list[ast.Statement]]] = []
        while True:
            condition = _text_until(self.s, lambda t, depth: depth == 0 and t.is_word("then"))
            self.s.expect_word("then")
            branches.append((condition, self.statements(("elif", "else", "end"))))
            if not self.s.accept_word("elif"):
                break
        otherwise = self.statements(("end",)) if self.s.accept_word("else") else []
        self._end("if")
        return ast.If(branches, otherwise)

    def _for(self) -> ast.Statement:
        variable = self.s.name().text
        if self.s.accept_word("in"):
            self.s.expect_op("(")
            start = self.s.index
            _text_until(self.s, lambda t, depth: depth == 0 and t.is_op(")"))
            values = _split(self.s.tokens[start : self.s.index], self.s.source)
            self.s.expect_op(")")
            body = self.statements(("end",))
            self._end("for")
            return ast.ForIn(variable, values, body)
        self.s.expect_op("=")
        first = _text_until(self.s, lambda t, depth: depth == 0 and t.is_word("to"))
        self.s.expect_word("to")
        last = self._condition_text(extra=("step",))
        step = self._condition_text() if self.s.accept_word("step") else None
        body = self.statements(("end",))
        self._end("for")
        return ast.ForRange(variable, first, last, step, body)

    def _while(self) -> ast.Statement:
        condition = self._condition_text()
        body = self.statements(("end",))
        self._end("while")
        return ast.While(condition, body)

    def _foreach(self) -> ast.Statement:
        if not self.s.peek_word("select", "execute", "with"):
            self.s.name()  # cursor name
            self.s.accept_words("with", "hold")
            self.s.expect_word("for")
        if self.s.accept_word("execute"):
            self.s.expect_word("procedure", "function", "routine")
            name, arguments = self._invocation()
            into = self._names() if self.s.accept_word("into") else []
            self.s.accept_op(";")
            query = f"EXECUTE PROCEDURE {name}({', '.join(arguments)})"
            body = self.statements(("end",))
            self._end("foreach")
            return ast.Foreach(query, into, body)
        start = self.s.index
        self._condition_text()
        sql, into = _strip_into(self.s.tokens[start : self.s.index], self.s.source)
        self.s.accept_op(";")
        body = self.statements(("end",))
        self._end("foreach")
        return ast.Foreach(sql, into, body)

    def _block(self) -> ast.Statement:
        self.s.expect_word("begin")
        body = self.statements(("end",))
        self.s.expect_word("end")
        self.s.accept_op(";")
        return ast.Block(body)

    def _end(self, word: str) -> None:
        self.s.expect_word("end")
        self.s.expect_word(word)
        self.s.accept_op(";")

    def _condition_text(self, extra: tuple[str, ...] = ()) -> str:
        """Text up to `;` or the first depth-0 word that starts a statement (or `extra`)."""
        cases = [0]
        start = self.s.index

        def stop(token: Token, depth: int) -> bool:
            if self.s.index == start:
                return False  # the first word (SELECT of a FOREACH) starts the text itself
            if token.is_word("case"):
                cases[0] += 1
            if depth or token.kind is not Kind.WORD:
                return depth == 0 and token.is_op(";")
            if token.text == "end" and cases[0]:
                cases[0] -= 1
                return False
            previous = self.s.tokens[self.s.index - 1] if self.s.index else None
            after_keyword = previous is not None and previous.is_word(*_NOT_AFTER)
            return token.text in extra or (token.text in STATEMENT_WORDS and not after_keyword)

        return _text_until(self.s, stop)

    def _sql(self) -> ast.Statement:
        start = self.s.index
        _text_until(self.s, lambda t, depth: depth == 0 and t.is_op(";"))
        tokens = self.s.tokens[start : self.s.index]
        self.s.expect_op(";")
        if tokens[0].is_word("select"):
            sql, into = _strip_into(tokens, self.s.source)
            return ast.Sql(sql, into)
        return ast.Sql(_span(tokens, self.s.source))


def _strip_into(tokens: list[Token], source: str) -> tuple[str, list[str]]:
    """`SELECT a, b INTO x, y FROM t` -> (`SELECT a, b FROM t`, [x, y])."""
    depth = 0
    for index, token in enumerate(tokens):
        depth += token.is_op("(") - token.is_op(")")
        if depth or not token.is_word("into"):
            continue
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if following is None or following.is_word("temp", "scratch", "external"):
            break
        names: list[str] = []
        position = index + 1
        while position < len(tokens):
            names.append(tokens[position].text)
            position += 1
            if position < len(tokens) and tokens[position].is_op(","):
                position += 1
                continue
            break
        head = source[tokens[0].pos : tokens[index - 1].end]
        tail = source[tokens[position].pos : tokens[-1].end] if position < len(tokens) else ""
        return f"{head} {tail}".strip(), names
    return _span(tokens, source), []


__all__ = ["parse_routine"]
