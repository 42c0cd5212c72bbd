"""Read-only views over the store that the pages and the JSON API share (no HTTP here).

Stories are built by ``storyline.api.story``; this module only gathers the lighter things a list
or a search needs: outlets, counts and date ranges per story, entity profiles, snippets.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from ..errors import NotFoundError
from ..extract.aliases import fold
from ..records import Article, Facts, Quote, Story
from ..store import ArticleQuery, Store
from .highlight import Span

SEARCH_CAP = 5000  # articles scanned to find matching stories; enough for a page, cheap on SQLite


@dataclass(frozen=True, slots=True)
class StoryCard:
    id: str
    title: str
    articles: int
    outlets: tuple[str, ...]
    first: str | None  # earliest published date
    last: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "articles": self.articles,
            "outlets": list(self.outlets),
            "first": self.first,
            "last": self.last,
        }


def story_card(store: Store, story_id: str, title: str | None = None) -> StoryCard:
    row = store.story(story_id) if title is None else None
    articles = store.articles(ArticleQuery(story=story_id, limit=10_000))
    dates = sorted(a.published for a in articles if a.published)
    outlets = sorted({a.outlet or "unknown outlet" for a in articles}, key=str.casefold)
    return StoryCard(
        id=story_id,
        title=title if title is not None else (row.title if row else ""),
        articles=len(articles),
        outlets=tuple(outlets),
        first=dates[0] if dates else None,
        last=dates[-1] if dates else None,
    )


def story_cards(store: Store, limit: int = 50, offset: int = 0) -> list[StoryCard]:
    """Stories, largest first, as cards."""
    return [story_card(store, row.id, row.title) for row in store.stories(limit=limit, offset=offset)]


def search_stories(store: Store, query: ArticleQuery) -> list[StoryCard]:
    """Stories holding at least one article that matches ``query`` (its text, entity, outlet, dates).

    ``query.limit``/``offset`` page over stories, in the order their first match was stored.
    """
    matches = store.articles(ArticleQuery(**{**_fields(query), "limit": SEARCH_CAP, "offset": 0}))
    seen: dict[str, None] = {}
    for article in matches:
        story_id = store.story_of(article.id)
        if story_id is not None:
            seen.setdefault(story_id, None)
    ids = list(seen)[query.offset : query.offset + query.limit]
    return [story_card(store, story_id) for story_id in ids]


def _fields(query: ArticleQuery) -> dict[str, Any]:
    return {name: getattr(query, name) for name in ArticleQuery.__dataclass_fields__}


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
    from ..extract.entities import _entity_id  # the one rule that turns a key into an entity id

    out: dict[str, str] = {}
    for article_id in article_ids:
        for key, _name, _type, _count in store.entity_keys(article_id):
            out.setdefault(_entity_id(key), key)
    return out


def entity_profile(store: Store, key: str) -> EntityProfile:
    """An entity (by its index key): the articles and stories naming it and the quotes it said."""
    article_ids = store.entity_articles(key)
    if not article_ids and fold(key) != key:  # a name typed by a person: "Antony Blinken" -> its key
        key = fold(key)
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
        articles=tuple(articles),
        stories=tuple(story_card(store, s) for s in story_ids),
        quotes=tuple(quotes),
    )


def _quotes_by(facts: Facts, key: str) -> list[Quote]:
    """Quotes whose speaker is this entity: by speaker_entity, or a mention of it at the speaker offsets."""
    mine = [m for m in facts.mentions if m.key == key]
    names = {fold(m.text) for m in mine} | {fold(m.name) for m in mine}

    def said_by(quote: Quote) -> bool:
        if quote.speaker_entity == key:
            return True
        start, end = quote.speaker_start, quote.speaker_end
        if start is not None and end is not None and any(m.start < end and start < m.end for m in mine):
            return True
        return bool(quote.speaker) and fold(quote.speaker or "") in names

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
