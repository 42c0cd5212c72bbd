"""The story's timeline: dated moments from events and figures, by the dates in the text.

Publication dates are never used as the date of a moment. Facts with no calendar date go to the
"undated" part (``Moment.date`` is None) at the end, so nothing extracted is dropped.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence

from ..records import Event, Figure, Moment, TimeExpr
from .groups import Group, Sources
from .text import date_sort_key, is_calendar, sentences


class Sentences:
    """Sentence spans per article, computed once per story."""

    def __init__(self, bodies: Mapping[str, str]) -> None:
        self.bodies = bodies
        self._spans: dict[str, tuple[tuple[int, int], ...]] = {}
        self._starts: dict[str, list[int]] = {}

    def spans(self, article: str) -> tuple[tuple[int, int], ...]:
        if article not in self._spans:
            self._spans[article] = sentences(self.bodies.get(article, ""))
        return self._spans[article]

    def around(self, article: str, start: int, end: int) -> tuple[int, int]:
        """The sentence holding ``start`` (a span between sentences stands for itself)."""
        spans = self.spans(article)
        if article not in self._starts:
            self._starts[article] = [s for s, _ in spans]
        k = bisect_right(self._starts[article], start) - 1
        if k >= 0 and start < spans[k][1]:
            return spans[k]
        return start, end

    def text(self, article: str, start: int, end: int) -> str:
        s, e = self.around(article, start, end)
        return self.bodies.get(article, "")[s:e]


def sentence_date(
    article: str, start: int, end: int, dates: Mapping[str, Sequence[TimeExpr]], sents: Sentences
) -> str | None:
    """A calendar date stated in the same sentence as the fact (nearest first)."""
    s, e = sents.around(article, start, end)
    found = [d for d in dates.get(article, ()) if s <= d.start < e and is_calendar(d.value)]
    if not found:
        return None
    return min(found, key=lambda d: abs(d.start - start)).value


def _dated_sentences(
    add: Callable[[str | None, str, tuple[str, ...], int], None],
    events: Mapping[str, Event],
    figures: Mapping[str, Figure],
    dates: Mapping[str, Sequence[TimeExpr]],
    sents: Sentences,
    sources: Sources,
) -> None:
    """A sentence that states a calendar date but holds no extracted event or figure is a moment too
    ("this week’s delegation to Mexico City …"): the event extractor knows only some verbs."""
    covered: set[tuple[str, int]] = set()
    spans = [(e.article, e.start, e.end) for e in events.values()]
    spans += [(f.article, f.start, f.end) for f in figures.values()]
    for article, start, end in spans:
        if end > start:
            covered.add((article, sents.around(article, start, end)[0]))
    for article, found in dates.items():
        if sources.is_copy(article):
            continue  # its original speaks for it
        for d in found:
            if not is_calendar(d.value):
                continue
            s, e = sents.around(article, d.start, d.end)
            if (article, s) in covered or (s, e) == (d.start, d.end):
                continue
            add(d.value, sents.bodies.get(article, "")[s:e], sources.with_copies(article), s)


def build_timeline(
    event_groups: Sequence[Group],
    figure_groups: Sequence[Group],
    events: Mapping[str, Event],
    figures: Mapping[str, Figure],
    dates: Mapping[str, Sequence[TimeExpr]],
    sents: Sentences,
    sources: Sources,
) -> tuple[Moment, ...]:
    keyed: list[tuple[tuple[tuple[str, int], int, int], Moment]] = []
    seen: set[tuple[str | None, str]] = set()

    def add(date: str | None, text: str, articles: tuple[str, ...], rank: int) -> None:
        text = " ".join(text.split())
        if not text or (date, text) in seen:
            return
        seen.add((date, text))
        first = min((sources.order.get(a, 0) for a in articles), default=0)
        keyed.append(((date_sort_key(date), first, rank), Moment(date, text, articles)))

    for g in event_groups:
        date = g.date if is_calendar(g.date) else None
        if date is None:
            for item in g.items:
                e = events[item]
                date = sentence_date(e.article, e.start, e.end, dates, sents) if e.end > e.start else None
                if date:
                    break
        first = events[g.items[0]]
        add(date, first.text or g.text, g.articles, first.start)
    for g in figure_groups:
        date = g.date if is_calendar(g.date) else None
        f = figures[g.items[0]]
        if date is None and f.end > f.start:
            date = sentence_date(f.article, f.start, f.end, dates, sents)
        text = sents.text(f.article, f.start, f.end) if f.end > f.start else f.text
        add(date, text, g.articles, f.start)
    _dated_sentences(add, events, figures, dates, sents, sources)
    keyed.sort(key=lambda pair: pair[0])
    return tuple(m for _, m in keyed)
