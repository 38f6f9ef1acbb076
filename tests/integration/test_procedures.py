"""callproc and EXECUTE FUNCTION/PROCEDURE through the driver (issue 5)."""

from __future__ import annotations

import contextlib
import itertools
import os
from collections.abc import Iterator

import pytest

import informix_db

pytestmark = pytest.mark.integration
_seq = itertools.count()


@pytest.fixture
def routine(ifx_target) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A unique routine-name prefix; its routines are dropped afterwards."""
    prefix = f"r{os.getpid()}_{next(_seq)}"
    yield prefix
    with ifx_target.connect(autocommit=True) as conn:
        for kind, name in (("FUNCTION", "inc"), ("PROCEDURE", "down"), ("PROCEDURE", "log")):
            with contextlib.suppress(informix_db.Error):
                conn.execute(f"DROP {kind} {prefix}_{name}")


def test_callproc_returns_rows_and_params(ifx_conn: informix_db.Connection, routine: str) -> None:
    cur = ifx_conn.cursor()
    cur.execute(f"CREATE FUNCTION {routine}_inc(x INT) RETURNING INT; RETURN x + 1; END FUNCTION")
    params = (41,)
    assert cur.callproc(f"{routine}_inc", params) is params
    assert cur.fetchall() == [(42,)]
    cur.execute(f"EXECUTE FUNCTION {routine}_inc(?)", (9,))
    assert cur.fetchone() == (10,)


def test_procedure_returning_several_rows(ifx_conn: informix_db.Connection, routine: str) -> None:
    cur = ifx_conn.cursor()
    cur.execute(
        f"CREATE PROCEDURE {routine}_down(n INT) RETURNING INT; DEFINE i INT; "
        "FOR i = n TO 1 STEP -1 RETURN i WITH RESUME; END FOR; END PROCEDURE"
    )
    cur.callproc(f"{routine}_down", [4])
    assert cur.fetchall() == [(4,), (3,), (2,), (1,)]


def test_procedure_without_results(
    ifx_conn: informix_db.Connection, routine: str, make_table
) -> None:  # type: ignore[no-untyped-def]
    t = make_table("(msg VARCHAR(20))")
    cur = ifx_conn.cursor()
    cur.execute(
        f"CREATE PROCEDURE {routine}_log(m VARCHAR(20)) INSERT INTO {t} VALUES (m); END PROCEDURE"
    )
    cur.callproc(f"{routine}_log", ["hello"])
    assert cur.description is None
    assert ifx_conn.execute(f"SELECT msg FROM {t}").fetchall() == [("hello",)]


def test_procedure_name_is_checked(ifx_conn: informix_db.Connection) -> None:
    with pytest.raises(informix_db.ProgrammingError, match="not a valid procedure name"):
        ifx_conn.cursor().callproc("x(); DROP TABLE y; --", [])


def test_raise_exception_reaches_the_caller(ifx_conn: informix_db.Connection, routine: str) -> None:
    cur = ifx_conn.cursor()
    cur.execute(
        f"CREATE FUNCTION {routine}_inc(x INT) RETURNING INT; "
        "IF x < 0 THEN RAISE EXCEPTION -746, 0, 'negative'; END IF; RETURN x; END FUNCTION"
    )
    with pytest.raises(informix_db.DatabaseError) as info:
        cur.callproc(f"{routine}_inc", (-1,))
    assert info.value.sqlcode == -746
    cur.callproc(f"{routine}_inc", (5,))
    assert cur.fetchall() == [(5,)]
