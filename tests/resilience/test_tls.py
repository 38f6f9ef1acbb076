"""TLS: secure by default, explicit and noisy when not.

A throw-away CA, a server certificate it signed (localhost, 127.0.0.1) and a
self-signed certificate are made at test time with the `openssl` command line
tool; embedded servers listen with them on 127.0.0.1. The tests against those
listeners run with both drivers.
"""

from __future__ import annotations

import asyncio
import shutil
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import ifxserver
import informix_db
from informix_db.options import ConnectOptions, InsecureTLSWarning, build_options

from . import blocking

pytestmark = pytest.mark.resilience

Flavor = asyncio.AbstractEventLoop | None  # the `flavor` fixture: None = blocking driver
FAST = 1.0  # seconds within which every refused TLS set-up must fail
QUERY = "SELECT FIRST 1 tabid FROM systables"


@dataclass(frozen=True)
class Pki:
    ca: Path
    cert: Path  # signed by `ca` for localhost and 127.0.0.1
    key: Path
    self_signed: Path
    self_signed_key: Path


def openssl(*args: str | Path) -> None:
    subprocess.run(["openssl", *map(str, args)], check=True, capture_output=True, timeout=30)


def make_pki(d: Path) -> Pki:
    if shutil.which("openssl") is None:
        pytest.fail("the TLS tests need the openssl command line tool")
    ec = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes")
    openssl("req", "-x509", *ec, "-keyout", d / "ca.key", "-out", d / "ca.pem", "-days", "2",
            "-subj", "/CN=informix-wire throw-away test CA",
            "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign")  # fmt: skip
    openssl("req", *ec, "-keyout", d / "server.key", "-out", d / "server.csr",
            "-subj", "/CN=localhost")  # fmt: skip
    (d / "ext.cnf").write_text(
        "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=critical,CA:FALSE\n"
        "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n"
        "authorityKeyIdentifier=keyid\nsubjectKeyIdentifier=hash\n"
    )
    openssl("x509", "-req", "-in", d / "server.csr", "-CA", d / "ca.pem", "-CAkey", d / "ca.key",
            "-CAcreateserial", "-out", d / "server.pem", "-days", "2",
            "-extfile", d / "ext.cnf")  # fmt: skip
    openssl("req", "-x509", *ec, "-keyout", d / "self.key", "-out", d / "self.pem", "-days", "2",
            "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1")  # fmt: skip
    return Pki(d / "ca.pem", d / "server.pem", d / "server.key", d / "self.pem", d / "self.key")


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="module")
def tls_server(pki: Pki) -> Iterator[ifxserver.Server]:
    with ifxserver.start(tls_cert=str(pki.cert), tls_key=str(pki.key)) as server:
        yield server


@pytest.fixture(scope="module")
def self_signed_server(pki: Pki) -> Iterator[ifxserver.Server]:
    with ifxserver.start(tls_cert=str(pki.self_signed), tls_key=str(pki.self_signed_key)) as s:
        yield s


@pytest.fixture(scope="module")
def plain_server() -> Iterator[ifxserver.Server]:
    with ifxserver.start() as server:
        yield server


def connect(server: ifxserver.Server, flavor: Flavor, **options: Any) -> Any:
    options.setdefault("connect_timeout", 10)
    options.setdefault("read_timeout", 10)
    return blocking.connect(flavor, **server.connect_args("sysmaster", **options))


def refused(server: ifxserver.Server, flavor: Flavor, match: str, **options: Any) -> None:
    """Connecting fails with OperationalError quickly."""
    start = time.monotonic()
    with pytest.raises(informix_db.OperationalError, match=match):
        connect(server, flavor, **options)
    assert time.monotonic() - start < FAST


def tls_version(conn: Any) -> str | None:
    """The TLS version in use under either driver's transport (None: plaintext)."""
    raw = conn._sock._sock
    if isinstance(raw, ssl.SSLSocket):
        return raw.version()
    ssl_object = getattr(conn._sock, "_writer", None) and conn._sock._writer.get_extra_info(
        "ssl_object"
    )
    return ssl_object.version() if ssl_object is not None else None


# -- what the options mean ------------------------------------------------------------


def test_tls_true_verifies_certificate_and_host_name() -> None:
    ctx = ConnectOptions(user="u", tls=True).ssl_context()
    assert ctx is not None
    assert ctx.verify_mode == ssl.CERT_REQUIRED and ctx.check_hostname
    assert ctx.minimum_version >= ssl.TLSVersion.TLSv1_2


def test_no_tls_unless_asked() -> None:
    assert ConnectOptions(user="u").ssl_context() is None
    assert ConnectOptions(user="u", tls=False, tls_verify=False).ssl_context() is None


def test_custom_context_is_used_as_given() -> None:
    mine = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    assert ConnectOptions(user="u", tls=mine).ssl_context() is mine


def test_opting_out_of_verification_warns() -> None:
    options = build_options("informix://u@h/db?tls=1&tls_verify=0", {})
    with pytest.warns(InsecureTLSWarning, match="not checked"):
        ctx = options.ssl_context()
    assert ctx is not None and ctx.verify_mode == ssl.CERT_NONE and not ctx.check_hostname


