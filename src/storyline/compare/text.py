"""Small text helpers the aligners share: folding, content tokens, crude stems, sentences, dates."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

_WORD = re.compile(r"[0-9a-z]+(?:['’][a-z]+)?")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})

_STOP_TEXT = """a an the and or but of to in on at by for with from as into about over after before
    is are was were be been being has have had do does did will would can could shall should may might must
    it its this that these those there here he she they we you i his her their our your my me him them us
    who whom which what when where why how not no yet so than then also very more most some any all
    said says say told according official officials spokesperson spokesman spokeswoman"""
STOPWORDS = frozenset(_STOP_TEXT.split())


@lru_cache(maxsize=262144)
def fold(text: str) -> str:
    """Lower case, accents and curly quotes gone, whitespace squeezed: 'López' == 'Lopez'."""
    text = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.lower().split())


def words(text: str) -> list[str]:
    """All word tokens of the folded text, in order."""
    return [w.replace("'", "") for w in _WORD.findall(fold(text).replace("’", "'"))]


@lru_cache(maxsize=262144)
def stem(word: str) -> str:
    """A crude stem: enough to join 'apprehended' / 'apprehensions', 'visit' / 'visits'."""
    w = word.lower()
    for suffix in ("ations", "ation", "ions", "ion", "ings", "ing", "ed", "es", "s"):
        if len(w) - len(suffix) >= 4 and w.endswith(suffix):
            w = w[: -len(suffix)]
            break
    return w[:6]


@lru_cache(maxsize=262144)
def content_stems(text: str | None) -> frozenset[str]:
    if not text:
        return frozenset()
    return frozenset(stem(w) for w in words(text) if w not in STOPWORDS and not w.isdigit())


def overlaps(a: Iterable[str], b: Iterable[str]) -> bool:
    return not set(a).isdisjoint(b)


# ---- dates --------------------------------------------------------------------------------------

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?|-W(\d{2}))?$")


@lru_cache(maxsize=4096)
def date_range(value: str | None) -> tuple[date, date] | None:
    """First and last day a calendar value covers (2023-12 → 1–31 Dec); None for P3D, PAST_REF, …"""
    m = _ISO.match(value or "")
    if not m:
        return None
    year, month, day, week = m.groups()
    try:
        if week:
            first = date.fromisocalendar(int(year), int(week), 1)
            return first, first + timedelta(days=6)
        if day:
            d = date(int(year), int(month), int(day))
            return d, d
        if month:
            first = date(int(year), int(month), 1)
            nxt = date(int(year) + (month == "12"), int(month) % 12 + 1, 1)
            return first, nxt - timedelta(days=1)
        return date(int(year), 1, 1), date(int(year), 12, 31)
    except ValueError:
        return None


def is_calendar(value: str | None) -> bool:
    """A calendar date at some precision (2023, 2023-12, 2023-W52, 2023-12-27), not P3D / PAST_REF."""
    return date_range(value) is not None


def date_sort_key(value: str | None) -> tuple[str, int]:
    """Chronological order; a month sorts before its days, undated last."""
    r = date_range(value)
    if r is None:
        return ("~", 0)
    return (r[0].isoformat(), -(r[1] - r[0]).days)


# ---- sentences ----------------------------------------------------------------------------------

_SENT_END = re.compile(r"(?<=[.!?])([\"”’)]*)\s+(?=[\"“‘(]?[A-Z0-9])|\n\s*\n|\n(?=\S)")


_ABBREV = re.compile(
    r"(?:\b(?:[A-Z]\.)+|\b(?:Mr|Mrs|Ms|Dr|St|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Jr|Sr|Inc|Co|Corp|No|Ariz|Calif|Fla|Jan|Feb|"
    r"Aug|Sept|Sep|Oct|Nov|Dec)\.)$"
)


@lru_cache(maxsize=4096)
def sentences(body: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each sentence of ``body``; a cheap splitter, no parse (compare runs often)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _SENT_END.finditer(body):
        if "\n" not in m.group(0) and _ABBREV.search(body, max(0, m.start() - 12), m.start()):
            continue
        _add(spans, body, pos, m.start() + len(m.group(1) or ""))
        pos = m.end()
    _add(spans, body, pos, len(body))
    return tuple(spans)


def _add(spans: list[tuple[int, int]], body: str, start: int, end: int) -> None:
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
