"""Two numbers written as one range: ``2 to 2.5 degrees``, ``3-6W``, ``between $40 and $45``,
``from 120 miles to 140 miles``, ``from $4,210 at noon to $3,980``, ``$5 to $10 billion``.

``pair(numbers, body)`` walks the numbers of a text in order and joins each range's bounds.
A range:

- ``A to B`` / ``A through B`` / ``A–B``, with the same unit after each bound when one is written
  (``120 miles to 140 miles``) and a currency before either; not after ``by`` (``rose by $43m to
  $419m``: a change, then the new level) and never when the units differ (``up 4% to $52``);
- ``from A … to B`` with a few words but no other number between;
- ``between A and B``;
- ``A-B`` with a hyphen only when A < B and something is measured (a unit, a currency, a percent
  or a counted word after B): ``2-0`` and ``1-2`` are scores, ``4100-3`` a code.

The scale written after B belongs to A as well when A, read without it, is smaller than B
(``$5 to $10 billion``, ``3 to 5 million people``): :class:`Range` carries A's value scaled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .numbers import SCALES, SHORT_SCALES, Number

__all__ = ["Range", "pair"]


@dataclass(frozen=True, slots=True)
class Range:
    first: Number
    last: Number | None  # None: a single number
    first_value: float  # the first bound's value, with the scale it shares with the last


_CURRENCY = r"(?:[A-Z]{0,3}\s?[$€£¥₹]|[A-Z]{3})?"
_ADJACENT = re.compile(rf"(?P<unit>[A-Za-z%°]{{0,12}})\s*(?P<sep>-|–|—|\bto\b|\bthrough\b|\band\b)\s*{_CURRENCY}\s*")
_FROM_TO = re.compile(rf"[^\d.!?;\n]{{0,40}}?\bto\s+{_CURRENCY}\s*")
_FROM = re.compile(r"\bfrom\s+(?:(?:up to|about|around|roughly|some|nearly|almost|just|over|under)\s+)?\S{0,4}$", re.I)
_BETWEEN = re.compile(r"\bbetween\s+\S{0,4}$", re.I)
_BY = re.compile(r"\bby\s+\S{0,4}$", re.I)
_SCALE_AT_END = re.compile(
    rf"(?:\s+|-)(?P<word>{'|'.join(SCALES)})s?$|\s?(?P<short>{'|'.join(sorted(SHORT_SCALES, key=len, reverse=True))})$",
    re.I,
)
_MEASURED_AFTER = re.compile(r"\s*(?:[A-Za-z%°$€£]|per\b)")


def _scale(text: str) -> float:
    m = _SCALE_AT_END.search(text)
    if not m:
        return 1.0
    if m.group("word"):
        return float(SCALES[m.group("word").lower()])
    return float(SHORT_SCALES[m.group("short").lower()])


def _shared_first(a: Number, b: Number) -> float:
    """A's value with B's scale when only B writes one and A is the smaller bound without it."""
    b_scale = _scale(b.text)
    if b_scale == 1.0 or _scale(a.text) != 1.0 or a.words:
        return a.value
    return a.value * b_scale if a.value < b.value / b_scale else a.value


def _is_range(a: Number, b: Number, body: str) -> bool:
    if a.approx or b.approx or a.value < 0 < b.value:
        return False
    gap = body[a.end : b.start]
    before = body[max(0, a.start - 24) : a.start]
    if (m := _ADJACENT.fullmatch(gap)) is not None:
        unit, sep = m.group("unit"), m.group("sep")
        if unit and body[b.end : b.end + len(unit)].lower() != unit.lower():
            return False  # "20kHz and 22kHz" shares its unit; "9% to $84" does not
        if sep == "and":
            return bool(_BETWEEN.search(before))
        if sep in ("-", "–", "—"):
            measured = bool(unit or _MEASURED_AFTER.match(body, b.end) or re.search(r"[$€£¥]\s*$", before))
            return not a.words and not b.words and a.value < b.value and measured and gap.strip() == sep
        if _BY.search(before):  # "by 2 to 3 degrees" is a range; "by $43m to $419m" a change, then a level
            return sep != "through" and not unit and gap.strip() == "to" and 0 < a.value <= b.value <= 4 * a.value
        # without "from", a range is written rising: "52 to 48" is a vote or a score
        return _shared_first(a, b) <= b.value or bool(_FROM.search(before))
    return bool(_FROM.search(before) and _FROM_TO.fullmatch(gap))


def pair(numbers: list[Number], body: str) -> list[Range]:
    """The numbers in order, each range's two bounds joined (see the module's docstring)."""
    out: list[Range] = []
    i = 0
    while i < len(numbers):
        a = numbers[i]
        b = numbers[i + 1] if i + 1 < len(numbers) else None
        if b is not None and _is_range(a, b, body):
            out.append(Range(a, b, _shared_first(a, b)))
            i += 2
            continue
        out.append(Range(a, None, a.value))
        i += 1
    return out
