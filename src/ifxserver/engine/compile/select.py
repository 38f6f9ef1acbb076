"""SELECT, set operations and subqueries -> SQLite text plus typed result columns."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from informix_db.protocol.coltype import ColumnType

from .. import errors
from ..errors import SqlError
from ..sql.dialect import exp
from ..types.info import INT_TYPE, NULL_TYPE, with_nullable
from . import typerules
from .coerce import coerce, collation_for
from .context import CONSTANT, CompileContext, Typed
from .expressions import ExprCompiler, unsupported
from .outer import OuterUnit, is_outer_group, join_outer_units, outer_group
from .scope import Scope, Source, SourceColumn, table_source

_HANDLED_SELECT_ARGS = frozenset(
    {
        "with_",
        "expressions",
        "distinct",
        "from_",
        "joins",
        "where",
        "group",
        "having",
        "order",
        "limit",
        "offset",
        "locks",
        "kind",
    }
)
_HANDLED_SET_ARGS = frozenset(
    {"with_", "this", "expression", "distinct", "order", "limit", "offset"}
)


@dataclass
class SelectResult:
    sql: str
    columns: list[Typed]  # name and type of each result column; sql = its alias c<i>
    for_update: bool = False


@dataclass
class _Parts:
    """A compiled simple SELECT before rendering (UNION may still coerce its items)."""

    items: list[Typed]
    distinct: bool
    from_sql: str
    where: str = ""
    group: str = ""
    having: str = ""
    order: list[str] = field(default_factory=list)
    limit: str = ""
    for_update: bool = False
    ctes: str = ""

    def render(self, items: list[Typed] | None = None) -> str:
        chosen = items if items is not None else self.items
        columns = ", ".join(
            f"{item.sql}{collation_for(item.type)} AS c{n}" for n, item in enumerate(chosen, 1)
        )
        sql = f"{self.ctes}SELECT {'DISTINCT ' if self.distinct else ''}{columns}"
        if self.from_sql:
            sql += f" FROM {self.from_sql}"
        for keyword, text in (
            ("WHERE", self.where),
            ("GROUP BY", self.group),
            ("HAVING", self.having),
        ):
            if text:
                sql += f" {keyword} {text}"
        if self.order:
            sql += " ORDER BY " + ", ".join(self.order)
        return sql + self.limit


class SelectCompiler:
    def __init__(self, ctx: CompileContext) -> None:
        self.ctx = ctx
        self.ctes: dict[str, tuple[str, SelectResult]] = {}

    # -- entry ---------------------------------------------------------------------------
    def compile(self, node: exp.Expression, parent: Scope | None = None) -> SelectResult:
        if isinstance(node, exp.Subquery):
            if node.args.get("alias") is not None:
                raise SqlError(errors.SYNTAX)
            return self.compile(node.this, parent)
        if isinstance(node, exp.Select):
            parts = self._select(node, parent)
            return SelectResult(parts.render(), self._result_columns(parts.items), parts.for_update)
        if isinstance(node, exp.SetOperation):
            return self._set_operation(node, parent)
        raise unsupported(node)

    def subquery(self, node: exp.Expression, parent: Scope) -> SelectResult:
        return self.compile(node, parent)

    @staticmethod
    def _result_columns(items: list[Typed]) -> list[Typed]:
        return [Typed(f"c{n}", described(item.type), item.name) for n, item in enumerate(items, 1)]

    # -- simple SELECT --------------------------------------------------------------------
    def _select(self, node: exp.Select, parent: Scope | None) -> _Parts:
        extra = [k for k, v in node.args.items() if v and k not in _HANDLED_SELECT_ARGS]
        if extra:
            raise SqlError(errors.NOT_IMPLEMENTED, text=extra[0])
        ctes = self._with(node.args.get("with_"), parent)
        scope = Scope(parent=parent)
        outer_joins: list[OuterUnit] = []
        from_sql = self._from(node, scope, outer_joins)
        plain = ExprCompiler(self.ctx, scope, self.subquery)
        items, limit = self._items(node, scope)
        where_node = node.args["where"].this if node.args.get("where") is not None else None
        if outer_joins:
            from_sql, where_node = self._legacy_outer(from_sql, where_node, scope, outer_joins)
        where = plain.condition(where_node).sql if where_node is not None else ""
        group_items = self._group(node, scope, items)
        having = ""
        if node.args.get("having") is not None:
            agg = ExprCompiler(self.ctx, scope, self.subquery, aggregates=True)
            having = agg.condition(node.args["having"].this).sql
        aggregated = bool(group_items) or bool(having) or any(i.aggregate for i in items)
        if aggregated:
            _check_grouping(items, group_items)
        parts = _Parts(
            items,
            bool(node.args.get("distinct")),
            from_sql,
            where,
            ", ".join(g.sql for g in group_items),
            having,
            self._order(node.args.get("order"), scope, items),
            _one_limit(limit, self._limit_clause(node)),
            bool(node.args.get("locks")),
            ctes,
        )
        return parts

    def _with(self, with_node: exp.Expression | None, parent: Scope | None) -> str:
        if with_node is None:
            return ""
        if with_node.args.get("recursive"):
            raise SqlError(errors.NOT_IMPLEMENTED, text="WITH RECURSIVE")
        rendered = []
        for cte in with_node.expressions:
            result = self.compile(cte.this, parent)
            alias = self.ctx.new_alias()
            self.ctes[cte.alias_or_name] = (alias, result)
            rendered.append(f"{alias} AS ({result.sql})")
        return "WITH " + ", ".join(rendered) + " "

    def _items(self, node: exp.Select, scope: Scope) -> tuple[list[Typed], str]:
        compiler = ExprCompiler(self.ctx, scope, self.subquery, aggregates=True)
        expressions = list(node.expressions)
        limit = ""
        if expressions and _is_skipfirst(expressions[0]):
            limit = self._skipfirst(expressions.pop(0), compiler)
        items: list[Typed] = []
        for expression in expressions:
            items.extend(self._item(expression, scope, compiler))
        if not items:
            raise SqlError(errors.SYNTAX)
        return items, limit

    def _item(self, node: exp.Expression, scope: Scope, compiler: ExprCompiler) -> list[Typed]:
        if isinstance(node, exp.Star):
            return scope.star(None)
        if isinstance(node, exp.Column) and isinstance(node.this, exp.Star):
            return scope.star(node.table)
        if isinstance(node, exp.Alias):
            typed = compiler.expr(node.this)
            return [typed.renamed(node.alias)]
        typed = compiler.expr(node)
        if typed.is_literal or (typed.param is not None):
            typed = typed.renamed(CONSTANT)
        if typed.param is not None and self.ctx.param_type(typed.param) is None:
            raise SqlError(errors.SYNTAX)  # Informix: a bare ? in the projection list
        return [typed]

    def _skipfirst(self, node: exp.Expression, compiler: ExprCompiler) -> str:
        call = node.this
        skip, first = call.expressions
        clauses = []
        first_sql = "-1"
        if not isinstance(first, exp.Null):
            first_sql = coerce(self.ctx, compiler.expr(first, INT_TYPE), INT_TYPE).sql
        clauses.append(f" LIMIT {first_sql}")
        if not isinstance(skip, exp.Null):
            clauses.append(
                f" OFFSET {coerce(self.ctx, compiler.expr(skip, INT_TYPE), INT_TYPE).sql}"
            )
        return "".join(clauses)

    def _limit_clause(self, node: exp.Expression) -> str:
        limit = node.args.get("limit")
        offset = node.args.get("offset")
        if limit is None and offset is None:
            return ""
        compiler = ExprCompiler(self.ctx, Scope(), self.subquery)
        text = " LIMIT " + (
            coerce(self.ctx, compiler.expr(limit.expression, INT_TYPE), INT_TYPE).sql
            if limit
            else "-1"
        )
        if offset is not None:
            text += (
                " OFFSET "
                + coerce(self.ctx, compiler.expr(offset.expression, INT_TYPE), INT_TYPE).sql
            )
        return text

    # -- FROM -------------------------------------------------------------------------------------
    def _from(self, node: exp.Select, scope: Scope, outer: list[OuterUnit]) -> str:
        from_node = node.args.get("from_")
        if from_node is None:
            if node.args.get("joins"):
                raise SqlError(errors.SYNTAX)
            return ""
        sql = self._source(from_node.this, scope)
        for join in node.args.get("joins") or []:
            sql += self._join(join, scope, outer)
        return sql

    def _legacy_outer(
        self, from_sql: str, where: exp.Expression | None, scope: Scope, outer: list[OuterUnit]
    ) -> tuple[str, exp.Expression | None]:
        compiler = ExprCompiler(self.ctx, scope, self.subquery)
        return join_outer_units(compiler, from_sql, where, outer)

    def _outer_group(self, node: exp.Expression, scope: Scope, depth: int) -> OuterUnit:
        return outer_group(self, node, scope, depth)

    def _join(self, join: exp.Join, scope: Scope, outer: list[OuterUnit]) -> str:
        if is_outer_group(join.this) and not join.args.get("on"):
            outer.append(self._outer_group(join.this, scope, 1))
            return ""
        side = str(join.args.get("side") or "").upper()
        kind = str(join.args.get("kind") or "").upper()
        if join.args.get("using"):
            raise SqlError(errors.NOT_IMPLEMENTED, text="USING")
        on = join.args.get("on")
        if side == "RIGHT":
            for source in scope.sources:
                source.nullable = True
        before = len(scope.sources)
        target = self._source(join.this, scope)
        if side in ("LEFT", "FULL"):
            for source in scope.sources[before:]:
                source.nullable = True
        if side == "FULL":
            for source in scope.sources[:before]:
                source.nullable = True
        if on is None:
            if side or kind not in ("", "CROSS", "INNER"):
                raise SqlError(errors.SYNTAX)
            added = scope.sources[before:]
            if kind == "" and len(added) == 1 and added[0].name in self.ctx.outer_tables:
                added[0].nullable = True
                outer.append(OuterUnit([added[0].name], target))
                return ""
            return f" CROSS JOIN {target}" if kind == "CROSS" else f", {target}"
        condition = ExprCompiler(self.ctx, scope, self.subquery).condition(on).sql
        keyword = f"{side} JOIN" if side in ("LEFT", "RIGHT", "FULL") else "JOIN"
        return f" {keyword} {target} ON {condition}"

    def _source(self, node: exp.Expression, scope: Scope) -> str:
        if isinstance(node, exp.Table):
            return self._table(node, scope)
        if isinstance(node, exp.Subquery):
            result = self.compile(node.this, scope.parent)
            alias = self.ctx.new_alias()
            name = node.alias_or_name or alias
            renames = [c.name for c in node.args["alias"].columns] if node.args.get("alias") else []
            columns = []
            for index, column in enumerate(result.columns):
                label = renames[index] if index < len(renames) else column.name
                columns.append(SourceColumn(label, column.type, f"{alias}.c{index + 1}"))
            scope.add(Source(name, alias, columns))
            return f"({result.sql}) AS {alias}"
        raise unsupported(node)

    def _table(self, node: exp.Table, scope: Scope) -> str:
        if node.args.get("catalog") is not None or node.args.get("joins"):
            raise SqlError(errors.SYNTAX)
        name = node.name
        database, owner = split_qualifier(node.text("db"))
        alias_name = node.alias or name
        if database is None and owner is None and name in self.ctes:
            cte_alias, result = self.ctes[name]
            alias = self.ctx.new_alias()
            columns = [
                SourceColumn(c.name, c.type, f"{alias}.c{n}")
                for n, c in enumerate(result.columns, 1)
            ]
            scope.add(Source(alias_name, alias, columns))
            return f"{cte_alias} AS {alias}"
        table = self.ctx.catalog.find_table(database, owner, name)
        self.ctx.tables_read.add(f"{table.database}:{table.name}")
        alias = self.ctx.new_alias()
        scope.add(table_source(table, alias_name, alias, owner if not node.alias else None))
        return f"{table.qualified} AS {alias}"

    # -- GROUP BY / ORDER BY -----------------------------------------------------------------------
    def _group(self, node: exp.Select, scope: Scope, items: list[Typed]) -> list[Typed]:
        group = node.args.get("group")
        if group is None:
            return []
        compiler = ExprCompiler(self.ctx, scope, self.subquery)
        out = []
        for expression in group.expressions:
            position = _position(expression, len(items))
            if position is not None:
                out.append(items[position])
            else:
                out.append(compiler.expr(expression))
        return out

    def _order(self, order: exp.Expression | None, scope: Scope, items: list[Typed]) -> list[str]:
        if order is None:
            return []
        compiler = ExprCompiler(self.ctx, scope, self.subquery, aggregates=True)
        out = []
        for ordered in order.expressions:
            expression = ordered.this
            position = _position(expression, len(items))
            if position is None and isinstance(expression, exp.Column) and not expression.table:
                position = _alias_position(expression.name, items)
            if position is not None:
                term = f"c{position + 1}"
            else:
                typed = compiler.expr(expression)
                term = f"{typed.sql}{collation_for(typed.type)}"
            out.append(term + _direction(ordered))
        return out

    # -- UNION, INTERSECT, EXCEPT/MINUS
    def _set_operation(self, node: exp.SetOperation, parent: Scope | None) -> SelectResult:
        extra = [k for k, v in node.args.items() if v and k not in _HANDLED_SET_ARGS]
        if extra:
            raise SqlError(errors.NOT_IMPLEMENTED, text=extra[0])
        ctes = self._with(node.args.get("with_"), parent)
        branches: list[_Parts] = []
        operators: list[str] = []
        self._flatten(node, parent, branches, operators)
        width = len(branches[0].items)
        if any(len(b.items) != width for b in branches):
            raise SqlError(errors.UNION_COLUMNS)
        types = []
        for index in range(width):
            result = branches[0].items[index].type
            for branch in branches[1:]:
                result = typerules.promote(result, branch.items[index].type)
            nullable = any(b.items[index].type.nullable for b in branches)
            types.append(with_nullable(result, nullable))
        rendered = []
        for branch in branches:
            coerced = [
                coerce(self.ctx, item, ct) for item, ct in zip(branch.items, types, strict=True)
            ]
            rendered.append(
                branch.render([replace(c, type=ct) for c, ct in zip(coerced, types, strict=True)])
            )
        sql = rendered[0]
        for operator, text in zip(operators, rendered[1:], strict=True):
            sql += f" {operator} {text}"
        first = branches[0].items
        columns = [
            Typed(f"c{n}", described(ct), first[n - 1].name) for n, ct in enumerate(types, 1)
        ]
        order = self._union_order(node.args.get("order"), columns)
        if order:
            sql += " ORDER BY " + ", ".join(order)
        sql += self._limit_clause(node)
        return SelectResult(ctes + sql, columns)

    def _flatten(
        self, node: exp.Expression, parent: Scope | None, out: list[_Parts], ops: list[str]
    ) -> None:
        if isinstance(node, exp.Subquery):
            node = node.this
        if isinstance(node, exp.SetOperation):
            if out and (node.args.get("order") or node.args.get("limit")):
                raise SqlError(errors.SYNTAX)  # ORDER BY only after the last branch
            self._flatten(node.this, parent, out, ops)
            ops.append(_set_operator(node))
            right = node.expression
            if isinstance(right, exp.Subquery):
                right = right.this
            if isinstance(right, exp.SetOperation):
                out.append(self._nested_set(right, parent))  # SQLite compounds are left-deep
            else:
                self._flatten(right, parent, out, ops)
            return
        if not isinstance(node, exp.Select):
            raise unsupported(node)
        if node.args.get("order"):
            raise SqlError(errors.SYNTAX)
        out.append(self._select(node, parent))

    def _nested_set(self, node: exp.SetOperation, parent: Scope | None) -> _Parts:
        """A parenthesised (or higher-precedence INTERSECT) right operand as a derived table."""
        inner = self._set_operation(node, parent)
        return _Parts(list(inner.columns), False, f"({inner.sql})")

    def _union_order(self, order: exp.Expression | None, columns: list[Typed]) -> list[str]:
        if order is None:
            return []
        out = []
        for ordered in order.expressions:
            expression = ordered.this
            position = _position(expression, len(columns))
            if position is None and isinstance(expression, exp.Column):
                position = _alias_position(expression.name, columns)
            if position is None:
                raise SqlError(errors.SYNTAX)
            out.append(f"{position + 1}{_direction(ordered)}")
        return out


def _set_operator(node: exp.SetOperation) -> str:
    if isinstance(node, exp.Union):
        return "UNION" if node.args.get("distinct") else "UNION ALL"
    word = "INTERSECT" if isinstance(node, exp.Intersect) else "EXCEPT"
    if not node.args.get("distinct"):
        raise SqlError(errors.NOT_IMPLEMENTED, text=f"{word} ALL")  # Informix has no ALL form
    return word


def described(ct: ColumnType) -> ColumnType:
    """A bare NULL is described as CHAR(1) (type 9 must never reach a client)."""
    return ColumnType.char(1) if ct.code == NULL_TYPE.code else ct


def split_qualifier(text: str) -> tuple[str | None, str | None]:
    """`informix` -> (None, owner); `db:owner` -> (db, owner); `db:` -> (db, None)."""
    if not text:
        return None, None
    if ":" not in text:
        return None, text
    database, owner = text.split(":", 1)
    return database.split("@", 1)[0].lower(), owner or None


def _one_limit(projection: str, trailing: str) -> str:
    """FIRST/SKIP in the projection or a trailing LIMIT/OFFSET, not both."""
    if projection and trailing:
        raise SqlError(errors.SYNTAX)
    return projection or trailing


def _is_skipfirst(node: exp.Expression) -> bool:
    return (
        isinstance(node, exp.Alias)
        and isinstance(node.this, exp.Anonymous)
        and str(node.this.this) == "IFX_SKIPFIRST"
    )


def _position(node: exp.Expression, count: int) -> int | None:
    if isinstance(node, exp.Literal) and not node.is_string and node.this.isdigit():
        position = int(node.this)
        if not 1 <= position <= count:
            raise SqlError(errors.SYNTAX)
        return position - 1
    return None


def _alias_position(name: str, items: list[Typed]) -> int | None:
    for index, item in enumerate(items):
        if item.name == name:
            return index
    return None


def _direction(ordered: exp.Expression) -> str:
    descending = bool(ordered.args.get("desc"))
    nulls_first = ordered.args.get("nulls_first")
    text = " DESC" if descending else ""
    if nulls_first is not None and bool(nulls_first) == descending:
        text += " NULLS FIRST" if nulls_first else " NULLS LAST"
    return text


def _check_grouping(items: list[Typed], group: list[Typed]) -> None:
    """Informix -294: a selected column that is neither grouped nor aggregated."""
    grouped = {g.sql for g in group}
    for item in items:
        if item.sql in grouped:
            continue
        missing = [ref for ref in item.refs if ref not in grouped]
        if missing:
            name = missing[0].rsplit(".", 1)[-1].strip('"')
            raise SqlError(errors.GROUP_BY_VIOLATION, text=name)


__all__ = ["SelectCompiler", "SelectResult", "split_qualifier"]
