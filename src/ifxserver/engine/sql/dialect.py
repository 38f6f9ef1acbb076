"""The only module that imports sqlglot (pinned; its internals move between releases).

Informix-specific syntax never reaches sqlglot: the lexical pre-pass rewrites
it into marker calls, so the stock dialect's parser suffices. Everything else
in the engine works on the tree through the `exp` namespace re-exported here.
"""

from __future__ import annotations

from typing import cast

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError, TokenError

from .. import errors
from ..errors import SqlError

__all__ = ["exp", "parse_statement"]


def parse_statement(text: str) -> exp.Expression:
    """Parse one pre-passed statement; any parser complaint is Informix -201."""
    try:
        trees = sqlglot.parse(text, read=None)
    except (ParseError, TokenError):
        raise SqlError(errors.SYNTAX) from None
    except (ValueError, KeyError, IndexError, TypeError, RecursionError):
        raise SqlError(errors.SYNTAX) from None
    statements = [tree for tree in trees if tree is not None]
    if len(statements) != 1:
        raise SqlError(errors.SYNTAX)
    return cast(exp.Expression, statements[0])
