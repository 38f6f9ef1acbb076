"""Row factories: plain tuples (default), `Row`, dicts or namedtuples.

A row factory is called once per result with the column names and returns
the function that builds each row, so the per-row cost stays one call.
"""

from __future__ import annotations

import collections
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

RowMaker = Callable[[tuple[Any, ...]], Any]


class Row(tuple):  # type: ignore[type-arg]
    """A tuple that also answers `row["name"]` and `row.name` (first match wins)."""

    __slots__ = ()
    _fields: tuple[str, ...] = ()
    _index: dict[str, int] = {}

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            try:
                return tuple.__getitem__(self, self._index[key])
            except KeyError:
                raise KeyError(f"no column named {key!r}; columns: {self._fields}") from None
        return tuple.__getitem__(self, key)

    def __getattr__(self, name: str) -> Any:
        index = type(self)._index.get(name)
        if index is None:
            raise AttributeError(f"no column named {name!r}; columns: {self._fields}")
        return tuple.__getitem__(self, index)

    def keys(self) -> tuple[str, ...]:
        return self._fields

    def _asdict(self) -> dict[str, Any]:
        return dict(zip(self._fields, self, strict=True))

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_row, (self._fields, tuple(self)))

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={v!r}" for k, v in zip(self._fields, self, strict=True))
        return f"Row({inner})"


@lru_cache(maxsize=256)
def row_class(fields: tuple[str, ...], base: type[Row] = Row) -> type[Row]:
    index: dict[str, int] = {}
    for i, name in enumerate(fields):
        index.setdefault(name, i)
    return type("Row", (base,), {"__slots__": (), "_fields": fields, "_index": index})


def _rebuild_row(fields: tuple[str, ...], values: tuple[Any, ...]) -> Row:
    return row_class(fields)(values)


def row_factory_of(factory: Any) -> Callable[[Sequence[str]], RowMaker] | None:
    """Accept `Row` (or a subclass) as well as ordinary factories."""
    if isinstance(factory, type) and issubclass(factory, Row):
        return lambda names: row_class(tuple(names), factory)
    return factory  # type: ignore[no-any-return]


def tuple_row(names: Sequence[str]) -> RowMaker:
    return tuple


def dict_row(names: Sequence[str]) -> RowMaker:
    keys = list(names)
    return lambda values: dict(zip(keys, values, strict=True))


def namedtuple_row(names: Sequence[str]) -> RowMaker:
    cls = collections.namedtuple("Row", list(names), rename=True)  # type: ignore[misc]
    make: RowMaker = cls._make
    return make
