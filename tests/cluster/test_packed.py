"""The compact forms ``recluster`` holds (``packed.Packed``, ``packed.Postings``, ``corpus.Doc``) give
exactly what the dict-based code gives: same floats, same order, same names."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from storyline.cluster.corpus import Doc, Names, band_neighbours
from storyline.cluster.features import features
from storyline.cluster.graph import _dot
from storyline.cluster.packed import Packed, Postings
from storyline.cluster.refine import JOIN_DATED, JOIN_DAYS, _centroid, _median_day, join_dated
from storyline.cluster.vectors import top_terms
from storyline.records import Article


def _random_vec(rng: random.Random, pool: list[int], size: int) -> dict[int, float]:
    return {t: rng.random() for t in rng.sample(pool, size)}


@pytest.mark.parametrize("seed", range(5))
def test_packed_dot_products_equal_the_dict_ones_bit_for_bit(seed: int) -> None:
    rng = random.Random(seed)
    pool = [rng.randrange(1 << 32) for _ in range(300)]
    for _ in range(40):
        mine = _random_vec(rng, pool, rng.choice([0, 1, 7, 60, 150]))
        others = [_random_vec(rng, pool, rng.choice([0, 1, 7, 60, 150, 200])) for _ in range(rng.randint(0, 9))]
        packed = Packed.of(mine)
        assert packed.dots([Packed.of(o) for o in others]) == [_dot(mine, o) for o in others]
        assert [Packed.of(o).dot(packed) for o in others] == [_dot(o, mine) for o in others]


def test_a_packed_vector_gives_back_its_dict_in_order_and_the_same_heaviest_terms() -> None:
    vec = {90: 0.5, 7: 0.5, 3: 0.1, 4_000_000_000: 0.5, 12: 0.9}  # ties at 0.5 go to the smaller term
    packed = Packed.of(vec)
    assert list(packed.dict().items()) == list(vec.items())
    assert packed.top_terms(3) == top_terms(vec, 3) == [12, 7, 90]


@pytest.mark.parametrize("seed", range(3))
def test_a_vector_read_back_from_its_blob_is_the_same_packed_vector(seed: int) -> None:
    """Spark ships vectors as ``Packed.blob`` bytes: read back, dot products and dict order are the
    dict's own."""
    rng = random.Random(seed)
    pool = [rng.randrange(1 << 32) for _ in range(300)]
    for size in (0, 1, 7, 150):
        vec = _random_vec(rng, pool, size)
        other = _random_vec(rng, pool, 60)
        back = Packed.of_blob(Packed.blob(list(vec), list(vec.values())))
        assert list(back.dict().items()) == list(vec.items())
        assert back.dots([Packed.of(other)]) == [_dot(vec, other)]
        assert Packed.of(other).dot(back) == _dot(other, vec)


def test_postings_list_each_value_once_per_key_it_was_added_under() -> None:
    postings = Postings(
        *zip(Postings.entry([5, 9], 0), Postings.entry([9, 11], 1), Postings.entry([5], 2), strict=True)
    )
    assert sorted(postings.lookup([9]).tolist()) == [0, 1]
    assert sorted(postings.lookup([5, 9, 11, 404]).tolist()) == [0, 0, 1, 1, 2]
    assert postings.lookup([404]).tolist() == []


def test_band_neighbours_are_the_earlier_articles_sharing_a_band_key() -> None:
    def doc(i: int, bands: list[int] | None) -> Doc:
        empty = (np.empty(0, dtype=np.uint32), np.empty(0, dtype=np.uint32))
        sig = None if bands is None else np.zeros(4, dtype=np.uint64)
        keys = None if bands is None else np.asarray(bands, dtype=np.int64)
        return Doc(f"d{i}", None, frozenset(), None, empty, empty, None, sig, keys)

    docs = [doc(0, [1, 2]), doc(1, [3, 4]), doc(2, None), doc(3, [2, 3]), doc(4, [2, 9])]
    assert band_neighbours(docs) == {3: [0, 1], 4: [0, 3]}


def test_a_compact_record_gives_back_the_features_with_each_article_own_spelling() -> None:
    # FICTIONAL reports: the same number written two ways, so the shared table and one article differ
    first = Article(id="a1", body="The Varnholt council approved 1,200 new homes on Tuesday in Varnholt.")
    second = Article(id="a2", body="Varnholt councillors said 1200 homes would follow the vote in Varnholt.")
    names = Names()
    for article in (first, second):
        f = features(article)
        back = Doc.of(article, f, names).features(names)
        assert (back.words, back.specifics, back.date, back.names) == (f.words, f.specifics, f.date, f.names)
        assert list(back.words) == list(f.words) and list(back.specifics) == list(f.specifics)


def _join_every_pair(
    groups: list[list[str]], vecs: dict[str, dict[int, float]], dates: dict[str, str | None]
) -> list[list[str]]:
    """``join_dated`` as it was written before the sparse first pass: every dated pair scored exactly."""
    out = [list(g) for g in groups]
    days = [_median_day([dates[i] for i in g]) for g in out]
    pairs = []
    for a in range(len(out)):
        for b in range(a + 1, len(out)):
            if days[a] is None or days[b] is None or abs(days[a] - days[b]) > JOIN_DAYS:
                continue
            ca, cb = _centroid([vecs[i] for i in out[a]]), _centroid([vecs[i] for i in out[b]])
            s = sum(x * cb.get(t, 0.0) for t, x in ca.items())
            if s >= JOIN_DATED:
                pairs.append((-s, a, b))
    used: set[int] = set()
    for _, a, b in sorted(pairs):
        if a not in used and b not in used:
            used.update((a, b))
            out[a].extend(out[b])
            out[b] = []
    return sorted((g for g in out if g), key=lambda g: g[0])


@pytest.mark.parametrize("seed", range(4))
def test_joining_dated_groups_finds_the_pairs_scoring_every_pair_would(seed: int) -> None:
    rng = random.Random(seed)
    kinds = [[rng.randrange(1 << 32) for _ in range(6)] for _ in range(5)]
    vecs: dict[str, dict[int, float]] = {}
    dates: dict[str, str | None] = {}
    groups = []
    for g in range(40):
        kind = kinds[g % len(kinds)]
        members = []
        for m in range(rng.randint(1, 5)):
            article = f"g{g:02d}m{m}"
            raw = {t: rng.random() for t in kind} | {rng.randrange(1 << 32): rng.random() for _ in range(8)}
            norm = math.sqrt(sum(x * x for x in raw.values()))
            vecs[article] = {t: x / norm for t, x in raw.items()}
            dates[article] = None if rng.random() < 0.15 else f"2024-03-{rng.randint(1, 20):02d}"
            members.append(article)
        groups.append(members)
    expected = _join_every_pair(groups, vecs, dates)
    assert join_dated(groups, vecs, dates) == expected
    assert join_dated(groups, {k: Packed.of(v) for k, v in vecs.items()}, dates) == expected
    assert len(expected) < len(groups)  # some pairs were close enough to join
