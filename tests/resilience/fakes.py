"""A scripted one-connection server for driver fault tests (bounded in time)."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable
from types import TracebackType

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
