"""Spark's story blocking without Spark: a check that clustering block by block changes nothing.

The job (``stories.py``) computes every article's neighbourhood over the whole collection, cuts the
collection into blocks of linked neighbourhoods (``blocks.py``), runs ``first_phase`` on each, the
cross-block pass (``refine``'s ``join_dated`` and ``_absorb`` over all groups) and ``second_phase``
per set of blocks the pass connects. ``compare`` does the same in one process with the worker
functions the job runs (``storywork``; the pass as ``storywork.cross_pass`` runs it) and
``graph.neighbourhoods``, next to ``batch.cluster`` on the whole collection, so a corpus can be
checked for stories that blocking would change in seconds, without a JVM (docs/spark.md, "Where it
differs from one machine"). Near-duplicates and site lines are left out: they are the same on both
sides, and only blocking is in question here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..cluster.batch import Item, steps
from ..cluster.graph import LINK_THRESHOLD, neighbourhoods
from ..cluster.packed import Packed
from ..records import Article
from .looks import look_pass
from .storywork import Part, article_row, components, cross_pass, features_of, first_phase, second_phase, vector


@dataclass(frozen=True, slots=True)
class Blockwise:
    whole: dict[str, str]  # article -> story, ``batch.cluster`` on the whole collection
    blocks: dict[str, str]  # article -> story, block by block with the cross-block pass (``stories_of``)
    block: dict[str, int]  # article -> its block's number (clustered articles only)
    # ``refine``'s second look on the whole collection: groups ``join_dated`` joined, lone articles
    # ``_absorb`` moved, and how many of each crossed blocks (what the cross-block pass is for)
    joins: int = 0
    joins_across: int = 0
    moves: int = 0
    moves_across: int = 0
    # ``batch.second_look`` on the whole collection: lone articles it joined to a story, and how
    # many of the stories it changed span blocks (what its pass, ``looks.py``, is for)
    looks: int = 0
    looks_across: int = 0

    @property
    def sizes(self) -> list[int]:
        """Block sizes, largest first."""
        counts: dict[int, int] = {}
        for b in self.block.values():
            counts[b] = counts.get(b, 0) + 1
        return sorted(counts.values(), reverse=True)

    def differ(self) -> list[str]:
        """Articles whose story (its set of members) is not the same on both sides."""
        a, b = _members(self.whole), _members(self.blocks)
        return sorted(x for x in self.whole if a[x] != b.get(x))


def compare(
    articles: Iterable[Article], threshold: float, background: str = "builtin", groups_as_blocks: bool = False
) -> Blockwise:
    """Stories of ``articles`` clustered whole and block by block (unclustered articles: their own).
    ``groups_as_blocks``: every group of ``first_phase`` on the whole collection a block of its own,
    so that everything the passes do crosses blocks."""
    arts = list(articles)
    vecs, items = vectors(arts, background)
    by_id = {v["id"]: v for v in vecs}
    done = steps(items, threshold, lambda m: features_of(by_id[m]))
    whole = {m: "s-" + g[0] for g in done[-1][1] for m in g}
    near = neighbourhoods(items)
    ids = [i.id for i in items]
    block = components([(ids[a], ids[b]) for a, b in overlaps(near)])
    for n, v in enumerate(vecs):
        v["near_k"] = [ids[k] for k in near[n]]
        v["near_v"] = list(near[n].values())
    alone = len(set(block.values()))
    for v in vecs:  # an article with no link is a block of its own
        if v["id"] not in block:
            block[v["id"]] = alone
            alone += 1
    if groups_as_blocks:
        _, groups = first_phase(vecs)
        block = {m: k for k, g in enumerate(groups) for m in g}
        parts = {f"g{k}": ([by_id[m] for m in g], [g]) for k, g in enumerate(groups)}
    else:
        by_block: dict[str, list[Mapping[str, Any]]] = {}
        for v in vecs:
            by_block.setdefault(f"block {block[v['id']]}", []).append(v)
        parts = {b: first_phase(rows) for b, rows in by_block.items()}
    blocks = stories_of(parts, threshold)
    for a in arts:
        whole.setdefault(a.id, a.id)
        blocks.setdefault(a.id, a.id)
    looks, looks_across = _looks(done[-2][1], done[-1][1], block)
    return Blockwise(whole, blocks, block, *_second_look(items, near, block), looks, looks_across)


def vectors(articles: list[Article], background: str = "builtin") -> tuple[list[dict[str, Any]], list[Item]]:
    """The rows ``cluster_block`` reads (``article_row`` and ``vector``) of the clustered articles,
    in canonical order, and ``batch.cluster``'s items of them."""
    rows = sorted((r for r in map(article_row, articles) if r["unclustered"] is None), key=lambda r: r["order"])
    df: dict[int, int] = {}
    for r in rows:
        for t in set(r["words"][0]) | set(r["specifics"][0]):
            df[t] = df.get(t, 0) + 1
    vecs = [vector(r, df, len(rows), background) | r for r in rows]
    items = [
        Item(v["id"], Packed.of(dict(zip(v["terms"], v["weights"], strict=True))), v["date"], frozenset(v["years"]))
        for v in vecs
    ]
    return vecs, items


