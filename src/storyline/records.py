"""The typed records every stage passes on (docs/json-contract.md: the JSON contract they follow).

Records are frozen dataclasses; ``to_dict`` / ``from_dict`` exist only for the edges
(JSON export, database rows).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import types
import typing
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T", bound="Record")


class Record:
    """Mixin: plain-dict conversion for the edges."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        return {f.name: _plain(getattr(self, f.name)) for f in dataclasses.fields(self)}  # type: ignore[arg-type]

    @classmethod
    def from_dict(cls: type[T], data: dict[str, Any]) -> T:
        kwargs = {}
        for name, hint in _fields(cls):  # type: ignore[arg-type]  # a class is hashable
            if name in data:
                kwargs[name] = _build(hint, data[name])
        return cls(**kwargs)

    def replace(self: T, **changes: Any) -> T:
        return dataclasses.replace(self, **changes)  # type: ignore[type-var]


@functools.cache
def _fields(cls: type) -> tuple[tuple[str, Any], ...]:
    """Each field's name and resolved type, once per class: resolving the hints compiles their
    strings, and doing it per record was most of reading a story with 10,000 facts back."""
    hints = typing.get_type_hints(cls)
    return tuple((f.name, hints[f.name]) for f in dataclasses.fields(cls))


def _plain(value: Any) -> Any:
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _build(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return _build(inner[0], value) if len(inner) == 1 else value
    if origin is tuple:
        return tuple(_build(args[0], v) for v in value)
    if origin is dict:
        return {k: _build(args[1], v) for k, v in value.items()}
    if isinstance(hint, type) and issubclass(hint, Record):
        return hint.from_dict(value)
    return value


# ---- ingest -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Article(Record):
    """One report. ``body`` is the story text only: captions and credits are split off."""

    id: str
    body: str
    outlet: str | None = None
    published: str | None = None  # YYYY-MM-DD
    title: str | None = None
    dateline: str | None = None
    credits: tuple[str, ...] = ()
    captions: tuple[str, ...] = ()
    source: str | None = None  # path or URL it was read from
    url: str | None = None  # canonical URL when known
    author: str | None = None
    duplicate_of: str | None = None
    reference_date: str | None = None
    reference_estimated: bool = False
    content_hash: str = ""
    format: str = "text"
    warnings: tuple[str, ...] = ()
    language: str | None = None  # ISO 639-1, detected at ingest; None when the text is too short to tell


# ---- extract ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mention(Record):
    """An entity mention in one article; ``key`` joins mentions of one entity."""

    article: str
    start: int
    end: int
    text: str
    type: str
    key: str  # canonical matching key (folded full name)
    name: str  # canonical name as this article spells it best
    role: str | None = None


@dataclass(frozen=True, slots=True)
class Entity(Record):
    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()


def entity_id(key: str) -> str:
    """The id an Entity carries for its index key (the store's name key): stable across runs."""
    return "e-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


@dataclass(frozen=True, slots=True)
class Quote(Record):
    id: str
    article: str
    start: int
    end: int
    text: str
    direct: bool
    cue: str | None = None
    speaker: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_entity: str | None = None
    same_as: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Figure(Record):
    id: str
    article: str
    start: int
    end: int
    text: str
    value: float
    low: float | None = None
    high: float | None = None
    approx: bool = False
    unit: str | None = None
    predicate: str | None = None
    date: str | None = None
    place: str | None = None
    same_as: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TimeExpr(Record):
    """A time expression and its ISO value at the precision the text supports."""

    id: str
    article: str
    start: int
    end: int
    text: str
    value: str | None  # 2023-12-27, 2024-01, 2023, P3D, PAST_REF …
    type: str = "DATE"  # DATE | TIME | DURATION | SET
    anchored: bool = False  # resolved against the reference date


@dataclass(frozen=True, slots=True)
class Event(Record):
    id: str
    articles: tuple[str, ...]
    actor: str | None
    action: str
    target: str | None
    date: str | None
    place: str | None
    text: str
    article: str = ""
    start: int = 0
    end: int = 0
    cls: str = "other"  # meeting | visit | enforcement | statement | agreement | …
    same_as: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Facts(Record):
    """Everything extraction found in one article."""

    article: str
    mentions: tuple[Mention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    figures: tuple[Figure, ...] = ()
    dates: tuple[TimeExpr, ...] = ()
    events: tuple[Event, ...] = ()
    reference_date: str | None = None
    reference_estimated: bool = False
    warnings: tuple[str, ...] = ()


# ---- compare / present ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Agreed(Record):
    """Facts two or more independent outlets state (in ``Comparison.agreed``), or may state
    (in ``Comparison.possible``); ``p``: the probability that they state the same fact."""

    kind: str
    text: str
    articles: tuple[str, ...]
    items: tuple[str, ...] = ()
    p: float | None = None


@dataclass(frozen=True, slots=True)
class Unique(Record):
    """What one outlet alone states: the facts (``items``) of one of its sentences, or one name.

    ``kind`` is the main kind ("event" before "quote" before "figure"); ``kinds`` all of them.
    """

    kind: str
    text: str
    items: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()

    @property
    def item(self) -> str | None:
        return self.items[0] if self.items else None


@dataclass(frozen=True, slots=True)
class Conflict(Record):
    kind: str
    items: tuple[str, ...]
    why: str
    articles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Comparison(Record):
    """Each fact id is in at most one of agreed / possible / unique / conflicts."""

    agreed: tuple[Agreed, ...] = ()
    unique: dict[str, tuple[Unique, ...]] = field(default_factory=dict)
    conflicts: tuple[Conflict, ...] = ()
    possible: tuple[Agreed, ...] = ()


@dataclass(frozen=True, slots=True)
class Moment(Record):
    date: str | None  # None: the "undated" part
    text: str
    articles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Line(Record):
    text: str
    articles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StoryCard(Record):
    """A story as a list shows it, without building its comparison."""

    id: str
    title: str
    articles: int
    outlets: tuple[str, ...]  # every outlet, sorted
    independent_outlets: int  # outlets with an article of their own, not a marked copy of another
    first: str | None  # earliest publication date
    last: str | None


@dataclass(frozen=True, slots=True)
class Related(Record):
    """Another story on the same topic: linked, not merged. ``kind`` "possible" when the pair
    model gives at least a band threshold that the two are one event (``cluster.doubt``), else
    "topic"."""

    id: str
    title: str
    similarity: float  # cosine of the two stories' centroids
    p: float | None = None  # probability the two stories are one event (None: not measured)
    kind: str = "topic"
    why: str = ""  # one sentence: the probability, what both name, what differs
    shared: tuple[str, ...] = ()  # heaviest names / numbers both name
    words: tuple[str, ...] = ()  # heaviest other words both use
    differs: tuple[str, ...] = ()  # what differs (years, names only one side has)


@dataclass(frozen=True, slots=True)
class Story(Record):
    id: str
    title: str
    articles: tuple[Article, ...] = ()
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    figures: tuple[Figure, ...] = ()
    events: tuple[Event, ...] = ()
    dates: tuple[TimeExpr, ...] = ()
    comparison: Comparison = field(default_factory=Comparison)
    timeline: tuple[Moment, ...] = ()
    summary: tuple[Line, ...] = ()
    related: tuple[Related, ...] = ()
