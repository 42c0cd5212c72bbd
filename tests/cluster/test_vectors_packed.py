"""``packed_similarity`` (online assign's candidate scoring) equals ``similarity`` on the unpacked state;
``similarities_less_self`` (``batch.evidence``) gives ``similarity``'s floats bit for bit."""

from __future__ import annotations

import random

import pytest

from storyline.cluster import vectors
from storyline.cluster.stories import _best
from storyline.cluster.vectors import (
    StoryState,
    packed_similarity,
    query_arrays,
    similarities_less_self,
    similarity,
)


def _vec(rng: random.Random, terms: list[int], k: int) -> dict[int, float]:
    return {t: rng.random() for t in rng.sample(terms, k)}


@pytest.mark.parametrize("seed", range(5))
def test_packed_similarity_equals_similarity_of_the_unpacked_state(seed: int) -> None:
    rng = random.Random(seed)
    terms = [rng.getrandbits(32) for _ in range(2000)]
    state = StoryState("s")
    for _ in range(5):
        state.add(_vec(rng, terms, 300), "2024-01-02")
    stored = StoryState.unpack("s", state.n, *state.pack(), state.first, state.last)
    vec = _vec(rng, terms, 150) | {rng.getrandbits(40): 1.0}  # a term beyond 32 bits matches nothing
    assert packed_similarity(query_arrays(vec), *state.pack()) == pytest.approx(similarity(vec, stored), abs=1e-12)


def test_packed_similarity_of_an_empty_article_or_centroid_is_zero() -> None:
    state = StoryState("s")
    state.add({1: 1.0}, None)
    assert packed_similarity(query_arrays({}), *state.pack()) == 0.0
    assert packed_similarity(query_arrays({1: 1.0}), b"", b"") == 0.0


@pytest.mark.parametrize("cells", [1 << 20, 1000])  # the members' rows laid out at once, or a few at a time
@pytest.mark.parametrize("seed", range(20))
def test_similarities_less_self_are_similarity_bit_for_bit(seed: int, cells: int, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(vectors, "_CELLS", cells)
    rng = random.Random(seed)
    terms = [rng.getrandbits(32) for _ in range(rng.choice((5, 50, 800)))]
    members = [_vec(rng, terms, rng.randint(1, len(terms) // 2 + 1)) for _ in range(rng.randint(1, 8))]
    for vec in members[: rng.randint(0, 2)]:  # weights that cancel or go negative: skipped by the norm
        vec.update({t: -v for t, v in list(vec.items())[:3]})
    if seed % 4 == 0:
        members.append(dict(members[0]))  # a copy: the rest of the centroid is the other one
    state = StoryState("s")
    for vec in members:
        state.add(vec, None)
    want = [similarity(vec, state, vec) for vec in members]
    got = similarities_less_self(members, state)
    assert [x.hex() for x in got] == [float(x).hex() for x in want]


def test_similarities_less_self_of_an_empty_member_or_a_term_outside_the_centroid() -> None:
    state = StoryState("s")
    state.add({1: 0.6, 2: 0.8}, None)
    state.add({2: 1.0}, None)
    members = [{}, {1: 0.6, 2: 0.8}, {3: 1.0}]
    assert similarities_less_self(members, state) == [similarity(v, state, v) for v in members]


class _Rows:
    """The two store calls ``_best`` makes, over fixed rows (fictional ids)."""

    def __init__(self, states: list[StoryState]) -> None:
        self.rows = {s.id: (s.n, *s.pack(), s.first, s.last) for s in states}

    def story_candidates(self, keys: list[int], limit: int) -> list[tuple[str, int]]:
        return [(s, 1) for s in self.rows][:limit]

    def story_states(self, ids: list[str]) -> dict[str, tuple[int, bytes, bytes, str | None, str | None]]:
        return {i: self.rows[i] for i in ids}


def test_best_picks_the_most_similar_story_in_the_window_and_ties_go_to_the_first_id() -> None:
    near, tie, far, old = StoryState("b"), StoryState("a"), StoryState("c"), StoryState("d")
    near.add({1: 0.8, 2: 0.6}, "2024-05-01")
    tie.add({1: 0.8, 2: 0.6}, "2024-05-02")
    far.add({3: 1.0}, "2024-05-01")
    old.add({1: 0.8, 2: 0.6}, "2020-01-01")  # as similar, but years away
    story, score, state, n = _best(_Rows([near, far, old, tie]), {1: 0.8, 2: 0.6}, "2024-05-03")  # type: ignore[arg-type]
    assert (story, n) == ("a", 4)
    assert score == pytest.approx(1.0)
    assert state is not None and state.id == "a" and state.centroid.keys() == {1, 2}
