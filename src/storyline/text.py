"""Low-level text helpers every stage shares, one definition each: accent and case folding, name
keys, the calendar's words and the years a bare number may stand for."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
_APOS = str.maketrans({"’": "'", "‘": "'", "`": "'", "\u00a0": " "})


def strip_accents(text: str) -> str:
    """``text`` without combining marks ("Inés Caña" -> "Ines Cana"); case kept."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=262144)
def fold(text: str) -> str:
    """For comparing text: lower case, accents and curly quotes gone, dashes plain, whitespace
    squeezed ('López' == 'Lopez')."""
    return " ".join(strip_accents(text.translate(_QUOTES)).lower().split())


def name_key(name: str) -> str:
    """Matching key for a name: diacritics, case, dots and spacing folded (``López`` → ``lopez``,
    ``U.S.`` → ``us``); the key entities are stored and looked up by."""
    text = strip_accents(name.translate(_APOS)).casefold()
    text = text.replace(".", "")
    text = re.sub(r"[^\w&'-]+", " ", text)
    return " ".join(text.split())


def search_fold(text: str) -> str:
    """Lower case without diacritics, spacing kept: what full-text search compares where the
    database cannot fold accents itself."""
    return strip_accents(text).casefold()


# ---- the calendar's words --------------------------------------------------------------------------

TITLE_CHARS = 120  # a title made from a body's first sentence is cut here, at a word


def clip_title(text: str) -> str:
    """``text`` on one line, cut at the last word that fits ``TITLE_CHARS`` with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= TITLE_CHARS:
        return text
    cut = text[: TITLE_CHARS - 1].rsplit(" ", 1)[0] or text[: TITLE_CHARS - 1]
    return cut.rstrip(" ,;:") + "…"


NEWS_YEARS = range(1950, 2050)  # a bare 4-digit number in here may be a year news speaks of
COUNTED_YEARS = range(1950, 2036)  # ... and stays a year even before a plural noun ("2030 targets");
# past 2035 "2040 workers" is a count far more often than a year


def is_news_year(text: str) -> bool:
    """``text`` is four digits naming a year in ``NEWS_YEARS``."""
    return len(text) == 4 and text.isascii() and text.isdigit() and int(text) in NEWS_YEARS


MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
            "sunday": 6, "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3,
            "fri": 4, "sat": 5, "sun": 6}  # fmt: skip
SEASONS = {"spring": ("SP", 3), "summer": ("SU", 6), "fall": ("FA", 9), "autumn": ("FA", 9),
           "winter": ("WI", 12)}  # fmt: skip
