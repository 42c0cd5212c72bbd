"""Expressions anchored to a date the text stated earlier rather than to the reference date.

``On Oct. 23, 1998 … Earlier that day …`` → 1998-10-23; ``the following year`` → the year after
the last one mentioned; ``at 9:40 p.m.`` → that hour on the last day the story named. As HeidelTime
does for narratives, ``Narrative`` tracks the last fully specified date (and year, month,
quarter) and rewrites only expressions whose wording points back to it (``that``, ``the same``,
``the following``, ``the previous``, a clock time with no day). Everything else keeps the value
read against the reference date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .norm import PARTS, WEEKDAYS

_PART = r"(day|morning|afternoon|evening|night)"
_THAT_DAY = re.compile(rf"^(?:(?:earlier|later|early|late)\s+(?:in\s+)?)?(?:that|the same)\s+{_PART}$")
_NEXT_DAY = re.compile(r"^(?:the\s+)?(?:next|following)\s+(day|morning|evening|night)$|^the day after$|^a day later$")
_PREV_DAY = re.compile(r"^the\s+(?:previous|preceding)\s+(day|morning|evening|night)$|^the day before$")
_THAT_YEAR = re.compile(r"^(?:(?:earlier|later|early|late)\s+(?:in\s+)?)?(?:that|the same)\s+year$")
_NEXT_YEAR = re.compile(r"^(?:the\s+)?following\s+year$|^a year later$")
_PREV_YEAR = re.compile(r"^the\s+(?:previous|preceding)\s+year$|^the year before$")
_THAT_MONTH = re.compile(r"^(?:(?:earlier|later|early|late)\s+(?:in\s+)?)?(?:that|the same)\s+month$")
_NEXT_MONTH = re.compile(r"^(?:the\s+)?following\s+month$|^a month later$")
_PREV_MONTH = re.compile(r"^the\s+(?:previous|preceding)\s+month$|^the month before$")
_THAT_QUARTER = re.compile(r"^(?:that|the same)\s+quarter$")
_WD_REL = re.compile(r"^the\s+(previous|preceding|following)\s+([a-z]+day)$")
_PART_ONLY = re.compile(r"^(?:the\s+|mid[\s-]?|early\s+|late\s+)?(morning|afternoon|evening|night|overnight)$")
_CLOCK = re.compile(r"^(?:at\s+)?(?:about\s+|around\s+)?\d{1,2}(?:[:.]\d{2})?\s*(?:a\.?m|p\.?m)\.?(?:\s+[a-z]{2,3}t)?$")


def _shift(day: str, days: int) -> str:
    try:
        return (dt.date.fromisoformat(day) + dt.timedelta(days=days)).isoformat()
    except (OverflowError, ValueError):
        return day  # the calendar's last day has no day after it


@dataclass
class Narrative:
    """The last date, year, month and quarter the text stated, as values."""

    day: str | None = None
    year: str | None = None
    month: str | None = None
    quarter: str | None = None

    def resolve(self, text: str, value: str) -> str:
        """``value`` (read against the reference) rewritten against the story's last date."""
        t = re.sub(r"\s+", " ", text.lower().replace("’", "'")).strip(" .,")
        t = re.sub(r"^(?:on|in|at|by|during)\s+", "", t)
        if self.day:
            if m := _THAT_DAY.match(t):
                return self.day + ("" if m.group(1) == "day" else PARTS[m.group(1)])
            if m := _NEXT_DAY.match(t):
                part = m.group(1) if m.lastindex else "day"
                return _shift(self.day, 1) + ("" if part in (None, "day") else PARTS[part])
            if m := _PREV_DAY.match(t):
                part = m.group(1) if m.lastindex else "day"
                return _shift(self.day, -1) + ("" if part in (None, "day") else PARTS[part])
            if (m := _WD_REL.match(t)) and m.group(2) in WEEKDAYS:
                base = dt.date.fromisoformat(self.day)
                delta = WEEKDAYS[m.group(2)] - base.weekday()
                if m.group(1) == "following":
                    delta = delta if delta > 0 else delta + 7
                else:
                    delta = delta if delta < 0 else delta - 7
                return (base + dt.timedelta(days=delta)).isoformat()
            if (m := _PART_ONLY.match(t)) and re.fullmatch(r"\d{4}-\d{2}-\d{2}T[A-Z]{2}", value):
                return self.day + PARTS[m.group(1)]
            if _CLOCK.match(t) and re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", value):
                return self.day + value[10:]
        if self.year:
            if _THAT_YEAR.match(t):
                return self.year
            if _NEXT_YEAR.match(t):
                return str(int(self.year) + 1)
            if _PREV_YEAR.match(t):
                return str(int(self.year) - 1)
        if self.month and _THAT_MONTH.match(t):
            return self.month
        if self.month and (_NEXT_MONTH.match(t) or _PREV_MONTH.match(t)):
            year, month = int(self.month[:4]), int(self.month[5:7]) + (1 if _NEXT_MONTH.match(t) else -1)
            year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
            return f"{year:04d}-{month:02d}"
        if self.quarter and _THAT_QUARTER.match(t):
            return self.quarter
        return value

    def note(self, value: str) -> None:
        """Remember ``value`` if it states a date (``1998-10-23``), a month, a quarter or a year."""
        if not "0001" < value[:4] < "9999":
            return  # a date at the calendar's ends anchors nothing ("the next day" has no day)
        if m := re.match(r"(\d{4})-(\d{2})-(\d{2})", value):
            self.day, self.month, self.year = m.group(0), value[:7], m.group(1)
        elif re.fullmatch(r"\d{4}-\d{2}", value):
            self.month, self.year = value, value[:4]
        elif re.fullmatch(r"\d{4}-Q[1-4]", value):
            self.quarter, self.year = value, value[:4]
        elif re.fullmatch(r"\d{4}", value):
            self.year = value
