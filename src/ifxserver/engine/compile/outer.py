"""Legacy Informix outer joins: `FROM a, OUTER b` and `FROM a, OUTER (b, OUTER c)`.

Every table not marked OUTER is dominant. An OUTER table (or parenthesised
group, outer as a whole) joins after all dominant tables as a LEFT JOIN; each
WHERE conjunct that mentions an outer table moves into the ON condition of
the innermost outer unit it mentions (Informix applies such predicates while
joining, so the dominant rows survive); the other conjuncts stay in WHERE.
Inside a group, the non-OUTER members are joined to each other, and nested
OUTER members become LEFT JOINs inside the group's parentheses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..sql.dialect import exp
from .scope import Scope


@dataclass(eq=False)
class OuterUnit:
    """One OUTER table or group: the FROM names inside it and how to render its join."""

    members: list[str]
    target: str  # SQL of the table, or of the group's dominant members joined together
    depth: int = 1
    nested: list[OuterUnit] = field(default_factory=list)
    group: bool = False  # a parenthesised group: rendered in parentheses
    conjuncts: list[exp.Expression] = field(default_factory=list)

    def units(self) -> list[OuterUnit]:
        """This unit and every unit nested in it, outermost first."""
        found = [self]
        for unit in self.nested:
            found.extend(unit.units())
        return found

    def render(self, condition: Callable[[list[exp.Expression]], str]) -> str:
        inner = self.target + "".join(unit.render(condition) for unit in self.nested)
        body = f"({inner})" if self.group else inner
        return f" LEFT JOIN {body} ON {condition(self.conjuncts)}"


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


def distribute(
    where: exp.Expression | None, scope: Scope, outer: list[OuterUnit]
) -> list[exp.Expression]:
    """Move conjuncts into their outer unit's ON; return the ones that stay in WHERE."""
    units = [unit for top in outer for unit in top.units()]
    innermost: dict[str, OuterUnit] = {}
    for unit in units:  # outermost first, so inner units overwrite their members
        for name in unit.members:
            innermost[name] = unit
    remaining: list[exp.Expression] = []
    for part in conjuncts(where):
        hit = [innermost[name] for name in referenced_sources(part, scope) if name in innermost]
        if not hit:
            remaining.append(part)
            continue
        deepest = max(unit.depth for unit in hit)
        chosen = [u for u in units if u.depth == deepest and any(u is h for h in hit)]
        chosen[-1].conjuncts.append(part)
    return remaining


def and_all(parts: list[exp.Expression]) -> exp.Expression | None:
    if not parts:
        return None
    result = parts[0]
    for part in parts[1:]:
        result = exp.And(this=result, expression=part)
    return result


__all__ = ["OuterUnit", "and_all", "distribute"]
