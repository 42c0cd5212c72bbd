"""Figures: numbers with what they measure, their bounds, verb, and the date and place they refer to.

A figure is a number (``numbers.find_numbers``: digits, words, fractions, negatives, vague
plurals) that is not part of a date, a clock time, an ordinal, a name or model (``Game 4``,
``Phone 9``, ``Boeing 737``, ``480 Kestrel``) nor boilerplate (phone numbers, postcodes,
street numbers, gallery counters). Around it:

- ranges (``ranges.pair``): ``from A to B``, ``A-B units``, ``between A and B``, ``$A to $B
  billion`` (the scale and currency belong to both bounds) give ``low``–``high``;
- bounds from the words before it: ``around``/``nearly``/``about`` → ``approx``; ``more than``,
  ``at least``, ``surpassed`` → ``low`` = value; ``fewer than``, ``up to`` → ``high`` = value;
  vague plurals (``thousands``) carry their range (1000–10000) and ``approx``;
- ``unit`` (``measure.measure``): a currency (``$`` → ``dollar``, ``C$`` → ``canadian dollar``),
  ``percent``, a unit of measurement by pint's name (``75ml`` → ``milliliter``), an age
  (``year of age``), else the noun counted (``7,000 migrants``); a rate after it (``per share``,
  ``a day``) gives ``dollar per share``, ``barrel per day``;
- ``predicate``: the verb governing the counted noun (``apprehended``, ``surpassed``);
- ``date``/``place``: the nearest dated expression and GPE/LOC entity in the figure's sentence.

A number that cannot be read (too large for a float, ``minus minus 5``) is skipped with a
warning; values are always finite, so JSON export never meets ``inf``/``NaN``.
"""

from __future__ import annotations

import logging
import math
import re
from typing import Any

from ...records import Article, Figure, TimeExpr
from ...text import COUNTED_YEARS
from . import currencies, units
from .measure import measure, rate
from .numbers import Number, find_numbers
from .ranges import pair

__all__ = ["VERSION", "figures", "is_reference"]

VERSION = "figures-3"  # ranges, currencies (ISO 4217), units (pint), rates, negatives, fractions, models
log = logging.getLogger(__name__)

_APPROX = re.compile(
    r"\b(?:around|about|nearly|almost|roughly|approximately|some|an estimated|estimated|close to|circa|"
    r"more or less|approx\.?|just under|just over)\s*$|~\s*$",
    re.I,
)
_LOW = re.compile(
    r"\b(?:more than|over|at least|above|upwards of|in excess of|no fewer than|no less than|exceeding|"
    r"surpass(?:ed|es|ing)?|exceed(?:ed|s)?|top(?:ped|s)?|passed|beyond)\s*$|>\s*$",
    re.I,
)
_HIGH = re.compile(
    r"\b(?:fewer than|less than|up to|under|at most|below|no more than|as many as|as much as|"
    r"a maximum of|maximum of|just under)\s*$|<\s*$",
    re.I,
)
_NOT_AFTER = re.compile(r"^\s*(?:a\.m\.|p\.m\.|am\b|pm\b|o'clock)", re.I)
_NAME_BEFORE = re.compile(r"(?:\b(?:No|no|Number|Game|Part|Section|Row|Chapter|Article|Room|Route|Flight|Level|"
                          r"Week|Day|Round|Stage|Episode|Season|Volume|Vol|Apple Watch|iPhone|Windows|Euro|"
                          r"Planet|Group|Phase|Title|Form|Proposition|Prop|Channel|Gate|Terminal|Act|Highway|highway|Interstate|"
                          r"Exit|exit|Junction|Platform|Bus|Line|Ward|District|Pier|Berth|Lot|Suite|Apt)\.?"
                          r"|#)\s*$")  # fmt: skip
