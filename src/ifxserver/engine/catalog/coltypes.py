"""Column types in the catalog (syscolumns coltype/collength) and in SQLite DDL."""

from __future__ import annotations

from informix_db.protocol.codes import FLAG_NOT_NULL, TYPE_MASK, IfxType, Xid
from informix_db.protocol.coltype import ColumnType

from ..sql.lexer import tokenize
from ..sql.tokens import TokenStream, TypeSpec, parse_type
from ..types.info import VAR_CHAR_CODES, Family, family

BLOB_DESCRIPTOR = 56
_KNOWN_CODES = frozenset(member.value for member in IfxType)  # BYTE/TEXT descriptor length


def catalog_coltype(ct: ColumnType, varchar_min: int = 0) -> tuple[int, int, int]:
    """(coltype, collength, extended_id) of a column for syscolumns."""
    code = ct.code
    collength = ct.length
    if code in VAR_CHAR_CODES:
        collength = varchar_min * 256 + (ct.length & 0xFF)
        if collength > 32767:
            collength -= 65536  # stored in a SMALLINT
    elif code in (IfxType.BYTE, IfxType.TEXT):
        collength = BLOB_DESCRIPTOR
    coltype = code | (0 if ct.nullable else FLAG_NOT_NULL)
    return coltype, collength, ct.xid


def type_from_catalog(coltype: int, collength: int, xid: int) -> tuple[ColumnType, int]:
    """(ColumnType, varchar minimum) from a syscolumns row."""
    code = coltype & TYPE_MASK
    if code in _KNOWN_CODES:
        code = IfxType(code)
    nullable = not coltype & FLAG_NOT_NULL
    length = collength + 65536 if collength < 0 else collength
    if code in VAR_CHAR_CODES:
        ct = ColumnType.varchar(length & 0xFF, nullable, national=code == IfxType.NVARCHAR)
        return ct, length >> 8
    if code == IfxType.UDTVAR and xid == Xid.LVARCHAR:
        return ColumnType.lvarchar(length, nullable), 0
    if code == IfxType.UDTFIXED and xid == Xid.BOOLEAN:
        return ColumnType.boolean(nullable), 0
    if code in (IfxType.BYTE, IfxType.TEXT):
        return ColumnType(code, length, nullable), 0
    return ColumnType(code, length, nullable, xid), 0


def sqlite_declaration(ct: ColumnType) -> str:
    """Storage class and collation of a column (docs/server-engine-notes.md, storage)."""
    fam = family(ct)
    if fam in (Family.INT, Family.DATE, Family.BOOL, Family.INTERVAL_YM, Family.INTERVAL_DF):
        return "INTEGER"
    if fam is Family.FLOAT:
        return "REAL"
    if fam is Family.DEC:
        return "TEXT COLLATE IFXDEC"
    if fam is Family.DATETIME:
        return "TEXT"
    if fam is Family.BYTE:
        return "BLOB"
    if ct.code == IfxType.TEXT:
        return "TEXT"
    return "TEXT COLLATE RTRIM"


def parse_column_specs(spec: str) -> list[tuple[str, TypeSpec]]:
    """`"name type, name type"` (catalog definitions) to names and types."""
    stream = TokenStream(tokenize(spec))
    columns: list[tuple[str, TypeSpec]] = []
    while not stream.at_end():
        name = stream.name().text
        columns.append((name, parse_type(stream)))
        if not stream.accept_op(","):
            break
    stream.expect_end()
    return columns


def row_width(ct: ColumnType) -> int:
    """Bytes a value takes in an Informix row (systables.rowsize)."""
    if ct.code in VAR_CHAR_CODES:
        return (ct.length & 0xFF) + 1
    if ct.code in (IfxType.BYTE, IfxType.TEXT):
        return BLOB_DESCRIPTOR
    if ct.is_udt:
        return ct.length + 3
    return ct.row_width()
