"""Drive the asyncio driver from blocking test code, so one scenario runs both drivers.

`Blocking(obj, loop)` forwards attribute reads and writes to `obj`; calls that return an
awaitable are run to completion on `loop` (the test's private event loop), and async
cursors and context managers come back wrapped the same way. Nothing is emulated: every
byte still goes through `informix_db.aio`.
"""

from __future__ import annotations

import asyncio
import inspect
from typing import Any

import informix_db
from informix_db import aio
from informix_db.aio.cursor import AsyncCursor


def connect(flavor: asyncio.AbstractEventLoop | None, **args: Any) -> Any:
    """`informix_db.connect(**args)` (flavor None), or the asyncio driver's connection
    made on the loop `flavor` and wrapped in `Blocking`."""
    if flavor is None:
        return informix_db.connect(**args)
    return Blocking(flavor.run_until_complete(aio.connect(**args)), flavor)


class Blocking:
    def __init__(self, target: Any, loop: asyncio.AbstractEventLoop) -> None:
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_loop", loop)

    def _wrap(self, result: Any) -> Any:
        if isinstance(result, AsyncCursor):  # awaitable, but it is the cursor itself
            return Blocking(result, self._loop)
        if inspect.isawaitable(result):
            return self._wrap(self._loop.run_until_complete(result))
        if hasattr(result, "__aenter__") or hasattr(result, "_core"):
            return Blocking(result, self._loop)
        return result

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._target, name)
        if callable(value) and not isinstance(value, type):
            return lambda *args, **kwargs: self._wrap(value(*args, **kwargs))
        return value

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._target, name, value)

    def __enter__(self) -> Blocking:
        self._wrap(self._target.__aenter__())
        return self

    def __exit__(self, *exc_info: Any) -> Any:
        return self._wrap(self._target.__aexit__(*exc_info))
