"""What every rendering of a story shows, computed once: numbered sources, marks, sections."""

from __future__ import annotations

from dataclasses import dataclass

from ..records import Agreed, Article, Moment, Story, Unique

MARKS = {"agreed": "✓", "possible": "?", "unique": "★", "conflict": "✗"}


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
    p: float | None = None


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
class Counts:
    """How many comparison entries name one article: the same numbers in every rendering and in JSON
    (``len`` of the lists in ``story.comparison`` that hold the article)."""

    agreed: int
    possible: int
    unique: int
    conflict: int


@dataclass(frozen=True, slots=True)
class StoryView:
    story: Story
    sources: tuple[Source, ...]
    agreed: tuple[Row, ...]
    unique: tuple[tuple[Source, tuple[UniqueRow, ...]], ...]
    dated: tuple[Moment, ...]
    undated: tuple[Moment, ...]
    possible: tuple[Row, ...] = ()

    def cite(self, article_ids: tuple[str, ...]) -> str:
        numbers = {s.article.id: s.number for s in self.sources}
        return "".join(f"[{numbers[a]}]" for a in article_ids if a in numbers)

    def counts(self, article_id: str) -> Counts:
        return counts(self.story, article_id)


def counts(story: Story, article_id: str) -> Counts:
    c = story.comparison
    return Counts(
        agreed=sum(1 for a in c.agreed if article_id in a.articles),
        possible=sum(1 for a in c.possible if article_id in a.articles),
        unique=len(c.unique.get(article_id, ())),
        conflict=sum(1 for x in c.conflicts if article_id in (x.articles or ())),
    )


def story_view(story: Story) -> StoryView:
    sources = tuple(Source(n, a) for n, a in enumerate(story.articles, 1))
    number = {s.article.id: s.number for s in sources}
    in_conflict = {i for c in story.comparison.conflicts for i in c.items}

    def rows(entries: tuple[Agreed, ...]) -> tuple[Row, ...]:
        return tuple(
            Row(
                a.kind,
                a.text,
                tuple(number[x] for x in a.articles if x in number),
                bool(in_conflict.intersection(a.items)),
                a.p,
            )
            for a in entries
        )

    unique = tuple((s, unique_rows(story.comparison.unique.get(s.article.id, ()), in_conflict)) for s in sources)
    return StoryView(
        story,
        sources,
        rows(story.comparison.agreed),
        unique,
        tuple(m for m in story.timeline if m.date),
        tuple(m for m in story.timeline if not m.date),
        rows(story.comparison.possible),
    )


def unique_rows(items: tuple[Unique, ...], in_conflict: set[str]) -> tuple[UniqueRow, ...]:
    """One row per entry of ``comparison.unique`` (compare already made one entry per sentence)."""
    return tuple(
        UniqueRow(u.kinds or (u.kind,), one_line(u.text), bool(in_conflict.intersection(u.items))) for u in items
    )


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
