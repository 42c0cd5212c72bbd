"""Clustering a whole collection in memory (``recluster``, the ECB+ evaluation).

The same similarity and blocking as online ``assign``: one pass in canonical order, each article
joining its best candidate story at or above the threshold, then a few refinement passes in which
each article moves to the story it is now closest to (or starts its own when none reaches the
threshold). The result depends only on the set of articles, not on the order they came in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from .refine import JOIN_THRESHOLD, split_groups
from .vectors import CANDIDATES, StoryState, Vector, in_window, index_keys, query_keys, similarity

MAX_PASSES = 6


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

    def remove(self, story: str, item: Item, dates: dict[str, str | None]) -> None:
        state = self.states[story]
        state.add(item.vec, None, sign=-1.0)
        self.members[story].remove(item.id)
        known = sorted(d for d in (dates[m] for m in self.members[story]) if d)
        state.first, state.last = (known[0], known[-1]) if known else (None, None)


def best_story(index: MemoryIndex, item: Item, own: str | None = None) -> tuple[str | None, float]:
    best: tuple[float, str] | None = None
    for story in index.candidates(item):
        if story == own:
            continue
        state = index.states[story]
        if not in_window(item.date, state.first, state.last):
            continue
        score = similarity(item.vec, state)
        if best is None or score > best[0] or (score == best[0] and story < best[1]):
            best = (score, story)
    return (best[1], best[0]) if best else (None, 0.0)


def cluster(items: Sequence[Item], threshold: float) -> list[list[str]]:
    """Groups of item ids (each in the given order), for items given in canonical order."""
    index = MemoryIndex()
    where: dict[str, str] = {}
    dates = {i.id: i.date for i in items}
    for item in items:
        story, score = best_story(index, item)
        if story is None or score < threshold:
            story = item.id
        index.add(story, item)
        where[item.id] = story
    for _ in range(MAX_PASSES):
        moved = 0
        for item in items:
            own = where[item.id]
            alone = index.states[own].n <= 1
            own_score = -1.0 if alone else similarity(item.vec, index.states[own], exclude=item.vec)
            story, score = best_story(index, item, own)
            target: str | None = None
            if story is not None and score >= threshold and score > own_score:
                target = story
            elif not alone and own_score < threshold and index.states.get(item.id, StoryState(item.id)).n == 0:
                target = item.id  # nothing close enough any more: a story of its own
            if target is None or target == own:
                continue
            index.remove(own, item, dates)
            index.add(target, item)
            where[item.id] = target
            moved += 1
        if not moved:
            break
    groups: dict[str, list[str]] = {}
    for item in items:
        groups.setdefault(where[item.id], []).append(item.id)
    split = split_groups(list(groups.values()), {i.id: i.vec for i in items}, {i.id: i.years for i in items})
    return _absorb(split, items)


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
