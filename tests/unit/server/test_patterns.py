"""LIKE/MATCHES translation: the GLOB form (literal patterns) and the regex form
(bound patterns) must agree with each other and with Informix's rules."""

from __future__ import annotations

import re
import sqlite3

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ifxserver.engine.patterns import to_glob, to_regex, tokenize

pytestmark = pytest.mark.unit

CASES = [
    ("like", "a%", None, ["abc", "a"], ["ba", "Abc"]),
    ("like", "_o_", None, ["bob", "tom"], ["bo", "boob"]),
    ("like", "100\\%", "\\", ["100%"], ["1000"]),
    ("like", "a!_b", "!", ["a_b"], ["axb"]),
    ("like", "*?[", None, ["*?["], ["a?["]),
    ("matches", "[ab]*", None, ["apple", "b"], ["cat"]),
    ("matches", "[^ab]?", None, ["cx"], ["ax", "c"]),
    ("matches", "?y", None, ["xy"], ["y", "xyz"]),
    ("matches", "a\\*", "\\", ["a*"], ["ab"]),
    ("matches", "a[", None, ["a["], ["ab"]),
]


@pytest.mark.parametrize(("kind", "pattern", "escape", "hits", "misses"), CASES)
def test_glob_and_regex_agree(
    kind: str, pattern: str, escape: str | None, hits: list[str], misses: list[str]
) -> None:
    tokens = tokenize(pattern, escape, kind)
    glob, regex = to_glob(tokens), to_regex(tokens)
    db = sqlite3.connect(":memory:")
    for text, want in [(h, True) for h in hits] + [(m, False) for m in misses]:
        assert bool(regex.fullmatch(text)) is want, (pattern, text)
        got = db.execute("SELECT ? GLOB ?", (text, glob)).fetchone()[0]
        assert bool(got) is want, (pattern, glob, text)


@given(
    st.text(alphabet="ab%_*?[]^!", max_size=8),
    st.text(alphabet="ab%_*?[]", max_size=8),
    st.sampled_from(["like", "matches"]),
)
def test_glob_and_regex_agree_on_random_patterns(pattern: str, text: str, kind: str) -> None:
    tokens = tokenize(pattern, "!", kind)
    try:
        regex = to_regex(tokens)
    except re.error:  # e.g. a reversed range [b-a] that Python's re refuses
        return
    db = sqlite3.connect(":memory:")
    glob_hit = bool(db.execute("SELECT ? GLOB ?", (text, to_glob(tokens))).fetchone()[0])
    assert glob_hit == bool(regex.fullmatch(text)), (pattern, text, to_glob(tokens))
