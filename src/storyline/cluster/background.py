"""Background document frequencies: what a word's idf would be in a newsroom-sized collection.

A small store weighs words by its own few reports: in 10 stories a word of one event is in a tenth
of them, not a thirtieth, so names and places of an event weigh little against the words every
report uses, and two events of one kind run together (ECB+ 10-topic collections: B³ 0.967 alone,
0.974 within 33 topics). The background adds the document frequencies of other news to the store's
own (``combine``): a word common in any news stays cheap, a word of this event alone stays dear.
As the store grows, its own counts outweigh the background. A word in most of the store's own
reports (a local paper's town) stays cheap however rare it is elsewhere.

The built-in background is counted by ``benchmarks/build_story_background.py`` (its file's
``note`` says from what); ``storyline background build`` (``api.build_background``) counts a
newsroom's own archive. Terms seen in at least ``MIN_DF`` distinct documents, hashed as the
clusterer hashes them (``features``): counts, not text. ``Options.story_background`` is
``builtin``, ``none`` or the path of such a file (docs/background.md).
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..errors import UsageError
from ..records import Article
from ..store import Store
from . import dedup
from .features import caption_only, features

BUILTIN = Path(__file__).resolve().parents[1] / "data" / "story_background.json.gz"
META_KEY = "cluster_background"
MIN_DF = 2  # terms in fewer background documents are left out (they would barely move an idf)
# a term keeps at least this share of its share of the store's own reports (see ``combine``); the
# demo's local names fuse its five stories into three without it, and ECB+ slices do not move
OWN_SHARE = 0.25


@dataclass(frozen=True, slots=True)
class Background:
    df: Mapping[int, int]
    n_docs: int
    name: str = "none"


NONE = Background({}, 0)


class _Sum(Mapping[int, float]):
    """The store's document frequencies plus the background's (at least ``scale`` times the
    store's own: see ``combine``), looked up per term."""

    def __init__(self, own: Mapping[int, int], extra: Mapping[int, int], scale: float) -> None:
        self.own, self.extra, self.scale = own, extra, scale

    def get(self, term: int, default: float = 0) -> float:  # type: ignore[override]
        mine = self.own.get(term, 0)
        return max(mine + self.extra.get(term, 0), mine * self.scale) or default

    def __getitem__(self, term: int) -> float:
        if term not in self.own and term not in self.extra:
            raise KeyError(term)
        return self.get(term)

    def __iter__(self) -> Iterator[int]:
        yield from self.own
        yield from (t for t in self.extra if t not in self.own)

    def __len__(self) -> int:
        return len(self.own) + sum(1 for t in self.extra if t not in self.own)


def combine(df: Mapping[int, int], n_docs: int, background: Background) -> tuple[Mapping[int, float], int]:
    """(document frequencies, collection size) of the store with the background added."""
    if not background.n_docs:
        return df, n_docs
    total = n_docs + background.n_docs
    # a word in most of the store's own reports (a local paper's town) is no story's mark, however
    # rare in other news: it keeps at least OWN_SHARE of its share of the store
    return _Sum(df, background.df, OWN_SHARE * total / max(n_docs, 1)), total


def name_of(options: object | None) -> str:
    """The background ``options.story_background`` names (``builtin`` when unset)."""
    return str(getattr(options, "story_background", "builtin") or "none")


def of_store(store: Store, options: object | None = None) -> Background:
    """The background ``store``'s vectors are weighed with: the one named when it was first
    clustered (``recluster`` names it anew), so online vectors and stored centroids agree."""
    name = store.get_meta(META_KEY)
    if name is not None:
        return load(name)
    found = load(name_of(options))  # an unreadable file is refused before the store names it
    store.set_meta(META_KEY, found.name)
    return found


@lru_cache(maxsize=8)
def load(name: str) -> Background:
    if name == "none":
        return NONE
    path = BUILTIN if name == "builtin" else Path(name)
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            data = json.load(fh)
        df = {int(t): int(c) for t, c in zip(data["terms"], data["df"], strict=True)}
        # a file is named by its absolute path: the store remembers it whatever the working directory
        return Background(df, int(data["n_docs"]), name if name == "builtin" else str(path.resolve()))
    except (OSError, ValueError, KeyError, TypeError, EOFError) as exc:
        raise UsageError(
            f"story background {name!r}: not a readable background file ({exc}); "
            "story_background is builtin, none, or a file from `storyline background build`",
        ) from exc


def count(articles: Iterable[Article]) -> tuple[Counter[int], int]:
    """Document frequencies of the hashed terms of ``articles`` (those that can be clustered)."""
    df: Counter[int] = Counter()
    n = 0
    for article in articles:
        if caption_only(article) is not None:
            continue
        f = features(article)
        df.update(set(f.words) | set(f.specifics))
        n += 1
    return df, n


class Tally:
    """Document frequencies of distinct documents, added one at a time: a stored article marked a
    duplicate, the same words again, or a near copy (``dedup``'s MinHash estimate at
    ``near`` Jaccard) of a document already counted is passed over, so a wire report republished
    by ten outlets weighs as one report. Keeps no text: a digest and MinHash bands per document."""

    def __init__(self, near: float = 0.8) -> None:
        self.df: Counter[int] = Counter()
        self.n_docs = 0
        self.copies = 0  # passed over as a copy of a counted document
        self.unclusterable = 0  # no text to cluster (empty body, caption only)
        self.near = near
        self._digests: set[bytes] = set()
        self._bands: dict[int, int] = {}
        self._sigs: list[np.ndarray] = []

    def add(self, article: Article, near: bool = True) -> bool:
        """Count ``article`` unless it is a copy or cannot be clustered; whether it was counted.
        ``near=False`` skips the near-copy check (a store's articles: ingest marked their copies)."""
        if caption_only(article) is not None:
            self.unclusterable += 1
            return False
        digest = hashlib.blake2b(" ".join(article.body.lower().split()).encode("utf-8"), digest_size=16).digest()
        if article.duplicate_of or digest in self._digests or (near and self._near_copy(article.body)):
            self.copies += 1
            return False
        self._digests.add(digest)
        f = features(article)
        self.df.update(set(f.words) | set(f.specifics))
        self.n_docs += 1
        return True

    def _near_copy(self, body: str) -> bool:
        found = dedup.shingles(body)
        if not found:
            return False
        sig = dedup.signature(found)
        keys = dedup.band_keys(sig)
        if any(
            float(np.mean(self._sigs[i] == sig)) >= self.near for k in keys if (i := self._bands.get(k)) is not None
        ):
            return True
        for k in keys:
            self._bands.setdefault(k, len(self._sigs))
        self._sigs.append(sig)
        return False


def save(path: str | Path, df: Mapping[int, int], n_docs: int, note: str, min_df: int = MIN_DF) -> int:
    """Write a background file (terms in ``min_df`` documents or more); the number of terms kept."""
    kept = sorted((t, c) for t, c in df.items() if c >= min_df)
    data = {"note": note, "n_docs": n_docs, "min_df": min_df, "terms": [t for t, _ in kept], "df": [c for _, c in kept]}
    # no name and mtime 0 in the gzip header: the same counts give the same bytes; written aside and
    # renamed, so a store naming this file never reads half of it
    part = Path(f"{path}.part")
    with open(part, "wb") as raw, gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as fh:
        fh.write(json.dumps(data, separators=(",", ":")).encode("utf-8"))
    part.replace(path)
    return len(kept)


@dataclass(frozen=True, slots=True)
class Built:
    """What ``build`` wrote: documents counted, copies and texts passed over, terms kept."""

    path: str
    n_docs: int
    copies: int
    unclusterable: int
    terms: int
    kept: int
    min_df: int
    size: int  # bytes of the file


FEW_DOCS = 250  # fewer documents gave under half the gain on 10-topic ECB+ collections (docs/background.md)


def build(
    path: str | Path, stored: Iterable[Article], read: Iterable[Article], note: str, min_df: int = MIN_DF
) -> Built:
    """Count ``stored`` articles (a store's: its copies are marked already) and ``read`` ones (files:
    near copies checked here), each distinct document once, and write a background file."""
    out = Path(path)
    if not out.parent.is_dir():
        raise UsageError(f"{out}: no folder {str(out.parent)!r} to write the background file into; check --out")
    if min_df < 1:
        raise UsageError(f"min_df {min_df}: a term must be in at least one document; pass 1 or more")
    tally = Tally()
    for article in stored:
        tally.add(article, near=False)
    for article in read:
        tally.add(article)
    if not tally.n_docs:
        raise UsageError("no report to count: pass a store with articles (--db) or files and folders of reports")
    kept = save(out, tally.df, tally.n_docs, f"{note}; {tally.n_docs} distinct documents", min_df)
    load.cache_clear()  # a file of this name read before is stale now
    return Built(
        str(out), tally.n_docs, tally.copies, tally.unclusterable, len(tally.df), kept, min_df, out.stat().st_size
    )


def describe(name: str) -> dict[str, object]:
    """What a background file holds: its note, documents, terms and least document count."""
    found = load(name)
    if found is NONE:
        return {"name": "none", "n_docs": 0, "terms": 0}
    with gzip.open(BUILTIN if name == "builtin" else Path(name), "rt", encoding="utf-8") as fh:
        data = json.load(fh)
    return {
        "name": found.name,
        "n_docs": found.n_docs,
        "terms": len(found.df),
        "min_df": data.get("min_df"),
        "note": data.get("note", ""),
    }
