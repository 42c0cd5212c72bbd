"""Clustering a whole collection in memory (``recluster``, the ECB+ evaluation).

The same vectors and blocking keys as online ``assign``, but grouped with the whole collection in
view: articles whose nearest neighbours overlap form one story (``graph``), then ``refine`` takes a
second look. The result depends only on the set of articles, not on the order they came in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from .graph import average_linkage, neighbourhoods
from .packed import Packed, Postings
from .refine import JOIN_THRESHOLD, join_dated, split_groups
from .vectors import CANDIDATES, StoryState, Vector, in_window, index_keys_of, query_keys_of, similarity

_STATES = 1024  # story centroids kept while lone articles are scored against them (items come in date order)


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    vec: Vector | Packed
    date: str | None
    years: frozenset[str] = field(default_factory=frozenset)  # years the article mentions


def cluster(items: Sequence[Item], threshold: float, near: Sequence[dict[int, float]] | None = None) -> list[list[str]]:
    """Groups of item ids (each in the given order), for items given in canonical order.

    ``graph`` groups the articles by their neighbourhoods (average linkage); a group whose halves
    are separated and disagree on years is then split, two groups about the same days with close
    centroids are joined, and a lone article joins its closest story.
    ``threshold`` (the online joining threshold) is not used here: joining a group is decided by
    neighbourhood overlap, the second look by ``refine``'s own thresholds.
    ``near`` gives the neighbourhoods already computed over a larger collection (Spark's blocks:
    ``spark/blocks.py``): row i over item positions, other keys standing for articles outside.
    """
    del threshold
    rows = neighbourhoods(items) if near is None else near
    groups = [[items[i].id for i in g] for g in average_linkage(rows)]
    vecs = {i.id: i.vec for i in items}
    split = split_groups(groups, vecs, {i.id: i.years for i in items})
    joined = join_dated(split, vecs, {i.id: i.date for i in items})
    order = {i.id: k for k, i in enumerate(items)}
    return _absorb([sorted(g, key=order.__getitem__) for g in joined], items)


def _absorb(groups: list[list[str]], items: Sequence[Item]) -> list[list[str]]:
    """A lone article joins its best candidate story of two or more at ``JOIN_THRESHOLD`` (lower
    than the threshold to start growing a story: a story of several articles is firmer evidence).

    Candidates are the ``CANDIDATES`` stories sharing most blocking keys with the article (every
    story counts there, its own and lone ones too); a story's centroid is only summed when a lone
    article scores it, and the last ``_STATES`` of those are kept."""
    by_id = {i.id: i for i in items}
    home: dict[str, int] = {}
    entries = []
    for k, group in enumerate(groups):
        keys: set[int] = set()
        for member in group:
            home[member] = k
            item = by_id[member]
            keys.update(index_keys_of(Packed.of(item.vec).top_terms(), item.date))
        entries.append(Postings.entry(sorted(keys), k))
    postings = Postings([e for e, _ in entries], [v for _, v in entries])
    del entries
    spans = [_dates([by_id[m].date for m in g]) for g in groups]

    @lru_cache(maxsize=_STATES)
    def state(k: int) -> StoryState:
        out = StoryState(groups[k][0])
        for member in groups[k]:
            out.add(_dict(by_id[member].vec), by_id[member].date)
        return out

    moved: dict[str, int] = {}
    for item in items:
        own = home[item.id]
        if len(groups[own]) != 1:
            continue
        found = postings.lookup(query_keys_of(Packed.of(item.vec).top_terms(), item.date))
        ks, counts = np.unique(found, return_counts=True)
        # ranked by shared keys, ties to the smaller story id (the id of its first member)
        ranked = sorted(zip((-counts).tolist(), ks.tolist(), strict=True), key=lambda h: (h[0], groups[h[1]][0]))
        best: tuple[float, int] | None = None
        vec: Vector | None = None
        for _, k in ranked[:CANDIDATES]:
            first, last = spans[k]
            if k == own or len(groups[k]) < 2 or not in_window(item.date, first, last):
                continue
            vec = vec if vec is not None else _dict(item.vec)
            score = similarity(vec, state(k))
            if best is None or score > best[0] or (score == best[0] and groups[k][0] < groups[best[1]][0]):
                best = (score, k)
        if best is not None and best[0] >= JOIN_THRESHOLD:
            moved[item.id] = best[1]
    out: dict[int, list[str]] = {}
    for item in items:
        out.setdefault(moved.get(item.id, home[item.id]), []).append(item.id)
    return sorted(out.values(), key=lambda g: g[0])


def _dates(dates: Sequence[str | None]) -> tuple[str | None, str | None]:
    """A story's (first, last) date as ``StoryState.add`` keeps it."""
    dated = [d for d in dates if d]
    return (min(dated), max(dated)) if dated else (None, None)


def _dict(vec: Vector | Packed) -> Vector:
    return vec.dict() if isinstance(vec, Packed) else vec
