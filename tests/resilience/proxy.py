"""A fault-injecting TCP proxy for resilience tests (threads, 127.0.0.1 only).

It sits between a client and a server and pumps bytes both ways, until told
to misbehave::

    with FaultProxy(server_host, server_port) as proxy:
        conn = informix_db.connect(host="127.0.0.1", port=proxy.port, ...)
        proxy.kill()        # TCP RST to both sides of every live connection
        proxy.black_hole()  # stop forwarding; every socket stays open (read timeouts)
        proxy.resume()      # forward again
        proxy.cut_after(100, TO_CLIENT)  # new connections: forward 100 bytes that way, then RST

API (kept stable: other test modules and benchmarks/soak.py rely on it):

- `FaultProxy(host, port, *, record=False)`; listens on 127.0.0.1, ephemeral `port`.
- `kill(number=None) -> int`: RST (SO_LINGER on, linger 0, then close) on both sides of
  every live connection, or only of connection `number`; returns how many were killed.
  Connections accepted later are forwarded normally. The reset reaches the peer's socket
  asynchronously (within milliseconds on loopback): a readiness probe right after kill()
  may still see a healthy idle socket, while the next read or write fails.
- `black_hole()` / `resume()`: silent mode for live and new connections: nothing is read or
  forwarded, no close and no RST; `resume()` lets the queued bytes flow again.
- `cut_after(nbytes, direction)`: for connections accepted from now on, forward exactly
  `nbytes` in `direction` (TO_CLIENT or TO_SERVER), then RST both sides;
  `cut_after(None, direction)` disarms.
- `accepted` (connections so far), `live` (numbers of connections still open).
- With `record=True`, `chunks` lists every forwarded `Chunk(number, direction, data)` in
  order, and `stream(direction, number)` joins one direction of one connection. A chunk is
  noted just after it was sent, so the peer may see it first: read the recording after
  `close()` (it stays available), which waits for every pump thread.
- `close()` (also the context manager's exit): stop listening, RST whatever is still open,
  end every thread (bounded joins; RuntimeError if one does not end).

Every loop polls at most POLL seconds before looking at the stop and kill flags, and every
send gives up once its connection is killed, so no thread outlives `close()`.
"""

from __future__ import annotations

import contextlib
import select
import socket
import struct
import threading
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType

TO_SERVER = "to_server"
TO_CLIENT = "to_client"
POLL = 0.05  # seconds any wait lasts before flags are checked again
RECV_SIZE = 64 * 1024
JOIN_TIMEOUT = 5.0
UPSTREAM_TIMEOUT = 5.0
_LINGER_RST = struct.pack("ii", 1, 0)  # linger on, 0 s: close() sends RST


@dataclass(frozen=True)
class Chunk:
    number: int  # which connection (0 = the first accepted)
    direction: str
    data: bytes


