"""Server warnings reach the caller as PEP 249 `messages` (and `warnings`), never raised.

The embedded server sends no warnings, so a scripted fake plays a real-shaped reply: an
UPDATE whose SQ_DONE carries warning flags and an SQ_ERR with sqlcode 0 (a warning with
an SQLSTATE and text), as sqli-protocol.md §3.4.2 and §4.11 describe.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

import informix_db
from informix_db.protocol.buffer import Writer
from informix_db.protocol.caps import Caps
from informix_db.protocol.codes import CLIENT_PROTOCOL_OFFER, SERVER_PROTOCOL_MASK, Msg, StmtType
from informix_db.protocol.login import build_accept
from informix_db.protocol.messages import connect, statement, status

from . import blocking
from .fakes import FakeServer, ScriptedSqli

pytestmark = pytest.mark.resilience
Flavor = asyncio.AbstractEventLoop | None  # the `flavor` fixture: None = blocking driver
LOGIN = {"user": "informix", "password": "in4mix", "server": "informix"}
CAPS = Caps.negotiate(CLIENT_PROTOCOL_OFFER, SERVER_PROTOCOL_MASK)
FLAGS = 0x02 | 0x10  # two SQ_DONE warning bits: SQLSTATEs 01003 and 01I06


def reply(*messages: Any) -> bytes:
    """One reply: the given messages written in order, then SQ_EOT."""
    w = Writer()
    for write in messages:
        write(w)
    return w.short(Msg.EOT).getvalue()


def update_with_warnings() -> list[bytes]:
    describe = statement.Describe(stmt_type=StmtType.UPDATE, stmt_id=0)
    warning = status.ErrorReply(0, sqlstate="01I07", message="update without a WHERE clause")
    return [
        build_accept("IBM Informix Dynamic Server Version 14.10.FC7", "informix", "u"),
        reply(lambda w: connect.write_protocols(w, SERVER_PROTOCOL_MASK)),  # SQ_PROTOCOLS
        reply(),  # SQ_INFO
        reply(lambda w: statement.write_describe(w, describe, CAPS, "latin-1")),  # PREPARE
        reply(  # EXECUTE
            lambda w: status.write_done(w, status.Done(FLAGS, rows=3)),
            lambda w: status.write_cost(w, status.Cost(3, 1)),
            lambda w: status.write_error(w, warning, CAPS, "latin-1"),
        ),
    ]


def test_statement_warnings_land_in_messages(flavor: Flavor) -> None:
    script = ScriptedSqli(update_with_warnings(), SERVER_PROTOCOL_MASK)
    with FakeServer(script) as fake:
        conn = blocking.connect(flavor, host="127.0.0.1", port=fake.port, connect_timeout=5,
                                read_timeout=5, **LOGIN)  # fmt: skip
        cur = conn.execute("UPDATE t SET a = 1")
        assert cur.rowcount == 3  # a warning is not an error
        got = [(cls, w.sqlstate, w.sqlcode) for cls, w in cur.messages]
        assert got == [
            (informix_db.Warning, "01I07", 0),
            (informix_db.Warning, "01003", 0),
            (informix_db.Warning, "01I06", 0),
        ]
        assert cur.messages[0][1].message == "update without a WHERE clause"
        assert "0x02" in cur.messages[1][1].message and "0x10" in cur.messages[2][1].message
        assert cur.warnings == [w for _, w in cur.messages]
        assert conn.messages == cur.messages and conn.warnings == cur.warnings
        conn.close()
    assert Msg.EXIT in script.tags


def test_database_flags_are_not_warnings(ifx_target: Any, flavor: Flavor) -> None:
    """The SQ_DONE answering a database open carries logging flags, not warnings."""
    with blocking.connect(flavor, **ifx_target.connect_args(connect_timeout=5)) as conn:
        assert conn.logged  # the flags were read ...
        conn.execute(f"DATABASE {ifx_target.database}")
        assert conn.logged and conn.execute("SELECT 1 FROM systables WHERE tabid = 1").fetchall()
        assert conn.messages == []  # ... and not reported as warnings
