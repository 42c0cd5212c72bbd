"""The story and clustering-index half of the Store interface, the same on both backends."""

from __future__ import annotations

import hashlib

import pytest

from storyline.cluster.state import story_exists
from storyline.errors import NotFoundError
from storyline.records import Article


def add(store, body: str, **meta: object) -> str:
    digest = hashlib.sha256(body.encode()).hexdigest()
    article = Article(id=digest[:12], body=body, content_hash=digest, **meta)  # type: ignore[arg-type]
    return store.add_article(article)[0].id


def test_stories_list_biggest_first_then_earliest_assigned(store):
    a, b, c = (add(store, f"Fictional article {n}.") for n in "abc")
    for story in ("s1", "s2"):
        store.ensure_story(story, story.upper(), "v")
    store.ensure_story("s1", "ignored: the story exists", "v")
    store.set_story(b, "s1", 0.5, {"why": "first"})
    store.set_story(a, "s2", None, {})
    store.set_story(c, "s2", 0.25, {"n": [1, 2]})
    assert [(r.id, r.title, r.articles) for r in store.stories()] == [("s2", "S2", (a, c)), ("s1", "S1", (b,))]
    assert store.story("s1").articles == (b,)
    with pytest.raises(NotFoundError, match="several stories"):
        store.story("s")
    assert store.story_why(c) == (0.25, {"n": [1, 2]})
    store.set_story(a, "s1", 1.0, {})  # move: s1 now has two members, s2 one
    assert [r.id for r in store.stories()] == ["s1", "s2"]
    assert store.story_articles("s1") == [a, b] and store.story_of(a) == "s1"


def test_unclustered_keeps_insertion_order_and_leaves_its_story(store):
    a, b = add(store, "Fictional caption only."), add(store, "Fictional empty.")
    store.ensure_story("s", "S", "v")
    store.set_story(a, "s", 1.0, {})
    store.set_unclustered(b, "empty")
    store.set_unclustered(a, "caption only")
    assert store.unclustered() == [(b, "empty"), (a, "caption only")] and store.story_of(a) is None
    store.drop_empty_stories()
    assert store.stories() == []
    store.set_unclustered(b, None)
    assert store.unclustered() == [(a, "caption only")]


def test_dropping_empty_stories_among_some_leaves_the_others(store):
    a = add(store, "Fictional kept member.")
    for story in ("s1", "s2", "s3"):
        store.ensure_story(story, story.upper(), "v")
    store.set_story(a, "s1", 1.0, {})
    store.drop_empty_stories(["s1", "s2", "missing"])  # s2 empty and named: dropped; s3 not named
    assert held(store) == ["s1", "s3"]
    store.drop_empty_stories([])
    assert held(store) == ["s1", "s3"]
    store.drop_empty_stories()
    assert held(store) == ["s1"]


def held(store) -> list[str]:
    return [s for s in ("s1", "s2", "s3") if story_exists(store, s)]


def test_clustering_index_round_trips_big_keys_and_bytes(store):
    a, b = add(store, "Fictional one."), add(store, "Fictional two.")
    big = (1 << 56) - 1
    store.add_cluster_df([1, big, big])
    store.add_cluster_df([big])
    assert store.cluster_df([1, big, 7]) == {1: 1, big: 3}
    store.replace_cluster_df({5: 2})
    assert store.cluster_df([1, 5]) == {5: 2}
    store.ensure_story("s", "S", "v")
    store.put_story_state("s", 2, b"\x00\x01", b"\xff", "2023-12-27", None)
    assert store.story_states(["s", "t"]) == {"s": (2, b"\x00\x01", b"\xff", "2023-12-27", None)}
    store.add_story_keys("s", [big, 3, 3])
    assert store.story_candidates([big, 3, 9], 5) == [("s", 2)]
    store.drop_story_index("s")
    assert store.story_candidates([big], 5) == [] and store.story_states(["s"]) == {}
    store.put_minhash(b, b"sig-b", [10, big])
    store.put_minhash(a, b"sig-a", [10])
    assert store.minhash_candidates([10]) == sorted([(a, b"sig-a"), (b, b"sig-b")])
    store.clear_cluster_index()
    assert store.minhash_candidates([10]) == [] and store.cluster_df([5]) == {}


def test_updated_article_is_found_by_its_new_words_only(store):
    from storyline.store import ArticleQuery

    a = store.article(add(store, "Fictional ferry timetable.", title="Ferry"))
    store.update_article(a.__class__(**{**a.to_dict(), "title": "Çanal", "body": "Fictional canal timetable."}))
    assert store.count_articles(ArticleQuery(text="ferry")) == 0
    assert store.count_articles(ArticleQuery(text="CANAL")) == 1
    with pytest.raises(NotFoundError):
        store.update_article(Article(id="missing", body="x", content_hash="h"))


def test_meta_decisions_notices_and_outlet_date_filters(store):
    from storyline.store import ArticleQuery

    a = add(store, "Fictional dated.", outlet="Fictional Courier", published="2031-03-13")
    add(store, "Fictional later.", outlet="Other", published="2031-04-01")
    store.set_meta("k", "1")
    store.set_meta("k", "2")
    assert store.get_meta("k") == "2" and store.get_meta("nope") is None
    store.add_decision("merge", {"stories": ["x", "y"]})
    assert store.decisions() == [("merge", {"stories": ["x", "y"]})]
    store.add_notice(a, "conflicting-published", "kept 2031-03-13")
    store.add_notice(a, "other", "second")
    assert store.notices(a) == [("conflicting-published", "kept 2031-03-13"), ("other", "second")]
    assert [x.id for x in store.articles(ArticleQuery(outlet="fictional courier"))] == [a]
    assert store.count_articles(ArticleQuery(since="2031-03-01", until="2031-03-31")) == 1
    store.clear_stories()
    assert store.stories() == [] and store.unclustered() == []


def test_site_lines_are_repeated_once_two_articles_hold_them(store):
    big = -(1 << 63) + 5  # keys are signed 64-bit hashes
    store.add_site_lines("a1", [big, 7, 8])
    store.add_site_lines("a1", [big, 7, 8])  # the same article again: still one holder
    assert store.repeated_site_lines([big, 7, 8]) == set()
    store.add_site_lines("a2", [big, 9])
    store.add_site_lines("a3", [big, 7])
    assert store.repeated_site_lines([big, 7, 8, 9]) == {big, 7}
    assert store.repeated_site_lines() == {big, 7}
    assert store.first_site_line_holders([big, 7, 9], "a2") == {"a1"}
    store.clear_site_lines()
    assert store.repeated_site_lines() == set()
