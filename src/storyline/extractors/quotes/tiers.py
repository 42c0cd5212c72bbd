"""What both quote tiers share before tagging: which stretches of text can hold an attribution,
and how a body is cut into the accurate tier's segments.

A stretch can hold an attribution when it has a quotation mark, a colon, or a word that is part of
an attribution cue in at least 5% of its uses in PolNeAR train (``storyline/data/quote_cue_words.txt``,
rebuilt by ``benchmarks/train_quote_minilm.py --words``). On PolNeAR train that keeps 97% of the
sentences that hold gold content; political news is dense with attributions, so it skips little
there (about 2% of the text) and more in plain reports.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from typing import Any

__all__ = ["WORDS", "may_attribute", "segments"]

WORDS = "data/quote_cue_words.txt"
_WORD = re.compile(r"[a-z]+(?:['’][a-z]+)?")
_MARKS = re.compile('[“”"«»„:]')
_SENT_END = re.compile(r'[.!?]["”’)]*\s+')
MAX_SEGMENT_CHARS = 2000  # a paragraph is cut into pieces this long at most before tokenizing


@lru_cache(maxsize=1)
def cue_words() -> frozenset[str]:
    raw = resources.files("storyline").joinpath(WORDS).read_text(encoding="utf-8")
    return frozenset(w for w in raw.split() if w)


def may_attribute(text: str) -> bool:
    """Whether ``text`` has a quotation mark, a colon, or a cue word."""
    if _MARKS.search(text):
        return True
    words = cue_words()
    return any(m.group() in words for m in _WORD.finditer(text.lower()))


def _pieces(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Sentence-like pieces of ``text[start:end]`` (cut after . ! ? and closing marks)."""
    at = start
    for m in _SENT_END.finditer(text, start, end):
        yield at, m.end()
        at = m.end()
    if at < end:
        yield at, end


def segments(text: str, tokenizer: Any, max_len: int) -> list[tuple[int, int]]:
    """(start, end) of each segment: a paragraph, cut at sentence ends into pieces of at most
    ``max_len`` word pieces (a sentence longer than that is its own segment and is truncated)."""
    out: list[tuple[int, int]] = []
    pos = 0
    for para in text.split("\n"):
        a, b = pos, pos + len(para)
        pos = b + 1
        if not para.strip():
            continue
        sents = []
        for s, e in _pieces(text, a, b):
            while e - s > MAX_SEGMENT_CHARS:  # bounded work on a body of one endless line
                sents.append((s, s + MAX_SEGMENT_CHARS))
                s += MAX_SEGMENT_CHARS
            sents.append((s, e))
        lengths = [len(enc.ids) for enc in tokenizer.encode_batch([text[s:e] for s, e in sents])]
        cur: tuple[int, int] | None = None
        size = 0
        for (s, e), n in zip(sents, lengths, strict=True):
            if cur is not None and size + n <= max_len:
                cur, size = (cur[0], e), size + n
                continue
            if cur is not None:
                out.append(cur)
            cur, size = (s, e), n
        if cur is not None:
            out.append(cur)
    return [(s, e) for s, e in (_strip(text, s, e) for s, e in out) if e > s]


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e
