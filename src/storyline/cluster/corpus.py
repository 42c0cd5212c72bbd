"""What ``recluster`` keeps of each stored article while it rebuilds every story, kept small.

``features`` gives counters of hashed terms and a dict of readable names; for a whole store that is
about 40 KB an article in Python objects. ``Doc`` holds the same counts as arrays (in the
counters' order, so TF-IDF weighing gives the same floats), the date and years, and the MinHash
signature; the readable names go to one ``Names`` table shared by every article, with only the
names an article writes differently kept on its own. ``Doc.features`` gives the ``Features`` back
for the few places that need them (the "why" of each membership).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from ..records import Article
from ..store import ArticleQuery, Store
from . import dedup
from .features import Features, LedeEvent, years

PAGE = 500  # articles read from the store at a time


class Names:
    """Readable text of every hashed term, as first seen; an article's own spelling when it differs."""

    def __init__(self) -> None:
        self.first: dict[int, str] = {}

    def own(self, names: dict[int, str]) -> dict[int, str] | None:
        """Record ``names``; those that differ from the shared table (None when none do)."""
        differ = {}
        for h, name in names.items():
            known = self.first.setdefault(h, name)
            if known != name:
                differ[h] = name
        return differ or None


def _counts(counter: Counter[int]) -> tuple[np.ndarray, np.ndarray]:
    return (
        np.fromiter(counter.keys(), dtype=np.uint32, count=len(counter)),
        np.fromiter(counter.values(), dtype=np.uint32, count=len(counter)),
    )


@dataclass(slots=True)
class Doc:
    id: str
    date: str | None
    years: frozenset[str]
    duplicate_of: str | None  # as stored before this recluster
    words: tuple[np.ndarray, np.ndarray]  # hashed word terms and counts, in the counter's order
    specifics: tuple[np.ndarray, np.ndarray]
    renamed: dict[int, str] | None  # names this article writes unlike the shared table
    sig: np.ndarray | None  # MinHash signature; None when the body has no shingles
    bands: np.ndarray | None  # its LSH band keys
    scores: frozenset[str] = frozenset()  # final scores it states (``occurrence``)
    lead: bytes = b""  # ``Features.lead`` as uint32 keys (some 30 an article: 4 bytes each, not a tuple's 36)
    events: tuple[LedeEvent, ...] = ()  # ``Features.events``: a few a lede, most articles none
    published: bool = False  # ``Features.published``

    @classmethod
    def of(cls, article: Article, f: Features, names: Names) -> Doc:
        shingles = dedup.shingles(article.body)
        sig = dedup.signature(shingles) if shingles else None
        bands = np.asarray(dedup.band_keys(sig), dtype=np.int64) if sig is not None else None
        return cls(
            article.id,
            f.date,
            years(f),
            article.duplicate_of,
            _counts(f.words),
            _counts(f.specifics),
            names.own(f.names),
            sig,
            bands,
            f.scores,
            np.asarray(sorted(f.lead), dtype=np.uint32).tobytes(),
            f.events,
            f.published,
        )

    def terms(self) -> np.ndarray:
        """The distinct terms (words and specifics) the article holds."""
        return np.union1d(self.words[0], self.specifics[0])

    def counts(self) -> Features:
        """The ``Features`` this record was made from, without the readable names (for weighing)."""
        words = Counter(dict(zip(self.words[0].tolist(), self.words[1].tolist(), strict=True)))
        specifics = Counter(dict(zip(self.specifics[0].tolist(), self.specifics[1].tolist(), strict=True)))
        return Features(
            self.id,
            words,
            specifics,
            self.date,
            scores=self.scores,
            lead=self.lead_keys(),
            events=self.events,
            published=self.published,
        )

    def lead_keys(self) -> frozenset[int]:
        return frozenset(np.frombuffer(self.lead, dtype=np.uint32).tolist())

    def features(self, names: Names) -> Features:
        """The ``Features`` this record was made from."""
        f = self.counts()
        words, specifics = f.words, f.specifics
        renamed = self.renamed or {}
        own = {h: renamed[h] if h in renamed else names.first[h] for h in (*words, *specifics)}
        return Features(self.id, words, specifics, self.date, own, self.scores, f.lead, self.events, self.published)


def stored(store: Store, page: int = PAGE) -> Iterator[Article]:
    """Every stored article in store order, ``page`` at a time (not all bodies at once)."""
    offset = 0
    while True:
        batch = store.articles(ArticleQuery(limit=page, offset=offset))
        yield from batch
        if len(batch) < page:
            return
        offset += page


def band_neighbours(docs: list[Doc]) -> dict[int, list[int]]:
    """Per position in ``docs``, the earlier positions sharing an LSH band key with it (only
    positions that have any): what a band index filled in ``docs`` order would return."""
    keys = [d.bands for d in docs if d.bands is not None]
    if not keys:
        return {}
    owners = np.concatenate([np.full(len(d.bands), k) for k, d in enumerate(docs) if d.bands is not None])
    flat = np.concatenate(keys)
    order = np.lexsort((owners, flat))
    flat, owners = flat[order], owners[order]
    starts = np.flatnonzero(np.concatenate([[True], flat[1:] != flat[:-1]]))
    ends = np.concatenate([starts[1:], [len(flat)]])
    out: dict[int, set[int]] = {}
    for a, b in zip(starts.tolist(), ends.tolist(), strict=True):
        if b - a < 2:
            continue
        run = owners[a:b].tolist()
        for i, k in enumerate(run):
            if i:
                out.setdefault(k, set()).update(j for j in run[:i] if j != k)
    return {k: sorted(v) for k, v in out.items()}
