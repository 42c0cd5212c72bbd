"""Split a report's text into story body, photo captions, credits, byline and dateline.

``split(text)`` is deterministic and the only place that decides what the body is, so every
format gets the same treatment:

- a line (or paragraph) that ends in a photo credit — ``(AP Photo/Ross D. Franklin)``,
  ``REUTERS/Raquel Cunha``, ``Mandel Ngan/AFP via Getty Images``, ``(Photo by X/Getty Images)`` — is a
  caption: the credit goes to ``credits``, the rest to ``captions``; neither stays in the body,
  so no later stage reads a caption's date or place as the story's;
- a credit alone on a line makes the line just above it (same block) a caption too;
- ``By Jane Doe`` lines before the dateline are the byline (author), not body;
- the first body paragraph's lead-in ``(NewsNation) —``, ``Washington CNN —``,
  ``WASHINGTON (AP) —``, ``PHOENIX, Ariz. (AP) —`` or ``WASHINGTON —`` is removed from the body;
  its place goes to ``dateline`` (all-caps places in title case) and its outlet to ``outlet``.

The body is the remaining paragraphs joined by a blank line, with Unicode spaces (no-break, thin …)
turned into plain spaces and zero-width and control characters dropped. Hard-wrapped blocks (lines of similar
width, none over 100 characters) are joined into one paragraph; otherwise each line is a paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ZERO_WIDTH = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u00ad\u200b\u200c\u200d\u2060\ufeff]")  # and C0 controls

_NAME = r"[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|da|van|von|del|la|le|bin))*"
_AGENCY = (
    r"(?:REUTERS|Reuters|AFP|EPA(?:-EFE)?|AP|Getty Images|Bloomberg|Xinhua|Anadolu(?: Agency)?|"
    r"NurPhoto|Shutterstock|Sipa USA|ZUMA Press|Pool)"
)
_CAPS_ORG = r"[A-Z][A-Z&.'’-]+(?:[ -][A-Z][A-Z&.'’-]+){0,3}"  # MERIDIAN PRESS, HARBOURLINE
_ORG = r"[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,3}"  # Northwind Radio
# (AP Photo/Ross D. Franklin)  (Photo by John Moore/Getty Images)  (Gazette Photo: Ana Reyes, File)
# (Northwind Radio/Jon Aske)
_PAREN_CREDIT = (
    r"\((?P<paren>(?:[A-Z][\w.&'’-]*\s+){0,3}(?:File\s+)?(?:Photos?|Image|Video)\s*(?:/|by\s|:)\s*[^()]{2,80}?"
    rf"|{_ORG}/{_NAME}(?:,\s*File)?)\)"
)
# REUTERS/Raquel Cunha   REUTERS/Raquel Cunha/File Photo   HARBOURLINE/Tomas Ek
_AGENCY_SLASH = rf"(?P<agency>(?:{_AGENCY}|{_CAPS_ORG})/{_NAME}(?:/[A-Z][\w ]{{0,30}})?)"
# Mandel Ngan/AFP via Getty Images
_NAME_SLASH = rf"(?P<named>{_NAME}/{_AGENCY}(?:\s+via\s+Getty Images)?)"
_CREDIT_AT_END = re.compile(rf"(?:{_PAREN_CREDIT}|{_AGENCY_SLASH}|{_NAME_SLASH})\s*\.?$")
_CREDIT_HINT = re.compile(r"/|Photo|Image|Video")
_CREDIT_TAIL = 200  # a credit (and the part of it the regex needs) fits in the last 200 characters
_CREDIT_LINE = re.compile(r"^(?:Photo|Image|Photograph|Credit|Photo credit)\s*:\s*(?P<label>.{2,80})$")

_SENTENCE_END = tuple('.!?"”’:')
_BYLINE = re.compile(r"^By\s+(?P<author>[A-Z][^\n]{1,80})$")

_DASH = r"(?:\s*[—–―]+\s*|\s+--?\s+|\s*--?$)"
_PLACE = r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}?(?:,\s*[A-Z][\w.]*\.?(?:\s+[A-Z][\w.]*\.?)?)?"
_KNOWN_OUTLETS = r"CNN(?:\s+Business)?|CNBC|CBS News|NBC News|ABC News|BBC(?:\s+News)?|NPR|Fox News|NewsNation"
_DATELINES = (
    # (NewsNation) —
    re.compile(rf"^\((?P<outlet>[A-Z][\w.&'’ -]{{1,40}}?)\){_DASH}"),
    # WASHINGTON (AP) —   PHOENIX, Ariz. (AP) —   Mexico City (Reuters) -
    re.compile(rf"^(?P<place>{_PLACE})\s*\((?P<outlet>[A-Z][\w.&'’ -]{{1,40}}?)\){_DASH}"),
    # Washington CNN —
    re.compile(rf"^(?P<place>{_PLACE})\s+(?P<outlet>{_KNOWN_OUTLETS}|[A-Z]{{2,6}}){_DASH}"),
    # WASHINGTON —   PORT VELLAN, Varrow Province —
    re.compile(rf"^(?P<place>[A-Z][A-Z.'’ -]{{2,40}}?(?:,\s*[A-Z][\w.]*\.?(?:\s+[A-Z][\w.]*\.?){{0,2}})?){_DASH}"),
)


@dataclass(frozen=True, slots=True)
class Parts:
    body: str
    captions: tuple[str, ...] = ()
    credits: tuple[str, ...] = ()
    dateline: str | None = None
    outlet: str | None = None  # from the dateline cue
    author: str | None = None  # from a byline line


def clean_line(line: str) -> str:
    """One line with Unicode spaces made plain, zero-width and control characters dropped, runs collapsed."""
    if not line.isprintable():  # fast path: most lines hold nothing to drop
        line = _ZERO_WIDTH.sub("", line)
    return " ".join(line.split())


def split_credit(text: str) -> tuple[str, str | None]:
    """``("caption text", "credit")`` when ``text`` ends in a photo credit, else ``(text, None)``."""
    text = text.strip()
    label = _CREDIT_LINE.match(text)
    if label:
        return "", label.group("label").strip()
    tail = len(text) - _CREDIT_TAIL
    if not _CREDIT_HINT.search(text, max(0, tail)):
        return text, None  # cheap test first: most lines are story text
    m = _CREDIT_AT_END.search(text, max(0, tail))
    if m is None:
        return text, None
    credit = next(g for g in (m.group("paren"), m.group("agency"), m.group("named")) if g)
    return text[: m.start()].strip(), credit.strip()


def split(text: str) -> Parts:
    """The parts of one report's text (see the module docstring)."""
    captions: list[str] = []
    credits: list[str] = []
    paragraphs: list[str] = []
    for block in _blocks(text):
        kept: list[str] = []
        for para in _paragraphs(block):
            caption, credit = split_credit(para)
            if credit is None:
                kept.append(para)
                continue
            credits.append(credit)
            if not caption and kept:  # a credit on its own line: the line above is its caption
                caption = kept.pop()
            if caption:
                captions.append(caption)
        paragraphs.extend(kept)
    author, paragraphs = _byline(paragraphs)
    dateline, outlet, paragraphs = _dateline(paragraphs)
    return Parts(
        body="\n\n".join(paragraphs),
        captions=tuple(captions),
        credits=tuple(credits),
        dateline=dateline,
        outlet=outlet,
        author=author,
    )


