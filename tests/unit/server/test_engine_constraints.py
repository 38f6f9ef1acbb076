"""FOREIGN KEY / REFERENCES (-691/-692, ON DELETE CASCADE) and CHECK (-530) constraints."""

from __future__ import annotations

import pytest

from .conftest import Client

pytestmark = pytest.mark.unit


@pytest.fixture
def shop(db: Client) -> Client:
    db.execute("CREATE TABLE dept (id INT PRIMARY KEY, code CHAR(3) UNIQUE)")
    db.execute(
        "CREATE TABLE emp (id SERIAL, dept INT REFERENCES dept (id) CONSTRAINT emp_dept,"
        " salary DECIMAL(8,2) CHECK (salary > 0) CONSTRAINT salary_positive,"
        " code CHAR(3), FOREIGN KEY (code) REFERENCES dept (code) ON DELETE CASCADE,"
        " CHECK (code MATCHES '[A-Z]*'))"
    )
    db.execute("INSERT INTO dept VALUES (1, 'ABC')")
    db.execute("INSERT INTO dept VALUES (2, 'XYZ')")
    return db


def test_child_row_without_parent_is_691(shop: Client) -> None:
    shop.execute("INSERT INTO emp (dept, salary) VALUES (1, 10)")
    error = shop.error("INSERT INTO emp (dept, salary) VALUES (7, 10)")
    assert (error.sqlcode, error.isamcode, error.text) == (-691, -111, "informix.emp_dept")
    error = shop.error("UPDATE emp SET dept = 9")
    assert error.sqlcode == -691
    shop.execute("INSERT INTO emp (dept, salary) VALUES (NULL, 10)")  # NULL keys are not checked
    assert shop.value("SELECT COUNT(*) FROM emp") == 2


def test_referenced_parent_is_692_and_cascade_deletes(shop: Client) -> None:
    shop.execute("INSERT INTO emp (dept, salary, code) VALUES (1, 10, 'XYZ')")
    error = shop.error("DELETE FROM dept WHERE id = 1")
    assert (error.sqlcode, error.text) == (-692, "informix.emp_dept")
    assert shop.error("UPDATE dept SET id = 5 WHERE id = 1").sqlcode == -692
    shop.execute("UPDATE dept SET code = 'QQQ' WHERE id = 1")  # key not referenced: allowed
    assert shop.execute("DELETE FROM dept WHERE id = 2").rowcount == 1  # cascades to emp
    assert shop.value("SELECT COUNT(*) FROM emp") == 0


def test_check_false_is_530_and_unknown_passes(shop: Client) -> None:
    error = shop.error("INSERT INTO emp (dept, salary) VALUES (1, -1)")
    assert (error.sqlcode, error.text) == (-530, "informix.salary_positive")
    assert shop.error("INSERT INTO emp (salary, code) VALUES (1, 'abc')").sqlcode == -530
    shop.execute("INSERT INTO emp (salary) VALUES (NULL)")
    shop.execute("INSERT INTO emp (salary) VALUES (5)")
    assert shop.error("UPDATE emp SET salary = 0").sqlcode == -530
    assert shop.value("SELECT COUNT(*) FROM emp WHERE salary = 5") == 1


def test_catalog_rows(shop: Client) -> None:
    emp = shop.value("SELECT tabid FROM systables WHERE tabname = 'emp'")
    dept = shop.value("SELECT tabid FROM systables WHERE tabname = 'dept'")
    kinds = shop.rows(
        "SELECT constrname, constrtype FROM sysconstraints WHERE tabid = ? ORDER BY constrid", emp
    )
    assert [k for _, k in kinds] == ["R", "C", "R", "C"]
    assert kinds[0][0] == "emp_dept" and kinds[1][0] == "salary_positive"
    assert kinds[2][0].startswith(f"r{emp}_") and kinds[3][0].startswith(f"c{emp}_")
    refs = shop.rows(
        "SELECT r.ptabid, r.delrule, p.constrtype FROM sysreferences r, sysconstraints p"
        ' WHERE r."primary" = p.constrid ORDER BY r.constrid'
    )
    assert refs == [(dept, "R", "P"), (dept, "C", "U")]
    text = shop.rows(
        "SELECT checktext FROM syschecks WHERE constrid = "
        "(SELECT constrid FROM sysconstraints WHERE constrname = 'salary_positive')"
    )
    assert [t.strip() for (t,) in text] == ["salary > 0"]
    depends = shop.rows("SELECT colno FROM syscoldepend WHERE tabid = ? ORDER BY colno", emp)
    assert depends == [(3,), (4,)]


def test_reference_needs_a_key_and_an_existing_table(db: Client) -> None:
    db.execute("CREATE TABLE loose (a INT)")
    assert db.error("CREATE TABLE r1 (a INT REFERENCES loose (a))").sqlcode == -297
    assert db.error("CREATE TABLE r2 (a INT REFERENCES missing)").sqlcode == -206
    assert db.error("CREATE TABLE r3 (a INT CHECK (a > (SELECT 1 FROM loose)))").sqlcode == -201
    assert db.value("SELECT COUNT(*) FROM systables WHERE tabname MATCHES 'r[123]'") == 0


def test_self_reference_and_drop_of_parent(db: Client) -> None:
    db.execute("CREATE TABLE node (id INT PRIMARY KEY, parent INT REFERENCES node (id))")
    db.execute("INSERT INTO node VALUES (1, 1)")  # a row may reference itself
    db.execute("INSERT INTO node VALUES (2, 1)")
    assert db.error("DELETE FROM node WHERE id = 1").sqlcode == -692
    db.execute("CREATE TABLE leaf (n INT REFERENCES node (id))")
    db.execute("DROP TABLE node")  # drops leaf's referential constraint with it
    db.execute("INSERT INTO leaf VALUES (42)")
    assert db.value("SELECT COUNT(*) FROM sysreferences") == 0


def test_check_on_temp_table(db: Client) -> None:
    db.execute("CREATE TEMP TABLE tc (a INT CHECK (a BETWEEN 1 AND 3)) WITH NO LOG")
    db.execute("INSERT INTO tc VALUES (2)")
    assert db.error("INSERT INTO tc VALUES (4)").sqlcode == -530


def test_failed_insert_inside_transaction_keeps_it(db: Client) -> None:
    db.execute("CREATE TABLE p (id INT PRIMARY KEY)")
    db.execute("CREATE TABLE c (pid INT REFERENCES p)")
    db.execute("BEGIN WORK")
    db.execute("INSERT INTO p VALUES (1)")
    assert db.error("INSERT INTO c VALUES (2)").sqlcode == -691
    db.execute("INSERT INTO c VALUES (1)")
    db.execute("COMMIT WORK")
    assert db.rows("SELECT pid FROM c") == [(1,)]
