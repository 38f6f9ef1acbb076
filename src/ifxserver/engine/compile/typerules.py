"""Result-type rules (data, so corrections are one-line changes).

Decisions (see docs/server-engine-notes.md): SMALLINT/INTEGER arithmetic is
INTEGER; anything with INT8/BIGINT is BIGINT; `/` on exact operands is a
floating DECIMAL(32) (Informix does not truncate integer division); DECIMAL
precision for + and - is the wider integer part plus the larger scale plus one
carry digit, for * the sum of precisions and scales, capped at 32; FLOAT wins
over DECIMAL; a character operand counts as floating DECIMAL(32).
"""

from __future__ import annotations

import enum

from informix_db.protocol.codes import TU_DAY, IfxType
from informix_db.protocol.coltype import ColumnType, qualifier, qualifier_parts

from .. import errors
from ..errors import SqlError
from ..types.decimals import MAX_DIGITS
from ..types.info import (
    BIGINT_TYPE,
    DATE_TYPE,
    DEC32,
    FLOAT_TYPE,
    INT_TYPE,
    NULL_TYPE,
    Family,
    char_capacity,
    exact_as_decimal,
    family,
)


class Arith(enum.Enum):
    INT = "int"
    FLOAT = "float"
    DEC = "decimal"
    DATE = "date"  # DATE +/- INTEGER, DATE - DATE
    DATETIME = "datetime"  # DATETIME +/- INTERVAL
    DATETIME_DIFF = "datetime difference"
    INTERVAL = "interval"  # INTERVAL +/- INTERVAL
    INTERVAL_SCALE = "interval scaling"  # INTERVAL * / number


_WIDE_INTS = frozenset({IfxType.INT8, IfxType.SERIAL8, IfxType.BIGINT, IfxType.BIGSERIAL})


def arithmetic(op: str, left: ColumnType, right: ColumnType) -> tuple[Arith, ColumnType]:
    """How `left op right` is computed and the Informix type of the result."""
    lf, rf = family(left), family(right)
    temporal = _temporal(op, left, right, lf, rf)
    if temporal is not None:
        return temporal
    numeric = (Family.INT, Family.DEC, Family.FLOAT, Family.CHAR, Family.NULL)
    if lf not in numeric or rf not in numeric:
        raise SqlError(errors.ROUTINE_UNRESOLVED, text=f"{left.sql_name()} {op} {right.sql_name()}")
    if Family.FLOAT in (lf, rf):
        return Arith.FLOAT, FLOAT_TYPE
    if lf in (Family.INT, Family.NULL) and rf in (Family.INT, Family.NULL) and op != "/":
        wide = left.code in _WIDE_INTS or right.code in _WIDE_INTS
        return Arith.INT, BIGINT_TYPE if wide else INT_TYPE
    return Arith.DEC, _decimal_result(op, left, right)


def _decimal_result(op: str, left: ColumnType, right: ColumnType) -> ColumnType:
    p1, s1 = exact_as_decimal(left) if family(left) is not Family.NULL else (1, 0)
    p2, s2 = exact_as_decimal(right) if family(right) is not Family.NULL else (1, 0)
    money = IfxType.MONEY in (left.code, right.code)
    if op == "/" or s1 is None or s2 is None:
        return DEC32
    if op in ("+", "-"):
        scale = max(s1, s2)
        precision = max(p1 - s1, p2 - s2) + scale + 1
    elif op == "*":
        scale = s1 + s2
        precision = p1 + p2
    else:  # MOD and friends keep the operands' shape
        scale = max(s1, s2)
        precision = max(p1, p2)
    precision = min(precision, MAX_DIGITS)
    scale = min(scale, precision)
    if money:
        return ColumnType.money(precision, scale)
    return ColumnType.decimal(precision, scale)


