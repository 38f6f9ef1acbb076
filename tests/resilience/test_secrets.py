"""The password never shows: not in reprs, logs (driver and server at DEBUG), exceptions,
their pickles or formatted tracebacks; and the server keeps only salted hashes.

A sentinel password is used everywhere and every captured output is scanned for it; the
connection tests run with the blocking and the asyncio driver.
"""

from __future__ import annotations

import asyncio
import logging
import pickle
import socket
import time
import traceback
from collections.abc import Iterator
from typing import Any

import pytest

import ifxserver
import informix_db
from ifxserver.users import UserTable

from . import blocking
from .proxy import FaultProxy

pytestmark = pytest.mark.resilience
Flavor = asyncio.AbstractEventLoop | None  # the `flavor` fixture: None = blocking driver

SENTINEL = "Sentinel-Pw-7f3a91"
USER = "secretive"
WRONG = "Wrong-" + SENTINEL  # a wrong password must not leak either


def leaks(text: str | bytes) -> bool:
    if isinstance(text, bytes):
        return SENTINEL.encode() in text or SENTINEL.encode("utf-16-be") in text
    return SENTINEL in text


def describe(error: BaseException) -> list[str | bytes]:
    """Every way an exception gets shown or shipped, its whole chain included."""
    out: list[str | bytes] = ["".join(traceback.format_exception(error)), pickle.dumps(error)]
    seen: BaseException | None = error
    while seen is not None:
        out += [str(seen), repr(seen), repr(seen.args), repr(vars(seen))]
        out.append(repr(getattr(seen, "object", None)))  # Unicode errors keep their input
        seen = seen.__cause__ or seen.__context__
    return out


@pytest.fixture(scope="module")
def server() -> Iterator[ifxserver.Server]:
    with ifxserver.start(users={USER: SENTINEL}) as s:
        yield s


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)  # root: the driver's and the server's loggers alike
    for name in ("informix_db", "ifxserver"):
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


def wait_for_server_log(logs: pytest.LogCaptureFixture) -> None:
    """The server logs from its own thread, after it answered: wait (bounded) for it, or
    the scan would prove nothing."""
    deadline = time.monotonic() + 5
    while not any(r.name.startswith("ifxserver") for r in logs.records):
        assert time.monotonic() < deadline, "the server logged nothing about the session"
        time.sleep(0.01)


def args(server: ifxserver.Server, **extra: Any) -> dict[str, Any]:
    return server.connect_args("sysmaster", connect_timeout=3, read_timeout=3, **extra)


def assert_clean(
    outputs: list[str | bytes], logs: pytest.LogCaptureFixture, logged_in: bool = True
) -> None:
    if logged_in:  # a session that never logged in leaves no server log to scan
        wait_for_server_log(logs)
    outputs = [*outputs, logs.text, *(repr(r.__dict__) for r in logs.records)]
    leaked = [o[:200] for o in outputs if leaks(o)]
    assert not leaked, leaked


def unwrapped(obj: Any) -> Any:
    """The driver's own object behind a `Blocking` wrapper (the asyncio flavour)."""
    return getattr(obj, "_target", obj)


def test_successful_session_shows_no_password(
    server: ifxserver.Server, logs: pytest.LogCaptureFixture, flavor: Flavor
) -> None:
    with blocking.connect(flavor, **args(server)) as conn:
        cur = conn.cursor()
        cur.execute("SELECT FIRST 1 tabid FROM systables")
        mine, own_cursor = unwrapped(conn), unwrapped(cur)
        outputs: list[str | bytes] = [
            repr(mine), str(mine), repr(own_cursor), repr(mine._core.options),
            repr(mine._core.login_request()), repr(vars(mine)),
        ]  # fmt: skip
    assert SENTINEL in repr(args(server)), "the sentinel should be in play"
    assert_clean(outputs, logs)


