"""Currencies written before or after a number, named from ISO 4217 data (``babel``'s CLDR tables).

``before(text, end)`` reads a currency written just before a number (``$``, ``US$``, ``C$``,
``€``, ``USD``, ``USD240``, ``MEUR 45``); ``after(text, start)`` one written just after it
(``15 €``, ``30 usd``, ``90 million Finnish markka``, ``six million yen``, ``17 cents``).
Each gives a :class:`Currency`: the English name (``canadian dollar``, ``japanese yen``), the ISO
code when one is meant, the scale a finance prefix carries (``MEUR`` = million euros) and the
offsets of what was read.

Where the data comes from: codes, English names (singular and plural) and the symbols English
locales write (``A$``, ``HK$``, ``₹``, ``R`` in South Africa, ``RM`` in Malaysia) are CLDR's, read
through babel. Our own, news-specific rules are few and listed here:

- a symbol that English locales use for several currencies (``$``, ``£`` when several pounds
  share it) names the common word (``dollar``); ``£`` and ``¥`` name the pound sterling and the
  yen, as English-language news means them;
- the short forms news writes that CLDR does not list: ``C$`` (Canadian), ``S$`` (Singapore),
  ``US$``/``US $``, ``Rs``/``Rs.`` (rupee), ``Mex$``, ``PS`` (how ASCII folding writes ``£``,
  read only glued to digits), ``mxn$``-style code-plus-dollar;
- ISO codes that are also English words (``ALL``, ``TOP``, ``CUP`` …) are read only glued to the
  digits (``TRY150``), never spaced;
- bare currency words that are also common words (``won``, ``real``, ``sol``) are not read.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = ["Currency", "after", "before", "by_code"]


@dataclass(frozen=True, slots=True)
class Currency:
    """A currency read next to a number: ``text[start:end]`` is what was read."""

    name: str  # "dollar", "us dollar", "canadian dollar", "cent"
    code: str | None  # ISO 4217 when one is meant
    start: int
    end: int
    scale: float = 1.0  # "MEUR": millions


# Codes that are English words (or a company's ticker that news writes in capitals): glued only.
_WORD_CODES = {"ALL", "TOP", "CUP", "MOP", "BOB", "GEL", "TRY", "PEN", "MAD", "SOS", "AMD", "BAM", "NAD", "CAD"}
_NOT_CURRENCY_WORDS = {"won", "real", "reals", "sol", "som", "dong", "tala", "lari", "lev", "kip", "rand", "ariary",
                       "mark", "marks"}  # fmt: skip
_NEWS_SYMBOLS = {"C$": "CAD", "S$": "SGD", "US$": "USD", "US $": "USD", "Rs": "INR", "Rs.": "INR", "Mex$": "MXN",
                 "£": "GBP", "¥": "JPY", "NT$": "TWD", "RMB": "CNY", "Rmb": "CNY", "$US": "USD", "$A": "AUD",
                 "$NZ": "NZD", "$C": "CAD", "HK $": "HKD", "NZ $": "NZD", "A $": "AUD", "C $": "CAD",
                 "S $": "SGD"}  # fmt: skip
_GLUED_ONLY = {"PS": "GBP", "R": "ZAR"}
# letters-only symbols read with a space before the digits ("Rs 500"); other letter symbols
# ("K", "P", "SR") only glued, and single letters other than "R" never
_SPACED_LETTERS = {"Rs", "Rs.", "RM", "Ksh", "Rp", "kr", "kr.", "RMB", "Rmb", "FCFA", "USh", "TSh"}
# English names news gives some currencies beside CLDR's ("Danish crowns" for the krone)
_NEWS_WORDS = {"rmb": "CNY", "renminbi": "CNY", "kuai": "CNY", "danish crowns": "DKK", "swedish crowns": "SEK",
               "norwegian crowns": "NOK", "czech crowns": "CZK", "icelandic crowns": "ISK",
               "us dollars": "USD", "us dollar": "USD", "u.s. dollars": "USD"}  # fmt: skip
_SUBUNITS = {"cent": "cent", "cents": "cent", "pence": "penny", "penny": "penny", "pennies": "penny", "p": "penny"}
_GLUED_P = re.compile(r"p(?![\w.'’-])")  # "164p": pence, glued to the digits only


CLDR_FILE = Path(__file__).resolve().parents[2] / "data" / "currencies.json"


def build_cldr() -> dict[str, Any]:
    """What storyline reads from CLDR through babel, as shipped in ``data/currencies.json`` (reading
    every locale takes seconds; the file, milliseconds). Tests check the file against this function.

    - ``names``: ISO 4217 code → English display name, singular and plural, for every currency;
    - ``active``: the codes some territory uses as legal tender today;
    - ``symbols``: symbol → code (None when several currencies share it): the English symbols, the
      symbol each English locale writes for its own money (``R``, ``RM``, ``A$``), and one-character
      currency signs (``₭``, ``₽``) that the locales of every language give one currency only."""
    from babel import Locale, localedata  # only to build the table: reading it needs no babel
    from babel.core import get_global
    from babel.numbers import get_currency_name

    en = Locale("en")
    territories = get_global("territory_currencies")
    active = sorted(
        {code for spans in territories.values() for code, _s, end, tender in spans if end is None and tender}
    )
    names = {
        str(code): [str(get_currency_name(str(code), count=n, locale="en")).lower() for n in (1, 2)]
        for code in en.currencies
    }
    symbols: dict[str, str | None] = {s: c for c, s in en.currency_symbols.items() if s != c and c in active}
    signs: dict[str, set[str]] = {}
    for ident in localedata.locale_identifiers():
        loc = Locale.parse(ident)
        for code, symbol in loc.currency_symbols.items():
            if len(symbol) == 1 and unicodedata.category(symbol) == "Sc" and code != "XXX":
                signs.setdefault(symbol, set()).add(code)
        if not ident.startswith("en_"):
            continue
        for code, _start, end, tender in territories.get(loc.territory or "", []):
            symbol = loc.currency_symbols.get(code)
            if end is None and tender and symbol and symbol != code:
                known = symbols.get(symbol, code)
                symbols[symbol] = code if known == code else None
    for sign, codes in signs.items():
        if len(codes) == 1:
            symbols.setdefault(sign, next(iter(codes)))
    return {"names": names, "active": active, "symbols": dict(sorted(symbols.items()))}


@dataclass(frozen=True, slots=True)
class _Tables:
    names: dict[str, str]  # code -> english name, lower case
    symbols: dict[str, str | None]  # symbol -> code (None: several currencies share it)
    words: dict[str, str | None]  # lower-case name or plural ("canadian dollars", "dollars") -> code or None
    active: frozenset[str]


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    cldr = json.loads(CLDR_FILE.read_text(encoding="utf-8"))
    active = frozenset(cldr["active"])
    names = {code: forms[0] for code, forms in cldr["names"].items()}
    symbols: dict[str, str | None] = dict(cldr["symbols"])
    symbols.update(_NEWS_SYMBOLS)
    words: dict[str, str | None] = {}
    for code, forms in cldr["names"].items():  # full names of every currency, past ones too ("Finnish markka")
        words.update(dict.fromkeys(forms, code))
    for code in sorted(active):  # a bare last word names a currency in use ("yen"), or several ("dollars")
        for form in cldr["names"].get(code, []):
            last = form.split()[-1]
            if last not in _NOT_CURRENCY_WORDS:
                words[last] = code if words.get(last, code) == code else None
    words.update(_NEWS_WORDS)
    return _Tables(names, symbols, words, active)


def by_code(code: str) -> str | None:
    """The English name of an ISO 4217 code (``CAD`` → ``canadian dollar``), or None."""
    return _tables().names.get(code.upper())


def _name(code: str | None, written: str) -> str:
    if code is None:  # an ambiguous symbol or word: the word all its currencies share
        return "dollar" if "$" in written else re.sub(r"s$", "", written.lower().split()[-1])
    return _tables().names.get(code, written.lower())


def _symbol_pattern(glued: bool) -> re.Pattern[str]:
    return _symbol_patterns()[glued]


@lru_cache(maxsize=1)
def _symbol_patterns() -> dict[bool, re.Pattern[str]]:
    t = _tables()
    known = set(t.symbols) | set(_GLUED_ONLY)
    symbols = sorted((s for s in known if not (len(s) == 1 and s.isalpha()) or s in _GLUED_ONLY), key=len,
                     reverse=True)  # fmt: skip
    spaced = [s for s in symbols if not re.fullmatch(r"[A-Za-z.]+", s) or s in _SPACED_LETTERS]
    codes = sorted(t.active)

    def alternation(items: list[str]) -> str:
        return "|".join(re.escape(s) for s in items)

    # "[kM]EUR 120" (thousands, millions of), "mxn$ 25", "US $", "USD", "€"
    code = rf"(?P<scale>[kM])?(?P<code>{'|'.join(codes)})(?P<dollar>\$)?"
    return {
        True: re.compile(rf"(?<![\w$£€¥])(?:{code}|(?P<sym>{alternation(symbols)}))$"),
        False: re.compile(rf"(?<![\w$£€¥])(?:{code}|(?P<sym>{alternation(spaced)}))\s*$", re.I),
    }


@lru_cache(maxsize=1024)  # figures asks twice per number (is it money? which unit?); str hashes are cached
def before(text: str, end: int) -> Currency | None:
    """A currency written right before ``text[end:]`` (glued, or with spaces between)."""
    window = text[max(0, end - 12) : end]
    offset = end - len(window)
    glued = bool(window) and not window[-1].isspace()
    m = _symbol_pattern(True).search(window) if glued else None
    if m is None:
        m = _symbol_pattern(False).search(window)
        if m is None:
            return None
        code = m.group("code")
        if code and not (code.isupper() or (code.islower() and m.group("dollar"))):
            return None  # "All 60", "usd 5": a code is written in capitals, or glued to its "$"
        if code and code.upper() in _WORD_CODES and not m.group("scale"):
            return None
    written = m.group(0).strip()
    code = m.group("code").upper() if m.group("code") else None
    if code is None:
        sym = m.group("sym")
        symbols = _tables().symbols
        if sym not in symbols and sym not in _GLUED_ONLY and (sym.isalpha() or "$" not in sym):
            return None  # letters are matched as written: "rs", "rm" are no "Rs", "RM"
        code = symbols.get(sym, symbols.get(sym.upper(), _GLUED_ONLY.get(sym)))
    scale = {"k": 1e3, "M": 1e6}.get(m.group("scale") or "", 1.0)
    return Currency(_name(code, written), code, offset + m.start(), offset + m.start() + len(written), scale)


_SYMBOL_AFTER = re.compile(r"[ \t]?(\S)")
_AFTER_WORD = re.compile(r"(?:[ \t]+|-)?([A-Za-z][A-Za-z$]*(?:[ \t]+[A-Za-z]+){0,2})")
_SCALED_CODE = re.compile(r"[ \t]+([kM])([A-Z]{3})\b")


@lru_cache(maxsize=1024)
def after(text: str, start: int, money: bool = False) -> Currency | None:
    """A currency written right after a number ending at ``start``: a symbol (``15 €``), a code
    (``30 usd``), a name (``Canadian dollars``, ``yen``) or a subunit (``cents``, ``pence``).
    ``pounds`` alone is money only when ``money`` says the context is (a scale word, ``sterling``);
    otherwise it is left to the units of mass."""
    t = _tables()
    if (m := _SYMBOL_AFTER.match(text, start)) and unicodedata.category(m.group(1)) == "Sc":
        code = t.symbols.get(m.group(1))
        return Currency(_name(code, m.group(1)), code, m.start(1), m.end(1))
    if (m := _SCALED_CODE.match(text, start)) and m.group(2) in t.active:  # "45 MEUR"
        scale = 1e3 if m.group(1) == "k" else 1e6
        return Currency(_name(m.group(2), m.group(2)), m.group(2), m.start(1), m.end(), scale)
    if _GLUED_P.match(text, start):
        return Currency("penny", None, start, start + 1)
    m = _AFTER_WORD.match(text, start)
    if not m:
        return None
    words = m.group(1).split()
    for n in range(len(words), 0, -1):  # longest name first: "chinese yuan", then "yuan"
        phrase = " ".join(words[:n])
        key = phrase.lower()
        end = _end_of(text, m.start(1), n)
        code_ok = key.upper() in t.active and key.upper() not in _WORD_CODES
        if n == 1 and code_ok and (phrase.isupper() or phrase.islower()):
            return Currency(_name(key.upper(), phrase), key.upper(), m.start(1), end)
        if n == 1 and key in _SUBUNITS and key != "p":
            return Currency(_SUBUNITS[key], None, m.start(1), end)
        if key in t.words and (n > 1 or phrase.islower() or phrase.istitle()):
            code = t.words[key]
            if key in ("pound", "pounds"):
                if not money and not re.match(r"\s+sterling\b", text[end:], re.I):
                    return None
                sterling = re.match(r"\s+sterling\b", text[end:], re.I)
                end += sterling.end() if sterling else 0
                return Currency(_name("GBP", phrase), "GBP", m.start(1), end)
            return Currency(_name(code, phrase), code, m.start(1), end)
    return None


_WORDS_END = [re.compile(rf"\S+?(?=[\s.,;:!?)]|$)(?:[ \t]+\S+?(?=[\s.,;:!?)]|$)){{{n}}}") for n in range(3)]


def _end_of(text: str, start: int, n_words: int) -> int:
    """The offset after the ``n_words``-th word from ``start``."""
    m = _WORDS_END[n_words - 1].match(text, start)
    return m.end() if m else start
