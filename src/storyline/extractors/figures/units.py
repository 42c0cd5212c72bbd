"""Units of measurement written after a number, named from ``pint``'s unit registry.

``unit_after(text, end)`` reads the unit that follows a number ending at ``end``: a symbol or
name glued on (``75ml``, ``180lbs``, ``5km``, ``30m``), spaced (``800 metres``, ``20 kg``,
``3 mm``), with a power (``m²``, ``km2``, ``square metres``, ``cubic feet``, ``sq ft``), a
temperature (``°C``, ``35 deg celsius``, ``101.5 degrees f``), or a compound over time or length
(``km/h``, ``miles per hour``, ``microgrammes per gramme``). It gives a :class:`Unit`: pint's
name (``kilometer``, ``degree_Celsius`` written ``degree Celsius``, ``square meter``), the
dimension, and the end of what was read.

pint knows the symbols, names, plurals and prefixes (``millilitres`` = milli + liter + s); what
is ours are the rules that make a unit reading safe in news text:

- only dimensions news measures (length, area, volume, mass, time, speed, temperature, power,
  energy, pressure, frequency, data, current, voltage, force, angle);
- a symbol written with a space before it must not be an English word (``5 in``, ``3 at``, ``2
  a``), nor one letter other than ``m``/``g``/``l``/``L``/``W``/``V``/``K``/``t`` followed by no
  letter; names of units that are everyday words in news (``point``, ``hand``, ``line``,
  ``league``, ``turn``) are not read as units at all;
- spellings pint lacks (``gramme``, ``tonne``'s cousins, ``kmph``, ``bhp``) map to its names.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = ["Unit", "build_table", "lookup", "registry", "unit_after"]


@dataclass(frozen=True, slots=True)
class Unit:
    name: str  # pint's name in words: "kilometer", "degree Celsius", "mile per hour"
    dimension: str  # pint's dimensionality: "[length]", "[temperature]"
    end: int  # offset just after the unit in the text


_DIMENSIONS = {
    "[length]", "[length] ** 2", "[length] ** 3", "[mass]", "[time]", "[temperature]", "[length] / [time]",
    "[mass] * [length] ** 2 / [time] ** 3", "[mass] * [length] ** 2 / [time] ** 2", "[mass] / [length] / [time] ** 2",
    "1 / [time]", "[current]", "[mass] * [length] ** 2 / [time] ** 3 / [current]", "[mass] * [length] / [time] ** 2",
    "[current] * [time]", "[mass] / [length] ** 3", "[length] / [time] ** 2", "dimensionless",
    "[length] ** 2 * [mass] / [time] ** 3",
}  # fmt: skip
_DIMENSIONLESS_OK = {"byte", "bit", "radian", "degree", "baud", "arcminute", "arcsecond", "revolution"}
# pint units whose names are everyday words in news: never a unit here
_EVERYDAY = {"point", "hand", "line", "league", "turn", "cycle", "count", "barn", "are", "chain", "link", "rod",
             "span", "cable", "drop", "quad", "shot", "square", "pace", "stere", "mil", "thou", "gross", "bag",
             "percent", "ppm", "dozen", "pi", "gal", "pound_force", "number_meter", "pica", "didot", "cicero",
             "atomic_mass_unit", "poise", "stokes", "denier", "tex", "franklin", "gauss", "gamma", "rem",
             "kip", "planck_constant", "speed_of_light", "bohr", "hartree", "rydberg", "fifth", "quarter",
             "section", "shake", "pole", "gravity", "jig", "blob", "lambda", "galileo", "rutherford", "faraday",
             "pc", "pp", "px", "th", "u", "toe", "pk", "bp", "dr", "rd", "li", "gi", "fur", "fm", "e", "c", "b", "d",
             "fps", "cp", "cps", "pt", "slug", "perch", "a", "at"}  # fmt: skip
# spellings and short forms pint lacks, or reads otherwise than news means them
_ALIASES = {"gramme": "gram", "grammes": "gram", "kmph": "kilometer_per_hour", "kmh": "kilometer_per_hour",
            "kph": "kilometer_per_hour", "bhp": "horsepower", "hp": "horsepower", "lbs": "pound", "Nm": "newton_meter",
            "mmBTU": "million_btu", "MMBtu": "million_btu", "mmbtu": "million_btu", "sqft": "square_foot",
            "Mbps": "megabit_per_second", "Gbps": "gigabit_per_second", "kbps": "kilobit_per_second",
            "mpg": "mile_per_gallon", "lb-ft": "foot_pound", "pound-feet": "foot_pound", "pound-foot": "foot_pound",
            "ft-lb": "foot_pound", "ft-lbs": "foot_pound",
            "yo": None, "p": None}  # fmt: skip
_NAMES = {"million_btu": ("million british thermal unit", "[length] ** 2 * [mass] / [time] ** 2"),
          "newton_meter": ("newton meter", "[length] ** 2 * [mass] / [time] ** 2"),
          "megabit_per_second": ("megabit per second", "1 / [time]"),
          "gigabit_per_second": ("gigabit per second", "1 / [time]"),
          "kilobit_per_second": ("kilobit per second", "1 / [time]"),
          "mile_per_gallon": ("mile per gallon", "1 / [length] ** 2"),
          "square_foot": ("square foot", "[length] ** 2")}  # fmt: skip
_ONE_LETTER_OK = set("mglLWVKt")


TABLE_FILE = Path(__file__).resolve().parents[2] / "data" / "units.json"
# units news writes with a metric prefix ("kilometres", "MW", "µg", "gigatonnes") and the prefixes
_PREFIXED = ("meter", "gram", "liter", "watt", "watt_hour", "joule", "volt", "ampere", "ampere_hour", "hertz",
             "byte", "bit", "pascal", "second", "calorie", "electron_volt", "metric_ton", "newton", "baud")  # fmt: skip
_PREFIXES = ("nano", "micro", "milli", "centi", "deci", "hecto", "kilo", "mega", "giga", "tera", "peta")


@lru_cache(maxsize=1)
def registry() -> Any:
    """pint's default registry (about 0.35 s to import and build): used to build the shipped table."""
    import pint

    return pint.UnitRegistry()


