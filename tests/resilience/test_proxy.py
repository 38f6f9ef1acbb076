"""The fault injector itself: forwards faithfully, and each fault looks as promised."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from .proxy import TO_CLIENT, TO_SERVER, FaultProxy

pytestmark = pytest.mark.resilience


class EchoServer:
    """Echoes every byte back until the client closes (bounded by a socket timeout)."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._echo, args=(conn,), daemon=True).start()

    def _echo(self, conn: socket.socket) -> None:
        conn.settimeout(5)
        with conn:
            try:
                while data := conn.recv(65536):
                    conn.sendall(data)
            except OSError:
                pass

    def close(self) -> None:
        self.stop.set()
        self.sock.close()
        self.thread.join(5)


@pytest.fixture
def echo() -> Iterator[EchoServer]:
    server = EchoServer()
    try:
        yield server
    finally:
        server.close()


def _client(proxy: FaultProxy, timeout: float = 2.0) -> socket.socket:
    return socket.create_connection(("127.0.0.1", proxy.port), timeout=timeout)


def _read(sock: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            break
        data += chunk
    return data


def test_forwards_both_ways_and_records(echo: EchoServer) -> None:
    payload = bytes(range(256)) * 400
    with FaultProxy("127.0.0.1", echo.port, record=True) as proxy, _client(proxy) as sock:
        sock.sendall(payload)
        assert _read(sock, len(payload)) == payload
        assert proxy.live == [0]
    assert proxy.stream(TO_SERVER) == payload  # the recording is complete once closed
    assert proxy.stream(TO_CLIENT) == payload


def test_kill_resets_the_client(echo: EchoServer) -> None:
    with FaultProxy("127.0.0.1", echo.port) as proxy, _client(proxy) as sock:
        sock.sendall(b"ping")
        assert _read(sock, 4) == b"ping"
        assert proxy.kill() == 1
        with pytest.raises(ConnectionResetError):
            sock.recv(10)
        assert proxy.live == []


def test_kill_leaves_later_connections_alone(echo: EchoServer) -> None:
    with FaultProxy("127.0.0.1", echo.port) as proxy:
        with _client(proxy):
            time.sleep(0.1)  # let the proxy accept it
            proxy.kill()
        with _client(proxy) as sock:
            sock.sendall(b"again")
            assert _read(sock, 5) == b"again"


def test_black_hole_is_silent_and_resume_delivers(echo: EchoServer) -> None:
    with FaultProxy("127.0.0.1", echo.port) as proxy, _client(proxy, timeout=0.3) as sock:
        proxy.black_hole()
        sock.sendall(b"hello")
        with pytest.raises(TimeoutError):
            sock.recv(10)
        proxy.resume()
        sock.settimeout(2)
        assert _read(sock, 5) == b"hello"


@pytest.mark.parametrize("direction", [TO_SERVER, TO_CLIENT])
def test_cut_after_forwards_exactly_n_bytes(echo: EchoServer, direction: str) -> None:
    with FaultProxy("127.0.0.1", echo.port, record=True) as proxy:
        proxy.cut_after(10, direction)
        with _client(proxy) as sock:
            sock.sendall(b"0123456789abcdef")
            received = b""
            with pytest.raises(ConnectionResetError):
                while chunk := sock.recv(100):
                    received += chunk
    assert proxy.stream(direction) == b"0123456789"
    assert received == b"0123456789"[: len(received)]


def _proxy_threads() -> int:
    return sum(t.name.startswith("fault-proxy") for t in threading.enumerate())


def test_close_ends_every_thread(echo: EchoServer) -> None:
    proxy = FaultProxy("127.0.0.1", echo.port)
    socks = [_client(proxy) for _ in range(3)]
    time.sleep(0.1)
    assert _proxy_threads() == 4  # accept loop + three pumps
    proxy.black_hole()
    proxy.close()
    assert _proxy_threads() == 0
    for sock in socks:
        sock.close()
