"""Legacy Informix outer joins: `FROM a, OUTER b WHERE a.x = b.x`.

Each WHERE conjunct that references an OUTER table moves into that table's
LEFT JOIN ... ON condition (Informix applies such predicates while joining, so
the dominant rows survive); the other conjuncts stay in WHERE. Nested
`OUTER (b, c)` groups are refused by the pre-pass.
"""

from __future__ import annotations

from ..sql.dialect import exp
from .scope import Scope


def conjuncts(node: exp.Expression | None) -> list[exp.Expression]:
    if node is None:
        return []
    if isinstance(node, exp.And):
        return conjuncts(node.this) + conjuncts(node.expression)
    if isinstance(node, exp.Paren) and isinstance(node.this, exp.And):
        return conjuncts(node.this)
    return [node]


def referenced_sources(node: exp.Expression, scope: Scope) -> set[str]:
    """Names of this scope's FROM items a predicate mentions."""
    names: set[str] = set()
    for column in node.find_all(exp.Column):
        if column.table:
            names.add(column.table)
            continue
        for source in scope.sources:
            if source.column(column.name) is not None:
                names.add(source.name)
    return names


def split_where(
    where: exp.Expression | None, scope: Scope, outer: list[str]
) -> tuple[list[exp.Expression], dict[str, list[exp.Expression]]]:
    """(conjuncts that stay in WHERE, conjuncts per OUTER table for its ON)."""
    remaining: list[exp.Expression] = []
    moved: dict[str, list[exp.Expression]] = {name: [] for name in outer}
    for part in conjuncts(where):
        mentioned = referenced_sources(part, scope)
        targets = [name for name in outer if name in mentioned]
        if targets:
            moved[targets[-1]].append(part)
        else:
            remaining.append(part)
    return remaining, moved


def and_all(parts: list[exp.Expression]) -> exp.Expression | None:
    if not parts:
        return None
    result = parts[0]
    for part in parts[1:]:
        result = exp.And(this=result, expression=part)
    return result


__all__ = ["and_all", "split_where"]
