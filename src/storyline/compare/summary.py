"""An extractive summary: verbatim sentences, agreed facts first, each citing every supporting article."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..records import Article, Line
from .groups import Group, Sources
from .text import content_stems
from .timeline import Sentences

_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
MIN_WORDS = 8  # datelines, credits and fragments are not summary sentences
SAME_SENTENCE = 0.5  # content-word overlap at which another outlet's sentence says the same
CONTAINED = 0.75  # share of the shorter sentence's words inside a chosen one: a repeat, not news


@dataclass(slots=True)
class _Candidate:
    article: str
    start: int
    end: int
    text: str
    stems: frozenset[str]
    support: set[str]
    position: int


def _numbers(text: str) -> frozenset[str]:
    """The numbers a sentence states: a sentence giving 9,000 does not support one giving 7,000."""
    return frozenset(m.replace(",", "") for m in _NUMBER.findall(text))


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
    """``size`` sentences: first those carrying facts most independent sources report, then leads.

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
            c = _Candidate(a.id, s, e, text, content_stems(text), {a.id}, pos)
            candidates.append(c)
            by_article.setdefault(a.id, []).append(c)
    # a sentence is supported by every article reporting a fact it carries
    starts = {a: [c.start for c in cs] for a, cs in by_article.items()}
    for g in groups:
        for item in g.items:
            where = spans.get(item)
            if where is None or where[0] not in by_article:
                continue
            k = bisect_right(starts[where[0]], where[1]) - 1
            if k >= 0 and where[1] < by_article[where[0]][k].end:
                by_article[where[0]][k].support.update(g.articles)
    count = {id(c): sources.count(c.support) for c in candidates}
    candidates.sort(key=lambda c: (-count[id(c)], c.position, sources.order.get(c.article, 0)))
    chosen: list[_Candidate] = []
    for c in candidates:
        if any(_repeats(c.stems, o.stems) for o in chosen):
            continue
        chosen.append(c)
        if len(chosen) >= size:
            break
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
