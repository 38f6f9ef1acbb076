"""Server accounts. Passwords are kept as salted PBKDF2 hashes, never in clear."""

from __future__ import annotations

import hashlib
import hmac
import os
import threading

ITERATIONS = 20_000
DEFAULT_USERS = {"informix": "in4mix"}


def _hash(password: str, salt: bytes) -> bytes:
    return hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, ITERATIONS)


class UserTable:
    def __init__(self, users: dict[str, str] | None = None) -> None:
        self._lock = threading.Lock()
        self._hashes: dict[str, tuple[bytes, bytes]] = {}
        for name, password in (DEFAULT_USERS if users is None else users).items():
            self.add(name, password)

    def add(self, name: str, password: str) -> None:
        salt = os.urandom(16)
        with self._lock:
            self._hashes[name] = (salt, _hash(password, salt))

    def __contains__(self, name: object) -> bool:
        return name in self._hashes

    def verify(self, name: str, password: str | None) -> bool:
        """Constant-time check; an unknown user costs the same as a wrong password."""
        with self._lock:
            salt, expected = self._hashes.get(name, (b"\0" * 16, b""))
        got = _hash(password or "", salt)
        return bool(expected) and password is not None and hmac.compare_digest(got, expected)


def parse_user(spec: str) -> tuple[str, str]:
    """`name:password` from the command line."""
    name, sep, password = spec.partition(":")
    if not sep or not name:
        raise ValueError(f"user must be given as name:password, not {spec!r}")
    return name, password
