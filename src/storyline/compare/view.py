"""What every rendering of a story shows, computed once: numbered sources, marks, sections."""

from __future__ import annotations

from dataclasses import dataclass

from ..records import Article, Moment, Story

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
class StoryView:
    story: Story
    sources: tuple[Source, ...]
    agreed: tuple[Row, ...]
    unique: tuple[tuple[Source, tuple[tuple[str, str, bool], ...]], ...]  # (source, ((kind, text, conflicting)))
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
    unique = tuple(
        (s, tuple((u.kind, u.text, u.item in in_conflict) for u in story.comparison.unique.get(s.article.id, ())))
        for s in sources
    )
    return StoryView(
        story,
        sources,
        agreed,
        unique,
        tuple(m for m in story.timeline if m.date),
        tuple(m for m in story.timeline if not m.date),
    )


def one_line(text: str, limit: int = 0) -> str:
    text = " ".join(text.split())
    return text if not limit or len(text) <= limit else text[: limit - 1] + "…"
