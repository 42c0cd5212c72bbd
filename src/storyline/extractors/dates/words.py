"""Time words that ``timenorm`` reads through a table rather than a calendar rule: years spelled
out in words (``nineteen eighty-six``, ``the year two thousand``), named holidays (``Thanksgiving
Day``, ``Christmas``), ``year-end`` and open-ended spans ahead (``the weeks ahead``). Pure and
deterministic, like ``timenorm``.
"""

from __future__ import annotations

import datetime as dt
import re

from ..figures.numbers import TENS, UNITS

_ONES = "one|two|three|four|five|six|seven|eight|nine"
_TEEN = "|".join(sorted((w for w, v in UNITS.items() if v >= 10), key=len, reverse=True))
_TENS = "|".join(TENS)
# "nineteen eighty-six", "nineteen eighty", "nineteen oh five"; "(the year) two thousand (and) one"
SPELLED_YEAR = (
    rf"\b(?:eighteen|nineteen)[\s-]+(?:(?:{_TENS})(?:[\s-]+(?:{_ONES}))?|{_TEEN}|(?:oh|o)[\s-]+(?:{_ONES}))\b"
    rf"|\byear[\s-]+two[\s-]+thousand(?:[\s-]+(?:and[\s-]+)?(?:{_ONES}|ten))?\b"
)
_SPELLED = re.compile(SPELLED_YEAR, re.I)


def _small(words: str) -> int:
    total = 0
    for w in re.split(r"[\s-]+", words):
        total += UNITS.get(w, TENS.get(w, 0))
    return total


def spelled_years(t: str) -> str:
    """``t`` (lower case) with years written in words replaced by digits."""

    def repl(m: re.Match[str]) -> str:
        text = m.group(0).lower()
        if text.startswith("year"):
            rest = re.sub(r"^year[\s-]+two[\s-]+thousand[\s-]*(?:and[\s-]+)?", "", text)
            return str(2000 + _small(rest) if rest else 2000)
        century, rest = re.split(r"[\s-]+", text, maxsplit=1)
        rest = re.sub(r"^o h?[\s-]+|^oh[\s-]+|^o[\s-]+", "", rest)
        return str(UNITS[century] * 100 + _small(rest))

    return _SPELLED.sub(repl, t)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The n-th ``weekday`` (0 = Monday) of a month; n = -1 for the last."""
    if n > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def _easter(year: int) -> dt.date:
    # Anonymous Gregorian computus
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    return dt.date(year, (h + m - 7 * n + 114) // 31, (h + m - 7 * n + 114) % 31 + 1)


HOLIDAYS = {
    r"new year(?:'?s)? eve": lambda y: dt.date(y, 12, 31),
    r"new year(?:'?s)? day": lambda y: dt.date(y, 1, 1),
    r"christmas eve": lambda y: dt.date(y, 12, 24),
    r"christmas(?: day)?": lambda y: dt.date(y, 12, 25),
    r"thanksgiving(?: day)?": lambda y: _nth_weekday(y, 11, 3, 4),
    r"election day": lambda y: _nth_weekday(y, 11, 0, 1) + dt.timedelta(days=1),
    r"independence day|fourth of july|july fourth": lambda y: dt.date(y, 7, 4),
    r"labou?r day": lambda y: _nth_weekday(y, 9, 0, 1),
    r"memorial day": lambda y: _nth_weekday(y, 5, 0, -1),
    r"veterans?'? day": lambda y: dt.date(y, 11, 11),
    r"halloween": lambda y: dt.date(y, 10, 31),
    r"valentine(?:'?s)? day": lambda y: dt.date(y, 2, 14),
    r"easter(?: sunday)?": _easter,
    r"good friday": lambda y: _easter(y) - dt.timedelta(days=2),
}
HOLIDAY_NAMES = "|".join(HOLIDAYS)
_HOLIDAY = re.compile(rf"\b(?:(last|next|this|past|coming)\s+)?({HOLIDAY_NAMES})\b(?:\s+(?:of\s+)?(\d{{4}}))?")


def holiday(t: str, ref: dt.date | None, future: bool | None) -> str | None:
    """``Thanksgiving Day`` → the date of the nearest one (back unless the wording says ahead);
    ``Easter week`` → that ISO week."""
    m = _HOLIDAY.search(t)
    if not m:
        return None
    rule = next(f for pat, f in HOLIDAYS.items() if re.fullmatch(pat, m.group(2)))
    if m.group(3):
        day = rule(int(m.group(3)))
    elif ref is None:
        return None
    else:
        days = [rule(y) for y in (ref.year - 1, ref.year, ref.year + 1)]
        if re.search(r"\bweek\b", t[m.end() :]):
            # "as Easter week opened": the week counts as begun from its Monday, not from the holiday
            ref = ref + dt.timedelta(days=6 - ref.weekday())
        mode = m.group(1)
        if mode in ("next", "coming") or (future is True and mode != "last"):
            day = min(d for d in days if d >= ref)
        elif mode in ("last", "past") or future is False:
            day = max(d for d in days if d <= ref)
        else:  # the nearest, a holiday ahead counting twice its distance (news reports what was)
            day = min(days, key=lambda d: (ref - d).days if d <= ref else 2 * (d - ref).days)
    if re.search(r"\bweek\b", t[m.end() :]):
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return day.isoformat()


def year_end(t: str, ref: dt.date | None, future: bool | None) -> str | None:
    """``by year-end`` (the closing date) → the last day of this year; ``since year-end`` → of
    last year. ``by year end`` and ``by year's end`` say "the end of the year": TimeML gives that
    the year itself (mod END)."""
    m = re.search(r"\b(?:the\s+)?(?:(last|this|next)\s+)?(?:fiscal\s+)?year([\s-]+)end\b", t)
    if not m or ref is None or re.search(r"\bended\b|\bending\b", t):
        return None
    year = ref.year + {"last": -1, "next": 1}.get(m.group(1) or "", 0)
    if not m.group(1) and future is False:
        year -= 1
    return f"{year}-12-31" if "-" in m.group(2) else str(year)


def ahead(t: str) -> str | None:
    """``the weeks ahead``, ``the coming weeks`` → ``PXW``: an open span forward."""
    units = "(days|weeks|months|years|quarters)"
    m = re.fullmatch(rf"(?:in\s+|over\s+)?(?:the\s+)?(?:{units}\s+(?:ahead|to come)|coming\s+{units})", t)
    return f"PX{(m.group(1) or m.group(2))[0].upper()}" if m else None
