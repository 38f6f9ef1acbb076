"""Accept loop: one thread per client session, bounded everywhere, clean stop."""

from __future__ import annotations

import contextlib
import logging
import socket
import ssl
import threading

from informix_db.protocol.login import build_reject

from .engine import Instance
from .session import ServerConfig, ServerSession
from .watchdog import Watchdog

log = logging.getLogger("ifxserver")

ACCEPT_POLL = 0.2
REFUSE_TIMEOUT = 2.0
KEEPALIVE_IDLE, KEEPALIVE_INTERVAL, KEEPALIVE_PROBES = 60, 10, 3
TOO_MANY_SESSIONS = -930  # "cannot connect to the database server"


class Listener:
    def __init__(
        self,
        instance: Instance,
        config: ServerConfig,
        host: str = "127.0.0.1",
        port: int = 0,
        tls: ssl.SSLContext | None = None,
        max_sessions: int = 256,
    ) -> None:
        self.instance = instance
        self.config = config
        self.tls = tls
        self.max_sessions = max_sessions
        self._sock = socket.create_server((host, port), reuse_port=False)
        self._sock.settimeout(ACCEPT_POLL)
        self.host, self.port = self._sock.getsockname()[:2]
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._sessions: dict[int, tuple[socket.socket, threading.Thread]] = {}
        self._thread = threading.Thread(target=self._accept_loop, name="ifxserver-accept",
                                        daemon=True)  # fmt: skip
        self.watchdog = Watchdog()
        config.watchdog = self.watchdog

    @property
    def session_count(self) -> int:
        with self._lock:
            return len(self._sessions)

    def start(self) -> None:
        self.watchdog.start()
        self._thread.start()

    def _accept_loop(self) -> None:
        while not self._stop.is_set():
            try:
                conn, addr = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                if self._stop.is_set():
                    return
                log.exception("accept failed")
                continue
            self._admit(conn, f"{addr[0]}:{addr[1]}")

    def _admit(self, conn: socket.socket, peer: str) -> None:
        conn.settimeout(self.config.login_timeout)
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        _keepalive(conn)
        if self.session_count >= self.max_sessions:
            log.warning("session=%s event=refused sessions=%d", peer, self.max_sessions)
            _refuse(conn, self.config.server_name)
            return
        thread = threading.Thread(
            target=self._serve, args=(conn, peer), name=f"ifxserver-{peer}", daemon=True
        )
        with self._lock:
            self._sessions[id(conn)] = (conn, thread)
        thread.start()

    def _serve(self, conn: socket.socket, peer: str) -> None:
        key = id(conn)
        try:
            if self.tls is not None:
                conn = self.tls.wrap_socket(conn, server_side=True)
            ServerSession(conn, self.instance, self.config, peer).run()
        except (OSError, ssl.SSLError) as exc:
            log.info("session=%s event=failed-before-login detail=%r", peer, str(exc))
            conn.close()
        except Exception:
            log.exception("session=%s event=crashed", peer)
            conn.close()
        finally:
            with self._lock:
                self._sessions.pop(key, None)

    def stop(self, timeout: float = 5.0) -> None:
        """Stop accepting, end every session, wait for the threads (bounded)."""
        self._stop.set()
        self._sock.close()
        with self._lock:
            sessions = list(self._sessions.values())
        for conn, _ in sessions:
            _shutdown(conn)
        self._thread.join(timeout)
        for _, thread in sessions:
            thread.join(timeout)
        self.watchdog.stop()


def _refuse(conn: socket.socket, server_name: str) -> None:
    try:
        conn.settimeout(REFUSE_TIMEOUT)  # the accept loop waits for this login packet
        conn.recv(4096)
        conn.sendall(build_reject(TOO_MANY_SESSIONS, server_name, server_name))
    except OSError:
        pass
    finally:
        conn.close()


def _keepalive(conn: socket.socket) -> None:
    """Notice clients that vanish without a FIN or RST (their locks must be freed)."""
    with contextlib.suppress(OSError, AttributeError):
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, KEEPALIVE_IDLE)
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, KEEPALIVE_INTERVAL)
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT, KEEPALIVE_PROBES)


def _shutdown(conn: socket.socket) -> None:
    with contextlib.suppress(OSError):
        conn.shutdown(socket.SHUT_RDWR)
