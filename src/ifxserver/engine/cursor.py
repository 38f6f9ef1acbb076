"""`ResultCursor`: rows of an open SELECT, decoded to the described types."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from informix_db.protocol.coltype import ColumnType

from .types.convert import ConvEnv, to_output
from .types.info import Family, family

if TYPE_CHECKING:
    from .session import Session

Decoder = Callable[[object], object]


class RawRows(Protocol):
    """Where a cursor's storage rows come from: a sqlite3 cursor or `IteratorRows`."""

    def fetchmany(self, size: int = ...) -> list[Any]: ...

    def fetchall(self) -> list[Any]: ...

    def close(self) -> None: ...


class IteratorRows:
    """Storage rows produced by Python (a routine's RETURN values), read like a cursor."""

    def __init__(self, rows: Iterator[tuple[object, ...]]) -> None:
        self._rows: Iterator[tuple[object, ...]] | None = rows

    def fetchmany(self, size: int = 1) -> list[Any]:
        if self._rows is None:
            return []
        return list(itertools.islice(self._rows, size))

    def fetchall(self) -> list[Any]:
        return [] if self._rows is None else list(self._rows)

    def close(self) -> None:
        self._rows = None


def _decoder(ct: ColumnType, env: ConvEnv) -> Decoder:
    """Per-column conversion; cheap paths when SQLite already holds the right class."""
    fam = family(ct)
    if fam is Family.CHAR:
        return lambda raw: raw if raw is None or isinstance(raw, str) else to_output(raw, ct, env)
    if fam is Family.FLOAT:
        return lambda raw: raw if raw is None or isinstance(raw, float) else to_output(raw, ct, env)
    return lambda raw: to_output(raw, ct, env)


class ResultCursor:
    def __init__(
        self,
        session: Session,
        cursor: RawRows,
        types: Sequence[ColumnType],
        scrollable: bool = False,
        with_rowid: bool = False,
    ) -> None:
        self._session = session
        self._cursor: RawRows | None = cursor
        self._decoders = [_decoder(ct, session.conv) for ct in types]
        # An update cursor's rows end with their rowid: kept here, never sent.
        self._with_rowid = with_rowid
        self._rowids: list[int] = []
        self.current_rowid: int | None = None  # of the last row fetched (WHERE CURRENT OF)
        self._scrollable = scrollable
        self._rows: list[tuple[object, ...]] | None = None
        self._offset = 0  # rows fetched before the result was materialised (hold)
        self.fetched = 0
        if scrollable:
            self._materialise()

    def _decode(self, row: Sequence[object]) -> tuple[object, ...]:
        return tuple(decode(raw) for decode, raw in zip(self._decoders, row, strict=False))

    def _read(self, count: int | None) -> list[tuple[object, ...]]:
        cursor = self._cursor
        if cursor is None:
            return []

        def read() -> list[tuple[object, ...]]:
            raw = cursor.fetchall() if count is None else cursor.fetchmany(count)
            if self._with_rowid:
                self._rowids.extend(row[-1] for row in raw)
            return [self._decode(row) for row in raw]

        rows = self._session.guard_fetch(read)
        if count is None or len(rows) < count:
            self._release()
        return rows

    def _materialise(self) -> list[tuple[object, ...]]:
        if self._rows is None:
            self._rows = self._read(None)
        return self._rows

    @property
    def scrollable(self) -> bool:
        return self._scrollable

    def hold(self) -> None:
        """Read the remaining rows now: the transaction that produced them is ending."""
        if self._rows is None:
            self._offset = self.fetched
            self._rows = self._read(None)

    def fetch(self, max_rows: int) -> list[tuple[object, ...]]:
        if max_rows <= 0:
            return []
        if self._rows is not None:
            start = self.fetched - self._offset
            rows = self._rows[start : start + max_rows]
        else:
            rows = self._read(max_rows)
        self.fetched += len(rows)
        if self._with_rowid:  # every row read is in _rowids, in order
            self.current_rowid = self._rowids[self.fetched - 1] if rows else None
        return rows

    def count(self) -> int:
        return len(self._materialise())

    def row_at(self, n: int) -> tuple[object, ...] | None:
        rows = self._materialise()
        if 1 <= n <= len(rows):
            return rows[n - 1]
        return None

    def _release(self) -> None:
        if self._cursor is not None:
            self._cursor.close()
            self._cursor = None

    def close(self) -> None:
        self._release()
        self._rows = None
