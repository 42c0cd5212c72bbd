"""Text a site repeats across its pages weighs nothing in story clustering (issue #14 item 3).

The sites and posts are FICTIONAL (tests/cluster/site_corpus.py)."""

from __future__ import annotations

from itertools import combinations

import pytest
from cluster_corpus import Ingest
from site_corpus import BOILERPLATE_WORDS, PAGES, gold

from storyline.cluster import boilerplate
from storyline.cluster.features import features
from storyline.cluster.state import member_features
from storyline.cluster.stories import recluster
from storyline.options import Options
from storyline.records import Article
from storyline.store import Store


def _wrong_and_missed(store: Store, ids: dict[str, str]) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    wrong, missed = set(), set()
    for a, b in combinations(sorted(ids), 2):
        together = store.story_of(ids[a]) == store.story_of(ids[b])
        if together != (gold(a) == gold(b)):
            (wrong if together else missed).add((a, b))
    return wrong, missed


def _evidence_words(store: Store, article_id: str) -> set[str]:
    _, why = store.story_why(article_id)
    return {w.lower() for w in (*why.get("shared_terms", ()), *why.get("shared_entities", ()))}


@pytest.mark.parametrize("batch_size", [1, 32])
def test_posts_of_one_site_stay_apart_and_two_sites_reports_of_one_event_join(
    store: Store, add: Ingest, options: Options, batch_size: int
) -> None:
    ids = add(PAGES, batch_size=batch_size)
    assert _wrong_and_missed(store, ids) == (set(), set())
    joined = [ids["bridge-1"], ids["bridge-2"]]
    assert any(_evidence_words(store, a) for a in joined)
    assert not any(_evidence_words(store, a) & BOILERPLATE_WORDS for a in joined)
    recluster(store, options)
    assert _wrong_and_missed(store, ids) == (set(), set())
    assert not any(_evidence_words(store, a) & BOILERPLATE_WORDS for a in joined)


def test_recluster_parts_posts_an_older_store_joined_through_boilerplate(
    store: Store, add: Ingest, options: Options, monkeypatch: pytest.MonkeyPatch
) -> None:
    # as a store ingested before sites' lines were counted: nothing recorded, nothing discounted
    monkeypatch.setattr(boilerplate, "record", lambda store, article: frozenset())
    blog = {k: PAGES[k] for k in ("tomato-1", "rye-1", "compost-1")}
    ids = add(blog)
    assert len({store.story_of(i) for i in ids.values()}) < 3  # the boilerplate joined them
    recluster(store, options)
    assert len({store.story_of(i) for i in ids.values()}) == 3


def test_a_sites_copy_of_its_own_post_is_a_duplicate_and_the_original_keeps_its_words(
    store: Store, add: Ingest
) -> None:
    update = PAGES["bridge-1"].replace(
        "Copyright 2025", "Update: the council will hold a public meeting about the bridge on Friday.\nCopyright 2025"
    )
    ids = add(PAGES | {"bridge-3": update})
    assert store.article(ids["bridge-3"]).duplicate_of == ids["bridge-1"]
    assert _wrong_and_missed(store, ids) == (set(), set())
    assert not _evidence_words(store, ids["bridge-3"]) & BOILERPLATE_WORDS
    _, f = member_features(store, ids["bridge-1"])
    assert {"girder", "lindqvist"} <= set(f.names.values()) | {n.lower() for n in f.names.values()}


def test_the_first_post_of_a_site_is_read_whole_and_later_posts_without_the_shared_lines(store: Store) -> None:
    one = Article(id="a1", outlet="Fernhill Notes", body="Sign up for our newsletter.\nTomato seeds want warmth.")
    two = Article(id="a2", outlet="fernhill  notes", body="Sign up for our newsletter.\nRye dough rises overnight.")
    assert boilerplate.record(store, one) == frozenset()
    shared = boilerplate.record(store, two)
    assert len(shared) == 1
    assert "newsletter" not in features(two, boilerplate=shared).names.values()
    assert "newsletter" in features(two).names.values()
    # the first post, weighed again (regroup, recluster), loses the line too
    assert boilerplate.repeated(store, one) == shared
    # recording a post again does not make its own lines repeated
    three = Article(id="a3", outlet="Fernhill Notes", body="Our seed swap is on Sunday.")
    assert boilerplate.record(store, three) == boilerplate.record(store, three) == frozenset()


def test_reports_without_a_known_site_get_no_discount(store: Store) -> None:
    one = Article(id="b1", body="Sign up for our newsletter.\nTomato seeds want warmth.")
    two = Article(id="b2", body="Sign up for our newsletter.\nRye dough rises overnight.")
    assert boilerplate.site(one) is None and boilerplate.keys(one) == []
    assert boilerplate.record(store, one) == boilerplate.record(store, two) == frozenset()


def test_a_site_is_its_outlet_else_its_host_and_lines_fold_case_spacing_and_digits() -> None:
    assert boilerplate.site(Article(id="x", body="", outlet=" Quarry Lane  Gazette")) == "quarry lane gazette"
    assert boilerplate.site(Article(id="x", body="", url="https://www.fernhill.example/p/1")) == "fernhill.example"
    assert boilerplate.site(Article(id="x", body="", source="/tmp/post.txt")) is None
    folded = boilerplate.key("s", "copyright 2025 All  rights reserved.")
    assert boilerplate.key("s", "Copyright 2024, all rights reserved") == folded
    assert boilerplate.key("s", "Subscribe now") != boilerplate.key("t", "Subscribe now")
    assert boilerplate.key("s", " -- | ") is None


def test_a_later_post_that_shows_the_first_ones_boilerplate_has_its_story_weighed_again(
    store: Store, add: Ingest
) -> None:
    from storyline.cluster.features import term_hash
    from storyline.cluster.state import load_state

    first = add({"tomato-1": PAGES["tomato-1"]})["tomato-1"]
    pitch = {term_hash("w:" + w) for w in ("newsletter", "recipes", "copyright")}
    story = store.story_of(first)
    assert story is not None
    before = load_state(store, story)
    assert before is not None and pitch <= set(before.centroid)  # nothing told it apart yet
    add({"rye-1": PAGES["rye-1"]})  # another post of the site, in a later batch
    story = store.story_of(first)
    assert story is not None
    after = load_state(store, story)
    assert after is not None and not pitch & set(after.centroid)
