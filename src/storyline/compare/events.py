"""The same event across articles: action, actor, target, date and place compatible."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from ..records import Event
from .actions import action_keys, class_only
from .groups import Group, Sources, Union
from .places import compatible, place_key
from .text import content_stems, date_range, fold, overlaps

# ---- events -------------------------------------------------------------------------------------

# Titles and roles say little about who: "Secretary of State" vs "Homeland Security Secretary".
_GENERIC = frozenset(
    content_stems(
        "president secretary minister official leader chief head senior deputy spokesperson state "
        "government administration authorities people group member"
    )
)


class EntityIndex:
    """Folded entity names and aliases -> entity id; finds the entity a phrase names."""

    def __init__(self, names: Mapping[str, str]) -> None:
        self.names = {fold(k): v for k, v in names.items() if k and len(k) > 1}
        self._longest = sorted(self.names, key=len, reverse=True)
        self._seen: dict[str, str | None] = {}

    def resolve(self, phrase: str | None) -> str | None:
        if not phrase:
            return None
        if phrase not in self._seen:
            self._seen[phrase] = self._resolve(phrase)
        return self._seen[phrase]

    def _resolve(self, phrase: str) -> str | None:
        folded = fold(phrase)
        if folded in self.names:
            return self.names[folded]
        padded = f" {folded} "
        for name in self._longest:
            if f" {name} " in padded:
                return self.names[name]
        return None


# Actions whose two sides are interchangeable: "A met B" is "B met A".
SYMMETRIC = frozenset({"meeting", "agreement", "talks"})
VAGUE_CLASSES = frozenset({"other", "statement", ""})
# Actions too common to name one event by themselves: they need a shared participant.
_LIGHT_TEXT = """say tell report state add note claim be have do make take give get go come put keep see know
    think believe call use serve find show help work want need seem become"""
LIGHT = frozenset(_LIGHT_TEXT.split())


def _light(verb: frozenset[str]) -> bool:
    return all(k in LIGHT or k.startswith("@") for k in verb)


# entity id, content stems, stems less titles, place name when the phrase is a known place
Role = tuple[str | None, frozenset[str], frozenset[str], str | None]


@dataclass(frozen=True, slots=True)
class EventView:
    """What comparing two events needs, computed once per event."""

    event: Event
    article: str
    verb: frozenset[str]
    span: tuple[date, date] | None
    place: frozenset[str] | None
    where: str | None  # the place as written
    actor: Role | None
    target: Role | None
    actor_id: int = -1  # interned roles (``_intern``): cheap keys for the participant memo
    target_id: int = -1
    generation: int = -1  # of the interned ids (a reset starts a new one)


def _role(phrase: str | None, entities: EntityIndex) -> Role | None:
    if not phrase:
        return None
    stems = content_stems(phrase)
    return entities.resolve(phrase), stems, stems - _GENERIC, place_key(phrase)


def event_view(e: Event, entities: EntityIndex, fallback_date: str | None = None) -> EventView:
    place = content_stems(e.place) if e.place else None
    return EventView(
        e,
        _article(e),
        action_keys(e.action),
        date_range(e.date or fallback_date),
        place or None,
        e.place,
        actor := _role(e.actor, entities),
        target := _role(e.target, entities),
        _intern(actor),
        _intern(target),
        _GENERATION[0],
    )


_ROLE_IDS: dict[Role, int] = {}
_ROLES: list[Role] = []
_GENERATION = [0]


def _intern(role: Role | None) -> int:
    """A small int per distinct role (-1: none), so pairs of events compare roles by int keys."""
    if role is None:
        return -1
    found = _ROLE_IDS.get(role)
    if found is None:
        if len(_ROLES) >= 200_000:  # a long-running server: start afresh (the memo with it)
            _ROLE_IDS.clear()
            _ROLES.clear()
            _participant_ids.cache_clear()
            _GENERATION[0] += 1
        found = _ROLE_IDS[role] = len(_ROLES)
        _ROLES.append(role)
    return found


@lru_cache(maxsize=65536)
def _role_match(a: Role | None, b: Role | None) -> int:
    """1: the same participant, 0: unknown, -1: two different named entities.

    Different words alone do not veto: "the gunman" and "Vale" may well be one person.
    """
    if a is None or b is None:
        return 0
    if a[3] and b[3] and compatible(a[3], b[3]):
        return 1  # "the U.S." and "Washington": one place named at two scales
    shared = overlaps(a[2], b[2]) if a[2] and b[2] else overlaps(a[1], b[1])
    if a[0] and b[0] and a[0] != b[0]:
        return 1 if shared else -1  # "Esther Williams" and a headline's "Esther Williams Dies"
    return 1 if shared or (a[0] and a[0] == b[0]) else 0


def _roles(actor_a: Role | None, target_a: Role | None, actor_b: Role | None, target_b: Role | None) -> int:
    """Participants shared (0–2), or -1 when one differs."""
    actor, target = _role_match(actor_a, actor_b), _role_match(target_a, target_b)
    if actor < 0 or target < 0:
        return -1
    return actor + target


def _participants(a: EventView, b: EventView) -> int:
    """Participants shared (0–2), or -1 when one differs or the roles are swapped ("A hit B", "B hit A")."""
    symmetric = a.event.cls in SYMMETRIC and b.event.cls in SYMMETRIC
    if a.generation != _GENERATION[0] or b.generation != _GENERATION[0]:
        return _participants_of(a.actor, a.target, b.actor, b.target, symmetric)  # interned before a reset
    return _participant_ids(a.actor_id, a.target_id, b.actor_id, b.target_id, symmetric)


@lru_cache(maxsize=262144)
def _participant_ids(actor_a: int, target_a: int, actor_b: int, target_b: int, symmetric: bool) -> int:
    def role(i: int) -> Role | None:
        return _ROLES[i] if i >= 0 else None

    return _participants_of(role(actor_a), role(target_a), role(actor_b), role(target_b), symmetric)


@lru_cache(maxsize=65536)
def _participants_of(
    actor_a: Role | None, target_a: Role | None, actor_b: Role | None, target_b: Role | None, symmetric: bool
) -> int:
    roles = _roles(actor_a, target_a, actor_b, target_b)
    if roles > 0 or (roles < 0 and not symmetric):
        return roles
    swapped = _roles(actor_a, target_a, target_b, actor_b)
    if symmetric:
        return swapped if swapped > 0 else roles  # "A met B" is "B met A"
    return -1 if swapped > 0 else roles


def _at_odds_where_when(a: EventView, b: EventView) -> bool:
    if a.span and b.span and (a.span[0] > b.span[1] or b.span[0] > a.span[1]):
        return True
    return bool(a.place and b.place and not overlaps(a.place, b.place) and not compatible(a.where, b.where))


def view_score(a: EventView, b: EventView) -> int:
    """0 when the two cannot be the same event, else how much speaks for it (shared participants, date, …).

    Action (its root or class), date, place and participants must be compatible; a vague action
    ("say", "make") or one shared only through the extractor's class also needs a shared participant.
    """
    same_verb = overlaps(a.verb, b.verb)
    ca, cb = a.event.cls, b.event.cls
    if not same_verb and (ca != cb or ca in VAGUE_CLASSES):
        return 0
    if _at_odds_where_when(a, b):
        return 0
    roles = _participants(a, b)
    if roles < 0 or (roles < 2 and not same_verb) or (roles == 0 and (_light(a.verb) or _light(b.verb))):
        return 0  # a participant differs, or nothing but a vague word links them
    if roles == 0 and class_only(a.verb, b.verb) and _both_name(a, b):
        return 0  # "agents detained some people" / "authorities apprehended 7,000 migrants"
    if roles == 0:
        return 1  # the same action, nobody named on both sides, nothing at odds: a weak link
    same_day = bool(a.span and a.span == b.span)
    return 1 + roles + same_day + bool(a.place and b.place) + same_verb


def _both_name(a: EventView, b: EventView) -> bool:
    """Both name the actor, or both name the target (and, as scored, not the same one)."""
    return bool((a.actor and b.actor) or (a.target and b.target))


def _signature(v: EventView) -> tuple[object, ...]:
    return (v.actor, v.target, v.span, v.place, v.event.cls in SYMMETRIC)


def _at_odds(a: EventView, b: EventView) -> bool:
    """Known to be different events: another day, another place, or another participant."""
    return _at_odds_where_when(a, b) or _participants(a, b) < 0


def _participant_keys(v: EventView) -> set[str]:
    keys: set[str] = set()
    for role in (v.actor, v.target):
        if role is None:
            continue
        if role[0]:
            keys.add(f"entity:{role[0]}")
        keys.update(role[2] or role[1])
    return keys


def event_score(a: Event, b: Event, entities: EntityIndex, date_a: str | None = None, date_b: str | None = None) -> int:
    """``view_score`` of two events; ``date_a``/``date_b`` stand in for a missing own date."""
    return view_score(event_view(a, entities, date_a), event_view(b, entities, date_b))


def same_event(a: Event, b: Event, entities: EntityIndex, date_a: str | None = None, date_b: str | None = None) -> bool:
    return event_score(a, b, entities, date_a, date_b) > 0


def align_events(
    events: Sequence[Event],
    entities: EntityIndex,
    sources: Sources,
    when: Mapping[str, str | None] | None = None,
) -> tuple[list[Event], list[Group]]:
    """Events with ``same_as`` and ``articles`` spanning every article that reports them.

    ``when`` maps an event id to a date for events that carry none (the date stated in its sentence).
    """
    when = when or {}
    views = [event_view(e, entities, when.get(e.id)) for e in events]
    union = Union(e.id for e in events)
    # Candidates share the verb, or the class and a participant (entity or core word): every
    # joinable pair does, and on big stories this keeps the pairs to those worth scoring.
    pairs: set[tuple[int, int]] = set()
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    weak: dict[str, list[int]] = defaultdict(list)
    for i, v in enumerate(views):
        for who in _participant_keys(v):
            for action in v.verb | {f"cls:{v.event.cls}"}:
                blocks[(action, who)].append(i)
        if not _light(v.verb):
            for key in v.verb:
                weak[key].append(i)
    # A weak link (the same action, nobody named on both sides) needs an action that is not vague.
    for idx in (*blocks.values(), *weak.values()):
        pairs.update((i, j) for x, i in enumerate(idx) for j in idx[x + 1 :])
    scored = {(i, j): view_score(views[i], views[j]) for i, j in pairs if views[i].article != views[j].article}
    # Best evidence first. Two groups join only when no member of one is at odds with a member of the
    # other (another actor, another day, another place): links chain, contradictions do not.
    # Members are kept once per distinct (actor, target, date, place, class): what _at_odds reads.
    members = {v.event.id: {_signature(v): i} for i, v in enumerate(views)}
    for (i, j), _ in sorted(((k, v) for k, v in scored.items() if v > 0), key=lambda kv: (-kv[1], kv[0])):
        ra, rb = union.find(events[i].id), union.find(events[j].id)
        if ra == rb or any(_at_odds(views[x], views[y]) for x in members[ra].values() for y in members[rb].values()):
            continue
        union.join(ra, rb)
        members[union.find(ra)] = {**members[rb], **members[ra]}
    by_id = {e.id: e for e in events}
    out: list[Event] = []
    groups: list[Group] = []
    comp_of: dict[str, list[str]] = {}
    for comp in union.components(e.id for e in events):
        for eid in comp:
            comp_of[eid] = comp
        arts = sources.sort(a for eid in comp for a in _articles(by_id[eid]))
        dates = [d for d in (by_id[eid].date or when.get(eid) for eid in comp) if d]
        found = max(dates, key=len) if dates else None
        groups.append(Group("event", tuple(comp), arts, by_id[comp[0]].text, found))
    arts_of = {g.items[0]: g.articles for g in groups}
    for e in events:
        comp = comp_of[e.id]
        same = tuple(sorted(x for x in comp if x != e.id))
        changed = same != e.same_as or arts_of[comp[0]] != e.articles
        out.append(e.replace(same_as=same, articles=arts_of[comp[0]]) if changed else e)
    return out, groups


def _article(e: Event) -> str:
    return e.article or (e.articles[0] if e.articles else "")


def _articles(e: Event) -> tuple[str, ...]:
    return e.articles or ((e.article,) if e.article else ())
