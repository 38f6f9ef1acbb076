"""A bare SQLI client for server tests: hand-built batches in, decoded replies out.

It speaks exactly what the protocol document describes (login PDU, one batch
per round trip, replies until SQ_EOT), so tests can send message shapes the
drivers never produce: several statements at once, urgent bytes, SQ_HOLD,
any SFETCH type.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from typing import Any

from informix_db.protocol.buffer import Incomplete, Reader, Writer
from informix_db.protocol.caps import MODERN, Caps
from informix_db.protocol.codes import CLIENT_PROTOCOL_OFFER, Msg
from informix_db.protocol.login import LoginRequest, build_request, parse_response, pdu_length
from informix_db.protocol.messages import connect, cursor, statement
from informix_db.protocol.messages.dispatch import read_reply
from informix_db.protocol.values import compile_row_decoder

JDBC_ENV = [("DBPATH", "."), ("CLIENT_LOCALE", "en_US.8859-1"), ("DBDATE", "Y4MD-")]
TIMEOUT = 10.0


class WireClient:
    def __init__(self, host: str, port: int, *, timeout: float = TIMEOUT) -> None:
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.caps: Caps = MODERN
        self._buf = bytearray()

    # -- transport --------------------------------------------------------------------
    def _fill(self) -> None:
        data = self.sock.recv(65536)
        if not data:
            raise ConnectionError("server closed the connection")
        self._buf += data

    def login(self, user: str, password: str, server: str, database: str | None = None) -> Any:
        req = LoginRequest(user, password, server, database, env=list(JDBC_ENV))
        self.sock.sendall(build_request(req))
        while (n := pdu_length(self._buf)) is None or len(self._buf) < n:
            self._fill()
        pdu, self._buf = bytes(self._buf[:n]), self._buf[n:]
        return parse_response(pdu)

    def batch(self, build: Callable[[Writer], object]) -> list[tuple[int, Any]]:
        """Send one batch (EOT appended) and read the replies up to EOT."""
        w = Writer()
        build(w)
        w.short(Msg.EOT)
        self.sock.sendall(w.getvalue())
        return self.replies()

    def replies(self) -> list[tuple[int, Any]]:
        out: list[tuple[int, Any]] = []
        while True:
            r = Reader(self._buf)
            try:
                tag, body = read_reply(r, self.caps, "latin-1")
            except Incomplete:
                self._fill()
                continue
            del self._buf[: r.pos]
            if tag in (Msg.EOT, Msg.EXIT):
                return out
            out.append((tag, body))

    def close(self) -> None:
        self.sock.close()

    # -- common message groups ----------------------------------------------------------------
    def protocols(self) -> None:
        self.batch(lambda w: connect.write_protocols(w, CLIENT_PROTOCOL_OFFER))

    def dbopen(self, name: str) -> list[tuple[int, Any]]:
        return self.batch(lambda w: connect.write_dbopen(w, name.encode()))

    def prepare(self, sql: str, nparams: int = 0) -> list[tuple[int, Any]]:
        return self.batch(lambda w: statement.write_prepare(w, sql.encode(), nparams, self.caps))

    def command(self, sql: str) -> list[tuple[int, Any]]:
        return self.batch(lambda w: statement.write_command(w, sql.encode(), self.caps))

    def on_statement(self, stmt_id: int, *tags: int) -> list[tuple[int, Any]]:
        def build(w: Writer) -> None:
            cursor.write_id(w, stmt_id)
            for tag in tags:
                w.short(tag)

        return self.batch(build)

    def open_cursor(self, stmt_id: int, name: str, *extra: int) -> list[tuple[int, Any]]:
        """SQ_ID, CURNAME, [SQ_SCROLL / SQ_HOLD ...], OPEN."""

        def build(w: Writer) -> None:
            cursor.write_id(w, stmt_id)
            cursor.write_curname(w, name.encode())
            for tag in extra:
                w.short(tag)
            w.short(Msg.OPEN)

        return self.batch(build)

    def fetch(self, stmt_id: int, size: int = 4096) -> list[tuple[int, Any]]:
        def build(w: Writer) -> None:
            cursor.write_id(w, stmt_id)
            cursor.write_nfetch(w, size, self.caps)

        return self.batch(build)

    def sfetch(self, stmt_id: int, kind: int, target: int = 0) -> list[tuple[int, Any]]:
        def build(w: Writer) -> None:
            cursor.write_id(w, stmt_id)
            cursor.write_sfetch(w, kind, target, 4096, self.caps)

        return self.batch(build)


def tags(replies: list[tuple[int, Any]]) -> list[int]:
    return [tag for tag, _ in replies]


def error_of(replies: list[tuple[int, Any]]) -> Any:
    errs = [body for tag, body in replies if tag == Msg.ERR]
    return errs[0] if errs else None


def stmt_id_of(replies: list[tuple[int, Any]]) -> int:
    describes = [body for tag, body in replies if tag == Msg.DESCRIBE]
    assert describes, replies
    return int(describes[0].stmt_id)


def connected(host: str, port: int, user: str, password: str, server: str,
              database: str | None = None) -> WireClient:  # fmt: skip
    """Logged in, protocols exchanged, database open (via DBOPEN) when given."""
    client = WireClient(host, port)
    response = client.login(user, password, server)
    assert response.accepted, response
    client.protocols()
    if database is not None:
        assert error_of(client.dbopen(database)) is None
    return client


def described_columns(replies: list[tuple[int, Any]]) -> list[Any]:
    describes = [body for tag, body in replies if tag == Msg.DESCRIBE]
    assert describes, replies
    return list(describes[0].columns)


def decode_rows(columns: list[Any], replies: list[tuple[int, Any]]) -> list[tuple[Any, ...]]:
    """Values of the SQ_TUPLE replies, decoded with the described column types."""
    decoder = compile_row_decoder([c.type for c in columns], "latin-1", trim_char=True)
    return [decoder(body.payload) for tag, body in replies if tag == Msg.TUPLE]


def client_with_table(wire: Any, database: str, table: str, columns: str) -> WireClient:
    """A client in a fresh logged `database` holding an empty `table (columns)`."""
    setup = wire()
    assert error_of(setup.command(f"CREATE DATABASE IF NOT EXISTS {database} WITH LOG")) is None
    client: WireClient = wire(database)
    client.command(f"DROP TABLE IF EXISTS {table}")
    assert error_of(client.command(f"CREATE TABLE {table} {columns}")) is None
    return client
