"""In-memory schema snapshot of a database, loaded from its own catalog tables."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from informix_db.protocol.coltype import ColumnType

from ..types.info import SERIAL_CODES
from .coltypes import type_from_catalog
from .schema import sqlite_table_name

HIDDEN = 1  # syscolumns.colattr bit


@dataclass(frozen=True)
class DefaultSpec:
    """A column default: kind L literal, N null, U user, T today, C current, S server."""

    kind: str
    text: str | None = None
    qualifier: int = 0  # CURRENT's qualifier


@dataclass(frozen=True)
class ColumnInfo:
    name: str
    colno: int
    type: ColumnType
    varchar_min: int = 0
    hidden: bool = False
    default: DefaultSpec | None = None

    @property
    def is_serial(self) -> bool:
        return self.type.code in SERIAL_CODES


@dataclass(frozen=True)
class UniqueKey:
    constraint: str
    index: str
    columns: tuple[str, ...]
    primary: bool
    owner: str = ""


@dataclass(frozen=True)
class TableInfo:
    name: str
    owner: str
    tabid: int
    columns: tuple[ColumnInfo, ...]
    tabtype: str = "T"
    schema: str = "main"  # SQLite schema holding the table
    database: str = ""
    temp: bool = False
    unique_keys: tuple[UniqueKey, ...] = ()
    serial_start: int = 1

    @property
    def sqlite_name(self) -> str:
        return sqlite_table_name(self.name)

    @property
    def qualified(self) -> str:
        """`schema."table"` for generated SQLite text."""
        return f'{self.schema}."{self.sqlite_name}"'

    def column(self, name: str) -> ColumnInfo | None:
        for column in self.columns:
            if column.name == name:
                return column
        return None

    @property
    def visible(self) -> list[ColumnInfo]:
        return [column for column in self.columns if not column.hidden]

    @property
    def serial_column(self) -> ColumnInfo | None:
        for column in self.columns:
            if column.is_serial:
                return column
        return None


@dataclass(frozen=True)
class SynonymInfo:
    """A synonym: of a table in this database (base_tabid) or in another one."""

    name: str
    tabid: int
    base_tabid: int | None
    database: str | None = None
    base_owner: str | None = None
    base_name: str | None = None


@dataclass(frozen=True)
class SequenceInfo:
    name: str
    tabid: int
    start: int
    increment: int
    minimum: int
    maximum: int
    cycle: bool


@dataclass
class DatabaseSchema:
    name: str
    tables: dict[str, TableInfo] = field(default_factory=dict)
    synonyms: dict[str, SynonymInfo] = field(default_factory=dict)
    sequences: dict[str, SequenceInfo] = field(default_factory=dict)

    def by_tabid(self, tabid: int) -> TableInfo | None:
        return next((t for t in self.tables.values() if t.tabid == tabid), None)

    def table(self, name: str) -> TableInfo | None:
        return self.tables.get(name)


def load_schema(conn: sqlite3.Connection, database: str, schema: str = "main") -> DatabaseSchema:
    """Read systables/syscolumns/sysdefaults/sysconstraints of one attached database."""
    columns: dict[int, list[ColumnInfo]] = {}
    defaults = _load_defaults(conn, schema)
    for tabid, name, colno, coltype, collength, xid, colattr in conn.execute(
        f"SELECT tabid, colname, colno, coltype, collength, extended_id, colattr "
        f'FROM {schema}."syscolumns" ORDER BY tabid, colno'
    ):
        ct, varchar_min = type_from_catalog(coltype, collength, xid or 0)
        columns.setdefault(tabid, []).append(
            ColumnInfo(
                name,
                colno,
                ct,
                varchar_min,
                bool((colattr or 0) & HIDDEN),
                defaults.get((tabid, colno)),
            )
        )
    keys = _load_unique_keys(conn, schema, columns)
    starts = _load_serial_starts(conn, schema)
    result = DatabaseSchema(database)
    for name, owner, tabid, tabtype in conn.execute(
        f'SELECT tabname, owner, tabid, tabtype FROM {schema}."systables" '
        "WHERE tabtype IN ('T', 'V')"
    ):
        result.tables[name] = TableInfo(
            name,
            owner.rstrip(),
            tabid,
            tuple(columns.get(tabid, ())),
            tabtype,
            schema,
            database,
            unique_keys=tuple(keys.get(tabid, ())),
            serial_start=starts.get(tabid, 1),
        )
    _load_synonyms(conn, schema, result)
    _load_sequences(conn, schema, result)
    return result


def _load_synonyms(conn: sqlite3.Connection, schema: str, result: DatabaseSchema) -> None:
    for name, tabid, btabid, dbname, owner, tabname in conn.execute(
        f"SELECT t.tabname, t.tabid, s.btabid, s.dbname, s.owner, s.tabname "
        f'FROM {schema}."systables" t JOIN {schema}."syssyntable" s ON s.tabid = t.tabid '
        "WHERE t.tabtype IN ('S', 'P')"
    ):
        result.synonyms[name] = SynonymInfo(name, tabid, btabid, dbname, owner, tabname)


def _load_sequences(conn: sqlite3.Connection, schema: str, result: DatabaseSchema) -> None:
    for name, tabid, start, increment, maximum, minimum, cycle in conn.execute(
        f"SELECT t.tabname, t.tabid, q.start_val, q.inc_val, q.max_val, q.min_val, q.cycle "
        f'FROM {schema}."systables" t JOIN {schema}."syssequences" q ON q.tabid = t.tabid '
        "WHERE t.tabtype = 'Q'"
    ):
        result.sequences[name] = SequenceInfo(
            name, tabid, int(start), int(increment), int(minimum), int(maximum), cycle == "1"
        )


def _load_defaults(conn: sqlite3.Connection, schema: str) -> dict[tuple[int, int], DefaultSpec]:
    found: dict[tuple[int, int], DefaultSpec] = {}
    for tabid, colno, kind, text, _ in conn.execute(
        f'SELECT tabid, colno, type, "default", class FROM {schema}."sysdefaults"'
    ):
        qualifier = 0
        if kind == "C" and text:
            qualifier = int(text)
        found[(tabid, colno)] = DefaultSpec(kind, text, qualifier)
    return found


def _load_unique_keys(
    conn: sqlite3.Connection, schema: str, columns: dict[int, list[ColumnInfo]]
) -> dict[int, list[UniqueKey]]:
    """Unique indexes with the constraint (if any) they implement."""
    parts = ", ".join(f"i.part{n}" for n in range(1, 17))
    keys: dict[int, list[UniqueKey]] = {}
    for row in conn.execute(
        f"SELECT i.tabid, c.constrname, c.constrtype, i.idxname, c.owner, {parts} "
        f'FROM {schema}."sysindices" i LEFT JOIN {schema}."sysconstraints" c '
        "ON i.idxname = c.idxname AND i.tabid = c.tabid AND c.constrtype IN ('P', 'U') "
        "WHERE i.idxtype = 'U'"
    ):
        tabid, constraint, kind, index, owner = row[:5]
        by_number = {column.colno: column.name for column in columns.get(tabid, ())}
        names = tuple(by_number.get(abs(n), "?") for n in row[5:] if n)
        key = UniqueKey(constraint or "", index, names, kind == "P", (owner or "").rstrip())
        keys.setdefault(tabid, []).append(key)
    return keys


def _load_serial_starts(conn: sqlite3.Connection, schema: str) -> dict[int, int]:
    return dict(conn.execute(f'SELECT tabid, start FROM {schema}."ifx__serials"').fetchall())
