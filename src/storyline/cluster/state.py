"""Glue between the clusterer and the store: vectors with the stored df, story state, titles, "why"."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ..errors import NotFoundError
from ..extractors.aliases import informative_name
from ..records import Article
from ..store import Store
from ..text import clip_title
from . import background, boilerplate, pairs
from .batch import SAME_EVENT, SMALL, VOUCH, Cut, evidence_floor, voucher
from .features import Features, LedeEvent, clustered_text, features, lede_events
from .kept import Kept
from .occurrence import final_scores
from .vectors import StoryState, Vector, index_keys, similarity, weigh

# 22: a group the pair model holds loosely is a topic: cut in time past a week, or into the parts
#     it holds where larger than SMALL (topics.py);
# 21: two reports whose ledes conflict never share a story (batch._split_apart, second look);
# 20: a lede person named once in passing is no person of the other report (pairs._salient);
# 19: the pair model reads the ledes' extracted events: one action by other people (pairs.py);
# 18: the pair model reads whether both ledes name a weekday and none in common (pairs.py);
# 17: a member of a story over SMALL needs one member that vouches for it (batch.VOUCH);
# 16: a lone report joins the story the pair model holds it to (batch.second_look);
# 15: the pair model reads the ledes' shared words and a lede year the other report lacks (pairs.py);
# 14: lede numbers, hard pairs x2 (pairs.py); 13: stated final scores keep two games apart (occurrence);
# 12: site boilerplate read past; 11: no chaining (batch.evidence, the pair model)
VERSION = "stories-24"
DOCS_KEY = "cluster_docs"
GROUPED = "shared nearest neighbours"  # the "why" of members that recluster or regroup placed

_SENTENCE = re.compile(r"(.{20,200}?[.!?])(\s|$)", re.S)


def title_for(article: Article) -> str:
    """The article's title, else its first sentence (cut as ``text.clip_title`` cuts)."""
    if article.title and article.title.strip():
        return article.title.strip()
    body = " ".join(article.body.split())
    m = _SENTENCE.match(body)
    text = m.group(1) if m else body
    return clip_title(text)


def n_docs(store: Store) -> int:
    return int(store.get_meta(DOCS_KEY) or 0)


def vector(store: Store, f: Features, count: bool = False, options: object | None = None) -> Vector:
    """``f`` weighted with the store's document frequencies and its background (counting ``f``
    first when ``count``); ``options`` name the background of a store not clustered yet."""
    terms = sorted(set(f.words) | set(f.specifics))
    total = n_docs(store)
    if count:
        store.add_cluster_df(terms)
        total += 1
        store.set_meta(DOCS_KEY, str(total))
    df, n = background.combine(store.cluster_df(terms), total, background.of_store(store, options))
    return weigh(f, df, max(n, 1))


def load_state(store: Store, story: str) -> StoryState | None:
    row = store.story_states([story]).get(story)
    return StoryState.unpack(story, *row) if row else None


def write_state(store: Store, state: StoryState, keys: Sequence[int] = ()) -> None:
    terms, weights = state.pack()
    store.put_story_state(state.id, state.n, terms, weights, state.first, state.last)
    if keys:
        store.add_story_keys(state.id, keys)


# Features of stored articles, keyed by the whole article record and the site lines read past:
# ``regroup`` re-reads the members of every story a batch touches, and tokenizing them again was
# the largest part of its cost. Same record and lines, same features: nothing stale can be served.
# About 60 KB a 5,000-character report, so a few thousand reports' worth at most.
FEATURES_KEPT = 1024
_features: Kept[Features] = Kept(FEATURES_KEPT)
_scores: Kept[frozenset[str]] = Kept(16 * FEATURES_KEPT)


def kept_features(store: Store, article: Article, lines: frozenset[int]) -> Features:
    """``features(article, boilerplate=lines)`` with its lede's events from its stored facts, kept
    (see above): ``assign`` computes a new article's, and the batch's ``regroup`` reads it again.
    The facts are read only when the features are not kept: ingest stores them before ``assign``
    and re-extraction keeps the events (a new reference date changes the article record, the key)."""
    return _features.get(
        (article, lines), lambda: features(article, boilerplate=lines, events=stored_events(store, article))
    )