def _temporal(
    op: str, left: ColumnType, right: ColumnType, lf: Family, rf: Family
) -> tuple[Arith, ColumnType] | None:
    intervals = (Family.INTERVAL_YM, Family.INTERVAL_DF)
    if (lf is Family.DATE or rf is Family.DATE) and Family.DATETIME not in (lf, rf):
        if lf is Family.DATE and rf is Family.DATE and op == "-":
            return Arith.INT, INT_TYPE
        if lf is Family.DATE and rf in (Family.INT, Family.NULL) and op in "+-":
            return Arith.DATE, DATE_TYPE
        if rf is Family.DATE and lf is Family.INT and op == "+":
            return Arith.DATE, DATE_TYPE
        if lf is Family.DATE and rf in intervals and op in "+-":
            end = max(qualifier_parts(right.length)[2], TU_DAY)
            return Arith.DATETIME, ColumnType.datetime(0, end)
        if rf is Family.DATE and lf in intervals and op == "+":  # INTERVAL + DATE
            end = max(qualifier_parts(left.length)[2], TU_DAY)
            return Arith.DATETIME, ColumnType.datetime(0, end)
        raise SqlError(errors.ROUTINE_UNRESOLVED, text=f"DATE {op}")
    if rf is Family.DATETIME and lf in intervals and op == "+":  # INTERVAL + DATETIME
        return Arith.DATETIME, right
    if lf is Family.DATETIME:
        if rf in intervals and op in "+-":
            return Arith.DATETIME, left
        if rf in (Family.DATETIME, Family.DATE) and op == "-":
            end = max(qualifier_parts(left.length)[2], qualifier_parts(right.length)[2])
            return Arith.DATETIME_DIFF, ColumnType(IfxType.INTERVAL, qualifier(TU_DAY, end, 9))
        raise SqlError(errors.ROUTINE_UNRESOLVED, text=f"DATETIME {op}")
    if rf is Family.DATETIME:
        if lf in intervals and op == "+":
            return Arith.DATETIME, right
        raise SqlError(errors.ROUTINE_UNRESOLVED, text=f"DATETIME {op}")
    if lf in intervals or rf in intervals:
        if lf is rf and op in "+-":
            # Informix: the result has the first operand's qualifier, so the second may not
            # start at a larger unit (HOUR TO HOUR + DAY TO DAY is -1266).
            if qualifier_parts(right.length)[1] < qualifier_parts(left.length)[1]:
                raise SqlError(
                    errors.INTERVAL_INCOMPATIBLE, text=f"{left.sql_name()} {op} {right.sql_name()}"
                )
            return Arith.INTERVAL, left
        scalar = (Family.INT, Family.DEC, Family.FLOAT, Family.NULL)
        if lf in intervals and rf in scalar and op in "*/":
            return Arith.INTERVAL_SCALE, left
        if rf in intervals and lf in scalar and op == "*":
            return Arith.INTERVAL_SCALE, right
        raise SqlError(errors.INTERVAL_INCOMPATIBLE)
    return None


def promote(left: ColumnType, right: ColumnType) -> ColumnType:
    """Common type of CASE branches, UNION columns, NVL arguments."""
    if left.code == NULL_TYPE.code:
        return right
    if right.code == NULL_TYPE.code:
        return left
    lf, rf = family(left), family(right)
    if lf is rf is Family.CHAR:
        return _promote_chars(left, right)
    if lf is rf and left.code == right.code and lf is not Family.DEC:
        return left if left.length >= right.length else right
    numeric = (Family.INT, Family.DEC, Family.FLOAT)
    if lf in numeric and rf in numeric:
        if Family.FLOAT in (lf, rf):
            return FLOAT_TYPE
        if lf is rf is Family.INT:
            return (
                BIGINT_TYPE if (left.code in _WIDE_INTS or right.code in _WIDE_INTS) else INT_TYPE
            )
        return _promote_decimals(left, right)
    if lf is rf:
        return left
    if {lf, rf} == {Family.DATE, Family.DATETIME}:
        return left if lf is Family.DATETIME else right
    if lf is Family.CHAR:
        return right
    if rf is Family.CHAR:
        return left
    raise SqlError(errors.ROUTINE_UNRESOLVED, text=f"{left.sql_name()} {right.sql_name()}")


def _promote_chars(left: ColumnType, right: ColumnType) -> ColumnType:
    a, b = char_capacity(left), char_capacity(right)
    if a is None or b is None:
        return left if a is None else right
    size = max(a, b)
    if left.code == right.code == IfxType.CHAR:
        return ColumnType.char(size)
    if size <= 255:
        return ColumnType.varchar(size)
    return ColumnType.lvarchar(size)


def _promote_decimals(left: ColumnType, right: ColumnType) -> ColumnType:
    p1, s1 = exact_as_decimal(left)
    p2, s2 = exact_as_decimal(right)
    if s1 is None or s2 is None:
        return DEC32
    scale = max(s1, s2)
    precision = min(max(p1 - s1, p2 - s2) + scale, MAX_DIGITS)
    if left.code == right.code == IfxType.MONEY:
        return ColumnType.money(precision, min(scale, precision))
    return ColumnType.decimal(precision, min(scale, precision))
