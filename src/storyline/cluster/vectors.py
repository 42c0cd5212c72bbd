"""TF-IDF vectors over hashed terms, story centroids, the similarity and the blocking keys.

One similarity for everything: online ``assign``, ``recluster`` and the ECB+ evaluation all score an
article against a story centroid with ``similarity``; only where the candidates come from differs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from .features import Features

Vector = dict[int, float]

SPECIFIC_WEIGHT = 1.0  # names, numbers and years next to the words: what tells two earthquakes apart
CENTROID_TERMS = 384  # a stored centroid keeps its heaviest terms only
BLOCK_TERMS = 12  # heaviest terms of an article used as blocking keys
WINDOW_DAYS = 60  # an article joins a dated story only within this many days of its date range
CANDIDATES = 30  # stories scored per article


def _part(counts: Mapping[int, int], df: Mapping[int, float], n_docs: int) -> Vector:
    out = {t: (1.0 + math.log(c)) * (math.log((n_docs + 1) / (df.get(t, 0) + 1)) + 1.0) for t, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in out.values())) or 1.0
    return {t: v / norm for t, v in out.items()}


def weigh(f: Features, df: Mapping[int, float], n_docs: int) -> Vector:
    """The unit-length TF-IDF vector: words, plus specifics scaled by SPECIFIC_WEIGHT."""
    vec = _part(f.words, df, n_docs)
    for t, v in _part(f.specifics, df, n_docs).items():
        vec[t] = vec.get(t, 0.0) + SPECIFIC_WEIGHT * v
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {t: v / norm for t, v in vec.items()}


@dataclass(slots=True)
class StoryState:
    """A story as the clusterer sees it: the sum of its members' vectors and its date range."""

    id: str
    centroid: Vector = field(default_factory=dict)
    n: int = 0
    first: str | None = None
    last: str | None = None

    def add(self, vec: Vector, date: str | None, sign: float = 1.0) -> None:
        c = self.centroid
        for t, v in vec.items():
            c[t] = c.get(t, 0.0) + sign * v
        self.n += 1 if sign > 0 else -1
        if date and sign > 0:
            self.first = min(self.first or date, date)
            self.last = max(self.last or date, date)

    def pack(self) -> tuple[bytes, bytes]:
        items = sorted(((v, t) for t, v in self.centroid.items() if v > 1e-9), reverse=True)[:CENTROID_TERMS]
        terms = np.array([t for _, t in items], dtype=np.uint32)
        weights = np.array([v for v, _ in items], dtype=np.float32)
        return terms.tobytes(), weights.tobytes()

    @classmethod
    def unpack(
        cls, story: str, n: int, terms: bytes, weights: bytes, first: str | None, last: str | None
    ) -> StoryState:
        t = np.frombuffer(terms, dtype=np.uint32).tolist()
        w = np.frombuffer(weights, dtype=np.float32).tolist()
        return cls(story, dict(zip(t, w, strict=True)), n, first, last)


