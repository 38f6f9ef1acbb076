"""Function calls: pre-pass markers, Informix built-ins, pattern matching."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from informix_db.protocol.codes import TU_F5, TU_SECOND, TU_YEAR, IfxType
from informix_db.protocol.coltype import ColumnType, qualifier

from .. import errors
from ..backend.typekey import type_key
from ..errors import SqlError
from ..patterns import to_glob, tokenize
from ..sql.dialect import exp
from ..sql.prepass import quote_string
from ..types import convert, temporal
from ..types.info import (
    BIGINT_TYPE,
    CURRENT_TYPE,
    DATE_TYPE,
    DEC32,
    FLOAT_TYPE,
    INT_TYPE,
    NULL_TYPE,
    SMALLINT_TYPE,
    Family,
    char_capacity,
    family,
    is_fixed_char,
    with_nullable,
)
from . import calendar_functions, typerules
from .coerce import as_decimal_operand, as_float_operand, coerce, literal_of
from .context import EXPRESSION, Typed
from .metafns import catalog_routine, is_catalog_routine

if TYPE_CHECKING:
    from ..spl.ast import Routine
    from .context import CompileContext
    from .expressions import ExprCompiler

_TEXT_WIDTH = {
    Family.INT: 20,
    Family.FLOAT: 24,
    Family.DATE: 10,
    Family.DATETIME: 25,
    Family.INTERVAL_YM: 12,
    Family.INTERVAL_DF: 25,
    Family.BOOL: 1,
    Family.NULL: 1,
}
_DBINFO_TYPES: dict[str, ColumnType] = {
    "version": ColumnType.varchar(255),
    "dbname": ColumnType.varchar(128),
    "dbhostname": ColumnType.varchar(255),
    "sessionid": INT_TYPE,
    "sqlca.sqlerrd1": INT_TYPE,
    "sqlca.sqlerrd2": INT_TYPE,
    "serial8": BIGINT_TYPE,
    "bigserial": BIGINT_TYPE,
    "utc_current": INT_TYPE,
    "dbspace": ColumnType.varchar(128),
}
_UNIT_QUALIFIERS = {
    "year": (0, 0),
    "month": (2, 2),
    "day": (4, 4),
    "hour": (6, 6),
    "minute": (8, 8),
    "second": (10, 10),
}
_DF_FACTORS = {"day": 86400 * 100000, "hour": 3600 * 100000, "minute": 6000000, "second": 100000}
_TYPED_NAMES = {
    "Upper": "upper",
    "Lower": "lower",
    "Initcap": "initcap",
    "Length": "length",
    "Abs": "abs",
    "Sqrt": "sqrt",
    "Exp": "exp",
    "Ln": "ln",
    "Year": "year",
    "Month": "month",
    "Day": "day",
    "Ceil": "ceil",
    "Floor": "floor",
    "Round": "round",
    "Trunc": "trunc",
    "Pow": "pow",
    "Substring": "substr",
    "Coalesce": "nvl",
    "Nullif": "nullif",
    "DecodeCase": "decode",
    "Replace": "replace",
    "Concat": "concat",
    "Date": "date",
    "StrPosition": "instr",
    "ToChar": "to_char",
    "Hex": "hex",
    "AddMonths": "add_months",
    "LastDay": "last_day",
    "MonthsBetween": "months_between",
    "Reverse": "reverse",
    "Ascii": "ascii",
    "Chr": "chr",
    "Nvl2": "nvl2",
}
_WIDE_INTS = frozenset({IfxType.INT8, IfxType.SERIAL8, IfxType.BIGINT, IfxType.BIGSERIAL})


def text_operand(ctx: CompileContext, item: Typed) -> tuple[str, int]:
    """SQL of `item` as text (CHAR keeps its padding, as in Informix) and its width."""
    fam = family(item.type)
    if fam is Family.CHAR:
        capacity = char_capacity(item.type) or 32739
        if item.is_literal and isinstance(item.literal, str):
            return quote_string(item.literal), capacity  # 'row ' keeps its blank (storage trims)
        if is_fixed_char(item.type):
            return f"ifx_pad({item.sql}, {capacity})", capacity
        return item.sql, capacity
    if item.is_literal and item.literal is None:
        return "NULL", 1
    if item.is_literal:
        text = convert.logical_to_text(item.literal, fam, item.type, ctx.env)
        return quote_string(text), max(len(text), 1)
    if fam is Family.DEC:
        return item.sql, item.type.precision + 2
    return f"ifx_text({item.sql}, {type_key(item.type)})", _TEXT_WIDTH.get(fam, 32)


def pattern_match(
    ctx: CompileContext, kind: str, value: Typed, pattern: Typed, escape: Typed | None
) -> str:
    """LIKE / MATCHES: literal patterns become GLOB (case-sensitive, like Informix)."""
    subject, _ = (
        text_operand(ctx, value)
        if family(value.type) is not Family.CHAR
        else (
            value.sql,
            0,
        )
    )
    escape_char: str | None = "\\"
    if escape is not None:
        if not escape.is_literal:
            return f"ifx_{kind}({subject}, {pattern.sql}, {escape.sql})"
        escape_char = str(escape.literal) if escape.literal else None
    if pattern.is_literal and isinstance(pattern.literal, str):
        glob = to_glob(tokenize(pattern.literal, escape_char, kind))
        return f"({subject} GLOB {quote_string(glob)})"
    escape_sql = "NULL" if escape_char is None else quote_string(escape_char)
    return f"ifx_{kind}({subject}, {pattern.sql}, {escape_sql})"


class FunctionCompiler:
    def __init__(self, compiler: ExprCompiler) -> None:
        self.c = compiler
        self.ctx = compiler.ctx
        self.handlers: dict[str, Callable[[list[exp.Expression], ColumnType | None], Typed]] = {
            "IFX_PARAM": self._param,
            "IFX_DT_LIT": self._datetime_literal,
            "IFX_IV_LIT": self._interval_literal,
            "IFX_CURRENT": self._current,
            "IFX_SYSDATE": lambda a, h: self._current_of(qualifier(TU_YEAR, TU_F5)),
            "IFX_TODAY": lambda a, h: Typed("ifx_today()", DATE_TYPE, "(today)"),
            "IFX_USER": lambda a, h: Typed("ifx_user()", ColumnType.varchar(32), EXPRESSION),
            "IFX_SERVER": lambda a, h: Typed("ifx_server()", ColumnType.varchar(128), EXPRESSION),
            "IFX_UNITS": self._units,
            "dbinfo": self._dbinfo,
            "upper": lambda a, h: self._case_map(a, "ifx_upper"),
            "lower": lambda a, h: self._case_map(a, "ifx_lower"),
            "initcap": lambda a, h: self._case_map(a[:1], "ifx_initcap"),  # sqlglot adds a 2nd arg
            "length": lambda a, h: self._length(a, "ifx_length"),
            "char_length": lambda a, h: self._length(a, "length"),
            "character_length": lambda a, h: self._length(a, "length"),
            "octet_length": lambda a, h: self._length(a, "ifx_octets"),
            "substr": self._substr,
            "substring": self._substr,
            "replace": self._replace,
            "concat": lambda a, h: self.c.concat(*self._compile(a, 2, 2)),
            "instr": self._instr,
            "nvl": self._nvl,
            "coalesce": self._nvl,
            "nullif": self._nullif,
            "decode": self._decode,
            "abs": self._abs,
            "round": lambda a, h: self._round(a, truncate=False),
            "trunc": lambda a, h: self._round(a, truncate=True),
            "mod": lambda a, h: self.c.arithmetic("%", *self._compile(a, 2, 2)),
            "pow": lambda a, h: self._float_fn(a, "pow", 2),
            "power": lambda a, h: self._float_fn(a, "pow", 2),
            "sqrt": lambda a, h: self._float_fn(a, "sqrt", 1),
            "exp": lambda a, h: self._float_fn(a, "exp", 1),
            "ln": lambda a, h: self._float_fn(a, "ln", 1),
            "logn": lambda a, h: self._float_fn(a, "ln", 1),
            "log10": lambda a, h: self._float_fn(a, "log10", 1),
            "ceil": lambda a, h: self._float_fn(a, "ceil", 1),
            "floor": lambda a, h: self._float_fn(a, "floor", 1),
            "year": lambda a, h: self._date_part(a, "year"),
            "month": lambda a, h: self._date_part(a, "month"),
            "day": lambda a, h: self._date_part(a, "day"),
            "weekday": lambda a, h: self._date_part(a, "weekday"),
            "mdy": self._mdy,
            "date": lambda a, h: self._convert_to(a, DATE_TYPE),
            "extend": self._extend,
            "to_char": self._to_char,
            "to_date": lambda a, h: calendar_functions.to_date(self, a, h),
            "add_months": lambda a, h: calendar_functions.add_months(self, a, h),
            "last_day": lambda a, h: calendar_functions.last_day(self, a, h),
            "months_between": lambda a, h: calendar_functions.months_between(self, a, h),
            "reverse": self._reverse,
            "ascii": self._ascii,
            "chr": self._chr,
            "hex": self._hex,
            "nvl2": self._nvl2,
            "ifx_sleep": lambda a, h: self._float_fn(a, "ifx_sleep", 1),  # tests: a slow function
        }

    def call(self, node: exp.Expression, hint: ColumnType | None) -> Typed:
        if isinstance(node, exp.Trim):
            return self._trim(node)
        if isinstance(node, exp.Pad):
            return self._pad(node)
        if isinstance(node, exp.Log):
            return self._float_fn([node.expression] if node.expression else [node.this], "log10", 1)
        name, args = _name_and_args(node)
        if name == "IFX_SKIPFIRST":
            raise SqlError(errors.SYNTAX)
        if is_catalog_routine(name):
            return catalog_routine(self.c, name, args)
        handler = self.handlers.get(name)
        if handler is not None:
            return handler(args, hint)
        routine = self.ctx.catalog.find_routine(name) if not name.startswith("IFX_") else None
        if routine is None or not routine.returns:
            raise SqlError(errors.ROUTINE_NOT_FOUND, text=name.lower())
        return self._user_function(routine, args)

    def _user_function(self, routine: Routine, args: list[exp.Expression]) -> Typed:
        """An SPL function inside an expression: `ifx_call` runs it for each row."""
        if len(args) > len(routine.params):
            raise SqlError(errors.ROUTINE_NOT_FOUND, text=routine.name)
        items = []
        for arg, param in zip(args, routine.params, strict=False):
            typed = self.c.expr(arg, param.type)
            self.ctx.make_strict(typed)
            items.append(coerce(self.ctx, typed, param.type))
        sql = ", ".join([quote_string(routine.name), *(item.sql for item in items)])
        return _derived(f"ifx_call({sql})", routine.returns[0].type, *items)

    def _compile(self, args: list[exp.Expression], least: int, most: int) -> list[Typed]:
        if not least <= len(args) <= most:
            raise SqlError(errors.SYNTAX)
        return [self.c.expr(arg) for arg in args]

    # -- markers ------------------------------------------------------------------------
    def _param(self, args: list[exp.Expression], hint: ColumnType | None) -> Typed:
        index = int(args[0].this)
        if hint is not None and hint.code != NULL_TYPE.code:
            self.ctx.set_param_type(index, hint)
        ct = self.ctx.param_type(index) or NULL_TYPE
        return Typed(f"?{index + 1}", with_nullable(ct, True), EXPRESSION, param=index)

    def _datetime_literal(self, args: list[exp.Expression], hint: ColumnType | None) -> Typed:
        q = int(args[1].this)
        _, start, end = _parts(q)
        value = temporal.parse_datetime(args[0].this, start, end)
        return literal_of(value, ColumnType(IfxType.DATETIME, q))

    def _interval_literal(self, args: list[exp.Expression], hint: ColumnType | None) -> Typed:
        q = int(args[1].this)
        return literal_of(temporal.parse_interval(args[0].this, q), ColumnType(IfxType.INTERVAL, q))

    def _current(self, args: list[exp.Expression], hint: ColumnType | None) -> Typed:
        if isinstance(args[0], exp.Null):
            return self._current_of(CURRENT_TYPE.length)
        return self._current_of(int(args[0].this))

    def _current_of(self, q: int) -> Typed:
        return Typed(f"ifx_current({q})", ColumnType(IfxType.DATETIME, q), "(current)")

    def _units(self, args: list[exp.Expression], hint: ColumnType | None) -> Typed:
        unit = str(args[1].this)
        if unit not in _UNIT_QUALIFIERS:
            raise SqlError(errors.SYNTAX)
        count = self.c.expr(args[0], INT_TYPE)
        start, end = _UNIT_QUALIFIERS[unit]
        ct = ColumnType.interval(start, end, 9)
        number = as_float_operand(self.ctx, count)
        factor = 12 if unit == "year" else 1 if unit == "month" else _DF_FACTORS[unit]
        return Typed(f"CAST(({number}) * {factor} AS INTEGER)", ct, EXPRESSION, refs=count.refs)

    def _dbinfo(self, args: list[exp.Expression], hint: ColumnType | None) -> Typed:
        items = self._compile(args, 1, 3)
        if not all(item.is_literal for item in items):
            raise SqlError(errors.NOT_IMPLEMENTED, text="dbinfo")
        option = str(items[0].literal).lower()
        if option not in _DBINFO_TYPES:
            raise SqlError(errors.NOT_IMPLEMENTED, text=f"dbinfo {option}")
        sql = "ifx_dbinfo(" + ", ".join(item.sql for item in items) + ")"
        return Typed(sql, _DBINFO_TYPES[option], EXPRESSION)

    # -- strings ------------------------------------------------------------------------------
    def text_argument(self, arg: exp.Expression) -> tuple[Typed, str, int]:
        item = self.c.expr(arg, ColumnType.varchar(255))
        sql, width = (item.sql, char_capacity(item.type) or 32739)
        if family(item.type) is not Family.CHAR:
            sql, width = text_operand(self.ctx, item)
        return item, sql, width

    def _case_map(self, args: list[exp.Expression], udf: str) -> Typed:
        if len(args) != 1:
            raise SqlError(errors.SYNTAX)
        item, sql, width = self.text_argument(args[0])
        ct = item.type if family(item.type) is Family.CHAR else _varchar(width)
        return _derived(f"{udf}({sql})", ct, item)

    def _length(self, args: list[exp.Expression], function: str) -> Typed:
        if len(args) != 1:
            raise SqlError(errors.SYNTAX)
        item, sql, width = self.text_argument(args[0])
        if function == "ifx_octets":
            if is_fixed_char(item.type):
                return _derived(
                    f"(CASE WHEN {sql} IS NULL THEN NULL ELSE {width} END)", INT_TYPE, item
                )
            function = "ifx_length"
        return _derived(f"{function}({sql})", INT_TYPE, item)

    def _substr(self, args: list[exp.Expression], hint: ColumnType | None) -> Typed:
        if not 2 <= len(args) <= 3:
            raise SqlError(errors.SYNTAX)
        item, sql, width = self.text_argument(args[0])
        numbers = [coerce(self.ctx, self.c.expr(arg, INT_TYPE), INT_TYPE) for arg in args[1:]]
        parts = ", ".join([sql, *(n.sql for n in numbers)])
        return _derived(f"substr({parts})", _varchar(width), item, *numbers)

    def _replace(self, args: list[exp.Expression], hint: ColumnType | None) -> Typed:
        if not 2 <= len(args) <= 3:
            raise SqlError(errors.SYNTAX)
        pieces = [self.text_argument(arg) for arg in args]
        old_sql, new_sql = pieces[1][1], pieces[2][1] if len(pieces) > 2 else "''"
        sql = f"replace({pieces[0][1]}, {old_sql}, {new_sql})"
        return _derived(sql, ColumnType.lvarchar(2048), *(p[0] for p in pieces))

    def _instr(self, args: list[exp.Expression], hint: ColumnType | None) -> Typed:
        if len(args) != 2:
            raise SqlError(errors.SYNTAX)
        a, b = self.text_argument(args[0]), self.text_argument(args[1])
        return _derived(f"instr({a[1]}, {b[1]})", INT_TYPE, a[0], b[0])

    def _reverse(self, args: list[exp.Expression], hint: ColumnType | None) -> Typed:
        if len(args) != 1:
            raise SqlError(errors.SYNTAX)
        item = self.c.expr(args[0], ColumnType.varchar(255))
        sql, width = text_operand(self.ctx, item)  # CHAR(n) padding comes first when reversed
        ct = item.type if family(item.type) is Family.CHAR else _varchar(width)
        return _derived(f"ifx_reverse({sql})", ct, item)

    def _ascii(self, args: list[exp.Expression], hint: ColumnType | None) -> Typed:
        if len(args) != 1:
            raise SqlError(errors.SYNTAX)
        item, sql, _ = self.text_argument(args[0])
        return _derived(f"ifx_ascii({sql})", INT_TYPE, item)

    def _chr(self, args: list[exp.Expression], hint: ColumnType | None) -> Typed:
        if len(args) != 1:
            raise SqlError(errors.SYNTAX)
        code = coerce(self.ctx, self.c.expr(args[0], INT_TYPE), INT_TYPE)
        return _derived(f"ifx_chr({code.sql})", ColumnType.char(1), code)

    def _hex(self, args: list[exp.Expression], hint: ColumnType | None) -> Typed:
        """HEX(n): `0x` and the two's complement digits (8, or 16 for 8-byte integers)."""
        if len(args) != 1:
            raise SqlError(errors.SYNTAX)
        item = self.c.expr(args[0], INT_TYPE)
        wide = item.type.code in _WIDE_INTS
        number = coerce(self.ctx, item, BIGINT_TYPE if wide else INT_TYPE)
        digits = 16 if wide else 8
        return _derived(f"ifx_hex({number.sql}, {digits})", ColumnType.char(digits + 2), item)

    def _trim(self, node: exp.Expression) -> Typed:
        item, sql, width = self.text_argument(node.this)
        position = str(node.args.get("position") or "BOTH").upper()
        chars = "' '"
        pieces = [item]
        if node.expression is not None:
            char_item, chars, _ = self.text_argument(node.expression)
            pieces.append(char_item)
        function = {"LEADING": "ltrim", "TRAILING": "rtrim"}.get(position, "trim")
        return _derived(f"{function}({sql}, {chars})", _varchar(width), *pieces)

    def _pad(self, node: exp.Expression) -> Typed:
        item, sql, _ = self.text_argument(node.this)
        length = self.c.expr(node.expression, INT_TYPE)
        fill = node.args.get("fill_pattern")
        fill_sql = self.text_argument(fill)[1] if fill is not None else "' '"
        size = (
            int(length.literal) if length.is_literal and isinstance(length.literal, int) else 2048
        )
        left = 1 if node.args.get("is_left") else 0
        return _derived(
            f"ifx_padfn({sql}, {length.sql}, {fill_sql}, {left})", _varchar(size), item, length
        )

    # -- NULL handling ------------------------------------------------------------------------
    def _nvl(self, args: list[exp.Expression], hint: ColumnType | None) -> Typed:
        if len(args) < 2:
            raise SqlError(errors.SYNTAX)
        items = [self.c.expr(arg, hint) for arg in args]
        result = NULL_TYPE
        for item in items:
            result = typerules.promote(result, item.type)
        coerced = [coerce(self.ctx, item, result) for item in items]
        nullable = all(item.type.nullable for item in items)
        return _derived(
            "coalesce(" + ", ".join(i.sql for i in coerced) + ")",
            with_nullable(result, nullable),
            *items,
        )

    def _nvl2(self, args: list[exp.Expression], hint: ColumnType | None) -> Typed:
        """NVL2(x, a, b): a when x is not NULL, else b."""
        if len(args) != 3:
            raise SqlError(errors.SYNTAX)
        subject = self.c.expr(args[0])
        present, absent = self.c.expr(args[1], hint), self.c.expr(args[2], hint)
        condition = _derived(f"({subject.sql} IS NOT NULL)", NULL_TYPE, subject)
        return self.c.case([condition], [present, absent], True)

    def _nullif(self, args: list[exp.Expression], hint: ColumnType | None) -> Typed:
        a, b = self._compile(args, 2, 2)
        condition = self.c.compare("=", a, b)
        return self.c.case([condition], [Typed("NULL", NULL_TYPE), a], True)

    def _decode(self, args: list[exp.Expression], hint: ColumnType | None) -> Typed:
        if len(args) < 3:
            raise SqlError(errors.SYNTAX)
        subject = self.c.expr(args[0])
        pairs = args[1:]
        conditions, results = [], []
        for index in range(0, len(pairs) - 1, 2):
            candidate = self.c.expr(pairs[index], subject.type)
            if isinstance(pairs[index], exp.Null):
                conditions.append(_derived(f"({subject.sql} IS NULL)", NULL_TYPE, subject))
            else:
                conditions.append(self.c.compare("=", subject, candidate))
            results.append(self.c.expr(pairs[index + 1], hint))
        has_default = len(pairs) % 2 == 1
        if has_default:
            results.append(self.c.expr(pairs[-1], hint))
        return self.c.case(conditions, results, has_default)

    # -- numbers ---------------------------------------------------------------------------------
    def _abs(self, args: list[exp.Expression], hint: ColumnType | None) -> Typed:
        (item,) = self._compile(args, 1, 1)
        fam = family(item.type)
        if fam is Family.DEC:
            return _derived(f"ifx_dabs({item.sql})", item.type, item)
        if fam in (Family.INT, Family.FLOAT):
            return _derived(f"abs({item.sql})", item.type, item)
        converted = coerce(self.ctx, item, DEC32)
        return _derived(f"ifx_dabs({converted.sql})", DEC32, item)

    def _round(self, args: list[exp.Expression], truncate: bool) -> Typed:
        items = self._compile(args, 1, 2)
        item = items[0]
        places = coerce(self.ctx, items[1], INT_TYPE).sql if len(items) > 1 else "0"
        if family(item.type) is Family.FLOAT:
            if truncate:
                return _derived(f"ifx_float_trunc({item.sql}, {places})", FLOAT_TYPE, *items)
            return _derived(f"round({item.sql}, {places})", FLOAT_TYPE, *items)
        operand = as_decimal_operand(self.ctx, item)
        return _derived(f"ifx_round({operand}, {places}, {int(truncate)})", DEC32, *items)

    def _float_fn(self, args: list[exp.Expression], function: str, arity: int) -> Typed:
        items = self._compile(args, arity, arity)
        operands = ", ".join(as_float_operand(self.ctx, item) for item in items)
        return _derived(f"{function}({operands})", FLOAT_TYPE, *items)

    # -- dates
    def _date_part(self, args: list[exp.Expression], part: str) -> Typed:
        (item,) = self._compile(args, 1, 1)
        if family(item.type) not in (Family.DATE, Family.DATETIME):
            item = coerce(self.ctx, item, DATE_TYPE)
        sql = f"ifx_datepart({item.sql}, {type_key(item.type)}, '{part}')"
        return _derived(sql, SMALLINT_TYPE, item)

    def _mdy(self, args: list[exp.Expression], hint: ColumnType | None) -> Typed:
        items = [coerce(self.ctx, self.c.expr(a, INT_TYPE), INT_TYPE) for a in args]
        if len(items) != 3:
            raise SqlError(errors.SYNTAX)
        return _derived(f"ifx_mdy({', '.join(i.sql for i in items)})", DATE_TYPE, *items)

    def _convert_to(self, args: list[exp.Expression], target: ColumnType) -> Typed:
        (item,) = self._compile(args, 1, 1)
        converted = coerce(self.ctx, item, target)
        return _derived(converted.sql, target, item)

    def _extend(self, args: list[exp.Expression], hint: ColumnType | None) -> Typed:
        if not 1 <= len(args) <= 2:
            raise SqlError(errors.SYNTAX)
        item = self.c.expr(args[0])
        q = int(args[1].this) if len(args) > 1 else qualifier(TU_YEAR, TU_SECOND + 3)
        if family(item.type) not in (Family.DATE, Family.DATETIME):
            raise SqlError(errors.ROUTINE_UNRESOLVED, text="extend")
        converted = coerce(self.ctx, item, ColumnType(IfxType.DATETIME, q))
        return _derived(converted.sql, converted.type, item)

    def _to_char(self, args: list[exp.Expression], hint: ColumnType | None) -> Typed:
        items = self._compile(args, 1, 2)
        item = items[0]
        if len(items) == 1:
            sql, width = text_operand(self.ctx, item)
            return _derived(sql, _varchar(width), item)
        fmt = items[1]
        sql = f"ifx_to_char({item.sql}, {type_key(item.type)}, {fmt.sql})"
        return _derived(sql, ColumnType.varchar(255), *items)


