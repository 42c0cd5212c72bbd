"""Places named two ways: "Washington" lies in "the U.S.", "Mexico City" in "Mexico".

Two reports of one visit often name the place at different scales (NewsNation's leaders "come to
the U.S.", CNN's "visit Washington"). A small curated table of countries with their common names,
capitals and, for the countries news names most, large cities and states or provinces lets event
alignment treat such places as compatible instead of at odds. It is deliberately small: a place
not in it is compared by its words, as before.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..text import fold

# country: (other names, places inside it). Names are folded (lower case, no accents or dots).
_TABLE: dict[str, tuple[str, str]] = {
    "united states": (
        "us|usa|u s|u s a|america|united states of america",
        "washington|washington dc|dc|d c|district of columbia|new york|new york city|los angeles|chicago|"
        "houston|miami|san diego|el paso|phoenix|philadelphia|boston|san francisco|seattle|atlanta|dallas|"
        "texas|california|arizona|new mexico|florida|capitol hill|white house|lukeville|eagle pass|"
        "nogales|tucson|brownsville|laredo|pentagon",
    ),
    "mexico": (
        "mexican republic|united mexican states",
        "mexico city|ciudad de mexico|cdmx|tijuana|ciudad juarez|juarez|monterrey|guadalajara|tapachula|"
        "chiapas|sonora|chihuahua|coahuila|tamaulipas|baja california|oaxaca|veracruz|nuevo laredo|"
        "matamoros|reynosa|piedras negras",
    ),
    "canada": ("", "ottawa|toronto|montreal|vancouver|quebec|ontario|british columbia|alberta"),
    "united kingdom": (
        "uk|u k|britain|great britain",
        "london|england|scotland|wales|northern ireland|westminster|downing street|manchester|edinburgh",
    ),
    "france": ("", "paris|marseille|lyon|elysee"),
    "germany": ("", "berlin|munich|frankfurt|hamburg|bonn"),
    "italy": ("", "rome|milan|naples|venice"),
    "spain": ("", "madrid|barcelona"),
    "russia": ("russian federation", "moscow|kremlin|st petersburg|saint petersburg"),
    "ukraine": ("", "kyiv|kiev|kharkiv|odesa|odessa|lviv|donetsk|crimea"),
    "china": ("prc|peoples republic of china", "beijing|shanghai|hong kong|wuhan|shenzhen"),
    "japan": ("", "tokyo|osaka|kyoto|fukushima"),
    "india": ("", "new delhi|delhi|mumbai|bombay|kolkata|chennai|bangalore|bengaluru"),
    "pakistan": ("", "islamabad|karachi|lahore"),
    "israel": ("", "jerusalem|tel aviv|haifa"),
    "iran": ("", "tehran"),
    "iraq": ("", "baghdad|mosul|basra"),
    "syria": ("", "damascus|aleppo"),
    "egypt": ("", "cairo|alexandria"),
    "turkey": ("turkiye", "ankara|istanbul"),
    "saudi arabia": ("", "riyadh|jeddah|mecca"),
    "afghanistan": ("", "kabul|kandahar"),
    "brazil": ("", "brasilia|rio de janeiro|sao paulo"),
    "argentina": ("", "buenos aires"),
    "colombia": ("", "bogota|medellin"),
    "venezuela": ("", "caracas"),
    "guatemala": ("", "guatemala city"),
    "honduras": ("", "tegucigalpa"),
    "el salvador": ("", "san salvador"),
    "cuba": ("", "havana"),
    "haiti": ("", "port au prince"),
    "panama": ("", "panama city|darien"),
    "australia": ("", "canberra|sydney|melbourne|brisbane|perth"),
    "south korea": ("republic of korea", "seoul|busan"),
    "north korea": ("dprk", "pyongyang"),
    "indonesia": ("", "jakarta|bali"),
    "philippines": ("", "manila"),
    "nigeria": ("", "abuja|lagos"),
    "south africa": ("", "pretoria|johannesburg|cape town"),
    "kenya": ("", "nairobi"),
    "ethiopia": ("", "addis ababa"),
    "belgium": ("", "brussels"),
    "netherlands": ("holland", "amsterdam|the hague|rotterdam"),
    "poland": ("", "warsaw|krakow"),
    "greece": ("", "athens"),
    "ireland": ("", "dublin"),
    "switzerland": ("", "bern|geneva|zurich|davos"),
    "austria": ("", "vienna"),
    "sweden": ("", "stockholm"),
    "norway": ("", "oslo"),
    "denmark": ("", "copenhagen"),
    "finland": ("", "helsinki"),
    "portugal": ("", "lisbon"),
    "lebanon": ("", "beirut"),
    "jordan": ("", "amman"),
    "qatar": ("", "doha"),
    "united arab emirates": ("uae", "abu dhabi|dubai"),
    "thailand": ("", "bangkok"),
    "vietnam": ("", "hanoi|ho chi minh city|saigon"),
    "new zealand": ("", "wellington|auckland|christchurch"),
}

_CANON: dict[str, str] = {}
_WITHIN: dict[str, str] = {}
for _country, (_names, _inside) in _TABLE.items():
    _CANON[_country] = _country
    for _name in filter(None, _names.split("|")):
        _CANON[_name] = _country
    for _place in filter(None, _inside.split("|")):
        _CANON.setdefault(_place, _place)
        _WITHIN[_place] = _country
# One place, several names: the first is the key.
_SAME = """washington|washington dc|washington d c|dc|d c|district of columbia; mexico city|ciudad de mexico|cdmx;
    kyiv|kiev; odesa|odessa; mumbai|bombay; bangalore|bengaluru; ho chi minh city|saigon; new york|new york city;
    st petersburg|saint petersburg; ciudad juarez|juarez"""
for _group in _SAME.split(";"):
    _first, *_others = [n.strip() for n in _group.split("|")]
    for _name in _others:
        _CANON[_name] = _first

_LEAD = re.compile(r"^(?:the|in|at|to|from|near|of)\s+")
_PUNCT = re.compile(r"[^\w\s]+")


@lru_cache(maxsize=16384)
def place_key(text: str | None) -> str | None:
    """The canonical name of a place in the table ("the U.S." → "united states"), else None."""
    if not text:
        return None
    name = " ".join(_PUNCT.sub(" ", fold(text)).split())
    while True:
        stripped = _LEAD.sub("", name)
        if stripped == name:
            break
        name = stripped
    return _CANON.get(name)


def compatible(a: str | None, b: str | None) -> bool:
    """Both places are in the table and one is, or lies in, the other."""
    ka, kb = place_key(a), place_key(b)
    if ka is None or kb is None:
        return False
    return ka == kb or _WITHIN.get(ka) == kb or _WITHIN.get(kb) == ka
