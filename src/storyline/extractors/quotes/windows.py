"""Where a direct quote's attribution lies: the words just after its closing mark (``“A,” she
said``), or just before its opening one (``She said: “A”``, ``… told CNN, “A”``), and a
transcript's turn (``“PENCE: A …``) that names its own speaker."""

from __future__ import annotations

import re
from typing import Any

from .cues import SPEECH
from .speakers import subject

__all__ = ["TURN", "after_window", "before_window", "source", "window_cue"]

TURN = re.compile(r"([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,2}): +")  # "PENCE: …", "SEN. X: …"
_AFTER = re.compile(r"[^.!?\n“\"]{0,90}")
# a clause of its own after a quotation ("“A,” but said …"), not its attribution
_NEW_CLAUSE = frozenset(
    {"but", "and", "or", "though", "although", "while", "as", "because", "when", "after", "before", "since", "if", "so"}
)


def window_cue(doc: Any, start: int, end: int, after: bool = True) -> Any:
    """The first speech verb with a speaker among tokens whose characters lie in [start, end).
    After a quotation, not a participle (``“A,” adding …`` reports more, not this) and not past a
    word that opens a clause of its own (``“A,” but pledged …``)."""
    span = doc.char_span(start, end, alignment_mode="contract")
    if span is None or (after and len(span) and span[0].lower_ in _NEW_CLAUSE):
        return None
    for tok in span:
        if tok.lemma_.lower() in SPEECH and tok.pos_ in {"VERB", "AUX"} and subject(tok) is not None:
            if not (after and tok.tag_ == "VBG"):
                return tok
        elif tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            return tok
    return None


def after_window(text: str, close: int) -> tuple[int, int]:
    """Up to 90 characters after a closing mark, short of a sentence end or another quotation."""
    m = _AFTER.match(text, close)
    end = m.end() if m else close
    return close, end


def before_window(text: str, open_at: int) -> tuple[int, int] | None:
    """Text just before an opening mark when it ends like an attribution (``… said:``/``… told CNN,``)."""
    floor = max(0, open_at - 300)  # an attribution is short; never scan a long line back to its start
    line_start = max(floor, text.rfind("\n", floor, open_at) + 1)
    stop = max(line_start, *(text.rfind(c, floor, open_at) + 1 for c in '.!?”"'))
    head = text[stop:open_at].rstrip()
    if not head or (head[-1] not in ",:" and len(head.split()) > 6):
        return None
    return stop, stop + len(head)


def source(doc: Any, tok: Any) -> Any:
    """Speaker token for a cue found near a direct quote (``according to X`` → X)."""
    if tok.lower_ == "according":
        to = doc[tok.i + 1]
        return next((c for c in to.children if c.dep_ == "pobj"), None)
    return subject(tok)
