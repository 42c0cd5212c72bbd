"""Second look at whole stories after ``batch.cluster``: split a story that holds two events, and
let a lone article join the story it is closest to.

Halves that read far apart (``APART``) are split on that alone, even small ones: in a small
collection an article's few nearest neighbours are a large part of it and reach into other stories,
so the grouping can join two stories that share little.

A centroid threshold cannot tell two events of the same kind apart (two patches of one browser,
years apart): their articles are about as similar to each other as a story's own articles are. A
story is therefore tested as a whole: 2-means over its members' vectors, and the split is kept
when the two halves are well separated (members much closer to their own half than to the other)
*and* their evidence disagrees (each half's most-mentioned year is rare in the other). When the
halves 2-means finds do not pass, the year itself proposes the cut: the members that mention the
story's most-mentioned year against those that do not (then refined by 2-means); it is kept when the
halves are as well separated and, after refining, no member of the other half mentions that year
(reports of one event that never name the year the others all name, and read apart, are another
event of the same kind). Last, the story's own nearest-neighbour graph proposes a cut (``graph_cut``):
2-means follows vocabulary, but two events of one kind share it, while each report's nearest
reports are still mostly of its own event; a cut few neighbour links cross is kept when the years
disagree. The test is recursive, and deterministic: it depends only on the members
(taken in canonical order).

The converse also holds: two stories whose dated articles report on the same days and whose
centroids are close are one event that the neighbourhood grouping cut in two (``join_dated``).
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from itertools import pairwise
from typing import TypeVar

import numpy as np
from scipy import sparse

from .packed import Packed
from .vectors import Vector

MIN_PART = 3  # both halves of a split hold at least this many articles
SPLIT_RATIO = 0.70  # mean cross-half similarity / mean own-half similarity below this: separated
JOIN_THRESHOLD = 0.2  # a lone article joins the closest story at this similarity
ROUNDS = 20
APART = 0.3  # halves this far apart (cross / own similarity) are two stories whatever else they share...
APART_PART = 2  # ...with at least this many articles each (small collections: neighbours reach across)
JOIN_DAYS = 3  # stories whose median article dates are this close may be one event...
JOIN_DATED = 0.3  # ...when their centroids are at least this similar
_ROUGH = 1e-9  # slack of the sparse first pass over the centroids (exact sums decide)
_BLOCK = 256  # groups scored at once against the groups of the days around theirs
CUT_NEIGHBOURS = 3  # links per member in a story's own neighbour graph
CUT_CROSSING = 0.15  # a cut crossed by less than this share of its smaller side's links is clean
CUT_MAX = 400  # larger stories skip the graph cut (its similarity matrix is quadratic in the story)
T = TypeVar("T", int, str)  # a group: its position (``join_dated``) or its first member's id (Spark)


def _dict(vec: Vector | Packed) -> Vector:
    return vec.dict() if isinstance(vec, Packed) else vec


def _matrix(vecs: Sequence[Vector | Packed]) -> sparse.csr_matrix:
    cols: dict[int, int] = {}
    rows, idx, vals = [], [], []
    for r, v in enumerate(vecs):
        for t, x in _dict(v).items():
            rows.append(r)
            idx.append(cols.setdefault(t, len(cols)))
            vals.append(x)
    return sparse.csr_matrix((vals, (rows, idx)), shape=(len(vecs), max(len(cols), 1)))


def _unit(x: np.ndarray) -> np.ndarray:
    n = float(np.linalg.norm(x))
    return x / n if n > 0 else x


def two_means(m: sparse.csr_matrix) -> np.ndarray:
    """Spherical 2-means; seeds: the member farthest from the centroid, and the one farthest from it."""
    sums = np.asarray(m.sum(axis=0)).ravel()
    a = int(np.argmin(m @ _unit(sums)))
    b = int(np.argmin(m @ m[a].toarray().ravel()))
    ca, cb = m[a].toarray().ravel(), m[b].toarray().ravel()
    return _refine((m @ cb > m @ ca).astype(int), m, ROUNDS - 1)


def _refine(labels: np.ndarray, m: sparse.csr_matrix, rounds: int = ROUNDS) -> np.ndarray:
    """Spherical 2-means from a first assignment ``labels`` (0/1 per member)."""
    for _ in range(rounds):
        if not labels.any() or labels.all():
            return labels
        ca = _unit(np.asarray(m[labels == 0].sum(axis=0)).ravel())
        cb = _unit(np.asarray(m[labels == 1].sum(axis=0)).ravel())
        new = (m @ cb > m @ ca).astype(int)
        if (new == labels).all():
            return new
        labels = new
    return labels


def _own(m: sparse.csr_matrix) -> float:
    """Mean similarity of each member to the centroid of the others (members are unit vectors)."""
    s = np.asarray(m.sum(axis=0)).ravel()
    sx = m @ s
    rest = np.sqrt(np.maximum(float(s @ s) - 2 * sx + 1.0, 1e-12))
    return float(np.mean((sx - 1.0) / rest))


def separation(m: sparse.csr_matrix, labels: np.ndarray) -> float:
    """Cross-half similarity over own-half similarity (low: two well separated groups)."""
    a, b = m[labels == 0], m[labels == 1]
    ca = _unit(np.asarray(a.sum(axis=0)).ravel())
    cb = _unit(np.asarray(b.sum(axis=0)).ravel())
    cross = float(np.mean(a @ cb)) + float(np.mean(b @ ca))
    own = _own(a) + _own(b)
    return cross / own if own > 0 else 1.0


def years_disagree(a: Sequence[frozenset[str]], b: Sequence[frozenset[str]]) -> bool:
    """Each half's most-mentioned year is missing from most dated articles of the other half."""
    ca, cb = Counter(y for ys in a for y in ys), Counter(y for ys in b for y in ys)
    if not ca or not cb:
        return False
    top_a = max(ca, key=lambda y: (ca[y], y))
    top_b = max(cb, key=lambda y: (cb[y], y))
    dated_a, dated_b = sum(1 for ys in a if ys), sum(1 for ys in b if ys)
    return top_a != top_b and cb[top_a] < dated_b / 2 and ca[top_b] < dated_a / 2


