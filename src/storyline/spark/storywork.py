"""What Spark's workers run for stories: the single-machine clusterer's own functions, per article
and per block (no pyspark import here).

``recluster`` computes, for the whole store: features, near-duplicates, document frequencies,
TF-IDF vectors, then ``batch.cluster`` over every article at once. Here the first four are
per-article maps and one count; ``cluster`` runs per *block* (a connected set of articles whose
blocking candidates reach the neighbour floor), with the same code and thresholds, in two phases
around a cross-block pass (below ``cluster_block``).
"""

from __future__ import annotations

import base64
import json
import zlib
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import Any

from ..cluster import boilerplate, dedup
from ..cluster.background import combine, load
from ..cluster.batch import Cut, Item, _dates, evidence
from ..cluster.features import Features, LedeEvent, caption_only, features, years
from ..cluster.graph import average_linkage, neighbourhoods
from ..cluster.packed import Packed
from ..cluster.refine import (
    _ROUGH,
    JOIN_DATED,
    JOIN_DAYS,
    JOIN_THRESHOLD,
    _centroid,
    _matrix,
    _median_day,
    centroid_similarity,
    matched,
    split_groups,
)
from ..cluster.state import member_reasons, title_for
from ..cluster.vectors import (
    CANDIDATES,
    StoryState,
    day_number,
    in_window,
    index_keys,
    index_keys_of,
    query_keys_of,
    weigh,
)
from ..cluster.vectors import (
    similarity as story_similarity,
)
from ..records import Article

SHINGLE_DIMS = 1 << 24  # shingles are hashed into this many MinHashLSH dimensions


def order_key(article_id: str, date: str | None) -> str:
    """``recluster``'s canonical order: by date (undated last), then id."""
    return f"{date or '~'}\t{article_id}"


def article_row(
    article: Article, repeated: frozenset[int] = frozenset(), events: tuple[LedeEvent, ...] = ()
) -> dict[str, Any]:
    """What clustering reads from one article, as plain columns; ``repeated``: the line keys two or
    more articles hold (the lines their sites repeat), read past as ``recluster`` does; ``events``:
    its lede's (``features.lede_events`` of its facts)."""
    reason = caption_only(article)
    if reason is not None:
        return {"id": article.id, "unclustered": reason, "title": title_for(article)}
    own = repeated.intersection(boilerplate.keys(article)) if repeated else frozenset()
    f = features(article, boilerplate=own, events=events)
    shingles = sorted({zlib.crc32(s.encode("utf-8")) % SHINGLE_DIMS for s in dedup.shingles(article.body)})
    return {
        "id": article.id,
        "unclustered": None,
        "title": title_for(article),
        "date": f.date,
        "published": f.published,
        "order": order_key(article.id, f.date),
        "day_no": day_number(f.date),
        "years": sorted(years(f)),
        "words": [list(f.words.keys()), list(f.words.values())],
        "specifics": [list(f.specifics.keys()), list(f.specifics.values())],
        "names": [list(f.names.keys()), list(f.names.values())],
        "scores": sorted(f.scores),
        "lead": sorted(f.lead),
        "events": event_columns(f.events),
        "shingles": shingles,
    }


def event_columns(events: Sequence[LedeEvent]) -> list[list[int]]:
    """``Features.events`` as plain columns: each event as [action, class, its people...]."""
    return [[action, cls, *sorted(people)] for action, cls, people in events]


def events_of(columns: Sequence[Sequence[int]] | None) -> tuple[LedeEvent, ...]:
    """``event_columns`` read back."""
    return tuple((e[0], e[1], frozenset(e[2:])) for e in columns or ())


