"""SQLI numeric vocabulary shared by the driver and the embedded server.

Message tags, login markers, type codes, statement types and capability bits.
Sources: ../shared/docs/sqli-protocol.md §11 and sqli-types.md §1.
"""

from __future__ import annotations

from enum import IntEnum


class Msg(IntEnum):
    """Post-login message tags (one namespace for both directions)."""

    COMMAND = 1
    PREPARE = 2
    CURNAME = 3
    ID = 4
    BIND = 5
    OPEN = 6
    EXECUTE = 7
    DESCRIBE = 8
    NFETCH = 9
    CLOSE = 10
    RELEASE = 11
    EOT = 12
    ERR = 13
    TUPLE = 14
    DONE = 15
    PUT = 17
    PUTERR = 18
    CMMTWORK = 19
    RBWORK = 20
    NDESCRIBE = 22
    SFETCH = 23
    SCROLL = 24
    TUPID = 25
    DBLIST = 26
    BEGIN = 35
    DBOPEN = 36
    DBCLOSE = 37
    FETCHBLOB = 38
    BLOB = 39
    BBIND = 41
    HOLD = 43
    WANTDONE = 49
    VERSION = 53
    COST = 55
    EXIT = 56
    INFO = 81
    REASSOC = 86
    REOPTOPEN = 87
    INSERTDONE = 94
    FILE = 98
    XACTSTAT = 99
    RET_TYPE = 100
    AUTOFREE = 108
    CIDESCRIBE = 124
    IDESCRIBE = 125
    PROTOCOLS = 126
    ACK = 128
    SETSVPT = 137
    RELSVPT = 138
    RBACKSVPT = 139
    BATCHSTART = 141
    BATCHEND = 142


class Login(IntEnum):
    """Markers inside the login PDUs (a namespace separate from Msg)."""

    ASSOC = 100
    ASCBINARY = 101
    ASCINITRESP = 102
    ASCDBLIST = 103
    ASCINITREQ = 104
    ASCENV = 106
    ASCPINFO = 107
    ASCBPARMS = 108
    ASCMISC_60 = 116
    ASCEOT = 127


class SLType(IntEnum):
    """The byte after the login PDU length."""

    CONREQ = 1
    CONACC = 2
    CONREJ = 3
    REDIRECT = 13


class IfxType(IntEnum):
    """Base type codes (the low byte of a type short)."""

    CHAR = 0
    SMALLINT = 1
    INT = 2
    FLOAT = 3
    SMALLFLOAT = 4
    DECIMAL = 5
    SERIAL = 6
    DATE = 7
    MONEY = 8
    NULL = 9
    DATETIME = 10
    BYTE = 11
    TEXT = 12
    VARCHAR = 13
    INTERVAL = 14
    NCHAR = 15
    NVARCHAR = 16
    INT8 = 17
    SERIAL8 = 18
    SET = 19
    MULTISET = 20
    LIST = 21
    ROW = 22
    COLLECTION = 23
    UDTVAR = 40
    UDTFIXED = 41
    LVARCHAR = 43
    SENDRECV = 44
    BOOL = 45
    IMPEXP = 46
    IMPEXPBIN = 47
    BIGINT = 52
    BIGSERIAL = 53


# Flag bits carried in the high byte of a type short.
TYPE_MASK = 0x00FF
FLAG_NOT_NULL = 0x0100
FLAG_DISTINCT = 0x0800
FLAG_NAMED_ROW = 0x1000


class Xid(IntEnum):
    """Extended ids of the builtin opaque types."""

    LVARCHAR = 1
    BOOLEAN = 5
    BLOB = 10
    CLOB = 11


def is_udt_family(code: int) -> bool:
    """Types that carry owner/name strings in SQ_BIND and an envelope in rows."""
    base = code & TYPE_MASK
    return base > 18 and base not in (IfxType.BIGINT, IfxType.BIGSERIAL)


class StmtType(IntEnum):
    """Statement types reported in SQ_DESCRIBE (the ones we produce or act on)."""

    DATABASE = 1
    SELECT = 2
    SELINTO = 3
    UPDATE = 4
    DELETE = 5
    INSERT = 6
    UPDCURR = 7
    DELCURR = 8
    LOCK = 10
    UNLOCK = 11
    CREADB = 12
    DROPDB = 13
    CRETAB = 14
    DRPTAB = 15
    CREIDX = 16
    DRPIDX = 17
    GRANT = 18
    REVOKE = 19
    RENTAB = 20
    RENCOL = 21
    ALTER = 29
    STATS = 30
    CLSDB = 31
    BEGWORK = 34
    COMMIT = 35
    ROLLBACK = 36
    SAVEPOINT = 37
    STARTDB = 38
    CREVIEW = 40
    DROPVIEW = 41
    CREASYN = 43
    DROPSYN = 44
    CTEMP = 45
    WAITFOR = 46
    ISOLATE = 48
    EXPLAIN = 50
    CREPROC = 53
    DRPPROC = 54
    EXECPROC = 56
    CRETRIG = 70
    DRPTRIG = 71
    SETENV = 110


def returns_rows(stmt_type: int, ncols: int) -> bool:
    """A statement needs a cursor iff SELECT, or EXECUTE FUNCTION with results."""
    return stmt_type == StmtType.SELECT or (stmt_type == StmtType.EXECPROC and ncols > 0)


class Cap(IntEnum):
    """SQ_PROTOCOLS bits (numbered MSB-first) that change framing."""

    USVER = 2
    FETCH_ARRAY = 8
    LONG_ID = 10
    VARCHAR_VARLEN = 13
    XPS_840 = 18
    DESCRIBE_INPUT = 34
    PAD_VARCHAR = 40
    PAM = 44
    FOUR_BYTE_OFFSET = 50
    NAMED_PARAMS = 52
    BIGINT = 54
    SQ_BATCH = 61
    REMOVE_64K = 62
    FETCH_2GB = 63


# What JDBC 4.50 and our driver offer, and what a 14.10 server answers.
CLIENT_PROTOCOL_OFFER = bytes.fromhex("fffc7ffc3c8caa97")
SERVER_PROTOCOL_MASK = bytes.fromhex("bdbe9ffe7fb7ffeff8")


def mask_has(mask: bytes, bit: int) -> bool:
    """True when MSB-first bit number `bit` is set in `mask`."""
    byte, offset = divmod(bit, 8)
    return byte < len(mask) and bool(mask[byte] & (0x80 >> offset))


# DBOPEN / DONE warning bits that describe a database.
DBFLAG_LOGGED = 0x01
DBFLAG_ANSI = 0x02
DBFLAG_ONLINE = 0x04

# Capability word of the binary login format.
CAP1_SQLI_316 = 316

# Time units of DATETIME/INTERVAL qualifiers.
TU_YEAR = 0
TU_MONTH = 2
TU_DAY = 4
TU_HOUR = 6
TU_MINUTE = 8
TU_SECOND = 10
TU_FRACTION = 12  # start position of an unsized FRACTION
TU_F1 = 11
TU_F5 = 15
