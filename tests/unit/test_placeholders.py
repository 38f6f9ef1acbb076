"""Placeholder rewriting follows Informix's lexical rules."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from informix_db.exceptions import ProgrammingError
from informix_db.placeholders import arrange, rewrite

pytestmark = pytest.mark.unit


def test_qmarks_pass_through_and_are_counted() -> None:
    rw = rewrite("SELECT * FROM t WHERE a = ? AND b = ?")
    assert rw.sql == "SELECT * FROM t WHERE a = ? AND b = ?"
    assert (rw.order, rw.count) == (None, 2)


def test_numeric_reorders_and_repeats() -> None:
    rw = rewrite("UPDATE t SET a = :2 WHERE id = :1 OR parent = :1")
    assert rw.sql == "UPDATE t SET a = ? WHERE id = ? OR parent = ?"
    assert arrange(rw, ("x", "y")) == ["y", "x", "x"]


@pytest.mark.parametrize(
    "sql",
    [
        "INSERT INTO t VALUES ('http://h:8080/a?b')",
        "SELECT 'it''s :1 and ?' FROM t",
        'SELECT "col:1?" FROM t',
        "SELECT a -- what about :1 and ?\nFROM t",
        "SELECT a /* :1 ? */ FROM t",
        "SELECT a { :1 ? } FROM t",
        "SELECT a::INT FROM t",
        "SELECT DATETIME(2024-01-02 03:04:05) YEAR TO SECOND FROM t",
        "SELECT * FROM stores:customer",
    ],
)
def test_inert_text_is_left_alone(sql: str) -> None:
    rw = rewrite(sql)
    assert rw.sql == sql
    assert rw.count == 0


def test_backslash_escapes_nothing() -> None:
    # 'a\' is a complete literal in Informix, so the ? after it is a real placeholder.
    rw = rewrite("SELECT 'a\\' , ? FROM t")
    assert rw.count == 1


def test_unterminated_literal_hides_the_rest() -> None:
    assert rewrite("SELECT 'abc ? FROM t").count == 0
    assert rewrite("SELECT /* ? ").count == 0


def test_cast_after_placeholder() -> None:
    rw = rewrite("SELECT :1::INT FROM t")
    assert rw.sql == "SELECT ?::INT FROM t"
    assert rw.order == (0,)


def test_mixing_styles_is_refused() -> None:
    with pytest.raises(ProgrammingError, match="mixing"):
        rewrite("SELECT ? , :1 FROM t")


def test_zero_is_not_a_valid_number() -> None:
    with pytest.raises(ProgrammingError):
        rewrite("SELECT :0 FROM t")


@pytest.mark.parametrize(("sql", "params"), [("? ?", (1,)), ("?", (1, 2)), (":1 :3", (1, 2))])
def test_count_mismatch(sql: str, params: tuple[int, ...]) -> None:
    with pytest.raises(ProgrammingError):
        arrange(rewrite(sql), params)


def test_named_parameters_are_refused_clearly() -> None:
    with pytest.raises(ProgrammingError, match="named"):
        arrange(rewrite("SELECT ?"), {"a": 1})


def test_string_is_not_a_parameter_sequence() -> None:
    with pytest.raises(ProgrammingError, match="sequence"):
        arrange(rewrite("SELECT ?"), "a")


@given(st.text(alphabet="ab '\":?-/*{}\n:1", max_size=40))
def test_never_crashes_and_keeps_text_outside_placeholders(sql: str) -> None:
    try:
        rw = rewrite(sql)
    except ProgrammingError:
        return
    if rw.order is None:
        assert rw.sql == sql
    else:
        assert rw.sql.count("?") >= rw.count
