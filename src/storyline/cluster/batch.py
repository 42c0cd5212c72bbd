"""Clustering a whole collection in memory (``recluster``, the ECB+ evaluation).

The same vectors and blocking keys as online ``assign``, but grouped with the whole collection in
view: articles whose nearest neighbours overlap form one story (``graph``), then ``refine`` takes a
second look. The result depends only on the set of articles, not on the order they came in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from .graph import average_linkage, neighbourhoods
from .refine import JOIN_THRESHOLD, join_dated, split_groups
from .vectors import CANDIDATES, StoryState, Vector, in_window, index_keys, query_keys, similarity


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    vec: Vector
    date: str | None
    years: frozenset[str] = field(default_factory=frozenset)  # years the article mentions


class MemoryIndex:
    def __init__(self) -> None:
        self.states: dict[str, StoryState] = {}
        self.members: dict[str, list[str]] = {}
        self.postings: dict[int, set[str]] = {}

    def candidates(self, item: Item) -> list[str]:
        hits: Counter[str] = Counter()
        for key in query_keys(item.vec, item.date):
            for story in self.postings.get(key, ()):
                hits[story] += 1
        ranked = sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))
        return [s for s, _ in ranked[:CANDIDATES] if self.states[s].n > 0]

    def add(self, story: str, item: Item) -> None:
        state = self.states.setdefault(story, StoryState(story))
        state.add(item.vec, item.date)
        self.members.setdefault(story, []).append(item.id)
        for key in index_keys(item.vec, item.date):
            self.postings.setdefault(key, set()).add(story)


def cluster(items: Sequence[Item], threshold: float) -> list[list[str]]:
    """Groups of item ids (each in the given order), for items given in canonical order.

    ``graph`` groups the articles by their neighbourhoods (average linkage); a group whose halves
    are separated and disagree on years is then split, two groups about the same days with close
    centroids are joined, and a lone article joins its closest story.
    ``threshold`` (the online joining threshold) is not used here: joining a group is decided by
    neighbourhood overlap, the second look by ``refine``'s own thresholds.
    """
    del threshold
    groups = [[items[i].id for i in g] for g in average_linkage(neighbourhoods(items))]
    vecs = {i.id: i.vec for i in items}
    split = split_groups(groups, vecs, {i.id: i.years for i in items})
    joined = join_dated(split, vecs, {i.id: i.date for i in items})
    order = {i.id: k for k, i in enumerate(items)}
    return _absorb([sorted(g, key=order.__getitem__) for g in joined], items)


def _absorb(groups: list[list[str]], items: Sequence[Item]) -> list[list[str]]:
    """A lone article joins its best candidate story of two or more at ``JOIN_THRESHOLD`` (lower
    than the threshold to start growing a story: a story of several articles is firmer evidence)."""
    index = MemoryIndex()
    by_id = {i.id: i for i in items}
    home: dict[str, str] = {}
    for group in groups:
        for member in group:
            index.add(group[0], by_id[member])
            home[member] = group[0]
    for item in items:
        own = home[item.id]
        if index.states[own].n != 1:
            continue
        best: tuple[float, str] | None = None
        for story in index.candidates(item):
            state = index.states[story]
            if story == own or state.n < 2 or not in_window(item.date, state.first, state.last):
                continue
            score = similarity(item.vec, state)
            if best is None or score > best[0] or (score == best[0] and story < best[1]):
                best = (score, story)
        if best is not None and best[0] >= JOIN_THRESHOLD:
            home[item.id] = best[1]
    out: dict[str, list[str]] = {}
    for item in items:
        out.setdefault(home[item.id], []).append(item.id)
    return sorted(out.values(), key=lambda g: g[0])
