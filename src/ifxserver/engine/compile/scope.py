"""Name resolution: FROM items, their columns, nested (correlated) scopes."""

from __future__ import annotations

from dataclasses import dataclass, field

from informix_db.protocol.coltype import ColumnType

from .. import errors
from ..catalog.model import TableInfo
from ..errors import SqlError
from .context import Typed


@dataclass(frozen=True)
class SourceColumn:
    name: str
    type: ColumnType
    sql: str
    hidden: bool = False


@dataclass
class Source:
    """One FROM item: a table, a view or a derived table."""

    name: str  # the name that qualifies its columns (alias, else table name)
    alias: str  # SQLite alias
    columns: list[SourceColumn]
    table: TableInfo | None = None
    owner: str | None = None
    nullable: bool = False  # inner side of an outer join

    def column(self, name: str) -> SourceColumn | None:
        for column in self.columns:
            if column.name == name:
                return column
        return None

    def matches(self, qualifier: str, owner: str | None) -> bool:
        if qualifier != self.name:
            return False
        return owner is None or self.owner is None or owner.lower() == self.owner.lower()


@dataclass
class Scope:
    sources: list[Source] = field(default_factory=list)
    parent: Scope | None = None

    def add(self, source: Source) -> None:
        self.sources.append(source)  # a repeated name only fails when a column is ambiguous

    def resolve(self, name: str, qualifier: str | None, owner: str | None = None) -> Typed:
        scope: Scope | None = self
        while scope is not None:
            found = scope._lookup(name, qualifier, owner)
            if found is not None:
                return found
            scope = scope.parent
        if qualifier is not None and not self._knows_qualifier(qualifier):
            raise SqlError(errors.COLUMN_NOT_FOUND, text=f"{qualifier}.{name}")
        raise SqlError(errors.COLUMN_NOT_FOUND, text=name)

    def _knows_qualifier(self, qualifier: str) -> bool:
        scope: Scope | None = self
        while scope is not None:
            if any(source.name == qualifier for source in scope.sources):
                return True
            scope = scope.parent
        return False

    def _lookup(self, name: str, qualifier: str | None, owner: str | None) -> Typed | None:
        hits: list[tuple[Source, SourceColumn]] = []
        for source in self.sources:
            if qualifier is not None and not source.matches(qualifier, owner):
                continue
            column = source.column(name)
            if column is not None:
                hits.append((source, column))
        if len(hits) > 1:
            raise SqlError(errors.AMBIGUOUS_COLUMN, text=name)
        if not hits:
            return None
        source, column = hits[0]
        ct = column.type
        if source.nullable and not ct.nullable:
            ct = ColumnType(ct.code, ct.length, True, ct.xid, ct.xname, ct.xowner, ct.source_type)
        return Typed(column.sql, ct, name, refs=frozenset({column.sql}))

    def star(self, qualifier: str | None) -> list[Typed]:
        """Columns `*` / `t.*` expands to."""
        chosen = [s for s in self.sources if qualifier is None or s.name == qualifier]
        if qualifier is not None and not chosen:
            raise SqlError(errors.TABLE_NOT_FOUND, errors.ISAM_NOT_FOUND, qualifier)
        out: list[Typed] = []
        for source in chosen:
            for column in source.columns:
                if column.hidden:
                    continue
                typed = self._lookup(column.name, source.name, None)
                assert typed is not None
                out.append(typed)
        return out


def table_source(table: TableInfo, name: str, alias: str, owner: str | None) -> Source:
    columns = [SourceColumn(c.name, c.type, f'{alias}."{c.name}"', c.hidden) for c in table.columns]
    return Source(name, alias, columns, table, owner=table.owner if owner else None)
