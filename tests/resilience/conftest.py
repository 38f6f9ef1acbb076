"""The `flavor` fixture: a test that takes it runs against the blocking driver and again
against the asyncio driver (see blocking.py). test_pool.py has its own, script-driven
flavours and overrides this fixture."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest


@pytest.fixture(params=["sync", "async"])
def flavor(request: pytest.FixtureRequest) -> Iterator[asyncio.AbstractEventLoop | None]:
    """None = the blocking driver, else the asyncio driver on this private event loop
    (connect with `blocking.connect(flavor, ...)`)."""
    if request.param == "sync":
        yield None
        return
    loop = asyncio.new_event_loop()
    try:
        yield loop
    finally:
        loop.run_until_complete(asyncio.sleep(0))  # let closed transports finish
        loop.close()
