"""Figures: numbers with what they count, their bounds, verb, and the date and place they refer to.

A figure is a number (``numbers.find_numbers``: digits, words, vague plurals) that is not part of
a date, a clock time, an ordinal or a name (``Game 2``, ``iPhone 11``). Around it:

- bounds from the words before it: ``around``/``nearly``/``about`` → ``approx``; ``more than``,
  ``at least``, ``surpassed`` → ``low`` = value; ``fewer than``, ``up to`` → ``high`` = value;
  vague plurals (``thousands``) carry their range (1000–10000) and ``approx``;
- ``unit``: a currency (``$`` → ``dollar``), ``percent``, a unit glued on (``256GB``), else the
  noun counted (``7,000 migrants``, ``thousands of people``, ``two-and-a-half hour meeting`` → hour);
- ``predicate``: the verb governing the counted noun (``apprehended``, ``surpassed``);
- ``date``/``place``: the nearest dated expression and GPE/LOC entity in the figure's sentence.

Numbers too large for a float (``1e400`` written out) are skipped and logged; values are always
finite, so JSON export never meets ``inf``/``NaN``.
"""

from __future__ import annotations

import logging
import math
import re
from typing import Any

from ..records import Article, Figure, TimeExpr
from .numbers import Number, find_numbers

__all__ = ["VERSION", "figures", "is_reference"]

VERSION = "figures-2"  # "a six-month" reads six; "the last one" is no figure
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
_CURRENCY = {"$": "dollar", "us$": "dollar", "us $": "dollar", "c$": "dollar", "a$": "dollar", "€": "euro",
             "£": "pound", "¥": "yen", "ps": "pound", "rs": "rupee", "rs.": "rupee", "₹": "rupee"}  # fmt: skip
_CUR_BEFORE = re.compile(r"(US\s?\$|HK\s?\$|C\$|A\$|NZ\$|\$|€|£|¥|₹|\bRs\.?|\bPS|\bRM)\s*$")
_PERCENT = re.compile(r"^\s*(%|per\s?cent\b|percent\b|pc\b|percentage points?\b)", re.I)
# Units written straight after the digits ("256GB", "40min", "164p"); short ones only when glued.
_GLUED = re.compile(
    r"^(GB|MB|TB|KB|kWh|kW|MW|GW|mph|km/h|kph|km|cm|mm|kg|lb-ft|lbs?|ft|bhp|hp|rpm|mAh|kHz|GHz|MHz|Hz|Mbps|Gbps|"
    r"Nm|min|mins|sec|ms|oz|ml|G|K|x|m|g|l|p|W|V|s|in)\b"
)
_AFTER_WORD_UNIT = re.compile(
    r"^\s*(dollars?|euros?|pounds? sterling|pound-feet|pounds?|yen|yuan|rupees?|cents?|pence|"
    r"degrees (?:Celsius|Fahrenheit|C|F)\b|miles per hour|kilometres per hour|kilometers per hour|"
    r"mph|km/h|kph|km|cm|mm|kg|lb-ft|lbs?|ft|bhp|hp|rpm|GB|MB|TB|kWh|kW|MW|GW|mAh|kHz|GHz|MHz|Mbps|Nm|oz|ml|"
    r"litres?|liters?|times)\b",
)
_PER = re.compile(r"\s*(?:per|a|an|each)\s+(square (?:foot|feet|metre|meter)|share|barrel|gallon|gram|ounce|"
                  r"tonne|ton|litre|liter|kilo|kilogram|pound|month|year|week|day|hour|minute|second|person|head|"
                  r"night|mile|kilometre|kilometer|mmBTU|MWh|kWh)\b")  # fmt: skip
_DROP_ADJ = {"more", "other", "previous", "additional", "further", "extra", "consecutive", "straight", "such", "last"}
_MEASURE = {"hour", "minute", "second", "day", "week", "month", "year", "page", "mile", "point", "game", "member",
            "person", "man", "seat", "storey", "story", "bedroom", "inch", "foot", "metre", "meter", "yard",
            "ton", "gallon", "litre", "liter", "cylinder", "league", "door", "lane", "hole", "star", "acre",
            "gauge", "stage", "step", "part", "episode", "match", "round", "km", "kilometre"}  # fmt: skip
_HK = {"hk$": "hong kong dollar", "rm": "ringgit"}
_AGE = re.compile(r"^[\s-]*years?[\s-]+old\b", re.I)
_NOT_AFTER = re.compile(r"^\s*(?:a\.m\.|p\.m\.|am\b|pm\b|o'clock)", re.I)
_NAME_BEFORE = re.compile(r"(?:\b(?:No|no|Number|Game|Part|Section|Row|Chapter|Article|Room|Route|Flight|Level|"
                          r"Week|Day|Round|Stage|Episode|Season|Volume|Vol|Apple Watch|iPhone|Windows|Euro|"
                          r"Planet|Group|Phase|Title|Form|Proposition|Prop|Channel|Gate|Terminal|Act)\.?"
                          r"|#)\s*$")  # fmt: skip