# -- against TLS listeners (each test runs with the blocking and the asyncio driver) ----------


def test_verified_connection_with_a_custom_context(
    tls_server: ifxserver.Server, pki: Pki, flavor: Flavor
) -> None:
    ctx = ssl.create_default_context(cafile=str(pki.ca))
    with connect(tls_server, flavor, tls=ctx) as conn:
        assert conn.execute(QUERY).fetchone() == (1,)
        assert tls_version(conn) in ("TLSv1.2", "TLSv1.3")


def test_tls_true_trusts_the_system_store(
    tls_server: ifxserver.Server, pki: Pki, flavor: Flavor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SSL_CERT_FILE is how OpenSSL's default store is pointed elsewhere."""
    monkeypatch.setenv("SSL_CERT_FILE", str(pki.ca))
    with connect(tls_server, flavor, tls=True) as conn:
        assert conn.execute(QUERY).fetchone() == (1,)
        assert tls_version(conn) in ("TLSv1.2", "TLSv1.3")


def test_tls_true_refuses_a_certificate_the_store_does_not_trust(
    tls_server: ifxserver.Server, flavor: Flavor
) -> None:
    refused(tls_server, flavor, "CERTIFICATE_VERIFY_FAILED", tls=True)


def test_wrong_host_name_is_refused(tls_server: ifxserver.Server, pki: Pki, flavor: Flavor) -> None:
    ctx = ssl.create_default_context(cafile=str(pki.ca))
    refused(tls_server, flavor, "CERTIFICATE_VERIFY_FAILED|match", tls=ctx,
            tls_server_hostname="db.example.com")  # fmt: skip


def test_self_signed_without_its_ca_is_refused(
    self_signed_server: ifxserver.Server, flavor: Flavor
) -> None:
    refused(self_signed_server, flavor, "CERTIFICATE_VERIFY_FAILED", tls=True)


def test_verification_opt_out_connects_and_warns(
    self_signed_server: ifxserver.Server, flavor: Flavor
) -> None:
    with pytest.warns(InsecureTLSWarning, match="not checked"):
        conn = connect(self_signed_server, flavor, tls=True, tls_verify=False)
    with conn:
        assert conn.execute(QUERY).fetchone() == (1,)
        assert tls_version(conn) in ("TLSv1.2", "TLSv1.3")


def test_plaintext_client_to_a_tls_port_fails_fast(
    tls_server: ifxserver.Server, pki: Pki, flavor: Flavor
) -> None:
    refused(tls_server, flavor, "closed|reset|failed")
    ctx = ssl.create_default_context(cafile=str(pki.ca))
    with connect(tls_server, flavor, tls=ctx) as conn:  # and the server still serves
        assert conn.execute(QUERY).fetchone() == (1,)


def test_tls_client_to_a_plaintext_port_fails_fast(
    plain_server: ifxserver.Server, flavor: Flavor
) -> None:
    refused(plain_server, flavor, "TLS handshake", tls=ssl.create_default_context())
    with connect(plain_server, flavor) as conn:  # and the server still serves
        assert conn.execute(QUERY).fetchone() == (1,)
        assert tls_version(conn) is None


def test_statement_timeout_over_tls_gives_the_connection_up_at_once(
    tls_server: ifxserver.Server, pki: Pki, flavor: Flavor
) -> None:
    """TLS has no urgent data, so the interrupt cannot be sent: when the timeout expires
    the connection is broken there and then, not after the cancel grace (10 s)."""
    ctx = ssl.create_default_context(cafile=str(pki.ca))
    conn = connect(tls_server, flavor, tls=ctx, statement_timeout=0.3)
    start = time.monotonic()
    with pytest.raises(informix_db.OperationalError, match="not possible over TLS"):
        conn.execute("SELECT IFX_SLEEP(5) FROM systables WHERE tabid = 1")
    assert time.monotonic() - start < 2.0
    assert conn.broken and conn.closed
    conn.close()


def test_cancel_over_tls_says_it_cannot_and_the_statement_runs_on(
    tls_server: ifxserver.Server, pki: Pki
) -> None:
    ctx = ssl.create_default_context(cafile=str(pki.ca))
    with connect(tls_server, None, tls=ctx) as conn:
        results: list[Any] = []

        def slow() -> None:
            sql = "SELECT IFX_SLEEP(1) FROM systables WHERE tabid = 1"
            results.append(conn.execute(sql).fetchone())

        worker = threading.Thread(target=slow)
        worker.start()
        deadline = time.monotonic() + 5
        while not conn._busy and time.monotonic() < deadline:
            time.sleep(0.01)
        with pytest.raises(informix_db.OperationalError, match=r"cannot cancel.*TLS"):
            conn.cancel()
        worker.join(10)
        assert len(results) == 1 and not conn.broken  # the statement finished normally
        assert conn.execute(QUERY).fetchone() == (1,)
