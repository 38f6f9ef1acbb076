"""SPL routines: CREATE/DROP, EXECUTE PROCEDURE/FUNCTION, CALL, UDFs in SELECT."""

from __future__ import annotations

from decimal import Decimal

import pytest

from informix_db.protocol.codes import IfxType, StmtType

from .conftest import Client

pytestmark = pytest.mark.unit

ACCOUNTS = """
CREATE PROCEDURE open_account(p_id INT, p_bal DECIMAL(10,2) DEFAULT 0)
  DEFINE i INT;
  IF p_bal < 0 THEN
    RAISE EXCEPTION -746, 0, 'negative balance';
  ELIF p_bal = 0 THEN
    LET p_bal = 1;
  ELSE
    LET p_bal = p_bal * 1;
  END IF;
  INSERT INTO acct VALUES (p_id, p_bal);
  FOR i = 1 TO 5 STEP 2
    INSERT INTO acct VALUES (p_id * 10 + i, i);
  END FOR;
END PROCEDURE
"""

RICH = """
CREATE FUNCTION rich(lim DECIMAL(10,2)) RETURNING INT AS id, DECIMAL(10,2) AS balance;
  DEFINE v_id INT;
  DEFINE v_bal DECIMAL(10,2);
  FOREACH SELECT id, bal INTO v_id, v_bal FROM acct WHERE bal > lim ORDER BY id
    IF v_id = 13 THEN CONTINUE FOREACH; END IF;
    RETURN v_id, v_bal WITH RESUME;
  END FOREACH;
END FUNCTION
"""


@pytest.fixture
def bank(db: Client) -> Client:
    db.execute("CREATE TABLE acct (id INT, bal DECIMAL(10,2))")
    db.execute(ACCOUNTS)
    db.execute(RICH)
    return db


def test_function_in_execute_and_select(db: Client) -> None:
    prepared = db.session.prepare(
        "CREATE FUNCTION twice(n INT) RETURNING INT; RETURN n * 2; END FUNCTION"
    )
    assert prepared.stmt_type == StmtType.CREPROC
    prepared.execute([])
    execute = db.session.prepare("EXECUTE FUNCTION twice(?)")
    assert execute.stmt_type == StmtType.EXECPROC and execute.returns_rows
    assert [p.code for p in execute.params] == [IfxType.INT]
    assert db.rows("EXECUTE FUNCTION twice(?)", 21) == [(42,)]
    assert db.rows("SELECT tabid, twice(tabid) FROM systables WHERE tabid < 3") == [(1, 2), (2, 4)]
    assert db.describe("EXECUTE FUNCTION twice(1)") == [("(expression)", IfxType.INT, 4, True)]


def test_procedure_with_branches_loops_defaults_and_raise(bank: Client) -> None:
    execute = bank.session.prepare("EXECUTE PROCEDURE open_account(1, 5.5)")
    assert not execute.returns_rows and execute.columns == []
    execute.execute([])
    bank.execute("EXECUTE PROCEDURE open_account(2)")
    error = bank.error("EXECUTE PROCEDURE open_account(3, -1)")
    assert (error.sqlcode, error.text) == (-746, "negative balance")
    bank.execute("CALL open_account(4, 2)")
    rows = bank.rows("SELECT id, bal FROM acct WHERE id < 10 ORDER BY id")
    assert rows == [(1, Decimal("5.50")), (2, Decimal("1.00")), (4, Decimal("2.00"))]
    assert bank.rows("SELECT id FROM acct WHERE id BETWEEN 10 AND 19 ORDER BY id") == [
        (11,),
        (13,),
        (15,),
    ]


def test_foreach_with_resume_gives_several_rows(bank: Client) -> None:
    bank.execute("EXECUTE PROCEDURE open_account(1, 9)")
    rows = bank.rows("EXECUTE FUNCTION rich(2.5)")
    assert rows == [(1, Decimal("9.00")), (15, Decimal("5.00"))]
    assert [c[0] for c in bank.describe("EXECUTE FUNCTION rich(0)")] == ["id", "balance"]


