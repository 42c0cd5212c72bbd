"""Long bodies in pieces: cut at paragraph or sentence ends; facts shifted back to body offsets.

The parser needs about 1 GB per 100,000 characters at once, and some extractors grow faster than
linearly with a Doc's length, so a long body is parsed and read one chunk at a time. Facts found
in a chunk are moved by the chunk's start and renumbered so ids stay unique in the article.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TypeVar

from ..records import Event, Figure, Mention, Quote, TimeExpr

CHUNK_CHARS = 50_000
# The parser's memory grows with the characters parsed at once: ``nlp.pipe`` gets batches of at
# most this many characters (chunks of one long body, or many short articles), never a whole 1 MB body.
BATCH_CHARS = 100_000
# spaCy's tokenizer strips prefixes and suffixes one at a time, re-matching what is left: a run
# without spaces costs time quadratic in its length (20,000 "(" took 38 s, 1 MB of '"' ran out of
# memory). No word, number or name is this long, so such a run is blanked (same length, offsets
# unchanged) before parsing, with a warning.
LONG_RUN = 100
_LONG_RUN = re.compile(rf"\S{{{LONG_RUN},}}")

F = TypeVar("F", Mention, Quote, Figure, TimeExpr, Event)
_ID = re.compile(r"^(?P<stem>.*:[A-Za-z]+)(?P<n>\d+)$")


def split_chunks(body: str, size: int | None = None) -> list[tuple[int, int]]:
    """Cut ``body`` into spans of at most ``size`` characters that join back to it exactly.

    A cut falls after a blank line, else a line end, else a sentence end, else a space, in the
    second half of the window; a text with none of those is cut hard.
    """
    size = size or CHUNK_CHARS
    spans: list[tuple[int, int]] = []
    start = 0
    while len(body) - start > size:
        window = body[start + size // 2 : start + size]
        cut = -1
        for separator in ("\n\n", "\n", ". ", " "):
            found = window.rfind(separator)
            if found >= 0:
                cut = start + size // 2 + found + len(separator)
                break
        end = cut if cut > start else start + size
        spans.append((start, end))
        start = end
    spans.append((start, len(body)))
    return spans


def blank_long_runs(text: str) -> tuple[str, int]:
    """``text`` with each run of ``LONG_RUN``+ non-space characters turned into spaces, and how
    many characters were blanked."""
    blanked = 0

    def blank(m: re.Match[str]) -> str:
        nonlocal blanked
        blanked += len(m.group(0))
        return " " * len(m.group(0))

    return _LONG_RUN.sub(blank, text), blanked


def char_batches(texts: Sequence[str], limit: int | None = None) -> list[list[int]]:
    """Indexes of ``texts`` in order, grouped so that a group holds at most ``limit`` characters
    (a longer text is a group of its own)."""
    limit = limit or BATCH_CHARS
    groups: list[list[int]] = []
    size = limit + 1
    for i, text in enumerate(texts):
        if size + len(text) > limit:
            groups.append([])
            size = 0
        groups[-1].append(i)
        size += len(text)
    return groups


def shift(fact: F, offset: int) -> F:
    """The fact with its character offsets moved by ``offset`` (a quote's speaker span too)."""
    if not offset:
        return fact
    moved = fact.replace(start=fact.start + offset, end=fact.end + offset)
    if isinstance(moved, Quote) and moved.speaker_start is not None and moved.speaker_end is not None:
        moved = moved.replace(speaker_start=moved.speaker_start + offset, speaker_end=moved.speaker_end + offset)
    return moved


def renumber(parts: Sequence[Sequence[F]]) -> list[F]:
    """Facts of successive chunks as one list, ids numbered on across chunks (``a:q3`` …).

    ``same_as`` links point within a chunk, so they follow their chunk's renaming.
    """
    counters: dict[str, int] = {}
    out: list[F] = []
    for k, part in enumerate(parts):
        names: dict[str, str] = {}
        for fact in part:
            old = getattr(fact, "id", None)
            if old is None:
                continue
            match = _ID.match(old)
            if match is None:
                names[old] = f"{old}.{k}" if k else old
                continue
            stem = match.group("stem")
            counters[stem] = counters.get(stem, 0) + 1
            names[old] = f"{stem}{counters[stem]}"
        for fact in part:
            old = getattr(fact, "id", None)
            if old is None:
                out.append(fact)
                continue
            changes: dict[str, object] = {"id": names[old]}
            links = getattr(fact, "same_as", ())
            if links:
                changes["same_as"] = tuple(names.get(link, link) for link in links)
            out.append(fact.replace(**changes))
    return out
