"""The values of a real server's SQ_XACTSTAT are undocumented (sqli-protocol.md §11), so a
notice that means something other than what the embedded server means must never make
the driver skip a BEGIN or a COMMIT: work would then be committed behind the user's back,
or silently lost. A scripted server sends deliberately misleading notices."""

from __future__ import annotations

from typing import Any

import pytest

from informix_db.protocol.codes import DBFLAG_LOGGED, SERVER_PROTOCOL_MASK, Msg, StmtType
from informix_db.protocol.login import build_accept
from informix_db.protocol.messages import connect, statement, status

from . import blocking
from .fakes import FakeServer, ScriptedSqli
from .test_server_warnings import CAPS, LOGIN, Flavor, reply

pytestmark = pytest.mark.resilience


def logged_session(*later: bytes) -> list[bytes]:
    return [
        build_accept("IBM Informix Dynamic Server Version 14.10.FC7", "informix", "u"),
        reply(lambda w: connect.write_protocols(w, SERVER_PROTOCOL_MASK)),  # SQ_PROTOCOLS
        reply(),  # SQ_INFO
        reply(lambda w: status.write_done(w, status.Done(DBFLAG_LOGGED))),  # SQ_DBOPEN
        *later,
    ]


def insert_replies(notice: status.XactStat) -> list[bytes]:
    describe = statement.Describe(stmt_type=StmtType.INSERT, stmt_id=0)
    return [
        reply(lambda w: statement.write_describe(w, describe, CAPS, "latin-1")),  # PREPARE
        reply(  # BEGIN + EXECUTE, answered with a notice claiming no transaction is open
            lambda w: status.write_done(w, status.Done(0, rows=1)),
            lambda w: status.write_cost(w, status.Cost(1, 1)),
            lambda w: status.write_xactstat(w, notice),
        ),
    ]


def run(flavor: Flavor, script: ScriptedSqli, body: Any) -> None:
    with FakeServer(script) as fake:
        conn = blocking.connect(flavor, host="127.0.0.1", port=fake.port, database="db",
                                connect_timeout=5, read_timeout=5, **LOGIN)  # fmt: skip
        body(conn)
        conn.close()


def test_a_notice_saying_closed_does_not_skip_the_commit(flavor: Flavor) -> None:
    script = ScriptedSqli(
        logged_session(*insert_replies(status.XactStat(1, 0, 0)), reply()),  # last: COMMIT
        SERVER_PROTOCOL_MASK,
    )

    def body(conn: Any) -> None:
        conn.execute("INSERT INTO t VALUES (1)")
        conn.commit()

    run(flavor, script, body)
    assert Msg.BEGIN in script.tags
    assert Msg.CMMTWORK in script.tags  # sent although the notice said "closed"


def test_a_notice_saying_open_does_not_skip_the_next_begin(flavor: Flavor) -> None:
    commit_with_open_notice = reply(lambda w: status.write_xactstat(w, status.XactStat(2, 1, 1)))
    script = ScriptedSqli(
        logged_session(
            *insert_replies(status.XactStat(1, 1, 0)),
            commit_with_open_notice,
            reply(  # the second INSERT (statement cached: BEGIN + EXECUTE only)
                lambda w: status.write_done(w, status.Done(0, rows=1)),
                lambda w: status.write_cost(w, status.Cost(1, 1)),
            ),
        ),
        SERVER_PROTOCOL_MASK,
    )

    def body(conn: Any) -> None:
        conn.execute("INSERT INTO t VALUES (1)")
        conn.commit()
        conn.execute("INSERT INTO t VALUES (1)")

    run(flavor, script, body)
    assert script.tags.count(Msg.BEGIN) == 2  # the second INSERT still opened a transaction
