"""DATETIME/INTERVAL qualifiers: field layout, packed digits and text literals.

A qualifier is `(digits << 8) | (start << 4) | end` (sqli-types.md §2.3). The
value is a packed decimal whose digits are the fields laid out around a
decimal point after SECOND; Appendix A.2/A.3 give the procedures. Decoding
places the digit bytes by their exponent, so the canonical form we emit and a
normalized form (leading zero bytes dropped) both read correctly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..codes import (
    TU_DAY,
    TU_F1,
    TU_F5,
    TU_FRACTION,
    TU_HOUR,
    TU_MINUTE,
    TU_MONTH,
    TU_SECOND,
    TU_YEAR,
)
from ..coltype import packed_width, qualifier_parts
from .errors import BadLiteral, UnsupportedType, ValueCodecError, ValueOutOfRange
from .packed import Buffer, digit_string, join_packed, pairs_to_bytes, split_packed

FIELD_NAMES = {
    TU_YEAR: "year",
    TU_MONTH: "month",
    TU_DAY: "day",
    TU_HOUR: "hour",
    TU_MINUTE: "minute",
    TU_SECOND: "second",
}
# Text separator written before each unit (Informix literal syntax).
SEPARATORS = {
    TU_MONTH: "-",
    TU_DAY: "-",
    TU_HOUR: " ",
    TU_MINUTE: ":",
    TU_SECOND: ":",
    TU_FRACTION: ".",
}
_SEPARATOR_PATTERNS = {"-": "-", " ": " +", ":": ":", ".": r"\."}


# -- qualifier layout -------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Layout:
    """Everything the codecs need to know about one qualifier."""

    qualifier: int
    start: int
    end: int
    lead_digits: int  # digits of the leading field; 0 when it starts at FRACTION
    units: tuple[int, ...]  # whole-number units, start .. min(end, SECOND)
    frac_digits: int
    ref_exponent: int  # E of Appendix A.2
    pad_front: bool  # canonical form starts with one 0 digit
    width: int  # row width

    @property
    def year_month(self) -> bool:
        return self.start in (TU_YEAR, TU_MONTH)


@lru_cache(maxsize=512)
def layout(q: int) -> Layout:
    """Decode and validate a qualifier (raises `UnsupportedType` when impossible)."""
    length, start, end = qualifier_parts(q)
    end_ok = (end <= TU_SECOND and end % 2 == 0) or TU_F1 <= end <= TU_F5
    start_ok = (start <= TU_SECOND and start % 2 == 0) or (start == TU_FRACTION and end > TU_SECOND)
    frac_digits = end - TU_SECOND if end > TU_SECOND else 0
    if start == TU_FRACTION:
        units: tuple[int, ...] = ()
        lead, lead_ok = 0, length == frac_digits
    else:
        units = tuple(range(start, min(end, TU_SECOND) + 1, 2))
        lead = length - (end - start)
        lead_ok = 1 <= lead <= 9
    order_ok = start <= end or start == TU_FRACTION  # FRACTION TO FRACTION(1) is 12 -> 11
    if not (end_ok and start_ok and order_ok and lead_ok):
        raise UnsupportedType(f"invalid DATETIME/INTERVAL qualifier 0x{q:04x}")
    before_point = length + TU_SECOND - end
    return Layout(
        q, start, end, lead, units, frac_digits,
        (before_point + 1) // 2, before_point % 2 == 1, packed_width(q),
    )  # fmt: skip


def encode_fields(lay: Layout, values: list[int], frac: int, negative: bool = False) -> bytes:
    """Canonical (un-normalized) packed form of the field values (A.3)."""
    if values and values[0] >= 10**lay.lead_digits:
        raise ValueOutOfRange(f"{values[0]} overflows the {lay.lead_digits}-digit leading field")
    if any(v > 99 for v in values[1:]) or frac >= 10**lay.frac_digits:
        raise ValueOutOfRange(f"field values {values} .{frac} do not fit 0x{lay.qualifier:04x}")
    text = "0" if lay.pad_front else ""
    if values:
        text += f"{values[0]:0{lay.lead_digits}d}" + "".join(f"{v:02d}" for v in values[1:])
    if lay.frac_digits:
        text += f"{frac:0{lay.frac_digits}d}"
    if len(text) % 2:
        text += "0"
    digits = pairs_to_bytes(text)
    return join_packed(negative and any(digits), lay.ref_exponent, digits)


def decode_fields(lay: Layout, data: Buffer) -> tuple[bool, list[int], int] | None:
    """(negative, unit values, fraction as an n-digit number) or None for NULL (A.2)."""
    parts = split_packed(data)
    if parts is None:
        return None
    negative, exponent, digits = parts
    offset = lay.ref_exponent - exponent
    if offset < 0:
        raise ValueCodecError(f"exponent {exponent} too large for qualifier 0x{lay.qualifier:04x}")
    buf = (bytes(min(offset, 16)) + digits + bytes(16))[:16]
    values: list[int] = []
    pos = 0
    if lay.units:
        pos = (lay.lead_digits + 1) // 2
        values.append(int(digit_string(buf[:pos])))
        for _ in lay.units[1:]:
            values.append(int(digit_string(buf[pos : pos + 1])))
            pos += 1
    frac = 0
    if lay.frac_digits:
        nbytes = (lay.frac_digits + 1) // 2
        frac = int(digit_string(buf[pos : pos + nbytes])[: lay.frac_digits])
    return negative, values, frac


def fields_text(lay: Layout, values: list[int], frac: int, lead_width: int) -> str:
    """`2026-08-31 12:30:15.12000`-style text; the leading field zero-filled to lead_width."""
    out = [f"{values[0]:0{lead_width}d}"] if values else []
    out += [f"{SEPARATORS[u]}{v:02d}" for u, v in zip(lay.units[1:], values[1:], strict=True)]
    if lay.frac_digits:
        out.append(("." if values else "") + f"{frac:0{lay.frac_digits}d}")
    return "".join(out)


@lru_cache(maxsize=512)
def literal_pattern(lay: Layout, signed: bool) -> re.Pattern[str]:
    """Regex for a text literal restricted to the qualifier's fields."""
    parts = ["(-?)" if signed else "()"]
    if lay.units:
        parts.append(r"(\d+)")
        parts += [_SEPARATOR_PATTERNS[SEPARATORS[u]] + r"(\d{1,2})" for u in lay.units[1:]]
        if lay.frac_digits:
            parts.append(r"\.(\d{1,9})")
    else:
        parts.append(r"\.?(\d{1,9})")
    return re.compile("".join(parts))


def match_literal(text: str, lay: Layout, signed: bool, kind: str) -> tuple[bool, list[int], int]:
    """(negative, unit values, fraction truncated to the qualifier's digits)."""
    found = literal_pattern(lay, signed).fullmatch(text.strip())
    if found is None:
        raise BadLiteral(f"{text!r} is not a {kind} literal for qualifier 0x{lay.qualifier:04x}")
    groups = found.groups()
    values = [int(g) for g in groups[1 : 1 + len(lay.units)]]
    frac = 0
    if lay.frac_digits:
        frac = int(groups[-1].ljust(9, "0")[: lay.frac_digits])
    return groups[0] == "-", values, frac
