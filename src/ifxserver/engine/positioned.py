"""Update cursors: SELECT ... FOR UPDATE and UPDATE/DELETE ... WHERE CURRENT OF.

An update cursor's SELECT gets its table's rowid as a last, hidden column; the
protocol layer remembers the rowid of the row the client holds, and WHERE
CURRENT OF becomes `rowid = ?` with that value bound after the client's own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import errors
from .errors import SqlError
from .sql.dialect import exp

if TYPE_CHECKING:
    from .prepared import Plan
    from .sql.lexer import Token

ROWID_PREDICATE = "rowid = ?"


def current_of_cursor(tokens: list[Token]) -> str | None:
    """The cursor of `UPDATE/DELETE ... WHERE CURRENT OF name`, or None."""
    if len(tokens) < 5 or not tokens[0].is_word("update", "delete"):
        return None
    where, current, of, name = tokens[-4:]
    if where.is_word("where") and current.is_word("current") and of.is_word("of"):
        return name.text
    return None


def without_current_of(sql: str, tokens: list[Token]) -> str:
    """The statement with `CURRENT OF name` replaced by a rowid parameter (the last `?`)."""
    return sql[: tokens[-3].pos] + ROWID_PREDICATE


def mark_positioned(plan: Plan, cursor_name: str) -> Plan:
    """The rowid parameter is the engine's to bind: the client never sees it."""
    plan.params.pop()
    plan.current_of = cursor_name
    plan.cacheable = False
    return plan


def update_cursor_table(tree: exp.Expression) -> str | None:
    """The table a SELECT ... FOR UPDATE locks; None for other queries.

    Informix allows FOR UPDATE only on a simple SELECT from one table (-365)."""
    if not tree.args.get("locks"):
        if tree.find(exp.Lock) is not None:
            raise SqlError(errors.FOR_UPDATE_NOT_SIMPLE)
        return None
    source = tree.args.get("from_")
    table = source.this if source is not None else None
    simple = (
        isinstance(tree, exp.Select)
        and isinstance(table, exp.Table)
        and not tree.args.get("joins")
        and not tree.args.get("group")
        and not tree.args.get("distinct")
        and not any(item.find(exp.AggFunc) for item in tree.expressions)
    )
    if not simple or not isinstance(table, exp.Table):
        raise SqlError(errors.FOR_UPDATE_NOT_SIMPLE)
    return table.name


def with_rowid_column(tree: exp.Expression) -> exp.Expression:
    copy = tree.copy()
    copy.append("expressions", exp.column("rowid"))
    return copy
