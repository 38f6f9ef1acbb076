"""A server whose rows do not match its describe: a clear InterfaceError naming the
column, the rest of the reply is still consumed, and the connection stays usable."""

from __future__ import annotations

import socket

import pytest

import informix_db
from informix_db.protocol.buffer import Writer
from informix_db.protocol.caps import MODERN
from informix_db.protocol.codes import SERVER_PROTOCOL_MASK, Msg
from informix_db.protocol.coltype import ColumnType
from informix_db.protocol.login import build_accept
from informix_db.protocol.messages import connect, cursor, statement, status

from .fakes import FakeServer, read_login

pytestmark = pytest.mark.resilience


def _reply(conn: socket.socket, build: list[bytes]) -> None:
    conn.recv(65536)
    conn.sendall(b"".join(build) + b"\x00\x0c")


def _msg(fn, *args) -> bytes:  # type: ignore[no-untyped-def]
    w = Writer()
    fn(w, *args)
    return w.getvalue()


def bad_rows_server(conn: socket.socket) -> None:
    read_login(conn)
    conn.sendall(build_accept("IBM Informix Dynamic Server Version 14.10.FC7", "informix", "u"))
    conn.recv(65536)  # PROTOCOLS + INFO, pipelined
    w = Writer()
    connect.write_protocols(w, SERVER_PROTOCOL_MASK)
    conn.sendall(w.short(Msg.EOT).short(Msg.EOT).getvalue())
    desc = statement.Describe(
        2, 0, 1, columns=[statement.DescribedColumn("n", ColumnType.simple(2))]
    )
    done = [_msg(status.write_done, status.Done()), _msg(status.write_cost, status.Cost())]
    _reply(conn, [_msg(statement.write_describe, desc, MODERN, "latin-1"), *done])
    _reply(
        conn,
        [
            _msg(cursor.write_tuple, b"\x00\x00\x01", MODERN),  # 3 bytes for a 4-byte INT
            _msg(cursor.write_tuple, b"\x00\x00\x00\x07", MODERN),
            _msg(status.write_done, status.Done(rows=2)),
        ],
    )
    _reply(conn, [])  # the ping afterwards
    conn.recv(65536)


def test_misframed_row_is_an_interface_error_and_stream_stays_in_step() -> None:
    with FakeServer(bad_rows_server) as fake:
        conn = informix_db.connect(
            "127.0.0.1", fake.port, user="u", password="p", connect_timeout=5, read_timeout=5
        )
        with pytest.raises(informix_db.InterfaceError, match="column"):
            conn.cursor().execute("SELECT n FROM t")
        assert not conn.broken
        conn.ping()
        conn.close()
