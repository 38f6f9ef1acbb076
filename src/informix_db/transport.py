"""Blocking socket transport: TCP, TLS and timeouts. It only moves bytes.

`closed` turns true once the socket was torn down after an I/O failure; the
connection then never touches it again.
"""

from __future__ import annotations

import contextlib
import select
import socket
import ssl
import time

RECV_SIZE = 256 * 1024
CANCEL_BYTE = b"\x42"


class TransportError(Exception):
    """An I/O failure; the message says what happened."""


class SocketTransport:
    def __init__(self, sock: socket.socket, peer: str) -> None:
        self._sock = sock
        self.peer = peer
        self.closed = False
        self._timeout: float | None = sock.gettimeout()  # per-read limit between deadlines

    @classmethod
    def open(
        cls,
        host: str,
        port: int,
        *,
        timeout: float | None,
        tls: ssl.SSLContext | None,
        server_hostname: str | None,
        keepalive: bool = False,
    ) -> SocketTransport:
        peer = f"{host}:{port}"
        try:
            sock = socket.create_connection((host, port), timeout=timeout)
        except TimeoutError as exc:
            raise TransportError(f"connecting to {peer} timed out after {timeout} s") from exc
        except OSError as exc:
            raise TransportError(f"cannot connect to {peer}: {exc.strerror or exc}") from exc
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if keepalive:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        if tls is not None:
            try:
                sock = tls.wrap_socket(sock, server_hostname=server_hostname or host)
            except (OSError, ssl.SSLError) as exc:
                sock.close()
                raise TransportError(f"TLS handshake with {peer} failed: {exc}") from exc
        return cls(sock, peer)

    def set_timeout(self, seconds: float | None) -> None:
        self._timeout = seconds
        if not self.closed:
            self._sock.settimeout(seconds)

    def send(self, data: bytes) -> None:
        try:
            self._sock.sendall(data)
        except TimeoutError as exc:
            self._fail()
            raise TransportError(f"sending to {self.peer} timed out") from exc
        except OSError as exc:
            self._fail()
            raise TransportError(f"sending to {self.peer} failed: {exc}") from exc

    def recv(self, deadline: float | None = None) -> bytes:
        """At least one byte. A deadline can shorten this read below the per-read
        timeout, never lengthen it, and the per-read timeout is back afterwards."""
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self._fail()
                raise TransportError(f"no answer from {self.peer} in time")
            self._sock.settimeout(
                remaining if self._timeout is None else min(remaining, self._timeout)
            )
        try:
            data = self._sock.recv(RECV_SIZE)
        except TimeoutError as exc:
            self._fail()
            raise TransportError(f"reading from {self.peer} timed out") from exc
        except OSError as exc:
            self._fail()
            raise TransportError(f"reading from {self.peer} failed: {exc}") from exc
        if deadline is not None:
            self._sock.settimeout(self._timeout)
        if not data:
            self._fail()
            raise TransportError(f"the server at {self.peer} closed the connection")
        return data

    def wait_readable(self, timeout: float) -> bool:
        """True when bytes can be read within `timeout` seconds (no bytes are consumed)."""
        if isinstance(self._sock, ssl.SSLSocket) and self._sock.pending():
            return True
        try:
            readable, _, _ = select.select([self._sock], [], [], max(timeout, 0))
        except (OSError, ValueError):
            return True  # let the following recv() report what is wrong
        return bool(readable)

    def send_urgent(self) -> None:
        """One TCP urgent byte: how SQLI clients ask the server to interrupt a statement."""
        if isinstance(self._sock, ssl.SSLSocket):
            raise TransportError("statement cancel is not possible over TLS (no urgent data)")
        try:
            self._sock.send(CANCEL_BYTE, socket.MSG_OOB)
        except OSError as exc:
            raise TransportError(f"sending the cancel request failed: {exc}") from exc

    def _fail(self) -> None:
        self.close()

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            with contextlib.suppress(OSError):
                self._sock.close()
