"""connect() options: DSNs, locales, validation, secrets kept out of repr."""

from __future__ import annotations

import pytest

from informix_db.exceptions import InterfaceError
from informix_db.locales import DEFAULT_LOCALE, codec_for
from informix_db.options import ConnectOptions, build_options, environment_defaults, parse_dsn

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


ENV_NAMES = ("INFORMIXSERVER", "CLIENT_LOCALE", "DB_LOCALE")


def test_environment_supplies_server_and_locales(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INFORMIXSERVER", "ol_from_env")
    monkeypatch.setenv("CLIENT_LOCALE", "en_US.utf8")
    monkeypatch.setenv("DB_LOCALE", "de_DE.57372")
    assert environment_defaults() == {
        "server": "ol_from_env",
        "client_locale": "en_US.utf8",
        "db_locale": "de_DE.57372",
    }
    o = build_options(None, {"user": "u"})
    assert (o.server, o.client_locale, o.db_locale) == ("ol_from_env", "en_US.utf8", "de_DE.57372")
    assert o.encoding == "utf-8"
    assert ("DB_LOCALE", "de_DE.57372") in o.login_env()


def test_explicit_options_and_dsn_beat_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INFORMIXSERVER", "ol_from_env")
    monkeypatch.setenv("CLIENT_LOCALE", "en_US.utf8")
    assert build_options(None, {"user": "u", "server": "ol_given"}).server == "ol_given"
    o = build_options("informix://u@h/db?server=ol_dsn&client_locale=en_US.819", {})
    assert (o.server, o.client_locale, o.encoding) == ("ol_dsn", "en_US.819", "latin-1")


def test_unset_or_empty_environment_gives_no_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)
    assert environment_defaults() == {}
    monkeypatch.setenv("INFORMIXSERVER", "")
    assert environment_defaults() == {}
    o = build_options(None, {"user": "u"})
    assert (o.server, o.client_locale, o.db_locale) == ("informix", DEFAULT_LOCALE, None)


def test_login_limits_bound_the_login_even_with_only_a_read_timeout() -> None:
    assert ConnectOptions(user="u").login_limits() == (None, None)
    assert ConnectOptions(user="u", connect_timeout=2).login_limits() == (2, 2)
    assert ConnectOptions(user="u", read_timeout=3).login_limits() == (None, 3)
    assert ConnectOptions(user="u", connect_timeout=2, read_timeout=9).login_limits() == (2, 2)
