"""The exception hierarchy and the sqlcode table."""

from __future__ import annotations

import pickle

import pytest

import informix_db
from informix_db import exceptions as exc

pytestmark = pytest.mark.unit


def test_pep249_hierarchy() -> None:
    assert issubclass(informix_db.Warning, Exception)
    assert issubclass(informix_db.InterfaceError, informix_db.Error)
    for cls in (
        informix_db.DataError,
        informix_db.OperationalError,
        informix_db.IntegrityError,
        informix_db.InternalError,
        informix_db.ProgrammingError,
        informix_db.NotSupportedError,
    ):
        assert issubclass(cls, informix_db.DatabaseError)
    assert issubclass(informix_db.PoolTimeout, informix_db.OperationalError)
    assert issubclass(informix_db.UnsupportedParameterType, NotImplementedError)
    assert issubclass(informix_db.ProtocolError, informix_db.OperationalError)


@pytest.mark.parametrize(
    ("sqlcode", "cls"),
    [
        (-201, exc.ProgrammingError),
        (-206, exc.ProgrammingError),
        (-217, exc.ProgrammingError),
        (-239, exc.IntegrityError),
        (-268, exc.IntegrityError),
        (-391, exc.IntegrityError),
        (-1202, exc.DataError),
        (-1213, exc.DataError),
        (-1263, exc.DataError),
        (-244, exc.OperationalError),
        (-951, exc.OperationalError),
        (-256, exc.NotSupportedError),
        (-208, exc.InternalError),
        (-31999, exc.OperationalError),
    ],
)
def test_class_for_sqlcode(sqlcode: int, cls: type) -> None:
    assert exc.class_for(sqlcode) is cls


def test_server_error_text_and_attributes() -> None:
    e = exc.from_server(-206, -111, "no_such_table", 14, "SELECT * FROM no_such_table")
    assert isinstance(e, exc.ProgrammingError)
    assert (e.sqlcode, e.isamcode, e.near, e.offset) == (-206, -111, "no_such_table", 14)
    assert e.sqlstate == "42000"
    assert "no_such_table" in e.message
    text = str(e)
    assert text.startswith("[-206]") and "ISAM -111" in text and "SELECT * FROM" in text


def test_unknown_code_still_reads_well() -> None:
    e = exc.from_server(-31999, near="x")
    assert str(e) == "[-31999] Informix error -31999 (x)"
    assert e.sqlstate == "IX000"


def test_statement_is_truncated() -> None:
    e = exc.from_server(-201, statement="SELECT " + "x" * 1000)
    assert e.statement is not None and len(e.statement) == exc.STATEMENT_SHOWN


def test_exceptions_pickle_with_their_facts() -> None:
    e = exc.from_server(-268, -100, "u_idx", statement="INSERT ...")
    back = pickle.loads(pickle.dumps(e))
    assert type(back) is exc.IntegrityError
    assert (back.sqlcode, back.isamcode, back.near, back.statement) == (
        -268,
        -100,
        "u_idx",
        "INSERT ...",
    )
    assert str(back) == str(e)


def test_executemany_row_index_survives_pickling() -> None:
    e = exc.from_server(-239, -100, statement="INSERT INTO t VALUES (?)")
    e.row_index = 41
    back = pickle.loads(pickle.dumps(e))
    assert back.row_index == 41
    assert (type(back), back.sqlcode, str(back)) == (exc.IntegrityError, -239, str(e))
    assert pickle.loads(pickle.dumps(exc.OperationalError("x"))).row_index is None


def test_warnings_pickle_with_their_facts() -> None:
    w = exc.Warning("flagged", sqlcode=100, sqlstate="02000")
    back = pickle.loads(pickle.dumps(w))
    assert (type(back), back.message, back.sqlcode, back.sqlstate) == (
        exc.Warning, "flagged", 100, "02000",
    )  # fmt: skip
