"""What every rendering of a story shows, computed once: numbered sources, marks, sections."""

from __future__ import annotations

from dataclasses import dataclass

from ..records import Article, Moment, Story, Unique
from .text import sentences

MARKS = {"agreed": "✓", "unique": "★", "conflict": "✗"}


@dataclass(frozen=True, slots=True)
class Source:
    number: int  # [1], [2] … in story order
    article: Article

    @property
    def label(self) -> str:
        a = self.article
        return a.outlet or a.title or a.id

    @property
    def line(self) -> str:
        a = self.article
        parts = [f"[{self.number}] {self.label}"]
        if a.title and a.title != self.label:
            parts.append(f"“{a.title}”")
        parts.append(a.published or "date unknown")
        if a.duplicate_of:
            parts.append(f"copy of {a.duplicate_of}")
        return " · ".join(parts)


@dataclass(frozen=True, slots=True)
class Row:
    """One agreed fact: kind, text, which sources report it, whether it is part of a conflict."""

    kind: str
    text: str
    numbers: tuple[int, ...]
    conflicting: bool


@dataclass(frozen=True, slots=True)
class UniqueRow:
    """What one outlet alone reports, once per sentence: the sentence and the kinds of fact it carries.

    An event, a quote and a figure read off one sentence are one thing the outlet said, so they are
    shown together ("event · quote · figure") with the sentence; the names only this outlet mentions
    are one row of their own.
    """

    kinds: tuple[str, ...]
    text: str
    conflicting: bool

    @property
    def kind(self) -> str:
        return " · ".join(self.kinds)


@dataclass(frozen=True, slots=True)
class StoryView:
    story: Story
    sources: tuple[Source, ...]
    agreed: tuple[Row, ...]
    unique: tuple[tuple[Source, tuple[UniqueRow, ...]], ...]
    dated: tuple[Moment, ...]
    undated: tuple[Moment, ...]

    def cite(self, article_ids: tuple[str, ...]) -> str:
        numbers = {s.article.id: s.number for s in self.sources}
        return "".join(f"[{numbers[a]}]" for a in article_ids if a in numbers)


def story_view(story: Story) -> StoryView:
    sources = tuple(Source(n, a) for n, a in enumerate(story.articles, 1))
    number = {s.article.id: s.number for s in sources}
    in_conflict = {i for c in story.comparison.conflicts for i in c.items}
    agreed = tuple(
        Row(
            a.kind,
            a.text,
            tuple(number[x] for x in a.articles if x in number),
            bool(in_conflict.intersection(a.items)),
        )
        for a in story.comparison.agreed
    )
    unique = tuple((s, unique_rows(story, story.comparison.unique.get(s.article.id, ()), in_conflict)) for s in sources)
    return StoryView(
        story,
        sources,
        agreed,
        unique,
        tuple(m for m in story.timeline if m.date),
        tuple(m for m in story.timeline if not m.date),
    )


KIND_ORDER = ("event", "quote", "figure")


def unique_rows(story: Story, items: tuple[Unique, ...], in_conflict: set[str]) -> tuple[UniqueRow, ...]:
    """One row per sentence the items come from, in text order; items with no span keep their own text."""
    bodies = {a.id: a.body for a in story.articles}
    spans: dict[str, tuple[str, int, int]] = {x.id: (x.article, x.start, x.end) for x in story.quotes}
    spans.update({x.id: (x.article, x.start, x.end) for x in story.figures})
    spans.update({x.id: (x.article, x.start, x.end) for x in story.events})
    by_sentence: dict[tuple[str, int], list[Unique]] = {}
    extent: dict[tuple[str, int], tuple[int, int]] = {}
    rest: list[Unique] = []
    names: list[Unique] = []
    for u in items:
        where = spans.get(u.item or "")
        found = _sentence(bodies.get(where[0], ""), where[1], where[2]) if where else None
        if where is None or found is None:
            (names if u.kind == "entity" else rest).append(u)
            continue
        key = (where[0], found[0])
        by_sentence.setdefault(key, []).append(u)
        s, e = extent.get(key, found)
        extent[key] = (min(s, found[0]), max(e, found[1]))
    rows: list[tuple[tuple[str, int], UniqueRow]] = []
    for key, group in by_sentence.items():
        kinds = sorted({u.kind for u in group}, key=lambda k: (KIND_ORDER.index(k) if k in KIND_ORDER else 9, k))
        s, e = extent[key]
        text = one_line(bodies[key[0]][s:e])
        rows.append((key, UniqueRow(tuple(kinds), text, any(u.item in in_conflict for u in group))))
    rows.sort(key=lambda pair: pair[0])
    out = [row for _, row in rows]
    out += [UniqueRow((u.kind,), u.text, u.item in in_conflict) for u in rest]
    if names:
        out.append(UniqueRow(("entities" if len(names) > 1 else "entity",), ", ".join(u.text for u in names), False))
    return tuple(out)


def _sentence(body: str, start: int, end: int) -> tuple[int, int] | None:
    """The sentences of ``body`` that hold [start, end), as one span; None when no sentence holds it."""
    spans = [(s, e) for s, e in sentences(body) if s < max(end, start + 1) and start < e]
    if not spans:
        return None
    return spans[0][0], spans[-1][1]


def one_line(text: str, limit: int = 0) -> str:
    text = " ".join(text.split())
    return text if not limit or len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True, slots=True)
class QuoteRow:
    """One statement and who said it; a statement several outlets quote (``same_as``) is one row
    citing each of them, with the speaker as the first outlet names them."""

    speaker: str
    text: str
    direct: bool
    articles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FigureRow:
    """One figure as given: its words, what it counts, the verb, its date and place."""

    text: str
    unit: str
    predicate: str
    date: str
    place: str
    article: str


def quote_rows(story: Story) -> tuple[QuoteRow, ...]:
    seen: set[str] = set()
    rows = []
    for q in story.quotes:
        if q.id in seen:
            continue
        group = [q, *(o for o in story.quotes if o.id in q.same_as and o.id not in seen)]
        seen.update(x.id for x in group)
        articles = tuple(dict.fromkeys(x.article for x in group))
        speaker = next((x.speaker for x in group if x.speaker), None) or "unattributed"
        rows.append(QuoteRow(speaker, one_line(q.text), q.direct, articles))
    return tuple(rows)


def figure_rows(story: Story) -> tuple[FigureRow, ...]:
    return tuple(
        FigureRow(one_line(f.text), f.unit or "", f.predicate or "", f.date or "", f.place or "", f.article)
        for f in story.figures
    )
