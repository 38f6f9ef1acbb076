"""LIKE and MATCHES patterns: one tokenizer, translated to SQLite GLOB or a regex."""

from __future__ import annotations

import re

Token = tuple[str, str]  # ("lit" | "any" | "one" | "class", text)

_WILDCARDS = {"like": {"%": "any", "_": "one"}, "matches": {"*": "any", "?": "one"}}


def tokenize(pattern: str, escape: str | None, kind: str) -> list[Token]:
    """Split a LIKE or MATCHES pattern; `[...]` classes exist only in MATCHES."""
    wild = _WILDCARDS[kind]
    out: list[Token] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if escape and char == escape and index + 1 < len(pattern):
            out.append(("lit", pattern[index + 1]))
            index += 2
            continue
        close = pattern.find("]", index + 1) if kind == "matches" and char == "[" else -1
        if close > index:
            out.append(("class", pattern[index + 1 : close]))
            index = close + 1
            continue
        out.append((wild.get(char, "lit"), char))
        index += 1
    return out


def to_glob(tokens: list[Token]) -> str:
    """GLOB is case-sensitive like Informix; its own specials are bracketed."""
    parts = []
    for kind, text in tokens:
        if kind == "any":
            parts.append("*")
        elif kind == "one":
            parts.append("?")
        elif kind == "class" or text in "*?[":
            parts.append(f"[{text}]")
        else:
            parts.append(text)
    return "".join(parts)


def to_regex(tokens: list[Token]) -> re.Pattern[str]:
    parts = []
    for kind, text in tokens:
        if kind == "any":
            parts.append(".*")
        elif kind == "one":
            parts.append(".")
        elif kind == "class":
            parts.append(_regex_class(text))
        else:
            parts.append(re.escape(text))
    return re.compile("".join(parts), re.DOTALL)


def _regex_class(body: str) -> str:
    """A MATCHES class as a regex class: only `^` (negation) and `-` (range) stay special."""
    negate = body.startswith("^")
    inner = "".join(c if c == "-" else re.escape(c) for c in body[negate:])
    return "[" + ("^" if negate else "") + inner + "]"
