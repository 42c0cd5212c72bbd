"""Is a date a habit's season rather than a moment? ("a road that is often closed between December and March")

Extraction resolves every month or weekday it reads to one calendar value (TimeML does the same), so
"the pass is often closed by snow between December and March" carries 2023-12 and 2024-03. On a
timeline that is wrong: the sentence states a recurring fact, not something that happened or will.

Compare holds no parse (one NLP pass; the records keep no tags), so the clause is read from its
words. A date is habitual when all of these hold:

- its own words name only a month, weekday or season ("between December", "March"), with no year,
  day number or deictic ("last October", "next March", "May 6" are always moments);
- its clause (the sentence cut at punctuation and at subordinators such as "when", "before",
  "that", "which") is in the present tense: no past or future form ("was", "will", "reopened" …),
  except that "used to" marks a past habit;
- the clause marks a habit: a frequency word (usually, often, typically, every, each, on weekends,
  on Tuesdays, a rate such as "4,000 trucks a week"), a TimeML SET expression the extractor found
  in the clause ("each Tuesday" XXXX-WXX-2, "every week" P1W), or a bare seasonal range
  ("between December and March", "from May to September") with a present verb.

Errors lean to keeping a moment: a clause the rules cannot read is treated as not habitual.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from ..records import TimeExpr
from ..text import MONTHS, SEASONS, WEEKDAYS

__all__ = ["IRREGULAR_PAST", "is_habitual"]

_TOKEN = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?|\d+")
_CALENDAR_WORDS = frozenset(MONTHS) | frozenset(WEEKDAYS) | frozenset(SEASONS)

# Words a bare month/weekday expression may hold besides the name itself.
_BARE_FILLER_TEXT = "between from in on during until till through by to and or the of early late mid"
_SUBORDINATOR_TEXT = """when whenever while before after until till since because although though as if unless
    whereas which who whom whose that where but"""
_CUE_TEXT = """usually often typically generally normally always regularly routinely frequently sometimes
    seldom rarely traditionally customarily habitually ordinarily commonly periodically
    annually yearly monthly weekly daily nightly seasonally weekends"""
_PAST_OR_FUTURE_TEXT = """was were had did will would shall wo going yesterday tomorrow ago last next this
    tonight today recently lately later earlier once formerly"""
_PRESENT_TEXT = "is are am remains remain stays stay tends tend does do has have"
_PARTICIPLE_AFTER_TEXT = "is are am be been being was were has have had get gets got remain remains stay stays"
# Past forms a "-ed" test misses; after is/has/get they are participles ("is often shut").
IRREGULAR_PAST_TEXT = """rose fell came went took made gave got saw knew left met ran said told thought felt
    kept held stood began broke brought bought built chose drove fought found grew heard hit hurt led meant
    paid put sent set shut sold spent struck taught threw wrote won lost froze flew became"""
_BARE_FILLER = frozenset(_BARE_FILLER_TEXT.split())
_SUBORDINATORS = frozenset(_SUBORDINATOR_TEXT.split())
_CUES = frozenset(_CUE_TEXT.split())
_PAST_OR_FUTURE = frozenset(_PAST_OR_FUTURE_TEXT.split())
_PRESENT = frozenset(_PRESENT_TEXT.split())
_PARTICIPLE_AFTER = frozenset(_PARTICIPLE_AFTER_TEXT.split())
IRREGULAR_PAST = frozenset(IRREGULAR_PAST_TEXT.split())
_SUBJECTS = frozenset({"it", "he", "she", "that", "which", "who"})

_TIME_NOUN = (
    r"(?:years?|months?|weeks?|days?|nights?|mornings?|evenings?|weekends?|times?|seasons?|"
    r"spring|summer|autumn|fall|winter|(?:mon|tues|wednes|thurs|fri|satur|sun)day|"
    r"jan\w*|feb\w*|mar\w*|apr\w*|may|jun\w*|jul\w*|aug\w*|sep\w*|oct\w*|nov\w*|dec\w*)"
)
_CUE_PHRASES = re.compile(
    rf"\b(?:tends? to|used to|as a rule|in most years|(?:every|each) (?:other |single )?{_TIME_NOUN}|"
    # a rate: "4,000 trucks a week", not a span: "for a week"
    r"(?<!for )(?<!within )(?<!in )(?<!over )(?<!than )(?<!about )(?<!after )(?:a|per) (?:year|month|week|day|night)|"
    r"(?:on|at) weekends|on (?:mon|tues|wednes|thurs|fri|satur|sun)days)\b"
)
_RANGE = re.compile(
    r"\b(?:between\s+(?P<a>[a-z]+)\s+and\s+(?P<b>[a-z]+)"
    r"|from\s+(?P<c>[a-z]+)\s+(?:to|until|till|through)\s+(?P<d>[a-z]+))\b"
)


def is_habitual(d: TimeExpr, body: str, sentence: tuple[int, int], found: Sequence[TimeExpr] = ()) -> bool:
    """Whether ``d`` (a calendar date inside ``sentence`` of ``body``) dates a habit, not a moment.

    ``found`` are the article's other time expressions: a SET among them in the same clause
    ("each Tuesday", "every week") marks the clause as habitual.
    """
    if not _bare(d.text):
        return False
    start, end = _clause(body, sentence, d.start, d.end)
    clause = body[start:end].lower().replace("’", "'")
    toks = _TOKEN.findall(clause)
    used_to = "used to" in clause
    if re.search(r"\b\d{4}\b", clause) or (not used_to and _past_or_future(toks)):
        return False
    if used_to or any(t in _CUES for t in toks) or _CUE_PHRASES.search(clause):
        return True
    if any(_is_set(x) and start <= x.start < end and x is not d for x in found):
        return True
    return _seasonal_range(clause, d) and _present(toks)


def _bare(text: str) -> bool:
    toks = [t.lower().rstrip(".") for t in _TOKEN.findall(text)]
    names = [t for t in toks if t in _CALENDAR_WORDS]
    return bool(names) and all(t in _CALENDAR_WORDS or t in _BARE_FILLER for t in toks)


def _clause(body: str, sentence: tuple[int, int], start: int, end: int) -> tuple[int, int]:
    """The stretch of the sentence around ``start``..``end`` up to punctuation or a subordinator."""
    s, e = sentence
    text = body[s:e]
    cuts = [0, len(text)]
    for m in re.finditer(r"[,;:()\u2014\u2013\"“”]|\s-\s", text):
        cuts.append(m.start() if m.start() >= end - s else m.end())
    for m in re.finditer(r"\b([A-Za-z]+)(?=\s+(\S+))", text):
        word, nxt = m.group(1).lower(), m.group(2).lower().strip(".,;:")
        if word in _SUBORDINATORS and nxt not in _CALENDAR_WORDS and not nxt[:1].isdigit():
            cuts.append(m.start())
    left = max((c for c in cuts if c <= start - s), default=0)
    right = min((c for c in cuts if c >= end - s), default=len(text))
    return s + left, s + right


def _past_or_future(toks: Sequence[str]) -> bool:
    for i, t in enumerate(toks):
        t = t.removesuffix("n't")  # "won't" -> "wo", "wasn't" -> "was"
        if t in _PAST_OR_FUTURE or t.endswith("'ll"):
            return True
        if (t in IRREGULAR_PAST or (len(t) > 4 and t.endswith("ed"))) and not any(
            p in _PARTICIPLE_AFTER for p in toks[max(0, i - 3) : i]
        ):
            return True  # a simple past ("reopened"), not a participle after is/has ("is often closed")
    return False


def _present(toks: Sequence[str]) -> bool:
    if any(t in _PRESENT for t in toks):
        return True
    # "the pass closes between …": a third-person verb after a subject pronoun
    return any(a in _SUBJECTS and b.endswith("s") and not b.endswith("ss") for a, b in pairwise(toks))


def _seasonal_range(clause: str, d: TimeExpr) -> bool:
    names = {t.lower().rstrip(".") for t in _TOKEN.findall(d.text)} & _CALENDAR_WORDS
    for m in _RANGE.finditer(clause):
        ends = {x for x in m.groups() if x}
        if ends <= _CALENDAR_WORDS and ends & names:
            return True
    return False


def _is_set(x: TimeExpr) -> bool:
    value = x.value or ""
    return x.type == "SET" or value.startswith("XXXX") or (value.startswith("P") and bool(_SET_TEXT.search(x.text)))


_SET_TEXT = re.compile(r"\b(?:every|each|daily|nightly|weekly|monthly|yearly|annually|hourly|per)\b", re.IGNORECASE)
