"""Adapters (Python value -> bindable value) and loaders (fetched value -> your type).

Three scopes, each falling back to the one above: the global map
(`informix_db.adapters`), `conn.adapters` and `cursor.adapters`.

    informix_db.register_adapter(uuid.UUID, str)            # bind UUIDs as text
    conn.adapters.register_loader("DECIMAL", float)         # DECIMAL columns as float
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from .protocol.codes import IfxType
from .protocol.coltype import ColumnType

Converter = Callable[[Any], Any]


class AdapterMap:
    def __init__(self, parent: AdapterMap | None = None) -> None:
        self.parent = parent
        self._adapters: dict[type, Converter] = {}
        self._loaders: dict[int | str, Converter] = {}

    def register_adapter(self, python_type: type, adapt: Converter) -> None:
        """Values of `python_type` (and subclasses) are passed through `adapt` before binding."""
        self._adapters[python_type] = adapt

    def register_loader(self, key: int | str, load: Converter) -> None:
        """Fetched non-NULL values of a type are passed through `load`.

        `key` is a type code (`IfxType.DECIMAL`), a type name (`"DECIMAL"`), or an
        extended type name (`"lvarchar"`, `"boolean"`)."""
        if isinstance(key, str):
            key = key.upper()
        self._loaders[key] = load

    @property
    def active(self) -> bool:
        return bool(self._adapters or self._loaders) or (
            self.parent is not None and self.parent.active
        )

    def adapter_for(self, python_type: type) -> Converter | None:
        for klass in python_type.__mro__:
            found = self._adapters.get(klass)
            if found is not None:
                return found
        return self.parent.adapter_for(python_type) if self.parent else None

    def adapt(self, value: Any) -> Any:
        adapt = self.adapter_for(type(value))
        return value if adapt is None else adapt(value)

    def loader_for(self, t: ColumnType) -> Converter | None:
        for key in _keys(t):
            found = self._loaders.get(key)
            if found is not None:
                return found
        return self.parent.loader_for(t) if self.parent else None

    def row_loader(
        self, types: Sequence[ColumnType]
    ) -> Callable[[tuple[Any, ...]], tuple[Any, ...]] | None:
        """One function converting whole rows, or None when no column has a loader."""
        loaders = [self.loader_for(t) for t in types]
        if not any(loaders):
            return None
        pairs = list(enumerate(loaders))

        def load(row: tuple[Any, ...]) -> tuple[Any, ...]:
            return tuple(
                value if fn is None or value is None else fn(value)
                for (_, fn), value in zip(pairs, row, strict=True)
            )

        return load


def _keys(t: ColumnType) -> list[int | str]:
    keys: list[int | str] = []
    if t.xname:
        keys.append(t.xname.upper())
    keys.append(t.code)
    keys.extend(_NAMES.get(t.code, ()))
    return keys


_NAMES: dict[int, tuple[str, ...]] = {code: (IfxType(code).name,) for code in IfxType}
_NAMES[IfxType.INT] = ("INT", "INTEGER")

adapters = AdapterMap()
register_adapter = adapters.register_adapter
register_loader = adapters.register_loader
