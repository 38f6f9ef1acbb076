"""Cancel, statement timeout and dead clients, seen from outside the session threads.

A session thread is blocked inside SQLite while a statement runs, so one
watchdog thread keeps an eye on every session socket with poll():

* urgent (TCP out-of-band) data: IBM JDBC's `Statement.cancel()` and query
  timeout send one urgent byte 0x42 (sqli-protocol.md §1.4). The byte is
  read with MSG_OOB (so it never enters the message stream: SO_OOBINLINE is
  off) and, if a statement is running, the session is interrupted; its reply
  becomes SQ_ERR -213. Urgent data while idle is read and ignored.
* the server-wide statement timeout: a statement (one request message) that
  runs longer is interrupted the same way, also -213.
* a client that hung up while its statement runs: interrupted too, so the
  session can roll back and free its locks at once.

TLS sessions cannot carry urgent data; only their timeouts are watched.
"""

from __future__ import annotations

import contextlib
import logging
import select
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Protocol

log = logging.getLogger("ifxserver.watchdog")

POLL_MS = 25
URGENT = select.POLLPRI
HANGUP = select.POLLHUP | select.POLLERR | getattr(select, "POLLRDHUP", 0)


class Interruptible(Protocol):
    def interrupt(self, reason: str) -> None: ...


@dataclass
class Activity:
    """What a session is doing, shared with the watchdog."""

    target: Interruptible
    sock: socket.socket
    peer: str
    urgent_data: bool = True  # False for TLS sockets, which cannot carry it
    hung_up: bool = False
    running: bool = False
    deadline: float | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def begin(self, timeout: float | None) -> None:
        with self.lock:
            self.running = True
            self.deadline = time.monotonic() + timeout if timeout else None

    def end(self) -> None:
        with self.lock:
            self.running = False
            self.deadline = None

    def interrupt_if_running(self, reason: str) -> bool:
        with self.lock:
            if not self.running:
                return False
            self.running = False  # one interrupt per statement
        self.target.interrupt(reason)
        return True


class Watchdog:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._watched: dict[int, Activity] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="ifxserver-watchdog", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(2.0)

    def watch(self, activity: Activity) -> None:
        with self._lock:
            self._watched[id(activity)] = activity

    def forget(self, activity: Activity) -> None:
        with self._lock:
            self._watched.pop(id(activity), None)

    # -- the loop ----------------------------------------------------------------------
    def _run(self) -> None:
        while not self._stop.is_set():
            with self._lock:
                watched = list(self._watched.values())
            try:
                self._poll(watched)
                self._check_deadlines(watched)
            except Exception:  # the watchdog must outlive any one session's trouble
                log.exception("watchdog iteration failed")
                time.sleep(POLL_MS / 1000)

    def _poll(self, watched: list[Activity]) -> None:
        poller = select.poll()
        by_fd: dict[int, Activity] = {}
        for activity in watched:
            fd = _fileno(activity.sock)
            events = (URGENT if activity.urgent_data else 0) | (0 if activity.hung_up else HANGUP)
            if fd >= 0 and events:
                by_fd[fd] = activity
                poller.register(fd, events)
        if not by_fd:
            self._stop.wait(POLL_MS / 1000)
            return
        for fd, events in poller.poll(POLL_MS):
            self._event(by_fd[fd], events)

    def _event(self, activity: Activity, events: int) -> None:
        if events & URGENT:
            self._urgent(activity)
        elif events & HANGUP:
            activity.hung_up = True  # the session thread sees EOF and cleans up
            if activity.interrupt_if_running("client gone"):
                log.info("session=%s event=client-gone-mid-statement", activity.peer)

    def _urgent(self, activity: Activity) -> None:
        with contextlib.suppress(OSError):
            activity.sock.recv(1, socket.MSG_OOB)
        if activity.interrupt_if_running("cancel"):
            log.info("session=%s event=cancel", activity.peer)

    @staticmethod
    def _check_deadlines(watched: list[Activity]) -> None:
        now = time.monotonic()
        for activity in watched:
            deadline = activity.deadline
            expired = deadline is not None and now >= deadline
            if expired and activity.interrupt_if_running("timeout"):
                log.info("session=%s event=statement-timeout", activity.peer)


def _fileno(sock: socket.socket) -> int:
    try:
        return sock.fileno()
    except OSError:
        return -1
