"""Whole-collection grouping for ``recluster``: neighbourhoods, then average linkage.

Two reports of the same kind of event (two earthquakes, two patches of one browser) are about as
close to each other as two reports of one event, so a threshold on article-to-story similarity
either merges the events or splits the stories. An article's *nearest* neighbours, though, are
almost always reports of its own event. Each article is therefore described by its neighbourhood
(itself and its ``NEIGHBOURS`` most similar articles among its blocking candidates, weighted by
similarity), and two articles are alike when their neighbourhoods overlap. Groups are then formed by
average linkage over that second-order similarity, stopping at ``LINK_THRESHOLD``. Deterministic:
ties are broken by article order, which the caller makes canonical.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Sequence
from typing import Protocol

from .vectors import Vector, in_window, index_keys, query_keys

NEIGHBOURS = 5  # neighbours that describe an article (fewer when fewer candidates are similar)
NEIGHBOUR_FLOOR = 0.05  # a candidate less similar than this is not a neighbour
LINK_THRESHOLD = 0.1  # groups merge while their mean neighbourhood overlap reaches this
POOL = 60  # blocking candidates scored per article


class _Item(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def vec(self) -> Vector: ...
    @property
    def date(self) -> str | None: ...


def _dot(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def neighbourhoods(items: Sequence[_Item]) -> list[dict[int, float]]:
    """Per item, its unit neighbourhood vector over item positions (itself weighted 1)."""
    postings: dict[int, list[int]] = {}
    for i, item in enumerate(items):
        for key in index_keys(item.vec, item.date):
            postings.setdefault(key, []).append(i)
    near: list[dict[int, float]] = [{i: 1.0} for i in range(len(items))]
    for i, item in enumerate(items):
        hits: Counter[int] = Counter()
        for key in query_keys(item.vec, item.date):
            for j in postings.get(key, ()):
                if j != i:
                    hits[j] += 1
        pool = sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))[:POOL]
        scored = []
        for j, _ in pool:
            other = items[j]
            if not in_window(item.date, other.date, other.date):
                continue
            s = _dot(item.vec, other.vec)
            if s >= NEIGHBOUR_FLOOR:
                scored.append((-s, j))
        for neg, j in sorted(scored)[:NEIGHBOURS]:
            # symmetric: j is in i's neighbourhood and i in j's, with the larger weight
            near[i][j] = max(near[i].get(j, 0.0), -neg)
            near[j][i] = max(near[j].get(i, 0.0), -neg)
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
