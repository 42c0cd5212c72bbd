"""What Spark's workers run for stories: the single-machine clusterer's own functions, per article
and per block (no pyspark import here).

``recluster`` computes, for the whole store: features, near-duplicates, document frequencies,
TF-IDF vectors, then ``batch.cluster`` over every article at once. Here the first four are
per-article maps and one count; ``cluster`` runs once per *block* (a connected set of articles
whose blocking candidates reach the neighbour floor), with the same code and thresholds.
"""

from __future__ import annotations

import base64
import json
import zlib
from collections import Counter
from collections.abc import Mapping
from typing import Any

from ..cluster import boilerplate, dedup
from ..cluster.background import combine, load
from ..cluster.batch import Item, cluster
from ..cluster.features import Features, caption_only, features, years
from ..cluster.packed import Packed
from ..cluster.state import member_reasons, title_for
from ..cluster.vectors import StoryState, day_number, index_keys, index_keys_of, query_keys_of, weigh
from ..records import Article

SHINGLE_DIMS = 1 << 24  # shingles are hashed into this many MinHashLSH dimensions


def order_key(article_id: str, date: str | None) -> str:
    """``recluster``'s canonical order: by date (undated last), then id."""
    return f"{date or '~'}\t{article_id}"


def article_row(article: Article, repeated: frozenset[int] = frozenset()) -> dict[str, Any]:
    """What clustering reads from one article, as plain columns; ``repeated``: the line keys two or
    more articles hold (the lines their sites repeat), read past as ``recluster`` does."""
    reason = caption_only(article)
    if reason is not None:
        return {"id": article.id, "unclustered": reason, "title": title_for(article)}
    f = features(article, boilerplate=repeated.intersection(boilerplate.keys(article)) if repeated else frozenset())
    shingles = sorted({zlib.crc32(s.encode("utf-8")) % SHINGLE_DIMS for s in dedup.shingles(article.body)})
    return {
        "id": article.id,
        "unclustered": None,
        "title": title_for(article),
        "date": f.date,
        "order": order_key(article.id, f.date),
        "day_no": day_number(f.date),
        "years": sorted(years(f)),
        "words": [list(f.words.keys()), list(f.words.values())],
        "specifics": [list(f.specifics.keys()), list(f.specifics.values())],
        "names": [list(f.names.keys()), list(f.names.values())],
        "scores": sorted(f.scores),
        "lead": sorted(f.lead),
        "shingles": shingles,
    }


def feature_row(article: Article, own: frozenset[int] = frozenset()) -> dict[str, Any]:
    """``article_row`` as the ``features`` rows of the Spark job carry it (names as {h, t}), with
    the MinHash signature (base64) and band keys ``recluster`` stores for online near-duplicate
    checks (``store.put_minhash``), and the keys of the article's lines (``lines``; ``copy``: a copy
    as its input marked it, left out of the count as ``recluster`` leaves ingest's copies out).
    ``own``: those of its lines its site repeats, read past (``boilerplate``)."""
    row = article_row(article, own)
    row["lines"] = boilerplate.keys(article)
    row["copy"] = bool(article.duplicate_of)
    if "names" in row:
        row["names"] = {"h": row["names"][0], "t": row["names"][1]}
        shingles = dedup.shingles(article.body)
        if shingles:
            sig = dedup.signature(shingles)
            row["sig"] = base64.b64encode(sig.tobytes()).decode("ascii")
            row["bands"] = dedup.band_keys(sig)
    return row


def features_of(row: Mapping[str, Any]) -> Features:
    words = Counter(dict(zip(*row["words"], strict=True)))
    specifics = Counter(dict(zip(*row["specifics"], strict=True)))
    names = dict(zip(*row["names"], strict=True))
    return Features(
        row["id"],
        words,
        specifics,
        row["date"],
        names,
        frozenset(row.get("scores") or ()),
        frozenset(row.get("lead") or ()),
    )


def copy_of(body_a: str, body_b: str, threshold: float) -> float | None:
    """The Jaccard of two bodies when one is a copy of the other (``dedup.is_copy``), else None."""
    jac, cont = dedup.overlap(dedup.shingles(body_a), dedup.shingles(body_b))
    return round(jac, 3) if dedup.is_copy(jac, cont, threshold) else None


