"""Whole-collection grouping for ``recluster``: neighbourhoods, then average linkage.

Two reports of the same kind of event (two earthquakes, two patches of one browser) are about as
close to each other as two reports of one event, so a threshold on article-to-story similarity
either merges the events or splits the stories. An article's *nearest* neighbours, though, are
almost always reports of its own event. Each article is therefore described by its neighbourhood
(itself and its ``NEIGHBOURS`` most similar articles among its blocking candidates, weighted by
similarity), and two articles are alike when their neighbourhoods overlap. A link both articles
chose (each is among the other's nearest) keeps its similarity as weight; a one-sided link, where
only one of the two picked the other, weighs ``ONE_SIDED`` times as much: a report that lists a
report of a neighbouring event among its nearest, without being listed back, is the usual bridge
between two events of the same kind. Groups are then formed by
average linkage over that second-order similarity, stopping at ``LINK_THRESHOLD``. Deterministic:
ties are broken by article order, which the caller makes canonical.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterator, Sequence
from typing import Protocol

import numpy as np

from .packed import Packed, Postings
from .vectors import WINDOW_DAYS, Vector, day_number, index_keys_of, query_keys_of

NEIGHBOURS = 5  # neighbours that describe an article (fewer when fewer candidates are similar)
NEIGHBOUR_FLOOR = 0.05  # a candidate less similar than this is not a neighbour
# groups merge while their mean neighbourhood overlap reaches this; similarities run lower in a
# small collection (a word of one event is in a tenth of its reports, not a thirtieth), and 0.08
# left 10-topic ECB+ collections split (B³ 0.9666 -> 0.9701 at 0.07; whole folder 0.974 either way)
LINK_THRESHOLD = 0.07
ONE_SIDED = 0.5  # weight of a neighbour link only one of its two articles chose, relative to mutual
POOL = 60  # blocking candidates scored per article


class _Item(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def vec(self) -> Vector | Packed: ...
    @property
    def date(self) -> str | None: ...


def _dot(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    # added left to right on every Python (3.12's ``sum`` compensates): ``Packed.dots`` must match
    total = 0.0
    for t, v in a.items():
        total += v * b.get(t, 0.0)
    return total


def candidates(items: Sequence[_Item]) -> Iterator[tuple[int, list[int], list[float]]]:
    """Per item (in order): its position, its blocking candidates (the ``POOL`` sharing most keys
    with it, ties to the earlier position, in its window) and their similarity to it."""
    vecs = [Packed.of(item.vec) for item in items]
    tops = [v.top_terms() for v in vecs]
    days = [day_number(item.date) for item in items]
    entries = [Postings.entry(index_keys_of(tops[i], item.date), i) for i, item in enumerate(items)]
    postings = Postings([k for k, _ in entries], [v for _, v in entries])
    del entries
    for i, item in enumerate(items):
        found = postings.lookup(query_keys_of(tops[i], item.date))
        js, counts = np.unique(found[found != i], return_counts=True)
        pool = js[np.lexsort((js, -counts))[:POOL]].tolist()
        if days[i] is not None:  # ``in_window`` of two dated articles
            pool = [j for j in pool if days[j] is None or abs(days[j] - days[i]) <= WINDOW_DAYS]
        yield i, pool, vecs[i].dots([vecs[j] for j in pool])


def neighbourhoods(items: Sequence[_Item]) -> list[dict[int, float]]:
    """Per item, its unit neighbourhood vector over item positions (itself weighted 1)."""
    chosen: list[dict[int, float]] = [{} for _ in items]  # i -> its nearest j -> similarity
    for i, pool, sims in candidates(items):
        scored = [(-s, j) for s, j in zip(sims, pool, strict=True) if s >= NEIGHBOUR_FLOOR]
        for neg, j in sorted(scored)[:NEIGHBOURS]:
            chosen[i][j] = -neg
    near: list[dict[int, float]] = [{i: 1.0} for i in range(len(items))]
    for i, picks in enumerate(chosen):
        for j, s in picks.items():
            # symmetric: j is in i's neighbourhood and i in j's; weaker when only i chose j
            w = s if i in chosen[j] else ONE_SIDED * s
            near[i][j] = max(near[i].get(j, 0.0), w)
            near[j][i] = max(near[j].get(i, 0.0), w)
    out = []
    for row in near:
        norm = math.sqrt(sum(v * v for v in row.values()))
        out.append({j: v / norm for j, v in row.items()})
    return out


def average_linkage(rows: Sequence[dict[int, float]], threshold: float = LINK_THRESHOLD) -> list[list[int]]:
    """Groups of positions: average linkage over ``rows[i] · rows[j]``, merging while ≥ threshold."""
    n = len(rows)
    by_key: dict[int, list[int]] = {}
    for i, row in enumerate(rows):
        for k in row:
            by_key.setdefault(k, []).append(i)
    # sums[a][b]: total pairwise similarity between groups a and b (group id = its first position)
    sums: list[dict[int, float]] = [{} for _ in range(n)]
    for i, row in enumerate(rows):
        for k, v in row.items():
            for j in by_key[k]:
                if j > i:
                    sums[i][j] = sums[i].get(j, 0.0) + v * rows[j][k]
    for i in range(n):
        for j, s in sums[i].items():
            sums[j][i] = s
    size = [1] * n
    alive = [True] * n
    heap = [(-s, i, j) for i in range(n) for j, s in sums[i].items() if i < j and s >= threshold]
    heapq.heapify(heap)
    members: list[list[int]] = [[i] for i in range(n)]
    while heap:
        neg, a, b = heapq.heappop(heap)
        if not (alive[a] and alive[b]):
            continue
        current = sums[a].get(b, 0.0) / (size[a] * size[b])
        if abs(current + neg) > 1e-12:
            continue  # stale entry: the pair was re-scored after a merge
        alive[b] = False
        members[a].extend(members[b])
        size[a] += size[b]
        for c, s in sums[b].items():
            if c == a:
                continue
            sums[c].pop(b, None)
            total = sums[a].get(c, 0.0) + s
            sums[a][c] = total
            sums[c][a] = total
        sums[a].pop(b, None)
        sums[b] = {}
        for c, s in sums[a].items():
            avg = s / (size[a] * size[c])
            if avg >= threshold:
                heapq.heappush(heap, (-avg, min(a, c), max(a, c)))
    return sorted((sorted(members[i]) for i in range(n) if alive[i]), key=lambda g: g[0])
