"""Every type crosses between clients: what our driver binds, IBM JDBC reads exactly,
and what JDBC writes, our driver reads exactly (issue 4)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

import informix_db

from .conftest import Probe, by_step, describe_failures

pytestmark = pytest.mark.conformance

COLUMNS = (
    "k INT, si SMALLINT, i INT, bi BIGINT, i8 INT8, f FLOAT, sf SMALLFLOAT, d DECIMAL(12,3), "
    "df DECIMAL(16), m MONEY(10,2), c CHAR(6), nc NCHAR(6), v VARCHAR(20), nv NVARCHAR(20), "
    "lv LVARCHAR(500), b BOOLEAN, dd DATE, dts DATETIME YEAR TO SECOND, "
    "dtf DATETIME YEAR TO FRACTION(3), dth DATETIME HOUR TO MINUTE, "
    "ids INTERVAL DAY(3) TO SECOND, iym INTERVAL YEAR TO MONTH"
)
PYTHON_VALUES = (
    -7, 42, 2**40, -(2**40), 1.5, 2.25, Decimal("-123.456"), Decimal("1234567.5"),
    Decimal("99.95"), "ab", "cd", "hello", "wörld", "long text", True, dt.date(2026, 8, 31),
    dt.datetime(2026, 8, 31, 12, 30, 15), dt.datetime(2026, 8, 31, 12, 30, 15, 123000),
    dt.time(9, 5), dt.timedelta(days=3, hours=4, minutes=5, seconds=6),
    informix_db.IntervalYM(63),
)  # fmt: skip
JDBC_SEES = [
    ["java.lang.Short", -7], ["java.lang.Integer", 42], ["java.lang.Long", 2**40],
    ["java.lang.Long", -(2**40)], ["java.lang.Double", 1.5], ["java.lang.Float", 2.25],
    ["java.math.BigDecimal", "-123.456"], ["java.math.BigDecimal", "1234567.5"],
    ["java.math.BigDecimal", "99.95"], ["java.lang.String", "ab    "],
    ["java.lang.String", "cd    "], ["java.lang.String", "hello"], ["java.lang.String", "wörld"],
    ["java.lang.String", "long text"], ["java.lang.Boolean", True],
    ["java.sql.Date", "2026-08-31"], ["java.sql.Timestamp", "2026-08-31 12:30:15.0"],
    ["java.sql.Timestamp", "2026-08-31 12:30:15.123"], ["java.sql.Time", "09:05:00"],
    ["com.informix.lang.IntervalDF", "3 04:05:06"], ["com.informix.lang.IntervalYM", "5-03"],
]  # fmt: skip
JDBC_INSERT = (
    "INSERT INTO xc_types VALUES (2, -7, 42, 1099511627776, -1099511627776, 1.5, 2.25, "
    "-123.456, 1234567.5, 99.95, 'ab', 'cd', 'hello', 'wörld', 'long text', 't', '2026-08-31', "
    "'2026-08-31 12:30:15', '2026-08-31 12:30:15.123', '09:05', '3 04:05:06', '5-03')"
)


def test_values_cross_both_ways(
    jdbc_probe: Probe,
    ifx_target,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    with ifx_target.connect(autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS xc_types")
        conn.execute(f"CREATE TABLE xc_types ({COLUMNS})")
        marks = ", ".join("?" * (len(PYTHON_VALUES) + 1))
        conn.execute(f"INSERT INTO xc_types VALUES ({marks})", (1, *PYTHON_VALUES))
        script = tmp_path / "xc.sql"
        script.write_text(f"SELECT * FROM xc_types WHERE k = 1\n{JDBC_INSERT}\n", "utf-8")
        steps = by_step(jdbc_probe(ifx_target.jdbc_url(), "script", script))
        assert steps["line 1"]["ok"] and steps["line 2"]["ok"], describe_failures(
            list(steps.values())
        )
        assert steps["line 1"]["rows"] == [[["java.lang.Integer", 1], *JDBC_SEES]]
        row = conn.execute("SELECT * FROM xc_types WHERE k = 2").fetchone()
        expected = list(PYTHON_VALUES)
        expected[9:11] = ["ab    ", "cd    "]  # CHAR comes back blank-padded
        assert list(row[1:]) == expected
        conn.execute("DROP TABLE xc_types")


MORE_COLUMNS = (
    "k INT, dym DATETIME YEAR TO MONTH, dyf DATETIME YEAR TO FRACTION(5), "
    "dms DATETIME MINUTE TO SECOND, ihm INTERVAL HOUR TO MINUTE, "
    "imf INTERVAL MINUTE TO FRACTION(3), id9 INTERVAL DAY(9) TO FRACTION(5), "
    "iy9 INTERVAL YEAR(9) TO MONTH, imm INTERVAL MONTH(4) TO MONTH, lv LVARCHAR(40000)"
)
LONG_TEXT = "x" * 35_000 + "end"  # beyond 32 KB: LVARCHAR's long form on the wire
MORE_PYTHON = (
    dt.date(2026, 8, 1), dt.datetime(2026, 8, 31, 12, 30, 15, 123450), dt.time(0, 59, 58),
    dt.timedelta(hours=-5, minutes=-7), dt.timedelta(minutes=75, seconds=3, microseconds=456000),
    dt.timedelta(days=99999, hours=1, microseconds=10),
    informix_db.IntervalYM(-(123456789 * 12 + 5)), informix_db.IntervalYM(1234), LONG_TEXT,
)  # fmt: skip
MORE_JDBC_SEES = [
    ["java.sql.Timestamp", "2026-08-01 00:00:00.0"],
    ["java.sql.Timestamp", "2026-08-31 12:30:15.12345"], ["java.sql.Time", "00:59:58"],
    ["com.informix.lang.IntervalDF", " -5:07"], ["com.informix.lang.IntervalDF", "75:03.456"],
    ["com.informix.lang.IntervalDF", "99999 01:00:00.00001"],
    ["com.informix.lang.IntervalYM", "-123456789-05"], ["com.informix.lang.IntervalYM", "1234"],
    ["java.lang.String", LONG_TEXT],
]  # fmt: skip
MORE_JDBC_INSERT = (
    "INSERT INTO xc_more VALUES (2, '2026-08', '2026-08-31 12:30:15.12345', '59:58', '-5:07', "
    "'75:03.456', '123456789 01:00:00.00001', '-123456789-05', '1234', "
    f"'{LONG_TEXT}')"
)
SERIALS = ("SERIAL", "SERIAL8", "BIGSERIAL")


def test_more_qualifiers_serials_and_nulls_cross_both_ways(
    jdbc_probe: Probe,
    ifx_target,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    with ifx_target.connect(autocommit=True) as conn:
        tables = {"xc_more": MORE_COLUMNS, "xc_types": COLUMNS}
        tables.update({f"xc_{s.lower()}": f"s {s}, k INT" for s in SERIALS})
        for name, columns in tables.items():
            conn.execute(f"DROP TABLE IF EXISTS {name}")
            conn.execute(f"CREATE TABLE {name} ({columns})")
        marks = ", ".join("?" * (len(MORE_PYTHON) + 1))
        conn.execute(f"INSERT INTO xc_more VALUES ({marks})", (1, *MORE_PYTHON))
        conn.execute(f"INSERT INTO xc_more VALUES ({marks})", (3,) + (None,) * len(MORE_PYTHON))
        conn.execute(
            f"INSERT INTO xc_types VALUES ({', '.join('?' * (len(PYTHON_VALUES) + 1))})",
            (1,) + (None,) * len(PYTHON_VALUES),
        )
        ours = {}
        for s in SERIALS:
            cur = conn.execute(f"INSERT INTO xc_{s.lower()} (k) VALUES (1)")
            ours[s] = cur.lastrowid
        lines = [
            "SELECT * FROM xc_more WHERE k IN (1, 3) ORDER BY k",
            "SELECT * FROM xc_types WHERE k = 1",
            MORE_JDBC_INSERT,
            "INSERT INTO xc_more (k) VALUES (4)",
            "INSERT INTO xc_types (k) VALUES (2)",
            *[f"INSERT INTO xc_{s.lower()} (s, k) VALUES (0, 2)" for s in SERIALS],
            *[f"SELECT s FROM xc_{s.lower()} ORDER BY k" for s in SERIALS],
        ]
        script = tmp_path / "xc_more.sql"
        script.write_text("\n".join(lines) + "\n", "utf-8")
        steps = by_step(jdbc_probe(ifx_target.jdbc_url(), "script", script))
        assert all(steps[f"line {i}"]["ok"] for i in range(1, len(lines) + 1)), describe_failures(
            list(steps.values())
        )
        # what our driver wrote, JDBC reads
        assert steps["line 1"]["rows"] == [
            [["java.lang.Integer", 1], *MORE_JDBC_SEES],
            [["java.lang.Integer", 3], *[None] * len(MORE_PYTHON)],
        ]
        assert steps["line 2"]["rows"] == [[["java.lang.Integer", 1], *[None] * len(JDBC_SEES)]]
        for i, s in enumerate(SERIALS):
            got = steps[f"line {len(lines) - 2 + i}"]["rows"]
            java = "java.lang.Integer" if s == "SERIAL" else "java.lang.Long"
            assert got == [[[java, ours[s]]], [[java, ours[s] + 1]]], s
        # what JDBC wrote, our driver reads
        row = conn.execute("SELECT * FROM xc_more WHERE k = 2").fetchone()
        expected = list(MORE_PYTHON)
        expected[5] = dt.timedelta(days=123456789, hours=1, microseconds=10)
        assert list(row[1:]) == expected
        assert conn.execute("SELECT * FROM xc_more WHERE k = 4").fetchone()[1:] == (None,) * 9
        nulls = conn.execute("SELECT * FROM xc_types WHERE k = 2").fetchone()
        assert nulls[1:] == (None,) * len(PYTHON_VALUES)
        for s in SERIALS:
            got = conn.execute(f"SELECT s FROM xc_{s.lower()} ORDER BY k").fetchall()
            assert got == [(ours[s],), (ours[s] + 1,)], s
        for name in tables:
            conn.execute(f"DROP TABLE {name}")


BLOB_BYTES = bytes(range(256)) * 160  # 40 KB: several SQ_BLOB chunks each way
BLOB_TEXT = "Grüße, TEXT\n" * 3000


def test_byte_and_text_cross_both_ways(
    jdbc_probe: Probe,
    ifx_target,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    """JDBC reads the BYTE/TEXT values our driver streamed (FETCHBLOB, tb_end sizing,
    empty values); our driver reads the TEXT JDBC wrote as a quoted literal."""
    with ifx_target.connect(autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS xc_blob")
        conn.execute("CREATE TABLE xc_blob (k INT, b BYTE, t TEXT)")
        cur = conn.cursor()
        cur.executemany(
            "INSERT INTO xc_blob VALUES (?, ?, ?)",
            [
                (1, BLOB_BYTES, informix_db.Text(BLOB_TEXT)),
                (2, b"", ""),
                (3, None, None),
                (4, b"\x00\xff", "wörld"),
            ],
        )
        lines = [
            "SELECT k, b, t FROM xc_blob ORDER BY k",
            "INSERT INTO xc_blob VALUES (5, NULL, 'written by JDBC: ü')",
        ]
        script = tmp_path / "xc_blob.sql"
        script.write_text("\n".join(lines) + "\n", "utf-8")
        steps = by_step(jdbc_probe(ifx_target.jdbc_url(), "script", script))
        assert steps["line 1"]["ok"] and steps["line 2"]["ok"], describe_failures(
            list(steps.values())
        )
        columns = steps["line 1"]["columns"]
        assert [(c["type_name"], c["jdbc_type_name"]) for c in columns[1:]] == [
            ("byte", "LONGVARBINARY"),
            ("text", "LONGVARCHAR"),
        ]
        assert steps["line 1"]["rows"] == [
            [["java.lang.Integer", 1], ["[B", BLOB_BYTES.hex()], ["java.lang.String", BLOB_TEXT]],
            [["java.lang.Integer", 2], ["[B", ""], ["java.lang.String", ""]],
            [["java.lang.Integer", 3], None, None],
            [["java.lang.Integer", 4], ["[B", "00ff"], ["java.lang.String", "wörld"]],
        ]
        row = conn.execute("SELECT b, t FROM xc_blob WHERE k = 5").fetchone()
        assert row == (None, "written by JDBC: ü")
        conn.execute("DROP TABLE xc_blob")
