"""The native asyncio driver: connection, cursor, timeouts and cancellation."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

import informix_db
from informix_db import aio
from informix_db.aio.transport import StreamTransport
from informix_db.rows import dict_row

pytestmark = pytest.mark.integration
Body = Callable[[dict[str, Any]], Awaitable[None]]


def run(body: Body, args: dict[str, Any]) -> None:
    """Run one async test body on a fresh event loop, bounded in time."""
    asyncio.run(asyncio.wait_for(body(args), 30))


@pytest.fixture
def args(ifx_target: Any) -> dict[str, Any]:
    connect_args: dict[str, Any] = ifx_target.connect_args()
    return connect_args


@pytest.fixture
def ten(make_table: Callable[[str], str], ifx_target: Any) -> str:
    """A table of n and n squared for n in 0..9."""
    name = make_table("(n INT, sq INT)")
    with ifx_target.connect(autocommit=True) as conn:
        conn.cursor().executemany(
            f"INSERT INTO {name} VALUES (?, ?)", [(n, n * n) for n in range(10)]
        )
    return name


def test_connect_with_keywords_or_dsn(args: dict[str, Any]) -> None:
    async def body(a: dict[str, Any]) -> None:
        dsn = (
            f"informix://{a['user']}:{a['password']}@{a['host']}:{a['port']}/{a['database']}"
            f"?server={a['server']}"
        )
        for conn in (await aio.connect(**a), await aio.connect(dsn)):
            assert isinstance(conn, aio.AsyncConnection)
            assert conn.database == a["database"] and not conn.closed
            assert isinstance(conn._sock, StreamTransport)
            assert isinstance(conn._sock._sock, socket.socket)  # the compatibility hook
            await conn.close()
            assert conn.closed and conn._sock.closed
            await conn.close()  # twice is harmless

    run(body, args)


def test_cursor_plain_or_awaited(args: dict[str, Any], ten: str) -> None:
    async def body(a: dict[str, Any]) -> None:
        async with await aio.connect(**a) as conn:
            plain, awaited = conn.cursor(), await conn.cursor()
            assert isinstance(plain, aio.AsyncCursor) and isinstance(awaited, aio.AsyncCursor)
            await plain.execute(f"SELECT n, sq FROM {ten} WHERE n < ? ORDER BY n", (4,))
            assert [d[0] for d in plain.description or []] == ["n", "sq"]
            assert await plain.fetchone() == (0, 0)
            assert await plain.fetchmany(2) == [(1, 1), (2, 4)]
            assert await plain.fetchall() == [(3, 9)]
            assert await plain.fetchone() is None
            cur = await conn.execute(f"SELECT COUNT(*) FROM {ten}")
            assert (await cur.fetchone())[0] == 10

    run(body, args)


def test_async_for_serves_buffered_rows_without_io(args: dict[str, Any], ten: str) -> None:
    async def body(a: dict[str, Any]) -> None:
        async with await aio.connect(**a) as conn:
            cur = await conn.cursor().execute(f"SELECT n FROM {ten} ORDER BY n")
            trips = conn.round_trips
            rows = [row async for row in cur]
            assert rows == [(i,) for i in range(10)]
            assert conn.round_trips == trips  # all ten came with the execute
            small = conn.cursor(fetch_buffer=512)  # several fetch batches
            await small.execute(f"SELECT n, sq FROM {ten} ORDER BY n")
            assert [row async for row in small] == [(i, i * i) for i in range(10)]

    run(body, args)


def test_context_managers_commit_or_roll_back(args: dict[str, Any], ten: str) -> None:
    async def body(a: dict[str, Any]) -> None:
        async with await aio.connect(**a) as conn:
            async with conn.cursor() as cur:
                await cur.execute(f"INSERT INTO {ten} VALUES (100, 0)")
            assert cur.closed
        with pytest.raises(ZeroDivisionError):
            async with await aio.connect(**a) as conn:
                await conn.execute(f"INSERT INTO {ten} VALUES (200, 0)")
                raise ZeroDivisionError
        assert conn.closed
        async with await aio.connect(**a) as conn:
            cur = await conn.execute(f"SELECT n FROM {ten} WHERE n >= 100")
            assert await cur.fetchall() == [(100,)]

    run(body, args)


def test_autocommit_is_read_only_with_an_awaitable_setter(args: dict[str, Any], ten: str) -> None:
    async def body(a: dict[str, Any]) -> None:
        async with await aio.connect(**a) as conn:
            assert conn.autocommit is False
            with pytest.raises(AttributeError, match="set_autocommit"):
                conn.autocommit = True
            await conn.execute(f"INSERT INTO {ten} VALUES (300, 0)")
            assert conn.in_transaction
            await conn.set_autocommit(True)  # commits the open transaction
            assert conn.autocommit and not conn.in_transaction
            await conn.rollback()
        async with await aio.connect(**a, autocommit=True) as conn:
            cur = await conn.execute(f"SELECT n FROM {ten} WHERE n = 300")
            assert await cur.fetchall() == [(300,)]

    run(body, args)


def test_transaction_state_follows_the_server(args: dict[str, Any], ten: str) -> None:
    """A procedure that commits ends the transaction; only the server's SQ_XACTSTAT says so."""
    proc = f"{ten}_commits"

    async def body(a: dict[str, Any]) -> None:
        async with await aio.connect(**a, autocommit=True) as admin:
            await admin.execute(f"CREATE PROCEDURE {proc}() INSERT INTO {ten} VALUES (500, 0); "
                                "COMMIT WORK; END PROCEDURE")  # fmt: skip
            try:
                async with await aio.connect(**a) as conn:
                    await conn.execute(f"INSERT INTO {ten} VALUES (400, 0)")
                    assert conn.in_transaction
                    await conn.execute(f"EXECUTE PROCEDURE {proc}()")
                    assert not conn.in_transaction
                    await conn.commit()  # nothing open: no -255
                cur = await admin.execute(f"SELECT n FROM {ten} WHERE n >= 400 ORDER BY n")
                assert await cur.fetchall() == [(400,), (500,)]
            finally:
                await admin.execute(f"DROP PROCEDURE {proc}")

    run(body, args)


