"""Near-duplicates: MinHash over word 3-shingles, LSH bands as blocking keys, exact check on candidates.

A wire report republished by another outlet (a sentence added, a few words changed) is marked
``duplicate_of`` the earlier article. LSH bands are set loose (about 0.5 Jaccard) so copies are
found; each candidate is then checked exactly: Jaccard ≥ ``options.dedup_threshold``, or one text
nearly contained in the other (a copy with a paragraph added).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from functools import lru_cache

import numpy as np
from datasketch import MinHash

from ..records import Article
from ..store import Store

NUM_PERM = 64
BANDS, ROWS = 16, 4  # P(candidate) = 1 - (1 - J^4)^16: 0.89 at J = 0.6, ~1 at J = 0.8
SHINGLE = 3
CONTAINMENT = 0.9  # share of the shorter text's shingles found in the longer one
MIN_JACCARD_CONTAINED = 0.5  # a contained text must still be a good part of the other

_WORD = re.compile(r"\w+")


def shingles(text: str) -> set[str]:
    words = _WORD.findall(text.lower())
    return {" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


@lru_cache(maxsize=1)
def _template() -> MinHash:
    return MinHash(num_perm=NUM_PERM, seed=1)


def signature(shingle_set: set[str]) -> np.ndarray:
    template = _template()
    m = MinHash(num_perm=NUM_PERM, permutations=template.permutations, scheme=template.scheme)
    m.update_batch([s.encode("utf-8") for s in sorted(shingle_set)])
    return np.asarray(m.hashvalues, dtype=np.uint64)


def band_keys(sig: np.ndarray) -> list[int]:
    out = []
    for b in range(BANDS):
        digest = hashlib.blake2b(bytes([b]) + sig[b * ROWS : (b + 1) * ROWS].tobytes(), digest_size=7).digest()
        out.append(int.from_bytes(digest, "big"))
    return out


def overlap(a: set[str], b: set[str]) -> tuple[float, float]:
    """(Jaccard, containment of the smaller set) of two shingle sets."""
    if not a or not b:
        return 0.0, 0.0
    inter = len(a & b)
    return inter / len(a | b), inter / min(len(a), len(b))


def is_copy(jaccard: float, containment: float, threshold: float) -> bool:
    return jaccard >= threshold or (containment >= CONTAINMENT and jaccard >= MIN_JACCARD_CONTAINED)


def pick_original(
    mine: set[str],
    sig: np.ndarray,
    candidates: Iterable[tuple[str, np.ndarray]],
    body_of: Callable[[str], str],
    original_of: Callable[[str], str | None],
    threshold: float,
) -> tuple[str | None, float]:
    """The article ``mine`` copies (followed to its own original), and the Jaccard; else (None, 0)."""
    best: tuple[float, str] | None = None
    for other, other_sig in candidates:
        if float(np.mean(other_sig == sig)) < MIN_JACCARD_CONTAINED - 0.2:
            continue  # the estimate is far off any copy; skip reading the text
        jac, cont = overlap(mine, shingles(body_of(other)))
        if is_copy(jac, cont, threshold) and (best is None or jac > best[0] or (jac == best[0] and other < best[1])):
            best = (jac, other)
    if best is None:
        return None, 0.0
    return original_of(best[1]) or best[1], round(best[0], 3)


def check_duplicate(store: Store, article: Article, threshold: float) -> tuple[str | None, float]:
    """Index ``article`` for later copies and return the stored article it copies, if any."""
    mine = shingles(article.body)
    if not mine:
        return None, 0.0
    sig = signature(mine)
    keys = band_keys(sig)
    candidates = [(a, np.frombuffer(s, dtype=np.uint64)) for a, s in store.minhash_candidates(keys) if a != article.id]
    found = pick_original(
        mine,
        sig,
        candidates,
        lambda i: store.article(i).body,
        lambda i: store.article(i).duplicate_of,
        threshold,
    )
    store.put_minhash(article.id, sig.tobytes(), keys)
    return found
