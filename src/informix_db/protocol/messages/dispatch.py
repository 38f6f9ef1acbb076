"""Tag dispatch for both directions.

SQLI has no framing after login: a message's length follows from its tag and
layout, so an unknown tag means the stream cannot be followed any further.
Each reader returns `(tag, body)`; `body` is None for bare tags.
"""

from __future__ import annotations

from collections.abc import Callable

from ..buffer import ProtocolViolation, Reader
from ..caps import Caps
from ..codes import Msg
from . import blob, connect, cursor, statement, status, transaction

Message = tuple[int, object]
_Parser = Callable[[Reader, Caps, str], object]


def _bare(r: Reader, caps: Caps, encoding: str) -> None:
    return None


_REPLIES: dict[int, _Parser] = {
    Msg.EOT: _bare,
    Msg.DESCRIBE: statement.read_describe,
    Msg.TUPLE: lambda r, c, e: cursor.read_tuple(r, c),
    Msg.DONE: lambda r, c, e: status.read_done(r),
    Msg.COST: lambda r, c, e: status.read_cost(r),
    Msg.ERR: status.read_error,
    Msg.INSERTDONE: lambda r, c, e: status.read_insertdone(r, c),
    Msg.XACTSTAT: lambda r, c, e: status.read_xactstat(r),
    Msg.TUPID: lambda r, c, e: cursor.read_tupid(r),
    Msg.IDESCRIBE: statement.read_idescribe,
    Msg.PROTOCOLS: lambda r, c, e: connect.read_protocols(r),
    Msg.EXIT: _bare,
    Msg.CLOSE: _bare,
    Msg.REASSOC: _bare,
    Msg.INFO: lambda r, c, e: connect.read_info(r, e),
    Msg.BLOB: lambda r, c, e: blob.read_chunk(r),
}

_REQUESTS: dict[int, _Parser] = {
    Msg.EOT: _bare,
    Msg.PROTOCOLS: lambda r, c, e: connect.read_protocols(r),
    Msg.INFO: lambda r, c, e: connect.read_info(r, e),
    Msg.DBOPEN: lambda r, c, e: connect.read_dbopen(r, e),
    Msg.DBCLOSE: _bare,
    Msg.DBLIST: _bare,
    Msg.VERSION: _bare,
    Msg.EXIT: _bare,
    Msg.PREPARE: statement.read_prepare,
    Msg.COMMAND: statement.read_command,
    Msg.NDESCRIBE: _bare,
    Msg.WANTDONE: _bare,
    Msg.ID: lambda r, c, e: cursor.StmtId(r.short()),
    Msg.CURNAME: lambda r, c, e: cursor.read_curname(r),
    Msg.BIND: lambda r, c, e: cursor.read_bind(r, e),
    Msg.BBIND: lambda r, c, e: blob.read_bbind(r),
    Msg.BLOB: lambda r, c, e: blob.read_chunk(r),
    Msg.FETCHBLOB: lambda r, c, e: blob.read_fetchblob(r),
    Msg.OPEN: _bare,
    Msg.REOPTOPEN: _bare,
    Msg.EXECUTE: _bare,
    Msg.NFETCH: lambda r, c, e: cursor.read_nfetch(r, c),
    Msg.SFETCH: lambda r, c, e: cursor.read_sfetch(r, c),
    Msg.RET_TYPE: lambda r, c, e: cursor.read_ret_type(r),
    Msg.CLOSE: _bare,
    Msg.RELEASE: _bare,
    Msg.SCROLL: _bare,
    Msg.HOLD: _bare,
    Msg.AUTOFREE: _bare,
    Msg.CIDESCRIBE: _bare,
    Msg.BATCHSTART: _bare,
    Msg.BATCHEND: _bare,
    Msg.BEGIN: _bare,
    Msg.CMMTWORK: _bare,
    Msg.RBWORK: lambda r, c, e: transaction.read_rollback(r),
    Msg.SETSVPT: lambda r, c, e: transaction.read_savepoint(r, Msg.SETSVPT),
    Msg.RELSVPT: lambda r, c, e: transaction.read_savepoint(r, Msg.RELSVPT),
    Msg.RBACKSVPT: lambda r, c, e: transaction.read_savepoint(r, Msg.RBACKSVPT),
}


def _read(table: dict[int, _Parser], r: Reader, caps: Caps, encoding: str, side: str) -> Message:
    tag = r.short()
    parser = table.get(tag)
    if parser is None:
        raise ProtocolViolation(f"unknown {side} message tag {tag}")
    return tag, parser(r, caps, encoding)


def read_reply(r: Reader, caps: Caps, encoding: str) -> Message:
    """One server-to-client message."""
    return _read(_REPLIES, r, caps, encoding, "server")


def read_request(r: Reader, caps: Caps, encoding: str) -> Message:
    """One client-to-server message."""
    return _read(_REQUESTS, r, caps, encoding, "client")
