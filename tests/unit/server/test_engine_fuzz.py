"""Hypothesis: whatever the SQL, the engine answers rows or an SqlError, never a traceback."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ifxserver.engine import SqlError

from .conftest import Client, bound

pytestmark = pytest.mark.unit

WORDS = [
    "SELECT",
    "FROM",
    "WHERE",
    "AND",
    "OR",
    "NOT",
    "NULL",
    "IS",
    "IN",
    "BETWEEN",
    "LIKE",
    "MATCHES",
    "ORDER",
    "BY",
    "GROUP",
    "HAVING",
    "UNION",
    "ALL",
    "FIRST",
    "SKIP",
    "DISTINCT",
    "UNIQUE",
    "COUNT",
    "SUM",
    "AVG",
    "MIN",
    "MAX",
    "CASE",
    "WHEN",
    "THEN",
    "ELSE",
    "END",
    "CAST",
    "AS",
    "INT",
    "DECIMAL",
    "CHAR",
    "DATE",
    "DATETIME",
    "INTERVAL",
    "YEAR",
    "TO",
    "SECOND",
    "DAY",
    "TODAY",
    "CURRENT",
    "USER",
    "INSERT",
    "INTO",
    "VALUES",
    "UPDATE",
    "SET",
    "DELETE",
    "CREATE",
    "TABLE",
    "TEMP",
    "DROP",
    "INDEX",
    "ON",
    "OUTER",
    "JOIN",
    "LEFT",
    "EXISTS",
    "t",
    "a",
    "b",
    "c",
    "systables",
    "tabid",
    "tabname",
    "nrows",
    "UNITS",
    "EXTEND",
    "(",
    ")",
    ",",
    ".",
    "*",
    "+",
    "-",
    "/",
    "=",
    "<",
    ">",
    "<>",
    "||",
    "::",
    "?",
    ";",
    ":",
    "'x'",
    "'2024-01-02'",
    "1",
    "0",
    "2.5",
    "1e3",
    "{c}",
    "--",
    "[",
    "]",
    '"q"',
    "@",
]

EXPRESSIONS = st.recursive(
    st.sampled_from(
        [
            "a",
            "b",
            "c",
            "1",
            "0",
            "2.5",
            "'ab'",
            "NULL",
            "TODAY",
            "?",
            "tabid",
            "CURRENT",
            "1e3",
            "'2024-01-02'",
            "DATETIME(2024-01-02) YEAR TO DAY",
        ]
    ),
    lambda inner: st.one_of(
        st.tuples(
            inner, st.sampled_from(["+", "-", "*", "/", "||", "=", "<", "AND", "OR"]), inner
        ).map(" ".join),
        inner.map(lambda e: f"({e})"),
        inner.map(lambda e: f"-{e}"),
        inner.map(lambda e: f"{e}::INT"),
        inner.map(lambda e: f"NVL({e}, 0)"),
        inner.map(lambda e: f"UPPER({e})"),
        inner.map(lambda e: f"COUNT({e})"),
        inner.map(lambda e: f"CASE WHEN {e} THEN 1 ELSE 2 END"),
        st.tuples(inner, inner).map(lambda p: f"{p[0]} IN ({p[1]}, 1)"),
    ),
    max_leaves=6,
)


def _attempt(client: Client, sql: str) -> None:
    try:
        prepared = client.session.prepare(sql)
        params = [bound("1") for _ in prepared.params]
        if prepared.returns_rows:
            cursor = prepared.open(params)
            cursor.fetch(5)
            cursor.close()
        else:
            prepared.execute(params)
    except SqlError as error:
        assert error.sqlcode < 0
        assert isinstance(error.text, str)


@pytest.fixture
def fuzz_db(db: Client) -> Client:
    db.execute("CREATE TABLE t (a INT, b DECIMAL(8,2), c VARCHAR(10))")
    db.execute("INSERT INTO t VALUES (1, 2.50, 'x')")
    return db


SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=14))
def test_token_soup_never_crashes(
    fuzz_db: Client, caplog: pytest.LogCaptureFixture, words: list[str]
) -> None:
    _attempt(fuzz_db, " ".join(words))
    assert not [r for r in caplog.records if r.message == "engine failure"], words


@SETTINGS
@given(EXPRESSIONS, EXPRESSIONS)
def test_random_expressions_never_crash(
    fuzz_db: Client, caplog: pytest.LogCaptureFixture, item: str, where: str
) -> None:
    _attempt(fuzz_db, f"SELECT {item} FROM t WHERE {where}")
    _attempt(fuzz_db, f"SELECT a, {item} FROM t GROUP BY 1 ORDER BY 2")
    _attempt(fuzz_db, f"UPDATE t SET c = {item} WHERE a = 99")
    failures = [r for r in caplog.records if r.message == "engine failure"]
    assert not failures, (item, where, failures[0].exc_info if failures else None)
