"""Normalize one time expression's text to an ISO 8601 / TimeML value against a reference date.

``normalize("next month", "2023-12-28")`` → ``"2024-01"``. Values follow TimeML: dates at the
precision the text gives (``2023-12-27``, ``2023-12``, ``2023``, decade ``202``), weeks
``2023-W52``, quarters ``2023-Q4``, halves ``2023-H2``, seasons ``2023-SU``, parts of day
``2023-12-27TMO``, times ``2023-12-27T10:00``, durations ``P3D``/``PT2H30M``/``PXY``, sets
(``daily`` → ``P1D``) and ``PAST_REF``/``PRESENT_REF``/``FUTURE_REF``. ``future`` says whether the
surrounding wording points ahead (True), back (False) or gives no hint (None); it decides bare
weekdays and months. Pure and deterministic: no clock, no model.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from ...text import MONTHS, SEASONS, WEEKDAYS
from ..figures.numbers import find_numbers
from .words import ahead, holiday, spelled_years, year_end

PARTS = {"morning": "TMO", "afternoon": "TAF", "evening": "TEV", "night": "TNI", "overnight": "TNI"}
UNIT = {"year": "Y", "yr": "Y", "month": "M", "week": "W", "day": "D", "decade": "E", "century": "C",
        "quarter": "Q", "hour": "H", "minute": "M", "min": "M", "second": "S", "sec": "S",
        "night": "D", "weekend": "WE", "fortnight": "W"}  # fmt: skip
ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}

_MON = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"  # noqa: E501
_WD = r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\.?"
_UNITS = r"(years?|yrs?|months?|weeks?|days?|decades?|centur(?:y|ies)|quarters?|hours?|minutes?|mins?|seconds?|secs?|nights?|weekends?|fortnights?)"  # noqa: E501
_PRESENT = re.compile(
    r"^(?:right )?now$|^(?:currently|current|presently|at present|nowadays|these days|"
    r"at the moment|at this time|this time|the present|present|today's|already|yet)$"
)
_PAST = re.compile(
    r"\b(?:recent(?:ly)?|lately|previously|formerly|once|the past|past|earlier|in the past|"
    r"former|then|some time ago|long ago|years ago|ago)$|^recent\b"
)
_FUTURE = re.compile(
    r"\b(?:future|soon|the near term|the short term|later|eventually|someday|one day|upcoming)$"
    r"|^an? (?:later|future) date$"
)
_PART_ONLY = re.compile(r"(?:the |mid[\s-]?|early |late |in the )?(?:morning|afternoon|evening|night|overnight)")
_AGO = re.compile(rf"(.*?)\b{_UNITS}[\s-]+(ago|earlier|before|later|after|from now|hence)\b")
_AGO_SPAN = re.compile(r"[\s-](?:ago|earlier)\s+(\w+)\s+(months|weeks|days|years|quarters)$")
_WEEKDAYS_SET = re.compile(r"\b((?:mon|tues|wednes|thurs|fri|satur|sun)day)(?:s|\s+nights)\b")
DECADE_WORDS = ("twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties")
_DECADE_WORDS = f"({'|'.join(DECADE_WORDS)})"
_ORDINAL_WORDS = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth"
_REL = re.compile(
    r"\b(this|last|next|past|previous|coming|current|following|prior|same|that|the|latest)\s+"
    r"(week|weekend|month|year|quarter|decade|century)\b"
)


def _date(ref: str | None) -> dt.date | None:
    if not ref:
        return None
    try:
        day = dt.date.fromisoformat(ref[:10])
    except ValueError:
        return None
    # a reference at the calendar's ends ("Dec. 31, 9999" in a body) would carry expressions past it
    return day if 1 < day.year < 9999 else None


def _week(d: dt.date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year}-W{week:02d}"


def _add_months(d: dt.date, n: int) -> tuple[int, int]:
    m = d.year * 12 + d.month - 1 + n
    return m // 12, m % 12 + 1


def _num(text: str) -> float | None:
    """The first number in ``text``; ``a``/``an`` → 1, vague words → None (an X value)."""
    found = find_numbers(text)
    if found and not found[0].approx:
        return found[0].value
    if re.search(r"\ba couple of$|^couple of$", text.strip()):
        return 2.0  # "a couple of years": TimeML reads it as two
    if re.search(r"\b(a|an|one|per|each|every)\b", text) and not re.search(
        r"\b(few|several|couple|many|some|number)\b", text
    ):
        return 1.0
    return None


def _fmt_amount(n: float) -> str:
    return str(int(n)) if n == int(n) else f"{n:g}"


def _duration(n: float | None, unit: str) -> str:
    code = UNIT[unit.rstrip("s").replace("centurie", "century").replace("centurys", "century")]
    if unit.startswith(("hour", "min", "sec")):
        if n is not None and unit.startswith("hour") and n != int(n):
            return f"PT{int(n)}H{round((n - int(n)) * 60)}M"
        return f"PT{'X' if n is None else _fmt_amount(n)}{code}"
    if code == "WE":
        code = "WE"
    if code == "E" and n is not None:
        return f"P{_fmt_amount(n * 10)}Y"
    if code == "C" and n is not None:
        return f"P{_fmt_amount(n * 100)}Y"
    if n is not None and n != int(n) and code in ("Y", "D"):
        small, factor = ("M", 12) if code == "Y" else ("TH", 24)
        return f"P{int(n)}{code}{round((n - int(n)) * factor)}{small}".replace("P0Y", "P").replace("P0D", "P")
    return f"P{'X' if n is None else _fmt_amount(n)}{code}"


def _year_for(month: int, day: int | None, ref: dt.date, future: bool | None) -> int:
    """The year of a month(-day) written without one: the one inside a window around the
    reference that leans back in time (news reports mostly what happened), or ahead when the
    wording says future."""
    back, ahead = {True: (60, 335), False: (335, 60), None: (245, 120)}[future]
    for year in (ref.year, ref.year - 1, ref.year + 1):
        days = (dt.date(year, month, min(day or 15, 28)) - ref).days
        if -back <= days <= ahead:
            return year
    return ref.year


def _weekday(wd: int, ref: dt.date, mode: str | None, future: bool | None) -> dt.date:
    delta = wd - ref.weekday()
    if mode in ("next", "coming") or (mode in (None, "this", "on") and future):
        return ref + dt.timedelta(days=delta if delta > 0 or (delta == 0 and mode != "next") else delta + 7)
    if mode == "last" or mode == "past":
        return ref + dt.timedelta(days=delta if delta < 0 else delta - 7)
    return ref + dt.timedelta(days=delta if delta <= 0 else delta - 7)


def _time_of_day(t: str) -> str | None:
    m = re.search(r"\b(\d{1,2})(?:[:.](\d{2}))?\s*(a\.?m\.?|p\.?m\.?)(?!\w)", t)
    if m:
        hour, minute = int(m.group(1)), int(m.group(2) or 0)
        if hour > 12 or minute > 59:
            return None
        hour = hour % 12 + (12 if m.group(3).startswith("p") else 0)
        return f"T{hour:02d}:{minute:02d}"
    m = re.search(r"\b([01]?\d|2[0-3]):([0-5]\d)\b", t)
    if m:
        return f"T{int(m.group(1)):02d}:{m.group(2)}"
    if re.search(r"\bnoon\b|\bmidday\b", t):
        return "T12:00"
    if re.search(r"\bmidnight\b", t):
        return "T24:00"
    for word, code in PARTS.items():
        if re.search(rf"\b{word}\b", t):
            return code
    if re.search(r"\btonight\b", t):
        return "TNI"
    return None


def _clean(text: str) -> str:
    t = text.lower().replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-")
    t = re.sub(r"'s\b|s'(?=\s|$)", "", t)
    t = re.sub(r"[\"()\[\];]|,(?!\d{3}\b)", " ", t)  # "5,000 years" keeps its comma
    return re.sub(r"\s+", " ", t).strip(" .-")


@lru_cache(maxsize=8192)  # pure: the same words against the same date repeat across a story's reports
def normalize(text: str, reference: str | None, future: bool | None = None) -> str | None:
    """The TimeML value of ``text`` against ``reference`` (``YYYY-MM-DD``), or None."""
    t = _clean(text)
    if not t or len(t) > 120:
        return None
    t = spelled_years(t)
    ref = _date(reference)
    if named := holiday(t, ref, future) or year_end(t, ref, future) or ahead(t):
        return named
    if t == "one day" and future is not True:
        return "P1D"  # "after one day"; "will one day be" is FUTURE_REF
    absolute = _absolute(t, ref, future)
    if absolute is not None:
        return absolute
    if ref is None:
        return _unanchored(t)
    found = _relative(t, ref, future) or _unanchored(t)
    if found is None and (tod := _time_of_day(t)) and (tod[1].isdigit() or _PART_ONLY.fullmatch(t)):
        return ref.isoformat() + tod
    return found


def _absolute(t: str, ref: dt.date | None, future: bool | None) -> str | None:
    """Expressions that carry their own date (a full or partial calendar date, a year)."""
    if m := re.fullmatch(r"(?:every|each) (spring|summer|fall|autumn|winter)", t):
        return f"XXXX-{SEASONS[m.group(1)][0]}"  # a set: every spring
    if m := re.search(r"\b(\d{4})-(\d{2})-(\d{2})(?:[ t](\d{2}):(\d{2}))?", t):
        y, mo, d = (int(g) for g in m.groups()[:3])
        if not _valid(y, mo, d):
            return None
        return f"{y:04d}-{mo:02d}-{d:02d}" + (f"T{m.group(4)}:{m.group(5)}" if m.group(4) else "")
    if m := re.search(r"\b(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})\b", t):
        mo, d, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        y = y + (1900 if y > 30 else 2000) if y < 100 else y
        return f"{y:04d}-{mo:02d}-{d:02d}" if _valid(y, mo, d) else None
    m = re.search(rf"\b{_MON}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:\s*(?:,\s*)?(\d{{4}}))?", t) or re.search(
        rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON}(?:\s*,?\s*(\d{{4}}))?", t
    )
    if m:
        g = m.groups()
        mon, day = (g[0], g[1]) if not g[0][0].isdigit() else (g[1], g[0])
        mo, d = MONTHS[mon.rstrip(".")[:3] if mon[:4] != "sept" else "sep"], int(day)
        if g[2]:
            y = int(g[2])
        elif ref is not None:
            y = _year_for(mo, d, ref, future)
        else:
            return None if not _valid(2000, mo, d) else f"XXXX-{mo:02d}-{d:02d}"
        if not _valid(y, mo, d):
            return None
        tod = _time_of_day(t)
        return f"{y:04d}-{mo:02d}-{d:02d}" + (tod if tod and tod.startswith("T") else "")
    if m := re.fullmatch(rf"(?:every|each) {_MON}", t):
        return f"XXXX-{MONTHS[m.group(1).rstrip('.')[:3] if m.group(1)[:4] != 'sept' else 'sep']:02d}"  # "each July"
    modes = r"last|next|this|early|late|mid|end of|beginning of"
    if m := re.search(rf"\b(?:({modes})[\s-]+)?{_MON}(?:\s+(?:of\s+)?(\d{{4}}))?\b", t):
        mode, mon, year = m.groups()
        if mon == "may" and not year and not mode and t != "may":
            pass  # the verb "may"
        else:
            mo = MONTHS[mon.rstrip(".")[:3] if mon[:4] != "sept" else "sep"]
            if year:
                return f"{int(year):04d}-{mo:02d}"
            if ref is None:
                return f"XXXX-{mo:02d}"
            y = _year_for(mo, None, ref, future)
            if mode == "last":
                y = ref.year if mo < ref.month else ref.year - 1
            elif mode == "next":
                y = ref.year if mo > ref.month else ref.year + 1
            elif mode == "this":
                y = ref.year
            if m2 := re.search(r"\b(last|this|next) year\b", t):
                y = ref.year + {"last": -1, "this": 0, "next": 1}[m2.group(1)]
            return f"{y:04d}-{mo:02d}"
    if m := re.search(r"\b(?:the\s+)?(?:early|mid|late)?[\s-]*(1\d|20)(\d)0'?s\b", t):
        return f"{m.group(1)}{m.group(2)}"
    if m := re.search(r"\b(\d{1,2})(?:st|nd|rd|th)[\s-]+century\b", t):
        return f"{int(m.group(1)) - 1:02d}"
    if m := re.fullmatch(rf"(?:in\s+)?the\s+(?:(early|mid|late)[\s-]+)?{_DECADE_WORDS}", t):
        return "19" + str(DECADE_WORDS.index(m.group(2)) + 2)  # "the nineties"
    if m := re.search(r"'(\d)0s\b", t):
        return f"19{m.group(1)}"
    quarter = _quarter(t, ref, future)
    if quarter:
        return quarter
    if m := re.search(r"\b(spring|summer|fall|autumn|winter)\b(?:\s+(?:of\s+)?(\d{4}))?", t):
        code, start = SEASONS[m.group(1)]
        if m.group(2):
            return f"{m.group(2)}-{code}"
        if ref is None:
            return f"XXXX-{code}"
        y = ref.year
        if re.search(r"\blast\b|\bpast\b|\bprevious\b", t) and start >= ref.month:
            y -= 1
        elif re.search(r"\bnext\b|\bcoming\b", t) and start <= ref.month:
            y += 1
        return f"{y}-{code}"
    if (m := re.search(r"\b(1[0-9]{3}|20[0-9]{2})\b", t)) and not re.search(_UNITS, t):
        return m.group(1)
    return None


def _valid(y: int, mo: int, d: int) -> bool:
    try:
        dt.date(y, mo, d)
    except ValueError:
        return False
    return True


def _quarter(t: str, ref: dt.date | None, future: bool | None) -> str | None:
    t = re.sub(r"\blast half of\b", "second half of", t)
    m = re.search(r"\b(first|second|third|fourth|1st|2nd|3rd|4th|q[1-4])[\s-]+(quarter|half)?\b", t)
    if m and (m.group(2) or m.group(1).startswith("q")):
        word = m.group(1)
        n = int(word[1]) if word.startswith("q") else ORDINALS[word]
        kind = "H" if m.group(2) == "half" else "Q"
        if kind == "H" and n > 2:
            return None
        year = re.search(r"\b(1[0-9]{3}|20[0-9]{2})\b", t)
        if year:
            return f"{year.group(1)}-{kind}{n}"
        if ref is None:
            return f"XXXX-{kind}{n}"
        current = (ref.month - 1) // 3 + 1 if kind == "Q" else (ref.month - 1) // 6 + 1
        earlier = (n > current and not future) or re.search(r"last year|year-(?:ago|earlier)", t)
        y = ref.year - 1 if earlier else ref.year
        y = y + 1 if "next year" in t else y
        return f"{y}-{kind}{n}"
    return None


def _relative(t: str, ref: dt.date, future: bool | None) -> str | None:
    """Expressions read against the reference date: today, last week, Wednesday, 3 days ago …"""
    day = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "last night": -1}
    for word, shift in day.items():
        if re.search(rf"\b{word}\b", t) and not re.search(r"\bday (?:before|after)\b", t):
            d = ref + dt.timedelta(days=shift)
            tod = _time_of_day(t)
            return d.isoformat() + (tod or ("TNI" if "night" in word else ""))
    if (m := re.search(rf"\b(?:every|each)\s+{_WD}(?!\w)", t)) or (m := _WEEKDAYS_SET.search(t)):
        # a set: "each Thursday", "on Tuesdays", "Tuesday nights" (TimeML XXXX-WXX-2TNI)
        return f"XXXX-WXX-{WEEKDAYS[m.group(1).rstrip('.')] + 1}" + ("TNI" if t.endswith("nights") else "")
    if m := re.search(rf"\b(?:(last|next|this|on|past|coming)\s+)?{_WD}(?!\w)", t):
        d = _weekday(WEEKDAYS[m.group(2).rstrip(".")], ref, m.group(1), future)
        tod = _time_of_day(t)
        return d.isoformat() + (tod or "")
    if m := re.search(r"\b(this|last|next|past)\s+(morning|afternoon|evening|night)\b", t):
        d = ref - dt.timedelta(days=1) if m.group(1) in ("last", "past") else ref
        return d.isoformat() + PARTS[m.group(2)]
    if (m := _AGO_SPAN.search(t)) and (n := _num(m.group(1))) is not None:
        return _duration(n, m.group(2))  # "the year-earlier six months": a span of that period
    if m := _AGO.search(t):
        head = m.group(1).strip()
        # "a year ago", "the year-ago quarter", "year-earlier results": one unit back
        n = 1.0 if re.fullmatch(r"(?:the|its|their|)", head) else _num(head)
        unit = UNIT.get(m.group(2).rstrip("s").replace("centurie", "century"), "")
        sign = 1 if m.group(3) in ("later", "after", "from now", "hence") else -1
        # "three days later", "five years earlier", "two weeks from now": a span counted from an event
        # or from now (TimeML: a DURATION anchored there); "a year earlier", "two years ago" name a date
        small = unit in ("D", "H", "M", "S", "W") and (unit != "M" or m.group(2).startswith("min"))
        counted = n is not None and n >= 2 and m.group(3) != "ago"
        if (m.group(3) in ("later", "earlier", "after", "before") and small) or counted:
            return _duration(n, m.group(2))
        years = n * {"Y": 1, "E": 10, "M": 1 / 12, "W": 1 / 52, "D": 1 / 365}.get(unit, 0) if n is not None else 0
        if n is None or n != int(n) or not 0 < ref.year + sign * years < 10000:
            return "FUTURE_REF" if sign > 0 else "PAST_REF"  # vague, or beyond the calendar: "3,000 years ago"
        k = int(n) * sign
        if unit == "Y":
            return str(ref.year + k)
        if unit == "E":
            return str(ref.year + 10 * k)[:3]
        if unit == "M":
            y, mo = _add_months(ref, k)
            return f"{y:04d}-{mo:02d}"
        if unit == "W":
            return _week(ref + dt.timedelta(weeks=k))
        if unit == "D":
            return (ref + dt.timedelta(days=k)).isoformat()
    if m := re.search(rf"\b(?:the\s+)?(?:last|past|previous|next|coming|first|final|recent)\s+(.+?)\s+{_UNITS}\b", t):
        n = _num(m.group(1))
        if n is not None:
            return _duration(n, m.group(2))
        if re.search(r"\b(few|several|many|some|couple)\b", m.group(1)):
            if re.search(r"\b(next|coming)\b", t):
                return _duration(2.0 if "couple" in m.group(1) else None, m.group(2))
            return "PAST_REF"
    if re.fullmatch(r"(?:the |this |its )?(?:current )?(?:fiscal|calendar) year|(?:the |its )?full year", t):
        return str(ref.year)
    if re.fullmatch(r"(?:the |its )?(?:latest|most recent) (?:fiscal |full )?year", t):
        return str(ref.year - 1)  # the last one completed
    if m := re.fullmatch(r"(?:over |in |for |during )?the (?:next|coming) (decade|century)", t):
        return _duration(1.0, m.group(1))  # "the next decade": ten years from now, a span
    if m := _REL.search(t):
        return _anchor(m.group(1), m.group(2), ref, t, future)
    return None


def _anchor(mode: str, unit: str, ref: dt.date, t: str, future: bool | None = None) -> str | None:
    shift = {"last": -1, "previous": -1, "prior": -1, "next": 1, "coming": 1, "following": 1}.get(mode, 0)
    if mode == "past":
        return _duration(1.0, unit)
    if unit == "week":
        return _week(ref + dt.timedelta(weeks=shift))
    if unit == "weekend":
        # the weekend just past unless "next"/"coming"; a Monday's "the weekend" is two days ago
        if (mode == "this" and ref.weekday() >= 2) or (mode == "the" and future is True and ref.weekday() < 5):
            shift = 1  # "ahead of the weekend", "will rest over the weekend": the coming one
        if shift > 0:
            d = ref + dt.timedelta(days=(5 - ref.weekday()) % 7)
        else:
            d = ref - dt.timedelta(days=(ref.weekday() - 5) % 7 + (7 if shift < 0 and ref.weekday() >= 5 else 0))
        return f"{_week(d)}-WE"
    if unit == "month":
        y, mo = _add_months(ref, shift)
        return f"{y:04d}-{mo:02d}"
    if unit == "year":
        return str(ref.year + shift)
    if unit == "quarter":
        # a report's "the quarter" is the last one completed; "this"/"current" is the running one
        if mode in ("the", "that", "same", "latest"):
            shift = -1
        q = (ref.month - 1) // 3 + shift
        return f"{ref.year + q // 4}-Q{q % 4 + 1}"
    if unit == "decade":
        return str(ref.year + 10 * shift)[:3]
    if unit == "century":
        return str(ref.year + 100 * shift)[:2]
    return None


def _unanchored(t: str) -> str | None:
    """Values that need no reference: PRESENT_REF/PAST_REF/FUTURE_REF, durations, sets."""
    if _PRESENT.search(t):
        return "PRESENT_REF"
    if m := re.search(r"\b(daily|nightly|weekly|monthly|quarterly|yearly|annually|annual|hourly)\b", t):
        return {
            "daily": "P1D",
            "nightly": "P1D",
            "weekly": "P1W",
            "monthly": "P1M",
            "quarterly": "P3M",
            "hourly": "PT1H",
        }.get(m.group(1), "P1Y")
    if m := re.fullmatch(rf"(?:once|twice|thrice|\S+ times) (?:a|an|per) {_UNITS}", t):
        return _duration(1.0, m.group(1))  # "three times a week": a set of one week (TimeML freq 3X)
    if m := re.fullmatch(rf"(?:every|each) other {_UNITS}", t):
        return _duration(2.0, m.group(1))  # "every other week": every two weeks
    m = re.search(rf"\b(?:every|each|per|a)\s+(?:(.+?)\s+)?{_UNITS}$", t)
    if m and t.startswith(("every", "each", "per")):
        return _duration(_num(m.group(1) or "1") or 1.0, m.group(2))
    if _FUTURE.search(t):
        return "FUTURE_REF"
    if t == "a while":
        return "PXX"  # an open span of no stated unit
    if m := re.fullmatch(r"the (years|decades)", t):
        return _duration(None, m.group(1))  # "over the years": an open span
    if _PAST.search(t):
        return "PAST_REF"
    if m := re.search(rf"^(.*?)\b{_UNITS}(?:[\s-]+(?:long|old|of age))?$", t):
        head = m.group(1).strip()
        if re.search(r"\b(this|last|next|that|the|same)\s*$", head) and not re.search(r"\d|one|two|three", head):
            return None
        if re.fullmatch(r"(?:the |its )?(?:1[0-9]{3}|20[0-9]{2})", head):
            return None  # "the 2003 quarter": a period of that year, not 1988 quarters
        if not m.group(2).endswith("s") and re.search(
            rf"\b(?:{_ORDINAL_WORDS}|\d+(?:st|nd|rd|th)|consecutive|straight)$", head
        ):
            return None  # "the second day of the offensive", "the third straight month": no span of time
        return _duration(_num(head) if head else None, m.group(2))
    if m := re.search(rf"^(.*?)\b{_UNITS}[\s-]+(?:old|long)\b", t):
        return _duration(_num(m.group(1)), m.group(2))
    return None
