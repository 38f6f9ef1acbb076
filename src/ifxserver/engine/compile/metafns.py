"""Calls of the `informix.schema_*` catalog routines (see backend/metadata.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from informix_db.protocol.coltype import ColumnType

from .. import errors
from ..backend.metadata import ROUTINES
from ..errors import SqlError
from ..types.info import INT_TYPE, with_nullable
from .context import Typed

if TYPE_CHECKING:
    from ..sql.dialect import exp
    from .expressions import ExprCompiler

_RESULT_TYPES: dict[str, ColumnType] = {
    "schema_coltypename": ColumnType.varchar(40),
    "schema_nullable": ColumnType.varchar(3),
    "schema_isautoincr": ColumnType.varchar(3),
    "get_default_value": ColumnType.varchar(255),
}
_ARITY = {
    "get_data_type": 3,
    "schema_coltypename": 2,
    "schema_precision": 3,
    "schema_numscale": 2,
    "schema_numprecradix": 1,
    "schema_isnullable": 1,
    "schema_nullable": 1,
    "schema_datetype": 2,
    "schema_charlen": 3,
    "schema_isautoincr": 1,
    "get_default_value": 4,
}


def is_catalog_routine(name: str) -> bool:
    return name in ROUTINES


def catalog_routine(compiler: ExprCompiler, name: str, args: list[exp.Expression]) -> Typed:
    if len(args) != _ARITY[name]:
        raise SqlError(errors.ROUTINE_NOT_FOUND, text=name)
    from .expressions import combine

    items = [compiler.expr(arg) for arg in args]
    sql = f"ifx_meta_{name}({', '.join(item.sql for item in items)})"
    result = _RESULT_TYPES.get(name, INT_TYPE)
    return combine(sql, with_nullable(result, True), *items)