def originals(pairs: list[tuple[str, str, float]], order: Mapping[str, str]) -> dict[str, tuple[str, float]]:
    """Each copy's original, as ``recluster``'s ``_dedup`` picks it: among the earlier articles it
    copies, the highest Jaccard (ties to the smaller id), followed to that one's own original.
    ``pairs`` are confirmed copies (a, b, Jaccard) in either direction."""
    earlier: dict[str, list[tuple[float, str]]] = {}
    for a, b, jac in pairs:
        late, early = (a, b) if order[a] > order[b] else (b, a)
        earlier.setdefault(late, []).append((jac, early))
    found: dict[str, tuple[str, float]] = {}
    for article in sorted(earlier, key=order.__getitem__):
        jac, best = min(earlier[article], key=lambda h: (-h[0], h[1]))
        found[article] = (found[best][0] if best in found else best, jac)
    return found


def vector(row: Mapping[str, Any], df: Mapping[int, int], n_docs: int, background: str) -> dict[str, Any]:
    """The article's TF-IDF vector (``recluster``'s weighing) and its blocking keys."""
    weights, n = combine(df, n_docs, load(background))
    vec = weigh(features_of(row), weights, max(n, 1))
    top = Packed.of(vec).top_terms()
    return {
        "id": row["id"],
        "terms": list(vec.keys()),
        "weights": list(vec.values()),
        "index_keys": index_keys_of(top, row["date"]),  # 56-bit: they fit Spark's long
        "query_keys": query_keys_of(top, row["date"]),
    }


def similarity(terms_a: list[int], weights_a: list[float], terms_b: list[int], weights_b: list[float]) -> float:
    a = Packed.of(dict(zip(terms_a, weights_a, strict=True)))
    return a.dot(Packed.of(dict(zip(terms_b, weights_b, strict=True))))


def cluster_block(rows: list[Mapping[str, Any]], threshold: float) -> list[dict[str, Any]]:
    """Stories of one block with ``batch.cluster``, ids and "why" as ``recluster`` writes them
    (``state.write_story``): the story is ``s-`` + its first article, each member's why against
    the others. The first member's row also carries the story's index entry (``INDEX_COLUMNS``:
    centroid, date range and blocking keys, as ``write_story`` stores them); the others' hold None."""
    rows = sorted(rows, key=lambda r: r["order"])
    vecs = {r["id"]: dict(zip(r["terms"], r["weights"], strict=True)) for r in rows}
    by_id = {r["id"]: r for r in rows}
    items = [Item(r["id"], Packed.of(vecs[r["id"]]), r["date"], frozenset(r["years"])) for r in rows]
    out = []
    for group in cluster(items, threshold, lambda m: features_of(by_id[m]), near=_near(rows)):
        story = "s-" + group[0]
        state = StoryState(story)
        for m in group:
            state.add(vecs[m], by_id[m]["date"])
        members = [(m, vecs[m], by_id[m]["date"]) for m in group]
        reasons_of = member_reasons(state, members, lambda m: features_of(by_id[m]), threshold)
        terms, weights = state.pack()
        keys = sorted({k for m in group for k in index_keys(vecs[m], by_id[m]["date"])})
        entry = {"n": state.n, "terms": terms, "weights": weights, "first": state.first, "last": state.last}
        for k, (m, reasons) in enumerate(zip(group, reasons_of, strict=True)):
            out.append(
                {
                    "article": m,
                    "story": story,
                    "score": reasons.get("similarity"),
                    "why": json.dumps(reasons, ensure_ascii=False),
                    "title": by_id[group[0]]["title"],
                    **(entry | {"keys": keys} if k == 0 else dict.fromkeys((*entry, "keys"))),
                }
            )
    return out


def _near(rows: list[Mapping[str, Any]]) -> list[dict[int, float]] | None:
    """The rows' neighbourhoods (``near_k``, ``near_v``: article ids and weights) over positions:
    members by their place in ``rows``, articles outside the block numbered after them."""
    if not rows or rows[0].get("near_k") is None:
        return None
    place = {r["id"]: n for n, r in enumerate(rows)}
    out = []
    for r in rows:
        out.append({place.setdefault(k, len(place)): float(v) for k, v in zip(r["near_k"], r["near_v"], strict=True)})
    return out


def duplicate_why(date: str | None, original: str, jaccard: float) -> str:
    from ..cluster.state import VERSION

    return json.dumps({"version": VERSION, "date": date, "duplicate_of": original, "jaccard": jaccard})