def stories_of(parts: Mapping[str, Part], threshold: float) -> dict[str, str]:
    """Article -> story of the blocks' ``first_phase`` (``parts``), as the job makes them."""
    return {r["article"]: r["story"] for r in stories_rows(parts, threshold)}


def stories_rows(parts: Mapping[str, Part], threshold: float) -> list[dict[str, Any]]:
    """The stories (``written`` rows) of the blocks' ``first_phase`` (``parts``), as the job makes
    them: the cross-block pass, ``second_phase`` per set of blocks the pass connects, then the
    second look's pass (``looks.look_pass``). The job runs this in one task up to
    ``stories.LOCAL`` articles."""
    join_of, moves, links = cross_pass(parts)
    together = components(links)
    sets: dict[str, list[str]] = {}
    for b in parts:
        sets.setdefault(f"set {together[b]}" if b in together else b, []).append(b)
    settled = [second_phase([parts[b] for b in bs], join_of, moves, threshold) for bs in sets.values()]
    return look_pass(settled, threshold)


# the feature columns the story steps after the vectors read (beside ``vector``'s)
CARRIED = ("day_no", "date", "published", "order", "years", "words", "specifics", "scores", "lead", "events", "title")


def block_key(blocks: Mapping[str, int], article: str) -> str:
    """The key of ``article``'s block: its block's number, else its own id (ids are hex). Keys are
    all strings: Spark's groupByKey sorts its keys when it spills, and ints beside strings do not sort."""
    n = blocks.get(article)
    return article if n is None else f"block {n}"


def overlaps(near: Sequence[Mapping[int, float]], threshold: float = LINK_THRESHOLD) -> list[tuple[int, int]]:
    """Pairs of positions (a < b) whose neighbourhoods overlap by at least ``threshold``
    (``blocks.links`` in one process): the products summed over an inverted index of the
    neighbourhoods' keys, so only pairs sharing a key are looked at."""
    by_key: dict[int, list[tuple[int, float]]] = {}
    for a, row in enumerate(near):
        for k, v in row.items():
            by_key.setdefault(k, []).append((a, v))
    sums: dict[tuple[int, int], float] = {}
    for held in by_key.values():
        for x, (a, va) in enumerate(held):
            for b, vb in held[x + 1 :]:
                sums[a, b] = sums.get((a, b), 0.0) + va * vb
    return sorted(pair for pair, o in sums.items() if o >= threshold)


