"""The small place table: one place named at two scales is compatible, two places are not."""

from __future__ import annotations

import pytest

from storyline.compare.places import compatible, place_key


@pytest.mark.parametrize(
    ("text", "key"),
    [("the U.S.", "united states"), ("USA", "united states"), ("Washington, D.C.", "washington"),
     ("D.C.", "washington"), ("Ciudad de México", "mexico city"), ("in Kyiv", "kyiv"), ("Atlantis", None),
     ("", None)],
)  # fmt: skip
def test_place_key(text: str, key: str | None) -> None:
    assert place_key(text) == key


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [("the U.S.", "Washington", True), ("Washington, D.C.", "United States", True), ("Mexico City", "Mexico", True),
     ("Mexico", "Mexico", True), ("Mexico City", "Washington", False), ("Mexico", "United States", False),
     ("Paris", "Berlin", False), ("Atlantis", "Atlantis", False), (None, "Mexico", False)],
)  # fmt: skip
def test_compatible(a: str | None, b: str | None, same: bool) -> None:
    assert compatible(a, b) is same
    assert compatible(b, a) is same
