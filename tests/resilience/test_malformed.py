"""Hostile bytes in both directions: clear errors, no hangs, other sessions unharmed."""

from __future__ import annotations

import os
import socket
import threading
import time

import pytest

import informix_db
from informix_db.protocol.codes import CLIENT_PROTOCOL_OFFER
from informix_db.protocol.login import LoginRequest, build_accept, build_reject, build_request

from .fakes import FakeServer, read_login

pytestmark = pytest.mark.resilience

LOGIN = {"user": "informix", "password": "in4mix", "server": "informix"}


def _recv_until_closed(sock: socket.socket, limit: float = 5.0) -> bytes:
    sock.settimeout(limit)
    data = b""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            chunk = sock.recv(65536)
        except (TimeoutError, ConnectionResetError):
            break
        if not chunk:
            return data
        data += chunk
    raise AssertionError(f"server kept the connection open; got {data!r}")


def _logged_in(ifx_target) -> socket.socket:  # type: ignore[no-untyped-def]
    sock = socket.create_connection((ifx_target.host, ifx_target.port), timeout=5)
    req = LoginRequest(user=ifx_target.user, password=ifx_target.password,
                       server=ifx_target.server)  # fmt: skip
    sock.sendall(build_request(req))
    reply = b""
    while len(reply) < 2 or len(reply) < int.from_bytes(reply[:2], "big"):
        reply += sock.recv(4096)
    assert reply[2] == 2, "login was not accepted"
    sock.sendall(b"\x00\x7e\x00\x08" + CLIENT_PROTOCOL_OFFER + b"\x00\x0c")
    sock.recv(4096)
    return sock


def _still_serving(ifx_target) -> None:  # type: ignore[no-untyped-def]
    with ifx_target.connect() as conn:
        assert conn.execute("SELECT 1 FROM systables WHERE tabid = 1").fetchall() == [(1,)]


@pytest.mark.parametrize(
    "junk",
    [os.urandom(64), b"HTTP/1.0 400 Bad Request\r\n\r\n", b"\x00\x08\x01\x3c\x00\x00\x00\x64",
     b"\x7f\xff" + b"A" * 100],
    ids=["random", "http", "short-pdu", "huge-length"],
)  # fmt: skip
def test_server_drops_garbage_logins(ifx_target, junk: bytes) -> None:  # type: ignore[no-untyped-def]
    if not ifx_target.embedded:
        pytest.skip("hostile-client tests are aimed at the embedded server")
    with socket.create_connection((ifx_target.host, ifx_target.port), timeout=5) as sock:
        sock.sendall(junk)
        sock.shutdown(socket.SHUT_WR)
        reply = _recv_until_closed(sock)
        assert b"Traceback" not in reply
    _still_serving(ifx_target)


@pytest.mark.parametrize(
    "batch",
    [b"\x00\xee\x00\x0c", b"\x00\x02\x00\x00\x7f\xff\xff\xff", b"\x00\x05\xff\xff\x00\x0c",
     b"\x00\x02\x00\x00\x00\x00\x00\x04\xff\xfe\xfd\xfc\x00\x16\x00\x31\x00\x0c"],
    ids=["unknown-tag", "2gb-sql", "negative-count", "bad-utf8-sql"],
)  # fmt: skip
def test_server_answers_or_closes_on_bad_messages(ifx_target, batch: bytes) -> None:  # type: ignore[no-untyped-def]
    if not ifx_target.embedded:
        pytest.skip("hostile-client tests are aimed at the embedded server")
    with _logged_in(ifx_target) as sock:
        sock.sendall(batch)
        sock.shutdown(socket.SHUT_WR)
        reply = _recv_until_closed(sock)
        assert b"Traceback" not in reply
        if reply:
            assert reply[:2] in (b"\x00\x0d", b"\x00\x0c", b"\x00\x08")
    _still_serving(ifx_target)


def _serve_login_reply(reply: bytes):  # type: ignore[no-untyped-def]
    def handler(conn: socket.socket) -> None:
        read_login(conn)
        conn.sendall(reply)
        time.sleep(0.5)

    return handler


@pytest.mark.parametrize(
    "reply",
    [
        bytes.fromhex("9c4f1e0277d3a8b150c6e9f30d2a7b16"),
        b"HTTP/1.0 400 Bad Request\r\n\r\n",
        b"\x00\x0a\x07\x3c\x00\x00\x00\x00\x00\x00",
    ],
    ids=["random", "http", "unknown-sl-type"],
)  # fmt: skip
def test_driver_rejects_garbage_login_replies(reply: bytes) -> None:
    with FakeServer(_serve_login_reply(reply)) as fake:
        start = time.monotonic()
        with pytest.raises(informix_db.OperationalError):
            informix_db.connect("127.0.0.1", fake.port, connect_timeout=3, **LOGIN)
        assert time.monotonic() - start < 3


def test_driver_reports_login_rejection_code() -> None:
    reject = build_reject(-761, "other", "ol", "u")
    with (
        FakeServer(_serve_login_reply(reject)) as fake,
        pytest.raises(informix_db.OperationalError) as info,
    ):
        informix_db.connect("127.0.0.1", fake.port, connect_timeout=3, **LOGIN)
    assert info.value.sqlcode == -761


def test_driver_times_out_on_a_silent_server() -> None:
    def silent(conn: socket.socket) -> None:
        read_login(conn)
        time.sleep(3)

    with FakeServer(silent) as fake:
        start = time.monotonic()
        with pytest.raises(informix_db.OperationalError, match=r"no answer|timed out"):
            informix_db.connect("127.0.0.1", fake.port, connect_timeout=1, **LOGIN)
        assert time.monotonic() - start < 2


def test_driver_rejects_garbage_after_login() -> None:
    def garbage(conn: socket.socket) -> None:
        read_login(conn)
        conn.sendall(build_accept("IBM Informix Dynamic Server Version 14.10.FC7", "informix", "u"))
        conn.recv(4096)
        conn.sendall(b"\x00\x7e\x7f\xff" + os.urandom(32))
        time.sleep(1)

    with FakeServer(garbage) as fake, pytest.raises(informix_db.OperationalError):
        informix_db.connect("127.0.0.1", fake.port, connect_timeout=3, **LOGIN)


def test_driver_survives_server_closing_after_accept() -> None:
    def close_after_accept(conn: socket.socket) -> None:
        read_login(conn)
        conn.sendall(build_accept("IBM Informix Dynamic Server Version 14.10.FC7", "informix", "u"))

    with (
        FakeServer(close_after_accept) as fake,
        pytest.raises(informix_db.OperationalError, match=r"closed|connection"),
    ):
        informix_db.connect("127.0.0.1", fake.port, connect_timeout=3, **LOGIN)


def test_many_hostile_sessions_do_not_disturb_a_working_one(ifx_target) -> None:  # type: ignore[no-untyped-def]
    if not ifx_target.embedded:
        pytest.skip("hostile-client tests are aimed at the embedded server")
    conn = ifx_target.connect()
    stop = threading.Event()

    def attack() -> None:
        while not stop.is_set():
            try:
                with socket.create_connection((ifx_target.host, ifx_target.port), 2) as s:
                    s.sendall(os.urandom(200))
            except OSError:
                pass

    threads = [threading.Thread(target=attack) for _ in range(4)]
    for t in threads:
        t.start()
    try:
        for i in range(50):
            row = conn.execute(
                "SELECT tabid FROM systables WHERE tabid = ?", (1 + i % 2,)
            ).fetchone()
            assert row == (1 + i % 2,)
    finally:
        stop.set()
        for t in threads:
            t.join(10)
        conn.close()
