"""Message codecs, both directions, against the exchange IBM JDBC accepted.

tests/data/captures/jdbc-accepted-exchange.txt holds client bytes IBM JDBC sent
and server replies it accepted. Every client batch must parse with our server's
request reader and every reply with our driver's reply reader, consuming each
byte exactly; several of our writers must reproduce JDBC's bytes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from informix_db.protocol.buffer import Incomplete, ProtocolViolation, Reader, Writer
from informix_db.protocol.caps import MODERN, Caps
from informix_db.protocol.codes import CLIENT_PROTOCOL_OFFER, SERVER_PROTOCOL_MASK, Msg
from informix_db.protocol.coltype import ColumnType
from informix_db.protocol.messages import connect, cursor, statement, status, transaction
from informix_db.protocol.messages.dispatch import read_reply, read_request
from informix_db.protocol.values.binds import encode_param

pytestmark = pytest.mark.unit

EXCHANGE = Path(__file__).parent.parent / "data" / "captures" / "jdbc-accepted-exchange.txt"


def exchange() -> list[tuple[str, bytes]]:
    out = []
    for line in EXCHANGE.read_text().splitlines():
        if line.startswith(("C->S", "S->C")):
            out.append((line[:4], bytes.fromhex(line[5:].replace(" ", ""))))
    return out


def parse_all(data: bytes, reader: object) -> list[tuple[int, object]]:
    r = Reader(data)
    msgs = []
    while r.remaining:
        msgs.append(reader(r, MODERN, "latin-1"))  # type: ignore[operator]
    return msgs


def test_caps_of_jdbc_against_a_1410_server() -> None:
    caps = Caps.negotiate(CLIENT_PROTOCOL_OFFER, SERVER_PROTOCOL_MASK)
    assert caps.usver and caps.varchar_varlen and caps.long_offsets and caps.char4
    assert caps.int_fetch_size and caps.fetch_array and caps.bigint and caps.named_params
    assert caps.describe_input
    assert caps.mask == bytes.fromhex("bdbc1ffc3c84aa87")
    legacy = Caps.negotiate(bytes.fromhex("fffc7ffc3c8c8a"), SERVER_PROTOCOL_MASK)
    assert not legacy.long_offsets and not legacy.char4 and not legacy.int_fetch_size


def test_every_client_batch_parses_with_the_server_reader() -> None:
    for direction, data in exchange():
        if direction != "C->S" or data == bytes.fromhex("0038"):
            continue
        msgs = parse_all(data, read_request)
        assert msgs[-1][0] == Msg.EOT


def test_every_server_reply_parses_with_the_driver_reader() -> None:
    replies = [d for k, d in exchange() if k == "S->C"]
    for data in replies[:-1]:
        msgs = parse_all(data, read_reply)
        assert msgs[-1][0] == Msg.EOT


def test_locale_probe_describe_and_row() -> None:
    replies = [d for k, d in exchange() if k == "S->C"]
    (tag, desc), *_ = parse_all(replies[3], read_reply)
    assert tag == Msg.DESCRIBE
    assert isinstance(desc, statement.Describe)
    assert (desc.stmt_type, desc.stmt_id, desc.cost) == (2, 0, 1)
    assert [(c.name, c.type.code, c.type.length) for c in desc.columns] == [("site", 0, 18)]
    w = Writer()
    statement.write_describe(w, desc, MODERN, "latin-1")
    assert replies[3].startswith(w.getvalue())
    (tag, row), *_ = parse_all(replies[4], read_reply)
    assert isinstance(row, cursor.TupleRow)
    assert row.payload == b"en_US.819" + b" " * 9


def test_fixed_layout_describe_round_trips_byte_for_byte() -> None:
    replies = [d for k, d in exchange() if k == "S->C"]
    data = replies[11]
    (_tag, desc), *_ = parse_all(data, read_reply)
    assert isinstance(desc, statement.Describe)
    assert len(desc.columns) == 13
    assert desc.columns[0].name == "i" and desc.columns[-1].name == "dfl"
    w = Writer()
    statement.write_describe(w, desc, MODERN, "latin-1")
    assert data.startswith(w.getvalue())


def test_our_writers_reproduce_jdbc_requests() -> None:
    batches = [d for k, d in exchange() if k == "C->S"]
    w = Writer()
    connect.write_protocols(w, CLIENT_PROTOCOL_OFFER)
    assert w.short(Msg.EOT).getvalue() == batches[0]
    w = Writer()
    connect.write_info_env(w, [(b"DBTEMP", b"/tmp"), (b"SUBQCACHESZ", b"10")])
    assert w.short(Msg.EOT).getvalue() == batches[1]
    w = Writer()
    connect.write_dbopen(w, b"testdb")
    assert w.short(Msg.EOT).getvalue() == batches[2]
    sql = b"select FIRST 1 site from informix.systables where tabname = ' GL_COLLATE'"
    w = Writer()
    statement.write_prepare(w, sql, 0, MODERN)
    assert w.short(Msg.EOT).getvalue() == batches[3]
    w = Writer()
    cursor.write_id(w, 0)
    cursor.write_curname(w, b"_ifxc0000000000000")
    w.short(Msg.OPEN)
    cursor.write_id(w, 0)
    cursor.write_nfetch(w, 4096, MODERN)
    assert w.short(Msg.EOT).getvalue() == batches[4]
    w = Writer()
    cursor.write_id(w, 0)
    assert w.short(Msg.CLOSE).short(Msg.EOT).getvalue() == batches[5]


def test_documented_bind_execute_example() -> None:
    # sqli-protocol.md §4.7: statement 0, INT 42 and NULL, then EXECUTE.
    w = Writer()
    cursor.write_id(w, 0)
    cursor.write_bind(w, [encode_param(42, "latin-1"), encode_param(None, "latin-1")])
    w.short(Msg.EXECUTE).short(Msg.EOT)
    assert w.getvalue() == bytes.fromhex(
        "00040000000500020002000 00a000000002a0000ffff0000 0007000c".replace(" ", "")
    )
    msgs = parse_all(w.getvalue(), read_request)
    bind = msgs[1][1]
    assert isinstance(bind, cursor.Bind)
    assert [p.value for p in bind.params] == [42, None]


def test_error_reply_layout_and_round_trip() -> None:
    doc = bytes.fromhex(
        "000dff32ff91000000 0e000d6e6f5f737563685f7461626c6500000c".replace(" ", "")
    )
    msgs = parse_all(doc, read_reply)
    err = msgs[0][1]
    assert isinstance(err, status.ErrorReply)
    assert (err.sqlcode, err.isamcode, err.offset, err.text) == (-206, -111, 14, "no_such_table")
    w = Writer()
    status.write_error(w, err, MODERN, "latin-1")
    assert doc.startswith(w.getvalue())


def test_done_and_insert_reply_example() -> None:
    doc = bytes.fromhex("000f000000000001000001030000001100370000000100000001000c")
    (_, done), (_, cost), (eot, _) = parse_all(doc, read_reply)
    assert isinstance(done, status.Done) and isinstance(cost, status.Cost)
    assert (done.rows, done.rowid, done.serial) == (1, 259, 17)
    assert eot == Msg.EOT


def test_rollback_carries_the_savepoint_short() -> None:
    w = Writer()
    transaction.write_rollback(w)
    assert w.short(Msg.EOT).getvalue() == bytes.fromhex("00140000000c")


def test_idescribe_example() -> None:
    doc = bytes.fromhex("007d0001000000020000000000000000000000000000000000000004000c")
    (_tag, idesc), _ = parse_all(doc, read_reply)
    assert isinstance(idesc, statement.IDescribe)
    assert idesc.params == [ColumnType(2, 4)]
    w = Writer()
    statement.write_idescribe(w, idesc.params, MODERN, "latin-1")
    assert doc.startswith(w.getvalue())


def test_unknown_tags_and_bad_lengths_are_violations() -> None:
    with pytest.raises(ProtocolViolation):
        read_reply(Reader(bytes.fromhex("00ff")), MODERN, "latin-1")
    with pytest.raises(ProtocolViolation):
        read_request(Reader(bytes.fromhex("00ee")), MODERN, "latin-1")
    with pytest.raises(ProtocolViolation):
        read_reply(Reader(bytes.fromhex("000e00007fffffff")), MODERN, "latin-1")
    with pytest.raises(ProtocolViolation):
        read_request(Reader(bytes.fromhex("0002000080000000")), MODERN, "latin-1")


def test_short_input_is_incomplete_not_an_error() -> None:
    full = bytes.fromhex("000f000000000001000001030000001100370000000100000001000c")
    for cut in range(1, 14):
        with pytest.raises(Incomplete):
            read_reply(Reader(full[:cut]), MODERN, "latin-1")
