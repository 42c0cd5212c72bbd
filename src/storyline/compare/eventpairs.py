"""What speaks for two events being one: the features the event-pair model weighs.

Each event is read once (``EventInfo``: its action keys, participants, place, date, the sentence it
stands in, the named entities and numbers of that sentence); a pair is then a short vector of
numbers (``FEATURES``), the same in ECB+ training (``benchmarks/train_event_pairs.py``) and in a
story's comparison. Nothing here decides: ``eventmodel`` turns the vector into a probability.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from ..records import Event
from .actions import class_only
from .events import (
    SYMMETRIC,
    VAGUE_CLASSES,
    EntityIndex,
    EventView,
    _light,
    _participant_keys,
    _participants,
    _role_match,
    event_view,
    view_score,
)
from .places import compatible
from .text import content_stems, overlaps

# The features, in the order of the model's weights. Booleans are 0/1.
FEATURES = (
    "same_root",  # the action words share a root ("arrested" / "arrest")
    "class_only",  # they meet only through a class of action ("arrested" / "detained")
    "same_class",  # extraction gave both the same (non-vague) class
    "light",  # either action is a light, everyday verb ("make", "take")
    "actor_same",
    "actor_diff",  # two different named actors
    "target_same",
    "target_diff",
    "roles_swapped",  # "A hit B" / "B hit A" (a non-symmetric action)
    "entities_shared",  # log(1 + named entities both sentences mention)
    "entities_disjoint",  # both sentences name entities, none in common
    "place_same",
    "place_diff",
    "date_same",  # the same calendar span
    "date_diff",  # calendar spans that do not meet
    "numbers_shared",  # the sentences state a number in common
    "numbers_disjoint",  # both state numbers, none in common
    "words",  # Jaccard overlap of the sentences' content stems
    "words_root",  # words × same_root
    "lead",  # both stand in the first three sentences of their report
    "spread",  # share of the story's reports with an event of this root (the story's main event?)
    "spread_root",  # spread × same_root
    "actor_other",  # both name an actor, not known to be the same one
    "target_other",
    "support",  # what the compatibility rules (``events.view_score``) find speaking for it (1-6)
    "repeats",  # log(1 + how often the root recurs in the less insistent of the two reports)
    "first",  # both stand in the first sentence of their report
    "same_lemma",  # the very same action lemma ("arrest" / "arrests"), not only a shared root or class
    "same_form",  # the same trigger word as written
    "words_idf",  # cosine of the sentences' content stems, each weighed by its rarity in the story
    "near",  # Jaccard overlap of the content stems right around the two triggers
    "lemma_spread",  # share of the story's reports that use this very lemma (the lesser of the two)
    "position_min",  # log(1 + sentence number) of the earlier of the two
    "position_max",  # log(1 + sentence number) of the later of the two
    "shared_words",  # log(1 + content stems the sentences share)
    "same_cls",  # extraction gave both the same class, vague ones included
)

LEAD_SENTENCES = 3
NEAR = 40  # characters either side of a trigger read as its immediate context
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
_YEAR = re.compile(r"(?:19|20)\d\d")
_NUMBER_WORDS = frozenset(
    [
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "fifteen",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "hundred",
        "hundreds",
        "thousand",
        "thousands",
        "million",
        "millions",
        "billion",
        "dozen",
        "dozens",
    ]
)
# Ordinals as the digits they stand for: "the fifth round" and "the 6th round" state different numbers
# ("first" is left out: "for the first time" says no number).
_ORDINALS = {
    w: str(n)
    for n, w in enumerate(
        ["second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth"],
        start=2,
    )
}


@dataclass(frozen=True, slots=True)
class EventInfo:
    """One event as the pair features read it."""

    view: EventView
    position: int  # sentence number in its report (0: the first)
    stems: frozenset[str]  # content stems of its sentence
    entities: frozenset[str]  # entity ids named in its sentence
    numbers: frozenset[str]
    roots: frozenset[str]  # action keys that are roots, not classes
    date: str | None = None  # its own date, else the calendar date its sentence states
    spread: float = 0.0
    repeats: int = 0  # other events of its report with the same root
    near: frozenset[str] = frozenset()  # content stems within ``NEAR`` characters of the trigger
    lemma_spread: float = 0.0  # share of the story's reports using this very action lemma
    weight: Mapping[str, float] = field(default_factory=dict)  # the story's squared stem weights (shared)
    norm: float = 0.0  # length of ``stems`` under those weights

    @property
    def event(self) -> Event:
        return self.view.event


def numbers_in(text: str) -> frozenset[str]:
    """Numbers a sentence states (years left out: those are dates), digits, common number words and
    ordinals ("fifth" as "5", as "5th" reads)."""
    found = {m.replace(",", "") for m in _NUMBER.findall(text) if not _YEAR.fullmatch(m)}
    for w in re.findall(r"[a-z]+", text.lower()):
        if w in _NUMBER_WORDS:
            found.add(w)
        elif w in _ORDINALS:
            found.add(_ORDINALS[w])
    return frozenset(found)


def event_info(
    e: Event,
    entities: EntityIndex,
    *,
    sentence: str,
    position: int,
    named: frozenset[str],
    date: str | None = None,
    near: str = "",
) -> EventInfo:
    """``near``: the text within ``NEAR`` characters either side of the trigger."""
    view = event_view(e, entities, date)
    roots = frozenset(k for k in view.verb if not k.startswith("@"))
    stems = content_stems(sentence)
    return EventInfo(
        view, position, stems, named, numbers_in(sentence), roots, e.date or date, near=content_stems(near)
    )


def with_spread(infos: Sequence[EventInfo], n_articles: int) -> list[EventInfo]:
    """Each event with what the whole story says about it: the share of the story's reports that have
    an event of its root (and of its very lemma), and how rare each word of its sentence is there."""
    seen: dict[str, set[str]] = {}
    lemmas: dict[str, set[str]] = {}
    per_report: dict[tuple[str, str], int] = {}
    for x in infos:
        for r in x.roots:
            seen.setdefault(r, set()).add(x.view.article)
            per_report[(x.view.article, r)] = per_report.get((x.view.article, r), 0) + 1
        lemmas.setdefault(x.event.action, set()).add(x.view.article)
    # a word's weight: log of (sentences + 1) / (sentences holding it + 1), plus one; each sentence once
    sentences = {(x.view.article, x.stems) for x in infos}
    df = Counter(w for _, stems in sentences for w in stems)
    n = len(sentences) + 1
    weight = {w: (math.log(n / (1 + k)) + 1.0) ** 2 for w, k in df.items()}
    total = max(1, n_articles)
    out = []
    for x in infos:
        share = max((len(seen[r]) for r in x.roots), default=1) / total
        repeats = max((per_report[(x.view.article, r)] - 1 for r in x.roots), default=0)
        norm = math.sqrt(sum(map(weight.__getitem__, x.stems)))
        lemma_share = len(lemmas[x.event.action]) / total
        out.append(replace(x, spread=share, repeats=repeats, lemma_spread=lemma_share, weight=weight, norm=norm))
    return out


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def pair_features(a: EventInfo, b: EventInfo, rules: int | None = None) -> list[float]:
    """The ``FEATURES`` of two events (``rules``: their ``view_score`` when already known)."""
    va, vb = a.view, b.view
    same_root = float(overlaps(a.roots, b.roots))
    shared_keys = va.verb & vb.verb
    only_class = float(bool(shared_keys) and class_only(va.verb, vb.verb))
    ca, cb = va.event.cls, vb.event.cls
    actor, target = _role_match(va.actor, vb.actor), _role_match(va.target, vb.target)
    roles = _participants(va, vb)
    swapped = float(roles < 0 and actor >= 0 and target >= 0 and not (ca in SYMMETRIC and cb in SYMMETRIC))
    shared_entities = len(a.entities & b.entities)
    place_same = place_diff = 0.0
    if va.place and vb.place:
        if overlaps(va.place, vb.place) or compatible(va.where, vb.where):
            place_same = 1.0
        else:
            place_diff = 1.0
    date_same = date_diff = 0.0
    if va.span and vb.span:
        if va.span == vb.span:
            date_same = 1.0
        elif va.span[0] > vb.span[1] or vb.span[0] > va.span[1]:
            date_diff = 1.0
    words = _jaccard(a.stems, b.stems)
    rules = view_score(va, vb) if rules is None else rules
    spread = min(a.spread, b.spread)
    shared = a.stems & b.stems
    cosine = 0.0
    if shared and a.norm and b.norm and a.weight is b.weight:  # weights of one story
        cosine = sum(map(a.weight.__getitem__, shared)) / (a.norm * b.norm)
    return [
        same_root,
        only_class,
        float(ca == cb and ca not in VAGUE_CLASSES),
        float(_light(va.verb) or _light(vb.verb)),
        float(actor > 0),
        float(actor < 0),
        float(target > 0),
        float(target < 0),
        swapped,
        math.log1p(shared_entities),
        float(bool(a.entities and b.entities) and not shared_entities),
        place_same,
        place_diff,
        date_same,
        date_diff,
        float(bool(a.numbers & b.numbers)),
        float(bool(a.numbers and b.numbers) and not a.numbers & b.numbers),
        words,
        words * same_root,
        float(a.position < LEAD_SENTENCES and b.position < LEAD_SENTENCES),
        spread,
        spread * same_root,
        float(bool(va.actor and vb.actor) and actor == 0),
        float(bool(va.target and vb.target) and target == 0),
        float(rules),
        math.log1p(min(a.repeats, b.repeats)) * same_root,
        float(a.position == 0 and b.position == 0),
        float(va.event.action == vb.event.action),
        float(va.event.text.lower() == vb.event.text.lower()),
        cosine,
        _jaccard(a.near, b.near),
        min(a.lemma_spread, b.lemma_spread),
        math.log1p(min(a.position, b.position)),
        math.log1p(max(a.position, b.position)),
        math.log1p(len(shared)),
        float(ca == cb),
    ]


def candidate_keys(x: EventInfo) -> set[str]:
    """Blocking keys: two events are scored when they share one: an action key, or extraction's class
    together with a participant (two actions of one class meet only with both participants shared,
    see ``events.view_score``)."""
    keys = {f"a:{k}" for k in x.view.verb}
    cls = x.view.event.cls
    if cls not in VAGUE_CLASSES:
        keys.update(f"c:{cls}:{who}" for who in _participant_keys(x.view))
    return keys
