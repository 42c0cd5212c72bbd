"""Extraction: one spaCy pass per article; every extractor reads the same Doc.

Long bodies are parsed and read in chunks cut at paragraph or sentence ends (chunks.py); their
facts are shifted back to body offsets, so neither the parser nor an extractor ever holds a
megabyte at once. Whatever an extractor
returns passes a final guard: a fact whose ``body[start:end]`` is not its text is dropped with a
warning, so no fact ever points outside its evidence.

On several processes each worker parses and extracts its share of the batch and sends back Facts
(workers.py: how many, and why not spaCy's own ``n_process``).
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import Any, TypeVar

from ..options import Options
from ..records import Article, Event, Facts, Figure, Mention, Quote, TimeExpr
from . import chunks, entities, events, figures, quotes
from . import dates as dates_mod
from . import nlp as nlp_mod
from .chunks import renumber, shift
from .nlp import load_nlp
from .workers import AUTO_PROCESSES_FROM, Workers, extract_plain, processes

VERSION = "+".join(m.VERSION for m in (nlp_mod, entities, quotes, figures, dates_mod, events))

__all__ = ["AUTO_PROCESSES_FROM", "VERSION", "extract_articles", "extract_one", "processes"]

T = TypeVar("T")


def extract_one(article: Article, options: Options) -> Facts:
    """The facts of one article (a batch of one; no worker processes)."""
    return extract_articles([article], options.replace(n_process=1))[0]


def extract_articles(articles: Sequence[Article], options: Options) -> list[Facts]:
    """The facts of every article, in order: one ``nlp.pipe`` pass, every extractor on the same Doc.
    The caller passes its Options: nothing here reads the environment or the working directory."""
    if not articles:
        return []
    language = load_nlp(options.model).lang if any(a.language for a in articles) else None
    readable = [a for a in articles if a.language in (None, language)]
    if len(readable) < len(articles) and language:  # reports in a language the model cannot read: no facts
        done = {f.article: f for f in extract_articles(readable, options)}
        return [done.get(a.id) or unread(a, language) for a in articles]
    n_process = processes(options, len(articles))
    if n_process > 1 and len(articles) > 1:
        return _parallel(list(articles), options, n_process)
    return _extract(list(articles), options, 1)


def unread(article: Article, model_language: str) -> Facts:
    """The facts of a report in a language the model does not read: none, and a warning saying so
    (its text is still stored, searched and clustered by its names and numbers)."""
    why = f"written in {article.language!r}; the {model_language!r} model extracts no facts from it"
    return Facts(
        article=article.id,
        reference_date=article.reference_date or article.published,
        warnings=(f"language: {why}",),
    )


def _parallel(articles: list[Article], options: Options, n_process: int) -> list[Facts]:
    """Share the batch among forked workers (they inherit the loaded model); Facts come back in order."""
    size = max(1, min(options.batch_size, math.ceil(len(articles) / (n_process * 4))))
    with Workers(options, n_process, chunk=size) as workers:
        return [facts for chunk in workers.submit(extract_plain, articles) for facts in chunk.result()]


def _extract(articles: list[Article], options: Options, n_process: int) -> list[Facts]:
    nlp = load_nlp(options.model)
    read = [_read_part(article) for article in articles]
    pieces = [(n, a, b) for n, part in enumerate(read) for a, b in chunks.split_chunks(part)]
    texts = [articles[n].body[a:b] for n, a, b in pieces]
    blanked = [chunks.blank_long_runs(t) for t in texts]
    docs = _parse(nlp, [t for t, _ in blanked], options, n_process)
    logger = logging.getLogger(__package__)
    heard = _Heard()
    logger.addHandler(heard)
    skipped = [0] * len(articles)
    for (n, _, _), (_, count) in zip(pieces, blanked, strict=True):
        skipped[n] += count
    try:
        out = []
        for n, parts in _grouped(pieces, docs):
            facts = _facts(articles[n], parts, heard, options.quality)
            notes = _pathological(articles[n], len(read[n]), skipped[n])
            out.append(facts.replace(warnings=(*notes, *facts.warnings)) if notes else facts)
        return out
    finally:
        logger.removeHandler(heard)


# Extraction reads at most this much of one body: the parser takes about a quarter of a
# millisecond per token here, whatever the token ("word" or '"'), so a 20 MB body in full would
# take many minutes. The rest of the body is stored, searched and clustered; only its facts are
# missing, and a warning says so. Tokens are counted as spaCy splits them, near enough: words and
# single marks, not counting the runs ``blank_long_runs`` removes.
MAX_EXTRACT_CHARS = 500_000
MAX_EXTRACT_TOKENS = 100_000
_TOKEN = re.compile(r"\w+|[^\w\s]")


def _read_part(article: Article) -> str:
    """The part of the body extraction reads: all of it, or its first ``MAX_EXTRACT_CHARS``
    characters or ``MAX_EXTRACT_TOKENS`` tokens, cut at a paragraph or sentence end."""
    body = article.body
    limit = min(len(body), MAX_EXTRACT_CHARS)
    blanked, _ = chunks.blank_long_runs(body[:limit])
    for n, match in enumerate(_TOKEN.finditer(blanked), 1):
        if n > MAX_EXTRACT_TOKENS:
            limit = match.start()
            break
    return body if limit >= len(body) else body[: _cut(body, limit)]


def _cut(body: str, limit: int) -> int:
    window = body[limit // 2 : limit]
    for separator in ("\n\n", "\n", ". ", " "):
        found = window.rfind(separator)
        if found >= 0:
            return limit // 2 + found + len(separator)
    return limit


def _pathological(article: Article, read: int, blanked: int) -> list[str]:
    notes = []
    if read < len(article.body):
        notes.append(
            f"very long body ({len(article.body):,} characters): facts extracted from the first {read:,} only "
            f"(at most {MAX_EXTRACT_CHARS:,} characters or {MAX_EXTRACT_TOKENS:,} words and marks); the rest is "
            "stored and searched but not read for quotes, figures or dates"
        )
    if blanked:
        notes.append(
            f"{blanked:,} characters in runs of {chunks.LONG_RUN}+ without a space (e.g. '((((…' or a long "
            "link) were skipped by the parser: such runs hold no words and cost time quadratic in their length"
        )
    return notes


def _parse(nlp: Any, texts: list[str], options: Options, n_process: int) -> Iterator[Any]:
    """Docs for ``texts`` in order, parsed in batches of at most ``chunks.BATCH_CHARS`` characters."""
    if n_process > 1:
        yield from nlp.pipe(texts, batch_size=max(1, options.batch_size), n_process=n_process)
        return
    for group in chunks.char_batches(texts):
        yield from nlp.pipe([texts[i] for i in group], batch_size=max(1, min(options.batch_size, len(group))))


class _Heard(logging.Handler):
    """The extractors log what they could not read; those lines become the article's warnings."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())

    def take(self, article_id: str) -> list[str]:
        taken, self.messages = self.messages, []
        prefix = f"{article_id}: "
        return [m[len(prefix) :] if m.startswith(prefix) else m for m in taken]


