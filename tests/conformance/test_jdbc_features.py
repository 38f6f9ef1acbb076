"""Issue 3's SQL feature list, run line by line through IBM JDBC (`probe ... script`).

Each script line is one statement; the assertions look at what the driver
reports for it: update counts, column types, values (NULL as None) and
sqlcode/SQLSTATE of the statements that must fail.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .conftest import Probe

pytestmark = pytest.mark.conformance

SCRIPTS = Path(__file__).parent / "scripts"


def run_script(probe: Probe, target: Any, name: str, tmp_path: Path) -> dict[str, dict[str, Any]]:
    """Steps of the script keyed by statement text (`{database}` is the test database)."""
    text = (SCRIPTS / name).read_text().replace("{database}", target.database)
    script = tmp_path / name
    script.write_text(text)
    steps = probe(target.jdbc_url(), "script", script)
    assert [s["step"] for s in steps[:2]] == ["driver", "connect"] and steps[1]["ok"], steps[:2]
    lines = {s["sql"]: s for s in steps if s["step"].startswith("line")}
    expected = [line.strip() for line in text.splitlines() if line.strip()]
    assert len(lines) == len([t for t in expected if not t.startswith("--")])
    return lines


def values(step: dict[str, Any]) -> list[list[Any]]:
    assert step["ok"], step
    return [[None if cell is None else cell[1] for cell in row] for row in step.get("rows", [])]


def types(step: dict[str, Any]) -> list[str]:
    return [c["jdbc_type_name"] for c in step["columns"]]


def error(step: dict[str, Any]) -> tuple[int, str]:
    assert step["ok"] is False, step
    return step["error"]["sqlcode"], step["error"]["sqlstate"]


def find(lines: dict[str, dict[str, Any]], start: str) -> dict[str, Any]:
    """The step of the statement that is, or else uniquely starts with, `start`."""
    if start in lines:
        return lines[start]
    matches = [step for sql, step in lines.items() if sql.startswith(start)]
    assert len(matches) == 1, (start, list(lines))
    return matches[0]


def test_query_features(jdbc_probe: Probe, ifx_target: Any, tmp_path: Path) -> None:
    s = run_script(jdbc_probe, ifx_target, "features_select.sql", tmp_path)
    assert all(step["ok"] for step in s.values()), [x for x in s.values() if not x["ok"]]
    inserts = [step["update_count"] for sql, step in s.items() if sql.startswith("INSERT")]
    assert inserts == [1, 1, 1, 1, 1]
    assert values(find(s, "SELECT FIRST 2")) == [[1, "ann"], [2, "bob"]]
    assert values(find(s, "SELECT SKIP 1")) == [["bob"]]
    assert values(find(s, "SELECT name FROM fs_cust ORDER BY id DESC LIMIT")) == [["cy_x"]]
    assert values(find(s, "SELECT UNIQUE")) == [["Oslo    "], ["Paris   "], ["Rome    "]]
    assert values(find(s, "SELECT DISTINCT")) == [["Paris   "], ["Rome    "]]
    assert values(find(s, "SELECT name FROM fs_cust WHERE name MATCHES")) == [["ann"], ["bob"]]
    assert values(find(s, "SELECT name FROM fs_cust WHERE name LIKE 'cy!")) == [["cy_x"]]
    assert values(find(s, "SELECT name FROM fs_cust WHERE name LIKE '_o_'")) == [["bob"]]
    dates = find(s, "SELECT CASE WHEN TODAY")
    assert values(dates) == [["past", 2000, 1, 15, 6, "2024-02-29"]]
    assert types(dates) == ["CHAR", "SMALLINT", "SMALLINT", "SMALLINT", "SMALLINT", "DATE"]
    assert values(find(s, "SELECT COUNT(*) FROM systables WHERE tabid = 1 AND CURRENT")) == [["1"]]
    arithmetic = find(s, "SELECT placed + INTERVAL")
    assert values(arithmetic) == [["2024-01-03 05:04:05.0", "1 03:04:05"]]
    assert [c["type_name"] for c in arithmetic["columns"]] == [
        "datetime year to second",
        "interval day(9) to second",
    ]
    assert values(find(s, "SELECT EXTEND")) == [["2024-01-02 00:00:00.0", "2000-01-15 00:00:00.0"]]
    assert values(find(s, "SELECT 3 UNITS DAY")) == [
        ["2000-01-18 00:00:00.0", "2000-02-15 00:00:00.0", "4 06"]
    ]
    casts = find(s, "SELECT credit::INT")
    assert values(casts) == [[10, "10.50     ", 43, "3.5", "-1234.57"]]
    assert types(casts) == ["INTEGER", "CHAR", "INTEGER", "DECIMAL", "DECIMAL"]
    assert values(find(s, "SELECT NVL")) == [
        ["10.50", "one ", "small"],
        ["-1.00", "two ", "big  "],
        ["-1.00", "many", "big  "],
    ]
    assert values(find(s, "SELECT UPPER")) == [
        ["ANN", "abc", "Hello World", 5, "an", "nn", "Paris", "x", "x|", "***ann", "ann..",
         "Ann", "ann!"]
    ]  # fmt: skip
    assert values(find(s, "SELECT c.name FROM " + ifx_target.database + ":informix")) == [["bob"]]
    assert values(find(s, "SELECT {a comment}")) == [["3"]]
    outer = [["ann", "5.25"], ["bob", "7.00"], ["cy_x", None]]
    assert values(find(s, "SELECT c.name, o.amount FROM fs_cust c, OUTER")) == outer
    assert values(find(s, "SELECT c.name, o.amount FROM fs_cust c LEFT OUTER")) == outer
    assert values(find(s, "SELECT c.name, o.oid FROM fs_cust c, OUTER (")) == [
        ["ann", 1],
        ["bob", 2],
        ["cy_x", None],
    ]
    assert values(find(s, "SELECT name FROM fs_cust WHERE id IN")) == [["bob"]]
    assert values(find(s, "SELECT name FROM fs_cust UNION")) == [
        ["ann"],
        ["bob"],
        ["cy_x"],
        ["zed"],
    ]
    grouped = find(s, "SELECT city, COUNT(*)")
    assert values(grouped)[1] == ["Paris   ", "1", "10.50", "10.5", "ann", 1]
    assert [c["name"] for c in grouped["columns"]] == [
        "city", "(count(*))", "(sum)", "(avg)", "(min)", "(max)"
    ]  # fmt: skip
    assert values(find(s, "WITH big")) == [["2"]]
    assert find(s, "SELECT id, name FROM fs_cust WHERE id < 3 INTO TEMP")["update_count"] == 2
    assert values(find(s, "SELECT * FROM fs_tmp")) == [[1, "ann"], [2, "bob"]]
    version = "IBM Informix Dynamic Server Version 14.10.FC7W1DE"
    assert values(find(s, "SELECT DBINFO")) == [[version]]
    assert values(find(s, "select dbinfo('version','full') from  table")) == [[version]]


def test_ddl_and_constraint_features(jdbc_probe: Probe, ifx_target: Any, tmp_path: Path) -> None:
    s = run_script(jdbc_probe, ifx_target, "features_ddl.sql", tmp_path)
    assert find(s, "INSERT INTO fd_parent (code) VALUES ('AAA')")["update_count"] == 1
    assert error(find(s, "INSERT INTO fd_parent (code, note) VALUES ('AAA'")) == (-268, "23000")
    assert error(find(s, "INSERT INTO fd_parent (code) VALUES (NULL)")) == (-391, "23000")
    assert values(find(s, "SELECT id, code, note, CASE")) == [
        [1, "AAA", "none", "today"],
        [10, "BBB", "ten", "today"],
        [11, "CCC", "none", "today"],
    ]
    orphan = find(s, "INSERT INTO fd_child (pid, qty) VALUES (99")
    assert error(orphan) == (-691, "23000")
    assert "(informix.fd_child_parent)" in orphan["error"]["message"]
    assert error(find(s, "INSERT INTO fd_child (pid, qty) VALUES (10, 0)")) == (-530, "23000")
    referenced = find(s, "DELETE FROM fd_parent WHERE id = 1")
    assert error(referenced) == (-692, "23000")
    assert error(find(s, "UPDATE fd_parent SET id = 2")) == (-692, "23000")
    for alter in (
        "ALTER TABLE fd_parent ADD (",
        "ALTER TABLE fd_parent MODIFY",
        "ALTER TABLE fd_parent DROP",
    ):
        assert find(s, alter)["update_count"] == 0
    assert error(find(s, "UPDATE fd_parent SET rank = -1")) == (-530, "23000")
    assert values(find(s, "SELECT id, rank, note FROM fd_parent")) == [
        [1, 0, "none"],
        [10, 0, "ten"],
        [11, 0, "none"],
    ]
    view = find(s, "SELECT * FROM fd_view")
    assert values(view) == [["AAA", 5]]
    assert [c["name"] for c in view["columns"]] == ["parent_code", "quantity"]
    assert values(find(s, "SELECT * FROM fd_temp")) == [[1, "x"]]
    assert values(find(s, "SELECT nrows, locklevel")) == [[3.0, "R"]]
    assert values(find(s, "SELECT remark FROM fd_parent")) == [["ten"]]
    assert values(find(s, "SELECT COUNT(*) FROM fd_kid")) == [["0"]]
    assert (
        find(s, "DELETE FROM fd_parent WHERE id = 1 AND")["update_count"] == 1
    )  # now unreferenced
    assert error(find(s, "CREATE TABLE fd_bad")) == (-206, "42000")
    assert values(find(s, "SELECT COUNT(*) FROM fd_syn")) == [["2"]]  # through the synonym
    assert values(find(s, "SELECT fd_seq.NEXTVAL")) == [[100, 100]]
    assert error(find(s, "CREATE TRIGGER")) == (-999, "IX000")  # not supported: named


def test_routine_features(jdbc_probe: Probe, ifx_target: Any, tmp_path: Path) -> None:
    s = run_script(jdbc_probe, ifx_target, "features_spl.sql", tmp_path)
    twice = find(s, "EXECUTE FUNCTION fp_twice")
    assert values(twice) == [[42]] and types(twice) == ["INTEGER"]
    upto = find(s, "EXECUTE FUNCTION fp_upto")
    assert values(upto) == [[1, "row 1"], [2, "row 2"], [3, "row 3"]]
    assert [c["name"] for c in upto["columns"]] == ["i", "label"]
    assert find(s, "EXECUTE PROCEDURE fp_log(1)")["update_count"] == 0
    raised = find(s, "EXECUTE PROCEDURE fp_log(-1)")
    assert error(raised)[0] == -746 and "no negatives" in raised["error"]["message"]
    assert values(find(s, "SELECT n, msg, fp_twice(n)")) == [[1, "hello", 2], [2, "two", 4]]
    assert values(find(s, "EXECUTE FUNCTION DBINFO")) == [[ifx_target.database]]
    assert values(find(s, "SELECT procname")) == [["fp_log", "t", 2], ["fp_twice", "f", 1],
                                                  ["fp_upto", "f", 1]]  # fmt: skip
    assert error(find(s, "EXECUTE FUNCTION fp_nosuch"))[0] == -674
    assert all(find(s, f"DROP {kind}")["ok"] for kind in ("FUNCTION fp_twice", "PROCEDURE fp_log"))


def test_catalog_features(jdbc_probe: Probe, ifx_target: Any, tmp_path: Path) -> None:
    s = run_script(jdbc_probe, ifx_target, "features_catalog.sql", tmp_path)
    assert values(find(s, "SELECT tabname, tabtype, ncols")) == [
        ["fc_child", "T", 2],
        ["fc_parent", "T", 4],
        ["fc_view", "V", 2],
    ]
    assert values(find(s, "SELECT t.tabname, c.colname")) == [
        ["fc_parent", "id", 1, 258, 4],  # INTEGER + NOT NULL flag
        ["fc_parent", "name", 2, 13, 4 * 256 + 30],  # VARCHAR(30,4): min * 256 + max
        ["fc_parent", "amount", 3, 5, 10 * 256 + 2],
        ["fc_parent", "at", 4, 10, 14 * 256 + 0 * 16 + 10],  # DATETIME YEAR TO SECOND
    ]
    assert values(find(s, "SELECT i.idxtype")) == [["U", 1, 0]]
    assert values(find(s, "SELECT c.constrname")) == [
        ["fc_ck", "C"],
        ["fc_fk", "R"],
        ["fc_pk", "P"],
    ]
    assert values(find(s, "SELECT r.delrule")) == [["R", "fc_pk"]]
    assert [v[0].rstrip() for v in values(find(s, "SELECT k.checktext"))] == ["qty > 0"]
    assert [[v[0], v[1].rstrip()] for v in values(find(s, "SELECT d.type"))] == [["L", "x"]]
    view_text = "".join(v[0] for v in values(find(s, "SELECT v.viewtext"))).rstrip()
    assert view_text == "CREATE VIEW fc_view AS SELECT id, name FROM fc_parent"
    grants = [[g.rstrip(), a] for g, a in values(find(s, "SELECT a.grantee"))]
    assert grants == [[ifx_target.user, "SU-IDXAR-"], ["public", "su-idx---"]]
    databases = values(find(s, "SELECT name, is_logging"))
    assert [[d[0].rstrip(), d[1], d[2]] for d in databases] == [[ifx_target.database, 1, 0]]
    names = [v[0].rstrip() for v in values(find(s, "SELECT tabname FROM sysmaster:systabnames"))]
    assert names == ["fc_child", "fc_parent", "fc_view"]
    assert values(find(s, "SELECT dummy")) == [["X"]]
    assert values(find(s, "SELECT FIRST 1 tabid")) == [[1, "systables"]]


def test_informix_12_features(jdbc_probe: Probe, ifx_target: Any, tmp_path: Path) -> None:
    """Aggregate UNIQUE, 12.10 built-ins, set operators, storage clauses, named refusals."""
    s = run_script(jdbc_probe, ifx_target, "features_sql_more.sql", tmp_path)
    assert "FRAGMENT BY ROUND ROBIN" in next(
        sql for sql in s if sql.startswith("CREATE TABLE fm_cust")
    )
    for created in ("CREATE TABLE fm_cust", "CREATE UNIQUE INDEX", "CREATE TABLE fm_ord"):
        assert find(s, created)["update_count"] == 0, created
    assert error(find(s, "INSERT INTO fm_cust VALUES (3, 'ann'")) == (-239, "23000")
    orphan = find(s, "INSERT INTO fm_ord VALUES (13, 9")
    assert error(orphan) == (-691, "23000") and "fm_ord_cust" in orphan["error"]["message"]
    assert values(find(s, "SELECT COUNT(UNIQUE cid)")) == [["2", "12", "6", "2", "3"]]
    calendar = find(s, "SELECT ADD_MONTHS(born")
    assert values(calendar) == [["2024-02-29", "2024-01-31", "2", "2023-11-30 10:20:30.0"]]
    assert types(calendar) == ["DATE", "DATE", "DECIMAL", "TIMESTAMP"]
    formats = find(s, "SELECT TO_CHAR(seen")
    assert values(formats) == [
        ["31.01.2024 10:20:30", "2026-03-15 08:30:00.0", "2026-03-15 00:00:00.0"]
    ]
    assert [c["type_name"] for c in formats["columns"]][1:] == [
        "datetime year to fraction(5)",
        "datetime year to fraction(5)",
    ]
    strings = find(s, "SELECT REVERSE(name)")
    assert values(strings) == [
        ["nna", 97, "B", "has ", "0x000000FF", "0xFFFFFFFF"],
        ["bob", 98, "B", "none", "0x000000FF", "0xFFFFFFFF"],
    ]
    assert types(strings)[1:3] == ["INTEGER", "CHAR"]
    assert values(find(s, "SELECT cid FROM fm_ord MINUS")) == [[1]]
    assert values(find(s, "SELECT id FROM fm_cust EXCEPT")) == [[1]]
    assert values(find(s, "SELECT cid FROM fm_ord INTERSECT")) == [[1], [2]]
    assert find(s, "EXECUTE PROCEDURE ifx_allow_newline")["update_count"] == 0
    unknown = find(s, "EXECUTE PROCEDURE fm_nosuch")
    assert error(unknown)[0] == -674 and "(fm_nosuch)" in unknown["error"]["message"]
    unknown = find(s, "SELECT TO_NUMBER")
    assert error(unknown)[0] == -674 and "(to_number)" in unknown["error"]["message"]
    assert error(find(s, "SELECT INTERVAL(3) HOUR TO HOUR"))[0] == -1266
    assert values(find(s, "SELECT INTERVAL(5) DAY TO DAY")) == [["5"]]  # HOUR is ignored
    assert find(s, "CREATE TABLE fm_blob")["update_count"] == 0
    blobs = find(s, "SELECT id, body, raw FROM fm_blob")
    assert values(blobs) == [[1, "quoted TEXT", None]]
    assert types(blobs) == ["INTEGER", "LONGVARCHAR", "LONGVARBINARY"]
    fractions = find(s, "SELECT f, i FROM fm_frac")
    assert [c["type_name"] for c in fractions["columns"]] == [
        "datetime fraction to fraction(3)",
        "interval fraction to fraction(2)",
    ]
    (row,) = values(fractions)
    assert row[0].endswith(":00.123") and row[1] == ".45"