def one_process(
    feats: Sequence[Mapping[str, Any]], copies: set[str], background: str, threshold: float
) -> tuple[list[dict[str, Any]], dict[int, int], int]:
    """What the job's story steps after the site-boilerplate step make, in one process: (the
    ``written`` rows of the stories, document frequencies, document count). ``feats``: the
    clusterable articles' features rows (names as [h, t]), ``copies`` among them. The steps are the
    job's spread-out ones with the functions they run: document frequencies over all clusterable
    articles (copies included), ``vector`` per original, ``graph.neighbourhoods`` over the whole
    collection in canonical order (``blocks.neighbourhoods`` computes the same in Spark), links
    (``overlaps``), blocks (``components``), ``first_phase`` per block, ``stories_rows``."""
    df: dict[int, int] = {}
    for r in feats:
        for t in set(r["words"][0]) | set(r["specifics"][0]):
            df[t] = df.get(t, 0) + 1
    n_docs = len(feats)
    originals = sorted((r for r in feats if r["id"] not in copies), key=lambda r: r["order"])
    vecs = [vector(r, df, n_docs, background) | {c: r[c] for c in CARRIED} | {"names": r["names"]} for r in originals]
    items = [
        Item(v["id"], Packed.of(dict(zip(v["terms"], v["weights"], strict=True))), v["date"], frozenset(v["years"]))
        for v in vecs
    ]
    near = neighbourhoods(items)
    ids = [v["id"] for v in vecs]
    block = components([(ids[a], ids[b]) for a, b in overlaps(near)])
    by_block: dict[str, list[dict[str, Any]]] = {}
    for v, row in zip(vecs, near, strict=True):
        v["near_k"] = [ids[k] for k in row]
        v["near_v"] = list(row.values())
        by_block.setdefault(block_key(block, v["id"]), []).append(v)
    parts = {b: first_phase(rows) for b, rows in sorted(by_block.items())}
    return (stories_rows(parts, threshold) if parts else []), df, n_docs


def _second_look(items: list[Item], near: list[dict[int, float]], block: dict[str, int]) -> tuple[int, int, int, int]:
    """(joins, joins across blocks, moves, moves across blocks) of ``join_dated`` and ``_absorb``
    as ``batch.cluster`` runs them on the whole collection."""
    from ..cluster.batch import _absorb
    from ..cluster.graph import average_linkage
    from ..cluster.refine import join_dated, split_groups

    vecs = {i.id: i.vec for i in items}
    split = split_groups(
        [[items[i].id for i in g] for g in average_linkage(near)], vecs, {i.id: i.years for i in items}
    )
    joined = join_dated(split, vecs, {i.id: i.date for i in items})
    joins = len(split) - len(joined)  # each join makes one group of two
    joins_across = sum(1 for j in joined if len({block[m] for m in j}) > 1)
    order = {i.id: k for k, i in enumerate(items)}
    before = {m: k for k, g in enumerate(joined) for m in g}
    absorbed = _absorb([sorted(g, key=order.__getitem__) for g in joined], items)
    moves = moves_across = 0
    for g in absorbed:
        homes = {before[m] for m in g}
        if len(homes) > 1:
            lone = [m for m in g if len(joined[before[m]]) == 1]
            moves += len(lone)
            moves_across += sum(1 for m in lone if any(block[m] != block[o] for o in g if o not in lone))
    return joins, joins_across, moves, moves_across


def _looks(before: list[list[str]], after: list[list[str]], block: dict[str, int]) -> tuple[int, int]:
    """(lone articles ``second_look`` joined to a story, stories it changed that span blocks)."""
    kept = {frozenset(g) for g in before}
    changed = [g for g in after if frozenset(g) not in kept]
    return len(before) - len(after), sum(1 for g in changed if len({block[m] for m in g}) > 1)


def _members(story_of: dict[str, str]) -> dict[str, frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for a, s in story_of.items():
        groups.setdefault(s, set()).add(a)
    return {a: frozenset(groups[s]) for a, s in story_of.items()}
