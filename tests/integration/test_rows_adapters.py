"""Row factories and the adapter/loader registry at global, connection and cursor scope."""

from __future__ import annotations

import pickle
import uuid
from collections.abc import Callable, Iterator
from decimal import Decimal

import pytest

import informix_db

pytestmark = pytest.mark.integration


@pytest.fixture
def pets(make_table: Callable[[str], str], ifx_conn: informix_db.Connection) -> str:
    t = make_table("(id INT, name VARCHAR(10), weight DECIMAL(5,2))")
    ifx_conn.cursor().executemany(
        f"INSERT INTO {t} VALUES (?, ?, ?)", [(1, "rex", Decimal("12.5")), (2, "tom", None)]
    )
    return t


def test_row_class(ifx_conn: informix_db.Connection, pets: str) -> None:
    cur = ifx_conn.cursor(row_factory=informix_db.Row)
    row = cur.execute(f"SELECT id, name FROM {pets} ORDER BY id").fetchone()
    assert row == (1, "rex") and row["name"] == "rex" and row.id == 1 and row[1] == "rex"
    assert row.keys() == ("id", "name") and row._asdict() == {"id": 1, "name": "rex"}
    assert pickle.loads(pickle.dumps(row)).name == "rex"
    with pytest.raises(AttributeError, match="no column"):
        _ = row.nope
    with pytest.raises(KeyError):
        _ = row["nope"]


@pytest.mark.parametrize(
    ("factory", "expect"),
    [
        (informix_db.dict_row, {"id": 1, "name": "rex"}),
        (informix_db.tuple_row, (1, "rex")),
    ],
)
def test_factories(
    ifx_conn: informix_db.Connection, pets: str, factory: object, expect: object
) -> None:
    cur = ifx_conn.cursor(row_factory=factory)  # type: ignore[arg-type]
    assert cur.execute(f"SELECT id, name FROM {pets} WHERE id = 1").fetchone() == expect


def test_namedtuple_and_connection_default(ifx_conn: informix_db.Connection, pets: str) -> None:
    ifx_conn.row_factory = informix_db.namedtuple_row
    row = ifx_conn.cursor().execute(f"SELECT id, COUNT(*) FROM {pets} GROUP BY id ORDER BY 1")
    first = row.fetchone()
    assert first.id == 1 and first[1] == 1


@pytest.fixture
def clean_global_adapters() -> Iterator[None]:
    saved = (dict(informix_db.adapters._adapters), dict(informix_db.adapters._loaders))
    yield
    informix_db.adapters._adapters, informix_db.adapters._loaders = saved


def test_adapters_and_loaders_in_three_scopes(
    ifx_target,
    make_table: Callable[[str], str],
    clean_global_adapters: None,  # type: ignore[no-untyped-def]
) -> None:
    t = make_table("(id INT, tag VARCHAR(40), w DECIMAL(5,2))")
    informix_db.register_adapter(uuid.UUID, str)
    key = uuid.UUID("12345678-1234-5678-1234-567812345678")
    with ifx_target.connect() as conn:
        cur = conn.cursor()
        cur.execute(f"INSERT INTO {t} VALUES (?, ?, ?)", (1, key, Decimal("1.25")))
        conn.adapters.register_loader("DECIMAL", float)
        row = conn.cursor().execute(f"SELECT tag, w FROM {t}").fetchone()
        assert row == (str(key), 1.25) and isinstance(row[1], float)
        scoped = conn.cursor()
        scoped.adapters.register_loader("VARCHAR", uuid.UUID)
        assert scoped.execute(f"SELECT tag FROM {t}").fetchone() == (key,)
        assert conn.cursor().execute(f"SELECT tag FROM {t}").fetchone() == (str(key),)
        cur.execute(f"INSERT INTO {t} VALUES (2, NULL, NULL)")
        assert scoped.execute(f"SELECT tag FROM {t} WHERE id = 2").fetchone() == (None,)
