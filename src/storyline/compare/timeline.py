"""The story's timeline: dated moments from events and figures, by the dates in the text.

Publication dates are never used as the date of a moment, nor are the seasons of a habit ("a road
that is often closed between December and March", see ``habitual``): a fact dated only so is
undated. Facts with no calendar date go to the "undated" part (``Moment.date`` is None) at the end,
so nothing extracted is dropped.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Mapping, Sequence
from datetime import date as _date

from ..records import Article, Event, Figure, Moment, TimeExpr
from .groups import Group, Sources
from .habitual import is_habitual
from .text import date_sort_key, is_calendar, sentences


class Sentences:
    """Sentence spans per article, computed once per story."""

    def __init__(self, bodies: Mapping[str, str]) -> None:
        self.bodies = bodies
        self._spans: dict[str, tuple[tuple[int, int], ...]] = {}
        self._starts: dict[str, list[int]] = {}
        self._dated: dict[tuple[str, int, int], tuple[list[int], list[TimeExpr]]] = {}

    def spans(self, article: str) -> tuple[tuple[int, int], ...]:
        if article not in self._spans:
            self._spans[article] = sentences(self.bodies.get(article, ""))
        return self._spans[article]

    def starts(self, article: str) -> list[int]:
        """Where each sentence of ``article`` starts (built once per article)."""
        if article not in self._starts:
            self._starts[article] = [s for s, _ in self.spans(article)]
        return self._starts[article]

    def dates_between(self, article: str, dates: Sequence[TimeExpr], start: int, end: int) -> list[TimeExpr]:
        """The time expressions of ``dates`` (one article's) starting in ``[start, end)``: sorted
        once per article and found by bisection, not scanned per fact."""
        key = (article, id(dates), len(dates))
        if key not in self._dated:
            ordered = sorted(dates, key=lambda d: d.start)
            self._dated[key] = ([d.start for d in ordered], ordered)
        starts, ordered = self._dated[key]
        return ordered[bisect_left(starts, start) : bisect_left(starts, end)]

    def around(self, article: str, start: int, end: int) -> tuple[int, int]:
        """The sentence holding ``start`` (a span between sentences stands for itself)."""
        spans = self.spans(article)
        k = bisect_right(self.starts(article), start) - 1
        if k >= 0 and start < spans[k][1]:
            return spans[k]
        return start, end

    def text(self, article: str, start: int, end: int) -> str:
        s, e = self.around(article, start, end)
        return self.bodies.get(article, "")[s:e]


def sentence_date(
    article: str,
    start: int,
    end: int,
    dates: Mapping[str, Sequence[TimeExpr]],
    sents: Sentences,
    *,
    moments_only: bool = False,
) -> str | None:
    """A calendar date stated in the same sentence as the fact (nearest first); with ``moments_only``
    not one that dates a habit ("usually in March")."""
    s, e = sents.around(article, start, end)
    found = [d for d in sents.dates_between(article, dates.get(article, ()), s, e) if is_calendar(d.value)]
    if moments_only:
        found = [d for d in found if not habitual(article, d, dates, sents)]
    if not found:
        return None
    return min(found, key=lambda d: abs(d.start - start)).value


def habitual(article: str, d: TimeExpr, dates: Mapping[str, Sequence[TimeExpr]], sents: Sentences) -> bool:
    """Does ``d`` date a recurring habit in its sentence rather than a moment?"""
    return is_habitual(d, sents.bodies.get(article, ""), sents.around(article, d.start, d.end), dates.get(article, ()))


def _moment_date(
    date: str | None,
    spans: Sequence[tuple[str, int, int]],
    dates: Mapping[str, Sequence[TimeExpr]],
    sents: Sentences,
) -> str | None:
    """``date`` (a fact's own), unless every statement of it in the facts' sentences is habitual."""
    if not is_calendar(date):
        return None
    stated = []
    for article, start, end in spans:
        s, e = sents.around(article, start, end)
        stated += [(article, d) for d in sents.dates_between(article, dates.get(article, ()), s, e) if d.value == date]
    if stated and all(habitual(article, d, dates, sents) for article, d in stated):
        return None
    return date


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
            if not is_calendar(d.value) or habitual(article, d, dates, sents):
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
        spans = [(e.article, e.start, e.end) for e in (events[i] for i in g.items) if e.end > e.start]
        date = _moment_date(g.date, spans, dates, sents)
        if date is None:
            for article, start, end in spans:
                date = sentence_date(article, start, end, dates, sents, moments_only=True)
                if date:
                    break
        first = events[g.items[0]]
        add(date, first.text or g.text, g.articles, first.start)
    for g in figure_groups:
        spans = [(x.article, x.start, x.end) for x in (figures[i] for i in g.items) if x.end > x.start]
        date = _moment_date(g.date, spans, dates, sents)
        f = figures[g.items[0]]
        if date is None and f.end > f.start:
            date = sentence_date(f.article, f.start, f.end, dates, sents, moments_only=True)
        text = sents.text(f.article, f.start, f.end) if f.end > f.start else f.text
        add(date, text, g.articles, f.start)
    _dated_sentences(add, events, figures, dates, sents, sources)
    keyed.sort(key=lambda pair: pair[0])
    return tuple(m for _, m in keyed)


_MONTHS = {
    m: i for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)
}
_CAPTION_DATE = re.compile(
    r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})\b"
)
_NAME = re.compile(r"\b[A-Z][a-zà-ÿ]+(?:[ -][A-Z][a-zà-ÿ]+)*")
_NOT_NAMES = frozenset(
    {
        "The",
        "A",
        "An",
        "In",
        "On",
        "At",
        "U",
        "S",
        "US",
        "President",
        "Secretary",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    }
)


def _caption_facts(caption: str) -> list[tuple[str, frozenset[str]]]:
    """Full dates a caption states, each with the names the caption mentions."""
    names = frozenset(n for n in _NAME.findall(caption) if n not in _NOT_NAMES)
    out = []
    for m in _CAPTION_DATE.finditer(caption):
        month = _MONTHS.get(m.group(1)[:3].lower())
        try:
            day = _date(int(m.group(3)), month or 0, int(m.group(2)))
        except ValueError:
            continue
        out.append((day.isoformat(), names))
    return out


def _within(day: str, coarse: str) -> bool:
    """Is the day inside a week (2023-W52) or month (2023-12) the text gave?"""
    d = _date.fromisoformat(day)
    if "-W" in coarse:
        year, week = coarse.split("-W")
        return week.isdigit() and d.isocalendar()[:2] == (int(year), int(week))
    return len(coarse) == 7 and day.startswith(coarse)


def refine_with_captions(moments: Sequence[Moment], articles: Sequence[Article]) -> tuple[Moment, ...]:
    """A photo caption may give the exact day of a moment the body dates only to its week or month
    ("this week's delegation to Mexico City" + a caption "… in Mexico City, Mexico December 27, 2023").
    The caption is used only when it names the same people or places as the moment — a file photo of
    another scene (a caption's Lukeville, 5 Dec) never becomes a moment of its own."""
    captions = {a.id: [f for c in a.captions for f in _caption_facts(c)] for a in articles}
    out = []
    for m in moments:
        date = m.date
        if date and ("-W" in date or len(date) == 7):
            names = frozenset(n for n in _NAME.findall(m.text) if n not in _NOT_NAMES)
            for article in m.articles:
                for day, caption_names in captions.get(article, ()):
                    if _within(day, date) and len(names & caption_names) >= 2:
                        date = day
                        break
                if date != m.date:
                    break
        out.append(m if date == m.date else Moment(date, m.text, m.articles))
    out.sort(key=lambda x: date_sort_key(x.date))
    return tuple(out)