def test_while_exit_and_multiple_values(db: Client) -> None:
    db.execute(
        """CREATE FUNCTION sum_to(n INT) RETURNING INT, CHAR(4);
             DEFINE total INT;
             LET total = 0;
             WHILE n > 0
               LET total = total + n;
               LET n = n - 1;
               IF total > 100 THEN EXIT WHILE; END IF;
             END WHILE;
             RETURN total, 'done';
           END FUNCTION"""
    )
    assert db.rows("EXECUTE FUNCTION sum_to(5)") == [(15, "done")]
    assert db.rows("EXECUTE FUNCTION sum_to(50)") == [(147, "done")]
    db.execute(
        """CREATE PROCEDURE use_it() RETURNING INT, CHAR(4);
             DEFINE a INT; DEFINE b CHAR(4);
             LET a, b = sum_to(3);
             CALL sum_to(4) RETURNING a, b;
             FOR a IN (7, 8)
               LET b = 'x';
             END FOR;
             RETURN a + 1, b;
           END PROCEDURE"""
    )
    assert db.rows("EXECUTE PROCEDURE use_it()") == [(9, "x")]


def test_select_into_and_variables_shadow_columns(bank: Client) -> None:
    bank.execute("INSERT INTO acct VALUES (1, 10)")
    bank.execute("INSERT INTO acct VALUES (2, 20)")
    bank.execute(
        """CREATE FUNCTION balance_of(id INT) RETURNING DECIMAL(10,2);
             DEFINE bal DECIMAL(10,2);
             SELECT acct.bal INTO bal FROM acct WHERE acct.id = id;
             RETURN bal;
           END FUNCTION"""
    )
    # Unqualified `id` is the variable; `acct.id` the column (Informix's rule).
    assert bank.rows("EXECUTE FUNCTION balance_of(2)") == [(Decimal("20.00"),)]
    assert bank.rows("EXECUTE FUNCTION balance_of(9)") == [(None,)]
    bank.execute(
        """CREATE FUNCTION any_balance() RETURNING DECIMAL(10,2);
             DEFINE b DECIMAL(10,2);
             SELECT bal INTO b FROM acct WHERE bal > 0;
             RETURN b;
           END FUNCTION"""
    )
    assert bank.error("EXECUTE FUNCTION any_balance()").sqlcode == -284


def test_catalog_rows_and_drop(bank: Client) -> None:
    rows = bank.rows("SELECT procname, isproc, numargs, paramtypes FROM sysprocedures ORDER BY 1")
    assert rows == [
        ("open_account", "t", 2, "integer,decimal(10,2)"),
        ("rich", "f", 1, "decimal(10,2)"),
    ]
    columns = bank.rows(
        "SELECT c.paramid, c.paramname, c.paramtype, c.paramattr FROM sysproccolumns c,"
        " sysprocedures p WHERE c.procid = p.procid AND p.procname = 'rich' ORDER BY 1"
    )
    assert columns == [(1, "lim", 5, 1), (2, "id", 2, 3), (3, "balance", 5, 3)]
    body = "".join(
        t for (t,) in bank.rows(
            "SELECT b.data FROM sysprocbody b, sysprocedures p"
            " WHERE b.procid = p.procid AND p.procname = 'rich' ORDER BY b.seqno"
        )
    )  # fmt: skip
    assert "RETURN v_id, v_bal WITH RESUME" in body
    assert bank.error(RICH).sqlcode == -673
    assert bank.session.prepare("DROP FUNCTION rich").stmt_type == StmtType.DRPPROC
    bank.execute("DROP FUNCTION rich")
    assert bank.error("EXECUTE FUNCTION rich(1)").sqlcode == -674
    assert bank.error("DROP FUNCTION rich").sqlcode == -674
    bank.execute("DROP FUNCTION IF EXISTS rich")


def test_builtins_through_execute_function(db: Client) -> None:
    version = db.value("EXECUTE FUNCTION DBINFO('version', 'full')")
    assert isinstance(version, str) and "Version" in version
    assert db.session.prepare("EXECUTE FUNCTION DBINFO('dbname')").stmt_type == 56


def test_unsupported_spl_is_named(db: Client) -> None:
    error = db.error("CREATE PROCEDURE p() ON EXCEPTION IN (-206) END EXCEPTION; END PROCEDURE")
    assert (error.sqlcode, error.text) == (-999, "SPL ON")
    assert db.error("CREATE PROCEDURE p() DEFINE GLOBAL g INT; END PROCEDURE").text == (
        "DEFINE GLOBAL"
    )
    assert db.error("CREATE FUNCTION f() RETURN 1; END FUNCTION").sqlcode == -201
    assert db.value("SELECT COUNT(*) FROM sysprocedures") == 0


def test_routines_roll_back_with_the_transaction(db: Client) -> None:
    db.execute("BEGIN WORK")
    db.execute("CREATE PROCEDURE p() END PROCEDURE")
    db.execute("EXECUTE PROCEDURE p()")
    db.execute("ROLLBACK WORK")
    assert db.error("EXECUTE PROCEDURE p()").sqlcode == -674