_PLACE = ("GPE", "LOC", "FAC")
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


def _is_year(n: Number, after: str, before: str) -> bool:
    """A bare 4-digit number that reads as a year: 1950–2035 unless money or percent; older ones
    unless they count something ("1500 workers")."""
    if n.words or not re.fullmatch(r"1[5-9]\d\d|20\d\d", n.text) or _CUR_BEFORE.search(before):
        return False
    if re.match(r"\s*(?:%|per\s?cent|percent)", after):
        return False
    return 1950 <= int(n.text) <= 2035 or not re.match(r"\s*[a-z]+s\b", after)


def _unit(doc: Any, n: Number, body: str) -> str | None:
    """What the number counts, plus "per X" when written ("$2.11 per gallon" → dollar per gallon)."""
    unit, end = _unit_word(doc, n, body)
    if unit is None and doc is not None:
        unit = _subject_counted(doc, n)
    if unit and (per := _PER.match(body, end)):
        unit = f"{unit} per {per.group(1)}"
    return unit


def _unit_word(doc: Any, n: Number, body: str) -> tuple[str | None, int]:
    before = body[max(0, n.start - 6) : n.start]
    after = body[n.end : n.end + 40]
    if cur := _CUR_BEFORE.search(before):
        key = cur.group(1).lower().replace(" ", "")
        return _HK.get(key) or _CURRENCY.get(key, "dollar"), n.end
    if m := _PERCENT.match(after):
        return "percent", n.end + m.end()
    if (m := _GLUED.match(after)) or (m := _AFTER_WORD_UNIT.match(after)):
        return m.group(1), n.end + m.end()
    if _AGE.match(after):
        return "year-old", n.end
    if doc is None:
        return None, n.end
    span = doc.char_span(n.start, n.end, alignment_mode="expand")
    if span is None or span[-1].i + 1 >= len(doc):
        return None, n.end
    last = span[-1]
    nxt = doc[last.i + 1]
    if nxt.lower_ == "of" and (n.approx or n.value == 1):  # "thousands of people", "one of the players"
        objs = [c for c in nxt.children if c.dep_ == "pobj"]
        if objs:
            first = last.i + 2
            while first < objs[0].i and doc[first].pos_ in ("DET", "PRON"):
                first += 1
            return _noun_phrase(doc, first, objs[0].i)
    if nxt.lower_ in _MEASURE and nxt.dep_ in ("compound", "npadvmod", "nmod", "amod") and nxt.head.i > nxt.i:
        return nxt.text, nxt.idx + len(nxt)  # "12 page document", "two-and-a-half hour meeting"
    head = last.head
    counts_head = last.dep_ in ("nummod", "quantmod", "compound", "amod", "npadvmod") and head.i > last.i
    if counts_head and (head.pos_ in ("NOUN", "PROPN") or head.tag_ in ("NNS", "NN")):
        return _noun_phrase(doc, last.i + 1, head.i)
    if (
        nxt.is_alpha
        and nxt.is_lower
        and (nxt.tag_ in ("NNS", "NN") or nxt.text.endswith("s"))
        and nxt.pos_ not in ("ADP", "DET", "CCONJ", "PRON", "ADV", "AUX", "PART", "SCONJ")
    ):
        return nxt.text, nxt.idx + len(nxt)
    return None, n.end


_COUNT_VERBS = {"surpass", "exceed", "top", "reach", "hit", "total", "number", "pass", "cross", "near", "approach"}


def _subject_counted(doc: Any, n: Number) -> str | None:
    """ "daily apprehensions surpassed 10,000": the subject of a counting verb is what is counted."""
    span = doc.char_span(n.start, n.end, alignment_mode="expand")
    if span is None:
        return None
    verb = span.root.head
    if span.root.dep_ not in ("dobj", "attr", "pobj", "npadvmod") or verb.lemma_ not in _COUNT_VERBS:
        return None
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ == "NOUN"]
    return str(subjects[0].text) if subjects else None


def _noun_phrase(doc: Any, start: int, head: int) -> tuple[str | None, int]:
    """The words from just after the number to the counted noun, dropping verbs ("rushing")."""
    if head - start > 4:
        start = head
    while start < head and doc[start].pos_ == "NUM":
        start += 1
    kinds = ("NOUN", "PROPN", "ADJ", "PUNCT", "NUM")
    words = [t.text for t in doc[start : head + 1] if (t.pos_ in kinds or t.i == head) and t.lower_ not in _DROP_ADJ]
    text = " ".join(words).replace(" - ", "-").strip(" -")
    return text or None, doc[head].idx + len(doc[head])


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


