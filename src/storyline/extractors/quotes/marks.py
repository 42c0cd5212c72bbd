"""Pairing quotation marks: curly, straight and doubled-apostrophe, per paragraph.

A quote left open at the end of its paragraph ends there when it began the paragraph (news style
for a quote running over paragraphs, each reopened with a mark); any other unmatched mark is
ignored rather than guessed across the rest of the text.
"""

from __future__ import annotations

import re

__all__ = ["quote_spans"]

_MARK = re.compile(r"''|``|[“”\"«»„]")
_CLOSER = {"“": "”", "„": "“", "«": "»", '"': '"', "''": "''", "``": "''"}
_OPEN_BEFORE = set(" \t\u00a0([{—–-/\n")


def _opens(text: str, i: int, mark: str) -> bool:
    if mark in {"“", "«", "„", "``"}:
        return True
    if mark == "”" or mark == "»":
        return False
    before = text[i - 1] if i > 0 else " "
    after = text[i + len(mark)] if i + len(mark) < len(text) else " "
    return before in _OPEN_BEFORE and not after.isspace()


def quote_spans(text: str) -> list[tuple[int, int, int, int]]:
    """(mark start, content start, content end, mark end) for each quotation in ``text``."""
    out: list[tuple[int, int, int, int]] = []
    pos = 0
    for para in text.split("\n"):
        base = pos
        pos += len(para) + 1
        open_at: int | None = None
        open_mark = ""
        for m in _MARK.finditer(para):
            mark, i = m.group(), m.start()
            if open_at is None:
                if _opens(para, i, mark):
                    open_at, open_mark = i, mark
                continue
            closes = mark == _CLOSER[open_mark] or (mark in {"”", '"'} and open_mark in {"“", '"'})
            if closes and not (mark == '"' and open_mark == '"' and i == open_at + 1):
                out.append((base + open_at, base + open_at + len(open_mark), base + i, base + i + len(mark)))
                open_at = None
            elif mark in {"“", "«", "``"}:  # a new opening before a close: the old one was stray
                open_at, open_mark = i, mark
        if open_at is not None and not para[:open_at].strip():
            end = len(para.rstrip())
            if end > open_at + len(open_mark):
                out.append((base + open_at, base + open_at + len(open_mark), base + end, base + end))
    return out