def stored_events(store: Store, article: Article) -> tuple[LedeEvent, ...]:
    """``lede_events`` of ``article`` from the facts ``store`` holds; none without facts."""
    return lede_events(article, store.facts(article.id))


def member_features(store: Store, article_id: str) -> tuple[Article, Features]:
    """A stored article and its features, read past its site's repeated lines (kept: see above)."""
    article = store.article(article_id)
    return article, kept_features(store, article, boilerplate.repeated(store, article))


def stated_scores(store: Store, article_id: str) -> frozenset[str]:
    """The final scores a stored article states, read as ``features`` reads them (``occurrence``)."""
    article = store.article(article_id)
    lines = boilerplate.repeated(store, article)
    known = _features.peek((article, lines))
    if known is not None:
        return known.scores
    return _scores.get((article, lines), lambda: final_scores(clustered_text(article, lines)))


def rebuild_state(store: Store, story: str) -> None:
    """Recompute a story's centroid and blocking keys from its members (after merge/split/move)."""
    store.drop_story_index(story)
    members = store.story_articles(story)
    if not members:
        return
    state = StoryState(story)
    keys: list[int] = []
    for article_id in members:
        article, f = member_features(store, article_id)
        if article.duplicate_of:
            continue
        vec = vector(store, f)
        state.add(vec, f.date)
        keys.extend(index_keys(vec, f.date))
    write_state(store, state, sorted(set(keys)))


def write_story(
    store: Store,
    story: str,
    members: Sequence[tuple[str, Vector, str | None]],
    features_of: Callable[[str], Features],
    threshold: float,
    kept: Mapping[str, Sequence[Cut]] | None = None,
) -> None:
    """Store ``members`` (id, vector, date; in canonical order) as ``story``: its centroid and
    blocking keys, and each member's "why" against the others (the first one started it) and
    what the clusterer kept it out of (``kept``: ``batch.cluster``'s)."""
    state, keys = StoryState(story), []
    for _, vec, date in members:
        state.add(vec, date)
        keys.extend(index_keys(vec, date))
    write_state(store, state, sorted(set(keys)))
    reasons_of = member_reasons(state, members, features_of, threshold, kept)
    for (member, _, _), reasons in zip(members, reasons_of, strict=True):
        store.set_story(member, story, reasons.get("similarity"), reasons)


def member_reasons(
    state: StoryState,
    members: Sequence[tuple[str, Vector, str | None]],
    features_of: Callable[[str], Features],
    threshold: float,
    kept: Mapping[str, Sequence[Cut]] | None = None,
) -> list[dict[str, Any]]:
    """Each member's "why" against the others of its story (the first one started it): membership
    comes from shared nearest neighbours, then each member's own similarity to the rest of the
    story, at the floor for a story of its size (``batch.evidence``). Spark's blocks use it too.
    ``kept``: per member, what ``batch.evidence`` kept it out of (``kept_from``), less the cuts
    naming a member of this story (a later step or an editor's decision put them together)."""
    floor = evidence_floor(len(members), threshold, model=True)
    small = len(members) <= SMALL
    same = same_event([(features_of(m), vec) for m, vec, _ in members]) if small else []
    # a story of up to SMALL with a member under SAME_EVENT is a part ``batch._split_apart`` cut
    # from a larger group, whose members are held as that group's were: by a voucher
    large = not small or any(q < SAME_EVENT for q in same)
    held = vouched([(m, features_of(m), vec) for m, vec, _ in members]) if large else []
    ids = {m for m, _, _ in members}
    out = []
    for k, (member, vec, _) in enumerate(members):
        f = features_of(member)
        extra: dict[str, Any] = {"same_event": same[k], "same_event_threshold": SAME_EVENT} if same else {}
        if held:
            extra |= {"vouched_by": held[k][0], "vouched_p": held[k][1], "vouch_threshold": VOUCH}
        cuts = [c.to_dict() for c in (kept or {}).get(member, ()) if c.article not in ids]
        if cuts:
            extra["kept_from"] = cuts
        out.append(
            why(f, vec, state, floor, exclude=vec, grouped_by=GROUPED, **extra)
            if k
            else why(f, vec, None, floor, **extra)
        )
    return out


