"""Messages and operations the drivers rarely exercise, checked on the wire and from outside:
BATCHSTART/BATCHEND, savepoint messages, update cursors, persistence, the CLI, TLS."""

from __future__ import annotations

import contextlib
import os
import pathlib
import socket
import ssl
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

import ifxserver
import informix_db
from informix_db.protocol.codes import Msg
from informix_db.protocol.messages import cursor, transaction
from informix_db.protocol.values.binds import encode_param

from .wire import client_with_table, decode_rows, described_columns, error_of, stmt_id_of, tags

pytestmark = pytest.mark.conformance

STARTUP = 30.0  # seconds a CLI server may take to listen: a bound against hangs only


@pytest.fixture
def ledger(wire: Any) -> Any:
    return client_with_table(wire, "ops_db", "ledger", "(n INT PRIMARY KEY)")


def _count(client: Any) -> int:
    prepared = client.prepare("SELECT COUNT(*) FROM ledger")
    stmt_id = stmt_id_of(prepared)
    assert error_of(client.open_cursor(stmt_id, f"count_{time.monotonic_ns()}")) is None
    rows = decode_rows(described_columns(prepared), client.fetch(stmt_id))
    client.on_statement(stmt_id, Msg.CLOSE, Msg.RELEASE)
    return int(rows[0][0])


# -- BATCHSTART / BATCHEND -------------------------------------------------------------
@pytest.mark.parametrize(
    ("values", "done", "sqlcode", "rows"),
    [((1, 2, 3), 3, None, 3), ((1, 1, 2), 1, -268, 1)],  # a duplicate skips the rest
)
def test_batchstart_batchend_around_executes(
    ledger: Any, values: tuple[int, ...], done: int, sqlcode: int | None, rows: int
) -> None:
    stmt_id = stmt_id_of(ledger.prepare("INSERT INTO ledger VALUES (?)", 1))

    def build(w: Any) -> None:
        w.short(Msg.BATCHSTART)
        for n in values:
            cursor.write_id(w, stmt_id)
            cursor.write_bind(w, [encode_param(n, "latin-1")])
            w.short(Msg.EXECUTE)
        w.short(Msg.BATCHEND)

    replies = ledger.batch(build)
    error = error_of(replies)
    assert (error.sqlcode if error else None) == sqlcode
    assert tags(replies).count(Msg.DONE) == done
    assert _count(ledger) == rows


# -- savepoint messages ------------------------------------------------------------------
def _savepoint(client: Any, tag: int, name: str) -> Any:
    return client.batch(lambda w: transaction.write_savepoint(w, tag, name.encode()))


def test_savepoint_messages_set_release_and_roll_back(ledger: Any) -> None:
    assert error_of(ledger.batch(lambda w: w.short(Msg.BEGIN))) is None
    assert error_of(ledger.command("INSERT INTO ledger VALUES (1)")) is None
    assert error_of(_savepoint(ledger, Msg.SETSVPT, "first")) is None
    assert error_of(ledger.command("INSERT INTO ledger VALUES (2)")) is None
    assert error_of(_savepoint(ledger, Msg.SETSVPT, "second")) is None
    assert error_of(ledger.command("INSERT INTO ledger VALUES (3)")) is None
    assert error_of(_savepoint(ledger, Msg.RBACKSVPT, "second")) is None
    assert _count(ledger) == 2  # row 3 discarded
    assert error_of(_savepoint(ledger, Msg.RELSVPT, "second")) is None
    missing = error_of(_savepoint(ledger, Msg.RBACKSVPT, "second"))
    assert (missing.sqlcode, missing.text) == (-32026, "second")  # released: gone
    assert error_of(_savepoint(ledger, Msg.RBACKSVPT, "first")) is None
    assert _count(ledger) == 1
    assert error_of(ledger.batch(lambda w: w.short(Msg.CMMTWORK))) is None
    assert _count(ledger) == 1


def test_savepoint_message_outside_a_transaction_is_255(ledger: Any) -> None:
    assert error_of(_savepoint(ledger, Msg.SETSVPT, "nowhere")).sqlcode == -255


# -- update cursors on the wire -----------------------------------------------------------
def test_where_current_of_follows_the_fetched_row(ledger: Any) -> None:
    for n in (1, 2, 3):
        ledger.command(f"INSERT INTO ledger VALUES ({n})")
    assert error_of(ledger.batch(lambda w: w.short(Msg.BEGIN))) is None
    prepared = ledger.prepare("SELECT n FROM ledger ORDER BY n FOR UPDATE")
    assert [c.name for c in described_columns(prepared)] == ["n"]  # rowid stays hidden
    stmt_id = stmt_id_of(prepared)
    assert error_of(ledger.open_cursor(stmt_id, "walker")) is None
    delete = "DELETE FROM ledger WHERE CURRENT OF walker"
    assert error_of(ledger.command(delete)).sqlcode == -266  # opened, nothing fetched yet
    first = ledger.fetch(stmt_id, 65536)
    assert decode_rows(described_columns(prepared), first) == [(1,)]  # one row per fetch
    assert error_of(ledger.command(delete)) is None
    assert decode_rows(described_columns(prepared), ledger.fetch(stmt_id)) == [(2,)]
    assert error_of(ledger.command("UPDATE ledger SET n = 20 WHERE CURRENT OF WALKER")) is None
    assert error_of(ledger.batch(lambda w: w.short(Msg.CMMTWORK))) is None
    reader = ledger.prepare("SELECT n FROM ledger ORDER BY n")
    reader_id = stmt_id_of(reader)
    assert error_of(ledger.open_cursor(reader_id, "reader")) is None
    assert decode_rows(described_columns(reader), ledger.fetch(reader_id)) == [(3,), (20,)]
    assert error_of(ledger.command("DELETE FROM ledger WHERE CURRENT OF reader")).sqlcode == -290


