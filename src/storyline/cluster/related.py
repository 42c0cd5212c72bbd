"""Related stories: same topic, another event. Linked (``Story.related``), never merged.

In a week of news two reports of one topic but different events (a state's new law and federal
talks on the same policy; two games of one league) stay two stories (``batch.evidence``); a reader
still wants to find one from the other. A story is related when its centroid is at least
``RELATED`` similar to this one's (in the other's time window), among the stories sharing its
heaviest terms, the ``LIMIT`` most similar first.
"""

from __future__ import annotations

import math

from ..store import Store
from .state import load_state
from .vectors import CANDIDATES, in_window, packed_similarity, query_arrays, query_keys

RELATED = 0.2  # mixes 0-1: 47 of the 54 links between labelled stories join one topic (0.25: 27 of 29)
LIMIT = 5


def related(store: Store, story_id: str) -> list[tuple[str, float]]:
    """(story id, centroid similarity) of the stories related to ``story_id``, most similar first."""
    state = load_state(store, story_id)
    if state is None or state.n <= 0:
        return []
    norm = math.sqrt(sum(v * v for v in state.centroid.values() if v > 0)) or 1.0
    vec = {t: v / norm for t, v in state.centroid.items() if v > 0}
    date = state.first
    ids = [s for s, _ in store.story_candidates(query_keys(vec, date), CANDIDATES) if s != story_id]
    query = query_arrays(vec)
    found = []
    for s, (n, terms, weights, first, last) in sorted(store.story_states(ids).items()):
        if n > 0 and in_window(date, first, last):
            score = packed_similarity(query, terms, weights)
            if score >= RELATED:
                found.append((-score, s))
    return [(s, round(-neg, 4)) for neg, s in sorted(found)[:LIMIT]]