def test_cursor_survives_an_sql_error(args: dict[str, Any]) -> None:
    async def body(a: dict[str, Any]) -> None:
        async with await aio.connect(**a) as conn:
            cur = conn.cursor()
            with pytest.raises(informix_db.ProgrammingError) as err:
                await cur.execute("SELECT * FROM no_such_table")
            assert err.value.sqlcode == -206
            await cur.execute("SELECT tabname FROM systables WHERE tabid = 1")
            assert await cur.fetchall() == [("systables",)]
            await cur.close()
            with pytest.raises(informix_db.InterfaceError):
                await cur.execute("SELECT 1 FROM systables")

    run(body, args)


def test_executemany_scroll_and_row_factory(args: dict[str, Any], ten: str) -> None:
    async def body(a: dict[str, Any]) -> None:
        async with await aio.connect(**a) as conn:
            many = conn.cursor()
            await many.executemany(f"INSERT INTO {ten} VALUES (?, ?)", [(20, 1), (21, 2)])
            assert many.rowcount == 2
            cur = conn.cursor(scrollable=True)
            await cur.execute(f"SELECT n FROM {ten} WHERE n < 10 ORDER BY n")
            assert await cur.fetch_last() == (9,)
            assert await cur.fetch_prior() == (8,)
            assert await cur.fetch_first() == (0,)
            assert await cur.fetch_absolute(-2) == (8,)
            assert await cur.fetch_relative(-3) == (5,)
            await cur.scroll(2, "absolute")
            assert await cur.fetchmany(2) == [(2,), (3,)]
            with pytest.raises(IndexError):
                await cur.scroll(11, "absolute")
            forward = await conn.cursor(row_factory=dict_row).execute(
                f"SELECT n FROM {ten} WHERE n = 3"
            )
            assert await forward.fetchall() == [{"n": 3}]

    run(body, args)


def test_sqlalchemy_adapter_shape(args: dict[str, Any]) -> None:
    """What SQLAlchemy's AsyncAdapt_dbapi_connection/cursor call, awaited where it awaits."""

    async def body(a: dict[str, Any]) -> None:
        conn = await aio.connect(**a)
        cur = await conn.cursor().__aenter__()
        await cur.execute("SELECT tabid FROM systables WHERE tabid = ?", (1,))
        assert cur.description and cur.rowcount in (-1, 1) and cur.arraysize == 1
        assert await cur.fetchall() == [(1,)]
        await cur.setinputsizes([])
        assert await cur.nextset() is None
        cur.setoutputsize(10)
        await cur.close()
        await conn.commit()
        await conn.rollback()
        assert isinstance(await conn.server_version(), str)
        conn.terminate()  # what SQLAlchemy calls to drop a connection it cannot await
        assert conn.closed
        await asyncio.sleep(0)

    run(body, args)


def test_two_tasks_on_one_connection_are_serialised(args: dict[str, Any], ten: str) -> None:
    async def body(a: dict[str, Any]) -> None:
        async with await aio.connect(**a) as conn:

            async def worker(n: int) -> None:
                for _ in range(20):
                    cur = await conn.cursor().execute(f"SELECT sq FROM {ten} WHERE n = ?", (n,))
                    assert await cur.fetchall() == [(n * n,)]

            await asyncio.gather(worker(3), worker(7))

    run(body, args)


def test_session_helpers(args: dict[str, Any], ten: str) -> None:
    async def body(a: dict[str, Any]) -> None:
        async with await aio.connect(**a, lock_wait=5) as conn:
            await conn.set_isolation("committed read")
            await conn.set_lock_wait(None)
            await conn.execute(f"INSERT INTO {ten} VALUES (400, 0)")
            with pytest.raises(KeyError):
                async with conn.savepoint():
                    await conn.execute(f"INSERT INTO {ten} VALUES (401, 0)")
                    raise KeyError
            cur = await conn.execute(f"SELECT n FROM {ten} WHERE n >= 400")
            assert await cur.fetchall() == [(400,)]
            await conn.rollback()

    run(body, args)


SLOW = "SELECT IFX_SLEEP(5) FROM systables WHERE tabid = 1"  # the embedded server's sleep


def test_statement_timeout_and_cancel_interrupt_and_keep_the_connection(
    ifx_target: Any, args: dict[str, Any]
) -> None:
    if not ifx_target.embedded:
        pytest.skip("needs the embedded server's IFX_SLEEP")

    async def body(a: dict[str, Any]) -> None:
        async with await aio.connect(**a, statement_timeout=0.3) as conn:
            started = time.monotonic()
            with pytest.raises(informix_db.OperationalError, match="statement timeout") as err:
                await conn.execute(SLOW)
            assert err.value.sqlcode == -213 and time.monotonic() - started < 2
            cur = await conn.execute("SELECT tabid FROM systables WHERE tabid = 1")
            assert await cur.fetchall() == [(1,)] and not conn.broken
        async with await aio.connect(**a) as conn:
            running = asyncio.ensure_future(conn.execute(SLOW))
            await asyncio.sleep(0.2)
            conn.cancel()  # from another task
            with pytest.raises(informix_db.OperationalError) as err:
                await running
            assert err.value.sqlcode == -213
            cur = await conn.execute("SELECT tabid FROM systables WHERE tabid = 2")
            assert await cur.fetchall() == [(2,)]

    run(body, args)
