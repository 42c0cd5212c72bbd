"""Related stories are linked both ways: a link on one story's page is on the other's too.

Story states are written directly (terms are plain numbers), so each test sets up exactly the case
where candidate search from one side differs from the other's."""

from __future__ import annotations

from cluster_corpus import Ingest

from storyline.cluster.related import LIMIT, RELATED, related
from storyline.cluster.state import write_state
from storyline.cluster.vectors import StoryState, Vector, index_keys
from storyline.store import Store


def _story(store: Store, story: str, members: list[tuple[Vector, str | None]]) -> None:
    store.ensure_story(story, story, "test")
    state, keys = StoryState(story), []
    for vec, date in members:
        state.add(vec, date)
        keys.extend(index_keys(vec, date))
    write_state(store, state, sorted(set(keys)))


def _links(store: Store, story: str) -> list[str]:
    return [s for s, _ in related(store, story)]


def test_a_long_story_and_a_late_one_are_linked_both_ways(store: Store) -> None:
    # a development over four months, and a story of its last days on the same terms: the late story
    # lies in the long one's window, the long one's first day not in the late one's
    topic = {1: 0.6, 2: 0.6, 3: 0.5292}
    _story(store, "long", [(topic | {10: 0.1}, "2025-01-05"), (topic | {11: 0.1}, "2025-05-02")])
    _story(store, "late", [({1: 0.6, 2: 0.3, 20: 0.7416}, "2025-04-28")])
    _story(store, "far", [({1: 0.6, 2: 0.3, 21: 0.7416}, "2026-03-01")])
    assert _links(store, "long") == ["late"]
    assert _links(store, "late") == ["long"]
    assert _links(store, "far") == []


def test_links_beyond_a_storys_limit_are_shown_on_neither_side(store: Store) -> None:
    # a hub close to LIMIT + 1 stories; the least similar one lists the hub, the hub does not list it
    _story(store, "hub", [({1: 0.8, 2: 0.6}, None)])
    spokes = []
    for k in range(LIMIT + 1):
        w = 0.9 - 0.05 * k
        assert w * 0.8 >= RELATED
        _story(store, f"spoke-{k}", [({1: w, 100 + k: (1 - w * w) ** 0.5}, None)])
        spokes.append(f"spoke-{k}")
    shown = _links(store, "hub")
    assert shown == spokes[:LIMIT]
    for s in spokes:
        assert ("hub" in _links(store, s)) == (s in shown)


def test_every_link_of_a_week_of_news_is_shown_on_both_stories(store: Store, add: Ingest) -> None:
    from week_corpus import OTHER_LAW, WEEK

    ids = add(WEEK | {"other_law-1": OTHER_LAW})
    stories = {s for a in ids.values() if (s := store.story_of(a))}
    links = {(s, r) for s in stories for r in _links(store, s)}
    assert links, "the corpus holds stories of one topic"
    assert all((r, s) in links for s, r in links)
