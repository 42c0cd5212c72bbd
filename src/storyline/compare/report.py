"""A story, fully built: its articles and facts aligned, compared, put on a timeline and summarized.

``build_story`` reads the story from the store; ``build_story_from`` needs no store (tests, the
one-article-per-story export before clustering, a Python user with records in hand).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

from ..options import Options
from ..records import Article, Entity, Facts, Figure, Mention, Quote, Related, Story
from ..store.base import Store
from ..text import clip_title
from . import junk
from .align import EntityIndex, Group, Sources, align_figures, align_quotes
from .comparison import compare, figure_conflicts, metadata_conflicts
from .eventlinks import event_context, link_events
from .summary import build_summary
from .text import sentences
from .timeline import Sentences, build_timeline, refine_with_captions

__all__ = ["COMPARED_ENTITY_TYPES", "build_story", "build_story_from"]

# Entity kinds worth listing as agreed/unique: who and which institutions; places are context.
COMPARED_ENTITY_TYPES = frozenset({"PERSON", "ORG"})


def build_story(store: Store, story_id: str, options: Options) -> Story:
    """The story ``story_id`` from ``store``: articles in story order, facts as last extracted."""
    row = store.story(story_id)
    articles = [store.article(a) for a in row.articles]
    facts = [store.facts(a.id) or Facts(article=a.id) for a in articles]
    notices = {a.id: store.notices(a.id) for a in articles}
    story = build_story_from(
        articles,
        facts,
        options,
        story_id=row.id,
        title=row.title or None,
        notices={k: v for k, v in notices.items() if v},
    )
    return story.replace(related=links) if (links := related_links(store, row.id)) else story


def related_links(store: Store, story_id: str) -> tuple[Related, ...]:
    """The stories related to ``story_id`` (``cluster.related``), each with the pair model's
    probability that it is the same event and why (``cluster.doubt``): "possible" links first."""
    from ..cluster.doubt import Members, doubt
    from ..cluster.related import related

    members = Members(store)
    out = []
    for s, sim in related(store, story_id):
        d = doubt(members, story_id, s)
        link = Related(s, store.story(s).title, sim)
        if d is not None:
            link = link.replace(p=d.p, kind=d.kind, why=d.why, shared=d.shared, words=d.words, differs=d.differs)
        out.append(link)
    return tuple(sorted(out, key=lambda r: r.kind != "possible"))


def build_story_from(
    articles: Sequence[Article],
    facts: Sequence[Facts],
    options: Options,
    *,
    story_id: str | None = None,
    title: str | None = None,
    notices: Mapping[str, Sequence[tuple[str, str]]] | None = None,
) -> Story:
    """Build a Story from records in hand. Articles without facts simply contribute none."""
    articles = list(articles)
    by_article = {f.article: f for f in facts}
    known = {a.id for a in articles}
    facts = [by_article.get(a.id) or Facts(article=a.id) for a in articles]
    articles = [_with_reference(a, by_article.get(a.id)) for a in articles]
    sources = Sources(articles)
    bodies = {a.id: a.body for a in articles}

    mentions = [m for f in facts for m in f.mentions]
    entities, key_to_entity = _entities(mentions)
    index = EntityIndex(_entity_names(entities))

    entity_ids = {e.id for e in entities}
    quotes = [_speaker(q, key_to_entity, entity_ids, index) for f in facts for q in f.quotes]
    quotes, quote_groups = align_quotes(quotes, sources)
    figures, figure_groups, figure_pairs = align_figures([x for f in facts for x in f.figures], bodies, sources)
    sents = Sentences(bodies)
    dates = {f.article: f.dates for f in facts}
    context = event_context(bodies, mentions, key_to_entity, dates, sents=sents)
    links = link_events([x for f in facts for x in f.events], index, sources, context)
    events, event_groups = links.events, links.groups
    by_event = {e.id: e for e in events}
    entity_groups = [
        Group("entity", (e.id,), sources.sort(a for a in e.articles if a in known), e.name, p=1.0)
        for e in entities
        if e.type in COMPARED_ENTITY_TYPES and any(a in known for a in e.articles)
    ]
    conflicts = figure_conflicts(figure_pairs, figure_groups, sources) + metadata_conflicts(notices or {})
    spans = {x.id: (x.article, x.start, x.end) for x in quotes}
    spans.update({x.id: (x.article, x.start, x.end) for x in figures})
    spans.update({x.id: (x.article, x.start, x.end) for x in events})
    shown = junk.Shown(articles, quotes, figures, entities, spans)
    groups = shown.keep([*event_groups, *quote_groups, *figure_groups, *entity_groups])
    conflicts = [c for c in conflicts if shown.keep_conflict(c)]

    def where(item: str) -> tuple[str, int, int, int, int] | None:
        found = spans.get(item)
        if found is None:
            return None
        s, e = sents.around(*found)
        return found[0], s, e, found[1], found[2]

    comparison = compare(groups, articles, sources, conflicts, shown.keep(links.possible), where)

    lone = [
        Group("event", (i,), (spans[i][0],), by_event[i].text, by_event[i].date)
        for g in links.possible
        for i in g.items
    ]
    timeline = build_timeline(
        [*event_groups, *lone],
        figure_groups,
        {e.id: e for e in events},
        {x.id: x for x in figures},
        dates,
        sents,
        sources,
    )
    timeline = refine_with_captions(timeline, articles)
    # A sentence is cited for the outlets that state its facts; figures agreed with a spread ("about 40"
    # / "some 35") support only the sentences giving the same value, so no outlet is cited for a number
    # it did not give.
    by_figure = {x.id: x for x in figures}
    cited = [s for g in groups if g.kind != "entity" for s in _same_values(g, by_figure, spans)]
    summary = build_summary(articles, cited, spans, sents, sources, options.summary_sentences)
    return Story(
        id=story_id or _story_id(articles),
        title=title or _title(articles),
        articles=tuple(articles),
        entities=tuple(entities),
        quotes=tuple(quotes),
        figures=tuple(figures),
        events=tuple(events),
        dates=tuple(d for f in facts for d in f.dates),
        comparison=comparison,
        timeline=timeline,
        summary=summary,
    )


def _same_values(g: Group, figures: Mapping[str, Figure], spans: Mapping[str, tuple[str, int, int]]) -> list[Group]:
    if g.kind != "figure" or len({figures[i].value for i in g.items if i in figures}) <= 1:
        return [g]
    by_value: dict[float, list[str]] = {}
    for i in g.items:
        if i in figures:
            by_value.setdefault(figures[i].value, []).append(i)
    return [
        Group(g.kind, tuple(items), tuple(dict.fromkeys(spans[i][0] for i in items if i in spans)), g.text)
        for items in by_value.values()
    ]


def _with_reference(article: Article, facts: Facts | None) -> Article:
    if facts is None or not facts.reference_date or article.reference_date:
        return article
    return article.replace(reference_date=facts.reference_date, reference_estimated=facts.reference_estimated)


def _entities(mentions: Sequence[Mention]) -> tuple[list[Entity], dict[str, str]]:
    from ..extractors.entities import entity_index, merge_entities

    return merge_entities(mentions), entity_index(mentions)


def _entity_names(entities: Sequence[Entity]) -> dict[str, str]:
    names: dict[str, str] = {}
    for e in entities:
        for name in (e.name, *e.aliases):
            names.setdefault(name, e.id)
    return names


def _speaker(q: Quote, key_to_entity: Mapping[str, str], ids: set[str], index: EntityIndex) -> Quote:
    """Extraction names a speaker by its mention key (per article); the story names it by entity id."""
    entity = q.speaker_entity
    if entity in ids:
        return q
    mapped = key_to_entity.get(entity or "") or index.resolve(q.speaker)
    return q.replace(speaker_entity=mapped) if mapped != entity else q


def _story_id(articles: Sequence[Article]) -> str:
    digest = hashlib.sha1(" ".join(sorted(a.id for a in articles)).encode("utf-8")).hexdigest()
    return f"s-{digest[:10]}"


def _title(articles: Sequence[Article]) -> str:
    for a in articles:
        if a.title:
            return a.title
    for a in articles:
        spans = sentences(a.body)
        if spans:
            return clip_title(a.body[spans[0][0] : spans[0][1]])
    return "(empty story)"