_PLACE = ("GPE", "LOC", "FAC")
_NAME_LABELS = ("PRODUCT", "WORK_OF_ART", "LAW", "EVENT")  # a number inside one is part of a name
_HOLDERS = ("GPE", "LOC", "NORP", "PERSON", "DATE", "TIME", "FAC")  # a capital word before a count, not a maker
_COUNTED_TIME = re.compile(
    r"^[\s-]*(?:days?|weeks?|months?|years?|hours?|minutes?|seconds?|decades?|centuries|nights?)\b", re.I
)
_MONTHS = (
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?|January|February|March|April|June|July|"
    r"August|September|October|November|December"
)
_MONTH_BEFORE = re.compile(rf"\b(?:{_MONTHS})\s+$")
_MONTH_AFTER = re.compile(rf"^\s+(?:of\s+)?(?:{_MONTHS})\b")
_INDEX = re.compile(
    r"\b(?:S\s?&?\s?P|sp|S&P/ASX|ASX|Fortune|FTSE|Nasdaq|Russell|DAX|Dax|Nikkei|Dow|CAC|Stoxx|"
    r"Top|top|Global|Inc\.?|Forbes|Hang Seng|Kospi|Sensex|Nifty|MSCI|Euro Stoxx)\s*$"
)


# "the two countries", "both sides": a definite reference to actors already named, not a count the
# report gives. Kept as figures (NewsQuant counts "the two sides"), left out of story comparisons.
_REFERENT = re.compile(
    r"\s+(?:countries|nations|sides|parties|governments|leaders|presidents|companies|firms|teams|states|"
    r"neighbou?rs|allies|rivals|chambers|campaigns|candidates|capitals|delegations)\b"
)
_DEFINITE = re.compile(r"\b(?:the|these|those|both)\s+$", re.I)


def is_reference(figure: Figure, body: str) -> bool:
    """A small number word naming a known group ("the two countries"), not a figure to compare."""
    if figure.value > 10 or not figure.text.isalpha():
        return False
    before = body[max(0, figure.start - 12) : figure.start]
    return bool(_DEFINITE.search(before) and _REFERENT.match(body, figure.end))


_NOT_ONE = re.compile(
    r"\b(?:no|any|some|every|the|this|that|each|same)(?:\s+(?:last|first|next|only|other|right|wrong|latest|"
    r"new|old|big|main|real|same))?\s+$",
    re.I,
)


