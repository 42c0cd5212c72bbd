"""Numbers written in digits and in words: find them in a text and read their value.

``find_numbers`` scans a string and returns every number with its character offsets; it knows
``7,000``, ``1.5 million``, ``$800m``, ``two-and-a-half``, ``twenty-five``, ``a dozen`` and vague
plurals (``thousands``, ``tens of thousands``, ``dozens``) — the latter as a range ``low``–``high``
with ``approx`` set. Ordinals (``22nd``, ``third``), clock times (``10:30``) and numbers glued to
letters that are not a unit (``1e309``, ``COVID19``) are not numbers here.

Values are floats. A value that is not finite (an overflow) is dropped, never returned as
``inf``/``NaN``, so JSON stays valid; callers log a warning (see ``figures.py``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000}  # fmt: skip
# Abbreviated scales after digits: "$800m", "1.5bn", "10k".
SHORT_SCALES = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "mln": 1_000_000, "bn": 1_000_000_000,
                "b": 1_000_000_000, "tn": 1_000_000_000_000, "trn": 1_000_000_000_000}  # fmt: skip
# Vague plurals: a range of one order of magnitude, as NewsQuant writes them (1000-10000).
VAGUE = {"dozens": (24.0, 100.0), "scores": (40.0, 100.0), "tens": (10.0, 100.0),
         "hundreds": (100.0, 1_000.0), "thousands": (1_000.0, 10_000.0),
         "millions": (1e6, 1e7), "billions": (1e9, 1e10), "trillions": (1e12, 1e13)}  # fmt: skip

_WORD = "|".join(sorted([*UNITS, *TENS, *SCALES, "dozen"], key=len, reverse=True))
_SEP = r"(?:[\s\-]+(?:and[\s\-]+)?(?:a[\s\-]+)?)"
_WORDS_RE = (
    rf"(?:\bhalf[\s\-]+an?[\s\-]+(?:{_WORD})\b)"
    # "a" counts only before a count word: "a dozen", "a hundred"; in "a six-month closure" it is an article
    rf"|(?:\b(?:an?[\s\-]+(?=(?:{'|'.join(SCALES)}|dozen)\b))?(?:{_WORD})(?:{_SEP}(?:{_WORD}|half|quarter))*\b)"
    rf"|(?:\b(?:a|one)[\s\-]+half\b)"
)
_VAGUE_RE = (
    r"\b(?:(?:tens|hundreds)\s+of\s+(?:thousands|millions|billions)"
    r"|dozens|scores|hundreds|thousands|millions|billions|trillions)\b"
)
_SCALE_WORDS = "|".join(SCALES)
_SHORT = "|".join(sorted(SHORT_SCALES, key=len, reverse=True))
# Digits: 7,000 | 7000 | 1.5 | .5, then an optional scale ("1.5 million", "800m").
# Not preceded by a letter, digit, dot or colon ("S23", "1.2.3", "10:30"); not followed by a
# colon/slash digit (times, fractions) nor by an ordinal suffix.
_DIGITS_RE = (
    r"(?<![\w.:/])(?<![\w]-)"
    r"(?>(?:\d{1,3}(?:,\d{3})+(?![\d])|\d+)(?:\.\d+)?)"
    r"(?:\s+1/2\b|½)?"
    r"(?![:/]\d)(?!,\d)(?!\.\d)(?!(?:st|nd|rd|th)\b)(?![eE][+-]?\d)"
    rf"(?:(?:\s+|-)(?:{_SCALE_WORDS})s?\b|\s?(?:{_SHORT})\b)?"
)
NUMBER_RE = re.compile(rf"{_VAGUE_RE}|{_DIGITS_RE}|{_WORDS_RE}", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Number:
    """A number found in a text: ``text == source[start:end]``."""

    start: int
    end: int
    text: str
    value: float
    low: float | None = None
    high: float | None = None
    approx: bool = False  # vague by wording ("thousands", "dozens")
    words: bool = False  # written in words rather than digits


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def parse_digits(text: str) -> float | None:
    """``"7,000"`` → 7000.0; ``"1.5 million"`` → 1500000.0; ``"$800m"`` → None (no symbols)."""
    half = 0.5 if re.search(r"\s+1/2\b|½", text) else 0.0
    text = re.sub(r"\s+1/2\b|½", "", text)
    m = re.fullmatch(r"(\d[\d,]*(?:\.\d+)?|\.\d+)(?:(?:\s+|-)([a-z]+?)s?|\s?([a-z]+))?", text.strip(), re.I)
    if not m:
        return None
    try:
        value = float(m.group(1).replace(",", "")) + half
    except ValueError:
        return None
    scale = (m.group(2) or "").lower()
    short = (m.group(3) or "").lower()
    if scale:
        if scale not in SCALES:
            return None
        value *= SCALES[scale]
    elif short:
        if short not in SHORT_SCALES:
            return None
        value *= SHORT_SCALES[short]
    return _finite(value)


def parse_words(text: str) -> float | None:
    """``"two-and-a-half"`` → 2.5; ``"one hundred and five"`` → 105.0; ``"a dozen"`` → 12.0."""
    words = [w for w in re.split(r"[\s\-]+", text.lower().strip()) if w and w != "and"]
    if not words:
        return None
    total = 0.0
    current = 0.0
    seen = False
    i = 0
    while i < len(words):
        w = words[i]
        if w in ("a", "an"):
            # "a dozen", "a hundred", "two and a half": "a" stands for one only before a count word
            nxt = words[i + 1] if i + 1 < len(words) else ""
            if nxt in ("half", "quarter"):
                pass
            elif nxt in SCALES or nxt == "dozen":
                current = current or 1.0
            i += 1
            continue
        if w in UNITS:
            current += UNITS[w]
        elif w in TENS:
            current += TENS[w]
        elif w == "dozen":
            current = (current or 1.0) * 12
        elif w == "hundred":
            current = (current or 1.0) * 100
        elif w in SCALES:
            total += (current or 1.0) * SCALES[w]
            current = 0.0
        elif w == "half":
            nxt = words[i + 1] if i + 1 < len(words) else ""
            if nxt in ("a", "an") and i + 2 < len(words) and words[i + 2] in SCALES:
                total += 0.5 * SCALES[words[i + 2]]  # "half a million"
                i += 3
                seen = True
                continue
            current += 0.5
        elif w == "quarter":
            current += 0.25
        else:
            return None
        seen = True
        i += 1
    return _finite(total + current) if seen else None


def parse_number(text: str) -> Number | None:
    """The value of one number written alone (digits, words or a vague plural), or None."""
    stripped = text.strip()
    found = [n for n in find_numbers(stripped) if n.start == 0 and n.end == len(stripped)]
    return found[0] if found else None


def find_numbers(text: str) -> list[Number]:
    """Every number in ``text`` with offsets; overflowing values are left out."""
    out: list[Number] = []
    for m in NUMBER_RE.finditer(text):
        raw = m.group(0)
        start, end = m.span()
        low = high = None
        approx = False
        words = not raw[0].isdigit()
        key = re.sub(r"\s+", " ", raw.lower())
        if key in VAGUE or " of " in key:
            parts = key.split(" of ")
            low, high = VAGUE[parts[0]]
            if len(parts) == 2:  # "tens of thousands": 10 × 1000 … 100 × 1000
                low, high = low * VAGUE[parts[1]][0], high * VAGUE[parts[1]][0]
            value: float | None = low
            approx = True
        elif words:
            value = parse_words(raw)
        else:
            value = parse_digits(raw)
        if value is None:
            continue
        out.append(Number(start, end, raw, value, low, high, approx, words))
    return out
