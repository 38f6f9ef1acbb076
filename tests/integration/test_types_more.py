"""Types beyond the round trips: description, type objects, locales, adapter scopes,
range errors, the binding matrix and property-based checks of the rarer types."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterator
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import informix_db
from ifxserver.testing import Target
from informix_db import BINARY, DATETIME, NUMBER, ROWID, STRING, IntervalYM
from informix_db.protocol.codes import IfxType
from informix_db.protocol.coltype import qualifier

from .typekit import PAIR_IDS, PAIRS, datetime_as_stored, moments, round_trip, temp_table

pytestmark = pytest.mark.integration

SETTINGS = settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


# -- cursor.description ----------------------------------------------------------
# (column type, type_code, display_size, internal_size, precision, scale, null_ok)
DESCRIBED: list[tuple[str, int, int | None, int | None, int | None, int | None, bool]] = [
    ("SMALLINT NOT NULL", IfxType.SMALLINT, 6, 2, 5, 0, False),
    ("INTEGER", IfxType.INT, 11, 4, 10, 0, True),
    ("BIGINT NOT NULL", IfxType.BIGINT, 20, 8, 19, 0, False),
    ("INT8", IfxType.INT8, 20, 10, 19, 0, True),
    ("FLOAT", IfxType.FLOAT, 16, 8, 15, None, True),
    ("SMALLFLOAT", IfxType.SMALLFLOAT, 8, 4, 7, None, True),
    ("DECIMAL(12,3)", IfxType.DECIMAL, 14, 8, 12, 3, True),
    ("DECIMAL(16)", IfxType.DECIMAL, 18, 10, 16, None, True),  # floating: no scale
    ("MONEY(10,2) NOT NULL", IfxType.MONEY, 12, 6, 10, 2, False),
    ("CHAR(6) NOT NULL", IfxType.CHAR, 6, 6, 6, None, False),
    ("NCHAR(7)", IfxType.NCHAR, 7, 7, 7, None, True),
    ("VARCHAR(20)", IfxType.VARCHAR, 20, 20, 20, None, True),
    ("NVARCHAR(30,4)", IfxType.NVARCHAR, 30, 30, 30, None, True),
    ("LVARCHAR(500)", IfxType.LVARCHAR, 500, 500, 500, None, True),
    ("BOOLEAN", IfxType.BOOL, 1, 1, None, None, True),
    ("DATE NOT NULL", IfxType.DATE, 10, 4, 10, None, False),
    ("DATETIME YEAR TO SECOND", IfxType.DATETIME, 19, 8, 19, 0, True),
    ("DATETIME YEAR TO FRACTION(3)", IfxType.DATETIME, 23, 10, 23, 3, True),
    ("DATETIME HOUR TO MINUTE", IfxType.DATETIME, 5, 3, 5, 0, True),
    ("INTERVAL DAY(3) TO SECOND", IfxType.INTERVAL, 12, 6, 12, 0, True),
    ("INTERVAL YEAR TO MONTH", IfxType.INTERVAL, 7, 4, 7, 0, True),
    ("INTERVAL DAY(9) TO FRACTION(5)", IfxType.INTERVAL, 24, 12, 24, 5, True),
    ("BYTE", IfxType.BYTE, None, None, None, None, True),  # unbounded: no sizes
    ("TEXT NOT NULL", IfxType.TEXT, None, None, None, None, False),
]


def test_description_of_every_type_family(
    conn: informix_db.Connection, make_table: Callable[[str], str]
) -> None:
    table = make_table("(" + ", ".join(f"c{i} {d[0]}" for i, d in enumerate(DESCRIBED)) + ")")
    cur = conn.execute(f"SELECT * FROM {table}")
    assert cur.description is not None
    got = [tuple(d) for d in cur.description]
    want = [(f"c{i}", *d[1:]) for i, d in enumerate(DESCRIBED)]
    for sqltype, g, w in zip([d[0] for d in DESCRIBED], got, want, strict=True):
        assert g == w, sqltype
    first = cur.description[0]
    assert (first.name, first.type_code, first.null_ok) == ("c0", IfxType.SMALLINT, False)
    assert not any(d.distinct for d in cur.description)  # the server has no DISTINCT types
    assert cur.description[6].type_name == "DECIMAL(12,3)"


def test_expressions_are_nullable_and_typed(conn: informix_db.Connection) -> None:
    cur = conn.execute("SELECT 1 + 1, 'abc', TODAY, 1.5 FROM systables WHERE tabid = 1")
    assert cur.description is not None
    assert all(d.null_ok for d in cur.description)
    assert [d.type_code == t for d, t in zip(cur.description, (NUMBER, STRING, DATETIME, NUMBER), strict=True)] == [True] * 4  # fmt: skip  # noqa: E501


def test_type_objects_match_the_right_codes(
    conn: informix_db.Connection, make_table: Callable[[str], str]
) -> None:
    families = {
        STRING: ["CHAR(3)", "NCHAR(3)", "VARCHAR(3)", "NVARCHAR(3)", "LVARCHAR(30)", "TEXT"],
        NUMBER: ["SMALLINT", "INTEGER", "BIGINT", "INT8", "FLOAT", "SMALLFLOAT", "DECIMAL(5,2)",
                 "DECIMAL(9)", "MONEY(8,2)"],
        DATETIME: ["DATE", "DATETIME YEAR TO DAY", "DATETIME HOUR TO SECOND",
                   "INTERVAL DAY TO SECOND", "INTERVAL YEAR TO MONTH"],
        informix_db.BOOLEAN: ["BOOLEAN"],
        BINARY: ["BYTE"],
    }  # fmt: skip
    everything = [t for types in families.values() for t in types]
    table = make_table("(" + ", ".join(f"c{i} {t}" for i, t in enumerate(everything)) + ")")
    cur = conn.execute(f"SELECT * FROM {table}")
    assert cur.description is not None
    codes = dict(zip(everything, (d.type_code for d in cur.description), strict=True))
    for family, types in families.items():
        for sqltype in types:
            assert codes[sqltype] == family, sqltype
            others = [f for f in (STRING, NUMBER, DATETIME, BINARY) if f is not family]
            assert all(codes[sqltype] != f for f in others), sqltype
            assert codes[sqltype] != ROWID  # Informix's rowid is described as a plain INTEGER
    assert (codes["BYTE"], codes["TEXT"]) == (IfxType.BYTE, IfxType.TEXT)


@pytest.mark.parametrize(
    ("sqltype", "code"),
    [("SERIAL", IfxType.SERIAL), ("SERIAL8", IfxType.SERIAL8), ("BIGSERIAL", IfxType.BIGSERIAL)],
)
def test_serial_columns_are_numbers_not_rowids(
    conn: informix_db.Connection, sqltype: str, code: int
) -> None:
    table = temp_table(conn, f"id {sqltype}, name VARCHAR(5)")
    cur = conn.execute(f"SELECT id FROM {table}")
    assert cur.description is not None
    (column,) = cur.description
    assert column.type_code == code and column.type_code == NUMBER and column.type_code != ROWID
    assert column.scale == 0 and column.precision == (10 if code == IfxType.SERIAL else 19)


# -- CHAR trimming and locales ---------------------------------------------------
def test_trim_char_through_connect(ifx_target: Target, make_table: Callable[[str], str]) -> None:
    t = make_table("(k INT, c CHAR(8), nc NCHAR(8), v VARCHAR(8), lv LVARCHAR(20))")
    values = [(1, "ab", " cd ", "ef  ", "gh  "), (2, "", "", "", ""), (3, None, None, None, None)]
    with ifx_target.connect(autocommit=True, trim_char=True) as trimmed:
        trimmed.cursor().executemany(f"INSERT INTO {t} VALUES (?, ?, ?, ?, ?)", values)
        rows = trimmed.execute(f"SELECT c, nc, v, lv FROM {t} ORDER BY k").fetchall()
        assert rows == [("ab", " cd", "ef  ", "gh  "), ("", "", "", ""), (None,) * 4]
    with ifx_target.connect(autocommit=True) as padded:
        rows = padded.execute(f"SELECT c, nc, v FROM {t} ORDER BY k").fetchall()
        assert rows[:2] == [("ab      ", " cd     ", "ef  "), (" " * 8, " " * 8, "")]
    dsn_args = ifx_target.connect_args()
    dsn = (
        f"informix://{dsn_args['user']}:{dsn_args['password']}@{dsn_args['host']}:"
        f"{dsn_args['port']}/{dsn_args['database']}?server={dsn_args['server']}&trim_char=1"
    )
    with informix_db.connect(dsn) as from_dsn:
        assert from_dsn.execute(f"SELECT c FROM {t} WHERE k = 1").fetchone() == ("ab",)


@pytest.fixture(scope="module")
def utf8_57372(ifx_target: Target) -> Iterator[informix_db.Connection]:
    opts = {"client_locale": "en_US.57372", "db_locale": "en_US.57372"}
    with ifx_target.connect(database="sysmaster", autocommit=True, **opts) as admin:
        for name, mode in (("ifx_test_57372", ""), ("ifx_test_57372_ansi", " MODE ANSI")):
            try:
                admin.execute(f"CREATE DATABASE {name} WITH LOG{mode}")
            except informix_db.ProgrammingError as e:
                if e.sqlcode != -330:  # already there from an earlier run
                    raise
    conn = ifx_target.connect(database="ifx_test_57372", autocommit=True, **opts)
    yield conn
    conn.close()


def test_numeric_utf8_locale_round_trips_non_ascii(utf8_57372: informix_db.Connection) -> None:
    assert utf8_57372.encoding == "utf-8"
    cur = utf8_57372.cursor()
    cur.execute("CREATE TEMP TABLE nx (v VARCHAR(60), lv LVARCHAR(200)) WITH NO LOG")
    text = "größe — 日本語 — 😀"
    cur.execute("INSERT INTO nx VALUES (?, ?)", (text, text * 3))
    assert cur.execute("SELECT v, lv FROM nx WHERE v = ?", (text,)).fetchone() == (text, text * 3)
    assert cur.execute("SELECT 'ñandú' AS añejo FROM systables WHERE tabid = 1").fetchone() == (
        "ñandú",
    )
    assert cur.description is not None and cur.description[0].name == "añejo"
    cur.execute("DROP TABLE nx")


def test_char_is_byte_counted_and_never_splits_a_character(
    utf8_57372: informix_db.Connection,
) -> None:
    cur = utf8_57372.cursor()
    cur.execute("CREATE TEMP TABLE cx (k INT, c CHAR(5), n NCHAR(4)) WITH NO LOG")
    cur.executemany("INSERT INTO cx VALUES (?, ?, ?)", [(1, "日本", "日本"), (2, "größe", "ab")])
    rows = cur.execute("SELECT c, n FROM cx ORDER BY k").fetchall()
    assert rows == [("日  ", "日 "), ("grö ", "ab  ")]  # 3+2 and 4+1 bytes: whole characters
    assert all(len(c.encode()) == 5 and len(n.encode()) == 4 for c, n in rows)
    cur.execute("DROP TABLE cx")


def test_char_overflow_is_a_data_error_in_an_ansi_database(
    ifx_target: Target,
    utf8_57372: informix_db.Connection,
) -> None:
    opts = {"client_locale": "en_US.57372", "db_locale": "en_US.57372"}
    with ifx_target.connect(database="ifx_test_57372_ansi", **opts) as ansi:
        cur = ansi.cursor()
        cur.execute("CREATE TEMP TABLE ax (c CHAR(5)) WITH NO LOG")
        with pytest.raises(informix_db.DataError) as info:
            cur.execute("INSERT INTO ax VALUES (?)", ("日本",))
        assert info.value.sqlcode == -1279
        cur.execute("INSERT INTO ax VALUES (?)", ("日",))  # 3 bytes fit
        assert cur.execute("SELECT c FROM ax").fetchall() == [("日  ",)]
        ansi.rollback()


# -- adapters and loaders: cursor > connection > global ------------------------------
@pytest.fixture
def clean_global_adapters() -> Iterator[None]:
    registry = informix_db.adapters
    saved = (dict(registry._adapters), dict(registry._loaders))
    yield
    registry._adapters.clear()
    registry._adapters.update(saved[0])
    registry._loaders.clear()
    registry._loaders.update(saved[1])


def test_adapter_and_loader_precedence(
    ifx_target: Target,
    make_table: Callable[[str], str],
    clean_global_adapters: None,
) -> None:
    t = make_table("(k INT, tag VARCHAR(60), w DECIMAL(6,2))")
    key = uuid.UUID("12345678-1234-5678-1234-567812345678")
    informix_db.register_adapter(uuid.UUID, lambda u: f"global:{u.hex[:4]}")
    informix_db.register_loader("DECIMAL", lambda d: ("global", d))
    with ifx_target.connect(autocommit=True) as conn:
        global_only = conn.cursor()
        conn_scoped = conn.cursor()
        cursor_scoped = conn.cursor()
        global_only.execute(f"INSERT INTO {t} VALUES (1, ?, 1.25)", (key,))
        conn.adapters.register_adapter(uuid.UUID, lambda u: f"conn:{u.hex[:4]}")
        conn.adapters.register_loader(IfxType.DECIMAL, lambda d: ("conn", d))
        conn_scoped.execute(f"INSERT INTO {t} VALUES (2, ?, 2.5)", (key,))
        cursor_scoped.adapters.register_adapter(uuid.UUID, lambda u: f"cursor:{u.hex[:4]}")
        cursor_scoped.adapters.register_loader("decimal", lambda d: ("cursor", d))
        cursor_scoped.execute(f"INSERT INTO {t} VALUES (3, ?, NULL)", (key,))
        sql = f"SELECT tag, w FROM {t} ORDER BY k"
        assert cursor_scoped.execute(sql).fetchall() == [
            ("global:1234", ("cursor", Decimal("1.25"))),
            ("conn:1234", ("cursor", Decimal("2.50"))),
            ("cursor:1234", None),  # loaders never see NULL
        ]
        # a cursor made before the connection registered still falls back to it
        assert [r[1] for r in global_only.execute(sql)][:2] == [
            ("conn", Decimal("1.25")),
            ("conn", Decimal("2.50")),
        ]
    with ifx_target.connect(autocommit=True) as fresh:  # no connection loaders: global wins
        assert fresh.execute(f"SELECT w FROM {t} WHERE k = 1").fetchone() == (
            ("global", Decimal("1.25")),
        )


def test_global_state_is_restored(clean_global_adapters: None) -> None:
    assert uuid.UUID not in informix_db.adapters._adapters
    assert "DECIMAL" not in informix_db.adapters._loaders


# -- range errors are DataError -----------------------------------------------------
@pytest.mark.parametrize(
    ("sqltype", "value", "sqlcode"),
    [
        ("BIGINT", 2**70, None),  # refused before anything is sent
        ("INTEGER", 2**40, -1215),
        ("SMALLINT", 40000, -1214),
        ("DECIMAL(5,2)", Decimal("1234.5"), -1226),
    ],
)
def test_out_of_range_parameters(
    conn: informix_db.Connection, sqltype: str, value: object, sqlcode: int | None
) -> None:
    table = temp_table(conn, f"v {sqltype}")
    cur = conn.cursor()
    before = conn.round_trips
    with pytest.raises(informix_db.DataError) as info:
        cur.execute(f"INSERT INTO {table} VALUES (?)", (value,))
    assert info.value.sqlcode == sqlcode
    if sqlcode is None:
        assert conn.round_trips == before and "parameter 1" in str(info.value)
    assert cur.execute(f"SELECT COUNT(*) FROM {table}").fetchone() == (0,)
    conn.execute(f"DROP TABLE {table}")


# -- binding matrix: every Python type into each compatible column -------------------
STAMP = dt.datetime(2026, 8, 31, 12, 30, 15, 120000)
NUMBERS: list[tuple[object, object]] = [(7, 7), (2.0, 2), (Decimal("12"), 12), ("42", 42)]
TEXTS: list[tuple[object, object]] = [
    (7, "7"), (2.5, "2.5"), (Decimal("12.25"), "12.25"), ("héllo", "héllo"), (True, "t"),
    (dt.date(2026, 8, 31), "2026-08-31"), (STAMP.replace(microsecond=0), "2026-08-31 12:30:15"),
    (STAMP, "2026-08-31 12:30:15.12000"), (dt.time(9, 5, 7), "09:05:07"),
]  # fmt: skip
PADDED: list[tuple[object, object]] = [(v, str(w).ljust(30)) for v, w in TEXTS]
MATRIX: list[tuple[str, list[tuple[object, object]], type]] = [
    *[(t, NUMBERS, int) for t in ("SMALLINT", "INTEGER", "BIGINT", "INT8")],
    *[(t, NUMBERS, float) for t in ("FLOAT", "SMALLFLOAT")],
    *[(t, [*NUMBERS, (Decimal("1.5"), Decimal("1.5"))], Decimal)
      for t in ("DECIMAL(10,2)", "DECIMAL(8)", "MONEY(10,2)")],
    *[(t, TEXTS, str) for t in ("VARCHAR(30)", "NVARCHAR(30)", "LVARCHAR(100)")],
    *[(t, PADDED, str) for t in ("CHAR(30)", "NCHAR(30)")],
    ("BOOLEAN", [(True, True), (False, False)], bool),
    ("DATE", [(dt.date(2026, 8, 31), dt.date(2026, 8, 31)), (STAMP, STAMP.date()),
              ("2026-08-31", dt.date(2026, 8, 31)), (7, dt.date(1900, 1, 7))], dt.date),
    ("DATETIME YEAR TO DAY", [(dt.date(2026, 8, 31), dt.date(2026, 8, 31)), (STAMP, STAMP.date()),
                              ("2026-08-31", dt.date(2026, 8, 31))], dt.date),
    ("DATETIME YEAR TO SECOND", [(STAMP, STAMP.replace(microsecond=0)),
                                 (dt.date(2026, 8, 31), dt.datetime(2026, 8, 31)),
                                 ("2026-08-31 12:30:15", STAMP.replace(microsecond=0))],
     dt.datetime),
    ("DATETIME YEAR TO FRACTION(5)", [(STAMP, STAMP)], dt.datetime),
    ("DATETIME HOUR TO SECOND", [(dt.time(9, 5, 7), dt.time(9, 5, 7)), (STAMP, dt.time(12, 30, 15)),
                                 ("09:05:07", dt.time(9, 5, 7))], dt.time),
    ("DATETIME HOUR TO FRACTION(3)", [(dt.time(9, 5, 7, 123000), dt.time(9, 5, 7, 123000)),
                                      (STAMP, dt.time(12, 30, 15, 120000))], dt.time),
    ("INTERVAL DAY(5) TO SECOND", [(dt.timedelta(days=3, hours=4, seconds=6),) * 2,
                                   ("3 04:00:06", dt.timedelta(days=3, hours=4, seconds=6)),
                                   (-dt.timedelta(days=2, minutes=1),) * 2], dt.timedelta),
    ("INTERVAL DAY(9) TO FRACTION(5)", [(dt.timedelta(days=3, microseconds=120),) * 2],
     dt.timedelta),
    ("INTERVAL HOUR TO MINUTE", [(dt.timedelta(hours=5, minutes=3),) * 2], dt.timedelta),
    ("INTERVAL YEAR TO MONTH", [(IntervalYM(63),) * 2, ("5-03", IntervalYM(63)),
                                (IntervalYM(-13),) * 2], IntervalYM),
    ("INTERVAL YEAR(6) TO MONTH", [(IntervalYM.of(-123456, -11),) * 2], IntervalYM),
    ("INTERVAL MONTH(5) TO MONTH", [(IntervalYM(63),) * 2, ("42", IntervalYM(42))], IntervalYM),
]  # fmt: skip


@pytest.mark.parametrize(("sqltype", "pairs", "kind"), MATRIX, ids=[m[0] for m in MATRIX])
def test_binding_matrix(
    conn: informix_db.Connection,
    sqltype: str,
    pairs: list[tuple[object, object]],
    kind: type,
) -> None:
    sent = [v for v, _ in pairs]
    got = round_trip(conn, sqltype, [*sent, None], bulk=False)
    assert got == [w for _, w in pairs] + [None]
    assert all(type(g) is kind for g in got[:-1]), [type(g) for g in got]


# -- DATE/DATETIME + INTERVAL YEAR TO MONTH ----------------------------------------
def test_server_date_plus_year_month_interval(conn: informix_db.Connection) -> None:
    cur = conn.execute(
        "SELECT DATE('2026-01-15') + INTERVAL(1-01) YEAR TO MONTH, "
        "DATETIME(2026-03-31 10:00) YEAR TO MINUTE - INTERVAL(2) MONTH TO MONTH "
        "FROM systables WHERE tabid = 1"
    )
    plus, minus = cur.fetchone()
    assert plus == dt.date(2026, 1, 15) + IntervalYM.of(1, 1) == dt.date(2027, 2, 15)
    assert minus == dt.datetime(2026, 3, 31, 10) - IntervalYM(2) == dt.datetime(2026, 1, 31, 10)


def test_invalid_day_from_month_arithmetic_is_a_data_error_on_both_sides(
    conn: informix_db.Connection,
) -> None:
    for expression in (
        "DATE('2026-01-31') + INTERVAL(1) MONTH TO MONTH",
        "DATETIME(2024-02-29 08:00) YEAR TO MINUTE + INTERVAL(1-00) YEAR TO MONTH",
        "DATETIME(2026-03-31) YEAR TO DAY - INTERVAL(1) MONTH TO MONTH",
    ):
        with pytest.raises(informix_db.DataError) as server:
            conn.execute(f"SELECT {expression} FROM systables WHERE tabid = 1")
        assert server.value.sqlcode == -1267, expression
    with pytest.raises(informix_db.DataError) as info:
        dt.date(2026, 1, 31) + IntervalYM(months=1)
    assert info.value.sqlcode == -1267


# -- property-based additions ------------------------------------------------------------
floating = st.decimals(
    min_value=Decimal("-1e20"), max_value=Decimal("1e20"), allow_nan=False, allow_infinity=False
).filter(lambda d: len(d.as_tuple().digits) <= 16)


def test_floating_decimal_keeps_fractions(conn: informix_db.Connection) -> None:
    @SETTINGS
    @given(st.lists(floating, min_size=1, max_size=5))
    def check(values: list[Decimal]) -> None:
        got = round_trip(conn, "DECIMAL(16)", [*values, Decimal("0.0001234"), None], bulk=False)
        assert got == [*values, Decimal("0.0001234"), None]
        assert all(isinstance(g, Decimal) for g in got[:-1])

    check()


@pytest.mark.parametrize("sqltype", ["SERIAL", "SERIAL8", "BIGSERIAL"])
def test_serial_lastrowid_follows_the_counter(conn: informix_db.Connection, sqltype: str) -> None:
    limit = 2**31 - 1000 if sqltype == "SERIAL" else 2**63 - 1000

    @SETTINGS
    @given(st.lists(st.one_of(st.none(), st.integers(1, limit)), min_size=1, max_size=6))
    def check(plan: list[int | None]) -> None:
        table = temp_table(conn, f"id {sqltype}, tag INT")
        cur = conn.cursor()
        counter, stored = 0, []
        for step, explicit in enumerate(plan):
            if explicit is None:
                cur.execute(f"INSERT INTO {table} (tag) VALUES (?)", (step,))
                counter += 1
                assert cur.lastrowid == counter and cur.serial == counter
                stored.append(counter)
            elif explicit not in stored:
                cur.execute(f"INSERT INTO {table} VALUES (?, ?)", (explicit, step))
                counter = max(counter, explicit)
                stored.append(explicit)
        assert sorted(r[0] for r in cur.execute(f"SELECT id FROM {table}")) == sorted(stored)
        cur.execute(f"DROP TABLE {table}")

    check()


@pytest.mark.parametrize(("start", "end"), PAIRS, ids=PAIR_IDS)
def test_datetime_python_binds_for_every_qualifier(
    conn: informix_db.Connection, start: tuple[str, int], end: tuple[str, int]
) -> None:
    """A datetime bound into any qualifier keeps the qualifier's fields; what comes
    back (date, time or datetime) binds again to the same value."""
    q = qualifier(start[1], end[1])
    sqltype = f"DATETIME {start[0]} TO {end[0]}"

    @SETTINGS
    @given(st.lists(moments.filter(lambda d: (d.month, d.day) != (2, 29)), min_size=1, max_size=3))
    def check(values: list[dt.datetime]) -> None:
        first = round_trip(conn, sqltype, values, bulk=False)
        assert first == [datetime_as_stored(v, q) for v in values]
        assert round_trip(conn, sqltype, first, bulk=False) == first

    check()


DAY9_MAX = dt.timedelta(days=999_999_999, hours=23, minutes=59, seconds=59, microseconds=999_990)
# The whole DAY(9) range: far beyond 2**53 microseconds, so any float step on the way loses digits.
day9 = st.timedeltas(dt.timedelta.min, DAY9_MAX).map(
    lambda d: d - dt.timedelta(microseconds=d.microseconds % 10)
)
YEAR9_LIMIT = 999_999_999 * 12 + 11


def test_interval_day9_and_year9_extremes(conn: informix_db.Connection) -> None:
    edges = [dt.timedelta(days=999_999_999), dt.timedelta.min, dt.timedelta(0)]
    edges += [-dt.timedelta(microseconds=10), dt.timedelta(days=99_999, microseconds=10)]
    assert round_trip(conn, "INTERVAL DAY(9) TO FRACTION(5)", edges, bulk=False) == edges
    months = [IntervalYM(YEAR9_LIMIT), IntervalYM(-YEAR9_LIMIT), IntervalYM(0), IntervalYM(-1)]
    assert round_trip(conn, "INTERVAL YEAR(9) TO MONTH", months, bulk=False) == months
    with pytest.raises(informix_db.DataError):
        round_trip(conn, "INTERVAL YEAR(9) TO MONTH", [IntervalYM(YEAR9_LIMIT + 1)], bulk=False)

    @SETTINGS
    @given(
        st.lists(day9, min_size=1, max_size=4),
        st.lists(st.integers(-YEAR9_LIMIT, YEAR9_LIMIT).map(IntervalYM), min_size=1, max_size=4),
    )
    def check(deltas: list[dt.timedelta], yms: list[IntervalYM]) -> None:
        assert round_trip(conn, "INTERVAL DAY(9) TO FRACTION(5)", deltas, bulk=False) == deltas
        assert round_trip(conn, "INTERVAL YEAR(9) TO MONTH", yms, bulk=False) == yms

    check()


def test_interval_day9_beyond_53_bit_microseconds(conn: informix_db.Connection) -> None:
    values = [DAY9_MAX, dt.timedelta(days=-999_999_998, hours=1), dt.timedelta(200_000, 0, 10)]
    assert round_trip(conn, "INTERVAL DAY(9) TO FRACTION(5)", values, bulk=False) == values
