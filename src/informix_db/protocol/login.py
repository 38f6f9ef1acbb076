"""The login exchange: the only length-framed PDUs of SQLI (both sides).

Layouts: ../shared/docs/sqli-protocol.md §3.1-§3.5; the JDBC capture in
../shared/captures/jdbc-login-default.txt is the golden reference.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .buffer import Incomplete, ProtocolViolation, Reader, Writer
from .codes import CAP1_SQLI_316, Login, SLType

SL_HEADER = 6
MAX_LOGIN_PDU = 0x7FFF
SQLI_ATTRIBUTE = 0x3C  # PF_PROT_SQLI_0600
ASSOC_VERSION = 61
CONNECT_KIND_XCONNECT = 11

# Fixed-width fields of the request and the response (NUL padded).
APPL_TYPE = b"sqlexec"
SERVER_APPL_TYPE = b"srvinfx"
PROTOCOL_NAME = b"ol"
NETWORK_TYPE = b"tlitcp"


def _fixed(value: bytes, width: int) -> bytes:
    return value[:width].ljust(width, b"\0")


def _text(data: bytes) -> str:
    return data.rstrip(b"\0").decode("latin-1")


@dataclass
class LoginRequest:
    """What a client announces in its CONREQ."""

    user: str
    password: str | None = field(repr=False)
    server: str
    database: str | None = None
    env: list[tuple[str, str]] = field(default_factory=list)
    pid: int = 0
    thread_id: int = 0
    hostname: str = ""
    cwd: str = ""
    app_name: str = ""
    cap1: int = CAP1_SQLI_316
    cap2: int = 0
    cap3: int = 0
    float_format: str = "IEEEM"
    client_version: str = "9.280"
    client_serial: str = "RDS#R000000"
    applid: str = "sqli"
    connect_flags: int = 3


@dataclass
class LoginResponse:
    """What a server answers: accepted (CONACC) or rejected (CONREJ)."""

    accepted: bool
    version: str = ""
    serial: str = ""
    applid: str = ""
    cap1: int = 0
    cap2: int = 0
    cap3: int = 0
    sv_error: int = 0
    os_error: int = 0
    warnings: int = 0
    messages: list[tuple[int, str]] = field(default_factory=list)
    redirect: str | None = None

    @property
    def message(self) -> str:
        return self.messages[-1][1] if self.messages else ""


def pdu_length(buf: bytes | bytearray) -> int | None:
    """Total length of the login PDU at the start of `buf`, or None if unknown yet."""
    if len(buf) < 2:
        return None
    n = int.from_bytes(buf[:2], "big", signed=True)
    if n < SL_HEADER + 4 or n > MAX_LOGIN_PDU:
        raise ProtocolViolation(f"login PDU length {n} is not plausible")
    return n


def _frame(sl_type: int, body: bytes) -> bytes:
    total = SL_HEADER + len(body)
    if total > MAX_LOGIN_PDU:
        raise ValueError(f"login PDU of {total} bytes exceeds {MAX_LOGIN_PDU}")
    return total.to_bytes(2, "big") + bytes([sl_type, SQLI_ATTRIBUTE]) + b"\0\0" + body


def _enc(value: str, encoding: str) -> bytes:
    return value.encode(encoding)


# -- request ---------------------------------------------------------------


def build_request(req: LoginRequest, encoding: str = "latin-1") -> bytes:
    """The client's CONREQ, byte-compatible with IBM JDBC 4.50."""
    w = Writer()
    w.short(Login.ASSOC).short(Login.ASCBINARY).int(ASSOC_VERSION)
    w.nulstr(req.float_format.encode()).short(Login.ASCBPARMS)
    w.raw(_fixed(APPL_TYPE, 12))
    w.nulstr(req.client_version.encode()).nulstr(req.client_serial.encode())
    w.nulstr(req.applid.encode())
    w.int(req.cap1).int(req.cap2).int(req.cap3).short(1)
    w.nulstr(_enc(req.user, encoding))
    w.nulstr(None if req.password is None else _enc(req.password, encoding))
    w.raw(_fixed(PROTOCOL_NAME, 8)).int(ASSOC_VERSION).raw(_fixed(NETWORK_TYPE, 8)).int(1)
    w.short(Login.ASCINITREQ).short(CONNECT_KIND_XCONNECT).int(req.connect_flags)
    w.nulstr(_enc(req.server, encoding))
    w.nulstr(None if req.database is None else _enc(req.database, encoding))
    w.short(0).short(0).short(0).short(0)
    w.short(Login.ASCENV).short(len(req.env))
    for name, value in req.env:
        w.nulstr(_enc(name, encoding)).nulstr(_enc(value, encoding))
    w.short(Login.ASCPINFO).int(0).int(req.pid).int(req.thread_id)
    w.nulstr(_enc(req.hostname, encoding)).short(0).nulstr(_enc(req.cwd, encoding))
    app = _enc(req.app_name, encoding)
    w.short(Login.ASCMISC_60).short(4 + 4 + 2 + len(app) + 1).int(0).int(0).nulstr(app)
    w.short(Login.ASCEOT)
    return _frame(SLType.CONREQ, w.getvalue())