def _halves(labels: np.ndarray, least: int = MIN_PART) -> tuple[list[int], list[int]] | None:
    left = [i for i, x in enumerate(labels) if x == 0]
    right = [i for i, x in enumerate(labels) if x == 1]
    return (left, right) if min(len(left), len(right)) >= least else None


def split_story(
    members: Sequence[str], vecs: Sequence[Vector | Packed], years: Sequence[frozenset[str]]
) -> tuple[list[int], list[int]] | None:
    """Positions of the two halves when the story should be split, else None."""
    if len(members) < 2 * APART_PART:
        return None
    m = _matrix(vecs)
    labels = two_means(m)
    halves = _halves(labels, APART_PART)
    if halves is not None and separation(m, labels) < APART:
        return halves
    if len(members) < 2 * MIN_PART:
        return None
    halves = _halves(labels)
    if halves is not None and separation(m, labels) < SPLIT_RATIO:
        left, right = halves
        if years_disagree([years[i] for i in left], [years[i] for i in right]):
            return halves
    halves = year_split(m, years)
    return halves if halves is not None else graph_split(m, years)


def graph_cut(m: sparse.csr_matrix) -> tuple[float, np.ndarray]:
    """The cleanest cut of the members' nearest-neighbour graph: (crossing share, 0/1 labels).

    Each member links to its ``CUT_NEIGHBOURS`` most similar members (symmetrised); the members are
    ordered by the graph's Fiedler vector and the prefix whose cut crosses the least link weight,
    relative to the smaller side's, is taken (both sides at least ``MIN_PART``)."""
    n = m.shape[0]
    sims = (m @ m.T).toarray()
    np.fill_diagonal(sims, 0.0)
    links = np.zeros_like(sims)
    rows = np.arange(n)[:, None]
    near = np.argsort(-sims, axis=1, kind="stable")[:, :CUT_NEIGHBOURS]
    links[rows, near] = np.maximum(sims[rows, near], 0.0)
    links = np.maximum(links, links.T)
    degree = links.sum(axis=1) + 1e-12
    scale = 1.0 / np.sqrt(degree)
    _, vectors = np.linalg.eigh(np.eye(n) - links * scale[:, None] * scale[None, :])
    order = np.argsort(vectors[:, 1] * scale, kind="stable").tolist()
    total = float(degree.sum())
    cut = volume = 0.0
    best, at = math.inf, 0
    for k, v in enumerate(order[: n - MIN_PART], start=1):
        # moving v to the left side: its links to the left stop crossing, the others start
        cut += float(degree[v]) - 2.0 * float(links[v, order[: k - 1]].sum())
        volume += float(degree[v])
        if k >= MIN_PART and cut / min(volume, total - volume) < best:
            best, at = cut / min(volume, total - volume), k
    labels = np.ones(n, dtype=int)
    labels[order[:at]] = 0
    return best, labels


