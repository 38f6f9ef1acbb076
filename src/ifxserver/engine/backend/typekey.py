"""Compact integer keys for column types, so generated SQL can pass types to UDFs."""

from __future__ import annotations

from functools import lru_cache

from informix_db.protocol.codes import IfxType, Xid
from informix_db.protocol.coltype import ColumnType


def type_key(ct: ColumnType) -> int:
    return ct.code | (ct.length << 16) | (ct.xid << 48)


@lru_cache(maxsize=512)
def type_from_key(key: int) -> ColumnType:
    code = key & 0xFFFF
    length = (key >> 16) & 0xFFFFFFFF
    xid = key >> 48
    if code == IfxType.UDTVAR and xid == Xid.LVARCHAR:
        return ColumnType.lvarchar(length)
    if code == IfxType.UDTFIXED and xid == Xid.BOOLEAN:
        return ColumnType.boolean()
    return ColumnType(code, length, True, xid)
