"""``Kept``: the bounded cache behind kept features, pair answers and story members."""

from __future__ import annotations

from storyline.cluster.kept import Kept


def test_the_least_recently_used_entry_goes_first_and_a_kept_value_is_not_made_again() -> None:
    kept: Kept[str] = Kept(2)
    made: list[str] = []

    def make(v: str):  # type: ignore[no-untyped-def]
        return lambda: made.append(v) or v

    assert kept.get("a", make("a")) == "a"
    assert kept.get("b", make("b")) == "b"
    assert kept.get("a", make("a2")) == "a"  # kept: "a" is now the most recent
    kept.get("c", make("c"))  # over the size: "b" goes
    assert kept.peek("b") is None and kept.peek("a") == "a" and kept.peek("c") == "c"
    assert made == ["a", "b", "c"]


def test_held_entries_answer_only_for_the_same_objects() -> None:
    kept: Kept[int] = Kept(8)
    one, other = [1], [1]  # equal, not the same object
    assert kept.held((one,), lambda: 1) == 1
    assert kept.held((one,), lambda: 2) == 1
    assert kept.held((other,), lambda: 3) == 3
