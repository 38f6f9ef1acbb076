"""The SPL interpreter: runs a parsed routine against the session, a generator of rows.

Values live in *storage* form (what SQLite holds for the declared type), so
they bind to the compiled SQL directly. Every expression, condition and SQL
statement is compiled by the engine itself with the routine's variables in
scope: an unqualified name that is a variable is the variable (as in
Informix, a column of the same name must be qualified) and becomes a typed
parameter. Assignments convert with Informix assignment
rules (`convert.recast`). RETURN yields a row; WITH RESUME keeps going.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from informix_db.protocol.coltype import ColumnType

from .. import errors
from ..errors import SqlError
from ..prepared import Plan
from ..sql.lexer import Kind, tokenize
from ..types.convert import recast
from ..types.info import INT_TYPE
from . import ast
from .parser import split_arguments

if TYPE_CHECKING:
    from ..session import Session

MAX_DEPTH = 64
WRONG_ROW_COUNT = -284  # SELECT ... INTO found more than one row
NOT_DEFINED = -953  # a variable used without DEFINE (code chosen: "variable not defined")
Row = tuple[object, ...]


@dataclass
class Variable:
    type: ColumnType
    value: object = None


class _Leave(Exception):
    def __init__(self, loop: str) -> None:
        self.loop = loop


class _Next(_Leave):
    pass


class _Finished(Exception):
    """RETURN without WITH RESUME: the routine ends after its row."""


class Runtime:
    def __init__(self, session: Session, routine: ast.Routine, depth: int = 0) -> None:
        if depth > MAX_DEPTH:
            raise SqlError(errors.NOT_IMPLEMENTED, text="routine nesting too deep")
        self.session = session
        self.routine = routine
        self.depth = depth
        self.frame: dict[str, Variable] = {}

    # -- entry -----------------------------------------------------------------------------
    def rows(self, arguments: list[object]) -> Iterator[Row]:
        """Storage rows RETURNed by the routine; `arguments` are storage of the param types."""
        params = self.routine.params
        if len(arguments) > len(params):
            raise SqlError(errors.ROUTINE_NOT_FOUND, text=self.routine.name)
        for index, param in enumerate(params):
            self.frame[param.name] = Variable(param.type)
            if index < len(arguments):
                self.frame[param.name].value = arguments[index]
            elif param.default is not None:
                self._assign([param.name], self._values([param.default]))
            else:
                raise SqlError(errors.ROUTINE_NOT_FOUND, text=self.routine.name)
        try:
            yield from self._block(self.routine.body)
        except _Finished:
            return
        except _Leave:
            raise SqlError(errors.SYNTAX, text="EXIT outside a loop") from None

    # -- statements ----------------------------------------------------------------------------
    def _block(self, body: list[ast.Statement]) -> Iterator[Row]:
        for statement in body:
            yield from self._statement(statement)

    def _statement(self, node: ast.Statement) -> Iterator[Row]:
        self.session.check_interrupt()
        if isinstance(node, ast.Define):
            for name in node.names:
                self.frame[name] = Variable(node.type)
        elif isinstance(node, ast.Let):
            self._let(node)
        elif isinstance(node, ast.If):
            yield from self._if(node)
        elif isinstance(node, (ast.ForRange, ast.ForIn, ast.While, ast.Foreach)):
            yield from self._loop(node)
        elif isinstance(node, ast.Return):
            yield from self._return(node)
        elif isinstance(node, ast.Raise):
            self._raise(node)
        elif isinstance(node, ast.LoopControl):
            raise _Leave(node.loop) if node.exit else _Next(node.loop)
        elif isinstance(node, ast.Sql):
            self._sql(node)
        elif isinstance(node, ast.Call):
            self._call(node)
        else:
            yield from self._block(node.body)

    def _let(self, node: ast.Let) -> None:
        if len(node.expressions) == 1 and len(node.targets) > 1:
            text = node.expressions[0].strip()
            call = _routine_call(text)
            if call is not None:  # LET a, b = f(x): a routine returning several values
                self._call(ast.Call(call[0], call[1], node.targets))
                return
            inner = text[1:-1].strip() if text.startswith("(") and text.endswith(")") else ""
            query = inner if inner.lower().startswith("select") else f"SELECT {text}"
            self._assign(node.targets, self._single_row(query))
            return
        if len(node.targets) != len(node.expressions):
            raise SqlError(errors.COLUMN_COUNT_MISMATCH)
        self._assign(node.targets, self._values(node.expressions))

    def _if(self, node: ast.If) -> Iterator[Row]:
        for condition, body in node.branches:
            if self._true(condition):
                yield from self._block(body)
                return
        yield from self._block(node.otherwise)

    def _loop(self, node: ast.ForRange | ast.ForIn | ast.While | ast.Foreach) -> Iterator[Row]:
        kind = {ast.ForRange: "for", ast.ForIn: "for", ast.While: "while"}.get(
            type(node), "foreach"
        )
        for _ in self._iterations(node):
            try:
                yield from self._block(node.body)
            except _Next as step:
                if step.loop not in ("", kind):
                    raise
            except _Leave as leave:
                if leave.loop not in ("", kind):
                    raise
                return

    def _iterations(
        self, node: ast.ForRange | ast.ForIn | ast.While | ast.Foreach
    ) -> Iterator[None]:
        if isinstance(node, ast.While):
            while self._true(node.condition):
                yield None
        elif isinstance(node, ast.ForIn):
            self._loop_variable(node.variable)
            for value in node.values:
                self._assign([node.variable], self._values([value]))
                yield None
        elif isinstance(node, ast.ForRange):
            yield from self._range(node)
        else:
            for row in self._cursor_rows(node.query):
                self._assign(node.into, row)
                yield None

    def _range(self, node: ast.ForRange) -> Iterator[None]:
        self._loop_variable(node.variable)
        texts = [node.start, node.end, node.step or "1"]
        start, end, step = (int(_number(v)) for v in self._values(texts))
        if step == 0:
            raise SqlError(errors.SYNTAX, text="STEP 0")
        value = start
        while (step > 0 and value <= end) or (step < 0 and value >= end):
            self.frame[node.variable].value = recast(
                value, INT_TYPE, self.frame[node.variable].type, self.session.conv
            )
            yield None
            value += step

    def _loop_variable(self, name: str) -> None:
        if name not in self.frame:
            self.frame[name] = Variable(INT_TYPE)  # Informix would want a DEFINE; be lenient

    def _return(self, node: ast.Return) -> Iterator[Row]:
        returns = self.routine.returns
        if node.expressions or returns:
            if len(node.expressions) != len(returns):
                raise SqlError(errors.COLUMN_COUNT_MISMATCH, text=self.routine.name)
            row, types = self._typed_values(node.expressions)
            env = self.session.conv
            yield tuple(
                recast(v, t, r.type, env) for v, t, r in zip(row, types, returns, strict=True)
            )
        if not node.resume:
            raise _Finished

    def _raise(self, node: ast.Raise) -> None:
        texts = [node.sqlcode, node.isamcode or "0", node.text or "''"]
        row = self._values(texts)
        code = int(_number(row[0]))
        isam = 0 if _raw(row[1]) is None else int(_number(row[1]))
        text = "" if _raw(row[2]) is None else str(_raw(row[2])).rstrip()
        raise SqlError(code, isam, text)

    def _sql(self, node: ast.Sql) -> None:
        plan = self._plan(node.text)
        args = self._arguments(plan)
        if plan.returns_rows:
            rows = self._fetch(plan, args, 2)
            if len(rows) > 1 and node.into:
                raise SqlError(WRONG_ROW_COUNT)
            if rows and node.into:
                self._assign(node.into, rows[0], [c.type for c in plan.columns])
            return
        run(self.session, plan, args)

    def _call(self, node: ast.Call) -> None:
        from .plans import call_routine

        routine = call_routine(self.session, node.name)
        arguments = self._converted_arguments(routine, node.arguments)
        rows = Runtime(self.session, routine, self.depth + 1).rows(arguments)
        first = next(rows, None)
        for _ in rows:
            pass
        if first is not None and node.into:
            self._assign(node.into, first, [r.type for r in routine.returns])

    def _converted_arguments(self, routine: ast.Routine, texts: list[str]) -> list[object]:
        if not texts:
            return []
        row, types = self._typed_values(texts)
        targets = [p.type for p in routine.params]
        if len(row) > len(targets):
            raise SqlError(errors.ROUTINE_NOT_FOUND, text=routine.name)
        env = self.session.conv
        return [recast(v, t, d, env) for v, t, d in zip(row, types, targets, strict=False)]

    # -- evaluation --------------------------------------------------------------------------
    def _cursor_rows(self, query: str) -> Iterator[Row]:
        plan = self._plan(query)
        if not plan.returns_rows:
            raise SqlError(errors.NOT_A_QUERY)
        types = [c.type for c in plan.columns]
        for row in self._fetch(plan, self._arguments(plan), None):
            yield _typed(row, types)

    def _fetch(self, plan: Plan, args: list[object], limit: int | None) -> list[Row]:
        if plan.rows is not None:
            return list(itertools.islice(plan.rows(self.session, args), limit))
        cursor = self.session.run_query(plan.sql, args)
        try:
            raw = cursor.fetchall() if limit is None else cursor.fetchmany(limit)
            return [tuple(row) for row in raw]
        except sqlite3.Error as error:
            raise self.session.map_read_error(error) from None
        finally:
            cursor.close()

    def _values(self, texts: list[str]) -> Row:
        row, types = self._typed_values(texts)
        return _typed(row, types)

    def _typed_values(self, texts: list[str]) -> tuple[Row, list[ColumnType]]:
        plan = self._plan("SELECT " + ", ".join(texts))
        rows = self._fetch(plan, self._arguments(plan), 1)
        return rows[0], [c.type for c in plan.columns]

    def _single_row(self, query: str) -> Row:
        plan = self._plan(query)
        rows = self._fetch(plan, self._arguments(plan), 2)
        if len(rows) > 1:
            raise SqlError(WRONG_ROW_COUNT)
        if not rows:
            return tuple(None for _ in plan.columns)
        return _typed(rows[0], [c.type for c in plan.columns])

    def _true(self, condition: str) -> bool:
        row, _ = self._typed_values([f"CASE WHEN {condition} THEN 1 ELSE 0 END"])
        return row[0] == 1

    def _plan(self, sql: str) -> Plan:
        variables = {name: v.type for name, v in self.frame.items()}
        return self.session.plan_with_variables(sql, variables)

    def _arguments(self, plan: Plan) -> list[object]:
        fixed = len(plan.params) - len(plan.variables)
        if fixed:
            raise SqlError(errors.SYNTAX, text="? in a routine")
        return [self.frame[name].value for name in plan.variables]

    def _assign(self, targets: list[str], row: Row, types: list[ColumnType] | None = None) -> None:
        if len(targets) != len(row):
            raise SqlError(errors.COLUMN_COUNT_MISMATCH)
        values = row if types is None else _typed(row, types)
        for name, value in zip(targets, values, strict=True):
            variable = self.frame.get(name)
            if variable is None:
                raise SqlError(NOT_DEFINED, text=name)
            source = value.type if isinstance(value, _Value) else variable.type
            raw = value.raw if isinstance(value, _Value) else value
            variable.value = recast(raw, source, variable.type, self.session.conv)


@dataclass(frozen=True)
class _Value:
    """A storage value with the type it has (before assignment converts it)."""

    raw: object
    type: ColumnType


def _typed(row: Row, types: list[ColumnType]) -> Row:
    return tuple(_Value(value, ct) for value, ct in zip(row, types, strict=False))


def _routine_call(text: str) -> tuple[str, list[str]] | None:
    """(name, argument texts) when `text` is exactly `name(arguments)`."""
    tokens = tokenize(text)
    if len(tokens) < 3 or tokens[0].kind is not Kind.WORD or not tokens[1].is_op("("):
        return None
    depth = 0
    for index, token in enumerate(tokens[1:], 1):
        depth += token.is_op("(") - token.is_op(")")
        if depth == 0 and index != len(tokens) - 1:
            return None
    inner = text[tokens[1].end : tokens[-1].pos].strip()
    return tokens[0].text, split_arguments(inner)


def _raw(value: object) -> object:
    return value.raw if isinstance(value, _Value) else value


def _number(value: object) -> float:
    raw = _raw(value)
    if raw is None:
        raise SqlError(errors.NULL_INTO_NOT_NULL, text="loop bound")
    return float(str(raw))


def run(session: Session, plan: Plan, args: list[object]) -> None:
    """Execute a plan that returns no rows (DML, DDL, commands) with storage arguments."""
    if plan.action is not None:
        session.record_result(plan.action(session, args))
    elif plan.table is not None:
        session.record_result(plan.run_dml(session, args))
    else:
        raise SqlError(errors.NOT_IMPLEMENTED, text="statement in a routine")


__all__ = ["Runtime", "run"]
