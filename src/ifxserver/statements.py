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
from informix_db.protocol.values.scalars import BlobDescriptor, encode_text

from .engine import Prepared, ResultCursor, SqlError

TUPLE_OVERHEAD = 8  # tag, warning short, int size
MAX_SLOTS = 4096
# WHERE CURRENT OF failures (IBM's message catalog; which one a real server
# picks for an unknown name is unverified)
CURSOR_NOT_OPEN = -259
NO_CURRENT_CURSOR = -262
NO_CURRENT_ROW = -266
NOT_AN_UPDATE_CURSOR = -290
# "Illegal attempt to use a Text/Byte host variable" (IBM's catalog): our code for a
# BYTE/TEXT stream that does not match its parameters or an unknown descriptor (unverified)
BLOB_MISUSE = -609
BLOB_CODES = (IfxType.BYTE, IfxType.TEXT)
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


class BlobTable:
    """BYTE/TEXT values of the rows a cursor sent, by the handle in their descriptor.

    Rows hold only descriptors; the client fetches the values (SQ_FETCHBLOB)
    after a fetch and before the next one. Handles of the two latest fetches
    are kept, so memory stays bounded by what two fetches sent."""

    def __init__(self) -> None:
        self._current: dict[int, bytes] = {}
        self._previous: dict[int, bytes] = {}
        self._next_handle = 1

    def encoder(self, stmt_id: int, encoding: str) -> Encoder:
        null = BlobDescriptor.null().raw

        def encode(value: object) -> bytes:
            if value is None:
                return null
            if isinstance(value, str):
                data = encode_text(value, encoding)
            elif isinstance(value, (bytes, bytearray, memoryview)):
                data = bytes(value)
            else:
                raise SqlError(BLOB_MISUSE, text=f"{type(value).__name__} in a BYTE/TEXT column")
            handle = self._next_handle
            self._next_handle = handle % 0x7FFFFFFF + 1
            self._current[handle] = data
            return BlobDescriptor.build(len(data), _handle_bytes(handle, stmt_id)).raw

        return encode

    def next_fetch(self) -> None:
        self._previous, self._current = self._current, {}

    def value(self, descriptor: bytes, stmt_id: int) -> bytes:
        handle = int.from_bytes(descriptor[:4], "big")
        data = self._current.get(handle)
        if data is None:
            data = self._previous.get(handle)
        if data is None or descriptor[:8] != _handle_bytes(handle, stmt_id):
            raise SqlError(BLOB_MISUSE, text="no such BYTE/TEXT value in the open cursor")
        return data

    def clear(self) -> None:
        self._current.clear()
        self._previous.clear()


def _handle_bytes(handle: int, stmt_id: int) -> bytes:
    """Descriptor bytes 0-7: our value handle, then the statement that sent it."""
    return handle.to_bytes(4, "big") + stmt_id.to_bytes(4, "big")


class BlobStreams:
    """Receives the SQ_BBIND/SQ_BLOB streams that follow an SQ_BIND and puts each value
    in place of its parameter's descriptor (TEXT decoded with the session code set)."""

    def __init__(self) -> None:
        self._targets: deque[int] = deque()
        self._parts: list[bytes] = []
        self._received = 0

    def expect(self, params: list[BoundParam], count: int) -> None:
        targets = [i for i, p in enumerate(params) if isinstance(p.value, BlobDescriptor)]
        if count != len(targets):
            raise SqlError(
                BLOB_MISUSE, text=f"{count} BYTE/TEXT streams for {len(targets)} parameters"
            )
        self._targets = deque(targets)
        self._parts, self._received = [], 0

    def reset(self) -> None:
        """A new SQ_BIND: streams announced for the previous parameters are void."""
        self._targets.clear()
        self._parts, self._received = [], 0

    def chunk(self, params: list[BoundParam], data: bytes, encoding: str, limit: int) -> None:
        if not self._targets:
            raise SqlError(BLOB_MISUSE, text="SQ_BLOB data without a BYTE/TEXT parameter")
        index = self._targets[0]
        param = params[index]
        if not isinstance(param.value, BlobDescriptor):  # an SQ_BIND came in between
            raise SqlError(BLOB_MISUSE, text=f"parameter {index + 1} expects no BYTE/TEXT data")
        announced = param.value.size
        if data:
            self._received += len(data)
            if self._received > min(announced, limit):
                raise SqlError(BLOB_MISUSE, text=f"parameter {index + 1} exceeds {announced} bytes")
            self._parts.append(data)
            return
        if self._received != announced:
            raise SqlError(
                BLOB_MISUSE,
                text=f"parameter {index + 1}: {self._received} of {announced} bytes",
            )
        raw = b"".join(self._parts)
        value: object = raw.decode(encoding, "replace") if param.type == IfxType.TEXT else raw
        params[index] = BoundParam(param.type, param.prec, value)
        self._targets.popleft()
        self._parts, self._received = [], 0


def check_blobs_arrived(params: Sequence[BoundParam]) -> None:
    """EXECUTE/OPEN with a BYTE/TEXT parameter whose stream never came."""
    for i, p in enumerate(params, 1):
        if isinstance(p.value, BlobDescriptor):
            raise SqlError(BLOB_MISUSE, text=f"parameter {i} has no BYTE/TEXT data")


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
    blobs: BlobTable = field(default_factory=BlobTable)
    incoming: BlobStreams = field(default_factory=BlobStreams)
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
        if t.code in BLOB_CODES:
            return self.blobs.encoder(self.stmt_id, fmt.encoding)
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
        self.blobs.clear()
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
