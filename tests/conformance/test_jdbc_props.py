"""JDBC connection properties that change the wire format."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import Probe, by_step, describe_failures

pytestmark = pytest.mark.conformance

SCRIPTS = Path(__file__).parent / "scripts"


def lines(steps: list[dict]) -> dict[int, dict]:  # type: ignore[type-arg]
    return {int(k.split()[-1]): v for k, v in by_step(steps).items() if k.startswith("line")}


@pytest.mark.parametrize("props", [("IFX_PAD_VARCHAR=1",), ()], ids=["padded", "var-len"])
def test_varchar_rows_with_and_without_padding(jdbc_probe: Probe, ifx_target, props) -> None:  # type: ignore[no-untyped-def]
    steps = jdbc_probe(ifx_target.jdbc_url(), "script", SCRIPTS / "pad_varchar.sql", *props)
    assert not [s for s in steps if s.get("unexpected")], describe_failures(steps)
    select = lines(steps)[7]
    assert [c["jdbc_type_name"] for c in select["columns"]] == [
        "VARCHAR",
        "INTEGER",
        "VARCHAR",
        "VARCHAR",
    ]
    assert [c["precision"] for c in select["columns"]] == [10, 10, 5, 1]
    assert select["rows"] == [
        [["java.lang.String", "abc"], ["java.lang.Integer", 7], ["java.lang.String", "xy"],
         ["java.lang.String", "z"]],
        [None, ["java.lang.Integer", 8], ["java.lang.String", ""], None],
        [["java.lang.String", "0123456789"], ["java.lang.Integer", 9],
         ["java.lang.String", "hello"], ["java.lang.String", "q"]],
    ]  # fmt: skip
