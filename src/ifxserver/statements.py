"""Statement slots of one server session: ids, cursors, bound values, fetch packing.

Ids are handed out lowest-free-first (clients that always address statement 0
rely on reuse); a slot lives from PREPARE/COMMAND to RELEASE.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from informix_db.protocol.buffer import Writer
from informix_db.protocol.caps import Caps
from informix_db.protocol.codes import IfxType
from informix_db.protocol.coltype import VARCHAR_TYPES, ColumnType
from informix_db.protocol.messages.cursor import RetTypeColumn, write_tuple
from informix_db.protocol.values import column_encoder
from informix_db.protocol.values.binds import BoundParam

from .engine import Prepared, ResultCursor, SqlError

TUPLE_OVERHEAD = 8  # tag, warning short, int size
MAX_SLOTS = 4096
# WHERE CURRENT OF failures (IBM's message catalog; which one a real server
# picks for an unknown name is unverified)
CURSOR_NOT_OPEN = -259
NO_CURRENT_CURSOR = -262
NO_CURRENT_ROW = -266
NOT_AN_UPDATE_CURSOR = -290
Encoder = Callable[[object], bytes]


@dataclass(frozen=True)
class RowFormat:
    """How a session wants rows: its code set, and VARCHAR fixed at m+1 bytes or not.

    VARCHAR is length-prefixed only when variable-length VARCHAR (bit 13) is in
    effect and the client did not ask for padding (bit 40 + IFX_PAD_VARCHAR=1).
    """

    encoding: str
    pad_varchar: bool = False


def _padded(encode: Encoder, width: int) -> Encoder:
    return lambda value: encode(value).ljust(width, b"\0")


@dataclass
class Slot:
    stmt_id: int
    prepared: Prepared
    sql: str = ""
    cursor_name: str = ""
    params: list[BoundParam] = field(default_factory=list)
    ret_types: dict[int, int] = field(default_factory=dict)
    cursor: ResultCursor | None = None
    scroll_next: bool = False
    pending: deque[tuple[object, ...]] = field(default_factory=deque)
    exhausted: bool = False
    position: int = 0  # scroll cursors: 1-based current row, 0 before the first
    hold_next: bool = False
    hold: bool = False  # the open cursor survives COMMIT / ROLLBACK (WITH HOLD)
    _encoders: list[Encoder] | None = None
    _format: RowFormat | None = None

    def encoders(self, fmt: RowFormat) -> list[Encoder]:
        if self._encoders is None or self._format != fmt:
            self._encoders = [
                self._encoder(i, c.type, fmt) for i, c in enumerate(self.prepared.columns)
            ]
            self._format = fmt
        return self._encoders

    def _encoder(self, index: int, t: ColumnType, fmt: RowFormat) -> Encoder:
        encode = column_encoder(t, fmt.encoding, binary_bool=self._wants_binary_bool(index, t))
        if fmt.pad_varchar and t.code in VARCHAR_TYPES:
            return _padded(encode, t.row_width())
        return encode

    def _wants_binary_bool(self, index: int, t: ColumnType) -> bool:
        return t.is_boolean and self.ret_types.get(index) == IfxType.BOOL

    def set_ret_types(self, columns: Sequence[RetTypeColumn]) -> None:
        self.ret_types = {i: c.type for i, c in enumerate(columns)}
        self._encoders = None

    def close_cursor(self) -> None:
        if self.cursor is not None:
            self.cursor.close()
        self.cursor = None
        self.pending.clear()
        self.exhausted = False
        self.position = 0
        self.hold = False

    def encode_row(self, row: Sequence[object], fmt: RowFormat) -> bytes:
        encoders = self.encoders(fmt)
        try:
            return b"".join(enc(value) for enc, value in zip(encoders, row, strict=False))
        except ValueError as exc:
            raise SqlError(-1226 if "range" in str(exc) else -1213, text=str(exc)[:80]) from exc

    def fetch_into(self, w: Writer, budget: int, caps: Caps, fmt: RowFormat) -> int:
        """Pack rows as TUPLE messages until the client's buffer would overflow.

        An update cursor sends one row per fetch, as Informix does: the row the
        client holds is the cursor's current row (WHERE CURRENT OF)."""
        assert self.cursor is not None
        one_row = self.prepared.for_update
        used = sent = 0
        while not (one_row and sent):
            if not self.pending:
                if self.exhausted:
                    break
                chunk = self.cursor.fetch(1 if one_row else max(1, budget // 64))
                if not chunk:
                    self.exhausted = True
                    break
                self.pending.extend(chunk)
            payload = self.encode_row(self.pending[0], fmt)
            size = TUPLE_OVERHEAD + len(payload) + (len(payload) & 1)
            if sent and used + size > budget:
                break
            self.pending.popleft()
            write_tuple(w, payload, caps)
            used += size
            sent += 1
        return sent


class SlotTable:
    def __init__(self) -> None:
        self._slots: dict[int, Slot] = {}

    def allocate(self, prepared: Prepared, sql: str = "") -> Slot:
        if len(self._slots) >= MAX_SLOTS:
            raise SqlError(-208, text="too many open statements")
        stmt_id = next(i for i in range(MAX_SLOTS + 1) if i not in self._slots)
        slot = Slot(stmt_id, prepared, sql)
        self._slots[stmt_id] = slot
        return slot

    def get(self, stmt_id: int) -> Slot:
        slot = self._slots.get(stmt_id)
        if slot is None:
            raise SqlError(-267, text=str(stmt_id))
        return slot

    def release(self, slot: Slot) -> None:
        slot.close_cursor()
        slot.prepared.release()
        self._slots.pop(slot.stmt_id, None)

    def current_row(self, name: str) -> int:
        """Rowid of the named update cursor's current row (UPDATE/DELETE WHERE CURRENT OF)."""
        wanted = name.lower()
        slot = next((s for s in self._slots.values() if s.cursor_name.lower() == wanted), None)
        if slot is None:
            raise SqlError(NO_CURRENT_CURSOR, text=name)
        if slot.cursor is None:
            raise SqlError(CURSOR_NOT_OPEN, text=name)
        if not slot.prepared.for_update:
            raise SqlError(NOT_AN_UPDATE_CURSOR, text=name)
        if slot.cursor.current_rowid is None or slot.pending:
            raise SqlError(NO_CURRENT_ROW, text=name)
        return slot.cursor.current_rowid

    def cursor_name_taken(self, name: str, by: Slot) -> bool:
        return any(s.cursor_name == name and s is not by for s in self._slots.values())

    def end_of_transaction(self) -> None:
        """COMMIT/ROLLBACK: cursors close, except WITH HOLD ones (read to the end first)."""
        for slot in self._slots.values():
            if slot.cursor is None:
                continue
            if slot.hold:
                slot.cursor.hold()
            else:
                slot.close_cursor()

    def close_all(self) -> None:
        for slot in list(self._slots.values()):
            self.release(slot)