def feature_row(
    article: Article, own: frozenset[int] = frozenset(), events: tuple[LedeEvent, ...] = ()
) -> dict[str, Any]:
    """``article_row`` as the ``features`` rows of the Spark job carry it (names as {h, t}), with
    the MinHash signature (base64) and band keys ``recluster`` stores for online near-duplicate
    checks (``store.put_minhash``), and the keys of the article's lines (``lines``; ``copy``: a copy
    as its input marked it, left out of the count as ``recluster`` leaves ingest's copies out).
    ``own``: those of its lines its site repeats, read past (``boilerplate``); ``events``: its lede's."""
    row = article_row(article, own, events)
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


def features_by(by_id: Mapping[str, Mapping[str, Any]]) -> Callable[[str], Features]:
    """Each article's ``features_of``, made once: the pair model keeps what it reads of one report
    per the object asked about (``pairs.side``), so a new ``Features`` at every call read each
    report again for every pair it is in (at 800 reports, 5,948 reads for 3,413 pairs)."""
    return cache(lambda m: features_of(by_id[m]))


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
        events_of(row.get("events")),
        bool(row.get("published")),
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
    """Stories of ``rows`` taken as the whole collection, as ``batch.cluster`` groups them, by the
    steps the Spark job runs: ``first_phase``, the cross-block pass (``cross_pass``, here in one
    process), ``second_phase`` and ``batch.second_look`` (``looked``), then ``written``."""
    part = first_phase(rows)
    joins, moves, _ = cross_pass({"all": part})
    from .looks import looked

    return written(looked([second_phase([part], joins, moves, threshold)], threshold), threshold)


# The story phase in two steps around the cross-block pass (docs/spark.md, "Where it differs"):
# ``batch.cluster`` runs average linkage and ``split_groups`` per block (exact: no merge crosses a
# block), then ``join_dated`` and ``_absorb``, which compare groups across the whole collection,
# then ``evidence`` per story, then ``second_look`` (``looks.py``: its own pass over all blocks).
# The cross-block pass finds what ``join_dated`` and ``_absorb`` do over all groups:
#   joins: dated groups' centroids, by day (``dated_entries``, ``bucket_pairs``, ``refine.matched``);
#   moves: each lone article's best story among its ``CANDIDATES`` ranked by shared keys over all
#     groups after the joins (``group_entry``, ``lone_entry``, ``absorb_score``, ``best_story``);
# ``second_phase`` applies them per set of blocks they connect, and runs ``evidence``; ``written``
# writes the stories after the second look.

Part = tuple[list[dict[str, Any]], list[list[str]]]  # a block's rows (canonical order), its groups
KEPT = "kept"  # a row's cuts by ``evidence`` (``second_phase``): (article, reason, value) each


def first_phase(rows: Sequence[Mapping[str, Any]]) -> Part:
    """``batch.cluster`` on one block up to ``split_groups``: (its rows in canonical order, its
    groups, members in that order)."""
    ordered = sorted((dict(r) for r in rows), key=lambda r: r["order"])
    items = _items(ordered)
    near = _near(ordered)
    linked = average_linkage(neighbourhoods(items) if near is None else near)
    groups = [[items[i].id for i in g] for g in linked]
    return ordered, split_groups(groups, {i.id: i.vec for i in items}, {i.id: i.years for i in items})


def _items(rows: list[dict[str, Any]]) -> list[Item]:
    return [Item(r["id"], _packed(r), r["date"], frozenset(r["years"])) for r in rows]


def _packed(row: Mapping[str, Any]) -> Packed:
    return Packed.of(dict(zip(row["terms"], row["weights"], strict=True)))


def dated_entries(block: str, part: Part) -> list[dict[str, Any]]:
    """The groups ``join_dated`` takes part with (``MIN_PART`` dated members): first member
    (``head``), block, median day and exact centroid, as ``join_dated`` computes them."""
    rows, groups = part
    by_id = {r["id"]: r for r in rows}
    out = []
    for g in groups:
        day = _median_day([by_id[m]["date"] for m in g])
        if day is None:
            continue
        cent = _centroid([_packed(by_id[m]).dict() for m in g])
        out.append({"head": g[0], "block": block, "day": day, "terms": list(cent), "weights": list(cent.values())})
    return out