Part = tuple[int, int, Any]  # a chunk: start and end in the body, and its Doc


def _grouped(pieces: list[tuple[int, int, int]], docs: Iterator[Any]) -> Iterator[tuple[int, list[Part]]]:
    """The parsed chunks of each article, grouped back (they arrive in input order)."""
    group: list[Part] = []
    for i, doc in enumerate(docs):
        n, start, end = pieces[i]
        group.append((start, end, doc))
        if i + 1 == len(pieces) or pieces[i + 1][0] != n:
            yield n, group
            group = []


Found = tuple[list[Mention], list[TimeExpr], list[Quote], list[Figure], list[Event]]


def _find(article: Article, doc: Any, reference: str | None, notes: list[str], quality: str = "fast") -> Found:
    """Every extractor over one Doc (the whole body, or one chunk of it with ``article`` cut to match)."""
    found_mentions = _run(notes, "entities", lambda: entities.mentions(doc, article), list[Mention]())
    found_dates = _run(notes, "dates", lambda: dates_mod.dates(doc, article, reference), list[TimeExpr]())
    found_quotes = _run(notes, "quotes", lambda: quotes.quotes(doc, article, found_mentions, quality), list[Quote]())
    found_figures = _run(notes, "figures", lambda: figures.figures(doc, article, found_dates), list[Figure]())
    found_events = _run(
        notes, "events", lambda: events.events(doc, article, found_mentions, found_dates), list[Event]()
    )
    return found_mentions, found_dates, found_quotes, found_figures, found_events


def _facts(article: Article, parts: list[Part], heard: _Heard, quality: str = "fast") -> Facts:
    body = article.body
    notes = _input_warnings(body, parts)
    heard.take(article.id)
    no_reference: tuple[str | None, bool] = (None, False)
    first = parts[0][2]
    reference, estimated = _run(notes, "dates", lambda: dates_mod.estimate_reference(article, first), no_reference)
    if len(parts) == 1 and first.text == body:
        whole = _find(article, first, reference, notes, quality)
        found_mentions, found_dates, found_quotes, found_figures, found_events = whole
    else:  # chunks, a part of the body, or runs blanked: each Doc read against its own text (same offsets)
        found = [(a, _find(article.replace(body=doc.text), doc, reference, notes, quality)) for a, _, doc in parts]
        found_mentions = [shift(m, a) for a, f in found for m in f[0]]
        found_dates = renumber([[shift(x, a) for x in f[1]] for a, f in found])
        found_quotes = renumber([[shift(x, a) for x in f[2]] for a, f in found])
        found_figures = renumber([[shift(x, a) for x in f[3]] for a, f in found])
        found_events = renumber([[shift(x, a) for x in f[4]] for a, f in found])

    notes.extend(heard.take(article.id))
    notes.extend(_unreadable_numbers(body, notes))
    return Facts(
        article=article.id,
        mentions=tuple(_guard(notes, body, "mention", found_mentions)),
        quotes=tuple(_guard_quotes(notes, body, _guard(notes, body, "quote", found_quotes))),
        figures=tuple(_guard_figures(notes, _guard(notes, body, "figure", found_figures))),
        dates=tuple(_guard_dates(notes, _guard(notes, body, "time expression", found_dates))),
        events=tuple(_guard(notes, body, "event", found_events)),
        reference_date=_iso(reference),
        reference_estimated=bool(estimated),
        warnings=tuple(dict.fromkeys(notes)),
    )


