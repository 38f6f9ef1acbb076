"""ADD_MONTHS, LAST_DAY, MONTHS_BETWEEN and TO_DATE: typing and lowering.

Informix's result types: ADD_MONTHS and LAST_DAY keep the argument's type
(DATE stays DATE, a DATETIME keeps its qualifier), MONTHS_BETWEEN is a
DECIMAL, TO_DATE a DATETIME YEAR TO FRACTION(5). A character argument is read
as a DATE (DBDATE rules), as Informix converts it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from informix_db.protocol.codes import TU_F5, TU_YEAR
from informix_db.protocol.coltype import ColumnType

from .. import errors
from ..backend.typekey import type_key
from ..errors import SqlError
from ..sql.dialect import exp
from ..types.info import DATE_TYPE, DEC32, INT_TYPE, Family, family, with_nullable
from .coerce import coerce
from .context import Typed

if TYPE_CHECKING:
    from .functions import FunctionCompiler

TO_DATE_TYPE = ColumnType.datetime(TU_YEAR, TU_F5)
Args = list[exp.Expression]


def _temporal(fc: FunctionCompiler, arg: exp.Expression) -> Typed:
    item = fc.c.expr(arg, DATE_TYPE)
    if family(item.type) in (Family.DATE, Family.DATETIME):
        return item
    return coerce(fc.ctx, item, DATE_TYPE)


def _exactly(args: Args, count: int) -> None:
    if len(args) != count:
        raise SqlError(errors.SYNTAX)


def add_months(fc: FunctionCompiler, args: Args, hint: ColumnType | None) -> Typed:
    _exactly(args, 2)
    moment = _temporal(fc, args[0])
    count = coerce(fc.ctx, fc.c.expr(args[1], INT_TYPE), INT_TYPE)
    sql = f"ifx_add_months({moment.sql}, {type_key(moment.type)}, {count.sql})"
    return _derived(sql, moment.type, moment, count)


def last_day(fc: FunctionCompiler, args: Args, hint: ColumnType | None) -> Typed:
    _exactly(args, 1)
    moment = _temporal(fc, args[0])
    return _derived(f"ifx_last_day({moment.sql}, {type_key(moment.type)})", moment.type, moment)


def months_between(fc: FunctionCompiler, args: Args, hint: ColumnType | None) -> Typed:
    _exactly(args, 2)
    first, second = _temporal(fc, args[0]), _temporal(fc, args[1])
    sql = (
        f"ifx_months_between({first.sql}, {type_key(first.type)}, "
        f"{second.sql}, {type_key(second.type)})"
    )
    return _derived(sql, DEC32, first, second)


def to_date(fc: FunctionCompiler, args: Args, hint: ColumnType | None) -> Typed:
    if not 1 <= len(args) <= 2:
        raise SqlError(errors.SYNTAX)
    pieces = [fc.text_argument(arg) for arg in args]
    text_sql = pieces[0][1]
    format_sql = pieces[1][1] if len(pieces) > 1 else "NULL"
    return _derived(
        f"ifx_to_date({text_sql}, {format_sql})", TO_DATE_TYPE, *(item for item, _, _ in pieces)
    )


def _derived(sql: str, ct: ColumnType, *parts: Typed) -> Typed:
    from .expressions import combine

    return combine(sql, with_nullable(ct, True), *parts)


__all__ = ["add_months", "last_day", "months_between", "to_date"]
