"""Regrouping the stories an ingest batch touched, so online stories come close to ``recluster``'s.

``assign`` decides one article at a time against the stories as they stand: an early article of an
event may start a story that later ones should have joined, or two events of one kind may share a
story before the evidence that tells them apart has arrived. ``regroup`` takes the stories the
batch's articles went to, and the stories each of them came close to, and clusters their members
again with ``batch.cluster`` (as ``recluster`` does over the whole store). Only those stories are
rewritten; a group keeps the id of the old story it holds most of, so story ids stay put unless a
story really splits. Editorial decisions are replayed afterwards, as after ``recluster``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..options import Options
from ..store import Store
from . import background, boilerplate
from .batch import LOOK_TERMS, Cut, Item, cluster
from .edit import replay
from .features import Features, years
from .state import VERSION, member_features, n_docs, name_groups, title_for, write_story
from .vectors import CANDIDATES, Vector, in_window, packed_similarity, query_arrays, query_keys_of, top_terms, weigh

NEAR = 8  # close stories regrouped with each new article...
CLOSE = 0.1  # ...when their centroid is at least this similar to it
BIG = 400  # a story this large is left as it is (``recluster`` still rebuilds it)...
LIMIT = 1500  # ...and at most this many articles are regrouped in one call


class _Cache:
    """Features and vectors of the articles looked at, each computed once."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.features: dict[str, Features] = {}
        self.vectors: dict[str, Vector] = {}
        self.duplicate_of: dict[str, str | None] = {}

    def load(self, article_ids: Iterable[str]) -> None:
        """Features and vectors of ``article_ids`` not seen yet, weighed with one df lookup."""
        todo = [a for a in article_ids if a not in self.features]
        for a in todo:
            article, f = member_features(self.store, a)
            self.features[a] = f
            self.duplicate_of[a] = article.duplicate_of
        terms = sorted({t for a in todo for t in (*self.features[a].words, *self.features[a].specifics)})
        df, total = background.combine(
            self.store.cluster_df(terms), n_docs(self.store), background.of_store(self.store)
        )
        found = {t: df.get(t, 0) for t in terms}  # each term looked up once, not once per article
        for a in todo:
            self.vectors[a] = weigh(self.features[a], found, max(total, 1))


def regroup(store: Store, article_ids: Iterable[str], options: Options) -> list[str]:
    """Recluster the stories of ``article_ids`` and the stories close to them; the stories that
    now hold their articles."""
    cache = _Cache(store)
    article_ids = sorted(set(article_ids))
    with store.transaction():
        revealed = _revealed(store, article_ids)
        touched = _touched(store, article_ids, cache)
        touched += [s for s in revealed if s not in touched]
        if not touched:
            return []
        members = sorted({a for story in touched for a in store.story_articles(story)})
        cache.load(members)
        old = {a: store.story_of(a) for a in members}
        originals = [a for a in members if not cache.duplicate_of[a]]
        order = sorted(originals, key=lambda a: (cache.features[a].date or "~", a))
        items = [Item(a, cache.vectors[a], cache.features[a].date, years(cache.features[a])) for a in order]
        rank = {a: k for k, a in enumerate(order)}
        kept: dict[str, list[Cut]] = {}
        found = cluster(items, options.story_threshold, cache.features.__getitem__, kept=kept)
        groups = _decide(found, store.decisions(), rank)
        fresh = set(article_ids)  # where ``assign`` just put them says nothing about the names
        names = name_groups(store, groups, {a: s for a, s in old.items() if a not in fresh}, set(touched))
        before = {s: {a for a in store.story_articles(s) if not cache.duplicate_of[a]} for s in touched}
        home: dict[str, str] = {}
        for group, story in zip(groups, names, strict=True):
            home.update((a, story) for a in group)
            if before.get(story) == set(group) and story not in revealed:
                _note_kept(store, group, kept)
                continue  # the members it holds already (``assign`` added the new ones)
            store.drop_story_index(story)
            title = title_for(store.article(group[0]))
            store.ensure_story(story, title, VERSION)
            store.set_story_title(story, title)
            rows = [(a, cache.vectors[a], cache.features[a].date) for a in group]
            write_story(store, story, rows, cache.features.__getitem__, options.story_threshold, kept)
        for story in set(touched) - set(names):
            store.drop_story_index(story)
        for a in members:
            original = cache.duplicate_of[a]
            target = (home.get(original) or store.story_of(original)) if original else None
            if target and target != store.story_of(a):  # a copy follows its original; its "why" stays
                score, reasons = store.story_why(a)
                store.set_story(a, target, score, reasons)
        store.drop_empty_stories(set(touched) | set(names))  # only these can have emptied
        replay(store)
        return sorted({s for a in members if (s := store.story_of(a))})