def pint_lookup(word: str) -> tuple[str, str] | None:
    """(name, dimension) that pint gives one unit word or symbol, within the news dimensions."""
    if word in _ALIASES:
        target = _ALIASES[word]
        if target is None:
            return None
        if target in _NAMES:
            return _NAMES[target]
        word = target
    ureg = registry()
    try:
        found = ureg.parse_unit_name(word)
    except (ValueError, KeyError, AttributeError):  # pint raises these on odd input
        return None
    if not found:
        return None
    prefix, name, _suffix = found[0]
    if name in _EVERYDAY or word.lower() in _EVERYDAY or word.lower().rstrip("s") in _EVERYDAY:
        return None
    if prefix and name in ("year", "day", "week", "minute", "hour", "second", "month"):
        return None  # "Pa" is pascal, not a peta-year
    dim = str(ureg.get_dimensionality(name))
    if dim not in _DIMENSIONS or (dim == "dimensionless" and name not in _DIMENSIONLESS_OK):
        return None
    if name == "baud":
        name = "bit_per_second"
    if name == "metric_ton" and prefix:
        name = "ton"  # "gigatonnes": gigaton
    return (prefix + name).replace("_", " "), dim


def build_table() -> dict[str, list[str]]:
    """Every unit form pint reads within the news dimensions: names, symbols and aliases of its units,
    their plurals, and the metric prefixes on the units above, each with what ``pint_lookup`` gives.
    Ships as ``data/units.json`` (reading it costs a few ms; importing pint a third of a second);
    tests check the file against this function."""
    ureg = registry()
    forms: set[str] = set(_ALIASES)
    for unit in ureg._units.values():
        forms |= {unit.name, *(unit.aliases or ())} | ({unit.symbol} if unit.symbol else set())
    for name in _PREFIXED:
        unit = ureg._units[name]
        bases = {unit.name, *(unit.aliases or ())} | ({unit.symbol} if unit.symbol else set())
        for prefix_name in _PREFIXES:
            prefix = ureg._prefixes[prefix_name]
            heads = {prefix.name, *(prefix.aliases or ())} | ({prefix.symbol} if prefix.symbol else set())
            forms |= {head + base for head in heads for base in bases if head and base}
    forms |= {f + "s" for f in list(forms) if len(f) > 2 and f[-1].isalpha() and f.islower()}
    table = {}
    for form in sorted(forms):
        if form and (found := pint_lookup(form)) is not None:
            table[form] = list(found)
    return table


@lru_cache(maxsize=1)
def _table() -> dict[str, tuple[str, str]]:
    data = json.loads(TABLE_FILE.read_text(encoding="utf-8"))
    return {form: (name, dim) for form, (name, dim) in data.items()}


@lru_cache(maxsize=4096)
def lookup(word: str) -> tuple[str, str] | None:
    """(name, dimension) of one unit word or symbol (``km``, ``millilitres``), or None."""
    word = word.replace("gramme", "gram")  # the British spelling, also after a prefix
    table = _table()
    if word in table:
        return table[word]
    if word[:1].isupper() and ((word[1:].islower() and len(word) > 3) or word.isupper()):
        return table.get(word.lower())  # "Kilometers" at a sentence's start, "HP"
    if word.lower().endswith("hz"):
        return table.get(word[:-2] + "Hz")  # "Ghz", "mhz"
    return None


_STOP = frozenset(
    "a an at in on of to as is it be by or no so do go he me my we us am are was if up per and the for not "  # noqa: SIM905
    "but all any can had has her him his its may new now old one our out see she two way who yet ha cc".split()
)
_TEMP = re.compile(
    r"(?:\s?[°º˚]|\s?deg(?:ree)?s?\.?)\s*(celsius|celcius|centigrade|fahrenheit|kelvin|c|f|k)?\b(?![\w'])|°|º", re.I
)
_POWER = re.compile(r"(square|sq\.?|cubic|cu\.?)\s+", re.I)
_WORD = re.compile(r"([A-Za-zµμΩ][A-Za-zµμΩ]*(?:-[A-Za-z]+)?)([²³23](?![\d]))?")
_PER = re.compile(r"\s*(?:/|\s+per\s+|\s*p/)\s*", re.I)


