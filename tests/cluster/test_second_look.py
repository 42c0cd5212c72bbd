"""``batch.second_look``: a lone report joins the story the pair model holds it to, and only
where every member then passes ``batch.evidence`` (no chaining); ``batch.steps`` names the steps.

The vectors, ids and final scores here are FICTIONAL; the pair model's probability is set by the
test (``_model``), so these tests read the plumbing, not the trained weights."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest

from storyline.cluster import batch
from storyline.cluster.batch import SAME_EVENT, SMALL, Item, second_look, steps
from storyline.cluster.features import Features

THRESHOLD = 0.3


def _features(scores: dict[str, frozenset[str]]) -> batch.Callable[[str], Features]:
    return lambda m: Features(m, Counter(), Counter(), None, scores=scores.get(m, frozenset()))


@pytest.fixture
def model(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[frozenset[str], float]]:
    """The pair model's probability per pair of ids (unset pairs: 0.1), in place of the trained one."""
    said: dict[frozenset[str], float] = {}

    def probability(fa: Features, fb: Features, va: object, vb: object) -> float:
        return said.get(frozenset((fa.article, fb.article)), 0.1)

    monkeypatch.setattr(batch.pairs, "probability", probability)
    yield said


def _items(vecs: dict[str, dict[int, float]]) -> list[Item]:
    return [Item(k, v, None) for k, v in sorted(vecs.items())]


# fictional: a and b report one harbour fire in other words (one heavy term shared), c another fire
VECS = {
    "a": {1: 0.6, 2: 0.8},
    "b": {1: 0.5, 3: 0.866},
    "c": {1: 0.4, 4: 0.9165},
}


def test_a_lone_report_joins_the_lone_report_the_model_holds_it_to(model: dict[frozenset[str], float]) -> None:
    model[frozenset("ab")] = 0.9
    model[frozenset("ac")] = 0.4
    groups = second_look([["a"], ["b"], ["c"]], _items(VECS), THRESHOLD, _features({}))
    assert groups == [["a", "b"], ["c"]]


def test_no_join_below_the_model_threshold(model: dict[frozenset[str], float]) -> None:
    model[frozenset("ab")] = SAME_EVENT - 0.01
    assert second_look([["a"], ["b"], ["c"]], _items(VECS), THRESHOLD, _features({})) == [["a"], ["b"], ["c"]]


def test_no_join_without_the_model() -> None:
    assert second_look([["a"], ["b"], ["c"]], _items(VECS), THRESHOLD, None) == [["a"], ["b"], ["c"]]


def test_a_lone_report_joins_a_story_only_where_every_member_then_passes(
    model: dict[frozenset[str], float],
) -> None:
    # fictional: x, y one story; z is close to x by the model but not to y: the mean for z is
    # below SAME_EVENT, so it stays alone (no chaining through x)
    vecs = {"x": {1: 0.8, 2: 0.6}, "y": {1: 0.6, 2: 0.8}, "z": {1: 0.7071, 5: 0.7071}}
    model[frozenset("xy")] = 0.95
    model[frozenset("xz")] = 0.95
    model[frozenset("yz")] = 0.2
    assert second_look([["x", "y"], ["z"]], _items(vecs), THRESHOLD, _features({})) == [["x", "y"], ["z"]]
    model[frozenset("yz")] = 0.8
    assert second_look([["x", "y"], ["z"]], _items(vecs), THRESHOLD, _features({})) == [["x", "y", "z"]]


def test_the_story_with_the_highest_mean_probability_wins(model: dict[frozenset[str], float]) -> None:
    model[frozenset("ab")] = 0.8
    model[frozenset("ac")] = 0.95
    assert second_look([["a"], ["b"], ["c"]], _items(VECS), THRESHOLD, _features({})) == [["a", "c"], ["b"]]


def test_different_final_scores_keep_a_lone_report_out(model: dict[frozenset[str], float]) -> None:
    # fictional: two reports of one league night, each stating its own final score
    model[frozenset("ab")] = 0.99
    scores = {"a": frozenset({"3-1"}), "b": frozenset({"2-0"})}
    groups = [["a"], ["b"], ["c"]]
    assert second_look(groups, _items(VECS), THRESHOLD, _features(scores)) == groups


def test_a_story_of_small_members_takes_no_more(model: dict[frozenset[str], float]) -> None:
    # fictional: SMALL reports of one event; one more, as close, is left to its own story
    vecs = {f"m{k}": {1: 0.8, 2: 0.6} for k in range(SMALL)} | {"n": {1: 0.8, 2: 0.6}}
    for x in vecs:
        for y in vecs:
            if x != y:
                model[frozenset((x, y))] = 0.99
    story = sorted(k for k in vecs if k != "n")
    assert second_look([story, ["n"]], _items(vecs), THRESHOLD, _features({})) == [story, ["n"]]


def test_no_join_below_the_similarity_floor(model: dict[frozenset[str], float]) -> None:
    # fictional: the model would join them, but they share no term
    vecs = {"a": {1: 1.0}, "b": {2: 1.0}}
    model[frozenset("ab")] = 0.99
    assert second_look([["a"], ["b"]], _items(vecs), THRESHOLD, _features({})) == [["a"], ["b"]]


def test_steps_end_with_what_cluster_gives(model: dict[frozenset[str], float]) -> None:
    model[frozenset("ab")] = 0.9
    found = steps(_items(VECS), THRESHOLD, _features({}))
    assert [name for name, _ in found] == ["linkage", "split", "join_dated", "absorb", "evidence", "second look"]
    assert found[-1][1] == batch.cluster(_items(VECS), THRESHOLD, _features({}))


def test_what_the_second_look_joins_the_evidence_keeps(model: dict[frozenset[str], float]) -> None:
    # no chaining: every story ``cluster`` gives passes ``evidence`` again as it stands (what each
    # member's "why" shows: its mean probability against the others)
    model[frozenset("ab")] = 0.9
    model[frozenset("bc")] = 0.75
    features_of = _features({})
    groups = batch.cluster(_items(VECS), THRESHOLD, features_of)
    vecs = {k: dict(v) for k, v in VECS.items()}
    assert batch.evidence(groups, vecs.__getitem__, THRESHOLD, features_of) == groups
    assert any(len(g) > 1 for g in groups)
