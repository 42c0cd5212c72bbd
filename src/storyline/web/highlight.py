"""Article text with fact spans wrapped in ``<mark>``: every text piece escaped, marks never nested.

The comparison names facts by id; the facts carry ``article``/``start``/``end`` into ``article.body``.
Overlapping spans are flattened: each character gets the strongest class covering it
(conflict > agreed > unique > plain fact kinds), so the output is a flat run of marks.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..records import Story

# Strongest first: a character inside a conflicting figure and an agreed quote shows as conflict.
PRIORITY = ("conflict", "agreed", "possible", "unique", "quote", "figure", "date", "event", "hit")


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    cls: str  # one of PRIORITY
    note: str = ""  # shown as the mark's title (kind, why)


def fact_index(story: Story) -> dict[str, tuple[str, int, int, str]]:
    """Fact id -> (article id, start, end, kind) for every fact that carries offsets."""
    index: dict[str, tuple[str, int, int, str]] = {}
    for kind, facts in (
        ("quote", story.quotes),
        ("figure", story.figures),
        ("date", story.dates),
        ("event", story.events),
    ):
        for fact in facts:
            if fact.end > fact.start:
                index[fact.id] = (fact.article, fact.start, fact.end, kind)
    return index


def comparison_spans(story: Story) -> dict[str, list[Span]]:
    """Article id -> the agreed / unique / conflict spans the story's comparison points at.

    Items are resolved through fact ids; an agreed or unique entry without items is found by its
    text in the articles it names (first occurrence; exact, else ignoring case).
    """
    index = fact_index(story)
    bodies = {a.id: a.body for a in story.articles}
    out: dict[str, list[Span]] = {a.id: [] for a in story.articles}

    def add_items(items: Iterable[str], cls: str, note: str) -> bool:
        found = False
        for item in items:
            hit = index.get(item)
            if hit is not None and hit[0] in out:
                out[hit[0]].append(Span(hit[1], hit[2], cls, note))
                found = True
        return found

    def add_text(article: str, text: str, cls: str, note: str) -> None:
        body = bodies.get(article)
        if body is None or not text:
            return
        at = body.find(text)
        if at >= 0:
            out[article].append(Span(at, at + len(text), cls, note))
            return
        found = re.search(re.escape(text), body, re.IGNORECASE)  # offsets stay those of the body
        if found:
            out[article].append(Span(found.start(), found.end(), cls, note))

    comparison = story.comparison
    for agreed in comparison.agreed:
        note = f"agreed {agreed.kind}: {len(agreed.articles)} articles"
        if not add_items(agreed.items, "agreed", note):
            for article in agreed.articles:
                add_text(article, agreed.text, "agreed", note)
    for possible in comparison.possible:
        p = f", p {possible.p:.2f}" if possible.p is not None else ""
        add_items(possible.items, "possible", f"possibly the same {possible.kind}{p}: not counted as agreement")
    for article, uniques in comparison.unique.items():
        for unique in uniques:
            note = f"only here: {unique.kind}"
            if not (unique.items and add_items(unique.items, "unique", note)):
                add_text(article, unique.text, "unique", note)
    for conflict in comparison.conflicts:
        add_items(conflict.items, "conflict", f"conflict ({conflict.kind}): {conflict.why}")
    return out


def highlight(body: str, spans: Sequence[Span]) -> Markup:
    """``body`` as safe HTML with each span wrapped in ``<mark class=…>``; all text escaped."""
    rank = {cls: i for i, cls in enumerate(PRIORITY)}
    valid = [s for s in spans if 0 <= s.start < s.end <= len(body) and s.cls in rank]
    if not valid:
        return Markup(escape(body))
    cuts = sorted({0, len(body), *(s.start for s in valid), *(s.end for s in valid)})
    pieces: list[str] = []
    run_start, run_key = 0, None  # merge neighbouring segments with the same winning span class/note
    for left, right in itertools.pairwise(cuts):
        covering = [s for s in valid if s.start <= left and s.end >= right]
        best = min(covering, key=lambda s: rank[s.cls]) if covering else None
        key = (best.cls, best.note) if best else None
        if key != run_key:
            pieces.append(_piece(body[run_start:left], run_key))
            run_start, run_key = left, key
    pieces.append(_piece(body[run_start:], run_key))
    return Markup("".join(pieces))


def _piece(text: str, key: tuple[str, str] | None) -> str:
    if not text:
        return ""
    if key is None:
        return str(escape(text))
    cls, note = key
    return f'<mark class="{escape(cls)}" title="{escape(note)}">{escape(text)}</mark>'
