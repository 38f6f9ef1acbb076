"""Shared state of one statement's compilation, and the typed-expression record."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Protocol

from informix_db.protocol.coltype import ColumnType

from ..catalog.model import SequenceInfo, TableInfo
from ..spl.ast import Routine
from ..sql.tokens import TypeSpec
from ..types.convert import ConvEnv
from ..types.info import NULL_TYPE, with_nullable


class _NoLiteral:
    def __repr__(self) -> str:
        return "NO_LITERAL"


NO_LITERAL: object = _NoLiteral()

CONSTANT = "(constant)"
EXPRESSION = "(expression)"


@dataclass(frozen=True)
class Typed:
    """A compiled expression: SQLite text producing the storage form of `type`."""

    sql: str
    type: ColumnType
    name: str = EXPRESSION
    literal: object = NO_LITERAL  # logical value when the expression is a constant literal
    param: int | None = None  # index of a bare `?`
    aggregate: bool = False  # contains an aggregate function
    refs: frozenset[str] = frozenset()  # column SQL referenced outside aggregates

    @property
    def is_literal(self) -> bool:
        return self.literal is not NO_LITERAL

    def renamed(self, name: str) -> Typed:
        return replace(self, name=name)


@dataclass
class ParamSlot:
    """What the statement expects for one `?`: None until context decides.

    `strict` slots (values assigned to a column, CAST targets) convert with the
    full assignment rules (truncation, rounding, range); the others (compared
    or computed with) keep the value intact so `WHERE c = ?` never matches a
    truncated string.
    """

    type: ColumnType | None = None
    strict: bool = False
    # `date_or_datetime + ?`: described as INTERVAL DAY TO FRACTION, but the bound value's
    # own interval class (year-month or day-time) decides the arithmetic at run time.
    any_interval: bool = False


class Catalog(Protocol):
    """Name resolution services of the session (temp tables, current and other databases)."""

    def find_table(self, database: str | None, owner: str | None, name: str) -> TableInfo: ...

    def find_routine(self, name: str) -> Routine | None: ...

    def find_sequence(self, name: str) -> SequenceInfo | None: ...


class SessionLike(Catalog, Protocol):
    """What a compilation needs from the session besides name lookup."""

    conv: ConvEnv
    database: str | None

    @property
    def logged(self) -> bool: ...

    @property
    def ansi(self) -> bool: ...


@dataclass
class CompileContext:
    catalog: Catalog
    env: ConvEnv
    cast_types: list[TypeSpec]
    params: list[ParamSlot]
    database: str
    logged: bool = True
    ansi: bool = False
    outer_tables: set[str] = field(default_factory=set)
    alias_counter: int = 0
    tables_read: set[str] = field(default_factory=set)
    variables: dict[str, ColumnType] = field(default_factory=dict)  # SPL variables in scope
    variable_refs: list[str] = field(default_factory=list)  # variable of each extra parameter

    @classmethod
    def for_session(
        cls, session: SessionLike, cast_types: list[TypeSpec], param_count: int = 0
    ) -> CompileContext:
        return cls(
            session,
            session.conv,
            cast_types,
            [ParamSlot() for _ in range(param_count)],
            session.database or "",
            session.logged,
            session.ansi,
        )

    def new_alias(self) -> str:
        self.alias_counter += 1
        return f"t{self.alias_counter}"

    def variable(self, name: str) -> Typed | None:
        """An SPL variable where a name is not a column: a parameter bound with its storage."""
        ct = self.variables.get(name)
        if ct is None:
            return None
        if name not in self.variable_refs:
            self.variable_refs.append(name)
            self.params.append(ParamSlot(ct))
        index = len(self.params) - len(self.variable_refs) + self.variable_refs.index(name)
        return Typed(f"?{index + 1}", with_nullable(ct, True), name)

    def param_type(self, index: int) -> ColumnType | None:
        return self.params[index].type

    def set_param_type(self, index: int, ct: ColumnType) -> None:
        if self.params[index].type is None and ct.code != NULL_TYPE.code:
            self.params[index].type = with_nullable(ct, True)

    def make_strict(self, typed: Typed) -> None:
        if typed.param is not None:
            self.params[typed.param].strict = True
