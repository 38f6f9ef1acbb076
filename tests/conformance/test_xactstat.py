"""SQ_XACTSTAT: the server tells the client when a transaction begins or ends (logged
databases), whether by message or by SQL; unlogged databases never send it."""

from __future__ import annotations

from typing import Any

import pytest

from informix_db.protocol.codes import Msg
from informix_db.protocol.messages.status import XactStat

from .wire import WireClient, error_of, tags

pytestmark = pytest.mark.conformance


def states(replies: list[tuple[int, Any]]) -> list[tuple[int, int, int]]:
    return [(b.event, b.new_level, b.old_level) for t, b in replies if isinstance(b, XactStat)]


def test_begin_and_end_are_announced(wire: Any) -> None:
    setup: WireClient = wire()
    assert error_of(setup.command("CREATE DATABASE IF NOT EXISTS xact_db WITH LOG")) is None
    c: WireClient = wire("xact_db")
    c.command("CREATE TABLE IF NOT EXISTS xt (n INT)")
    assert states(c.batch(lambda w: w.short(Msg.BEGIN))) == [(1, 1, 0)]
    assert states(c.command("INSERT INTO xt VALUES (1)")) == []  # inside: no change
    assert states(c.batch(lambda w: w.short(Msg.CMMTWORK))) == [(2, 0, 1)]
    assert states(c.command("BEGIN WORK")) == [(1, 1, 0)]
    assert states(c.command("ROLLBACK WORK")) == [(2, 0, 1)]
    assert states(c.command("INSERT INTO xt VALUES (2)")) == []  # a singleton transaction


def test_unlogged_database_sends_none(wire: Any) -> None:
    setup: WireClient = wire()
    assert error_of(setup.command("CREATE DATABASE IF NOT EXISTS nolog_db")) is None
    c: WireClient = wire("nolog_db")
    replies = c.command("CREATE TABLE IF NOT EXISTS nt (n INT)")
    assert Msg.XACTSTAT not in tags(replies) and Msg.XACTSTAT not in tags(
        c.command("INSERT INTO nt VALUES (1)")
    )
