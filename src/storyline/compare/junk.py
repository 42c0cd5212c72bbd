"""What is no fact worth showing in a comparison, kept out of agreed / possible / unique / conflicts.

Extraction keeps these (its scorers count them, and the article view shows them); the comparison
does not list them, because a reader would take them as things an outlet reported:

- a quote with no content clause: an indirect "quote" that is a bare noun phrase ("Business groups
  welcomed the agreement" → "the agreement"), or a short direct one that is only a name or title;
- a quote whose speaker is no source but a medium or object ("according to a recording", "the
  video shows") and names nobody;
- an outlet's own name as a fact of its own report (CNN's "a recording provided to CNN"), and
  names that say nothing on their own: a bare title ("Coach", "Surgeon General"), a month, a time
  zone, an ordinal ("101st");
- boilerplate figures: copyright lines, times of day, "1 of 5" photo counters, reading times,
  phone numbers, model or product numbers ("Boeing 737", "F-16", "iPhone 15"), numbers written with
  a leading zero ("07", "000": pieces of dates and scores), and bare numbers that count nothing
  named (no unit: mostly ages, scores, clock times), which no reader could check against another
  outlet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from ..extractors.aliases import informative_name
from ..records import Article, Conflict, Entity, Figure, Quote
from ..text import fold
from .align import is_bare_phrase
from .groups import Group
from .text import words

# Heads of speaker phrases that are things, not people or bodies that speak.
_MEDIA = frozenset(
    [
        "recording",
        "recordings",
        "video",
        "videos",
        "footage",
        "photo",
        "photos",
        "photograph",
        "photographs",
        "picture",
        "pictures",
        "image",
        "images",
        "map",
        "maps",
        "chart",
        "charts",
        "graphic",
        "graphics",
        "table",
        "tables",
        "caption",
        "captions",
        "transcript",
        "tape",
        "tapes",
        "audio",
        "clip",
        "clips",
        "screenshot",
        "screenshots",
        "data",
        "figures",
        "numbers",
        "document",
        "documents",
        "file",
        "files",
        "record",
        "records",
        "post",
        "posts",
        "tweet",
        "tweets",
        "email",
        "emails",
        "letter",
        "memo",
        "note",
        "notes",
        "website",
        "site",
        "page",
    ]
)
_PRONOUN_SPEAKERS = frozenset({"it", "this", "that", "which", "who", "whom", "evidence"})
_NAME_ONLY = re.compile(r"^[\"“‘']?(?:[A-Z][\w.’'-]*\s*){1,4}[\"”’']?[,.]?$")
_BOILER_BEFORE = re.compile(
    r"(?:©|\(c\)|copyright|all rights reserved|photo|image|slide|picture)\W*(?:\w+\W+){0,2}$", re.IGNORECASE
)
_BOILER_AFTER = re.compile(
    r"^\W*(?:of \d+\b|min(?:ute)?s? read\b|a\.?m\.?\b|p\.?m\.?\b|gmt\b|utc\b|et\b|est\b|edt\b|all rights)",
    re.IGNORECASE,
)
_TIME_OF_DAY = re.compile(r"^\d{1,2}[:.]\d{2}$")
_PHONE = re.compile(r"\d{3}[-. ]\d{3,4}[-. ]\d{4}")
_MODEL_CODE = re.compile(r"^[A-Z]{1,3}-?\d")
# "Boeing 737 jets", "Route 52", "Interstate 805": a name right before the number, not at a sentence start
_MODEL_BEFORE = re.compile(r"(?<![.!?\n]\s)(?<!^)\b[A-Z][A-Za-z]+\s$")


def quote_is_junk(q: Quote, outlet: str | None = None) -> bool:
    """A quote with no content clause, or one whose speaker is a medium or object, not a source."""
    if is_bare_phrase(q):
        return True
    if q.direct and len(words(q.text)) <= 4 and _NAME_ONLY.match(q.text.strip()) and not _has_lower(q.text):
        return True  # “Mexican Leaders”: a name or title in quote marks, no statement
    speaker = fold(q.speaker or "")
    if not speaker or q.speaker_entity:
        return False
    toks = speaker.replace("'s", "").split()
    head = toks[-1] if toks else ""
    if head in _MEDIA or speaker in _PRONOUN_SPEAKERS:
        return True
    return bool(outlet) and speaker == fold(outlet or "")


def _has_lower(text: str) -> bool:
    return any(w[:1].islower() for w in re.findall(r"[^\W\d_][\w’'-]*", text))


def figure_is_junk(f: Figure, body: str) -> bool:
    """Boilerplate (copyright, time of day, photo counter, reading time, phone) or a model number."""
    before = body[max(0, f.start - 24) : f.start]
    after = body[f.end : f.end + 16]
    text = f.text.strip()
    if _TIME_OF_DAY.match(text) or _BOILER_BEFORE.search(before) or _BOILER_AFTER.match(after):
        return True
    if _PHONE.search(body[max(0, f.start - 8) : f.end + 8]):
        return True
    if _MODEL_CODE.match(text):
        return True  # "F-16", "A320" read as one token
    if _MODEL_BEFORE.search(before) and not re.search(r"(?:^|[.!?\n]\s*)[A-Z][A-Za-z]+\s$", before):
        return True  # "Boeing 737 jets", "Route 52"
    if re.match(r"^0\d", text):
        return True  # "07 percent", "000": a piece of a date, time or score
    return not (f.unit or "").strip()  # counts nothing named: an age, a score, a clock time


def own_name(entity: Entity, article: Article) -> bool:
    """Is ``entity`` the outlet that wrote ``article`` (its own name is no fact of its report)?"""
    outlet = fold(article.outlet or "")
    if not outlet:
        return False
    names = {fold(entity.name), *(fold(a) for a in entity.aliases)}
    return outlet in names


class Shown:
    """Filters groups and conflicts down to the facts worth showing (see the module's list)."""

    def __init__(
        self,
        articles: Sequence[Article],
        quotes: Iterable[Quote],
        figures: Iterable[Figure],
        entities: Iterable[Entity],
        spans: Mapping[str, tuple[str, int, int]] | None = None,
    ) -> None:
        by_id = {a.id: a for a in articles}
        self.spans = spans or {}
        self.sources = articles
        self.junk: set[str] = set()
        for q in quotes:
            a = by_id.get(q.article)
            if quote_is_junk(q, a.outlet if a else None):
                self.junk.add(q.id)
        for f in figures:
            a = by_id.get(f.article)
            if figure_is_junk(f, a.body if a else ""):
                self.junk.add(f.id)
        # entity id -> articles where it is only that article's own outlet name
        self.own: dict[str, set[str]] = {}
        for e in entities:
            if not informative_name(e.name):
                self.junk.add(e.id)
            for aid in e.articles:
                a = by_id.get(aid)
                if a is not None and own_name(e, a):
                    self.own.setdefault(e.id, set()).add(aid)

    def keep(self, groups: Iterable[Group]) -> list[Group]:
        out = []
        for g in groups:
            if g.kind == "entity" and g.items and g.items[0] in self.junk:
                continue
            if g.kind == "entity" and g.items and g.items[0] in self.own:
                arts = tuple(a for a in g.articles if a not in self.own[g.items[0]])
                if arts:
                    out.append(Group(g.kind, g.items, arts, g.text, g.date, g.p))
                continue
            items = tuple(i for i in g.items if i not in self.junk)
            if not items:
                continue
            if items != g.items:
                # the group's articles are those of the facts it still holds
                held = {self.spans[i][0] for i in items if i in self.spans}
                arts = tuple(a for a in g.articles if a in held) if held else g.articles
                g = Group(g.kind, items, arts, g.text, g.date, g.p)
            out.append(g)
        return out

    def keep_conflict(self, c: Conflict) -> bool:
        return not any(i in self.junk for i in c.items)
