"""Synonyms and sequences."""

from __future__ import annotations

import pytest

from informix_db.protocol.codes import StmtType

from .conftest import Client

pytestmark = pytest.mark.unit


@pytest.fixture
def base(db: Client) -> Client:
    db.execute("CREATE TABLE base (id INT, name CHAR(5))")
    db.execute("INSERT INTO base VALUES (1, 'a')")
    return db


def test_synonyms_lead_to_their_table(base: Client) -> None:
    assert base.session.prepare("CREATE SYNONYM b FOR base").stmt_type == StmtType.CREASYN
    base.execute("CREATE SYNONYM b FOR base")
    base.execute("CREATE PRIVATE SYNONYM pb FOR informix.base")
    base.execute("INSERT INTO b VALUES (2, 'b')")
    assert base.rows("SELECT b.id FROM b ORDER BY b.id") == [(1,), (2,)]
    assert base.rows("SELECT COUNT(*) FROM pb WHERE name = 'b'") == [(1,)]
    kinds = base.rows("SELECT tabname, tabtype FROM systables WHERE tabid >= 100 ORDER BY tabid")
    assert kinds == [("base", "T"), ("b", "S"), ("pb", "P")]
    assert base.rows("SELECT btabid FROM syssyntable ORDER BY tabid") == [(100,), (100,)]
    base.execute("CREATE SYNONYM dual FOR sysmaster:sysdual")
    assert base.rows("SELECT dummy FROM dual") == [("X",)]
    assert base.error("CREATE SYNONYM base FOR base").sqlcode == -310
    base.execute("DROP SYNONYM b")
    assert base.error("SELECT * FROM b").sqlcode == -206
    assert base.error("DROP SYNONYM b").sqlcode == -206
    base.execute("DROP SYNONYM IF EXISTS b")


def test_sequences(base: Client) -> None:
    base.execute("CREATE SEQUENCE s1 START WITH 10 INCREMENT BY 5")
    assert base.error("SELECT s1.CURRVAL FROM systables WHERE tabid = 1").sqlcode == -8315
    assert base.value("SELECT s1.NEXTVAL FROM systables WHERE tabid = 1") == 10
    assert base.rows("SELECT s1.NEXTVAL, s1.CURRVAL FROM systables WHERE tabid = 1") == [(15, 15)]
    base.execute("INSERT INTO base VALUES (s1.NEXTVAL, 'seq')")
    assert base.value("SELECT id FROM base WHERE name = 'seq'") == 20
    row = base.rows("SELECT start_val, inc_val, cycle FROM syssequences")
    assert row == [(10, 5, "0")]
    base.execute("CREATE SEQUENCE s2 MAXVALUE 2")
    assert base.rows("SELECT s2.NEXTVAL FROM systables WHERE tabid < 3") == [(1,), (2,)]
    assert base.error("SELECT s2.NEXTVAL FROM systables WHERE tabid = 1").sqlcode == -8316
    base.execute("CREATE SEQUENCE s3 MAXVALUE 2 CYCLE")
    assert base.rows("SELECT s3.NEXTVAL FROM systables WHERE tabid < 5") == [(1,), (2,), (1,), (2,)]
    base.execute("DROP SEQUENCE s1")
    assert base.error("SELECT s1.NEXTVAL FROM systables WHERE tabid = 1").sqlcode == -217


def test_sequence_values_are_shared_and_never_rolled_back(
    base: Client, make_client: object
) -> None:
    other = make_client()  # type: ignore[operator]
    base.execute("CREATE SEQUENCE shared")
    base.execute("BEGIN WORK")
    assert base.value("SELECT shared.NEXTVAL FROM systables WHERE tabid = 1") == 1
    base.execute("ROLLBACK WORK")
    assert other.value("SELECT shared.NEXTVAL FROM systables WHERE tabid = 1") == 2
    assert base.value("SELECT shared.CURRVAL FROM systables WHERE tabid = 1") == 1  # per session


def test_grant_and_revoke_are_recorded(base: Client) -> None:
    rows = "SELECT grantor, grantee, tabauth FROM systabauth WHERE tabid = 100 ORDER BY grantee"
    assert base.rows(rows) == [("", "informix", "SU-IDXAR-"), ("informix", "public", "su-idx---")]
    assert base.session.prepare("GRANT SELECT ON base TO alice").stmt_type == StmtType.GRANT
    base.execute("GRANT SELECT, UPDATE (name) ON base TO alice, bob WITH GRANT OPTION")
    base.execute("GRANT INSERT ON base TO alice")
    base.execute("REVOKE ALL ON base FROM public")
    base.execute("REVOKE UPDATE ON base FROM bob")
    assert base.rows(rows) == [
        ("informix", "alice", "SU-i-----"),
        ("informix", "bob", "S--------"),
        ("", "informix", "SU-IDXAR-"),
    ]
    base.execute("GRANT RESOURCE TO carol")
    base.execute("GRANT DBA TO dave")
    base.execute("REVOKE RESOURCE FROM carol")
    users = base.rows("SELECT username, usertype FROM sysusers ORDER BY username")
    assert users == [("dave", "D"), ("informix", "D"), ("public", "C")]
    base.execute("GRANT EXECUTE ON PROCEDURE p TO alice")  # accepted, kept nowhere
    assert base.error("GRANT ALL ON nosuch TO alice").sqlcode == -206