def vouched(members: Sequence[tuple[str, Features, Vector]]) -> list[tuple[str, float]]:
    """Per member of a story larger than ``SMALL``: the member that vouches for it and the pair
    model's probability (``batch.voucher``, as ``batch.evidence`` asks)."""
    by_id = {m: (f, vec) for m, f, vec in members}
    ids = [m for m, _, _ in members]

    def p(a: str, b: str) -> float:
        return pairs.probability(by_id[a][0], by_id[b][0], by_id[a][1], by_id[b][1])

    return [(other, round(q, 4)) for other, q in (voucher(m, ids, p) for m in ids)]


def same_event(members: Sequence[tuple[Features, Vector]]) -> list[float]:
    """Per member, the pair model's mean probability that it reports the others' event."""
    if len(members) < 2:
        return []
    out = []
    for k, (f, vec) in enumerate(members):
        ps = [pairs.probability(f, g, vec, other) for j, (g, other) in enumerate(members) if j != k]
        out.append(round(sum(ps) / len(ps), 4))
    return out


def why(
    f: Features,
    vec: Vector,
    state: StoryState | None,
    threshold: float,
    exclude: Vector | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """What ties an article to its story: similarity and threshold, shared names, shared words."""
    out: dict[str, Any] = {"version": VERSION, "threshold": threshold, "date": f.date}
    if f.scores:  # what keeps it apart from reports of another game (``occurrence``)
        out["final_scores"] = sorted(f.scores)
    if state is None or state.n - (1 if exclude else 0) <= 0:
        out["new_story"] = True
        out.update(extra)
        return out
    centroid = state.centroid
    less = exclude or {}
    # read from the article's terms, not the whole centroid: the keys are distinct, so the order is the same
    shared = sorted(
        ((v * c, t) for t, v in vec.items() if t in centroid and (c := centroid[t] - less.get(t, 0.0)) > 1e-6),
        reverse=True,
    )
    out["similarity"] = round(similarity(vec, state, exclude), 4)
    out["shared_entities"] = [
        f.names[t] for _, t in shared if t in f.specifics and t in f.names and informative_name(f.names[t])
    ][:10]
    out["shared_terms"] = [f.names[t] for _, t in shared if t in f.words and t in f.names][:10]
    out["story_dates"] = [state.first, state.last] if state.first else None
    out.update(extra)
    return out


def story_exists(store: Store, story: str) -> bool:
    try:
        return store.story(story).id == story
    except NotFoundError:
        return False


def name_groups(store: Store, groups: list[list[str]], old: Mapping[str, str | None], touched: set[str]) -> list[str]:
    """A story id per group: the old story (``old``: article -> story) it holds most articles of,
    largest shares first, each old id once; else ``s-`` + its first article (suffixed when taken).
    ``touched`` are the old stories being rewritten: their ids are free to reuse."""
    shares = []
    for k, group in enumerate(groups):
        for story, n in Counter(s for a in group if (s := old.get(a))).items():
            shares.append((-n, story, k))
    names: dict[int, str] = {}
    used: set[str] = set()
    for _, story, k in sorted(shares):
        if k not in names and story not in used:
            names[k] = story
            used.add(story)
    taken = set(used)
    for k, group in enumerate(groups):
        if k in names:
            continue
        base = candidate = "s-" + group[0]
        n = 1
        while candidate in taken or (candidate not in touched and story_exists(store, candidate)):
            n += 1
            candidate = f"{base}-{n}"
        names[k] = candidate
        taken.add(candidate)
    return [names[k] for k in range(len(groups))]