def graph_split(m: sparse.csr_matrix, years: Sequence[frozenset[str]]) -> tuple[list[int], list[int]] | None:
    """``graph_cut``'s halves when few links cross the cut and their years disagree."""
    if m.shape[0] > CUT_MAX:
        return None
    crossing, labels = graph_cut(m)
    halves = _halves(labels)
    if halves is None or crossing >= CUT_CROSSING:
        return None
    left, right = halves
    return halves if years_disagree([years[i] for i in left], [years[i] for i in right]) else None


def year_split(m: sparse.csr_matrix, years: Sequence[frozenset[str]]) -> tuple[list[int], list[int]] | None:
    """The cut proposed by the most-mentioned year: (others, those that mention it) after 2-means,
    when the halves are separated and no member of the first mentions the year."""
    counts = Counter(y for ys in years for y in ys)
    if not counts:
        return None
    top = max(counts, key=lambda y: (counts[y], y))
    seed = np.array([1 if top in ys else 0 for ys in years])
    if _halves(seed) is None:
        return None  # the year must be named by MIN_PART members, and left out by MIN_PART
    labels = _refine(seed, m)
    halves = _halves(labels)
    if halves is None or separation(m, labels) >= SPLIT_RATIO:
        return None
    if any(top in years[i] for i in halves[0]):
        return None
    return halves


def split_groups(
    groups: Sequence[list[str]], vecs: Mapping[str, Vector | Packed], years: Mapping[str, frozenset[str]]
) -> list[list[str]]:
    """Every group split (recursively) where ``split_story`` says so; member order is kept."""
    out: list[list[str]] = []
    queue = [list(g) for g in groups]
    while queue:
        group = queue.pop()
        halves = split_story(group, [vecs[i] for i in group], [years[i] for i in group])
        if halves is None:
            out.append(group)
        else:
            queue.extend([group[i] for i in half] for half in halves)
    return sorted(out, key=lambda g: g[0])


def _median_day(dates: Sequence[str | None]) -> int | None:
    """Median ordinal day of the dated members, when at least ``MIN_PART`` are dated."""
    days = []
    for d in dates:
        if not d:
            continue
        try:
            days.append(dt.date.fromisoformat(d[:10]).toordinal())
        except ValueError:
            continue
    return int(statistics.median_low(sorted(days))) if len(days) >= MIN_PART else None


def _centroid(vecs: Sequence[Vector]) -> Vector:
    c: dict[int, float] = {}
    for v in vecs:
        for t, x in v.items():
            c[t] = c.get(t, 0.0) + x
    norm = math.sqrt(sum(x * x for x in c.values())) or 1.0
    return {t: x / norm for t, x in c.items()}


