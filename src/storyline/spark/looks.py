"""The cross-block pass for ``batch.second_look`` (docs/spark.md): what the Spark job's workers run
for it, and the whole pass in one process (``look_links``). No pyspark import here.

``second_look`` takes the lone articles left after ``evidence`` in canonical order. Each ranks the
stories under ``SMALL`` by the blocking keys they share with its ``LOOK_TERMS`` heaviest terms
(``Postings`` made once, before any article joins: the ranking depends only on the groups
``evidence`` left) and keeps the ``CANDIDATES`` first; what it then does depends only on those
stories as they stand by then, and on its own group (emptied when it joins one, grown when another
joins it). So the lone articles and the stories of their lists, linked, fall into sets that never
touch each other: ``second_look`` on each set alone (its groups in order of their first member, its
articles in canonical order) does what it does there on the whole collection, as each article's
list ranked within its set is the same list. Stories in no set are left as they are.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from ..cluster.batch import LOOK_TERMS, SMALL, Item, second_look
from ..cluster.vectors import CANDIDATES, index_keys_of, query_keys_of
from .storywork import Part, _packed, components, features_of, written


def look_entries(part: Part) -> list[tuple[str, list[int]]]:
    """(first member, blocking keys) of the groups under ``SMALL`` after ``evidence``, the keys
    ``second_look`` indexes them by (its members' ``LOOK_TERMS`` heaviest terms, each member's month)."""
    rows, groups = part
    by_id = {r["id"]: r for r in rows}
    return [
        (g[0], sorted({k for m in g for k in index_keys_of(_top(by_id[m]), by_id[m]["date"])}))
        for g in groups
        if len(g) < SMALL
    ]


def look_asks(part: Part) -> list[tuple[str, list[int]]]:
    """(article, query keys) of the articles alone after ``evidence``, as ``second_look`` looks them up."""
    rows, groups = part
    by_id = {r["id"]: r for r in rows}
    return [(g[0], query_keys_of(_top(by_id[g[0]]), by_id[g[0]]["date"])) for g in groups if len(g) == 1]


def _top(row: Mapping[str, Any]) -> list[int]:
    return _packed(row).top_terms(LOOK_TERMS)


def ranked(article: str, counts: Mapping[str, int]) -> list[str]:
    """The stories (first members) ``second_look`` asks ``article`` about, of those sharing
    ``counts`` keys with it: the ``CANDIDATES`` sharing most (ties to the smaller first member, the
    order of ``second_look``'s positions), its own group counted there and then left out."""
    return [h for h in sorted(counts, key=lambda h: (-counts[h], h))[:CANDIDATES] if h != article]


def look_links(parts: Iterable[Part]) -> list[tuple[str, str]]:
    """(lone article, first member of a story it asks about) over all ``parts`` (each a set of
    blocks after ``second_phase``), as the Spark job finds them with a key join."""
    parts = list(parts)
    held: dict[int, list[str]] = {}
    for part in parts:
        for head, keys in look_entries(part):
            for k in keys:
                held.setdefault(k, []).append(head)
    out = []
    for part in parts:
        for article, keys in look_asks(part):
            counts = Counter(h for k in keys for h in held.get(k, ()))
            out.extend((article, h) for h in ranked(article, counts))
    return out


def look_sets(links: list[tuple[str, str]]) -> dict[str, str]:
    """First member of a group -> the set it is looked at in (``look_links`` connect them)."""
    return {h: f"look {n}" for h, n in components(links).items()}


def looked(parts: list[Part], threshold: float) -> Part:
    """``batch.second_look`` on the groups of ``parts`` together (a set ``look_sets`` makes, or
    the whole collection): (rows in canonical order, groups sorted by their first member)."""
    rows = sorted((r for rs, _ in parts for r in rs), key=lambda r: r["order"])
    by_id = {r["id"]: r for r in rows}
    groups = sorted((g for _, gs in parts for g in gs), key=lambda g: g[0])
    items = [Item(r["id"], _packed(r), r["date"], frozenset(r["years"])) for r in rows]
    return rows, second_look(groups, items, threshold, lambda m: features_of(by_id[m]))


def in_sets(part: Part, sets: Mapping[str, str]) -> list[tuple[str, Part]]:
    """(set, (member rows, [group])) of ``part``'s groups that ``sets`` holds."""
    rows, groups = part
    by_id = {r["id"]: r for r in rows}
    return [(sets[g[0]], ([by_id[m] for m in g], [g])) for g in groups if g[0] in sets]


def outside(part: Part, sets: Mapping[str, str]) -> Part:
    """``part`` less the groups ``sets`` holds (and their rows)."""
    rows, groups = part
    kept = [g for g in groups if g[0] not in sets]
    ids = {m for g in kept for m in g}
    return [r for r in rows if r["id"] in ids], kept


def look_pass(settled: list[Part], threshold: float) -> list[dict[str, Any]]:
    """The stories of all sets of blocks after ``second_phase`` (``settled``), the second look's
    pass in one process as the Spark job runs it (``stories.cross_block``): ``written`` rows."""
    sets = look_sets(look_links(settled))
    out = [r for part in settled for r in written(outside(part, sets), threshold)]
    together: dict[str, list[Part]] = {}
    for part in settled:
        for s, piece in in_sets(part, sets):
            together.setdefault(s, []).append(piece)
    return out + [r for pieces in together.values() for r in written(looked(pieces, threshold), threshold)]
