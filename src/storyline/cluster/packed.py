"""Compact vectors for ``recluster``: a TF-IDF vector as three small arrays instead of a dict.

A vector held as ``dict[int, float]`` costs about 100 bytes a term in Python objects; ``recluster``
holds one per stored article, which at 100k articles was gigabytes. ``Packed`` keeps the terms
sorted (for lookups) and the order of the dict it came from, so every computation that iterates a
vector (dot products, ``dict()``) visits the terms in the original order and gives bit-for-bit the
same floats as the dict code.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .vectors import BLOCK_TERMS, Vector


class Packed:
    """A vector: ``terms`` sorted (uint32), ``weights`` aligned; ``order`` lists the positions of
    the terms in the order of the dict the vector came from."""

    __slots__ = ("order", "terms", "weights")

    def __init__(self, terms: np.ndarray, weights: np.ndarray, order: np.ndarray) -> None:
        self.terms = terms
        self.weights = weights
        self.order = order

    @classmethod
    def of(cls, vec: Vector | Packed) -> Packed:
        if isinstance(vec, Packed):
            return vec
        terms = np.fromiter(vec.keys(), dtype=np.uint32, count=len(vec))
        weights = np.fromiter(vec.values(), dtype=np.float64, count=len(vec))
        return cls.arrays(terms, weights)

    @classmethod
    def arrays(cls, terms: np.ndarray, weights: np.ndarray) -> Packed:
        """The vector whose dict holds ``terms`` (uint32, distinct) and ``weights`` in that order."""
        by_term = np.argsort(terms, kind="stable")
        order = np.empty(len(terms), dtype=np.uint16 if len(terms) < 1 << 16 else np.uint32)
        order[by_term] = np.arange(len(terms))  # dict position k holds sorted term order[k]
        return cls(terms[by_term], weights[by_term], order)

    @staticmethod
    def blob(terms: Sequence[int], weights: Sequence[float]) -> bytes:
        """A vector (its dict's keys and values, in order) as bytes: weights (float64), then terms
        (uint32). ``Packed.of_blob`` reads it back with no Python object per term."""
        return np.asarray(weights, dtype=np.float64).tobytes() + np.asarray(terms, dtype=np.uint32).tobytes()

    @classmethod
    def of_blob(cls, blob: bytes) -> Packed:
        n = len(blob) // 12
        return cls.arrays(np.frombuffer(blob, np.uint32, n, 8 * n), np.frombuffer(blob, np.float64, n))

    def __len__(self) -> int:
        return len(self.terms)

    def dict(self) -> Vector:
        """The vector as the dict it was made from (same keys, values and order)."""
        return dict(zip(self.terms[self.order].tolist(), self.weights[self.order].tolist(), strict=True))

    def top_terms(self, k: int = BLOCK_TERMS) -> list[int]:
        """``vectors.top_terms``: the ``k`` heaviest terms, ties to the smaller term."""
        order = np.lexsort((self.terms, -self.weights))[:k]
        return [int(t) for t in self.terms[order]]

    def dot(self, other: Packed) -> float:
        """``graph._dot`` of the two dicts: the shorter side (``self`` on a tie) is iterated in its
        dict order and the products summed left to right, so the float is the same."""
        return self.dots([other])[0]

    def dots(self, others: Sequence[Packed]) -> list[float]:
        """``self.dot(o)`` for each of ``others``, in a few array operations: the products of each
        pair are laid out in a row in the order ``graph._dot`` visits them (a missing term gives
        0.0, as ``dict.get`` does there) and the row is summed by ``cumsum``, which adds left to
        right as ``graph._dot`` does."""
        out = [0.0] * len(others)
        n = len(self)
        if not n:
            return out
        longer = [k for k, o in enumerate(others) if len(o) >= n]
        shorter = [k for k, o in enumerate(others) if 0 < len(o) < n]
        if longer:
            # iterate self's terms: find each longer vector's terms among them, and lay the weights
            # found out in self's dict order (row r: others[longer[r]])
            position = np.empty(n, dtype=np.int64)
            position[self.order] = np.arange(n)  # sorted term i sits at dict position position[i]
            terms = np.concatenate([others[k].terms for k in longer])
            weights = np.concatenate([others[k].weights for k in longer])
            rows = np.repeat(np.arange(len(longer)), [len(others[k]) for k in longer])
            at = np.minimum(np.searchsorted(self.terms, terms), n - 1)
            hit = self.terms[at] == terms
            found = np.zeros((len(longer), n))
            found[rows[hit], position[at[hit]]] = weights[hit]
            sums = np.cumsum(self.weights[self.order][None, :] * found, axis=1)[:, -1]
            for k, v in zip(longer, sums.tolist(), strict=True):
                out[k] = v
        if shorter:
            # iterate each shorter vector's terms (rows padded with weight 0) and look them up in self
            width = max(len(others[k]) for k in shorter)
            terms = np.zeros((len(shorter), width), dtype=np.uint32)
            weights = np.zeros((len(shorter), width))
            for r, k in enumerate(shorter):
                o = others[k]
                terms[r, : len(o)] = o.terms[o.order]
                weights[r, : len(o)] = o.weights[o.order]
            at = np.minimum(np.searchsorted(self.terms, terms), n - 1)
            found = np.where(self.terms[at] == terms, self.weights[at], 0.0)
            sums = np.cumsum(weights * found, axis=1)[:, -1]
            for k, v in zip(shorter, sums.tolist(), strict=True):
                out[k] = v
        return out


class Postings:
    """Blocking key -> the positions that hold it, as two arrays sorted by key (a dict of lists
    costs about 100 bytes a posting). Each position is listed once per key it was added under."""

    __slots__ = ("keys", "values")

    def __init__(self, keys: list[np.ndarray], values: list[np.ndarray]) -> None:
        k = np.concatenate(keys) if keys else np.empty(0, dtype=np.int64)
        v = np.concatenate(values) if values else np.empty(0, dtype=np.int64)
        order = np.argsort(k, kind="stable")
        self.keys = k[order]
        self.values = v[order]

    @staticmethod
    def entry(keys: list[int], value: int) -> tuple[np.ndarray, np.ndarray]:
        return np.asarray(keys, dtype=np.int64), np.full(len(keys), value, dtype=np.int64)

    def lookup(self, keys: list[int]) -> np.ndarray:
        """Every value listed under any of ``keys`` (with repeats: once per key)."""
        q = np.asarray(keys, dtype=np.int64)
        lo = np.searchsorted(self.keys, q, "left").tolist()
        hi = np.searchsorted(self.keys, q, "right").tolist()
        parts = [self.values[a:b] for a, b in zip(lo, hi, strict=True) if b > a]
        return np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)