def _reset(sock: socket.socket) -> None:
    """Abortive close: the peer sees a TCP RST, not a FIN."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, _LINGER_RST)
    with contextlib.suppress(OSError):
        sock.close()


class _Pair:
    """One proxied connection: the client-facing and the server-facing socket."""

    def __init__(
        self, number: int, client: socket.socket, server: socket.socket, cuts: dict[str, int]
    ) -> None:
        self.number = number
        self.lock = threading.Lock()
        self.dead = False
        self.cuts = dict(cuts)
        self.sent = {TO_SERVER: 0, TO_CLIENT: 0}
        self.sockets = {TO_SERVER: server, TO_CLIENT: client}  # keyed by where bytes go
        self.eof: set[str] = set()  # directions whose sender has finished

    def abort(self) -> bool:
        with self.lock:
            return self.abort_locked()

    def abort_locked(self) -> bool:
        if self.dead:
            return False
        self.dead = True
        for sock in self.sockets.values():
            _reset(sock)
        return True

    def finish_locked(self) -> None:
        """Both directions ended normally: plain close (FIN)."""
        self.dead = True
        for sock in self.sockets.values():
            with contextlib.suppress(OSError):
                sock.close()


class FaultProxy:
    """See the module docstring."""

    def __init__(self, host: str, port: int, *, record: bool = False) -> None:
        self.upstream = (host, port)
        self.record = record
        self.chunks: list[Chunk] = []
        self.accepted = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._silent = threading.Event()
        self._cuts: dict[str, int] = {}
        self._pairs: dict[int, _Pair] = {}
        self._threads: list[threading.Thread] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(POLL)
        self.port: int = self._listener.getsockname()[1]
        self._start(self._accept_loop, "fault-proxy-accept")

    # -- controls ------------------------------------------------------------------
    def kill(self, number: int | None = None) -> int:
        with self._lock:
            pairs = [p for n, p in self._pairs.items() if number is None or n == number]
        return sum(pair.abort() for pair in pairs)

    def black_hole(self) -> None:
        self._silent.set()

    def resume(self) -> None:
        self._silent.clear()

    def cut_after(self, nbytes: int | None, direction: str) -> None:
        if direction not in (TO_SERVER, TO_CLIENT):
            raise ValueError(f"direction must be {TO_SERVER!r} or {TO_CLIENT!r}")
        with self._lock:
            if nbytes is None:
                self._cuts.pop(direction, None)
            else:
                self._cuts[direction] = nbytes

    @property
    def live(self) -> list[int]:
        with self._lock:
            return [n for n, p in self._pairs.items() if not p.dead]

    def stream(self, direction: str, number: int = 0) -> bytes:
        with self._lock:
            return b"".join(
                c.data for c in self.chunks if c.direction == direction and c.number == number
            )

    def close(self) -> None:
        self._stop.set()
        with contextlib.suppress(OSError):
            self._listener.close()
        self.kill()
        with self._lock:
            threads = list(self._threads)
        for thread in threads:
            thread.join(JOIN_TIMEOUT)
        stuck = [t.name for t in threads if t.is_alive()]
        if stuck:
            raise RuntimeError(f"fault proxy threads did not end: {stuck}")

    def __enter__(self) -> FaultProxy:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- threads ---------------------------------------------------------------------
    def _start(self, target: Callable[..., None], name: str, *args: object) -> None:
        thread = threading.Thread(target=target, args=args, name=name, daemon=True)
        with self._lock:  # finished threads are dropped so long soak runs stay small
            self._threads = [t for t in self._threads if t.is_alive()]
            self._threads.append(thread)
        thread.start()

    def _accept_loop(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return  # the listener was closed
            self._admit(client)

    def _admit(self, client: socket.socket) -> None:
        try:
            server = socket.create_connection(self.upstream, timeout=UPSTREAM_TIMEOUT)
        except OSError:
            _reset(client)
            return
        for sock in (client, server):
            sock.settimeout(POLL)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self._lock:
            number = self.accepted
            self.accepted += 1
            pair = _Pair(number, client, server, self._cuts)
            self._pairs[number] = pair
        if self._stop.is_set():
            pair.abort()
            return
        self._start(self._pump, f"fault-proxy-{number}", pair)

    def _pump(self, pair: _Pair) -> None:
        """Move bytes both ways until both sides finished, the pair is killed or we stop."""
        sources = {TO_SERVER: pair.sockets[TO_CLIENT], TO_CLIENT: pair.sockets[TO_SERVER]}
        while not (self._stop.is_set() or pair.dead):
            if self._silent.is_set():
                self._stop.wait(POLL)
                continue
            waiting = [s for d, s in sources.items() if d not in pair.eof]
            try:
                readable, _, _ = select.select(waiting, [], [], POLL)
            except (OSError, ValueError):
                break  # a socket was closed under us by kill()
            for direction, sock in sources.items():
                if sock in readable and not self._move(pair, direction, sock):
                    break
        pair.abort()
        with self._lock:
            self._pairs.pop(pair.number, None)

    def _move(self, pair: _Pair, direction: str, source: socket.socket) -> bool:
        """Forward one read in `direction`; False when the pair is finished."""
        with pair.lock:
            if pair.dead:
                return False
            try:
                data = source.recv(RECV_SIZE)
            except TimeoutError:
                return True
            except OSError:
                pair.abort_locked()
                return False
            if not data:
                return self._half_close_locked(pair, direction)
        limit = pair.cuts.get(direction)
        if limit is not None:
            data = data[: max(limit - pair.sent[direction], 0)]
        delivered = self._send(pair, direction, data)
        if limit is not None and pair.sent[direction] >= limit:
            pair.abort()
            return False
        return delivered

    def _half_close_locked(self, pair: _Pair, direction: str) -> bool:
        """The sender finished: pass the FIN on; close once both directions finished."""
        pair.eof.add(direction)
        with contextlib.suppress(OSError):
            pair.sockets[direction].shutdown(socket.SHUT_WR)
        if len(pair.eof) == 2:
            pair.finish_locked()
            return False
        return True

    def _send(self, pair: _Pair, direction: str, data: bytes) -> bool:
        view = memoryview(data)
        while view:
            with pair.lock:
                if pair.dead or self._stop.is_set():
                    return False
                try:
                    n = pair.sockets[direction].send(view)
                except TimeoutError:
                    continue
                except OSError:
                    pair.abort_locked()
                    return False
                self._note(pair, direction, bytes(view[:n]))
            view = view[n:]
        return True

    def _note(self, pair: _Pair, direction: str, data: bytes) -> None:
        pair.sent[direction] += len(data)
        if self.record:
            with self._lock:
                self.chunks.append(Chunk(pair.number, direction, data))
