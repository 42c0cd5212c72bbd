"""Name folding, a small curated alias table, and the words that make up titles and roles."""

from __future__ import annotations

from ..text import name_key


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Curated aliases: folded alias → canonical name. Only well-known, unambiguous ones.
ALIASES: dict[str, str] = {
    "amlo": "Andrés Manuel López Obrador",
    "dhs": "Department of Homeland Security",
    "homeland security": "Department of Homeland Security",
    "homeland security department": "Department of Homeland Security",
    "cbp": "Customs and Border Protection",
    "u.s. customs and border protection": "Customs and Border Protection",
    "ice": "Immigration and Customs Enforcement",
    "nsc": "National Security Council",
    "un": "United Nations",
    "u.n.": "United Nations",
    "eu": "European Union",
    "e.u.": "European Union",
    "nato": "NATO",
    "fbi": "FBI",
    "federal bureau of investigation": "FBI",
    "cia": "CIA",
    "central intelligence agency": "CIA",
    "doj": "Justice Department",
    "department of justice": "Justice Department",
    "state department": "State Department",
    "department of state": "State Department",
    "gop": "Republican Party",
    "dnc": "Democratic National Committee",
    "rnc": "Republican National Committee",
    "us": "United States",
    "u.s.": "United States",
    "usa": "United States",
    "u.s.a.": "United States",
    "america": "United States",
    "the united states": "United States",
    "uk": "United Kingdom",
    "u.k.": "United Kingdom",
    "britain": "United Kingdom",
    "great britain": "United Kingdom",
    "who": "World Health Organization",
    "imf": "International Monetary Fund",
    "ap": "Associated Press",
    "dc": "Washington, D.C.",
    "d.c.": "Washington, D.C.",
    "washington dc": "Washington, D.C.",
    "washington d c": "Washington, D.C.",
    "district of columbia": "Washington, D.C.",
}
# Aliases that hold only for one kind of mention: "Washington" the place is the capital (a person
# named Washington, or "Washington state", stays apart).
PLACE_ALIASES: dict[str, str] = {"washington": "Washington, D.C."}
FOLDED_ALIASES: dict[str, str] = {name_key(k): v for k, v in ALIASES.items()}

# Acronyms that are also ordinary words: only an alias when written in capitals.
CAPS_ONLY = {"who", "ice", "us", "un", "ap"}

# Words that head a title before a name ("Secretary of State Antony Blinken").
TITLE_HEADS = _words(
    """
    adm administrator adviser advisor agent ambassador anchor attorney candidate capt ceo chair
    chairman chairwoman chancellor chief coach col commissioner congressman congresswoman councilman
    councilwoman deputy director dr envoy first foreign former founder gen general gov governor host
    judge justice king lady leader lt mayor minister mr mrs ms nominee officer pastor pope premier
    president prime prof professor queen rep representative rev secretary sen senator sgt sheriff
    speaker spokesman spokesperson spokeswoman undersecretary vice
    """
)
# Words that may continue an office name after "of" or before the head ("Homeland Security").
OFFICE_WORDS = _words(
    """
    affairs agriculture air and army border chiefs commerce communications council customs defence
    defense development economy education energy enforcement environment environmental federal
    finance force foreign government health home homeland house housing human immigration
    intelligence interior joint justice labor labour majority minority national navy office
    operations policy press protection public relations reserve safety security senate services
    staff state the trade transportation treasury u.s. urban us veterans war white
    """
)
# Nouns that mark a description, not a name ("a National Security Council Spokesperson").
ROLE_NOUNS = _words(
    """
    adviser advisers advisor advisors aide aides minister official officials representative
    representatives secretary source sources spokesman spokesmen spokespeople spokesperson
    spokeswoman staffer staffers
    """
)
HONORIFICS = {"mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "capt", "adm", "rev", "prof"}
PREFIXES = {"the", "u.s.", "us", "u.s", "american"}


# Words that say nothing about which story an article belongs to: titles, months, weekdays.
_UNINFORMATIVE = (
    TITLE_HEADS
    | ROLE_NOUNS
    | _words(
        """january february march april may june july august september october november december jan feb mar
        apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday today
        yesterday tomorrow mr mrs ms dr the a an it he she they we i this that there but and or in on at of
        admiral rear surgeon gmt utc bst ist est edt cst cdt pst pdt et pt cet"""
    )
)


def informative_name(name: str) -> bool:
    """A shared name worth showing as a reason (not "Secretary", "January", "Monday" or a number)."""
    words = name_key(name).split()
    if not words or len("".join(words)) < 2 or all(w[:1].isdigit() for w in words):
        return False  # numbers, ordinals ("101st"), years
    return not all(w in _UNINFORMATIVE or w[:1].isdigit() for w in words)
