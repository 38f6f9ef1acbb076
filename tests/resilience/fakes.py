"""Scripted one-connection servers for driver tests (bounded in time)."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable
from types import TracebackType

from informix_db.protocol.buffer import Incomplete, Reader, Writer
from informix_db.protocol.caps import Caps
from informix_db.protocol.codes import CLIENT_PROTOCOL_OFFER, Msg
from informix_db.protocol.messages.dispatch import read_request

Handler = Callable[[socket.socket], None]


class FakeServer:
    """Accepts one connection on 127.0.0.1 and hands it to `handler`."""

    def __init__(self, handler: Handler, timeout: float = 10.0) -> None:
        self._sock = socket.create_server(("127.0.0.1", 0))
        self._sock.settimeout(timeout)
        self.port = self._sock.getsockname()[1]
        self._handler = handler
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        try:
            conn, _ = self._sock.accept()
        except OSError:
            return
        with conn:
            conn.settimeout(10.0)
            with contextlib.suppress(OSError):
                self._handler(conn)

    def close(self) -> None:
        self._sock.close()
        self._thread.join(15)

    def __enter__(self) -> FakeServer:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def read_login(conn: socket.socket) -> bytes:
    """Read one length-framed login PDU."""
    head = b""
    while len(head) < 2:
        head += conn.recv(2 - len(head))
    n = int.from_bytes(head, "big")
    body = b""
    while len(body) < n - 2:
        chunk = conn.recv(n - 2 - len(body))
        if not chunk:
            break
        body += chunk
    return head + body


class ScriptedSqli:
    """A FakeServer handler that plays back SQLI replies: `replies[0]` answers the login,
    each later one answers the next request batch the client completes (the client's
    messages are parsed, so how TCP splits them does not matter). SQ_EXIT gets its answer
    and ends the session; once the script runs out, the handler waits for SQ_EXIT."""

    def __init__(self, replies: list[bytes], mask: bytes) -> None:
        self.replies = list(replies)
        self.caps = Caps.negotiate(CLIENT_PROTOCOL_OFFER, mask)
        self.tags: list[int] = []  # every client message tag, in order

    def __call__(self, conn: socket.socket) -> None:
        read_login(conn)
        conn.sendall(self.replies.pop(0))
        pending = b""
        while True:
            data = conn.recv(65536)
            if not data:
                return
            pending += data
            r = Reader(pending)
            while r.remaining:
                start = r.pos
                try:
                    tag, _ = read_request(r, self.caps, "latin-1")
                except Incomplete:
                    r.pos = start
                    break
                self.tags.append(tag)
                if tag == Msg.EXIT:
                    conn.sendall(Writer().short(Msg.EXIT).getvalue())
                    return
                if tag == Msg.EOT and self.replies:
                    conn.sendall(self.replies.pop(0))
            pending = pending[r.pos :]
