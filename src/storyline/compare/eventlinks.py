"""The same event across a story's reports, by the event-pair model: every link carries p.

Pairs of events from different reports that share an action key (its root or class) or a class, and
that the compatibility rules of ``events.view_score`` do not rule out, are scored by ``eventmodel``
(features in ``eventpairs``). Groups are built best link first, average link: two groups join when
the mean p over every pair of their events from different reports (an unscored pair counts 0)
reaches the threshold. At the model's ``agreed`` threshold this gives the
groups shown as agreed; continuing down to its ``possible`` threshold, events that only then meet a
group from another report are "possibly the same" (``possible``), shown apart and never counted as
agreement. A group's p is the mean p of its cross-report pairs.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..records import Event, Mention, TimeExpr
from .eventmodel import EventModel, load_event_model
from .eventpairs import NEAR, EventInfo, candidate_keys, event_info, pair_features, with_spread
from .events import EntityIndex, view_score
from .groups import Group, Sources, Union
from .timeline import Sentences, sentence_date


@dataclass(frozen=True)
class EventContext:
    """What event features read beyond the events: sentences, named entities, dates."""

    sents: Sentences
    named: Mapping[str, tuple[list[int], list[str]]]  # article -> (mention starts, entity ids), by start
    dates: Mapping[str, Sequence[TimeExpr]]

    def entities_in(self, article: str, start: int, end: int) -> frozenset[str]:
        starts, ids = self.named.get(article, ([], []))
        lo, hi = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
        return frozenset(ids[lo:hi])


def event_context(
    bodies: Mapping[str, str],
    mentions: Sequence[Mention],
    key_to_entity: Mapping[str, str],
    dates: Mapping[str, Sequence[TimeExpr]],
    sents: Sentences | None = None,
) -> EventContext:
    by_article: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for m in mentions:
        entity = key_to_entity.get(m.key)
        if entity and m.type not in {"DATE", "CARDINAL"}:
            by_article[m.article].append((m.start, entity))
    named = {a: ([s for s, _ in sorted(xs)], [e for _, e in sorted(xs)]) for a, xs in by_article.items()}
    return EventContext(sents or Sentences(bodies), named, dates)


@dataclass(frozen=True)
class EventLinks:
    events: list[Event]  # with same_as and articles filled
    groups: list[Group]  # every event in exactly one group: agreed-level groups and lone events
    possible: list[Group]  # "possibly the same": events whose only links are in the lower band
    links: dict[tuple[str, str], float] = field(default_factory=dict)  # scored pairs -> p


def event_infos(events: Sequence[Event], entities: EntityIndex, context: EventContext) -> list[EventInfo]:
    infos = []
    sents = context.sents
    for e in events:
        article = e.article or (e.articles[0] if e.articles else "")
        s, t = sents.around(article, e.start, e.end)
        position = bisect.bisect_left(sents.starts(article), s)  # the starts are built once per article
        date = e.date or sentence_date(article, e.start, e.end, context.dates, sents)
        text = sents.bodies.get(article, "")[s:t] or e.text
        named = context.entities_in(article, s, t)
        body = sents.bodies.get(article, "")
        near = body[max(s, e.start - NEAR) : e.start] + " " + body[e.end : min(t, e.end + NEAR)] if body else ""
        infos.append(event_info(e, entities, sentence=text, position=position, named=named, date=date, near=near))
    n_articles = len({x.view.article for x in infos})
    return with_spread(infos, n_articles)


def candidate_pairs(infos: Sequence[EventInfo]) -> list[tuple[int, int]]:
    return [pair for pair, _ in scored_candidates(infos)]


def scored_candidates(infos: Sequence[EventInfo]) -> list[tuple[tuple[int, int], int]]:
    """Candidate pairs (i < j, other reports, a blocking key shared) that the compatibility rules of
    ``events.view_score`` do not rule out (another participant, day or place; a class-only match
    between two named sides), with that score: the model weighs only what could be one event."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, x in enumerate(infos):
        for key in candidate_keys(x):
            blocks[key].append(i)
    article = [x.view.article for x in infos]
    seen: set[tuple[int, int]] = set()
    out = []
    for idx in blocks.values():
        if len({article[i] for i in idx}) < 2:
            continue  # one report only: no pair (and the same words repeated in one report cost nothing)
        for n, i in enumerate(idx):
            ai, vi = article[i], infos[i].view
            for j in idx[n + 1 :]:
                if article[j] == ai or (i, j) in seen:
                    continue
                seen.add((i, j))
                score = view_score(vi, infos[j].view)
                if score > 0:
                    out.append(((i, j), score))
    out.sort()
    return out


def score_pairs(
    infos: Sequence[EventInfo], pairs: Sequence[tuple[int, int]], model: EventModel, rules: Sequence[int] = ()
) -> np.ndarray:
    known: list[int | None] = list(rules) or [None] * len(pairs)
    rows = np.array([pair_features(infos[i], infos[j], r) for (i, j), r in zip(pairs, known, strict=True)], dtype=float)
    return model.probabilities(rows.reshape(len(pairs), len(model.features)))