def _run(notes: list[str], name: str, call: Callable[[], T], default: T) -> T:
    """One extractor on one article; a failure costs that extractor's facts, not the article."""
    try:
        return call()
    except Exception as exc:  # recorded in the facts' warnings, never swallowed
        notes.append(f"{name}: extraction failed ({type(exc).__name__}: {exc}); its facts are missing")
        return default


def _iso(value: date | str | None) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


# ---- what the input itself tells us ------------------------------------------------------------

_OPEN_CLOSE = (("“", "”"), ("‘", "’"))


def _input_warnings(body: str, parts: list[Part]) -> list[str]:
    notes: list[str] = []
    if not any(not t.is_space and not t.is_punct for _, _, doc in parts for t in doc):
        notes.append("no sentences: the body has no words to extract facts from")
    if len(parts) > 1:
        notes.append(
            f"long body ({len(body):,} characters) read in {len(parts)} chunks; a sentence cut at a chunk "
            "end may be missed, and names are linked within a chunk only"
        )
    opening, closing = body.count("“"), body.count("”")
    if opening != closing:
        notes.append(f"unbalanced quotation marks ({opening} “ and {closing} ”): quotes near them may be missed or cut")
    elif body.count('"') % 2:
        notes.append(f'unbalanced quotation marks ({body.count(chr(34))} straight "): quotes may be missed or cut')
    return notes


_NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?(?:[eE][+-]?\d+)?(?!\w)")
MAX_NUMBER_NOTES = 5


def _unreadable_numbers(body: str, notes: list[str]) -> list[str]:
    """Numbers too large for a float ("1e309", 400 digits) are skipped by figures; say so."""
    found: list[str] = []
    for match in _NUMBER.finditer(body):
        text = match.group(0)
        if len(text) < 16 and "e" not in text.lower():
            continue  # fast path: short plain numbers always fit
        try:
            value = float(text.replace(",", ""))
        except ValueError:
            continue
        if math.isfinite(value) or any(n.startswith("number ") and f" at {match.start()}" in n for n in notes):
            continue
        found.append(f"number {text[:40]!r} at {match.start()} is out of range; not read as a figure")
        if len(found) >= MAX_NUMBER_NOTES:
            break
    return found


# ---- the final guard ---------------------------------------------------------------------------

F = TypeVar("F", Mention, Quote, Figure, TimeExpr, Event)


def _guard(notes: list[str], body: str, kind: str, facts: Sequence[F]) -> list[F]:
    """Keep only facts whose offsets lie in the body and reproduce their text."""
    kept: list[F] = []
    for fact in facts:
        start, end = fact.start, fact.end
        if 0 <= start <= end <= len(body) and body[start:end] == fact.text:
            kept.append(fact)
        else:
            notes.append(f"{kind} {fact.text[:60]!r} at {start}:{end} does not match the body there; dropped")
    return kept


def _guard_quotes(notes: list[str], body: str, found: list[Quote]) -> Iterator[Quote]:
    for quote in found:
        s, e = quote.speaker_start, quote.speaker_end
        if (s is None) != (e is None) or (s is not None and e is not None and not 0 <= s <= e <= len(body)):
            notes.append(f"quote {quote.id}: speaker offsets {s}:{e} lie outside the body; speaker span cleared")
            quote = quote.replace(speaker_start=None, speaker_end=None)
        yield quote


def _finite(*values: float | None) -> bool:
    return all(v is None or (isinstance(v, (int, float)) and math.isfinite(v)) for v in values)


def _guard_figures(notes: list[str], found: list[Figure]) -> Iterator[Figure]:
    for figure in found:
        if _finite(figure.value, figure.low, figure.high):
            yield figure
        else:
            notes.append(f"figure {figure.text[:60]!r}: value is not a finite number; dropped")


_DIGIT = re.compile(r"\d")


def _guard_dates(notes: list[str], found: list[TimeExpr]) -> Iterator[TimeExpr]:
    for expr in found:
        # Words like "recently" legitimately have no value; a written date that has none is a misreading.
        if expr.value is None and _DIGIT.search(expr.text):
            notes.append(f"time expression {expr.text[:60]!r} could not be read as a date; kept without a value")
        yield expr
