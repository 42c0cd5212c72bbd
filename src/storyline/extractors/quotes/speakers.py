"""Who speaks: the subject of a cue verb, its phrase in the text, and the entity it names.

Pronouns keep their own span ("she") and take the name of the nearest earlier mention of a fitting
type that is not inside a quotation.
"""

from __future__ import annotations

import bisect
from typing import Any

from ...records import Mention
from .cues import PRONOUNS

__all__ = ["Speakers", "fallback", "phrase", "subject"]


def subject(verb: Any, depth: int = 0) -> Any:
    """The token heading who speaks for ``verb`` (following conj, participles and relative clauses)."""
    for child in verb.children:
        if child.dep_ in {"nsubj", "csubj"}:
            return child
    if depth > 3:
        return None
    if verb.dep_ == "conj" and verb.head.pos_ in {"NOUN", "PROPN"}:
        return verb.head  # "A spokesperson … called … and said": the parser hung the verbs on the noun
    if verb.dep_ == "conj" or (verb.dep_ in {"advcl", "xcomp", "pcomp"} and verb.tag_ == "VBG"):
        return subject(verb.head, depth + 1)
    if verb.dep_ in {"relcl", "acl"} and verb.head.pos_ in {"PROPN", "NOUN", "PRON"}:
        noun = verb.head  # "a spokesperson for the NSC called …": the parser hung "called" on "NSC"
        while noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.pos_ in {"NOUN", "PROPN"}:
            noun = noun.head.head
        return noun
    for child in verb.children:  # "was told by X"
        if child.dep_ == "agent":
            for grand in child.children:
                if grand.dep_ == "pobj":
                    return grand
    return None


_SUBJ = {"nsubj", "nsubjpass", "csubj"}


def fallback(doc: Any, cue: Any, start: int, end: int) -> Any:
    """A best guess at who speaks when the cue has no subject (PolNeAR's sources are mostly just
    before the content): a noun cue's possessor, a governing verb's subject, the sentence's last
    subject before the cue, else the previous sentence's subject. Never a token of the content."""

    def outside(tok: Any) -> bool:
        return not start <= tok.idx < end and tok.pos_ in {"PROPN", "NOUN", "PRON"}

    if cue is None:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            return None
        sent = span[0].sent
    else:
        sent = cue.sent
    if cue is not None:
        for child in cue.children:
            if child.dep_ == "poss" and outside(child):
                return child
        for anc in cue.ancestors:
            found = subject(anc)
            if found is not None and outside(found):
                return found
        before = [t for t in sent if t.dep_ in _SUBJ and t.i < cue.i and outside(t)]
        if before:
            return before[-1]
    here = [t for t in sent if t.dep_ in _SUBJ and outside(t)]
    if here and cue is not None:
        return here[0]
    if sent.start > 0:
        prev = doc[sent.start - 1].sent
        found = [t for t in prev if t.dep_ in _SUBJ and t.head.dep_ == "ROOT" and outside(t)]
        if found:
            return found[0]
    return here[0] if here else None


def phrase(tok: Any) -> tuple[int, int]:
    """Character span of a speaker phrase: the head with its left modifiers and short right ones."""
    left = tok.left_edge
    while left.i < tok.i and (left.is_punct or left.is_space):
        left = left.doc[left.i + 1]
    right = tok.i
    for child in tok.rights:
        # "captain Ines Moro said": a name set right after a lower-case title is part of the speaker
        named = child.dep_ == "appos" and child.pos_ == "PROPN" and not tok.text[:1].isupper()
        if (child.dep_ in {"prep", "compound", "flat", "nummod", "case"} or named) and child.left_edge.i == right + 1:
            edge = _right_edge(child)
            if edge - left.i > 14:
                break
            right = edge
        else:
            break
    last = tok.doc[right]
    return left.idx, last.idx + len(last.text)


def _right_edge(tok: Any) -> int:
    """Right edge of a phrase without its clauses, appositions and coordination."""
    edge = tok.i
    for child in tok.rights:
        if child.dep_ in {"acl", "relcl", "appos", "punct", "cc", "conj", "advcl"}:
            break
        edge = max(edge, _right_edge(child))
    return edge


_TITLES = {"mr.": "m", "mr": "m", "mrs.": "f", "mrs": "f", "ms.": "f", "ms": "f", "miss": "f"}
_PRONOUN_GENDER = {"he": "m", "him": "m", "she": "f", "her": "f"}


def _genders(mentions: list[Mention], text: str) -> dict[str, str]:
    """Entity key -> "m" or "f" where a title before one of its mentions says so ("Mr. Arden")."""
    out: dict[str, str] = {}
    for m in mentions:
        if m.type != "PERSON":
            continue
        before = text[max(0, m.start - 6) : m.start].split()
        found = _TITLES.get(before[-1].lower()) if before else None
        if found is None:
            first = m.text.split()[0].lower() if m.text.split() else ""
            found = _TITLES.get(first)
        if found and out.get(m.key, found) == found:
            out[m.key] = found
        elif found:
            out[m.key] = "?"  # titles disagree: say nothing
    return out


class Speakers:
    """The article's mentions indexed by position, so each speaker lookup is a bisect, not a scan.
    A pronoun takes the nearest earlier fitting mention outside quotation marks whose title, where
    the text gives one ("Mr.", "Ms."), agrees with it ("she" skips back past "Mr. Arden")."""

    def __init__(self, mentions: list[Mention], spans: list[tuple[int, int, int, int]], text: str = "") -> None:
        self.gender = _genders(mentions, text) if text else {}
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.starts = [m.start for m in self.mentions]
        inside = [(a, b) for a, _c, _d, b in spans]
        quoted = [_in_spans(inside, m.start) for m in self.mentions]
        self.fitting: dict[str, tuple[list[int], list[Mention]]] = {}
        for kind, want in (("PERSON", {"PERSON"}), ("ORG", {"ORG", "GPE"})):
            chosen = [m for m, q in zip(self.mentions, quoted, strict=True) if m.type in want and not q]
            chosen.sort(key=lambda m: m.end)
            self.fitting[kind] = ([m.end for m in chosen], chosen)

    def at(self, pos: int) -> Mention | None:
        k = bisect.bisect_right(self.starts, pos)
        for m in self.mentions[max(0, k - 3) : k]:  # mentions rarely nest; a few back is enough
            if m.start <= pos < m.end:
                return m
        return None

    def within(self, start: int, end: int) -> list[Mention]:
        lo = bisect.bisect_left(self.starts, start)
        hi = bisect.bisect_left(self.starts, end)
        return [m for m in self.mentions[lo:hi] if m.end <= end]

    def resolve(self, subj: Any) -> tuple[str, Mention | None]:
        """Speaker text and the mention it refers to (pronouns → nearest fitting earlier mention)."""
        pos = subj.idx
        found = self.at(pos)
        if found is not None:
            return found.name, found
        low = subj.lower_
        if subj.pos_ == "PRON" and low in PRONOUNS and PRONOUNS[low]:
            ends, chosen = self.fitting["PERSON" if PRONOUNS[low] == "PERSON" else "ORG"]
            k = bisect.bisect_right(ends, pos)
            want = _PRONOUN_GENDER.get(low)
            for m in reversed(chosen[max(0, k - 12) : k]):
                if want is None or self.gender.get(m.key, want) in {want, "?"}:
                    return m.name, m
            if k:
                return chosen[k - 1].name, chosen[k - 1]
        return "", None


def _in_spans(spans: list[tuple[int, int]], pos: int) -> bool:
    k = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= pos < spans[k][1]
