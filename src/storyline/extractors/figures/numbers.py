"""Numbers written in digits and in words: find them in a text and read their value.

``find_numbers`` scans a string and returns every number with its character offsets; it knows
``7,000``, ``3.25 million``, ``$800m``, ``two-and-a-half``, ``twenty-five``, ``a dozen`` and vague
plurals (``thousands``, ``tens of thousands``, ``dozens``) — the latter as a range ``low``–``high``
with ``approx`` set. Ordinals (``22nd``, ``third``), clock times (``10:30``) and numbers glued to
letters that are not a unit (``1e309``, ``COVID19``) are not numbers here.

Values are floats. A value that is not finite (an overflow) is dropped, never returned as
``inf``/``NaN``, so JSON stays valid; callers log a warning (see ``figures.py``).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

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
          "trillion": 1_000_000_000_000, "lakh": 100_000, "crore": 10_000_000}  # fmt: skip
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
_SPACED_SHORT = "|".join(k for k in sorted(SHORT_SCALES, key=len, reverse=True) if len(k) > 1)  # "5 bn", not "5 m"
_VULGAR = "½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞"
# Digits: 7,000 | 7000 | 1.5 | .5 | 1.5e-8, an optional sign glued before ("-3%", "−2"), an optional
# half or vulgar fraction after ("5 1/2", "5½"), then an optional scale ("3.25 million", "800m").
# Not preceded by a digit, dot or colon ("1.2.3", "10:30") nor by "digit," (the tail of "7,000"
# must not be read alone); letters glued before are checked in ``_glued_ok``. Not followed by a
# colon/slash digit (times, dates) nor by an ordinal suffix.
_DIGITS_RE = (
    r"(?<![\d.:/])(?<!\d,)"
    r"(?:(?<![\w)\]%])[-−](?=\.?\d))?"
    r"(?>(?:\d{1,3}(?:,\d{3})+(?![\d])|\d+)(?:\.\d+)?|\.\d+(?![.,]\d))"
    r"(?:[eE][+-]?\d+(?![\w.]))?"
    rf"(?:\s+1/2\b|[{_VULGAR}])?"
    r"(?![:/]\d)(?!,\d)(?!\.\d)(?!(?:st|nd|rd|th)\b)"
    rf"(?:(?:\s+|-)(?:{_SCALE_WORDS})s?\b|(?:{_SHORT})\b|\s(?:{_SPACED_SHORT})\b)?"
)
# Fractions: "1/4", "3/4 mile" (small denominators only: "9/11" and "24/7" are no fractions), "½"
_SLASH_RE = r"(?<![\w/.:-])\d{1,2}/(?:2|3|4|5|6|8|10|16|100)(?![/\d])"
_DENOMS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4, "fourths": 4,
           "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8,
           "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10, "hundredth": 100, "hundredths": 100,
           "thousandth": 1000, "thousandths": 1000}  # fmt: skip
_SMALL = "two|three|four|five|six|seven|eight|nine|ten"
_PLURAL_DENOM = "|".join(d for d in _DENOMS if d.endswith("s"))
_SINGLE_DENOM = "|".join(d for d in _DENOMS if not d.endswith("s") and d != "half")
# "two-thirds", "three quarters of", "a third of", "one-fifth", "half of", "a quarter million";
# "a third term" and "the third" are ordinals, "three quarters" alone may be nine months
_WORD_FRACTION_RE = (
    rf"\b(?:(?:{_SMALL})[\s-]+(?:{_PLURAL_DENOM})(?:(?<=quarters)(?=\s+(?:of|{_SCALE_WORDS})\b)|(?<!quarters))"
    rf"|(?:a|one)-(?:{_SINGLE_DENOM})"
    rf"|(?:a|one)\s+(?:{_SINGLE_DENOM})(?=\s+(?:of|{_SCALE_WORDS})\b)"
    rf"|quarter(?=\s+(?:{_SCALE_WORDS})\b)"
    r"|half(?=\s+(?:of|the|their|its|his|her|our|all)\b)(?<!\ba\shalf))"
    rf"(?:\s+(?:{_SCALE_WORDS})\b)?"
)
# "one out of five", "1 in 10", "three out of four": a proportion
_OUT_OF_RE = (
    rf"\b(?:\d+|one|{_SMALL})\s+out\s+of\s+(?:\d+|{_SMALL}|a hundred|hundred)\b"
    rf"|\b(?:one|1)\s+in\s+(?:\d+|{_SMALL})\b(?!\s+(?:years?|months?|weeks?|days?|hours?|minutes?)\b)"
)
# Every alternative starts with a digit, a sign, a dot, a vulgar fraction or a word from this list:
# the lookahead turns most positions away in one step (the alternatives cost three times the scan)
_STARTS = sorted({w[:2] for w in [*UNITS, *TENS, *SCALES, *VAGUE, *_DENOMS, "dozen", "a", "an", "minus", "quarter"]})
_GATE = rf"(?=[\d.\-−{_VULGAR}]|\b(?:{'|'.join(_STARTS)}))"
NUMBER_RE = re.compile(
    rf"{_GATE}(?:(?P<outof>{_OUT_OF_RE})|(?P<frac>{_WORD_FRACTION_RE})|(?P<slash>{_SLASH_RE})|{_VAGUE_RE}"
    rf"|(?P<minus>\b(?:minus\s+)+)?(?:(?P<digits>{_DIGITS_RE})|(?P<words>{_WORDS_RE})|(?P<vulgar>[{_VULGAR}])))",
    re.IGNORECASE,
)
# Words glued before digits that leave the number a number: "sub-20", "now-30", "under-21"
_HYPHEN_WORDS = {"sub", "now", "then", "under", "over", "near", "around", "about", "nearly", "some", "roughly"}


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


def _decimal_value(digits: str) -> float | None:
    """``"1,234.5"`` → 1234.5 without float rounding on the way (``16.4`` million is 16400000)."""
    try:
        return _finite(float(Decimal(digits.replace(",", ""))))
    except (InvalidOperation, ValueError, OverflowError):
        return None


_PLAIN = re.compile(r"\d{1,15}(?:,\d{3})*(?:\.\d{1,6})?")


def parse_digits(text: str) -> float | None:
    """``"7,000"`` → 7000.0; ``"3.25 million"`` → 1500000.0; ``"$800m"`` → None (no symbols)."""
    if _PLAIN.fullmatch(text):  # most numbers: digits alone, exact as a float
        return _finite(float(text.replace(",", "")))
    text = text.strip().replace("−", "-")
    extra = 0.0
    if m := re.search(r"\s+1/2$|[½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞]$", text):
        extra = 0.5 if "1/2" in m.group(0) else unicodedata.numeric(m.group(0))
        text = text[: m.start()]
    m = re.fullmatch(
        r"(-?(?:\d[\d,]*(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?)(?:(?:\s+|-)([a-z]+?)s?|\s?([a-z]+))?", text, re.I
    )
    if not m:
        return None
    try:
        number = Decimal(m.group(1).replace(",", ""))
        # an exponent past the context's limit ("1e30900000") overflows on the first arithmetic
        number += Decimal(str(extra)) if number >= 0 else -Decimal(str(extra))
    except ArithmeticError:  # decimal's InvalidOperation and Overflow
        return None
    scale = (m.group(2) or "").lower()
    short = (m.group(3) or "").lower()
    if scale and scale not in SCALES and scale in SHORT_SCALES:
        scale, short = "", scale  # "5 bn"
    factor = 1
    if scale:
        if scale not in SCALES:
            return None
        factor = SCALES[scale]
    elif short:
        if short not in SHORT_SCALES:
            return None
        factor = SHORT_SCALES[short]
    try:
        return _finite(float(number * factor))
    except ArithmeticError:  # past decimal's or float's range ("1e999999 million")
        return None


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


def _fraction(raw: str) -> float | None:
    """``"two-thirds"`` → 0.667, ``"a quarter million"`` → 250000, ``"3/4"`` → 0.75, ``"half"`` → 0.5."""
    words = [w for w in re.split(r"[\s-]+", raw.lower()) if w]
    if len(words) == 1 and "/" in words[0]:
        num, den = words[0].split("/")
        return int(num) / int(den)
    scale = SCALES.get(words[-1].rstrip("s"), 1) if words[-1].rstrip("s") in SCALES else 1
    if scale != 1:
        words = words[:-1]
    if words == ["half"]:
        return 0.5 * scale
    if len(words) == 1:  # "quarter million"
        return scale / _DENOMS[words[0]]
    top = 1 if words[0] in ("a", "one") else UNITS.get(words[0], TENS.get(words[0], 0))
    return top / _DENOMS[words[1]] * scale


def _out_of(raw: str) -> float | None:
    """``"one out of five"`` → 0.2, ``"1 in 10"`` → 0.1."""
    parts = re.split(r"\s+out\s+of\s+|\s+in\s+", raw.lower())
    values = [parse_digits(p) if p[0].isdigit() else parse_words(p) for p in parts]
    if len(values) != 2 or values[0] is None or not values[1]:
        return None
    return values[0] / values[1]


def _glued_ok(text: str, start: int) -> bool:
    """Letters glued before digits leave a number only when they are a currency (``USD240``,
    ``PS4.5m``) or a word such as ``sub-`` or ``now-``; ``A320``, ``COVID-19`` and ``G7`` are names."""
    before = text[start - 1] if start else ""
    if before == "-" and start >= 2 and text[start - 2].isalpha():
        word = re.search(r"([A-Za-z]+)-$", text[max(0, start - 12) : start])
        return word is not None and word.group(1) in _HYPHEN_WORDS
    if not before.isalpha():
        return True
    from .currencies import before as currency_before  # babel tables: built only when needed

    found = currency_before(text, start)
    return found is not None and found.end == start


def find_numbers(text: str, problems: list[tuple[int, int, str]] | None = None) -> list[Number]:
    """Every number in ``text`` with offsets. What looks like a number but cannot be read (an
    overflow, ``minus minus 5``) is left out and, when ``problems`` is given, added to it as
    ``(start, end, reason)``."""
    out: list[Number] = []
    for m in NUMBER_RE.finditer(text):
        raw = m.group(0)
        start, end = m.span()
        low = high = None
        approx = False
        words = not (raw[0].isdigit() or raw[0] in "-−." or raw[0] in _VULGAR)
        value: float | None
        if m.group("outof"):
            value = _out_of(raw)
        elif m.group("frac") or m.group("slash"):
            value = _fraction(raw)
        elif m.group("vulgar"):
            value = unicodedata.numeric(raw)
        elif m.group("digits") or m.group("words"):
            core = m.group("digits") or m.group("words")
            minus = m.group("minus")
            if minus and len(minus.split()) > 1:
                if problems is not None:
                    problems.append((start, end, "more than one 'minus'"))
                continue
            if m.group("digits") and not _glued_ok(text, m.start("digits") + (core[0] in "-−")):
                continue
            value = parse_digits(core) if m.group("digits") else parse_words(core)
            if value is not None and minus:
                value = -value
            words = bool(m.group("words"))
        else:
            key = re.sub(r"\s+", " ", raw.lower())
            parts = key.split(" of ")
            low, high = VAGUE[parts[0]]
            if len(parts) == 2:  # "tens of thousands": 10 × 1000 … 100 × 1000
                low, high = low * VAGUE[parts[1]][0], high * VAGUE[parts[1]][0]
            value = low
            approx = True
        if value is None or not math.isfinite(value):
            if problems is not None and (m.group("digits") or m.group("words")):
                big = m.group("digits") and re.search(r"\d{300}|[eE]\+?\d{3}", raw)
                problems.append((start, end, "too large to read" if big else "not a number"))
            continue
        out.append(Number(start, end, raw, value, low, high, approx, words))
    return out
