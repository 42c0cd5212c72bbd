"""From token labels (source / cue / content, BIO) to attributions: content spans, each linked to
its cue and its source.

A content links to the nearest cue of its paragraph, one in its own sentence first; contents that
share a cue are parts of one statement (``“A,” she said. “B.”``). A cue's source is the nearest
source span of its sentence, else of its paragraph before it; where none was tagged the speaker
rules (``speakers.subject`` / ``fallback``) name one later.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = ["Span", "Tagged", "bridge", "contents", "decode", "spans", "whole_quotations"]

_TRIM = " \t\n\r\u00a0,;:—–-"
_OPEN = "“\"'‘«„`"
_CLOSE = "”\"'’»`"


@dataclass(slots=True)
class Span:
    role: str  # "S", "C" or "Q"
    first: int  # token indices, inclusive
    last: int
    start: int  # characters
    end: int
    sent: int
    para: int


@dataclass(slots=True)
class Tagged:
    """One attribution as tagged: its content parts, cue span and source span (either may be None)."""

    parts: list[Span]
    cue: Span | None
    source: Span | None
    extra: dict[str, Any] = field(default_factory=dict)


def spans(doc: Any, labels: np.ndarray) -> list[Span]:
    """Maximal runs of one role; B- starts a new run; whitespace tokens never start or end one."""
    text = doc.text
    out: list[Span] = []
    sent_of = np.zeros(len(doc), dtype=np.int64)
    for k, s in enumerate(doc.sents):
        sent_of[s.start : s.end] = k
    para_breaks = [i for i, c in enumerate(text) if c == "\n"]
    cur: Span | None = None
    for tok in doc:
        y = int(labels[tok.i])
        if tok.is_space:
            continue
        role = "" if y == 0 else "SCQ"[(y - 1) // 2]
        begin = y in (1, 3, 5)
        end = tok.idx + len(tok.text)
        if cur is not None and role == cur.role and not begin and "\n\n" not in text[cur.end : tok.idx]:
            cur.last, cur.end = tok.i, end
            continue
        if cur is not None:
            out.append(cur)
            cur = None
        if role:
            cur = Span(role, tok.i, tok.i, tok.idx, end, int(sent_of[tok.i]), 0)
    if cur is not None:
        out.append(cur)
    import bisect

    for s in out:
        s.para = bisect.bisect_right(para_breaks, s.start)
    return out


def _gap(a: Span, b: Span) -> int:
    if a.last < b.first:
        return b.first - a.last
    if b.last < a.first:
        return a.first - b.last
    return 0


def _same_para(text: str, a: Span, b: Span) -> bool:
    lo, hi = (a, b) if a.start < b.start else (b, a)
    return "\n" not in text[lo.end : hi.start]


def whole_quotations(doc: Any, labels: np.ndarray, marks: list[tuple[int, int, int, int]]) -> np.ndarray:
    """A quotation tagged mostly as content is content from mark to mark: a cue or source tagged
    inside it ("… and decide what more can be done") is a word of the quote, not an attribution."""
    if not marks or not len(doc):
        return labels
    out = labels.copy()
    starts = np.array([t.idx for t in doc])
    for qs, _cs, _ce, qe in marks:
        a, b = int(np.searchsorted(starts, qs)), int(np.searchsorted(starts, qe))
        if b - a < 3:
            continue
        inner = labels[a:b]
        if np.isin(inner, (5, 6)).mean() >= 0.6:
            first = 5 if a == 0 or labels[a - 1] not in (5, 6) or labels[a] == 5 else 6
            out[a:b] = 6
            out[a] = first
    return out


GAP = 2  # a run of at most this many untagged tokens inside one role's run is bridged


def bridge(doc: Any, labels: np.ndarray, gap: int | None = None) -> np.ndarray:
    """Close short holes: "content, O, content" within a sentence is one content (a tagger's
    stray O splits a span, and neither half then overlaps the gold one by 80%)."""
    gap = GAP if gap is None else gap
    if not gap or not len(labels):
        return labels
    out = labels.copy()
    role = np.where(labels == 0, 0, (labels + 1) // 2)
    sent_start = np.zeros(len(doc), dtype=bool)
    for s in doc.sents:
        sent_start[s.start] = True
    i, n = 0, len(labels)
    while i < n:
        if role[i] == 0 or i + 1 >= n or role[i + 1] != 0:
            i += 1
            continue
        j = i + 1
        while j < n and role[j] == 0 and j - i <= gap and not sent_start[j]:
            j += 1
        if j < n and j - i - 1 <= gap and role[j] == role[i] and labels[j] % 2 == 0 and not sent_start[j]:
            out[i + 1 : j] = 2 * role[i]  # the I- label of that role
        i = j
    return out


def decode(doc: Any, labels: np.ndarray) -> list[Tagged]:
    """Attributions from token labels, contents in text order. A cue takes the nearest content
    after it and the one just before it ("“A,” she said, “B.”"); a content no cue takes stands
    alone when it is a quotation or a clause of its own, and is dropped when it is a fragment."""
    text = doc.text
    found = spans(doc, bridge(doc, labels))
    contents = [s for s in found if s.role == "Q" and any(c.isalnum() for c in text[s.start : s.end])]
    cues = [s for s in found if s.role == "C"]
    sources = [s for s in found if s.role == "S"]
    claims: dict[int, list[Span]] = {}
    for q in contents:
        near = [c for c in cues if _same_para(text, c, q)]
        cue = min(near, key=lambda c: (c.sent != q.sent, _gap(c, q)), default=None)
        if cue is not None and cue.sent != q.sent and _gap(cue, q) > 80:
            cue = None
        if cue is not None:
            claims.setdefault(id(cue), []).append(q)
    out: list[Tagged] = []
    taken: set[int] = set()
    for cue in cues:
        mine = claims.get(id(cue), [])
        right = [q for q in mine if q.first > cue.last]
        left = [q for q in mine if q.last < cue.first]
        parts = []
        if left and (not right or _gap(left[-1], cue) <= 12):
            parts.append(left[-1])
        if right:
            parts.append(right[0])
        if not parts:
            continue
        taken.update(id(q) for q in parts)
        out.append(Tagged(parts, cue, _source(text, cue, parts[0], sources)))
    for q in contents:
        if id(q) not in taken and _alone(doc, q):
            out.append(Tagged([q], None, _source(text, None, q, sources)))
    out.sort(key=lambda t: t.parts[0].start)
    return out


def _alone(doc: Any, q: Span) -> bool:
    """Whether a content with no cue of its own is worth keeping: a quotation, or a clause with a verb."""
    text = doc.text
    if text[q.start] in _OPEN:
        return True
    return any(doc[i].pos_ in {"VERB", "AUX"} for i in range(q.first, q.last + 1)) and q.last - q.first >= 3


def _source(text: str, cue: Span | None, q: Span, sources: list[Span]) -> Span | None:
    anchor = cue or q
    here = [s for s in sources if s.sent == anchor.sent and not (q.start <= s.start < q.end)]
    if here:
        return min(here, key=lambda s: _gap(s, anchor))
    before = [s for s in sources if s.end <= anchor.start and _same_para(text, s, anchor) and _gap(s, anchor) < 40]
    return before[-1] if before else None


def content_bounds(text: str, span: Span, marks: dict[int, tuple[int, int, int]]) -> tuple[int, int, bool]:
    """(start, end, direct) of a content: edge punctuation off; a content that is one quotation
    (``marks``: opening mark -> (content start, content end, closing mark end)) is direct and
    loses its marks and a trailing comma inside them."""
    s, e = span.start, span.end
    while s < e and text[s] in _TRIM:
        s += 1
    while e > s and text[e - 1] in _TRIM + ".":
        e -= 1
    pair = marks.get(s)
    if pair is not None and e <= pair[2] and e >= pair[1]:
        cs, ce = pair[0], pair[1]
        while ce > cs and text[ce - 1] in _TRIM:
            ce -= 1
        while cs < ce and text[cs].isspace():
            cs += 1
        return cs, ce, True
    return s, e, False


def _head(doc: Any, span: Span) -> Any:
    """The token of ``span`` whose head lies outside it (a verb first: "is calling for" -> calling)."""
    toks = [doc[i] for i in range(span.first, span.last + 1) if not doc[i].is_punct]
    if not toks:
        return doc[span.first]
    for t in toks:
        if t.lower_ == "according":
            return t
    roots = [t for t in toks if not span.first <= t.head.i <= span.last or t.head.i == t.i]
    verbs = [t for t in toks if t.pos_ in {"VERB", "AUX"} and t.lemma_ not in {"be", "have", "do"}]
    if verbs and not any(t in verbs for t in roots):
        return verbs[-1]
    return (roots or toks)[0]


SNAP = 0.6  # a content this close (Jaccard, in tokens) to a phrase of its cue's parse becomes that phrase
_NOT_CONTENT = frozenset({"punct", "nsubj", "nsubjpass", "aux", "auxpass", "neg", "advmod", "cc", "agent", "prt"})


def _snap(doc: Any, cue: Any, part: Span) -> None:
    """Move a content's ends to those of the cue's complement it nearly covers (a tagger's ends
    stray by a token or two; the parse knows where the clause ends)."""
    best, where = SNAP, None
    size = part.last - part.first + 1
    for child in cue.children:
        if child.dep_ in _NOT_CONTENT or child.is_punct:
            continue
        a, b = child.left_edge.i, child.right_edge.i
        while b > a and doc[b].is_punct:
            b -= 1
        inter = min(b, part.last) - max(a, part.first) + 1
        if inter <= 0:
            continue
        score = inter / (size + (b - a + 1) - inter)
        if score > best and not a <= cue.i <= b:
            best, where = score, (a, b)
    if where is not None and where != (part.first, part.last):
        a, b = where
        part.first, part.last = a, b
        part.start, part.end = doc[a].idx, doc[b].idx + len(doc[b].text)


def contents(doc: Any, labels: np.ndarray, marks: list[tuple[int, int, int, int]]) -> list[tuple[int, int]]:
    """Sorted (start, end) of every indirect content the labels give, each snapped to its cue's
    parse where it nearly covers one of the cue's phrases."""
    text = doc.text
    pairs = {qs: (cs, ce, qe) for qs, cs, ce, qe in marks}
    out = []
    for tagged in decode(doc, whole_quotations(doc, labels, marks)):
        cue = _head(doc, tagged.cue) if tagged.cue is not None else None
        for part in tagged.parts:
            if cue is not None and SNAP:
                _snap(doc, cue, part)
            s, e, direct = content_bounds(text, part, pairs)
            if e - s >= 2 and not direct:
                out.append((s, e))
    return sorted(out)
