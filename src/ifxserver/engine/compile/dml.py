"""INSERT, UPDATE and DELETE -> one SQLite statement each.

Every target column value is converted to the column's type in SQL (or at
bind time for `?`), omitted columns get their Informix defaults, and a
SERIAL column is routed through `ifx_serial`, which assigns the next value
for 0/NULL and moves the counter past explicit larger values.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from informix_db.protocol.codes import StmtType
from informix_db.protocol.coltype import ColumnType

from .. import errors
from ..backend.errmap import Access
from ..catalog.model import ColumnInfo, DefaultSpec, TableInfo
from ..catalog.writer import quote
from ..errors import SqlError
from ..sql.dialect import exp
from ..types import convert
from ..types.convert import ConvEnv
from ..types.info import DATE_TYPE, with_nullable
from ..types.temporal import DateFormat
from .coerce import coerce, sql_literal
from .context import CompileContext, Typed
from .expressions import ExprCompiler, unsupported
from .scope import Scope, table_source
from .select import SelectCompiler, split_qualifier


@dataclass
class DmlSpec:
    stmt_type: int
    sql: str
    access: Access
    table: TableInfo
    columns: list[ColumnInfo] = field(default_factory=list)  # INSERT targets (described)
    param_defaults: dict[int, ColumnInfo] = field(default_factory=dict)  # ? -> column


def serial_key(table: TableInfo) -> str:
    return f"{'temp' if table.temp else table.database}:{table.tabid}:{table.name}"


def default_sql(column: ColumnInfo, env: ConvEnv) -> str:
    """SQL producing the default of a column the INSERT leaves out."""
    spec = column.default
    if spec is None or spec.kind == "N":
        return "NULL"
    if spec.kind == "T":
        return (
            "ifx_today()"
            if column.type.code == DATE_TYPE.code
            else _converted("ifx_today()", DATE_TYPE, column.type)
        )
    if spec.kind == "U":
        return "ifx_user()"
    if spec.kind == "S":
        return "ifx_server()"
    if spec.kind == "C":
        q = spec.qualifier or column.type.length
        source = ColumnType(10, q)
        return _converted(f"ifx_current({q})", source, column.type)
    return sql_literal(convert.to_storage(default_value(spec, column, env), column.type))


def default_value(spec: DefaultSpec, column: ColumnInfo, env: ConvEnv) -> object:
    """Logical value of a literal default (stored as canonical text in sysdefaults)."""
    canonical = ConvEnv(DateFormat.parse("Y4MD-"), env.codec, False, env.clock)
    text = spec.text or ""
    return convert.convert(text, ColumnType.lvarchar(len(text) + 1), column.type, canonical)


def _converted(sql: str, src: ColumnType, dst: ColumnType) -> str:
    from .coerce import conv_sql

    if src.code == dst.code and src.length == dst.length:
        return sql
    return conv_sql(sql, src, dst)


def _null_is_implied_into_not_null(column: ColumnInfo) -> bool:
    """A column the INSERT leaves out would get NULL, which it does not accept."""
    no_default = column.default is None or column.default.kind == "N"
    return no_default and not column.type.nullable and not column.is_serial and not column.hidden


def _is_default_keyword(node: exp.Expression) -> bool:
    if isinstance(node, exp.Column) and not node.table:
        return node.name.lower() == "default"
    return isinstance(node, exp.Var) and node.name.lower() == "default"


class DmlCompiler:
    def __init__(self, ctx: CompileContext) -> None:
        self.ctx = ctx
        self.selects = SelectCompiler(ctx)

    def target(self, node: exp.Expression) -> TableInfo:
        if not isinstance(node, exp.Table):
            raise unsupported(node)
        database, owner = split_qualifier(node.text("db"))
        table = self.ctx.catalog.find_table(database, owner, node.name)
        if table.tabtype != "T":
            raise SqlError(errors.NOT_IMPLEMENTED, text=f"modify {table.name}")
        return table

    # -- INSERT -----------------------------------------------------------------------------
    def insert(self, node: exp.Insert) -> DmlSpec:
        target = node.this
        names: list[str] | None = None
        if isinstance(target, exp.Schema):
            names = [identifier.name for identifier in target.expressions]
            target = target.this
        table = self.target(target)
        columns = self._insert_columns(table, names)
        source = node.expression
        spec = DmlSpec(StmtType.INSERT, "", Access.INSERT, table, columns)
        if isinstance(source, exp.Values):
            rows = [self._values_row(row, columns, spec) for row in source.expressions]
            body = "VALUES " + ", ".join(rows)
        elif isinstance(source, (exp.Select, exp.SetOperation, exp.Subquery)):
            body = self._insert_select(source, columns, table)
        else:
            raise unsupported(source if source is not None else node)
        names_sql = ", ".join(quote(c.name) for c in table.columns)
        spec.sql = f"INSERT INTO {table.qualified} ({names_sql}) {body}"
        return spec

    def _insert_columns(self, table: TableInfo, names: list[str] | None) -> list[ColumnInfo]:
        if names is None:
            return table.visible
        columns = []
        for name in names:
            column = table.column(name)
            if column is None:
                raise SqlError(errors.COLUMN_NOT_FOUND, text=name)
            if column in columns:
                raise SqlError(errors.DUPLICATE_COLUMN, text=name)
            columns.append(column)
        return columns

    def _values_row(self, row: exp.Expression, columns: list[ColumnInfo], spec: DmlSpec) -> str:
        if not isinstance(row, exp.Tuple):
            raise unsupported(row)
        if len(row.expressions) != len(columns):
            raise SqlError(errors.COLUMN_COUNT_MISMATCH)
        compiler = ExprCompiler(self.ctx, Scope(), self.selects.subquery)
        given: dict[str, Typed] = {}
        for column, expression in zip(columns, row.expressions, strict=True):
            if _is_default_keyword(expression):
                continue  # DEFAULT keyword: same as leaving the column out
            value = compiler.expr(expression, column.type)
            if value.param is not None:
                spec.param_defaults[value.param] = column
                self.ctx.make_strict(value)
            given[column.name] = coerce(self.ctx, value, with_nullable(column.type, True))
        return (
            "(" + ", ".join(self._value_sql(c, spec.table, given) for c in spec.table.columns) + ")"
        )

    def _value_sql(self, column: ColumnInfo, table: TableInfo, given: dict[str, Typed]) -> str:
        value = given.get(column.name)
        if value is None and _null_is_implied_into_not_null(column):
            raise SqlError(errors.IMPLIED_NULL_INTO_NOT_NULL, text=column.name)
        sql = (
            value.sql
            if value is not None
            else ("NULL" if column.is_serial else default_sql(column, self.ctx.env))
        )
        if column.is_serial:
            return f"ifx_serial('{serial_key(table)}', {sql})"
        return sql

    def _insert_select(
        self, source: exp.Expression, columns: list[ColumnInfo], table: TableInfo
    ) -> str:
        result = self.selects.compile(source)
        if len(result.columns) != len(columns):
            raise SqlError(errors.COLUMN_COUNT_MISMATCH)
        given = {
            column.name: coerce(self.ctx, item, with_nullable(column.type, True))
            for column, item in zip(columns, result.columns, strict=True)
        }
        values = ", ".join(self._value_sql(c, table, given) for c in table.columns)
        return f"SELECT {values} FROM ({result.sql})"

    # -- UPDATE / DELETE ------------------------------------------------------------------------
    def update(self, node: exp.Update) -> DmlSpec:
        table = self.target(node.this)
        if node.args.get("from_") or node.args.get("returning") or node.args.get("limit"):
            raise SqlError(errors.SYNTAX)
        scope, alias = self._single_table_scope(node.this, table)
        compiler = ExprCompiler(self.ctx, scope, self.selects.subquery)
        spec = DmlSpec(StmtType.UPDATE, "", Access.UPDATE, table)
        assignments: list[str] = []
        for item in node.expressions:
            assignments.extend(self._assignments(item, table, compiler, spec))
        where = self._where(node, compiler)
        spec.sql = f"UPDATE {table.qualified} AS {alias} SET {', '.join(assignments)}{where}"
        return spec

    def _assignments(
        self, item: exp.Expression, table: TableInfo, compiler: ExprCompiler, spec: DmlSpec
    ) -> list[str]:
        if not isinstance(item, exp.EQ):
            raise unsupported(item)
        if isinstance(item.this, exp.Tuple):
            targets = list(item.this.expressions)
            values = item.expression
            if not isinstance(values, exp.Tuple):
                raise SqlError(errors.NOT_IMPLEMENTED, text="SET (...) = (SELECT ...)")
            if len(values.expressions) != len(targets):
                raise SqlError(errors.COLUMN_COUNT_MISMATCH)
            pairs = list(zip(targets, values.expressions, strict=True))
        else:
            pairs = [(item.this, item.expression)]
        out = []
        for target, value_node in pairs:
            if not isinstance(target, exp.Column):
                raise unsupported(target)
            column = table.column(target.name)
            if column is None:
                raise SqlError(errors.COLUMN_NOT_FOUND, text=target.name)
            value = compiler.expr(value_node, column.type)
            if value.param is not None:
                spec.param_defaults[value.param] = column
                self.ctx.make_strict(value)
            converted = coerce(self.ctx, value, with_nullable(column.type, True))
            out.append(f"{quote(column.name)} = {converted.sql}")
        return out

    def delete(self, node: exp.Delete) -> DmlSpec:
        if node.args.get("using") or node.args.get("returning") or node.args.get("tables"):
            raise SqlError(errors.SYNTAX)
        table = self.target(node.this)
        scope, alias = self._single_table_scope(node.this, table)
        compiler = ExprCompiler(self.ctx, scope, self.selects.subquery)
        where = self._where(node, compiler)
        return DmlSpec(
            StmtType.DELETE,
            f"DELETE FROM {table.qualified} AS {alias}{where}",
            Access.DELETE,
            table,
        )

    def _single_table_scope(self, node: exp.Expression, table: TableInfo) -> tuple[Scope, str]:
        alias = self.ctx.new_alias()
        name = node.alias or table.name
        scope = Scope()
        scope.add(table_source(table, name, alias, None))
        return scope, alias

    def _where(self, node: exp.Expression, compiler: ExprCompiler) -> str:
        where = node.args.get("where")
        if where is None:
            return ""
        return f" WHERE {compiler.condition(where.this).sql}"