def bucket_pairs(day: int, entries: Sequence[Mapping[str, Any]]) -> list[tuple[float, str, str, str, str]]:
    """``join_dated``'s candidate pairs (-similarity, head a, head b, block a, block b), a's head
    before b's, among ``entries`` (``dated_entries`` whose median day lies within ``JOIN_DAYS`` of
    ``day``), a's median day ``day``: each pair of the collection is found in one bucket, its
    first group's day. A sparse product first, the exact sum decides, as ``join_dated`` does."""
    entries = sorted(entries, key=lambda e: e["head"])
    cents = [dict(zip(e["terms"], e["weights"], strict=True)) for e in entries]
    on = [k for k, e in enumerate(entries) if e["day"] == day]
    if not on:
        return []
    rough = _matrix(cents)
    near = (rough[on] @ rough.T).tocoo()
    out = []
    for x, b, v in zip(near.row.tolist(), near.col.tolist(), near.data.tolist(), strict=True):
        a = on[x]
        if b <= a or v < JOIN_DATED - _ROUGH:
            continue
        s = centroid_similarity(cents[a], cents[b])
        if s >= JOIN_DATED:
            ea, eb = entries[a], entries[b]
            out.append((-s, ea["head"], eb["head"], ea["block"], eb["block"]))
    return out


def joins_of(pairs: list[tuple[float, str, str, str, str]]) -> list[tuple[str, str, str, str]]:
    """The pairs ``join_dated`` joins, from all blocks' candidates (``bucket_pairs``)."""
    blocks = {(a, b): (x, y) for _, a, b, x, y in pairs}
    return [(a, b, *blocks[a, b]) for a, b in matched([(s, a, b) for s, a, b, _, _ in pairs])]


def join_keys(joins: list[tuple[str, str, str, str]]) -> dict[str, str]:
    """Each joined group's head -> the head of the first of its pair (the pair's key)."""
    return {h: a for a, b, _, _ in joins for h in (a, b)}


def group_entry(block: str, rows: list[Mapping[str, Any]]) -> dict[str, Any]:
    """A group after the joins as ``_absorb`` sees it (``rows``: its members, canonical order): its
    first member (``head``), size, date span, blocking keys and, of two or more, its centroid sum
    (``blob``: ``Packed.blob``, no Python number per term on the way)."""
    state = StoryState(rows[0]["id"])
    if len(rows) > 1:
        for r in rows:
            state.add(_packed(r).dict(), r["date"])
    first, last = _dates([r["date"] for r in rows])
    return {
        "head": rows[0]["id"],
        "block": block,
        "size": len(rows),
        "first": first,
        "last": last,
        "keys": sorted({k for r in rows for k in r["index_keys"]}),
        "blob": Packed.blob(list(state.centroid), list(state.centroid.values())),
    }


def group_entries(block: str, part: Part, join_of: Mapping[str, str]) -> list[dict[str, Any]]:
    """``group_entry`` of the block's groups that join no other (``join_of``: ``join_keys``)."""
    rows, groups = part
    by_id = {r["id"]: r for r in rows}
    return [group_entry(block, [by_id[m] for m in g]) for g in groups if g[0] not in join_of]


def joined_members(block: str, part: Part, join_of: Mapping[str, str]) -> list[tuple[str, tuple[str, list[Any]]]]:
    """(pair key, (block, member rows)) of the block's groups that join another."""
    rows, groups = part
    by_id = {r["id"]: r for r in rows}
    return [(join_of[g[0]], (block, [by_id[m] for m in g])) for g in groups if g[0] in join_of]


def joined_entry(halves: list[tuple[str, list[Any]]]) -> dict[str, Any]:
    """``group_entry`` of a joined pair (its members in canonical order; block: the smaller)."""
    rows = sorted((r for _, rs in halves for r in rs), key=lambda r: r["order"])
    return group_entry(min(b for b, _ in halves), rows)


