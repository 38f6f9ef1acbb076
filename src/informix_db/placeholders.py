"""Placeholder rewriting in one lexical pass that follows Informix's rules.

The wire only knows `?`. `:N` (paramstyle "numeric") is turned into `?` and
remembered as "parameter N-1 goes here", so `:2, :1` reorders and a repeated
`:1` binds the same value twice. Quotes (`''` escapes a quote, a backslash
escapes nothing), `--` / `/* */` / `{}` comments and `::` casts are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass

from .exceptions import ProgrammingError


@dataclass(frozen=True, slots=True)
class Rewritten:
    sql: str
    order: tuple[int, ...] | None  # parameter index per `?`; None = plain `?` style
    count: int  # placeholders in the text


def _skip_quoted(sql: str, i: int, quote: str) -> int:
    """Index just past the literal starting at sql[i] (or the end if unterminated)."""
    n = len(sql)
    i += 1
    while i < n:
        if sql[i] == quote:
            if i + 1 < n and sql[i + 1] == quote:
                i += 2
                continue
            return i + 1
        i += 1
    return n


def _skip_until(sql: str, i: int, closer: str) -> int:
    end = sql.find(closer, i)
    return len(sql) if end < 0 else end + len(closer)


def _skip_inert(sql: str, i: int) -> int:
    """If sql[i] starts a literal or comment, the index after it; else i."""
    ch = sql[i]
    if ch in "'\"":
        return _skip_quoted(sql, i, ch)
    two = sql[i : i + 2]
    if two == "--":
        return _skip_until(sql, i, "\n")
    if two == "/*":
        return _skip_until(sql, i + 2, "*/")
    if ch == "{":
        return _skip_until(sql, i, "}")
    return i


def _glued(sql: str, i: int) -> bool:
    """`12:30` in a DATETIME literal or `db:tab` is not a placeholder."""
    return i > 0 and (sql[i - 1].isalnum() or sql[i - 1] in "_:")


def rewrite(sql: str) -> Rewritten:
    """Find the placeholders of `sql` and turn `:N` into `?`."""
    out: list[str] = []
    order: list[int] = []
    qmarks = numbered = 0
    i = start = 0
    n = len(sql)
    while i < n:
        after = _skip_inert(sql, i)
        if after != i:
            i = after
            continue
        ch = sql[i]
        if ch == ":" and sql[i + 1 : i + 2] == ":":
            i += 2
        elif ch == ":" and sql[i + 1 : i + 2].isdigit() and not _glued(sql, i):
            j = i + 1
            while j < n and sql[j].isdigit():
                j += 1
            index = int(sql[i + 1 : j])
            if index < 1:
                raise ProgrammingError(f"placeholder :{index} is not valid; numbering starts at :1")
            out.append(sql[start:i])
            out.append("?")
            order.append(index - 1)
            numbered += 1
            i = start = j
        else:
            qmarks += ch == "?"
            i += 1
    if qmarks and numbered:
        raise ProgrammingError("mixing '?' and ':N' placeholders in one statement is not allowed")
    if not numbered:
        return Rewritten(sql, None, qmarks)
    out.append(sql[start:])
    return Rewritten("".join(out), tuple(order), numbered)


def arrange(rw: Rewritten, params: object) -> list[object]:
    """The parameter list in wire order; mismatches raise before anything is sent."""
    if params is None:
        params = ()
    if isinstance(params, dict):
        raise ProgrammingError(
            "named parameters are not supported; pass a sequence for ? or :N placeholders"
        )
    if isinstance(params, (str, bytes)) or not hasattr(params, "__len__"):
        raise ProgrammingError("parameters must be a sequence (tuple or list)")
    values: list[object] = list(params)  # type: ignore[call-overload]
    if rw.order is None:
        if len(values) != rw.count:
            raise ProgrammingError(
                f"the statement has {rw.count} placeholder(s) but {len(values)} "
                "parameter(s) were given"
            )
        return values
    needed = max(rw.order) + 1
    if len(values) != needed:
        raise ProgrammingError(
            f"the statement uses :1..:{needed} but {len(values)} parameter(s) were given"
        )
    return [values[i] for i in rw.order]