def _in(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _money_before(body: str, start: int) -> bool:
    return currencies.before(body, start) is not None


def _is_year(n: Number, after: str, before: str, body: str) -> bool:
    """A bare 4-digit number that reads as a year: in ``text.COUNTED_YEARS`` unless money or percent; older ones
    unless they count something ("1500 workers")."""
    if n.words or not re.fullmatch(r"1[5-9]\d\d|20\d\d", n.text) or _money_before(body, n.start):
        return False
    if re.match(r"\s*(?:%|per\s?cent|percent)", after):
        return False
    return int(n.text) in COUNTED_YEARS or not re.match(r"\s*[a-z]+s\b", after)


def _predicate(doc: Any, n: Number) -> str | None:
    span = doc.char_span(n.start, n.end, alignment_mode="expand")
    if span is None:
        return None
    tok = span.root
    for _ in range(6):
        if tok.pos_ == "VERB" or (tok.pos_ == "AUX" and tok.dep_ == "ROOT"):
            return str(tok.text)
        if tok.head is tok:
            return None
        tok = tok.head
    return None


_PLACE_TAIL = re.compile(r"(?:-[A-Z][\w.]+)*\s+(?:border|region|coast|frontier|province|state|county|city)\b")


def _place(ent: Any, body: str) -> tuple[int, int, str]:
    """An entity as a place, with "-Mexico border" kept on ("US-Mexico border")."""
    start, end = ent.start_char, ent.end_char
    if tail := _PLACE_TAIL.match(body, end):
        end = tail.end()
    return start, end, body[start:end]


def _nearest(items: list[tuple[int, int, str]], start: int, end: int) -> str | None:
    best = None
    for s, e, value in items:
        gap = s - end if s >= end else start - e
        if best is None or gap < best[0]:
            best = (gap, value)
    return best[1] if best else None


_PHONE = re.compile(r"(?<![\d-])(?:\+\d{1,3}[\s.-])?\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}(?![\d-])")
_POSTCODE = re.compile(r"\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b")
_STREET = re.compile(
    r"\s+(?:[A-Z][a-z]+\s+){1,3}(?:Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|Boulevard|Blvd\.?|Lane|Drive|Dr\.|Way|"
    r"Place|Square|Court|Terrace|Highway)\b"
)
_COUNTER = re.compile(r"\b(?:Image|Photo|Picture|Slide|Page|Video|Part|Chapter)\s+\d+\s+(?:of|/)\s+\d+\b", re.I)
_WEEKDAYS = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
# a capitalized word right after a number names a model ("480 Kestrel", "7 Max") unless it is
# a plural of people or things counted ("300 Americans") or begins a unit or month
_NAME_AFTER = re.compile(rf"[ \t]+(?!(?:{_MONTHS}|{_WEEKDAYS})\b)[A-Z][a-z]+(?<!s)\b")


# words written with a capital in titles and headlines that do not make the next number a model
_FUNCTION_WORDS = (
    "With|In|At|On|Of|For|By|To|From|The|A|An|About|Around|Over|Under|And|Or|But|Some|Nearly|Almost|Just|Only|"
    "All|Has|Had|Have|Is|Was|Are|Were|Than|Up|Down|Only|Another|Its|Their|His|Her|Our|Every|Each|Per|Last|Next"
)


_COUNTED_AFTER_NAME = re.compile(r"(?:[ \t]+(?:[A-Z0-9][\w-]*|and|or|&)){0,5}[ \t]+[a-z]+s\b")


def boilerplate(body: str, n: Number) -> bool:
    """Is ``n`` part of a phone number, a postcode, a street number or a counter ("Photo 3 of 12")?
    Read in a window around the number only, and only where its neighbours allow one."""
    if not n.text.isdigit():
        return False
    lo, hi = max(0, n.start - 24), min(len(body), n.end + 24)
    patterns = []
    if body[n.end : n.end + 1] in ("-", ".", " ", ")") or body[n.start - 1 : n.start] in ("-", ".", "(", " "):
        patterns.append(_PHONE)
    if len(n.text) == 5:
        patterns.append(_POSTCODE)
    if re.match(r"\s+(?:of|/)\s", body[n.end : n.end + 5]) or re.search(r"\s(?:of|/)\s+$", body[lo : n.start]):
        patterns.append(_COUNTER)
    for pattern in patterns:
        if any(m.start() <= n.start and n.end <= m.end() for m in pattern.finditer(body, lo, hi)):
            return True
    return len(n.text) <= 5 and body[n.end : n.end + 1] == " " and _STREET.match(body, n.end) is not None


def _model(n: Number, body: str, before: str, after: str, doc_names: list[tuple[int, int]],
           holders: list[tuple[int, int]] | None = None) -> bool:  # fmt: skip
    """A number that is part of a name or model: "Game 4", "S&P 500", "Boeing 737", "480 Kestrel"."""
    if _NAME_BEFORE.search(before) or _INDEX.search(before):
        return True
    if _in(doc_names, n.start, n.end) and not _money_before(body, n.start):
        return True
    if n.words or "," in n.text or "." in n.text or n.value < 0:
        return False
    if re.match(r"s\b|[A-Za-z]+\d", after):
        return True  # "two 747s", "the 1970s", "in their 20s"; "4411K207" is a code
    capital_before = re.search(rf"(?<![\w.])(?!(?:{_FUNCTION_WORDS})\b)[A-Z][\w.]*[\s-]$", before) and not re.search(
        r"(?:^|[.!?:;\n]\s*)[A-Z][\w.]*[\s-]$", before
    )
    named = None if capital_before else _NAME_AFTER.match(after)
    if not capital_before and named is None:
        return False
    if _money_before(body, n.start) or units.unit_after(body, n.end) or currencies.after(body, n.end):
        return False  # "With 310 pound-feet", "380 Nm": a measure, whatever the capitals around it
    if capital_before:
        if re.match(r"\s*(?:per\b|percent\b)", after) or len(n.text) > 4:
            return False
        if holders is None:  # no parse: a plural noun after is what is counted ("Texas 30 people")
            return not re.match(r"\s*[a-z]+s\b", after)
        # with a parse: a place, people or a date before ("Texas 30 people", "In May 300 jobs") leave a
        # count; a maker or brand before is a model ("Boeing 737 jets")
        word = re.search(r"([A-Z][\w.]*)[\s-]$", before)
        at = n.start - len(before) + (word.start(1) if word else 0)
        # an entity over both the word and the number ("the Metro 8") is a name with a number in it
        return not any(s <= at < e and not s <= n.start < e for s, e in holders)
    # "480 Kestrel": a model; "40 Halden fans", "5000 Type 2 vans": what is counted follows the name
    assert named is not None
    return bool(re.search(r"\w\s*$", before)) and not _COUNTED_AFTER_NAME.match(after, named.end())


def _is_figure(article: Article, n: Number, body: str, blocked: list[tuple[int, int]], names: list[tuple[int, int]],
               holders: list[tuple[int, int]] | None) -> bool:  # fmt: skip
    before = body[max(0, n.start - 40) : n.start]
    after = body[n.end : n.end + 40]
    if (_in(blocked, n.start, n.end) and not _COUNTED_TIME.match(after)) or _is_year(n, after, before, body):
        return False  # part of a date ("Dec. 5", "2023"); "nine days later" still counts days
    if _NOT_AFTER.match(after) or _MONTH_BEFORE.search(before) or _MONTH_AFTER.match(after):
        return False
    if _model(n, body, before, after, names, holders):
        return False
    return not (n.words and n.value == 1 and _NOT_ONE.search(before))  # "no one", "the last one"


_CENTS = re.compile(r"[ \t]+(?:and[ \t]+)?(\d{2}|[a-z]+(?:[ -][a-z]+)?)(?:[ \t]+(?:cents?|pence))?(?=[\s.,;!?]|$)")


def _cents(body: str, end: int, unit: str | None) -> tuple[float, int] | None:
    """ "15 dollars 50", "thirteen dollars and forty-five cents": the cents after a currency word."""
    if unit is None or not body[end - 1 : end].isalpha():
        return None
    m = _CENTS.match(body, end)
    if not m:
        return None
    found = find_numbers(m.group(1))
    if len(found) != 1 or found[0].text != m.group(1) or not 0 < found[0].value < 100 or found[0].value % 1:
        return None
    if (
        currencies.after(body, m.end(1))
        or units.unit_after(body, m.end(1))
        or re.match(r"\s+[a-z]+s\b", body[m.end(1) :])
    ):
        return None  # "8 eur 12 usd", "15 dollars 50 people": a number of its own
    return found[0].value / 100, m.end(1) if "cent" not in m.group(0) and "pence" not in m.group(0) else m.end()


def _sentences(doc: Any, size: int) -> list[tuple[int, int]]:
    """Sentence spans by character, read from the parse's arrays (``doc.sents`` builds a Span and
    its Tokens for every sentence: most of this module's time on long reports)."""
    if len(doc) == 0:
        return [(0, size)]
    arr = doc.to_array(["SENT_START", "IDX"])
    starts = [0, *(int(i) for i in arr[1:, 1][arr[1:, 0] == 1])]
    return list(zip(starts, [*starts[1:], size], strict=True))


def figures(doc: Any, article: Article, dates: list[TimeExpr]) -> list[Figure]:
    """Every figure in ``article.body``; ``dates`` are the article's normalized time expressions."""
    body = article.body
    if doc is not None and doc.text != body:
        log.warning("%s: parsed text differs from the body; figures without syntax", article.id)
        doc = None
    problems: list[tuple[int, int, str]] = []
    found = find_numbers(body, problems)
    for start, end, why in problems:
        log.warning("%s: cannot read the number %r at %d (%s); skipped", article.id, body[start:end][:40], start, why)
    if not found:
        return []
    blocked = [(d.start, d.end) for d in dates if d.type in ("DATE", "TIME", "SET")]
    names: list[tuple[int, int]] = []
    holders: list[tuple[int, int]] | None = None
    ents = list(doc.ents) if doc is not None else []
    if doc is not None:
        holders = [(e.start_char, e.end_char) for e in ents if e.label_ in _HOLDERS]
        # a number inside a longer name ("Boeing 737 MAX"); spaCy also labels a bare number PRODUCT
        names = [
            (e.start_char, e.end_char) for e in ents if e.label_ in _NAME_LABELS and re.search(r"[A-Za-z]", e.text)
        ]
    kept = [n for n in found if _is_figure(article, n, body, blocked, names, holders) and not boilerplate(body, n)]
    if not kept:
        return []
    point_dates = [d for d in dates if d.value and d.type in ("DATE", "TIME") and d.value[:1].isdigit()]
    sents = _sentences(doc, len(body)) if doc is not None else [(0, len(body))]
    places = [_place(e, body) for e in ents if e.label_ in _PLACE]
    out: list[Figure] = []
    taken = 0  # the end of the last figure's evidence: numbers inside it ("USD 70", cents) are read
    for group in pair(kept, body):
        n, last = group.first, group.last
        if n.start < taken:
            continue
        if last is None and re.search(r"\d[-–]$", body[max(0, n.start - 2) : n.start]):
            continue  # the tail of "2-1", "3888-2", "09-01": a score or a code, not a figure of its own
        end = last.end if last is not None else n.end
        before = body[max(0, n.start - 40) : n.start]
        what = measure(doc, last or n, body)
        if what.unit is None and last is not None:
            what = measure(doc, n, body)
        value = group.first_value * what.scale
        low, high, approx = n.low, n.high, n.approx
        if last is not None:  # "2 to 2.5 degrees", "from $36,040 to $34,935", "$5 to $10 billion"
            low, high = sorted((value, last.value * what.scale))
        else:
            if what.scale != 1.0:
                end = max(end, what.end)  # "40 USD million": the scale is part of the evidence
            if (cents := _cents(body, what.end, what.unit if what.money else None)) is not None:
                value, end = value + cents[0], cents[1]
            if _LOW.search(before):
                low = value
            if _HIGH.search(before):
                high = value
        if _APPROX.search(before):
            approx = True
        unit = what.unit
        if unit is not None and (per := rate(body, max(what.end, end))):
            unit = f"{unit} per {per[0]}"
        if not all(v is None or math.isfinite(v) for v in (value, low, high)):
            log.warning("%s: number %r at %d is out of range; skipped", article.id, body[n.start : end][:40], n.start)
            continue
        sent = next(((s, e) for s, e in sents if s <= n.start < e), (0, len(body)))
        # a figure is dated to the day at most: "2024-03-12TNI" (that night) dates it 2024-03-12
        in_sent = [(d.start, d.end, (d.value or "").split("T")[0]) for d in point_dates if sent[0] <= d.start < sent[1]]
        places_in = [p for p in places if sent[0] <= p[0] < sent[1]]
        taken = end
        out.append(
            Figure(
                id=f"{article.id}:f{len(out) + 1}",
                article=article.id,
                start=n.start,
                end=end,
                text=body[n.start : end],
                value=value,
                low=low,
                high=high,
                approx=approx,
                unit=unit,
                predicate=_predicate(doc, n) if doc is not None else None,
                date=_nearest(in_sent, n.start, end),
                place=_nearest(places_in, n.start, end),
            )
        )
    return out
