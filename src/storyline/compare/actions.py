"""What an action word names: its root and the class of newsworthy action it belongs to.

``action_keys("arrested") & action_keys("detention")`` is non-empty: the same kind of action.
A word may sit in several classes ("fire" a coach, a "fire" in a warehouse); two actions match when
they share any key, so "sack" ~ "fire" and "blaze" ~ "fire" but not "sack" ~ "blaze".
The classes are general news vocabulary, not tuned to one corpus's topics. They hold words for one
act, not for steps of one affair: "arson" (the crime) is not the "fire", "convict" is not "sentence",
"steal" (one act of a heist) is not the "robbery".
"""

from __future__ import annotations

from functools import lru_cache

from .text import content_stems, fold

# Derived and irregular forms -> root (what a suffix cut cannot find: "death" -> "die").
_ROOT = {
    "death": "die",
    "dead": "die",
    "dying": "die",
    "dies": "die",
    "died": "die",
    "shot": "shoot",
    "shooting": "shoot",
    "shootings": "shoot",
    "shooter": "shoot",
    "killing": "kill",
    "killings": "kill",
    "kills": "kill",
    "killed": "kill",
    "slaying": "slay",
    "slayings": "slay",
    "slain": "slay",
    "earthquake": "quake",
    "earthquakes": "quake",
    "explosion": "explode",
    "explosions": "explode",
    "robbery": "rob",
    "robberies": "rob",
    "theft": "steal",
    "thefts": "steal",
    "stolen": "steal",
    "injury": "injure",
    "injuries": "injure",
    "injured": "injure",
    "election": "elect",
    "elections": "elect",
    "nomination": "nominate",
    "nominee": "nominate",
    "nominations": "nominate",
    "announcement": "announce",
    "appointment": "appoint",
    "resignation": "resign",
    "investigation": "investigate",
    "collision": "collide",
    "acquisition": "acquire",
    "arrests": "arrest",
    "arrested": "arrest",
    "detention": "detain",
    "capture": "capture",
    "escapee": "escape",
    "sale": "sell",
    "purchase": "buy",
    "decision": "decide",
    "agreement": "agree",
    "marriage": "marry",
    "wedding": "marry",
    "conviction": "convict",
    "indictment": "indict",
    "accusation": "accuse",
    "discovery": "discover",
    "rescue": "rescue",
    "departure": "depart",
    "attempt": "attempt",
    "victory": "win",
    "won": "win",
    "loss": "lose",
    "lost": "lose",
    "firing": "fire",
}

# Classes of action that news reports name with different words.
_CLASSES: dict[str, tuple[str, ...]] = {
    "@kill": ("kill", "murder", "slay", "homicide", "assassinate", "assassination"),
    "@die": ("die", "perish", "fatality"),
    "@arrest": ("arrest", "detain", "apprehend", "nab", "capture", "custody", "apprehension"),
    "@dismiss": ("fire", "sack", "dismiss", "dismissal", "oust", "ouster", "axe", "ax"),
    "@blaze": ("fire", "blaze", "inferno", "flames"),
    "@quake": ("quake", "tremor", "temblor"),
    "@shoot": ("shoot", "gunfire", "gunshot"),
    "@explode": ("explode", "blast", "detonate", "detonation"),
    "@rob": ("rob", "heist", "burglary", "burgle"),
    "@injure": ("injure", "wound", "hurt"),
    "@crash": ("crash", "collide", "wreck"),
    "@strike": ("hit", "strike", "struck", "rock", "jolt"),
    "@win": ("win", "victory", "beat", "defeat", "triumph"),
    "@elect": ("elect", "vote", "ballot"),
    "@appoint": ("appoint", "name", "tap", "pick"),
    "@hire": ("hire", "recruit"),
    "@resign": ("resign", "quit"),
    "@escape": ("escape", "flee", "breakout"),
    "@free": ("release", "free", "freed"),
    "@charge": ("charge", "accuse", "indict"),
    "@foil": ("foil", "thwart", "repel", "repulse"),
    "@sever": ("cut", "sever"),
    "@fix": ("fix", "patch", "repair"),
    "@buy": ("acquire", "buy", "takeover"),
    "@attack": ("attack", "assault"),
    "@talks": ("meet", "meeting", "talks", "summit"),
    "@discover": ("discover", "find"),
    "@announce": ("announce", "unveil"),
    "@protest": ("protest", "demonstrate", "demonstration", "rally"),
    "@riot": ("riot", "unrest", "clash"),
}
_CLASS_OF: dict[str, list[str]] = {}
for _cls, _words in _CLASSES.items():
    for _w in _words:
        _CLASS_OF.setdefault(_w, []).append(_cls)


def root(word: str) -> str:
    """The root of one action word: 'earthquake' -> 'quake', 'shootings' -> 'shoot'."""
    w = fold(word)
    return _ROOT.get(w, w)


@lru_cache(maxsize=16384)
def action_keys(action: str) -> frozenset[str]:
    """Stems of the action word and of its root, plus the classes the root belongs to.

    A phrasal action ("crack down") is keyed by its verb and the whole phrase, never by the
    particle: "tear down" is not "crack down".
    """
    folded = fold(action)
    verb = (folded.split() or [""])[0]
    base = root(verb)
    keys = set(content_stems(base) | content_stems(verb) or {base})
    keys.update(_CLASS_OF.get(base, ()), _CLASS_OF.get(verb, ()), _CLASS_OF.get(folded, ()))
    if folded != verb:
        keys.add(folded)
    return frozenset(keys)


def class_only(a: frozenset[str], b: frozenset[str]) -> bool:
    """The two keys meet only through a class ("arrest" / "detain"), not through one root."""
    return all(k.startswith("@") for k in a & b)
