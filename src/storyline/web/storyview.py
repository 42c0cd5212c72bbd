"""What the story page shows, prepared from a built ``Story``: columns with marked text, cited
summary, the timeline chart, what only one outlet reports (one row per sentence, as in the reports),
quotes and figures with their outlets. No HTTP, no templates."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..present.view import UniqueRow, counts, story_view
from ..records import Article, Event, Figure, Moment, Quote, Story, TimeExpr
from .chart import Placed, place, timeline_svg
from .highlight import comparison_spans, highlight


@dataclass(frozen=True, slots=True)
class Column:
    article: Article
    label: str  # the outlet, disambiguated when one outlet has several articles
    body: Markup
    counts: dict[str, int]  # marks per class, for the column header


@dataclass(frozen=True, slots=True)
class Cite:
    article: str
    label: str


@dataclass(frozen=True, slots=True)
class CitedLine:
    text: str
    cites: tuple[Cite, ...]


@dataclass(frozen=True, slots=True)
class StoryPage:
    story: Story
    columns: tuple[Column, ...]
    summary: tuple[CitedLine, ...]
    chart: Markup
    moments: tuple[Placed, ...]
    undated: tuple[tuple[Moment, tuple[Cite, ...]], ...]
    moment_cites: dict[int, tuple[Cite, ...]]
    quotes: tuple[tuple[Quote, str], ...]  # quote, outlet label
    figures: tuple[tuple[Figure, str], ...]
    conflicts: tuple[tuple[str, str, tuple[str, ...]], ...]  # kind, why, the conflicting texts
    unique: tuple[tuple[Cite, tuple[UniqueRow, ...]], ...]  # per article: its label, one row per sentence
    outlets: tuple[str, ...]
    entity_keys: dict[str, str]  # entity id -> the index key its page is found under


def labels(articles: tuple[Article, ...]) -> dict[str, str]:
    """Article id -> outlet name, numbered when an outlet appears more than once."""
    names = [a.outlet or "unknown outlet" for a in articles]
    out, seen = {}, dict.fromkeys(names, 0)
    for article, name in zip(articles, names, strict=True):
        seen[name] += 1
        out[article.id] = name if names.count(name) == 1 else f"{name} ({seen[name]})"
    return out


def story_page(story: Story, entity_keys: dict[str, str] | None = None) -> StoryPage:
    label = labels(story.articles)

    def cites(ids: tuple[str, ...]) -> tuple[Cite, ...]:
        return tuple(Cite(i, label.get(i, i)) for i in ids)

    spans = comparison_spans(story)
    columns = []
    for article in story.articles:
        mine = spans.get(article.id, [])
        # the comparison's own counts, as in the terminal, the reports and the JSON (not marked spans)
        found = counts(story, article.id)
        counts_ = {
            "agreed": found.agreed,
            "possible": found.possible,
            "unique": found.unique,
            "conflict": found.conflict,
        }
        columns.append(Column(article, label[article.id], highlight(article.body, mine), counts_))
    placed, undated = place(story.timeline)
    texts = _fact_texts(story)
    conflicts = tuple((c.kind, c.why, tuple(texts.get(i, i) for i in c.items)) for c in story.comparison.conflicts)
    return StoryPage(
        story=story,
        columns=tuple(columns),
        summary=tuple(CitedLine(line.text, cites(line.articles)) for line in story.summary),
        chart=timeline_svg(placed),
        moments=tuple(placed),
        undated=tuple((m, cites(m.articles)) for m in undated),
        moment_cites={p.number: cites(p.moment.articles) for p in placed},
        quotes=tuple((q, label.get(q.article, q.article)) for q in story.quotes),
        figures=tuple((f, label.get(f.article, f.article)) for f in story.figures),
        conflicts=conflicts,
        unique=tuple((cites((s.article.id,))[0], rows) for s, rows in story_view(story).unique),
        outlets=tuple(dict.fromkeys(a.outlet or "unknown outlet" for a in story.articles)),
        entity_keys=entity_keys or {},
    )


def _fact_texts(story: Story) -> dict[str, str]:
    """Fact id -> ``"text" (outlet)`` for naming the sides of a conflict."""
    label = labels(story.articles)
    facts: list[Quote | Figure | TimeExpr | Event] = [*story.quotes, *story.figures, *story.dates, *story.events]
    return {f.id: f"“{f.text}” ({label.get(f.article, f.article)})" for f in facts}
