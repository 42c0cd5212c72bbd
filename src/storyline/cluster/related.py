"""Related stories: same topic, another event. Linked (``Story.related``), never merged.

In a week of news two reports of one topic but different events (a state's new law and federal
talks on the same policy; two games of one league) stay two stories (``batch.evidence``); a reader
still wants to find one from the other. A story's candidates are the stories sharing its heaviest
terms (about its first or last date) whose centroid is at least ``RELATED`` similar to its own
(either story's first date within the other's time window), the ``LIMIT`` most similar first.
Two stories are related when each is among the other's candidates, so a link shown on one story
is shown on the other too: candidate search starts from one story's terms and dates, and
a one-sided link reads as a link the other story forgot.
"""

from __future__ import annotations

import math

from ..store import Store
from .state import load_state
from .vectors import CANDIDATES, in_window, packed_similarity, query_arrays, query_keys

RELATED = 0.2  # mixes 0-1: 47 of the 54 links between labelled stories join one topic (0.25: 27 of 29)
LIMIT = 5


def related(store: Store, story_id: str) -> list[tuple[str, float]]:
    """(story id, centroid similarity) of the stories related to ``story_id``, most similar first:
    those among its ``candidates`` that list it among theirs."""
    return [(s, score) for s, score in candidates(store, story_id) if story_id in dict(candidates(store, s))]


def candidates(store: Store, story_id: str) -> list[tuple[str, float]]:
    """(story id, centroid similarity) of the ``LIMIT`` stories most similar to ``story_id`` at
    ``RELATED`` or more, among those sharing its heaviest terms in its time window."""
    state = load_state(store, story_id)
    if state is None or state.n <= 0:
        return []
    norm = math.sqrt(sum(v * v for v in state.centroid.values() if v > 0)) or 1.0
    vec = {t: v / norm for t, v in state.centroid.items() if v > 0}
    date = state.first
    keys = sorted(set(query_keys(vec, date)) | set(query_keys(vec, state.last)))  # its first and last month
    ids = [s for s, _ in store.story_candidates(keys, CANDIDATES) if s != story_id]
    query = query_arrays(vec)
    found = []
    for s, (n, terms, weights, first, last) in sorted(store.story_states(ids).items()):
        # either story's first date within the other's window: the same answer from both sides
        if n > 0 and (in_window(date, first, last) or in_window(first, date, state.last)):
            score = packed_similarity(query, terms, weights)
            if score >= RELATED:
                found.append((-score, s))
    return [(s, round(-neg, 4)) for neg, s in sorted(found)[:LIMIT]]