def _is_figure(article: Article, n: Number, body: str, blocked: list[tuple[int, int]]) -> bool:
    before = body[max(0, n.start - 40) : n.start]
    after = body[n.end : n.end + 40]
    if not math.isfinite(n.value):
        log.warning("%s: number %r at %d is out of range; skipped", article.id, n.text[:40], n.start)
        return False
    if (_in(blocked, n.start, n.end) and not _COUNTED_TIME.match(after)) or _is_year(n, after, before):
        return False  # part of a date ("Dec. 5", "2023"); "nine days later" still counts days
    if _NOT_AFTER.match(after) or _MONTH_BEFORE.search(before) or _MONTH_AFTER.match(after):
        return False
    if _NAME_BEFORE.search(before) or _INDEX.search(before):
        return False  # "Game 2", "S&P 500": part of a name
    if (not n.words and re.search(r"[A-Z][\w.]*[\s-]$", before) and not re.match(r"\s*[a-z%]", after)
            and not _CUR_BEFORE.search(before)):  # fmt: skip
        return False  # "Apple Watch 5"
    return not (n.words and n.value == 1 and _NOT_ONE.search(before))  # "no one", "the last one"


_RANGE_SEP = re.compile(r"([A-Za-z%]{0,4})\s*(?:-|–|—|\bto\b|\band\b)\s*(?:US\s?\$|\$|€|£)?")


def _ranges(numbers: list[Number], body: str) -> list[tuple[Number, Number | None]]:
    """Pair numbers written as a range ("1 to 1.5", "5-10W", "between 15kHz and 17kHz")."""
    out: list[tuple[Number, Number | None]] = []
    i = 0
    while i < len(numbers):
        a = numbers[i]
        b = numbers[i + 1] if i + 1 < len(numbers) else None
        m = _RANGE_SEP.fullmatch(body[a.end : b.start]) if b is not None else None
        if b is not None and m and not a.approx and not b.approx:
            unit = m.group(1)
            same_unit = not unit or body[b.end : b.end + len(unit)] == unit
            needs_between = " and" in body[a.end : b.start]
            between = re.search(r"\bbetween\s+\S*$", body[max(0, a.start - 12) : a.start])
            if same_unit and (not needs_between or between):
                out.append((a, b))
                i += 2
                continue
        out.append((a, None))
        i += 1
    return out


def figures(doc: Any, article: Article, dates: list[TimeExpr]) -> list[Figure]:
    """Every figure in ``article.body``; ``dates`` are the article's normalized time expressions."""
    body = article.body
    if doc is not None and doc.text != body:
        log.warning("%s: parsed text differs from the body; figures without syntax", article.id)
        doc = None
    blocked = [(d.start, d.end) for d in dates if d.type in ("DATE", "TIME", "SET")]
    if doc is not None:
        blocked += [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "ORDINAL"]
    point_dates = [d for d in dates if d.value and d.type in ("DATE", "TIME") and d.value[:1].isdigit()]
    sents = [(s.start_char, s.end_char) for s in doc.sents] if doc is not None else [(0, len(body))]
    places = [_place(e, body) for e in doc.ents if e.label_ in _PLACE] if doc is not None else []
    out: list[Figure] = []
    kept = [n for n in find_numbers(body) if _is_figure(article, n, body, blocked)]
    for n, last in _ranges(kept, body):
        end = last.end if last is not None else n.end
        before = body[max(0, n.start - 40) : n.start]
        low, high, approx = n.low, n.high, n.approx
        if last is not None:  # "1 to 1.5 degrees", "between 15kHz and 17kHz"
            low, high = min(n.value, last.value), max(n.value, last.value)
        if _LOW.search(before):
            low = n.value
        if _HIGH.search(before):
            high = n.value
        if _APPROX.search(before):
            approx = True
        sent = next(((s, e) for s, e in sents if s <= n.start < e), (0, len(body)))
        # a figure is dated to the day at most: "2024-03-12TNI" (that night) dates it 2024-03-12
        in_sent = [(d.start, d.end, (d.value or "").split("T")[0]) for d in point_dates if sent[0] <= d.start < sent[1]]
        places_in = [p for p in places if sent[0] <= p[0] < sent[1]]
        out.append(
            Figure(
                id=f"{article.id}:f{len(out) + 1}",
                article=article.id,
                start=n.start,
                end=end,
                text=body[n.start : end],
                value=n.value,
                low=low,
                high=high,
                approx=approx,
                unit=_unit(doc, last or n, body) or (_unit(doc, n, body) if last else None),
                predicate=_predicate(doc, n) if doc is not None else None,
                date=_nearest(in_sent, n.start, end),
                place=_nearest(places_in, n.start, end),
            )
        )
    return out
