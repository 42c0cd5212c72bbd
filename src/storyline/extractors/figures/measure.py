"""What a number measures: its currency, unit of measurement, age, or the noun it counts, and a
rate written after it.

``measure(doc, number, body)`` gives a :class:`Measure`: the unit's name, where the unit's
text ends, and a scale a written currency carries (``MEUR 120``, ``40 USD million``). Readings,
in order:

1. a currency before the number (``$``, ``US$``, ``C$``, ``USD240``; ``currencies.before``);
2. ``%`` / ``per cent`` / ``percentage points``;
3. a currency after it (``15 €``, ``30 usd``, ``five million yen``, ``17 cents``);
4. a unit of measurement after it (``75ml``, ``800 metres``, ``35 deg celsius``; ``units``);
5. an age (``years old``, ``-year-old``, ``years of age``, ``yo``): ``year of age``;
6. with a parse, the noun counted (``7,000 migrants``, ``thousands of people``, ``a 12 page
   document``), or the subject of a counting verb (``apprehensions surpassed 10,000``);

then a rate: ``per share``, ``a day``, ``an hour``, ``/month``, ``-a-share`` (``dollar per
share``, ``barrel per day``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from . import currencies, units
from .numbers import Number

__all__ = ["Measure", "measure", "rate"]


@dataclass(frozen=True, slots=True)
class Measure:
    unit: str | None
    end: int  # where the unit's text ends (the number's end when none was written after it)
    scale: float = 1.0  # a currency that carries a scale ("MEUR", "USD million")
    money: bool = False


_PERCENT = re.compile(r"[ \t]?(?:%|per[ \t]?cent\b|percent\b|pc\b|percentage[ \t]points?\b|pct\b)", re.I)
_AGE = re.compile(
    r"[\s-]*(?P<unit>year|month|week|day)s?(?:[\s-]+old\b|[\s-]+of[\s-]+age\b)|[ \t]?(?P<yo>yo|y/o|y\.o\.)(?!\w)", re.I
)
_TIMES = re.compile(r"[ \t]+times\b|x\b")
_SCALE_AFTER = re.compile(r"[ \t]+(million|billion|trillion|thousand|mn|bn|m|k)\b", re.I)
_SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}
_HAS_SCALE = re.compile(r"(?:million|billion|trillion|thousand|lakh|crore|\d\s?(?:m|bn|mn|k|b|tn))s?$", re.I)
# rates: "per share", "a day", "an hour", "/month", "-a-share", "each year"
_RATE = re.compile(
    r"(?:[\s-]+(?:per|a|an|each)[\s-]+|[ \t]?/[ \t]?)(?P<what>[A-Za-z]+(?:[ \t]+foot|[ \t]+feet|[ \t]+met(?:er|re))?)\b"
    r"(?![\s-]+(?:earlier|ago|later|before|after|from now|old|long)\b)"  # "a year earlier": a date
)
_RATE_NOUNS = {"share", "head", "person", "capita", "passenger", "household", "resident", "unit", "piece", "ticket",
               "visitor", "worker", "employee", "student", "patient", "customer", "user", "vote", "night", "game",
               "match", "seat", "square foot", "square feet", "square metre", "square meter", "kilo",
               "pop"}  # fmt: skip
_IRREGULAR = {"feet": "foot", "people": "person", "kilos": "kilo"}
_NOT_RATE_AFTER_A = {"person", "worker", "employee", "student", "patient", "customer", "user", "vote", "game",
                     "match", "seat", "unit", "piece", "ticket", "visitor", "passenger", "household",
                     "resident"}  # fmt: skip


def rate(body: str, end: int) -> tuple[str, int] | None:
    """A rate written after a unit ending at ``end``: (what it is per, end), or None."""
    m = _RATE.match(body, end)
    if not m:
        return None
    word = m.group("what")
    key = _IRREGULAR.get(word.lower(), word.lower())
    joiner = m.group(0)[: m.start("what") - m.start()].strip(" \t-").lower()
    found = units.lookup(word)
    if found is not None and (joiner in ("per", "/") or found[1] in ("[time]", "[length] ** 3", "[mass]", "[length]")):
        return found[0], m.end()
    if key in _RATE_NOUNS and not (joiner in ("a", "an", "each") and key in _NOT_RATE_AFTER_A):
        return key, m.end()
    if joiner == "per" and key.isalpha() and key.islower() and not key.endswith("s"):
        return key, m.end()  # "per passenger", "per tonne of cargo": anything counted one at a time
    return None


def _money_context(number: Number, body: str) -> bool:
    return bool(_HAS_SCALE.search(number.text)) or bool(re.match(r"[ \t]+(?:million|billion)", body[number.end :]))


def measure(doc: Any, n: Number, body: str) -> Measure:
    """The unit of ``n`` (see the module's docstring)."""
    cur = currencies.before(body, n.start)
    if cur is not None and n.start - cur.end <= 1:
        end = n.end
        scale = cur.scale
        if scale == 1.0 and (sm := _SCALE_AFTER.match(body, n.end)) and not _HAS_SCALE.search(n.text):
            scale, end = _SCALES[sm.group(1).lower()], sm.end()  # "US$ 8 million" read apart
        return Measure(cur.name, end, scale, money=True)
    if re.search(r"\dm$", n.text) and not re.match(r"\s+(?:[a-z]+s|people|of)\b", body[n.end : n.end + 30]):
        return Measure("meter", n.end, 1e-6)  # "a 20m yacht", "is 30m": metres; "20m viewers", "$5m": millions
    if m := _PERCENT.match(body, n.end):
        return Measure("percent", m.end())
    if m := _TIMES.match(body, n.end):
        return Measure("times", m.end())  # "8 times sales": a multiple
    if cur := currencies.after(body, n.end, money=_money_context(n, body)):
        end, scale = cur.end, cur.scale
        if (sm := _SCALE_AFTER.match(body, end)) and not _HAS_SCALE.search(n.text):
            scale, end = _SCALES[sm.group(1).lower()], sm.end()  # "40 USD million"
        return Measure(cur.name, end, scale, money=True)
    if m := _AGE.match(body, n.end):
        return Measure(f"{(m.group('unit') or 'year').lower()} of age", m.end())
    if unit := units.unit_after(body, n.end):
        return Measure(unit.name, unit.end)
    if doc is None:
        return Measure(None, n.end)
    noun, end = _counted(doc, n, body)
    if noun is None:
        noun = _subject_counted(doc, n)
    return Measure(noun, end)


_DROP_ADJ = {"more", "other", "previous", "additional", "further", "extra", "consecutive", "straight", "such", "last"}
_MEASURE_NOUNS = {"hour", "minute", "second", "day", "week", "month", "year", "page", "mile", "point", "game",
                  "member", "person", "man", "seat", "storey", "story", "bedroom", "inch", "foot", "metre", "meter",
                  "yard", "ton", "gallon", "litre", "liter", "cylinder", "league", "door", "lane", "hole", "star",
                  "acre", "gauge", "stage", "step", "part", "episode", "match", "round", "km", "kilometre"}  # fmt: skip


def _counted(doc: Any, n: Number, body: str) -> tuple[str | None, int]:
    span = doc.char_span(n.start, n.end, alignment_mode="expand")
    if span is None or span[-1].i + 1 >= len(doc):
        return None, n.end
    last = span[-1]
    nxt = doc[last.i + 1]
    if nxt.lower_ == "of" and (n.approx or n.value == 1 or n.value < 1):  # "thousands of people", "a third of voters"
        objs = [c for c in nxt.children if c.dep_ == "pobj"]
        if objs and objs[0].pos_ in ("PRON", "DET"):
            return None, n.end  # "half of which", "one of them": no noun named
        if objs:
            first = last.i + 2
            while first < objs[0].i and doc[first].pos_ in ("DET", "PRON"):
                first += 1
            return _noun_phrase(doc, first, objs[0].i)
    if nxt.lower_ in _MEASURE_NOUNS and nxt.dep_ in ("compound", "npadvmod", "nmod", "amod") and nxt.head.i > nxt.i:
        return nxt.text, nxt.idx + len(nxt)  # "9 page report", "two-and-a-half hour meeting"
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
    """The subject of a counting verb is what is counted ("apprehensions surpassed N")."""
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
