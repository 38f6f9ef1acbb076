"""A server whose BYTE/TEXT data does not match its descriptors: a clean InterfaceError
when the reply is complete (the connection stays usable), OperationalError when the
stream breaks off; a descriptor claiming 2 GB never makes the driver allocate it."""

from __future__ import annotations

import socket
import tracemalloc
from collections.abc import Callable

import pytest

import informix_db
from informix_db.protocol.buffer import Writer
from informix_db.protocol.caps import MODERN
from informix_db.protocol.codes import SERVER_PROTOCOL_MASK, IfxType, Msg
from informix_db.protocol.coltype import ColumnType
from informix_db.protocol.login import build_accept
from informix_db.protocol.messages import blob, connect, cursor, statement, status
from informix_db.protocol.values import BlobDescriptor

from .fakes import FakeServer, read_login

pytestmark = pytest.mark.resilience

TWO_GB = 2**31 - 1


def _msg(fn, *args) -> bytes:  # type: ignore[no-untyped-def]
    w = Writer()
    fn(w, *args)
    return w.getvalue()


def _reply(conn: socket.socket, parts: list[bytes], eot: bool = True) -> None:
    conn.recv(65536)
    conn.sendall(b"".join(parts) + (b"\x00\x0c" if eot else b""))


def blob_server(claimed: int, chunks: bytes, complete: bool) -> Callable[[socket.socket], None]:
    """One BYTE column, one row whose descriptor claims `claimed` bytes; the FETCHBLOB
    reply is `chunks`, then EOT when `complete`, else the connection is cut."""

    def serve(conn: socket.socket) -> None:
        read_login(conn)
        conn.sendall(build_accept("IBM Informix Dynamic Server Version 14.10.FC7", "ifx", "u"))
        conn.recv(65536)  # PROTOCOLS + INFO, pipelined
        conn.sendall(_msg(connect.write_protocols, SERVER_PROTOCOL_MASK) + b"\x00\x0c\x00\x0c")
        column = statement.DescribedColumn("b", ColumnType.simple(IfxType.BYTE))
        desc = statement.Describe(2, 0, 1, columns=[column])
        done = [_msg(status.write_done, status.Done()), _msg(status.write_cost, status.Cost())]
        _reply(conn, [_msg(statement.write_describe, desc, MODERN, "latin-1"), *done])
        row = BlobDescriptor.build(claimed, b"\x00\x00\x00\x01").raw
        _reply(conn, [_msg(cursor.write_tuple, row, MODERN), done[0]])
        _reply(conn, [chunks], eot=complete)
        if complete:
            _reply(conn, [])  # the ping afterwards
            conn.recv(65536)

    return serve


def chunk(data: bytes) -> bytes:
    return _msg(lambda w: w.short(Msg.BLOB).short(len(data)).padded(data))


END = chunk(b"")


def connect_to(fake: FakeServer) -> informix_db.Connection:
    return informix_db.connect(
        "127.0.0.1", fake.port, user="u", password="p", connect_timeout=5, read_timeout=5
    )


@pytest.mark.parametrize(
    ("claimed", "chunks", "message"),
    [
        (TWO_GB, chunk(b"abc") + END, "ended after 3 of 2147483647 bytes"),
        (TWO_GB, chunk(b"abc"), "reply ended after 0 of 1 values"),  # no terminator
        (5, chunk(b"0123456789") + END, "exceeds the 5 bytes"),
        (2, chunk(b"ab") + END + chunk(b"cd") + END, "more than the 1 values"),
    ],
    ids=["2gb-claim", "unterminated", "longer-than-claimed", "extra-value"],
)
def test_mismatched_blob_reply_is_an_interface_error(
    claimed: int, chunks: bytes, message: str
) -> None:
    with FakeServer(blob_server(claimed, chunks, complete=True)) as fake:
        conn = connect_to(fake)
        tracemalloc.start()
        try:
            with pytest.raises(informix_db.InterfaceError, match=message):
                conn.cursor().execute("SELECT b FROM t")
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert peak < 16 * 1024 * 1024  # nothing sized from the 2 GB claim
        assert not conn.broken
        conn.ping()
        conn.close()


def test_blob_stream_cut_mid_chunk_is_an_operational_error() -> None:
    partial = _msg(lambda w: w.short(Msg.BLOB).short(1000).raw(b"x" * 10))
    with FakeServer(blob_server(TWO_GB, chunk(b"abc") + partial, complete=False)) as fake:
        conn = connect_to(fake)
        with pytest.raises(informix_db.OperationalError, match="connection lost"):
            conn.cursor().execute("SELECT b FROM t")
        assert conn.broken


def test_a_descriptor_that_is_not_56_bytes_is_refused_before_sending() -> None:
    with pytest.raises(ValueError, match="56 bytes"):
        blob.write_fetchblob(Writer(), b"short")