def test_rejected_login_shows_no_password(
    server: ifxserver.Server, logs: pytest.LogCaptureFixture, flavor: Flavor
) -> None:
    with pytest.raises(informix_db.OperationalError) as info:
        blocking.connect(flavor, **{**args(server), "password": WRONG})
    assert info.value.sqlcode == -951
    assert_clean(describe(info.value), logs)


def test_dsn_with_password_shows_no_password(
    server: ifxserver.Server, logs: pytest.LogCaptureFixture, flavor: Flavor
) -> None:
    dsn = f"informix://{USER}:{SENTINEL}@127.0.0.1:{server.port}/sysmaster?connect_timeout=3"
    with blocking.connect(flavor, dsn=dsn) as conn:
        outputs: list[str | bytes] = [repr(unwrapped(conn)), repr(conn._core.options)]
    with pytest.raises(informix_db.Error) as info:
        blocking.connect(flavor, dsn=dsn.replace("connect_timeout", "no_such_option"))
    assert_clean([*outputs, *describe(info.value)], logs)


def test_wire_failures_show_no_password(
    server: ifxserver.Server, logs: pytest.LogCaptureFixture, flavor: Flavor
) -> None:
    errors: list[BaseException] = []
    with socket.socket() as probe:  # a port with nothing listening
        probe.bind(("127.0.0.1", 0))
        dead_port = probe.getsockname()[1]
    for make in (
        lambda: blocking.connect(flavor, **{**args(server), "port": dead_port}),
        lambda: black_holed_connect(server, flavor),
        lambda: killed_query(server, flavor),
    ):
        with pytest.raises(informix_db.OperationalError) as info:
            make()
        errors.append(info.value)
    assert_clean([o for e in errors for o in describe(e)], logs)


def black_holed_connect(server: ifxserver.Server, flavor: Flavor) -> None:
    with FaultProxy(server.host, server.port) as proxy:
        proxy.black_hole()
        blocking.connect(flavor, **{**args(server), "port": proxy.port, "connect_timeout": 0.5})


def killed_query(server: ifxserver.Server, flavor: Flavor) -> None:
    with FaultProxy(server.host, server.port) as proxy:
        conn = blocking.connect(flavor, **{**args(server), "port": proxy.port})
        proxy.kill()
        try:
            conn.execute("SELECT FIRST 1 tabid FROM systables")
        finally:
            conn.close()


def test_unencodable_password_fails_cleanly_without_showing_it(
    server: ifxserver.Server, logs: pytest.LogCaptureFixture, flavor: Flavor
) -> None:
    """latin-1 cannot carry the euro sign: a PEP 249 error, and the password stays hidden."""
    with pytest.raises(informix_db.Error) as info:
        blocking.connect(flavor, **{**args(server), "password": SENTINEL + "\u20ac"})
    assert not isinstance(info.value, informix_db.InternalError), info.value
    assert_clean(describe(info.value), logs, logged_in=False)


def test_server_keeps_salted_hashes_only(server: ifxserver.Server) -> None:
    table = server._config.users
    assert USER in table
    assert not leaks(repr(vars(table))) and not leaks(repr(table._hashes))
    assert not leaks(pickle.dumps(table._hashes))
    salt, digest = table._hashes[USER]
    assert len(salt) >= 16 and len(digest) == 32  # PBKDF2-SHA256
    twin = UserTable({USER: SENTINEL})
    assert twin._hashes[USER] != table._hashes[USER], "each password gets its own salt"
    assert table.verify(USER, SENTINEL) and not table.verify(USER, WRONG)


def test_server_object_keeps_only_the_first_login_in_clear() -> None:
    other = "second-account-" + SENTINEL
    with ifxserver.Server(users={"first": "first-pw", "second": other}) as srv:
        assert srv.login == ("first", "first-pw")
        assert other not in repr(vars(srv)) and other not in repr(vars(srv._config))
        with informix_db.connect(**{**srv.connect_args("sysmaster"), "user": "second",
                                    "password": other}) as conn:  # fmt: skip
            assert conn.execute("SELECT 1 FROM systables WHERE tabid = 1").fetchone() == (1,)