def lone_entries(block: str, part: Part) -> list[dict[str, Any]]:
    """The articles alone in their group, as ``_absorb`` looks them up (a lone group joins none)."""
    rows, groups = part
    by_id = {r["id"]: r for r in rows}
    keep = ("id", "date", "query_keys")
    return [
        {c: by_id[g[0]][c] for c in keep}
        | {"block": block, "blob": Packed.blob(by_id[g[0]]["terms"], by_id[g[0]]["weights"])}
        for g in groups
        if len(g) == 1
    ]


def absorb_score(lone: Mapping[str, Any], entry: Mapping[str, Any]) -> float | None:
    """``_absorb``'s score of a lone article against one of its ``CANDIDATES`` groups (None: not
    scored, a group of one or outside the article's window)."""
    if entry["head"] == lone["id"] or entry["size"] < 2 or not in_window(lone["date"], entry["first"], entry["last"]):
        return None
    state = StoryState(entry["head"], Packed.of_blob(entry["blob"]).dict())
    return story_similarity(Packed.of_blob(lone["blob"]).dict(), state)


def best_story(scored: list[tuple[float, str, str]]) -> tuple[float, str, str] | None:
    """Of (score, head, block) of a lone article's scored candidates, the one it joins (ties to the
    smaller head), when it reaches ``JOIN_THRESHOLD``."""
    if not scored:
        return None
    best = min(scored, key=lambda h: (-h[0], h[1]))
    return best if best[0] >= JOIN_THRESHOLD else None


def cross_pass(parts: Mapping[str, Part]) -> tuple[dict[str, str], dict[str, str], list[tuple[str, str]]]:
    """The cross-block pass in one process, as the Spark job runs it with joins and shuffles:
    (head -> pair key of the groups ``join_dated`` joins, lone article -> head of the group
    ``_absorb`` moves it to, the pairs of blocks these connect) over all ``parts`` (block ->
    ``first_phase``)."""
    buckets: dict[int, list[dict[str, Any]]] = {}
    for block, part in parts.items():
        for e in dated_entries(block, part):
            for d in range(e["day"] - JOIN_DAYS, e["day"] + JOIN_DAYS + 1):
                buckets.setdefault(d, []).append(e)
    joins = joins_of([p for d, es in buckets.items() for p in bucket_pairs(d, es)])
    join_of = join_keys(joins)
    links = [(x, y) for _, _, x, y in joins if x != y]
    entries = [e for block, part in parts.items() for e in group_entries(block, part, join_of)]
    halves: dict[str, list[tuple[str, list[Any]]]] = {}
    for block, part in parts.items():
        for key, half in joined_members(block, part, join_of):
            halves.setdefault(key, []).append(half)
    entries += [joined_entry(h) for h in halves.values()]
    heads_of: dict[int, list[int]] = {}
    for k, e in enumerate(entries):
        for key in e["keys"]:
            heads_of.setdefault(key, []).append(k)
    moves = {}
    for block, part in parts.items():
        for lone in lone_entries(block, part):
            counts = Counter(k for key in lone["query_keys"] for k in heads_of.get(key, ()))
            ranked = sorted(counts, key=lambda k: (-counts[k], entries[k]["head"]))[:CANDIDATES]
            scored = []
            for k in ranked:
                s = absorb_score(lone, entries[k])
                if s is not None:
                    scored.append((s, entries[k]["head"], entries[k]["block"]))
            best = best_story(scored)
            if best is not None:
                moves[lone["id"]] = best[1]
                if best[2] != block:
                    links.append((block, best[2]))
    return join_of, moves, links


