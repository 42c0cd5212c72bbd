"""``batch.evidence`` in a group larger than ``SMALL``: a member no other member is the same event
as by the pair model (best p under ``VOUCH``) is taken out, however close it sits to the centroid.

FICTIONAL vectors and ids; the pair model's probability is set by the test, so these read the
rule, not the trained weights."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest

from storyline.cluster import batch
from storyline.cluster.batch import SMALL, VOUCH, evidence
from storyline.cluster.features import Features

THRESHOLD = 0.3
MEMBERS = [f"m{k}" for k in range(SMALL + 2)]  # one story of a size the per-member mean does not check
# fictional: every member shares the story's heavy term 1, each with a word of its own
VECS = {m: {1: 0.8, 10 + k: 0.6} for k, m in enumerate(MEMBERS)}
VECS["other"] = {1: 0.6, 99: 0.8}  # another event of the same kind: the heavy term and little else


def _features(m: str) -> Features:
    return Features(m, Counter(), Counter(), None)


@pytest.fixture
def model(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[frozenset[str], float]]:
    """p per pair of ids; pairs not set: 0.9 among members, 0.1 with ``other``."""
    said: dict[frozenset[str], float] = {}

    def probability(fa: Features, fb: Features, va: object, vb: object) -> float:
        pair = frozenset((fa.article, fb.article))
        return said.get(pair, 0.1 if "other" in pair else 0.9)

    monkeypatch.setattr(batch.pairs, "probability", probability)
    yield said


def _run(taken: dict[str, tuple[str, float]] | None = None) -> list[list[str]]:
    return evidence([[*MEMBERS, "other"]], VECS.__getitem__, THRESHOLD, _features, taken)


def test_a_report_no_member_vouches_for_is_taken_out_of_a_large_story(model: dict[frozenset[str], float]) -> None:
    taken: dict[str, tuple[str, float]] = {}
    assert _run(taken) == [MEMBERS, ["other"]]
    assert taken == {"other": ("no member vouches", 0.1)}


def test_one_member_that_vouches_keeps_it(model: dict[frozenset[str], float]) -> None:
    model[frozenset(("other", "m3"))] = VOUCH + 0.05
    assert _run() == [[*MEMBERS, "other"]]


def test_a_firm_large_story_is_kept_whole(model: dict[frozenset[str], float]) -> None:
    # members the model doubts one by one (mean under SAME_EVENT) but each with a firm partner
    for k in range(0, len(MEMBERS), 2):
        for j in range(len(MEMBERS)):
            if j not in (k, k + 1):
                model[frozenset((MEMBERS[k], MEMBERS[j]))] = 0.15
    members = evidence([MEMBERS], VECS.__getitem__, THRESHOLD, _features)
    assert members == [MEMBERS]


def test_without_the_model_the_rule_does_not_apply() -> None:
    assert evidence([[*MEMBERS, "other"]], VECS.__getitem__, THRESHOLD, None) == [[*MEMBERS, "other"]]


def test_each_member_of_a_large_story_shows_who_vouches_for_it(model: dict[frozenset[str], float]) -> None:
    from storyline.cluster.state import member_reasons
    from storyline.cluster.vectors import StoryState

    model[frozenset(("m0", "m1"))] = 0.05  # m0's first partner in order doubts it; m2 vouches
    members = [(m, VECS[m], None) for m in MEMBERS]
    state = StoryState("s")
    for _, vec, date in members:
        state.add(vec, date)
    reasons = member_reasons(state, members, _features, THRESHOLD)
    assert [(r["vouched_by"], r["vouched_p"]) for r in reasons[:2]] == [("m2", 0.9), ("m2", 0.9)]
    assert all(r["vouched_p"] >= r["vouch_threshold"] == VOUCH for r in reasons)
    small = member_reasons(state, members[:SMALL], _features, THRESHOLD)
    assert all("vouched_by" not in r and "same_event" in r for r in small)
