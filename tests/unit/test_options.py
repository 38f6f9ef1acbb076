"""connect() options: DSNs, locales, validation, secrets kept out of repr."""

from __future__ import annotations

import pytest

from informix_db.exceptions import InterfaceError
from informix_db.locales import codec_for
from informix_db.options import ConnectOptions, build_options, parse_dsn

pytestmark = pytest.mark.unit


def test_dsn_parsing() -> None:
    kw = parse_dsn("informix://app%40x:p%3Ass@db.example.com:9100/stores?server=ol_a&autocommit=1")
    assert kw == {
        "host": "db.example.com",
        "port": 9100,
        "user": "app@x",
        "password": "p:ss",
        "database": "stores",
        "server": "ol_a",
        "autocommit": True,
    }


def test_unknown_dsn_option_is_an_error() -> None:
    with pytest.raises(InterfaceError, match="colour"):
        parse_dsn("informix://u:p@h/db?colour=blue")


def test_password_never_in_repr() -> None:
    o = ConnectOptions(user="u", password="s3cret-sentinel")
    assert "s3cret-sentinel" not in repr(o)


@pytest.mark.parametrize(
    ("locale", "codec"),
    [("en_US.8859-1", "latin-1"), ("en_US.819", "latin-1"), ("en_US.utf8", "utf-8"),
     ("en_US.57372", "utf-8"), ("de_DE.8859-15", "iso8859-15"), ("en_US.CP1252", "cp1252")],
)  # fmt: skip
def test_locale_codecs(locale: str, codec: str) -> None:
    assert codec_for(locale) == codec


def test_unknown_locale_is_refused() -> None:
    with pytest.raises(InterfaceError, match="unknown locale"):
        ConnectOptions(user="u", client_locale="en_US.klingon")


def test_mismatched_code_sets_are_refused() -> None:
    with pytest.raises(InterfaceError, match="different code sets"):
        ConnectOptions(user="u", client_locale="en_US.8859-1", db_locale="en_US.utf8")


@pytest.mark.parametrize("bad", [{"port": 0}, {"read_timeout": 0}, {"fetch_buffer": 10}, {}])
def test_bad_options(bad: dict[str, object]) -> None:
    kwargs: dict[str, object] = {"user": "u", **bad} if bad else {}
    with pytest.raises(InterfaceError):
        build_options(None, kwargs)


def test_unknown_keyword_is_named() -> None:
    with pytest.raises(InterfaceError, match="colour"):
        build_options(None, {"user": "u", "colour": 1})


def test_login_env_has_jdbc_defaults_and_user_overrides() -> None:
    o = ConnectOptions(user="u", env={"DBDATE": "DMY4/"}, db_locale="en_US.8859-1")
    env = dict(o.login_env())
    assert env["DBDATE"] == "DMY4/"
    assert env["CLIENT_LOCALE"] == "en_US.8859-1" and env["DB_LOCALE"] == "en_US.8859-1"
    assert env["NODEFDAC"] == "no"


@pytest.mark.parametrize("dsn", ["informix://u:p@h:notaport/db", "informix://u:p@h/db?port=x"])
def test_non_numeric_dsn_port_is_an_interface_error(dsn: str) -> None:
    with pytest.raises(InterfaceError, match="number"):
        parse_dsn(dsn)