def _rough_centroids(members: Sequence[Sequence[Vector | Packed]]) -> sparse.csr_matrix:
    """Unit centroids as sparse rows, summed in any order: only to find the pairs worth an exact look."""
    terms, sums = [], []
    for vecs in members:
        packed = [Packed.of(v) for v in vecs]
        t, inverse = np.unique(np.concatenate([p.terms for p in packed]), return_inverse=True)
        total = np.bincount(inverse, weights=np.concatenate([p.weights for p in packed]))
        terms.append(t)
        sums.append(total / (float(np.linalg.norm(total)) or 1.0))
    if not terms:
        return sparse.csr_matrix((0, 1))
    vocab = np.unique(np.concatenate(terms))
    indices = np.searchsorted(vocab, np.concatenate(terms)).astype(np.int32)
    indptr = np.concatenate([[0], np.cumsum([len(t) for t in terms])])
    return sparse.csr_matrix((np.concatenate(sums), indices, indptr), shape=(len(terms), max(len(vocab), 1)))


def join_dated(
    groups: Sequence[list[str]], vecs: Mapping[str, Vector | Packed], dates: Mapping[str, str | None]
) -> list[list[str]]:
    """Groups merged pairwise (most similar first) when their median dates lie within
    ``JOIN_DAYS`` and their centroids reach ``JOIN_DATED``; only groups with ``MIN_PART`` dated
    members take part, and each group joins at most once per call (no chains).

    Centroid similarity is first taken roughly, a block of groups against the groups of the days
    around theirs in one sparse product; the pairs it finds near ``JOIN_DATED`` are then scored
    exactly, so the pairs (and their order) are those of scoring every pair exactly."""
    out = [list(g) for g in groups]
    days = [_median_day([dates[i] for i in g]) for g in out]
    dated_days = sorted(d for d in days if d is not None)
    if all(b - a > JOIN_DAYS for a, b in pairwise(dated_days)):
        return sorted((g for g in out if g), key=lambda g: g[0])  # no two groups' days are close: no pair to score
    by_day: dict[int, list[int]] = {}
    for k, d in enumerate(days):
        if d is not None:
            by_day.setdefault(d, []).append(k)
    dated = [k for k, d in enumerate(days) if d is not None]
    row = {k: r for r, k in enumerate(dated)}
    rough = _rough_centroids([[vecs[i] for i in out[k]] for k in dated])
    cents: dict[int, Vector] = {}

    def exact(k: int) -> Vector:
        if k not in cents:
            cents[k] = _centroid([_dict(vecs[i]) for i in out[k]])
        return cents[k]

    pairs = []
    for d in sorted(by_day):
        around = [b for day in range(d - JOIN_DAYS, d + JOIN_DAYS + 1) for b in by_day.get(day, ())]
        right = rough[[row[b] for b in around]].T.tocsc()
        for start in range(0, len(by_day[d]), _BLOCK):
            block = by_day[d][start : start + _BLOCK]
            near = (rough[[row[a] for a in block]] @ right).tocoo()
            for x, y, v in zip(near.row.tolist(), near.col.tolist(), near.data.tolist(), strict=True):
                a, b = block[x], around[y]
                if b <= a or v < JOIN_DATED - _ROUGH:
                    continue
                s = centroid_similarity(exact(a), exact(b))
                if s >= JOIN_DATED:
                    pairs.append((-s, a, b))
    for a, b in matched(pairs):
        out[a].extend(out[b])
        out[b] = []
    return sorted((g for g in out if g), key=lambda g: g[0])


def centroid_similarity(a: Vector, b: Vector) -> float:
    """``join_dated``'s exact score of two unit centroids (``a``: the group first in order)."""
    return sum(w * b.get(t, 0.0) for t, w in a.items())


def matched(pairs: Sequence[tuple[float, T, T]]) -> list[tuple[T, T]]:
    """The pairs ``join_dated`` joins from its candidates (-similarity, a, b), a before b in the
    groups' order: most similar first (ties in that order), each group at most once. Spark's
    cross-block pass (``spark/storywork.py``) picks its joins with this too."""
    used: set[T] = set()
    out = []
    for _, a, b in sorted(pairs):
        if a in used or b in used:
            continue
        used.update((a, b))
        out.append((a, b))
    return out
