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
from typing import TYPE_CHECKING

from .. import errors
from ..errors import SqlError
from ..sql.dialect import exp
from ..sql.prepass import OUTER_GROUP_PREFIX
from .scope import Scope

if TYPE_CHECKING:
    from .expressions import ExprCompiler
    from .select import SelectCompiler


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


def is_outer_group(node: exp.Expression) -> bool:
    alias = node.args.get("alias") if isinstance(node, exp.Subquery) else None
    return alias is not None and alias.name.startswith(OUTER_GROUP_PREFIX)


def join_outer_units(
    compiler: ExprCompiler, from_sql: str, where: exp.Expression | None, outer: list[OuterUnit]
) -> tuple[str, exp.Expression | None]:
    """FROM text with the outer units' LEFT JOINs appended, and what stays in WHERE."""
    remaining = distribute(where, compiler.scope, outer)

    def condition(parts: list[exp.Expression]) -> str:
        joined = and_all(parts)
        return compiler.condition(joined).sql if joined is not None else "1 = 1"

    # Outer units join after every dominant table: their ON may name any of them.
    for unit in outer:
        from_sql += unit.render(condition)
    return from_sql, and_all(remaining)


def outer_group(
    selects: SelectCompiler, node: exp.Expression, scope: Scope, depth: int
) -> OuterUnit:
    """`OUTER (b, c, OUTER d)`: b and c joined, d outer inside, the group outer as a whole."""
    table = node.this
    if not isinstance(table, exp.Table):
        raise SqlError(errors.NOT_IMPLEMENTED, text="OUTER (...)")
    head = table.copy()
    head.set("joins", None)
    before = len(scope.sources)
    target = selects._source(head, scope)
    nested: list[OuterUnit] = []
    for join in table.args.get("joins") or []:
        if is_outer_group(join.this):
            nested.append(outer_group(selects, join.this, scope, depth + 1))
            continue
        start = len(scope.sources)
        sql = selects._source(join.this, scope)
        added = scope.sources[start:]
        if len(added) == 1 and added[0].name in selects.ctx.outer_tables:
            nested.append(OuterUnit([added[0].name], sql, depth + 1))
        else:
            target += f", {sql}"
    for source in scope.sources[before:]:
        source.nullable = True
    members = [s.name for s in scope.sources[before:]]
    return OuterUnit(members, target, depth, nested, group=True)


__all__ = ["OuterUnit", "is_outer_group", "join_outer_units", "outer_group"]
