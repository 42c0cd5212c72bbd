"""Time expressions in an article, normalized against its reference date.

Candidates are spaCy's DATE/TIME entities plus patterns spaCy misses (``now``, ``recently``,
``this week`` when written ``this week's``); each is widened to a leading ``this``/``last``/``next``
and normalized by ``timenorm.normalize``. Whether a bare ``Wednesday`` or ``January`` lies ahead
is read from the governing verb (``will``, ``is set to`` … → future; past tense → past).
Expressions that point back to a date the story itself stated (``later that year``, ``the
following day``, a bare ``11 p.m.``) are resolved against it by ``narrative.Narrative``.

The reference date is the article's ``published`` date. Without one, ``estimate_reference``
takes the latest full date the body states; a caption date only bounds it from below (a photo
is taken before its story is published), so with nothing later in the body the caption date
itself is the estimate — for the CNN seed that is 2023-12-27, the day of the talks; the story
ran a day later, which moves no expression in it (Wednesday, next month, earlier this month).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any

from ...records import Article, TimeExpr
from .narrative import Narrative
from .norm import MONTHS, normalize
from .tense import future as _future
from .words import HOLIDAY_NAMES, SPELLED_YEAR

__all__ = ["VERSION", "dates", "estimate_reference", "normalize", "timex_type"]

# dates-5: schedule verbs point ahead, counted spans later/earlier/from now, sets, no "Now," veto,
# quarter readings only in sentences about a quarter
VERSION = "dates-5"
log = logging.getLogger(__name__)

_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_HOLIDAYS = HOLIDAY_NAMES.replace("'", "['’]")
_EXTRA = re.compile(
    r"\b(?:right now|now|currently|recently|lately|nowadays|these days|current|recent|future|"
    r"the (?:near |distant )?future|in the past|today|tonight|yesterday|tomorrow|"
    rf"(?:(?:this|last|next|past|coming)\s+)?(?:week|weekend|month|year|quarter|{_WEEKDAY}|"
    r"morning|afternoon|evening|night)|"
    r"daily|weekly|monthly|annually|every (?:day|week|month|year|morning|night|evening)|"
    r"(?:once|twice|thrice|(?:two|three|four|five|six|seven|ten|\d+) times) (?:a|an|per) (?:day|week|month|year|hour)|"
    r"mid[\s-]?(?:morning|afternoon|day)|"
    r"(?:earlier|later)\s+(?:that|the same)\s+(?:day|morning|afternoon|evening|night)|"
    r"the (?:(?:early|mid|late)[\s-])?(?:twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)|"
    r"(?:the )?(?:days|weeks|months|years) ahead|the (?:near|short) term|the latest period|"
    # open spans: "at a later date", "for a while", "over the years", "in the years that followed"
    r"an? (?:later|future) date|(?<=for )a while|"
    r"(?:(?<=over )|(?<=within )|(?<=for ))an? (?:day|week|month|year)(?![-\w])|"
    r"(?<=over )the (?:years|decades)|the years(?= that followed| since)|"
    # "for two more weeks", "an additional year": spaCy seldom tags these
    r"(?:at least |another )?(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|"
    r"several|a few)\s+(?:more|additional|extra)\s+(?:years?|months?|weeks?|days?|hours?|decades?)|"
    rf"year[\s-]end|{_HOLIDAYS}|{SPELLED_YEAR}|"
    # a month and day spaCy took for something else ("the March 3 floods" as an event)
    rf"(?:{'|'.join(sorted(MONTHS, key=len, reverse=True))})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?![\d,.]\d))\b",
    re.IGNORECASE,
)
_EXTRA_LOWER = re.compile(_EXTRA.pattern)  # for lower-cased text (the pattern is all lower case)
# A bare "week"/"month" … is a time expression only with a determiner in front.
_MONTH_DAY = re.compile(rf"(?:{'|'.join(MONTHS)})\.?\s+\d", re.I)
_NEEDS_DET = re.compile(r"^(?:week|weekend|month|year|quarter|morning|afternoon|evening|night)$", re.I)
_LEFT = re.compile(r"\b(this|last|next|past|coming|earlier|later|early|late|mid|previous|every|each)[\s-]+$", re.I)
_NTH_OF_LEFT = re.compile(r"\b(?:the\s+)?\d{1,3}(?:st|nd|rd|th)\s+of\s+$", re.I)
_MONTH_ONLY = re.compile(rf"(?:{'|'.join(sorted(MONTHS, key=len, reverse=True))})\.?", re.I)
_FREQ_LEFT = re.compile(r"\b(?:once|twice|thrice|(?:two|three|four|five|six|ten|several|many|\d+)\s+times)\s+$", re.I)
_PERIOD_LEFT = re.compile(r"\b(?:the\s+)?(?:same|corresponding|comparable)\s+(?:period|quarter)\s+(?:of\s+)?$", re.I)
_FULL_DATE = re.compile(
    r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{4}\b"
    rf"|\b(?:{'|'.join(sorted(MONTHS, key=len, reverse=True))})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b"
    rf"|\b\d{{1,2}}\s+(?:{'|'.join(sorted(MONTHS, key=len, reverse=True))})\.?,?\s+\d{{4}}\b",
    re.IGNORECASE,
)
_AGE = re.compile(r"\b(?:year|month|week|day)s?[\s-]+old\b|\byears? of age\b", re.I)
# Pieces of one entity that are separate expressions: "Monday to June's", "2001, 2003 and 2004",
# "the year ended June 30".
_SPLIT = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+(?:to|and|through|until|or|ended|ending)\s+|\s*[-–]\s*(?=[A-Z\d]))\s*")
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_ONE_DATE = re.compile(
    rf"(?:(?:the\s+)?(?:early\s+|late\s+)?{_WEEKDAY}(?:\s+(?:morning|afternoon|evening|night))?\s*,?\s*)?"
    rf"(?:(?:{_MONTH})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}\s+(?:{_MONTH})\.?)(?:\s*,?\s*\d{{4}})?",
    re.I,
)
_PART = re.compile(r"\s+(?:morning|afternoon|evening|night)\b", re.I)
_NOT_TIME = re.compile(
    r"(?:[Mm]onthly|[Qq]uarterly|[Aa]nnual|[Yy]early)\s+"
    r"(?!basis\b)[a-z]+(?<!ly)\b"
    # "the March for Life", "the March on Washington": names
    r"|March(?=\s+(?:for|on|of)\s+(?!(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)[A-Z])"
    # "future earnings": an attribute, seldom annotated; "the future" is kept
    r"|future(?=\s+(?!is\b|was\b|looks\b|of\b|that\b|in\b|and\b|will\b|as\b)[a-z])"
    # "a quarter of the market", "more than a quarter of": a share, not three months
    r"|(?:(?:more|less) than |about |nearly |almost |roughly )?(?:a|one|three) quarters? of "
    r"(?!(?:19|20)\d\d\b|the (?:fiscal )?year\b)"
    # "her year in Paris", "Kellogg's year", "her day in court": a time of someone's, no date
    r"|(?:(?<=\b[Hh]is )|(?<=\b[Hh]er )|(?<=\b[Ii]ts )|(?<=\b[Tt]heir )|(?<=\b[Mm]y )|(?<=\b[Oo]ur )|(?<=['’]s ))"
    r"(?:year|month|week|day)\b(?![\s-]+(?:old|long|ago|earlier|later|end|ended|ending)\b)"
    r"|(?:[Hh]is|[Hh]er|[Ii]ts|[Tt]heir|[Mm]y|[Oo]ur)\s+(?:year|month|week|day)\b(?![\s-]+(?:old|long|ago|earlier|later|end|ended|ending)\b)"
    # greetings: "Good evening from Havana"
    r"|(?<=[Gg]ood )(?:morning|afternoon|evening|night)\b"
    # "today's world", "today's youth": the present age in general, no date
    r"|[Tt]oday['’]s\s+(?:world|youth|society|generation|young|children|kids|families|culture)\b"
)


_SET = re.compile(
    r"\b(?:daily|nightly|weekly|monthly|yearly|annually|hourly|every|each|once|twice|thrice|times)\b|\bper\s+\w+$", re.I
)


def timex_type(value: str | None, text: str = "") -> str:
    """TimeML type of a normalized value (and its text): DATE, TIME, DURATION or SET."""
    if value is None or value.endswith("_REF"):
        return "DATE"
    if (value.startswith("P") or value.startswith("XXXX")) and _SET.search(text):
        return "SET"
    if re.fullmatch(r"XXXX-WXX-\d.*", value):
        return "SET"  # "on Tuesdays": every Tuesday
    if value.startswith("P"):
        return "DURATION"
    if "T" in value[10:11] or re.search(r"T(?:\d|MO|AF|EV|NI)", value):
        return "TIME"
    return "DATE"


def _full_dates(text: str) -> list[str]:
    out = []
    for m in _FULL_DATE.finditer(text):
        value = normalize(m.group(0), None)
        if value and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            out.append(value)
    return out


def estimate_reference(article: Article, doc: Any = None) -> tuple[str | None, bool]:
    """(reference date, estimated?): ``published``, else the latest full date in body/captions."""
    if article.published and re.match(r"\d{4}-\d{2}-\d{2}", article.published):
        return article.published[:10], False
    body = _full_dates(article.body)
    captions = [d for caption in article.captions for d in _full_dates(caption)]
    if body:  # A caption date is a lower bound; a body date later than it is a better estimate.
        return max(body + captions), True
    # No full date in the text: the story's other articles (passed in as an estimated
    # reference_date by the caller), never earlier than a caption's date.
    story = article.reference_date if article.reference_estimated and article.reference_date else None
    candidates = [d for d in (story, max(captions, default=None)) if d]
    return (max(candidates), True) if candidates else (None, True)


def states_full_date(article: Article) -> bool:
    """Does the body itself state a full date (so the story's dates need not be consulted)?"""
    return bool(_full_dates(article.body))


def _title(body: str, start: int, text: str) -> bool:
    """A name in title case inside a sentence ("ABC's This Week", "60 Minutes", "VOA Today"),
    or one quoted whole (``said on "This Week," that``)."""
    if not re.search(r"\b(?:Week|Weekend|Month|Year|Minutes|Hours|Today|Tonight)\b", text):
        return False
    before = body[max(0, start - 3) : start]
    end = start + len(text)
    if re.search(r"[\"“'`]$", before) and re.match(
        r"[.,]?[\"”']|\s+(?:[A-Z][a-z]+\s+)*[A-Z]\w*[\"”']", body[end : end + 40]
    ):
        return True  # quoted whole, or the opening words of a quoted title ("Morning Call With Anne Vale")
    return bool(before.strip()) and not re.search(r"[.!?:\"“”'`_]\s*$|\n\s*$", before)


# "about 3 1/2 hours", "several quarters": spaCy sometimes calls a span of time a quantity
_UNIT_END = re.compile(
    r"(?<!\bper)\s(?:seconds?|minutes?|hours?|days?|weeks?|months?|quarters?|years?|decades?)$", re.I
)


def _candidates(doc: Any, body: str) -> list[tuple[int, int]]:
    """``doc`` is None or the parse of ``body`` (``dates`` checked it: Doc.text is costly)."""
    spans: list[tuple[int, int]] = []
    if doc is not None:
        spans = [
            (e.start_char, e.end_char)
            for e in doc.ents
            if e.label_ in ("DATE", "TIME") or (e.label_ in ("QUANTITY", "CARDINAL") and _UNIT_END.search(e.text))
        ]
    taken = sorted(spans)
    lowered = body.lower()
    # the lower-cased text scanned case-sensitively: three times faster than re.IGNORECASE
    found = _EXTRA_LOWER.finditer(lowered) if len(lowered) == len(body) else _EXTRA.finditer(body)
    for m in found:
        s, e = m.span()
        if any(s < te and ts < e for ts, te in taken):
            continue
        if _NEEDS_DET.match(body[s:e]) or (body[s].islower() and _MONTH_DAY.match(body, s, e)):
            continue  # "the week", not "week"; "May 5", not "may 5"
        spans.append((s, e))
    spans = [piece for s, e in spans for piece in _split(body, s, e)]
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        left = _LEFT.search(body, max(0, s - 12), s)
        if left and not body[s:e].lower().startswith(left.group(1).lower()):
            s = left.start(1)
        elif (nth := _NTH_OF_LEFT.search(body, max(0, s - 16), s)) and _MONTH_ONLY.fullmatch(body[s:e]):
            s = nth.start()  # "the 45th of | May": read together, so a day past the month's end is seen
        elif (freq := _FREQ_LEFT.search(body, max(0, s - 20), s)) and re.match(r"(?:an?|per)\s", body[s:e], re.I):
            s = freq.start()  # "twice | a day", "three times | a week": a set
        elif (period := _PERIOD_LEFT.search(body, max(0, s - 40), s)) and re.match(r"(?:last|a) year", body[s:e], re.I):
            s = period.start()  # "the corresponding period | last year": one period
        while e > s and body[e - 1] in " ,.;:-–—'’\"":
            e -= 1
        if part := _PART.match(body, e):
            e = part.end()
        gap = body[out[-1][1] : s] if out else ""
        abbrev = bool(out) and re.search(r"\b[ap]\.m$", body[out[-1][0] : out[-1][1]], re.I) is not None
        joined = re.fullmatch(r"\s+|\s*,\s*", gap) or (abbrev and re.fullmatch(r"\.\s+", gap))
        if out and (s < out[-1][1] or joined):
            # overlapping, or adjacent like "9 a.m. | Tuesday", "Tuesday, | Dec. 5": one expression
            if _joinable(body[out[-1][0] : out[-1][1]], body[s:e]):
                out[-1] = (out[-1][0], max(e, out[-1][1]))
                continue
            if s < out[-1][1]:
                continue
        if e > s:
            out.append((s, e))
    return out


def _joinable(left: str, right: str) -> bool:
    has_day = re.compile(rf"{_WEEKDAY}|\d|noon|midnight|morning|night|evening|afternoon|yesterday|today|tomorrow", re.I)
    return bool(has_day.search(left) and has_day.search(right)) and not (
        re.fullmatch(r"\d{4}", left.strip()) or re.fullmatch(r"\d{4}", right.strip())
    )


def _reads_as_date(piece: str) -> bool:
    value = normalize(piece, "2000-06-15")
    return value is not None and not value.endswith("_REF")


_TWO_DAYS = re.compile(rf"((?:{_MONTH})\.?\s+\d{{1,2}})\s+and\s+(\d{{1,2}})", re.I)


_SPAN_OF_YEAR = re.compile(r"(.*\b(?:days|weeks|months))\s+of\s+((?:the\s+|this\s+|last\s+)?year|(?:19|20)\d\d)", re.I)


def _split(body: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a span at "to"/"and"/commas when each piece reads as a date on its own."""
    text = body[start:end]
    if _ONE_DATE.fullmatch(re.sub(r"^(?:an?|the)\s+", "", text, flags=re.I)):
        return [(start, end)]
    if (span := _SPAN_OF_YEAR.fullmatch(text)) and (normalize(span.group(1), "2000-06-15") or "").startswith("P"):
        # "the first six months of 2004": a span of time, then the year it lies in
        return [(start, start + span.end(1)), (start + span.start(2), end)]
    pieces: list[tuple[int, int]] = []
    last = 0
    for m in _SPLIT.finditer(text):
        pieces.append((last, m.start()))
        last = m.end()
    pieces.append((last, len(text)))
    if len(pieces) < 2:
        return [(start, end)]
    if two := _TWO_DAYS.fullmatch(text):  # "June 11 and 12": two days, TimeML tags each
        return [(start, start + two.end(1)), (start + two.start(2), start + two.end(2))]
    readable = [p for p in pieces if p[1] > p[0] and _reads_as_date(text[p[0] : p[1]])]
    if len(readable) < 2 or any(re.fullmatch(r"\d{1,2}", text[a:b]) for a, b in pieces):
        return [(start, end)]  # "June 11 and 12", "Tuesday, Dec. 5": one expression
    return [(start + a, start + b) for a, b in readable]


_ORDINAL_QUARTER = re.compile(r"\b(first|second|third|fourth)[\s-]+quarter\b", re.I)
# "the year-ago quarter", "the corresponding period last year", "last year's quarter", "the 2003 period"
_PRIOR_PERIOD = re.compile(
    r"\byear[\s-](?:ago|earlier)\b"
    r"|\blast\s+year\b.*\b(?:quarter|period)\b|\b(?:period|quarter)\b.*\blast\s+year\b",
    re.I,
)
_YEAR_PERIOD = re.compile(r"^(?:the )?((?:19|20)\d\d)( (?:period|quarter))?$")
# a sentence about results for more than a quarter: its "a year earlier" is the year
_LONGER = re.compile(r"\b(?:nine|six|12|twelve) months\b|\bfirst half\b|\b(?:full|fiscal) year\b|\byear ended\b", re.I)


def reported_quarter(body: str, reference: str | None) -> str | None:
    """The quarter a quarterly earnings report is about (``1989-Q3``), or None when the body is
    no such report: the first quarter it names (``third-quarter net``), else the last one
    completed before the reference date when it speaks of ``the quarter`` twice."""
    if not reference:
        return None
    year, month = int(reference[:4]), int(reference[5:7])
    current = (month - 1) // 3 + 1
    if m := _ORDINAL_QUARTER.search(body):
        n = {"first": 1, "second": 2, "third": 3, "fourth": 4}[m.group(1).lower()]
        return f"{year if n <= current else year - 1}-Q{n}"
    if len(re.findall(r"\bquarter\b", body, re.I)) >= 2:
        return f"{year}-Q{current - 1}" if current > 1 else f"{year - 1}-Q4"
    return None


def _sentence(body: str, start: int, end: int) -> str:
    left = max(body.rfind(". ", 0, start), body.rfind("\n", 0, start))
    right = min((i for i in (body.find(". ", end), body.find("\n", end)) if i >= 0), default=len(body))
    return body[left + 1 : right]


def _in_context(value: str | None, text: str, after: str, quarter: str | None, sentence: str) -> str | None:
    """Readings that depend on the report around the expression: in a quarterly earnings report
    "a year earlier" is the same quarter a year before and "the 2003 period" that quarter of
    1988; "the year ended June 30" is a span."""
    lowered = re.sub(r"\s+", " ", text.lower())
    if re.search(r"\b(?:ended|ending)\b", after) and re.fullmatch(r"(?:the |its )?(?:fiscal )?year", lowered):
        return "P1Y"
    if quarter is None or "quarters" in lowered or "months" in lowered:
        return value
    if not re.search(r"\bquarter|\bperiod", f"{sentence} {lowered} {after}", re.I):
        return value  # only a sentence that speaks of a quarter or period compares quarters
    year, n = int(quarter[:4]), quarter[-1]
    if (m := _YEAR_PERIOD.match(lowered)) and (m.group(2) or re.match(r"\s+(?:period|quarter)\b", after)):
        return f"{m.group(1)}-Q{n}"  # "in the 2003 period"
    if re.fullmatch(r"(?:the )?latest (?:period|quarter)|(?:the|this) (?:quarter|period)", lowered):
        return quarter
    if value is None:
        return None
    if _PRIOR_PERIOD.search(lowered) and (value.endswith("_REF") or re.fullmatch(r"\d{4}(?:-Q\d)?", value)):
        if "quarter" in lowered or "period" in lowered or not _LONGER.search(sentence):
            return f"{year - 1}-Q{n}"
        return str(year - 1)
    return value


# "on Friday and Saturday nights": the plural is Monday's too, a set
_SHARED_PLURAL = re.compile(rf"\s+(?:and|or)\s+{_WEEKDAY}(s|\s+nights)\b", re.I)


def _same_month(value: str | None, day: int) -> str | None:
    """``value`` (a full date) moved to ``day`` of its month, or None."""
    if not value or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return None
    try:
        return dt.date(int(value[:4]), int(value[5:7]), day).isoformat()
    except ValueError:
        return None


_TODAY_IS_NTH = re.compile(
    r"\b(?:is|it['’]s|today['’]s)\s+(?:the\s+)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
    r"\d+(?:st|nd|rd|th))\s+(?:straight\s+|consecutive\s+)?day$",
    re.I,
)


def _parse_of(doc: Any, body: str) -> bool:
    """Is ``doc`` the parse of ``body``? Its length and a sample of its tokens are checked in
    place: ``Doc.text`` rebuilds the whole string, a third of this module's time."""
    n = len(doc)
    if n == 0:
        return body == ""
    last = doc[n - 1]
    if last.idx + len(last.text_with_ws) != len(body):
        return False
    return all(body.startswith(doc[i].text, doc[i].idx) for i in (*range(0, n, 8), n - 1))


def dates(doc: Any, article: Article, reference: str | None) -> list[TimeExpr]:
    """Every time expression in ``article.body``, normalized against ``reference``."""
    body = article.body
    if doc is not None and not _parse_of(doc, body):
        log.warning("%s: parsed text differs from the body; using patterns only", article.id)
        doc = None
    out: list[TimeExpr] = []
    quarter = reported_quarter(body, reference)
    story = Narrative()
    for start, end in _candidates(doc, body):
        text = body[start:end]
        if _AGE.search(text) or _NOT_TIME.match(body, start) or _title(body, start, text):
            continue  # ages, "the quarterly dividend", titles are not times
        future = _future(doc, body, start, end) if doc is not None else None
        shared = _SHARED_PLURAL.match(body, end) if re.fullmatch(_WEEKDAY, text, re.I) else None
        text_read = text + shared.group(1) if shared else text  # "Monday [and Tuesday nights]"
        value = normalize(text_read, reference, future)
        if value is None and out and re.fullmatch(r"\d{1,2}", text) and body[out[-1].end : start].strip() == "and":
            value = _same_month(out[-1].value, int(text))  # the "25" of "June 11 and 12"
        if reference:
            sentence = _sentence(body, start, end) if quarter else ""
            value = _in_context(value, text, body[end : end + 12], quarter, sentence)
        if value and reference:
            value = story.resolve(text, value)
            story.note(value)
        if value is None and reference and _TODAY_IS_NTH.search(body, max(0, start - 16), end):
            value = reference[:10]  # "today is the eighth day of the strike": the day itself
        if value is None and reference:
            value = story.resolve(text, "") or None  # "that day": only with a date to point to
            if value:
                story.note(value)
        if value is None:
            # a date that names a month but is no date ("Feb. 30") is worth a warning; a bare
            # number spaCy took for a date ("sales of 4721") is not
            level = logging.WARNING if re.search(rf"\b(?:{_MONTH})\b|/", text, re.I) else logging.DEBUG
            log.log(level, "%s: cannot read the date %r at %d", article.id, text, start)
            continue
        anchored = reference is not None and value != normalize(text_read, None, future)
        out.append(
            TimeExpr(
                id=f"{article.id}:d{len(out) + 1}",
                article=article.id,
                start=start,
                end=end,
                text=text,
                value=value,
                type=timex_type(value, text),
                anchored=anchored,
            )
        )
    return out