def second_phase(parts: list[Part], join_of: Mapping[str, str], moves: Mapping[str, str], threshold: float) -> Part:
    """The groups of a set of blocks the cross-block pass connects (``parts``: their
    ``first_phase``): the joins (``join_of``) and moves (``moves``) applied, then ``evidence``
    (per story). (Rows in canonical order, groups sorted by their first member, as ``evidence``
    leaves them): what ``batch.second_look`` takes, over all blocks (``looks.py``)."""
    rows = sorted((r for rs, _ in parts for r in rs), key=lambda r: r["order"])
    by_id = {r["id"]: r for r in rows}
    key_of = {m: join_of.get(g[0], g[0]) for _, groups in parts for g in groups for m in g}
    heads: dict[str, str] = {}  # pair key -> the joined group's first member
    for r in rows:
        heads.setdefault(key_of[r["id"]], r["id"])
    grouped: dict[str, list[str]] = {}
    for r in rows:
        grouped.setdefault(moves.get(r["id"], heads[key_of[r["id"]]]), []).append(r["id"])
    groups = sorted(grouped.values(), key=lambda g: g[0])
    packed = {r["id"]: _packed(r) for r in rows}
    kept: dict[str, list[Cut]] = {}
    # one vector and one ``Features`` per article: the pair model keeps its reads per the objects
    vec = cache(lambda m: packed[m].dict())
    groups = evidence(groups, vec, threshold, features_by(by_id), kept=kept)
    # the cuts travel with their rows to ``written`` (its why's ``kept_from``, as ``recluster`` writes it)
    cuts = {m: [(c.article, c.reason, c.value) for c in found] for m, found in kept.items()}
    rows = [{**r, KEPT: cuts[r["id"]]} if r["id"] in cuts else r for r in rows]
    return rows, groups


def written(part: Part, threshold: float) -> list[dict[str, Any]]:
    """The stories of ``part``'s groups, written as ``recluster`` writes them
    (``state.write_story``): the story is ``s-`` + its first article, each member's why against
    the others. The first member's row also carries the story's index entry (``INDEX_COLUMNS``:
    centroid, date range and blocking keys, as ``write_story`` stores them); the others' hold None."""
    rows, groups = part
    by_id = {r["id"]: r for r in rows}
    vecs = {m: dict(zip(by_id[m]["terms"], by_id[m]["weights"], strict=True)) for g in groups for m in g}
    return _write(groups, by_id, vecs, threshold)


def _write(
    groups: list[list[str]],
    by_id: Mapping[str, Mapping[str, Any]],
    vecs: Mapping[str, dict[int, float]],
    threshold: float,
) -> list[dict[str, Any]]:
    out = []
    features = features_by(by_id)
    for group in groups:
        story = "s-" + group[0]
        state = StoryState(story)
        for m in group:
            state.add(vecs[m], by_id[m]["date"])
        members = [(m, vecs[m], by_id[m]["date"]) for m in group]
        kept = {m: [Cut(*c) for c in by_id[m][KEPT]] for m in group if by_id[m].get(KEPT)}
        reasons_of = member_reasons(state, members, features, threshold, kept)
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


def _near(rows: Sequence[Mapping[str, Any]]) -> list[dict[int, float]] | None:
    """The rows' neighbourhoods (``near_k``, ``near_v``: article ids and weights) over positions:
    members by their place in ``rows``, articles outside the block numbered after them."""
    if not rows or rows[0].get("near_k") is None:
        return None
    place = {r["id"]: n for n, r in enumerate(rows)}
    out = []
    for r in rows:
        out.append({place.setdefault(k, len(place)): float(v) for k, v in zip(r["near_k"], r["near_v"], strict=True)})
    return out


def components(edges: list[tuple[str, str]]) -> dict[str, int]:
    """Node -> component number (numbered in order of each component's smallest node)."""
    parent: dict[str, str] = {}

    def root(a: str) -> str:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for a, b in edges:
        parent.setdefault(a, a)
        parent.setdefault(b, b)
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    number = {r: k for k, r in enumerate(sorted({root(a) for a in parent}))}
    return {a: number[root(a)] for a in parent}


def duplicate_why(date: str | None, original: str, jaccard: float) -> str:
    from ..cluster.state import VERSION

    return json.dumps({"version": VERSION, "date": date, "duplicate_of": original, "jaccard": jaccard})