def _parts(q: int) -> tuple[int, int, int]:
    return q >> 8, (q >> 4) & 0xF, q & 0xF


def _varchar(width: int) -> ColumnType:
    return ColumnType.varchar(width) if width <= 255 else ColumnType.lvarchar(width)


def _derived(sql: str, ct: ColumnType, *parts: Typed) -> Typed:
    from .expressions import combine

    return combine(sql, with_nullable(ct, True), *parts)


def _name_and_args(node: exp.Expression) -> tuple[str, list[exp.Expression]]:
    if isinstance(node, exp.Anonymous):
        name = str(node.this)
        return (name if name.startswith("IFX_") else name.lower()), list(node.expressions)
    typed_name = _TYPED_NAMES.get(type(node).__name__)
    if typed_name is None:  # name it as SQL spells it (ADD_MONTHS), not as sqlglot's class
        spelled = node.sql_name() if isinstance(node, exp.Func) else type(node).__name__
        raise SqlError(errors.ROUTINE_NOT_FOUND, text=spelled.lower())
    args: list[exp.Expression] = []
    for key in node.arg_types:
        value = node.args.get(key)
        if isinstance(value, exp.Expression):
            args.append(value)
        elif isinstance(value, list):
            args.extend(v for v in value if isinstance(v, exp.Expression))
    return typed_name, args


__all__ = ["FunctionCompiler", "pattern_match", "text_operand"]
