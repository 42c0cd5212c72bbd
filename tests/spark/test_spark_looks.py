"""The second look's pass in rounds (``spark/looks.py``) against ``second_look``'s loop in order, on
made-up articles and stories (ids only, no JVM): whatever the units, the same joins."""

from __future__ import annotations

import random

import pytest

from storyline.spark.looks import View, members, play, settle


def _case(seed: int) -> tuple[list[str], dict[str, list[str]], dict[str, list[str]], set[tuple[str, str]]]:
    """(lone articles in canonical order, story -> members (the lone ones too), article -> the
    stories it asks about, the (article, story) pairs that may join)."""
    rng = random.Random(seed)
    lone = [f"a{n:02d}" for n in range(rng.randint(5, 25))]
    stories = {f"s{n:02d}": [f"s{n:02d}", f"t{n:02d}"][: rng.randint(1, 2)] for n in range(rng.randint(1, 6))}
    groups = {a: [a] for a in lone} | stories
    heads = sorted(groups)
    asks = {a: rng.sample([h for h in heads if h != a], min(len(heads) - 1, rng.randint(1, 6))) for a in lone}
    allowed = {(a, h) for a in lone for h in asks[a] if rng.random() < 0.4}
    return lone, groups, asks, allowed


def _sequential(lone: list[str], groups: dict[str, list[str]], asks: dict[str, list[str]], allowed: set) -> dict:
    """``second_look``'s loop: in order, each article still alone joins the first story it may
    join that stands at one or two members (a decision that reads what earlier joins did)."""
    out = {h: list(g) for h, g in groups.items()}
    for a in lone:
        if len(out[a]) != 1:
            continue
        for h in sorted(asks[a]):
            if (a, h) in allowed and 1 <= len(out[h]) <= 2:
                out[h] = sorted([*out[h], a])
                out[a] = []
                break
    return {h: g for h, g in out.items() if g != groups[h]}


def _rounds(seed: int, size: int) -> int:
    """The rounds ``settle`` took on case ``seed`` in units of ``size``; its joins checked."""
    lone, groups, asks, allowed = _case(seed)
    order = {m: m for g in groups.values() for m in g}  # ids sort in canonical order here
    place = {m: k for k, m in enumerate(sorted(order))}

    def choose(a: str, heads: list[str], view: View) -> str | None:
        for h in sorted(heads):
            if (a, h) in allowed and 1 <= len(members(groups[h], view.get(h), place)) <= 2:
                return h
        return None

    def decide(by_unit: dict) -> dict:
        return {a: got for unit in by_unit.values() for a, got in play(unit, order.__getitem__, choose).items()}

    changes, rounds = settle(lone, asks, order, decide, size)
    got = {h: members(groups[h], c, place) for h, c in changes.items()}
    assert got == _sequential(lone, groups, asks, allowed), seed
    return len(rounds)


@pytest.mark.parametrize("size", [1, 2, 3])
def test_rounds_give_the_joins_of_the_loop_in_order(size: int) -> None:
    rounds = [_rounds(seed, size) for seed in range(200)]
    # small units leave dependences between units: the rounds had work to do
    assert sum(1 for r in rounds if r > 2) > 10


def test_one_unit_is_the_loop_itself() -> None:
    assert all(_rounds(seed, 64) == 1 for seed in range(200))