def link_events(
    events: Sequence[Event],
    entities: EntityIndex,
    sources: Sources,
    context: EventContext,
    model: EventModel | None = None,
) -> EventLinks:
    """Events with ``same_as``/``articles`` spanning every report of them; groups and possible groups."""
    model = model or load_event_model()
    infos = event_infos(events, entities, context)
    found = scored_candidates(infos)
    pairs = [pair for pair, _ in found]
    probs = score_pairs(infos, pairs, model, [score for _, score in found])
    ids = [e.id for e in events]
    arts = [x.view.article for x in infos]
    p_of = {(i, j): float(p) for (i, j), p in zip(pairs, probs, strict=True)}
    agreed = _cluster(len(events), arts, p_of, model.agreed, Union(range(len(events))))
    lower = _cluster(len(events), arts, p_of, model.possible, _copy(agreed, len(events)))
    groups, possible = _groups(events, infos, arts, p_of, agreed, lower, sources)
    by_id = {e.id: e for e in events}
    out = []
    for g in groups:
        for eid in g.items:
            same = tuple(sorted(x for x in g.items if x != eid))
            e = by_id[eid]
            out.append(
                e.replace(same_as=same, articles=g.articles) if (same, g.articles) != (e.same_as, e.articles) else e
            )
    for g in possible:  # "possibly the same" is no same_as: each keeps its own report
        out += [by_id[eid] for eid in g.items]
    order = {eid: n for n, eid in enumerate(ids)}
    out.sort(key=lambda e: order[e.id])
    links = {(ids[i], ids[j]): p for (i, j), p in p_of.items()}
    return EventLinks(out, groups, possible, links)


def _copy(union: Union, n: int) -> Union:
    out = Union(range(n))
    out.parent = dict(union.parent)
    return out


def _cluster(
    n: int, arts: Sequence[str], p_of: Mapping[tuple[int, int], float], threshold: float, union: Union
) -> Union:
    """Best link first; two groups join when the mean p of their cross-report pairs is ≥ threshold."""
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        members[union.find(i)].append(i)
    for (i, j), p in sorted(p_of.items(), key=lambda kv: (-kv[1], kv[0])):
        if p < threshold:
            break
        ra, rb = union.find(i), union.find(j)
        if ra == rb:
            continue
        total, count = 0.0, 0
        for x in members[ra]:
            for y in members[rb]:
                if arts[x] == arts[y]:
                    continue
                count += 1
                total += p_of.get((x, y) if x < y else (y, x), 0.0)
        if count and total / count >= threshold:
            union.join(ra, rb)
            root = union.find(ra)
            merged = members.pop(ra) + members.pop(rb)
            members[root] = merged
    return union


def _mean_p(a: Sequence[int], b: Sequence[int], arts: Sequence[str], p_of: Mapping[tuple[int, int], float]) -> float:
    found = [p_of.get((x, y) if x < y else (y, x), 0.0) for x in a for y in b if arts[x] != arts[y]]
    return sum(found) / len(found) if found else 0.0


def _groups(
    events: Sequence[Event],
    infos: Sequence[EventInfo],
    arts: Sequence[str],
    p_of: Mapping[tuple[int, int], float],
    agreed: Union,
    lower: Union,
    sources: Sources,
) -> tuple[list[Group], list[Group]]:
    comps: dict[int, list[int]] = defaultdict(list)
    for i in range(len(events)):
        comps[agreed.find(i)].append(i)
    by_lower: dict[int, list[list[int]]] = defaultdict(list)
    for comp in comps.values():
        by_lower[lower.find(comp[0])].append(comp)
    groups: list[Group] = []
    possible: list[Group] = []
    for parts in by_lower.values():
        shared = [c for c in parts if sources.count(arts[i] for i in c) >= 2]
        alone = [c for c in parts if c not in shared]
        if len(parts) > 1 and alone:
            rest = [i for c in alone for i in c]
            everyone = [i for c in parts for i in c]
            if sources.count(arts[i] for i in everyone) >= 2:
                others = [i for i in everyone if i not in set(rest)]
                p = _mean_p(rest, others, arts, p_of) if others else _mean_p(rest, rest, arts, p_of)
                possible.append(_group(events, infos, rest, sources, p, [arts[i] for i in everyone]))
                alone = []
        for c in (*shared, *alone):
            p_c = _mean_p(c, c, arts, p_of) if sources.count(arts[i] for i in c) >= 2 else None
            groups.append(_group(events, infos, c, sources, p_c))
    return groups, possible


def _group(
    events: Sequence[Event],
    infos: Sequence[EventInfo],
    members: Sequence[int],
    sources: Sources,
    p: float | None,
    articles: Sequence[str] = (),
) -> Group:
    ordered = sorted(members)
    items = tuple(events[i].id for i in ordered)
    arts = sources.sort([a for i in ordered for a in (events[i].articles or (infos[i].view.article,))] + list(articles))
    dates = [d for d in (infos[i].date for i in ordered) if d]
    found = max(dates, key=len) if dates else None
    return Group("event", items, arts, events[ordered[0]].text, found, None if p is None else round(p, 4))
