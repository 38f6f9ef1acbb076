"""The asyncio driver under faults: timeouts, dead peers, sockets closed under it, and
cancellation at every kind of await. A failure is always an OperationalError in
bounded time, and afterwards the connection is either usable or marked broken."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import pytest

import informix_db
import informix_db.aio.connection
from informix_db import aio

from .proxy import FaultProxy

pytestmark = pytest.mark.resilience
QUERY = "SELECT tabid FROM systables WHERE tabid = 1"
Body = Callable[[], Awaitable[None]]


def run(body: Body) -> None:
    asyncio.run(asyncio.wait_for(body(), 30))


@pytest.fixture
def proxy(ifx_target: Any) -> Iterator[FaultProxy]:
    with FaultProxy(ifx_target.host, ifx_target.port) as fwd:
        yield fwd


@pytest.fixture
def via(ifx_target: Any, proxy: FaultProxy) -> Callable[..., dict[str, Any]]:
    """Connect arguments that go through the proxy."""

    def args(**options: Any) -> dict[str, Any]:
        connect_args: dict[str, Any] = ifx_target.connect_args(
            host="127.0.0.1", port=proxy.port, **options
        )
        return connect_args

    return args


async def assert_unusable(conn: aio.AsyncConnection) -> None:
    """Broken for good: every later call fails fast, without touching the socket."""
    assert conn.broken and conn.closed
    assert conn._sock is not None and conn._sock.closed
    started = time.monotonic()
    with pytest.raises(informix_db.OperationalError, match="broken"):
        await conn.execute(QUERY)
    assert time.monotonic() - started < 0.5
    await conn.close()  # never raises


def test_connect_timeout_covers_the_whole_login(
    proxy: FaultProxy, via: Callable[..., dict[str, Any]]
) -> None:
    async def body() -> None:
        proxy.black_hole()
        started = time.monotonic()
        with pytest.raises(informix_db.OperationalError, match="timed out"):
            await aio.connect(**via(connect_timeout=0.3))
        assert time.monotonic() - started < 2

    run(body)


@pytest.mark.parametrize(
    "options", [{"read_timeout": 0.3}, {"statement_timeout": 0.5}], ids=["read", "statement"]
)
def test_timeouts_bound_a_silent_peer(
    proxy: FaultProxy,
    via: Callable[..., dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
    options: dict[str, float],
) -> None:
    """read_timeout bounds each read; without it, statement_timeout plus the cancel
    grace still bound the wait. Either way the connection is given up."""
    monkeypatch.setattr(informix_db.aio.connection, "CANCEL_GRACE", 1.0)

    async def body() -> None:
        conn = await aio.connect(**via(**options))
        await conn.ping()
        proxy.black_hole()
        started = time.monotonic()
        with pytest.raises(informix_db.OperationalError, match="timed out"):
            await conn.execute(QUERY)
        assert time.monotonic() - started < 2.5
        await assert_unusable(conn)

    run(body)


def test_peer_reset_is_an_operational_error(
    proxy: FaultProxy, via: Callable[..., dict[str, Any]]
) -> None:
    async def body() -> None:
        conn = await aio.connect(**via())
        cur = await conn.execute(QUERY)
        assert await cur.fetchall() == [(1,)]
        proxy.kill()
        started = time.monotonic()
        with pytest.raises(informix_db.OperationalError):
            await conn.execute(QUERY)
        assert time.monotonic() - started < 1
        await assert_unusable(conn)

    run(body)


def test_socket_closed_under_the_stream(
    via: Callable[..., dict[str, Any]], caplog: pytest.LogCaptureFixture
) -> None:
    """The compatibility hook `conn._sock._sock` is the raw socket; closing it fails the
    next call cleanly, without asyncio logging a fatal transport error."""

    async def body() -> None:
        conn = await aio.connect(**via())
        assert conn._sock is not None
        conn._sock._sock.close()
        with pytest.raises(informix_db.OperationalError):
            await conn.execute(QUERY)
        await assert_unusable(conn)

    with caplog.at_level(logging.ERROR, logger="asyncio"):
        run(body)
    assert not caplog.records


def test_cancelled_while_waiting_for_the_lock_leaves_it_usable(
    via: Callable[..., dict[str, Any]],
) -> None:
    async def body() -> None:
        async with await aio.connect(**via()) as conn:
            async with conn._lock:  # another task is mid-exchange
                waiting = asyncio.ensure_future(conn.execute(QUERY))
                await asyncio.sleep(0.01)
                waiting.cancel()
                with pytest.raises(asyncio.CancelledError):
                    await waiting
            assert not conn.broken
            cur = await conn.execute(QUERY)
            assert await cur.fetchall() == [(1,)]

    run(body)


def test_cancelled_mid_exchange_marks_the_connection_broken(
    via: Callable[..., dict[str, Any]],
) -> None:
    async def body() -> None:
        conn = await aio.connect(**via())
        running = asyncio.ensure_future(conn.execute(QUERY))
        await asyncio.sleep(0)  # the request is on the wire, the reply is not read yet
        running.cancel()
        with pytest.raises(asyncio.CancelledError):
            await running
        await assert_unusable(conn)

    run(body)


@pytest.mark.parametrize("delay", [0.0, 0.0005, 0.001, 0.002, 0.005])
def test_wait_for_timeouts_never_leave_a_half_read_reply(
    via: Callable[..., dict[str, Any]], delay: float
) -> None:
    """Cancellation lands wherever it lands; the connection then answers correctly or
    is broken, and never returns another statement's reply."""

    async def body() -> None:
        conn = await aio.connect(**via())
        for n in range(1, 30):
            if conn.broken:
                await conn.close()
                conn = await aio.connect(**via())
            sql = f"SELECT tabid FROM systables WHERE tabid = {n % 5 + 1}"
            try:
                cur = await asyncio.wait_for(conn.execute(sql), delay)
            except asyncio.TimeoutError:
                continue
            assert await cur.fetchall() == [(n % 5 + 1,)]
        await conn.close()

    run(body)
