"""Login PDUs against the bytes IBM JDBC 4.50 really sends (tests/data/captures)."""

from __future__ import annotations

from pathlib import Path

import pytest

from informix_db.protocol.buffer import ProtocolViolation
from informix_db.protocol.login import (
    LoginRequest,
    build_accept,
    build_reject,
    build_request,
    parse_request,
    parse_response,
    pdu_length,
)

pytestmark = pytest.mark.unit

CAPTURES = Path(__file__).parent.parent / "data" / "captures"
JDBC_APP = "Thread[id:1, name:main, path:<jar-path>" + "." * 30 + "]"


def capture(name: str) -> bytes:
    return bytes.fromhex((CAPTURES / f"{name}.hex").read_text().strip())


def test_parse_jdbc_default_login_field_by_field() -> None:
    req = parse_request(capture("jdbc-login-default"))
    assert req.user == "informix"
    assert req.password == "in4mix"
    assert req.server == "informix"
    assert req.database is None
    assert req.cap1 == 316 and req.cap2 == 0 and req.cap3 == 0
    assert req.float_format == "IEEEM"
    assert req.client_version == "9.280"
    assert req.client_serial == "RDS#R000000"
    assert req.applid == "sqli"
    assert req.connect_flags == 3
    assert req.env == [
        ("DBPATH", "."),
        ("CLIENT_LOCALE", "en_US.8859-1"),
        ("CLNT_PAM_CAPABLE", "1"),
        ("DBDATE", "Y4MD-"),
        ("IFX_UPDDESC", "1"),
        ("NODEFDAC", "no"),
    ]
    assert req.pid == 18813
    assert req.thread_id == 1
    assert req.hostname == "xx"
    assert req.cwd == "<cwd>..."


def test_build_reproduces_jdbc_login_byte_for_byte() -> None:
    golden = capture("jdbc-login-default")
    req = LoginRequest(
        user="informix",
        password="in4mix",
        server="informix",
        env=parse_request(golden).env,
        pid=18813,
        thread_id=1,
        hostname="xx",
        cwd="<cwd>...",
        app_name=JDBC_APP,
    )
    assert build_request(req) == golden
    assert pdu_length(golden) == len(golden) == 393


@pytest.mark.parametrize("name", ["jdbc-login-utf8", "jdbc-login-other", "peer-login-default"])
def test_other_captures_round_trip(name: str) -> None:
    golden = capture(name)
    req = parse_request(golden)
    assert build_request(req) == golden


def test_other_capture_fields() -> None:
    req = parse_request(capture("jdbc-login-other"))
    assert (req.user, req.password, req.server) == ("appuser", "S3cret-pw!", "ol_other")
    utf8 = dict(parse_request(capture("jdbc-login-utf8")).env)
    assert utf8["CLIENT_LOCALE"] == "en_US.utf8" and utf8["DB_LOCALE"] == "en_US.utf8"
    assert "DBDATE" not in utf8


def test_missing_password_is_sent_as_null_and_read_back() -> None:
    pdu = build_request(LoginRequest(user="u", password=None, server="s"))
    assert parse_request(pdu).password is None
    empty = build_request(LoginRequest(user="u", password="", server="s"))
    assert parse_request(empty).password == ""


# sqli-protocol.md §3.4.3: the 179-byte CONACC that JDBC accepted (server ol_ifx).
DOC_ACCEPT = bytes.fromhex(
    "00b3023c0000006400650000003d0006494545454900006c737276696e66780000000000003149424d20496e"
    "666f726d69782044796e616d6963205365727665722056657273696f6e20392e35392e464337573144450000"
    "0c524453234e3030303030300000076f6c5f696678000000013c000000000000000000010009696e666f726d"
    "69780000006f6c0000000000000000003d746c697463700000000000010066000b0000000300000000000000"
    "00007f"
)


def test_accept_matches_documented_example() -> None:
    built = build_accept("IBM Informix Dynamic Server Version 9.59.FC7W1DE", "ol_ifx", "informix")
    assert built == DOC_ACCEPT
    resp = parse_response(built)
    assert resp.accepted
    assert resp.version == "IBM Informix Dynamic Server Version 9.59.FC7W1DE"
    assert resp.applid == "ol_ifx"
    assert (resp.cap1, resp.cap2, resp.cap3) == (316, 0, 0)
    assert resp.sv_error == 0


def test_reject_carries_code_and_text() -> None:
    pdu = build_reject(-951, "baduser", "ol_ifx", "baduser")
    resp = parse_response(pdu)
    assert not resp.accepted
    assert resp.sv_error == -951
    assert resp.message == "baduser"
    # The documented CONREJ tail (§3.5) from the SQ_ASCINITRESP marker on.
    tail = bytes.fromhex("0066000b00000003fc49000000000001000000076261647573657200007f")
    assert pdu.endswith(tail)


@pytest.mark.parametrize(
    "pdu",
    [
        b"\x00\x05\x01",
        b"\x7f\xff" + b"\0" * 10,
        bytes.fromhex("000c07 3c0000006400650000".replace(" ", "")),
        b"HTTP/1.0 400 Bad Request\r\n",
    ],
)
def test_garbage_responses_are_protocol_violations(pdu: bytes) -> None:
    with pytest.raises(ProtocolViolation):
        n = pdu_length(pdu)
        parse_response(pdu[: n or len(pdu)])


def test_truncated_request_is_a_protocol_violation() -> None:
    golden = capture("jdbc-login-default")
    for cut in (10, 60, 200, 390):
        with pytest.raises(ProtocolViolation):
            parse_request(golden[:cut])


def test_reject_without_error_code_is_refused() -> None:
    pdu = bytearray(build_reject(-951, "x"))
    marker = pdu.index(bytes.fromhex("fc49"))
    pdu[marker : marker + 2] = b"\0\0"
    with pytest.raises(ProtocolViolation):
        parse_response(bytes(pdu))
