"""Background document frequencies: what a word's idf would be in a newsroom-sized collection.

A small store weighs words by its own few reports: in 10 stories a word of one event is in a tenth
of them, not a thirtieth, so names and places of an event weigh little against the words every
report uses, and two events of one kind run together (ECB+ 10-topic collections: B³ 0.967 alone,
0.974 within 33 topics). The background adds the document frequencies of other news to the store's
own (``combine``): a word common in any news stays cheap, a word of this event alone stays dear.
As the store grows, its own counts outweigh the background. A word in most of the store's own
reports (a local paper's town) stays cheap however rare it is elsewhere.

The built-in background is counted from the ECB+ development documents (66 news events in 33
topics, CC BY 3.0 annotations), terms seen in at least two documents, hashed as the clusterer
hashes them (``features``): counts, not text. ``benchmarks/build_story_background.py`` rebuilds it,
or builds one from a store (a newsroom's archive). ``Options.story_background`` is ``builtin``,
``none`` or the path of such a file.
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import UsageError
from ..records import Article
from ..store import Store
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
            "story_background is builtin, none, or a file from benchmarks/build_story_background.py",
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


def save(path: str | Path, df: Mapping[int, int], n_docs: int, note: str, min_df: int = MIN_DF) -> int:
    """Write a background file (terms in ``min_df`` documents or more); the number of terms kept."""
    kept = sorted((t, c) for t, c in df.items() if c >= min_df)
    data = {"note": note, "n_docs": n_docs, "min_df": min_df, "terms": [t for t, _ in kept], "df": [c for _, c in kept]}
    # no name and mtime 0 in the gzip header: the same counts give the same bytes
    with open(path, "wb") as raw, gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as fh:
        fh.write(json.dumps(data, separators=(",", ":")).encode("utf-8"))
    return len(kept)
