"""asyncio stream transport: TCP, TLS and per-read timeouts. It only moves bytes.

The asyncio twin of `informix_db.transport.SocketTransport`, with the same
compatibility surface: `_sock` is the raw socket under the stream and
`closed` turns true once the stream was torn down after an I/O failure.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
from typing import Any

from ..transport import CANCEL_BYTE, RECV_SIZE, TransportError


class StreamTransport:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, peer: str):
        self._reader = reader
        self._writer = writer
        self.peer = peer
        self.closed = False
        self._timed_out = False
        self._sock = _raw_socket(writer)

    @classmethod
    async def open(
        cls,
        host: str,
        port: int,
        *,
        tls: ssl.SSLContext | None,
        server_hostname: str | None,
        keepalive: bool = False,
    ) -> StreamTransport:
        """Connect; the caller bounds the whole connect with its own timeout."""
        peer = f"{host}:{port}"
        extra: dict[str, Any] = {}
        if tls is not None:
            extra = {"ssl": tls, "server_hostname": server_hostname or host}
        try:
            reader, writer = await asyncio.open_connection(host, port, limit=RECV_SIZE, **extra)
        except ssl.SSLError as exc:
            raise TransportError(f"TLS handshake with {peer} failed: {exc}") from exc
        except (ConnectionResetError, ConnectionAbortedError, BrokenPipeError) as exc:
            if tls is None:
                raise TransportError(f"cannot connect to {peer}: {_describe(exc)}") from exc
            # TCP was up (a refusal would be ConnectionRefusedError): TLS set-up ended it
            raise TransportError(
                f"TLS handshake with {peer} failed: the server ended the connection "
                f"({_describe(exc)}); is this a TLS port?"
            ) from exc
        except OSError as exc:
            raise TransportError(f"cannot connect to {peer}: {_describe(exc)}") from exc
        if keepalive:
            writer.get_extra_info("socket").setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        return cls(reader, writer, peer)

    async def send(self, data: bytes) -> None:
        # A socket closed under the stream (fd -1) would make asyncio log a fatal
        # write error; fail the same way as the blocking transport instead.
        if self.closed or self._sock.fileno() < 0:
            self.close()
            raise TransportError(f"sending to {self.peer} failed: the socket is closed")
        try:
            self._writer.write(data)
            if self._writer.transport.get_write_buffer_size():
                await self._writer.drain()  # only when the kernel did not take it all at once
        except (OSError, RuntimeError) as exc:
            self.close()
            raise TransportError(f"sending to {self.peer} failed: {exc}") from exc

    async def recv(self, timeout: float | None = None) -> bytes:
        """At least one byte; `timeout` bounds this one read."""
        if self.closed:
            raise TransportError(f"reading from {self.peer} failed: the socket is closed")
        timer = None
        if timeout is not None:
            # A timer that aborts the stream costs far less than wait_for's extra task.
            timer = asyncio.get_running_loop().call_later(timeout, self.expire)
        try:
            data = await self._reader.read(RECV_SIZE)
        except OSError as exc:
            self.close()
            raise TransportError(f"reading from {self.peer} failed: {exc}") from exc
        finally:
            if timer is not None:
                timer.cancel()
        if self._timed_out:
            raise TransportError(f"reading from {self.peer} timed out")
        if not data:
            self.close()
            raise TransportError(f"the server at {self.peer} closed the connection")
        return data

    def expire(self) -> None:
        """Give up waiting: the pending read fails as timed out and the stream is dropped."""
        self._timed_out = True
        self.close()

    def send_urgent(self) -> None:
        """One TCP urgent byte: how SQLI clients ask the server to interrupt a statement."""
        if self._writer.get_extra_info("sslcontext") is not None:
            raise TransportError("statement cancel is not possible over TLS (no urgent data)")
        try:
            self._sock.send(CANCEL_BYTE, socket.MSG_OOB)
        except OSError as exc:
            raise TransportError(f"sending the cancel request failed: {exc}") from exc

    def close(self) -> None:
        """Drop the stream at once (no goodbye); safe to call any number of times."""
        if not self.closed:
            self.closed = True
            self._writer.transport.abort()

    def idle_ok(self) -> bool:
        """Cheap liveness test for an idle stream: no EOF, no error, no stray bytes.

        asyncio keeps reading in the background, so a peer that closed, reset or
        sent anything while we were not waiting for a reply shows up here.
        """
        reader = self._reader
        return not (
            self.closed
            or self._sock.fileno() < 0
            or self._writer.transport.is_closing()
            or reader.exception() is not None
            or reader.at_eof()
            or len(getattr(reader, "_buffer", b""))  # unsolicited bytes: out of step
        )


def _describe(error: OSError) -> str:
    """An OSError's text; asyncio raises some (a reset) with no text at all."""
    return error.strerror or str(error) or type(error).__name__


def _raw_socket(writer: asyncio.StreamWriter) -> socket.socket:
    """The socket under the stream (asyncio hands out a guarded wrapper around it)."""
    wrapped = writer.get_extra_info("socket")
    raw = getattr(wrapped, "_sock", wrapped)
    assert isinstance(raw, socket.socket)
    return raw