def _expect(r: Reader, marker: int) -> None:
    got = r.short()
    if got != marker:
        raise ProtocolViolation(f"login PDU: expected marker {marker}, got {got}")


def parse_request(pdu: bytes, encoding: str = "latin-1") -> LoginRequest:
    """Decode a CONREQ (server side). Raises ProtocolViolation on anything odd."""
    r = Reader(pdu, limit=MAX_LOGIN_PDU)
    try:
        return _parse_request(r, encoding)
    except Incomplete as exc:
        raise ProtocolViolation("login request ends early") from exc
    except UnicodeDecodeError as exc:
        raise ProtocolViolation(f"login request text is not {encoding}") from exc


def _parse_request(r: Reader, encoding: str) -> LoginRequest:
    r.short()
    if r.byte() != SLType.CONREQ:
        raise ProtocolViolation("not a connection request")
    r.skip(3)
    _expect(r, Login.ASSOC)
    _expect(r, Login.ASCBINARY)
    r.int()
    float_format = _text(r.nulstr())
    _expect(r, Login.ASCBPARMS)
    r.skip(12)
    version, serial, applid = (_text(r.nulstr()) for _ in range(3))
    cap1, cap2, cap3 = r.int(), r.int(), r.int()
    r.short()
    user = r.nulstr().decode(encoding)
    password = _optional_nulstr(r, encoding)
    r.skip(24)
    _expect(r, Login.ASCINITREQ)
    r.short()
    flags = r.int()
    server = r.nulstr().decode(encoding)
    database = _optional_nulstr(r, encoding)
    r.skip(8)
    req = LoginRequest(user, password, server, database, cap1=cap1, cap2=cap2, cap3=cap3)
    req.float_format, req.client_version, req.client_serial = float_format, version, serial
    req.applid, req.connect_flags = applid, flags
    _parse_sections(r, req, encoding)
    return req


def _optional_nulstr(r: Reader, encoding: str) -> str | None:
    """A login string where length 0 means absent (NULL), not empty."""
    if r.short() == 0:
        return None
    r.pos -= 2
    return r.nulstr().decode(encoding)


def _parse_sections(r: Reader, req: LoginRequest, encoding: str) -> None:
    """After the fixed part the body is a sequence of optional marked sections."""
    while True:
        marker = r.short()
        if marker == Login.ASCEOT:
            return
        if marker == Login.ASCENV:
            count = r.short()
            if count < 0:
                raise ProtocolViolation("negative environment count")
            req.env = [
                (r.nulstr().decode(encoding), r.nulstr().decode(encoding)) for _ in range(count)
            ]
        elif marker == Login.ASCPINFO:
            r.int()
            req.pid, req.thread_id = r.int(), r.int()
            req.hostname = r.nulstr().decode(encoding)
            r.short()
            req.cwd = r.nulstr().decode(encoding)
        elif marker == Login.ASCMISC_60:
            section = Reader(r.raw(r.length(r.short())), limit=MAX_LOGIN_PDU)
            section.skip(8)
            req.app_name = section.nulstr().decode(encoding, "replace")
        else:
            raise ProtocolViolation(f"login PDU: unknown section marker {marker}")


# -- response --------------------------------------------------------------