def _day(iso: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(iso[:10])
    except ValueError:
        return None


def day_number(date: str | None) -> int | None:
    """The day's ordinal, or None when ``date`` is missing or not a date (``in_window`` ignores it)."""
    d = _day(date) if date else None
    return d.toordinal() if d is not None else None


def in_window(date: str | None, first: str | None, last: str | None) -> bool:
    """False only when both sides are dated and the article falls outside the story's window."""
    if not date or not first or not last:
        return True
    d, a, b = _day(date), _day(first), _day(last)
    if d is None or a is None or b is None:
        return True
    # on day numbers: a date at the calendar's end (9999-12-31) has no day after it
    return a.toordinal() - WINDOW_DAYS <= d.toordinal() <= b.toordinal() + WINDOW_DAYS


def similarity(vec: Vector, story: StoryState, exclude: Vector | None = None) -> float:
    """Cosine between ``vec`` and the story centroid (less ``exclude``, the article itself)."""
    # sums added left to right on every Python (3.12's ``sum`` compensates), as the array twins
    # (``similarities_less_self``, ``Packed``) add them: the same float on any version
    c = story.centroid
    square = dot = 0.0
    if not exclude:
        for v in c.values():
            if v > 0:
                square += v * v
        norm = math.sqrt(square)
        if norm <= 1e-9:
            return 0.0
        for t, v in vec.items():
            dot += v * c.get(t, 0.0)
        return dot / norm
    # the centroid less ``exclude``, read term by term in the centroid's order rather than copied:
    # the same values summed in the same order (a member is scored against its own story often)
    for t, v in c.items():
        w = v - exclude[t] if t in exclude else v
        if w > 0:
            square += w * w
    norm = math.sqrt(square)
    if norm <= 1e-9:
        return 0.0
    for t, v in vec.items():
        dot += v * ((c[t] - exclude[t] if t in exclude else c[t]) if t in c else 0.0)
    return dot / norm


_CELLS = 1 << 17  # centroid copies laid out at once by ``similarities_less_self`` (1 MB an array)


def similarities_less_self(vecs: list[Vector], story: StoryState) -> list[float]:
    """``similarity(vec, story, vec)`` of each of ``vecs`` (members of ``story``), the same floats:
    the centroid is laid out once per member in its order, the member's terms subtracted in place,
    and each row summed by ``cumsum`` from 0.0, which adds left to right as ``similarity`` does (zeros
    added after the last term leave a sum as it is). Each call of ``similarity`` walks the whole
    centroid in Python: a group of n cost n times that."""
    c = story.centroid
    where = {t: k for k, t in enumerate(c)}
    if not c or any(not vec or any(t not in where for t in vec) for vec in vecs):
        return [similarity(vec, story, vec) for vec in vecs]
    weights = np.fromiter(c.values(), dtype=np.float64, count=len(c))
    lengths = np.array([len(vec) for vec in vecs])
    ends = np.cumsum(lengths)
    at = np.fromiter((where[t] for vec in vecs for t in vec), dtype=np.int64, count=int(ends[-1]))
    own = np.fromiter((x for vec in vecs for x in vec.values()), dtype=np.float64, count=int(ends[-1]))
    less = weights[at] - own
    row = np.repeat(np.arange(len(vecs)), lengths)
    col = np.arange(len(at)) - np.repeat(ends - lengths, lengths)  # a term's place in its member's order
    out: list[float] = []
    step = max(1, _CELLS // len(c))
    for first in range(0, len(vecs), step):
        last = min(first + step, len(vecs))
        span = slice(int(ends[first] - lengths[first]), int(ends[last - 1]))
        rows = row[span] - first
        rest = np.tile(weights, (last - first, 1))
        rest[rows, at[span]] = less[span]
        squares = np.zeros((last - first, len(c) + 1))
        squares[:, 1:] = np.where(rest > 0, rest * rest, 0.0)
        products = np.zeros((last - first, int(lengths[first:last].max()) + 1))
        products[rows, col[span] + 1] = own[span] * less[span]
        norms = np.cumsum(squares, axis=1)[:, -1].tolist()
        dots = np.cumsum(products, axis=1)[:, -1].tolist()
        for dot, square in zip(dots, norms, strict=True):
            norm = math.sqrt(square)
            out.append(dot / norm if norm > 1e-9 else 0.0)
    return out


def query_arrays(vec: Vector) -> tuple[np.ndarray, np.ndarray]:
    """``vec`` as sorted term and weight arrays, for ``packed_similarity``."""
    terms = np.fromiter(sorted(vec), dtype=np.int64, count=len(vec))
    return terms, np.fromiter((vec[int(t)] for t in terms), dtype=np.float64, count=len(vec))


def packed_similarity(query: tuple[np.ndarray, np.ndarray], terms: bytes, weights: bytes) -> float:
    """``similarity`` against a stored (packed) centroid without unpacking it into a dict: an article
    is scored against up to ``CANDIDATES`` stories, and unpacking each was most of that cost."""
    t = np.frombuffer(terms, dtype=np.uint32).astype(np.int64)
    w = np.frombuffer(weights, dtype=np.float32).astype(np.float64)
    pos = w[w > 0]
    norm = math.sqrt(float(pos @ pos))
    q_terms, q_weights = query
    if norm <= 1e-9 or not len(q_terms):
        return 0.0
    at = np.minimum(np.searchsorted(q_terms, t), len(q_terms) - 1)
    hit = q_terms[at] == t
    return float(q_weights[at[hit]] @ w[hit]) / norm


def top_terms(vec: Vector, k: int = BLOCK_TERMS) -> list[int]:
    return [-nt for _, nt in heapq.nlargest(k, ((v, -t) for t, v in vec.items()))]


KEYS_KEPT = 1 << 15  # blocking keys kept: regroup looks up the same members' keys batch after batch


@lru_cache(maxsize=KEYS_KEPT)
def _key(term: int, bucket: str) -> int:
    digest = hashlib.blake2b(f"{term}|{bucket}".encode(), digest_size=7).digest()
    return int.from_bytes(digest, "big")


def _months(date: str) -> list[str]:
    d = _day(date)
    if d is None:
        return []
    month = d.year * 12 + d.month - 1  # months counted, so year 1 and year 9999 have neighbours too
    return [f"{m // 12:04d}-{m % 12 + 1:02d}" for m in (month - 1, month, month + 1)]


def index_keys(vec: Vector, date: str | None) -> list[int]:
    """Keys a story gains from a member: its heavy terms in its month (or 'none'), and in 'any'."""
    return index_keys_of(top_terms(vec), date)


def query_keys(vec: Vector, date: str | None) -> list[int]:
    """Keys to look up: a dated article looks at its month and the two around it, plus undated stories."""
    return query_keys_of(top_terms(vec), date)


def index_keys_of(top: list[int], date: str | None) -> list[int]:
    """``index_keys`` from the heavy terms ``top`` (``top_terms``) already picked."""
    bucket = date[:7] if date and _day(date) else "none"
    return [_key(t, b) for t in top for b in (bucket, "any")]


def query_keys_of(top: list[int], date: str | None) -> list[int]:
    """``query_keys`` from the heavy terms ``top`` already picked."""
    buckets = [*_months(date), "none"] if date and _day(date) else ["any"]
    return [_key(t, b) for t in top for b in buckets]
