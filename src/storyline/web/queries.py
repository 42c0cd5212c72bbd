"""Read-only views over the store that the pages and the JSON API share (no HTTP here).

Stories are built by ``storyline.api.story``; this module only gathers the lighter things a list
or a search needs: outlets, counts and date ranges per story, entity profiles, snippets.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from .. import api
from ..errors import NotFoundError
from ..listing import StoryFilter, cards_for
from ..records import Article, Facts, Quote, Story, StoryCard, entity_id
from ..store import ArticleQuery, Store
from ..text import name_key
from .highlight import Span


def story_cards(store: Store, limit: int = 50, offset: int = 0, min_outlets: int = 0) -> list[StoryCard]:
    """Stories, largest first, as cards (with at least ``min_outlets`` independent outlets)."""
    return api.story_cards(store, StoryFilter(min_outlets=min_outlets, limit=limit, offset=offset))


def search_stories(store: Store, query: ArticleQuery, min_outlets: int = 0) -> list[StoryCard]:
    """Stories holding an article that matches ``query`` (text, entity, outlet) whose dates overlap
    ``query.since``–``query.until``, with at least ``min_outlets`` independent outlets."""
    wanted = StoryFilter(
        text=query.text,
        entity=query.entity,
        outlet=query.outlet,
        since=query.since,
        until=query.until,
        min_outlets=min_outlets,
        limit=query.limit,
        offset=query.offset,
    )
    return api.story_cards(store, wanted)


@dataclass(frozen=True, slots=True)
class ArticleView:
    article: Article
    facts: Facts | None
    story: str | None
    notices: tuple[tuple[str, str], ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article.to_dict(),
            "facts": self.facts.to_dict() if self.facts else None,
            "story": self.story,
            "notices": [{"kind": k, "text": t} for k, t in self.notices],
        }


def article_view(store: Store, article_id: str) -> ArticleView:
    article = public(store.article(article_id))
    return ArticleView(article, store.facts(article.id), store.story_of(article.id), tuple(store.notices(article.id)))


def source_label(source: str | None) -> str | None:
    """What a page may show of where an article came from: a URL as is, a file by its name only
    (the server's folders are nobody's business)."""
    if not source or "://" in source:
        return source
    return PurePath(source.replace("\\", "/")).name or None


def public(article: Article) -> Article:
    """``article`` as pages and the HTTP API show it (``source`` without the server's path)."""
    label = source_label(article.source)
    return article if label == article.source else article.replace(source=label)


def public_story(story: Story) -> Story:
    return story.replace(articles=tuple(public(a) for a in story.articles))


def article_fact_spans(view: ArticleView) -> list[Span]:
    facts = view.facts
    if facts is None:
        return []
    spans = [Span(q.start, q.end, "quote", "quote") for q in facts.quotes]
    spans += [Span(f.start, f.end, "figure", f"figure: {f.value:g} {f.unit or ''}".strip()) for f in facts.figures]
    spans += [Span(d.start, d.end, "date", f"date: {d.value or '?'}") for d in facts.dates]
    return spans


@dataclass(frozen=True, slots=True)
class EntityProfile:
    key: str
    name: str
    type: str
    articles: tuple[Article, ...]
    stories: tuple[StoryCard, ...]
    quotes: tuple[tuple[Quote, Article], ...]  # quotes this entity said

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": self.name,
            "type": self.type,
            "articles": [a.id for a in self.articles],
            "stories": [s.to_dict() for s in self.stories],
            "quotes": [q.to_dict() for q, _ in self.quotes],
        }


def entity_keys(store: Store, article_ids: tuple[str, ...] | list[str]) -> dict[str, str]:
    """Entity id (as a built Story names it) -> index key, for linking to entity pages."""
    out: dict[str, str] = {}
    for article_id in article_ids:
        for key, _name, _type, _count in store.entity_keys(article_id):
            out.setdefault(entity_id(key), key)
    return out


def entity_profile(store: Store, key: str) -> EntityProfile:
    """An entity (by its index key): the articles and stories naming it and the quotes it said."""
    article_ids = store.entity_articles(key)
    if not article_ids and name_key(key) != key:  # a name typed by a person: "Antony Blinken" -> its key
        key = name_key(key)
        article_ids = store.entity_articles(key)
    if not article_ids:
        raise NotFoundError(f"entity {key!r} is named in no stored article; search for it at /search")
    names: dict[str, int] = {}
    kind = ""
    articles: list[Article] = []
    quotes: list[tuple[Quote, Article]] = []
    for article_id in article_ids:
        article = store.article(article_id)
        articles.append(article)
        for k, name, typ, count in store.entity_keys(article_id):
            if k == key:
                names[name] = names.get(name, 0) + count
                kind = kind or typ
        facts = store.facts(article_id)
        if facts is not None:
            quotes += [(q, article) for q in _quotes_by(facts, key)]
    name = max(names, key=lambda n: (names[n], len(n))) if names else key
    story_ids = dict.fromkeys(s for s in (store.story_of(a.id) for a in articles) if s)
    return EntityProfile(
        key=key,
        name=name,
        type=kind,
        articles=tuple(public(a) for a in articles),
        stories=tuple(cards_for(store, list(story_ids))),
        quotes=tuple(quotes),
    )


def _quotes_by(facts: Facts, key: str) -> list[Quote]:
    """Quotes whose speaker is this entity: by speaker_entity, or a mention of it at the speaker offsets."""
    mine = [m for m in facts.mentions if m.key == key]
    names = {name_key(m.text) for m in mine} | {name_key(m.name) for m in mine}

    def said_by(quote: Quote) -> bool:
        if quote.speaker_entity == key:
            return True
        start, end = quote.speaker_start, quote.speaker_end
        if start is not None and end is not None and any(m.start < end and start < m.end for m in mine):
            return True
        return bool(quote.speaker) and name_key(quote.speaker or "") in names

    return [q for q in facts.quotes if said_by(q)]


def snippet(body: str, text: str | None, width: int = 220) -> tuple[str, list[Span]]:
    """A window of ``body`` around the first query word found, and the spans of query words in it."""
    words = [w.strip('"').casefold() for w in (text or "").split() if w.strip('"')]
    low = body.casefold()
    hits = [low.find(w) for w in words if w and low.find(w) >= 0]
    start = max(0, min(hits) - width // 3) if hits else 0
    if start:
        space = body.find(" ", start)
        start = space + 1 if 0 <= space < start + 30 else start
    window = body[start : start + width]
    lw = window.casefold()
    spans: list[Span] = []
    for w in words:
        at = lw.find(w)
        while at >= 0:
            spans.append(Span(at, at + len(w), "hit", "search hit"))
            at = lw.find(w, at + len(w))
    prefix = "…" if start else ""
    suffix = "…" if start + width < len(body) else ""
    return prefix + window + suffix, [Span(s.start + len(prefix), s.end + len(prefix), s.cls, s.note) for s in spans]
