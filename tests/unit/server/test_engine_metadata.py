"""The informix.schema_* routines JDBC's getColumns calls, for every column type.

Expected values mirror what IBM JDBC's own ResultSetMetaData reports for the
same types (java.sql.Types code, precision, scale), so both paths agree.
"""

from __future__ import annotations

import pytest

from .conftest import Client

pytestmark = pytest.mark.unit

COLUMNS = (
    "c_int INT NOT NULL, c_varchar VARCHAR(40), c_decimal DECIMAL(10,2), c_date DATE,"
    " c_dt DATETIME YEAR TO SECOND, c_bool BOOLEAN, c_int8 INT8, c_big BIGINT, c_float FLOAT,"
    " c_small SMALLINT, c_char CHAR(10), c_lvc LVARCHAR(2000), c_iv INTERVAL DAY(3) TO SECOND,"
    " c_money MONEY(12,2), c_serial SERIAL, c_frac DATETIME HOUR TO FRACTION(3),"
    " c_real SMALLFLOAT, c_dfloat DECIMAL(8)"
)

# name, java type, type name, size, scale, radix, nullable, octets, autoincrement
EXPECTED = [
    ("c_int", 4, "INTEGER", 10, 0, 10, 0, None, "NO"),
    ("c_varchar", 12, "VARCHAR", 40, None, None, 1, 40, "NO"),
    ("c_decimal", 3, "DECIMAL", 10, 2, 10, 1, None, "NO"),
    ("c_date", 91, "DATE", 10, None, None, 1, None, "NO"),
    ("c_dt", 93, "DATETIME", 19, 0, None, 1, None, "NO"),
    ("c_bool", 16, "BOOLEAN", 1, None, None, 1, None, "NO"),
    ("c_int8", -5, "INT8", 19, 0, 10, 1, None, "NO"),
    ("c_big", -5, "BIGINT", 19, 0, 10, 1, None, "NO"),
    ("c_float", 8, "FLOAT", 15, None, 2, 1, None, "NO"),
    ("c_small", 5, "SMALLINT", 5, 0, 10, 1, None, "NO"),
    ("c_char", 1, "CHAR", 10, None, None, 1, 10, "NO"),
    ("c_lvc", -1, "LVARCHAR", 2000, None, None, 1, 2000, "NO"),
    ("c_iv", 1, "INTERVAL", 12, None, None, 1, None, "NO"),
    ("c_money", 3, "MONEY", 12, 2, 10, 1, None, "NO"),
    ("c_serial", 4, "SERIAL", 10, 0, 10, 1, None, "YES"),
    ("c_frac", 93, "DATETIME", 12, 3, None, 1, None, "NO"),
    ("c_real", 7, "SMALLFLOAT", 7, None, 2, 1, None, "NO"),
    ("c_dfloat", 3, "DECIMAL", 8, None, 10, 1, None, "NO"),
]


def test_column_routines_for_every_type(db: Client) -> None:
    db.execute(f"CREATE TABLE meta_all ({COLUMNS})")
    rows = db.rows(
        "SELECT c.colname, informix.get_data_type(c.coltype, c.extended_id, 0),"
        " trim(informix.schema_coltypename(c.coltype, c.extended_id)),"
        " informix.schema_precision(c.coltype, c.extended_id, c.collength),"
        " informix.schema_numscale(c.coltype, c.collength),"
        " informix.schema_numprecradix(c.coltype), informix.schema_isnullable(c.coltype),"
        " informix.schema_charlen(c.coltype, c.extended_id, c.collength),"
        " informix.schema_isautoincr(c.coltype)::VARCHAR(3)"
        " FROM syscolumns c, systables t WHERE c.tabid = t.tabid AND t.tabname = 'meta_all'"
        " ORDER BY c.colno"
    )
    assert rows == EXPECTED


def test_nullable_word_datetime_sub_and_default(db: Client) -> None:
    db.execute(
        "CREATE TABLE meta_d (a CHAR(4) DEFAULT 'xy' NOT NULL, d DATE, t DATETIME HOUR TO MINUTE)"
    )
    rows = db.rows(
        "SELECT c.colname, informix.schema_nullable(c.coltype)::VARCHAR(3),"
        " informix.schema_datetype(c.coltype, c.collength),"
        " informix.get_default_value(c.coltype, c.extended_id, c.collength, d.default)"
        " FROM systables t, syscolumns c, OUTER sysdefaults d WHERE t.tabname = 'meta_d'"
        " AND c.tabid = t.tabid AND d.tabid = t.tabid AND d.colno = c.colno ORDER BY c.colno"
    )
    assert rows == [("a", "NO", None, "xy"), ("d", "YES", 1, None), ("t", "YES", 2, None)]
