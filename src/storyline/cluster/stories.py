"""Story assignment: online (``assign``, one article at ingest) and in full (``recluster``).

An article joins the stored story whose centroid is most similar to it (TF-IDF over words plus the
names, numbers and years it mentions), among the stories that share its heaviest terms in its time
window, when that similarity reaches ``options.story_threshold``; else it starts a story of its own
(id ``s-`` + its id). A dated article never joins a story dated more than ``WINDOW_DAYS`` away, so
two earthquakes a year apart stay two stories. Near-duplicates join their original's story.
After each ingest batch, ``regroup`` reclusters the stories the batch touched (``regroup.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..options import Options
from ..records import Article
from ..store import Store
from . import background, boilerplate, dedup, occurrence
from .batch import Cut, Item, cluster
from .corpus import Doc, Names, band_neighbours, stored
from .edit import explain, merge, move, replay, split
from .features import Features, caption_only, features
from .packed import Packed
from .state import (
    DOCS_KEY,
    VERSION,
    kept_features,
    load_state,
    name_groups,
    stated_scores,
    stored_events,
    title_for,
    vector,
    why,
    write_state,
    write_story,
)
from .vectors import (
    CANDIDATES,
    StoryState,
    Vector,
    in_window,
    index_keys,
    packed_similarity,
    query_arrays,
    query_keys,
    weigh,
)

__all__ = ["VERSION", "assign", "explain", "merge", "move", "recluster", "split"]


def assign(store: Store, article: Article, options: Options) -> str | None:
    """Put one stored article into its story (joining the best one or starting one); its id.

    Returns None, with the reason stored (``store.unclustered()``), when the article has no body
    text to cluster (empty, or only a photo caption).
    """
    reason = caption_only(article)
    if reason is not None:
        store.set_unclustered(article.id, reason)
        return None
    with store.transaction():
        original, jaccard = dedup.check_duplicate(store, article, options.dedup_threshold)
        if original != article.duplicate_of:
            article = article.replace(duplicate_of=original)
            store.update_article(article)
        # a copy's lines are its original's: counting them would make the original all boilerplate
        lines = boilerplate.record(store, article) if original is None else boilerplate.repeated(store, article)
        f = kept_features(store, article, lines)
        vec = vector(store, f, count=True, options=options)
        if original is not None:
            story = store.story_of(original)
            if story is not None:
                state = load_state(store, story)
                store.set_story(
                    article.id,
                    story,
                    jaccard,
                    why(f, vec, state, options.story_threshold, duplicate_of=original, jaccard=jaccard),
                )
                return story
        apart: list[dict[str, str]] = []

        def kept_apart(candidate: str, score: float) -> bool:
            """A story the article would join whose members state other final scores (another game)."""
            reason = _conflict(store, candidate, f) if score >= options.story_threshold else None
            if reason is not None:
                apart.append({"story": candidate, "reason": reason})
            return reason is not None

        story, score, state, n_candidates = _best(store, vec, f.date, kept_apart)
        if state is None or score < options.story_threshold:
            story, state = "s-" + article.id, None
            store.ensure_story(story, title_for(article), VERSION)
        extra: dict[str, Any] = {"kept_apart": apart} if apart else {}
        reasons = why(f, vec, state, options.story_threshold, candidates=n_candidates, **extra)
        state = state or StoryState(story)
        state.add(vec, f.date)
        write_state(store, state, index_keys(vec, f.date))
        store.set_story(article.id, story, None if reasons.get("new_story") else score, reasons)
        return story


def _best(
    store: Store, vec: Vector, date: str | None, kept_apart: Callable[[str, float], bool] | None = None
) -> tuple[str, float, StoryState | None, int]:
    """The most similar candidate story in the article's window (story, score, state, candidates
    scored), ties to the smaller id, passing over those ``kept_apart`` (story, score) rules out."""
    ids = [s for s, _ in store.story_candidates(query_keys(vec, date), CANDIDATES)]
    query = query_arrays(vec)
    rows = store.story_states(ids)
    scored = []
    for story, (n, terms, weights, first, last) in sorted(rows.items()):
        if n <= 0 or not in_window(date, first, last):
            continue
        scored.append((-packed_similarity(query, terms, weights), story))
    for neg, story in sorted(scored):
        if kept_apart is None or not kept_apart(story, -neg):
            return story, -neg, StoryState.unpack(story, *rows[story]), len(ids)
    return "", 0.0, None, len(ids)


def _conflict(store: Store, story: str, f: Features) -> str | None:
    """Why the article cannot join ``story``: a member states other final scores; else None.

    The ledes' conflict (``pairs.cannot_link``) is left to ``regroup``, whose ``batch.evidence``
    cuts a story around it: here it passed the article over to the next story above the threshold,
    and on the 840 PolNeAR train articles ingested without dates that put 1,385 pairs of reports
    in stories against 1,300 without it (1,194 before the cannot-link; 1,108 and 1,060 of them
    more than 7 days apart), the dev mixes the same (0.974 / 0.867) either way."""
    if not f.scores:
        return None
    for member in store.story_articles(story):
        reason = occurrence.conflict(f.scores, stated_scores(store, member))
        if reason is not None:
            return f"{reason} (article {member})"
    return None


def recluster(store: Store, options: Options) -> int:
    """Rebuild every story from the stored articles, then replay merges/splits/moves; the count.

    Deterministic: articles are taken in (date, id) order with document frequencies over the whole
    store, so the stories do not depend on the order the articles were ingested in. Ids stay put:
    a story keeps the id of the old story it holds most articles of (``state.name_groups``), so
    links and notes that name a story still find it; a story with no old articles is ``s-`` + its
    first article. Articles are read a page at a time and kept as compact records
    (``corpus.Doc``), vectors as arrays (``packed.Packed``): memory grows by a few KB an article,
    not the tens of KB of dicts.
    """
    with store.transaction():
        old = {a: row.id for row in store.stories(limit=1 << 62) for a in row.articles}
        store.clear_stories()
        store.clear_cluster_index()
        names = Names()
        docs: list[Doc] = []
        # the lines each site repeats, counted over the stored originals (copies as ingest marked them)
        repeated = boilerplate.count(store, (a for a in stored(store) if not a.duplicate_of))
        for a in stored(store):
            reason = caption_only(a)
            if reason is not None:
                store.set_unclustered(a.id, reason)
            else:
                own = repeated.intersection(boilerplate.keys(a)) if repeated else frozenset()
                docs.append(Doc.of(a, features(a, boilerplate=own, events=stored_events(store, a)), names))
        order = sorted(docs, key=lambda d: (d.date or "~", d.id))
        del docs
        dups = _dedup(store, order, options)
        prior = background.load(background.name_of(options))
        store.set_meta(background.META_KEY, prior.name)
        vecs = _vectors(store, order, prior)
        items = [Item(d.id, vecs[d.id], d.date, d.years) for d in order if d.id not in dups]
        by_id = {d.id: d for d in order}
        kept: dict[str, list[Cut]] = {}
        groups = cluster(items, options.story_threshold, lambda m: by_id[m].features(names), kept=kept)
        del items
        home: dict[str, str] = {}
        for group, story in zip(groups, name_groups(store, groups, old, set(old.values())), strict=True):
            store.ensure_story(story, title_for(store.article(group[0])), VERSION)
            members = [(m, vecs[m].dict(), by_id[m].date) for m in group]
            write_story(store, story, members, lambda m: by_id[m].features(names), options.story_threshold, kept)
            home.update((m, story) for m in group)
        for article_id, (original, jaccard) in dups.items():
            story = home[original]
            store.set_story(article_id, story, jaccard, _dup_why(by_id[article_id].date, original, jaccard))
        replay(store)
        store.drop_empty_stories()
        return len(store.stories(limit=1 << 62))


def _dup_why(date: str | None, original: str, jaccard: float) -> dict[str, Any]:
    return {"version": VERSION, "date": date, "duplicate_of": original, "jaccard": jaccard}


def _dedup(store: Store, order: list[Doc], options: Options) -> dict[str, tuple[str, float]]:
    """Near-duplicates among ``order`` (each marked against an earlier article): id -> (original, J).
    Bodies are read back from the store only for articles whose LSH bands meet an earlier one's."""
    earlier = band_neighbours(order)
    sigs = {d.id: d.sig for d in order if d.sig is not None}
    found: dict[str, tuple[str, float]] = {}

    def body(article_id: str) -> str:
        return store.article(article_id).body

    for k, d in enumerate(order):
        original: str | None = None
        jaccard = 0.0
        if d.sig is not None and d.bands is not None:
            seen = sorted(order[j].id for j in earlier.get(k, ()))
            if seen:
                original, jaccard = dedup.pick_original(
                    dedup.shingles(body(d.id)),
                    d.sig,
                    [(o, sigs[o]) for o in seen],
                    body,
                    lambda i: found[i][0] if i in found else None,
                    options.dedup_threshold,
                )
            store.put_minhash(d.id, d.sig.tobytes(), d.bands.tolist())
        if original is not None:
            found[d.id] = (original, jaccard)
        if original != d.duplicate_of:
            store.update_article(store.article(d.id).replace(duplicate_of=original))
    return found


def _vectors(store: Store, docs: list[Doc], prior: background.Background) -> dict[str, Packed]:
    terms, counts = np.unique(np.concatenate([d.terms() for d in docs]), return_counts=True) if docs else ([], [])
    df: dict[int, int] = dict(zip(np.asarray(terms).tolist(), np.asarray(counts).tolist(), strict=True))
    store.replace_cluster_df(df)
    store.set_meta(DOCS_KEY, str(len(docs)))
    weights, n = background.combine(df, len(docs), prior)
    return {d.id: Packed.of(weigh(d.counts(), weights, max(n, 1))) for d in docs}
