"""Helpers for integration tests: unique scratch tables that are always dropped."""

from __future__ import annotations

import contextlib
import itertools
import os
from collections.abc import Callable, Iterator

import pytest

import informix_db

_seq = itertools.count()


@pytest.fixture(scope="module")
def conn(ifx_target) -> Iterator[informix_db.Connection]:  # type: ignore[no-untyped-def]
    """One autocommit connection shared by a module's tests."""
    c = ifx_target.connect(autocommit=True)
    yield c
    c.close()


@pytest.fixture
def make_table(ifx_target) -> Iterator[Callable[[str], str]]:  # type: ignore[no-untyped-def]
    """`make_table("(id INT, name VARCHAR(20))")` -> a fresh table name, dropped afterwards."""
    created: list[str] = []
    admin = ifx_target.connect(autocommit=True)

    def make(columns: str) -> str:
        name = f"t_{os.getpid()}_{next(_seq)}"
        admin.execute(f"CREATE TABLE {name} {columns}")
        created.append(name)
        return name

    try:
        yield make
    finally:
        for name in created:
            with contextlib.suppress(informix_db.Error):
                admin.execute(f"DROP TABLE {name}")
        admin.close()
