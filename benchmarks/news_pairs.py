"""Hand-labelled pairs of dated real news (``story_pair_labels.tsv``), found in the stores
``draw_story_pairs.py`` ingested: each pair's ``cluster.pairs`` features as that store weighs its
reports, its label and the days between the two publication days. Read by ``fit_time_prior.py``
(the time prior) and ``train_story_pairs.py --news`` (the text model).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

LABELS = Path(__file__).resolve().parent / "story_pair_labels.tsv"


def key(name: str) -> str:
    return hashlib.sha1(name.encode()).hexdigest()[:16]


def half(a: str, b: str) -> int:
    """A fixed half of the pairs (by a hash of the pair): rules are written on one, checked on the other."""
    return int(hashlib.sha1("|".join(sorted((a, b))).encode()).hexdigest(), 16) % 2


@dataclass(frozen=True)
class Labelled:
    half: int
    source: str  # "polnear" or "tempeval"
    days: int
    same: int  # 1: one event or development
    x: list[float]  # ``pairs.FEATURES``
    p: float  # the text model's p as shipped


def labelled(dbs: list[Path], source: str | None = None, near: bool = True) -> list[Labelled]:
    """Every same / other pair (unsure left out) of the labels drawn from ``source`` ("polnear",
    "tempeval"; None: all) whose two reports are in one of the stores ``dbs``; without the rounds
    drawn among near pairs alone (``near-``, ``tempeval-near-``) unless ``near``."""
    from storyline.cluster import pairs
    from storyline.cluster.state import member_features, vector
    from storyline.store.sqlite import SQLiteStore

    by_key = {}
    for db in dbs:
        store = SQLiteStore(str(db))
        for a in store.article_ids():
            article = store.article(a)
            if article is not None and article.url and article.published:
                by_key[key(article.url.rsplit("/", 1)[1])] = (store, a)
    out = []
    for line in LABELS.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith(("#", "a\t")):
            continue
        a, b, label, drawn = line.split("\t")[:4]
        if label not in ("same", "other") or a not in by_key or b not in by_key:
            continue
        kind = "tempeval" if drawn.startswith("tempeval") else "polnear"
        if not near and drawn.removeprefix("tempeval-").startswith("near-"):
            continue
        if source is not None and kind != source:
            continue
        (store, ia), (_, ib) = by_key[a], by_key[b]
        (xa, fa), (xb, fb) = member_features(store, ia), member_features(store, ib)
        days = abs((dt.date.fromisoformat(xa.published[:10]) - dt.date.fromisoformat(xb.published[:10])).days)
        va, vb = vector(store, fa), vector(store, fb)
        x = pairs.pair_features(fa, fb, va, vb)
        out.append(Labelled(half(a, b), kind, days, int(label == "same"), x, pairs.model().probability(x)))
    return out
