"""An extractive summary: verbatim sentences, agreed facts first, each citing every supporting article."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..records import Article, Line
from .groups import Group, Sources
from .text import STOPWORDS, content_stems, stem
from .timeline import Sentences

_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_MEASURE = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(%|[^\W\d_]+)")
_NAME_RUN = re.compile(r"\b[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)+")
MIN_WORDS = 8  # datelines, credits and fragments are not summary sentences
SAME_SENTENCE = 0.5  # content-word overlap at which another outlet's sentence says the same
CONTAINED = 0.75  # share of the shorter sentence's words inside a chosen one: a repeat, not news
SAME_FIGURE = 0.25  # with the same figure, this share of the shorter sentence's words makes a repeat


@dataclass(slots=True)
class _Candidate:
    article: str
    start: int
    end: int
    text: str
    stems: frozenset[str]
    support: set[str]
    position: int
    figures: set[int] = field(default_factory=set)  # figure groups the sentence carries
    measures: frozenset[tuple[str, str]] = frozenset()
    names: frozenset[str] = frozenset()  # content stems plus the acronyms of its multi-word names


def _numbers(text: str) -> frozenset[str]:
    """The numbers a sentence states: a sentence giving 9,000 does not support one giving 7,000."""
    return frozenset(m.replace(",", "") for m in _NUMBER.findall(text))


def _measures(text: str) -> frozenset[tuple[str, str]]:
    """The figures a sentence states with what they count: {("6.8", "metres")}; bare numbers and years are left out."""
    out: set[tuple[str, str]] = set()
    for number, unit in _MEASURE.findall(text):
        unit = unit.lower()
        if unit != "%" and unit in STOPWORDS:
            continue
        out.add((number.replace(",", ""), stem("percent" if unit == "%" else unit)))
    return frozenset(out)


def _with_acronyms(text: str, stems: frozenset[str]) -> frozenset[str]:
    """Content stems plus the initials of each multi-word name, so 'VEMA' meets 'Varrow Emergency Management
    Agency'."""
    acronyms: set[str] = set()
    for run in _NAME_RUN.findall(text):
        parts = [p for p in run.split() if p not in {"The", "A", "An"}]
        if len(parts) >= 2:
            acronyms.add("".join(p[0] for p in parts).lower())
    return stems | acronyms


def _same_figure_repeat(a: _Candidate, b: _Candidate) -> bool:
    """Two sentences giving the same figure ("peaked at 6.8 metres") and mostly the same words, with
    names written differently ("VEMA" / "Varrow Emergency Management Agency"), say the same thing."""
    if not (a.figures & b.figures or a.measures & b.measures):
        return False
    x, y = a.names, b.names
    return bool(x and y) and len(x & y) / min(len(x), len(y)) >= SAME_FIGURE


def _said(c: _Candidate, chosen: _Candidate) -> bool:
    """``c`` says nothing a chosen sentence has not said."""
    return _repeats(c.stems, chosen.stems) or _same_figure_repeat(c, chosen)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _repeats(a: frozenset[str], b: frozenset[str]) -> bool:
    """Says the same as a chosen sentence: overlapping words, or one mostly inside the other."""
    if not a or not b:
        return False
    return _jaccard(a, b) >= SAME_SENTENCE or len(a & b) / min(len(a), len(b)) >= CONTAINED


def build_summary(
    articles: Sequence[Article],
    groups: Sequence[Group],
    spans: Mapping[str, tuple[str, int, int]],
    sents: Sentences,
    sources: Sources,
    size: int,
) -> tuple[Line, ...]:
    """``size`` sentences: first those carrying facts most independent sources report, then leads; the
    lead of the first report is always among them. A sentence saying what a chosen one said (the same
    words, or the same figure with the same content under other names) is not repeated.

    ``spans`` maps a fact id to (article, start, end) so a sentence knows which facts it carries.
    """
    if size <= 0:
        return ()
    candidates: list[_Candidate] = []
    by_article: dict[str, list[_Candidate]] = {}
    originals = [a for a in articles if not a.duplicate_of] or list(articles)
    for a in originals:
        for pos, (s, e) in enumerate(sents.spans(a.id)):
            text = a.body[s:e]
            if len(text.split()) < MIN_WORDS or text.count("“") != text.count("”"):
                continue  # fragments, datelines, and pieces of a quote cut at its inner full stop
            stems = content_stems(text)
            c = _Candidate(a.id, s, e, text, stems, {a.id}, pos, measures=_measures(text))
            c.names = _with_acronyms(text, stems)
            candidates.append(c)
            by_article.setdefault(a.id, []).append(c)
    # a sentence is supported by every article reporting a fact it carries
    starts = {a: [c.start for c in cs] for a, cs in by_article.items()}
    for n, g in enumerate(groups):
        for item in g.items:
            where = spans.get(item)
            if where is None or where[0] not in by_article:
                continue
            k = bisect_right(starts[where[0]], where[1]) - 1
            if k >= 0 and where[1] < by_article[where[0]][k].end:
                by_article[where[0]][k].support.update(g.articles)
                if g.kind == "figure":
                    by_article[where[0]][k].figures.add(n)
    count = {id(c): sources.count(c.support) for c in candidates}
    candidates.sort(key=lambda c: (-count[id(c)], c.position, sources.order.get(c.article, 0)))
    chosen: list[_Candidate] = []
    for c in candidates:
        if any(_said(c, o) for o in chosen):
            continue
        chosen.append(c)
        if len(chosen) >= size:
            break
    # the first report's lead says what happened: it is in, in place of the least supported choice
    lead = by_article[originals[0].id][0] if originals and by_article.get(originals[0].id) else None
    if lead is not None and chosen and lead not in chosen and not any(_said(lead, o) for o in chosen[:-1]):
        if len(chosen) >= size or _said(lead, chosen[-1]):
            chosen.pop()
        chosen.append(lead)
    # other outlets' sentences that say the same thing support it too (wire copies included)
    all_sents = [
        (a.id, content_stems(a.body[s:e]), _numbers(a.body[s:e]))
        for a in articles
        for s, e in sents.spans(a.id)
        if e - s > 20
    ]
    lines = []
    for c in chosen:
        support = set(c.support)
        numbers = _numbers(c.text)
        support.update(
            aid
            for aid, stems, nums in all_sents
            if aid not in support and nums == numbers and _jaccard(c.stems, stems) >= SAME_SENTENCE
        )
        support.update(a.id for a in articles if a.duplicate_of in support)
        lines.append(Line(" ".join(c.text.split()), sources.sort(support)))
    return tuple(lines)
