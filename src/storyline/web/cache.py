"""Built stories kept for reuse: building one (align, compare, timeline, summary) costs far more
than rendering it, and the story page is the most visited page.

An entry is reused only while its signature holds: the story's title, its articles, each
article's facts version and notice count. A change that touches none of these (an article's
metadata rewritten in place) is seen after at most ``ttl`` seconds.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Hashable

from .. import api
from ..options import Options
from ..records import Story
from ..store import Store


def signature(store: Store, story_id: str) -> tuple[str, Hashable]:
    """(canonical story id, what the built story depends on); raises NotFoundError for unknown ids."""
    row = store.story(story_id)
    parts = tuple((a, store.facts_version(a), len(store.notices(a))) for a in row.articles)
    return row.id, (row.title, parts)


class StoryCache:
    def __init__(self, size: int = 128, ttl: float = 60.0) -> None:
        self.size = size
        self.ttl = ttl
        self._items: OrderedDict[str, tuple[Hashable, float, Story]] = OrderedDict()
        self._lock = threading.Lock()

    def story(self, store: Store, story_id: str, options: Options) -> Story:
        """``storyline.api.story``, reused while the signature holds and the entry is fresh."""
        canonical, key = signature(store, story_id)
        now = time.monotonic()
        with self._lock:
            hit = self._items.get(canonical)
            if hit is not None and hit[0] == key and now - hit[1] < self.ttl:
                self._items.move_to_end(canonical)
                return hit[2]
        built = api.story(store, canonical, options)
        with self._lock:
            self._items[canonical] = (key, now, built)
            self._items.move_to_end(canonical)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return built