# -- persistence -------------------------------------------------------------------------
def test_data_dir_keeps_databases_across_a_restart(tmp_path: pathlib.Path) -> None:
    with (
        ifxserver.Server(data_dir=tmp_path) as srv,
        informix_db.connect(**srv.connect_args(), autocommit=True) as conn,
    ):
        conn.execute("CREATE DATABASE kept WITH LOG")
        conn.execute("CREATE TABLE notes (id SERIAL, body VARCHAR(40))")
        conn.execute("INSERT INTO notes (body) VALUES ('survives')")
    with (
        ifxserver.Server(data_dir=tmp_path) as srv,
        informix_db.connect(**srv.connect_args("kept"), autocommit=True) as conn,
    ):
        assert conn.execute("SELECT id, body FROM notes").fetchall() == [(1, "survives")]
        conn.execute("INSERT INTO notes (body) VALUES ('next')")
        assert conn.execute("SELECT MAX(id) FROM notes").fetchone() == (2,)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class CliServer:
    port: int
    stderr: str = ""  # everything it logged, once it has stopped


@contextlib.contextmanager
def _cli_server(*options: str) -> Iterator[CliServer]:
    """`python -m ifxserver` on a free port; stopped with SIGTERM (bounded) afterwards."""
    running = CliServer(_free_port())
    process = subprocess.Popen(
        [sys.executable, "-m", "ifxserver", "--port", str(running.port), *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()  # "ifxserver listening on ..." or EOF on failure
        assert f":{running.port}" in line, (line, process.poll())
        yield running
    finally:
        process.terminate()
        try:
            _, running.stderr = process.communicate(timeout=STARTUP)
        except subprocess.TimeoutExpired:
            process.kill()
            _, running.stderr = process.communicate(timeout=STARTUP)


def _cli_connect(port: int, database: str | None = None) -> informix_db.Connection:
    return informix_db.connect(
        host="127.0.0.1",
        port=port,
        user="informix",
        password="in4mix",
        server="informix",
        database=database,
        autocommit=True,
        connect_timeout=STARTUP,
    )


def test_cli_data_dir_persists_and_log_level_info_logs_sessions(tmp_path: pathlib.Path) -> None:
    data = str(tmp_path / "data")
    with _cli_server("--data-dir", data) as first, _cli_connect(first.port) as conn:
        conn.execute("CREATE DATABASE clidb WITH LOG")
        conn.execute("CREATE TABLE kept (n INT)")
        conn.execute("INSERT INTO kept VALUES (42)")
    with (
        _cli_server("--data-dir", data, "--log-level", "INFO") as second,
        _cli_connect(second.port, "clidb") as conn,
    ):
        assert conn.execute("SELECT n FROM kept").fetchall() == [(42,)]
        with pytest.raises(informix_db.ProgrammingError):
            conn.execute("SELECT * FROM no_such_table")
    log = second.stderr
    lines = log.splitlines()
    assert any("event=login user=informix" in line for line in lines), log
    # this driver opens the database after the login (SQ_DBOPEN): logged when it happens
    assert any("event=database user=informix database=clidb" in line for line in lines), log
    assert any("event=error sqlcode=-206" in line for line in lines), log
    assert any("event=end" in line and "user=informix" in line for line in lines), log
    assert "in4mix" not in log  # the password never reaches the log


# -- TLS ---------------------------------------------------------------------------------
def _self_signed(directory: pathlib.Path) -> tuple[str, str]:
    cert, key = directory / "cert.pem", directory / "key.pem"
    result = subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=localhost", "-keyout", str(key), "-out", str(cert)],
        capture_output=True, timeout=60, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        pytest.fail(f"openssl could not make a test certificate: {result.stderr!r}")
    return str(cert), str(key)


def _old_tls_client() -> ssl.SSLContext | None:
    """A client limited to TLS 1.1, if this OpenSSL still lets one be built and used."""
    try:
        with warnings.catch_warnings():  # building an old-protocol context is deprecated
            warnings.simplefilter("ignore", DeprecationWarning)
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            context.minimum_version = ssl.TLSVersion.TLSv1
            context.maximum_version = ssl.TLSVersion.TLSv1_1
            context.set_ciphers("ALL:@SECLEVEL=0")
    except (ValueError, ssl.SSLError):
        return None
    return context


def test_tls_listener_refuses_tls_1_1(tmp_path: pathlib.Path) -> None:
    cert, key = _self_signed(tmp_path)
    with ifxserver.Server(tls_cert=cert, tls_key=key) as srv:
        assert srv.tls
        server_context = srv._listener.tls  # the context the listener serves with
        assert server_context is not None
        assert server_context.minimum_version >= ssl.TLSVersion.TLSv1_2
        old = _old_tls_client()
        if old is not None:
            with (
                socket.create_connection((srv.host, srv.port), timeout=10) as raw,
                pytest.raises((ssl.SSLError, OSError)),
            ):
                old.wrap_socket(raw).do_handshake()
        modern = ssl.create_default_context()
        modern.check_hostname = False
        modern.verify_mode = ssl.CERT_NONE
        with (
            socket.create_connection((srv.host, srv.port), timeout=10) as raw,
            modern.wrap_socket(raw) as tls,
        ):
            assert tls.version() in ("TLSv1.2", "TLSv1.3")
