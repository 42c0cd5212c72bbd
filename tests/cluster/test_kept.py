"""Kept features and pair-model answers (speed only): a changed article or new site lines are
read again, and a kept answer is the one computed. Fictional text."""

from __future__ import annotations

from storyline.cluster import pairs
from storyline.cluster.features import features
from storyline.cluster.state import member_features, stated_scores
from storyline.cluster.vectors import weigh
from storyline.records import Article
from storyline.store.sqlite import SQLiteStore

BODY = "The Fenwick Rovers beat the Kessing Owls 3-1 on Saturday in the fictional valley league."


def test_member_features_are_kept_until_the_article_changes() -> None:
    store = SQLiteStore(":memory:")
    store.add_article(Article(id="a1", body=BODY, title="Rovers win"))
    _, first = member_features(store, "a1")
    assert member_features(store, "a1")[1] is first
    assert first == features(store.article("a1"))
    assert stated_scores(store, "a1") == first.scores == frozenset({"3-1"})
    store.update_article(store.article("a1").replace(title="Owls lose in the valley"))
    _, again = member_features(store, "a1")
    assert again is not first and again == features(store.article("a1"))
    store.close()


def test_a_kept_pair_answer_is_the_computed_one() -> None:
    fa = features(Article(id="a", body=BODY))
    fb = features(Article(id="b", body=BODY.replace("3-1", "2-0").replace("Saturday", "Sunday")))
    va, vb = weigh(fa, {}, 10), weigh(fb, {}, 10)
    fresh = pairs.model().probability(pairs.pair_features(fa, fb, va, vb))
    assert pairs.probability(fa, fb, va, vb) == fresh
    assert pairs.probability(fa, fb, va, vb) == fresh  # the kept one
    assert pairs.probability(fb, fa, vb, va) == pairs.model().probability(pairs.pair_features(fb, fa, vb, va))


def _fresh(fa, fb, va, vb) -> list[float]:  # type: ignore[no-untyped-def]
    """``pair_features`` with each side read anew (nothing kept)."""
    return pairs._features(fa, fb, va, vb, pairs.side_of(fa, va), pairs.side_of(fb, vb))


def test_a_kept_side_is_read_again_for_another_vector_of_the_same_report() -> None:
    fa = features(Article(id="a", body=BODY + " Coach Ilse Marrow of Kessing praised Dana Pell."))
    fb = features(Article(id="b", body=BODY.replace("3-1", "2-0") + " Dana Pell of Fenwick scored."))
    va, vb = weigh(fa, {}, 10), weigh(fb, {}, 10)
    first = pairs.pair_features(fa, fb, va, vb)
    assert pairs.side(fa, va) is pairs.side(fa, va)
    # the same report weighed against other document frequencies: its names rank otherwise
    other = weigh(fa, {h: k for k, h in enumerate(sorted(fa.specifics))}, 10)
    assert pairs.side_of(fa, other) != pairs.side(fa, va)
    assert pairs.pair_features(fa, fb, other, vb) == _fresh(fa, fb, other, vb)
    assert pairs.pair_features(fa, fb, va, vb) == first == _fresh(fa, fb, va, vb)


def test_a_side_is_not_served_for_a_new_vector_at_a_freed_address() -> None:
    # each vector is dropped after one use: a new one often gets a freed one's address (its id)
    fa = features(Article(id="a", body=BODY))
    fb = features(Article(id="b", body=BODY.replace("Saturday", "Sunday")))
    vb = weigh(fb, {}, 10)
    for n in range(3, 60):
        va = weigh(fa, {h: n % 7 for h in fa.specifics}, n)
        assert pairs.pair_features(fa, fb, va, vb) == _fresh(fa, fb, va, vb)
