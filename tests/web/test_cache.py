"""Built stories are reused only while what they were built from is unchanged."""

from __future__ import annotations

import pytest

from storyline.errors import NotFoundError
from storyline.options import Options
from storyline.store.sqlite import SQLiteStore
from storyline.web.cache import StoryCache


def test_a_story_is_rebuilt_when_its_articles_facts_notices_or_title_change(fictional_db: str) -> None:
    cache, options = StoryCache(), Options(db=fictional_db)
    with SQLiteStore(fictional_db) as store:
        first = cache.story(store, "story-1", options)
        assert cache.story(store, "story-1", options) is first
        store.add_notice("art-a", "conflicting-published", "fictional notice")
        second = cache.story(store, "story-1", options)
        assert second is not first
        store.set_story_title("story-1", "Renamed")
        third = cache.story(store, "story-1", options)
        assert third is not second and third.title == "Renamed"
        store.ensure_story("story-2", "Other", "test")
        store.set_story("art-b", "story-2", None, {})
        assert [a.id for a in cache.story(store, "story-1", options).articles] == ["art-a"]


def test_entries_expire_and_the_cache_stays_bounded(fictional_db: str) -> None:
    options = Options(db=fictional_db)
    with SQLiteStore(fictional_db) as store:
        expired = StoryCache(ttl=0.0)
        assert expired.story(store, "story-1", options) is not expired.story(store, "story-1", options)
        small = StoryCache(size=1)
        store.ensure_story("story-2", "Other", "test")
        store.set_story("art-b", "story-2", None, {})
        small.story(store, "story-1", options)
        small.story(store, "story-2", options)
        assert list(small._items) == ["story-2"]


def test_unknown_story_raises_not_found(fictional_db: str) -> None:
    with SQLiteStore(fictional_db) as store, pytest.raises(NotFoundError):
        StoryCache().story(store, "nope", Options(db=fictional_db))