def _blocks(text: str) -> list[list[str]]:
    """Non-empty cleaned lines, grouped into blank-line separated blocks."""
    blocks: list[list[str]] = [[]]
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = clean_line(raw)
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _paragraphs(lines: list[str]) -> list[str]:
    """A hard-wrapped block becomes one paragraph; otherwise each line is one.

    Wrapped: the lines before the last are of similar width (none over 100 characters) and
    most of them stop mid-sentence.
    """
    if len(lines) < 2:
        return lines
    widths = [len(line) for line in lines[:-1]]
    ended = sum(line.endswith(_SENTENCE_END) for line in lines[:-1])
    similar = max(widths) <= 100 and min(widths) >= 0.6 * max(widths)
    if similar and 2 * ended < len(widths) and not lines[0].endswith(("—", "-")):
        return [" ".join(lines)]
    return lines


def _byline(paragraphs: list[str]) -> tuple[str | None, list[str]]:
    for i, para in enumerate(paragraphs[:3]):
        m = _BYLINE.match(para)
        if m and len(para.split()) <= 12:
            return m.group("author").strip(), paragraphs[:i] + paragraphs[i + 1 :]
    return None, paragraphs


def _dateline(paragraphs: list[str]) -> tuple[str | None, str | None, list[str]]:
    if not paragraphs:
        return None, None, paragraphs
    first = paragraphs[0]
    for pattern in _DATELINES:
        m = pattern.match(first)
        if m is None:
            continue
        groups = m.groupdict()
        place = groups.get("place")
        rest = first[m.end() :].strip()
        if place and not _plausible_place(place):
            continue
        if rest and not (rest[0].isupper() or rest[0].isdigit() or rest[0] in "“\"‘'"):
            continue  # "Washington-based …" is a sentence, not a dateline
        out = ([rest] if rest else []) + paragraphs[1:]
        return (_title_case(place) if place else None), (groups.get("outlet") or None), out
    return None, None, paragraphs


def _plausible_place(place: str) -> bool:
    words = place.replace(",", " ").split()
    return 0 < len(words) <= 5 and not any(w in {"The", "A", "An", "I", "We", "It"} for w in words[:1])


def _title_case(place: str) -> str:
    """``MEXICO CITY`` → ``Mexico City``; ``PHOENIX, Ariz.`` → ``Phoenix, Ariz.``; mixed case kept."""
    head, comma, tail = place.strip(" ,").partition(",")
    letters = [c for c in head if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        words = []
        for word in head.split(" "):
            if re.fullmatch(r"(?:[A-Z]\.){2,}", word):  # D.C., U.S.
                words.append(word)
            else:
                words.append("-".join(p.capitalize() for p in word.split("-")))
        head = " ".join(words)
    if tail.strip() and all(c.isupper() for c in tail if c.isalpha()) and "." not in tail:
        tail = " " + tail.strip().title()
    return head + comma + tail