# a scale named without "degrees" ("12 celsius"), or its letter glued to the digits ("hit 30C"), as
# British and Australian papers write temperatures
_BARE_SCALE = re.compile(r"[ \t]?(celsius|celcius|centigrade|fahrenheit)\b|([CF])(?![\w'’-])", re.I)


def _temperature(text: str, end: int) -> Unit | None:
    m = _TEMP.match(text, end)
    if not m:
        bare = _BARE_SCALE.match(text, end)
        if bare is None or (bare.group(2) and not bare.group(2).isupper()):
            return None
        return _temp_unit((bare.group(1) or bare.group(2)).lower(), bare.end())
    scale = (m.group(1) or "").lower()
    if not scale and re.match(r"\s*[A-Z]\b", text[m.end() : m.end() + 3]):  # "98.6° F"
        extra = re.match(r"\s*([CFK])\b", text[m.end() :])
        if extra:
            scale, m_end = extra.group(1).lower(), m.end() + extra.end()
            return _temp_unit(scale, m_end)
    if not scale and text[m.start() : m.start() + 1] in "°º˚" and not m.group(0).strip("°º˚ "):
        return Unit("degree", "dimensionless", m.end())
    return _temp_unit(scale, m.end())


def _temp_unit(scale: str, end: int) -> Unit:
    name = {"c": "degree Celsius", "celsius": "degree Celsius", "celcius": "degree Celsius",
            "centigrade": "degree Celsius", "f": "degree Fahrenheit", "fahrenheit": "degree Fahrenheit",
            "k": "kelvin", "kelvin": "kelvin"}  # fmt: skip
    return Unit(name.get(scale, "degree"), "[temperature]" if scale else "dimensionless", end)


def _single(text: str, pos: int, glued: bool) -> tuple[str, str, int] | None:
    """One unit word at ``pos``: (name, dimension, end), with a power sign or word before/after."""
    power = _POWER.match(text, pos)
    start = power.end() if power else pos
    m = _WORD.match(text, start)
    if not m:
        return None
    word = m.group(1)
    if word == "s":
        return None  # "the 1970s", "in their 20s": a decade, not seconds
    exponent = m.group(2)
    end = m.end(1) + (len(exponent) if exponent else 0)
    found = lookup(word)
    if found is None and "-" in word:  # "light-years" is pint's light_year
        found = lookup(word.replace("-", "_"))
    if found is None and (nxt := re.match(r"\s+([a-z]+)", text[m.end(1) :])):
        two = lookup(f"{word}_{nxt.group(1)}")  # "metric tons", "nautical miles"
        if two is not None and "_" not in word:
            found, end = two, m.end(1) + nxt.end()
    if found is None:
        return None
    name, dim = found
    if not glued and not power and not _spaced_ok(word, text, m.end(1)):
        return None
    if power or exponent:
        if dim != "[length]":
            return None
        kind = (power.group(1) if power else exponent).lower().rstrip(".")
        square = kind in ("square", "sq", "2", "²")
        return f"{'square' if square else 'cubic'} {name}", "[length] ** 2" if square else "[length] ** 3", end
    return name, dim, end


def _spaced_ok(word: str, text: str, end: int) -> bool:
    """May ``word``, written after a space, be read as a unit?"""
    if len(word) == 1:
        return word in _ONE_LETTER_OK and not re.match(r"[A-Za-z-]", text[end : end + 1])
    return word.lower() not in _STOP


@lru_cache(maxsize=1024)  # asked twice per number by figures; str hashes are cached
def unit_after(text: str, end: int) -> Unit | None:
    """The unit written right after a number that ends at ``end``, or None."""
    glued = end < len(text) and not text[end].isspace()
    spaced_ok = re.match(r"[ \t\u00a0]{1,2}\S", text[end : end + 3]) or re.match(r"[ \t]?[°º˚]", text[end : end + 2])
    if not glued and not spaced_ok:
        return None
    if temp := _temperature(text, end):
        return temp
    pos = end if glued else end + len(text[end:]) - len(text[end:].lstrip(" \t\u00a0"))
    first = _single(text, pos, glued)
    if first is None:
        return None
    name, dim, stop = first
    if glued and re.match(r"[A-Za-z\d]", text[stop : stop + 1]):
        return None  # "4411K207": a code, not a quantity
    per = _PER.match(text, stop)
    if per and (second := _single(text, per.end(), True)) and second[1] in ("[time]", "[length] ** 3", "[mass]"):
        return Unit(f"{name} per {second[0]}", f"{dim} / {second[1]}", second[2])
    return Unit(name, dim, stop)