def _note_kept(store: Store, group: list[str], kept: Mapping[str, Sequence[Cut]]) -> None:
    """The cuts of a story left as it was, added to its members' "why" (``kept_from``, as
    ``state.member_reasons`` writes it): a report that ``assign`` left alone and regroup then kept
    apart from a story stays alone, and its "why" says from what."""
    for a in group:
        cuts = [c.to_dict() for c in kept.get(a, ()) if c.article not in group]
        if cuts:
            _, reasons = store.story_why(a)
            if reasons.get("kept_from") != cuts:
                store.set_story_why(a, {**reasons, "kept_from": cuts})


def _touched(store: Store, article_ids: list[str], cache: _Cache) -> list[str]:
    """The stories of ``article_ids`` and, per article, up to ``NEAR`` stories at least ``CLOSE``
    to it (blocking candidates scored as ``assign`` does, but looked up by the article's
    ``LOOK_TERMS`` heaviest terms, as ``batch.second_look`` looks): those of ≤ ``BIG`` articles,
    while they hold ≤ ``LIMIT`` in all.

    Two reports of one event may share none of their ``BLOCK_TERMS`` heaviest terms (each one's
    rarest names lead), so the keys ``assign`` looks up never meet the other's story; the second
    look of ``cluster`` would join them, but only where regroup gives it both stories (mix
    benchmark: "regroup never saw both"). Stories stay indexed by ``BLOCK_TERMS``."""
    own: set[str] = set()
    near: dict[str, float] = {}
    for a in article_ids:
        story = store.story_of(a)
        if story is None:
            continue
        own.add(story)
        cache.load([a])
        vec, date = cache.vectors[a], cache.features[a].date
        keys = query_keys_of(top_terms(vec, LOOK_TERMS), date)
        ids = [s for s, _ in store.story_candidates(keys, CANDIDATES) if s != story]
        query = query_arrays(vec)
        scored = []
        for s, (n, terms, weights, first, last) in store.story_states(ids).items():
            if n > 0 and in_window(date, first, last):
                score = packed_similarity(query, terms, weights)
                if score >= CLOSE:
                    scored.append((-score, s))
        for neg, s in sorted(scored)[:NEAR]:
            near[s] = max(near.get(s, 0.0), -neg)
    out: list[str] = []
    size = 0
    for s in sorted(own) + sorted(set(near) - own, key=lambda s: (-near[s], s)):
        n = len(store.story_articles(s))
        if n <= BIG and size + n <= LIMIT:
            out.append(s)
            size += n
    return out


def _revealed(store: Store, article_ids: list[str]) -> list[str]:
    """Stories (of ≤ ``BIG`` articles) of earlier posts whose lines ``article_ids`` showed to be
    their site's boilerplate (``boilerplate.revealed``): weighed again without those lines."""
    placed = [a for a in article_ids if store.story_of(a) is not None]  # stored and clustered
    earlier = boilerplate.revealed(store, (store.article(a) for a in placed))
    stories = {s for a in earlier if (s := store.story_of(a)) is not None}
    return sorted(s for s in stories if len(store.story_articles(s)) <= BIG)


def _decide(
    groups: list[list[str]], decisions: list[tuple[str, dict[str, Any]]], rank: dict[str, int]
) -> list[list[str]]:
    """``groups`` with the editorial decisions applied in order, as ``edit.replay`` applies them to
    the stored stories, so that the groups are named after the decisions hold (articles outside the
    groups are left to ``replay``)."""
    parts = [list(g) for g in groups]
    where = {a: k for k, g in enumerate(parts) for a in g}

    def put(articles: list[str], k: int) -> None:
        for a in articles:
            parts[where[a]].remove(a)
            parts[k].append(a)
            where[a] = k

    for kind, data in decisions:
        if kind == "merge" and data["into"] in where and data["from"] in where:
            put(list(parts[where[data["from"]]]), where[data["into"]])
        elif kind == "split":
            chosen = sorted(a for a in data["articles"] if a in where)
            if chosen and sorted(parts[where[chosen[0]]]) != chosen:
                parts.append([])
                put(chosen, len(parts) - 1)
        elif kind == "move" and data["article"] in where and data["to"] in where:
            put([data["article"]], where[data["to"]])
    return sorted((sorted(p, key=rank.__getitem__) for p in parts if p), key=lambda p: rank[p[0]])