def _response(
    sl_type: int,
    *,
    version: str,
    serial: str,
    applid: str,
    user: str,
    cap1: int,
    sv_error: int,
    warnings: int,
    messages: list[tuple[int, str]],
) -> bytes:
    w = Writer()
    w.short(Login.ASSOC).short(Login.ASCBINARY).int(ASSOC_VERSION)
    w.nulstr(b"IEEEI").short(Login.ASCBPARMS).raw(_fixed(SERVER_APPL_TYPE, 12))
    w.nulstr(version.encode("latin-1")).nulstr(serial.encode("latin-1"))
    w.nulstr(applid.encode("latin-1"))
    w.int(cap1).int(0).int(0).short(1)
    w.nulstr(user.encode("latin-1", "replace") or None).short(0)
    w.raw(_fixed(PROTOCOL_NAME, 8)).int(ASSOC_VERSION).raw(_fixed(NETWORK_TYPE, 8)).int(1)
    w.short(Login.ASCINITRESP).short(CONNECT_KIND_XCONNECT).int(3)
    w.short(sv_error).short(0).short(warnings).short(len(messages))
    for code, text in messages:
        w.short(code).char2(text.encode("latin-1", "replace"))
    w.short(Login.ASCEOT)
    return _frame(sl_type, w.getvalue())


def build_accept(
    version: str, server_name: str, user: str, cap1: int = CAP1_SQLI_316, warnings: int = 0
) -> bytes:
    """CONACC. `version` must contain the word `Version` (JDBC splits on it)."""
    return _response(
        SLType.CONACC,
        version=version,
        serial="RDS#N000000",
        applid=server_name,
        user=user,
        cap1=cap1,
        sv_error=0,
        warnings=warnings,
        messages=[],
    )


def build_reject(sv_error: int, text: str, server_name: str = "", user: str = "") -> bytes:
    """CONREJ carrying `sv_error`; `text` fills the %s of the client's message."""
    return _response(
        SLType.CONREJ,
        version="",
        serial="RDS#N000000",
        applid=server_name,
        user=user,
        cap1=0,
        sv_error=sv_error,
        warnings=0,
        messages=[(0, text)],
    )


def parse_response(pdu: bytes) -> LoginResponse:
    """Decode CONACC/CONREJ/REDIRECT (client side)."""
    r = Reader(pdu, limit=MAX_LOGIN_PDU)
    try:
        return _parse_response(r)
    except Incomplete as exc:
        raise ProtocolViolation("login response ends early") from exc


def _parse_response(r: Reader) -> LoginResponse:
    r.short()
    sl_type = r.byte()
    if sl_type not in (SLType.CONACC, SLType.CONREJ, SLType.REDIRECT):
        raise ProtocolViolation(f"unexpected login response type {sl_type}")
    r.skip(3)
    _expect(r, Login.ASSOC)
    _expect(r, Login.ASCBINARY)
    r.skip(4)
    r.skip(r.length(r.short()))
    _expect(r, Login.ASCBPARMS)
    r.skip(12)
    version, serial, applid = (_text(r.raw(r.length(r.short()))) for _ in range(3))
    resp = LoginResponse(sl_type == SLType.CONACC, version, serial, applid)
    resp.cap1, resp.cap2, resp.cap3 = r.int(), r.int(), r.int()
    r.skip(2)
    r.skip(r.length(r.short()))
    r.skip(r.length(r.short()))
    r.skip(24)
    marker = r.short()
    if marker == Login.ASCINITRESP:
        r.skip(6)
        resp.sv_error, resp.os_error, resp.warnings = r.short(), r.short(), r.short()
        count = r.short()
        if count < 0:
            raise ProtocolViolation("negative message count in login response")
        for _ in range(count):
            code = r.short()
            if code < 0:
                break
            resp.messages.append((code, r.char2().decode("latin-1", "replace")))
    elif marker == Login.ASCDBLIST:
        r.short()
        resp.redirect = r.char2().decode("latin-1", "replace")
    elif marker != Login.ASCEOT:
        raise ProtocolViolation(f"unexpected marker {marker} in login response")
    if sl_type == SLType.CONREJ and resp.sv_error == 0:
        raise ProtocolViolation("connection rejected without an error code")
    return resp
