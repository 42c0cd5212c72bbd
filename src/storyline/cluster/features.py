"""What story clustering reads from one article: hashed term counts, specific names/numbers, a date.

Counts are raw here; ``vectors.weigh`` turns them into TF-IDF vectors against a document-frequency
table, so the same counts serve online assignment (live df) and ``recluster`` (df of the whole store).
"""

from __future__ import annotations

import datetime as dt
import re
import zlib
from collections import Counter
from dataclasses import dataclass, field

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from ..records import Article, Facts
from ..text import is_news_year
from .boilerplate import strip
from .occurrence import final_scores

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+(?:[.,]\d+)*")
_BREAKS = frozenset('.!?:;"“”\n|•—–-')
STOP = frozenset(ENGLISH_STOP_WORDS) | {"said", "says", "say", "told", "according", "also", "just", "like"}

_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTHS = {m: i + 1 for i, m in enumerate(_MONTH_NAMES)}
_DATES = (
    (re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s*((?:19|20)\d\d)\b", re.I), "mdy"),
    (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}\s*,?\s*((?:19|20)\d\d)\b", re.I), "dmy"),
    (re.compile(r"\b((?:19|20)\d\d)\s*-\s*(\d\d)\s*-\s*(\d\d)\b"), "ynd"),
    (re.compile(r"\b(\d\d)\s*/\s*(\d\d)\s*/\s*((?:19|20)\d\d)\b"), "slash"),
)
LEAD_CHARS = 400  # a dateline date sits in the opening lines; later dates are about other times


def term_hash(term: str) -> int:
    return zlib.crc32(term.encode("utf-8"))


# one event of a lede: its action ("a:" + lemma) and class ("c:" + cls) keys, and the name tokens
# ("p:" + token, as ``specifics`` key names) of its actor and target
LedeEvent = tuple[int, int, frozenset[int]]


@dataclass(frozen=True, slots=True)
class Features:
    article: str
    words: Counter[int]  # hashed content word -> count
    specifics: Counter[int]  # hashed name / number / year -> count
    date: str | None  # YYYY-MM-DD the article is about (publication or its dateline)
    names: dict[int, str] = field(default_factory=dict)  # hash -> readable text, for "why"
    scores: frozenset[str] = frozenset()  # final scores the text states (``occurrence``)
    # keys of the opening LEAD_CHARS: its numbers ("n:", single digits too), years ("y:") and
    # content words ("w:"), what and when the report is about (``pairs``)
    lead: frozenset[int] = frozenset()
    # the lede's extracted events (``lede_events``): who did what, to tell two events of one kind apart
    events: tuple[LedeEvent, ...] = ()
    # ``date`` is the day the outlet published it (not one read from the text): how far apart two
    # reports' publication days are weighs against one event (``pairs.in_time``)
    published: bool = False


def lead_date(text: str) -> str | None:
    """The first full date (with a year) in the opening characters, e.g. a dateline."""
    head = text[:LEAD_CHARS]
    best: tuple[int, dt.date] | None = None
    for pattern, order in _DATES:
        for m in pattern.finditer(head):
            found = _date(m.groups(), order)
            if found is not None and (best is None or m.start() < best[0]):
                best = (m.start(), found)
    return best[1].isoformat() if best else None


def _date(groups: tuple[str, ...], order: str) -> dt.date | None:
    read = _slash_order(int(groups[0]), int(groups[1])) if order == "slash" else order
    if read is None:
        return None
    parts = dict(zip(read, groups, strict=True))
    try:
        month = _MONTHS[parts["m"][:3].lower()] if "m" in parts else int(parts["n"])
        return dt.date(int(parts["y"]), month, int(parts["d"]))
    except (KeyError, ValueError):
        return None


def _slash_order(first: int, second: int) -> str | None:
    """A date written nn/nn/yyyy is day-first in some outlets and month-first in others: read it only where one
    part can only be a day; "03/08/2013" could be either and gives no date (a wrong month puts a
    report in the wrong blocking bucket)."""
    if first > 12 >= second:
        return "dny"
    if second > 12 >= first:
        return "ndy"
    return None


def article_date(article: Article, facts: Facts | None) -> str | None:
    """Publication date, else an extracted (non-estimated) reference date, else a dateline date."""
    if article.published:
        return article.published[:10]
    if facts is not None and facts.reference_date and not facts.reference_estimated:
        return facts.reference_date[:10]
    return lead_date(article.body)


def clustered_text(article: Article, boilerplate: frozenset[int] = frozenset()) -> str:
    """The text clustering reads: the body past the lines its site repeats, the title first when
    the body does not open with it."""
    text, title = strip(article, boilerplate)
    if title and title.strip() not in text[:400]:
        text = title + "\n" + text
    return text


def features(
    article: Article,
    facts: Facts | None = None,
    boilerplate: frozenset[int] = frozenset(),
    events: tuple[LedeEvent, ...] = (),
) -> Features:
    """Counts for ``article`` (``facts`` only for its date), read past the lines its site repeats
    (``boilerplate``: their keys, ``boilerplate.py``), with its lede's ``events`` (``lede_events``).

    Names are read from the text (capitalised words inside a sentence), not from the extracted
    entities: adding entity keys on top counts every name twice, and on ECB+ ingested with
    extraction that cost B³ 0.974 -> 0.963 (even/odd topics 0.976 -> 0.959, 0.973 -> 0.965)."""
    date = article_date(article, facts)
    words: Counter[int] = Counter()
    specifics: Counter[int] = Counter()
    names: dict[int, str] = {}
    lead: set[int] = set()
    text = clustered_text(article, boilerplate)

    def specific(key: str, label: str) -> None:
        h = term_hash(key)
        specifics[h] += 1
        names.setdefault(h, label)

    for m in _WORD.finditer(text):
        token = m.group()
        low = token.lower()
        if token[0].isdigit():
            digits = token.replace(",", "")
            if is_news_year(digits):
                specific("y:" + digits, digits)
                if m.start() < LEAD_CHARS:
                    lead.add(term_hash("y:" + digits))
                continue
            if m.start() < LEAD_CHARS:  # a lede's numbers (a toll, a magnitude, a score 3-1) tell events apart
                lead.add(term_hash("n:" + digits))
            if len(digits) > 1:
                specific("n:" + digits, token)
            continue
        if len(low) > 1 and low not in STOP:
            h = term_hash("w:" + low)
            words[h] += 1
            names.setdefault(h, low)
            if m.start() < LEAD_CHARS:
                lead.add(h)
        # a capitalised word inside a sentence is (part of) a name: the specific who/where
        if token[0].isupper() and low not in STOP and _inside_sentence(text, m.start()):
            specific("p:" + low, token)
    return Features(
        article.id, words, specifics, date, names, final_scores(text), frozenset(lead), events, bool(article.published)
    )


def lede_events(article: Article, facts: Facts | None) -> tuple[LedeEvent, ...]:
    """The events extraction found in the opening LEAD_CHARS of the body, with the people taking
    part: the capitalised words of their actor and target that a PERSON mention of the lede also
    holds ("Edda Sorvik", not "suspicion", a headline's all-caps "DUI" or "Tallon police": a club,
    a town or a force takes part in both events of a kind as often as not; ECB+ train topics,
    same-topic pairs, ``pairs._lead_actions``: 90 pairs of two events and 35 of one with every
    entity type, 54 and 6 with people alone). No facts (ingest without extraction), no events:
    the pair features that read them are 0."""
    if facts is None or not facts.events:
        return ()
    named = {
        w.lower()
        for m in facts.mentions
        if m.start < LEAD_CHARS and m.type == "PERSON"
        for w in _WORD.findall(m.text)
        if w[:1].isupper()
    }
    out = []
    for e in facts.events:
        if e.start >= LEAD_CHARS or e.article not in ("", article.id):
            continue
        tokens = {w.lower() for part in (e.actor, e.target) if part for w in _WORD.findall(part) if w[:1].isupper()}
        people = frozenset(term_hash("p:" + w) for w in sorted(tokens & named) if w not in STOP)
        out.append((term_hash("a:" + e.action.lower()), term_hash("c:" + e.cls), people))
    return tuple(sorted(set(out), key=lambda e: (e[0], e[1], sorted(e[2]))))


def years(f: Features) -> frozenset[str]:
    """The years ``f``'s article mentions (``text.NEWS_YEARS``)."""
    return frozenset(name for h, name in f.names.items() if h in f.specifics and is_news_year(name))


def _inside_sentence(text: str, at: int) -> bool:
    j = at - 1
    while j >= 0 and text[j] in " \t":
        j -= 1
    return j >= 0 and text[j] not in _BREAKS


def caption_only(article: Article) -> str | None:
    """Why ``article`` cannot be clustered (empty body, only a caption), or None."""
    body = article.body.strip()
    if not body:
        return "caption only: no body text" if article.captions else "empty body: no text to cluster"
    if any(body == c.strip() for c in article.captions):
        return "caption only: the body is a photo caption"
    if not any(_WORD.finditer(body)):
        return "no words in the body"
    return None
