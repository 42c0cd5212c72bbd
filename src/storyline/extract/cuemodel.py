"""A learned attribution cue: which word reports what someone said, thought or wanted, and which
stretch of its clause is that content.

PolNeAR marks attributions on far more words than verbs of saying ("reflected on", "supported",
"wants", "suspicions that"). For each word, a few candidate contents come from the parse (its
``ccomp``, ``xcomp``, object, prepositional object, a ``that`` clause of a noun, the clause a
parenthetical cue hangs from), each whole and cut before a trailing adverbial clause. A logistic
model trained on PolNeAR train (``benchmarks/train_quote_cues.py``) scores each candidate from
sparse features; its weights ship in ``storyline/data/quote_cues.json`` and are read once.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from ..errors import ModelMissingError
from .cues import BELIEF, OBJECT_CUES, SPEECH

__all__ = ["DATA", "Candidate", "CueModel", "candidates", "load_model"]

DATA = "data/quote_cues.json"
_TRIM = " \t\n\r\u00a0,;:—–-"
_POS = {"VERB", "AUX", "NOUN", "ADJ"}
_OPENERS = {"that", "whether", "if", "how", "what", "why", "when", "where", "who", "which", "to", "as"}
_CUT_DEPS = {"advcl", "npadvmod", "conj", "cc", "prep", "relcl", "acl"}
_PREPS = {"about", "for", "of", "on", "to", "with", "against", "over", "in", "into", "at", "as"}


@dataclass(slots=True)
class Candidate:
    cue: Any  # spaCy Token
    start: int
    end: int
    kind: str
    features: list[str]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM + ".":
        end -= 1
    return start, end


def _edges(tokens: list[Any]) -> tuple[int, int]:
    first = min((t.left_edge for t in tokens), key=lambda t: t.i)
    last = max((t.right_edge for t in tokens), key=lambda t: t.i)
    return first.i, last.i


def _cut(head: Any, first: int, last: int) -> int:
    """Last token index before the first trailing clause or phrase set off from ``head``."""
    for child in head.rights:
        if child.i > last:
            break
        prev = head.doc[child.left_edge.i - 1] if child.left_edge.i > first else None
        comma = prev is not None and prev.text in {",", "--", "—", "–", ";"}
        if child.dep_ in {"advcl", "relcl"} or (comma and child.dep_ in _CUT_DEPS):
            stop = child.left_edge.i - 1
            while stop > first and head.doc[stop].is_punct:
                stop -= 1
            return stop
    return last


def _bases(tok: Any) -> list[tuple[str, Any, list[Any]]]:
    """(kind, content head, tokens whose subtrees make the content) for one word."""
    out: list[tuple[str, Any, list[Any]]] = []
    kids = list(tok.children)
    comps = [c for c in kids if c.dep_ == "ccomp" and c.i > tok.i]
    if comps:
        out.append(("ccomp", comps[0], comps))
    for c in kids:
        if c.i < tok.i:
            continue
        if c.dep_ == "xcomp":
            out.append(("xcomp", c, [c]))
        elif c.dep_ in {"dobj", "oprd", "attr"}:
            out.append((c.dep_, c, [c]))
        elif c.dep_ == "prep" and c.lower_ in _PREPS:
            objs = [g for g in c.children if g.dep_ in {"pobj", "pcomp"}]
            if objs:
                out.append(("prep:" + c.lower_, objs[0], objs))
        elif c.dep_ in {"acl", "advcl"} and any(g.lower_ in _OPENERS for g in c.children if g.i < c.i):
            out.append((c.dep_, c, [c]))
    rights = [c for c in tok.rights if not c.is_punct and c.dep_ not in {"cc", "conj"}]
    if len(rights) > 1 and rights[0].dep_ in {"dobj", "dative"}:  # "urged [supporters to monitor …]"
        out.append(("rest", rights[0], rights))
    return out


def _subject_feature(tok: Any) -> str:
    from .speakers import subject

    subj = subject(tok)
    if subj is None:
        return "subj=none"
    if subj.pos_ == "PRON":
        return "subj=pron:" + subj.lower_
    if subj.ent_type_:
        return "subj=ent:" + subj.ent_type_
    return "subj=noun:" + subj.lemma_.lower()


def _length(words: int) -> str:
    return str(min(6, int(math.log2(max(1, words)))))


def candidates(doc: Any, text: str) -> list[Candidate]:
    """Every candidate (cue word, content span) the parse offers, with its features."""
    out: list[Candidate] = []
    for tok in doc:
        if tok.pos_ not in _POS or (tok.dep_ == "amod" and tok.pos_ != "VERB"):
            continue
        bases = _bases(tok)
        para = tok.dep_ == "parataxis" and tok.head.i < tok.i
        if not bases and not para:
            continue
        lemma = tok.lemma_.lower()
        lex = "speech" if lemma in SPEECH else "belief" if lemma in BELIEF else "-"
        lex = "object" if lex == "-" and lemma in OBJECT_CUES else lex
        common = [
            "lemma=" + lemma,
            "tag=" + tok.tag_,
            "dep=" + tok.dep_,
            "lex=" + lex,
            _subject_feature(tok),
            "hdep=" + tok.head.dep_ if tok.head.i != tok.i else "hdep=root",
        ]
        common += ["neg"] if any(c.dep_ == "neg" for c in tok.children) else []
        common += ["pass"] if any(c.dep_ in {"auxpass", "nsubjpass"} for c in tok.children) else []
        spans: list[tuple[str, Any, int, int]] = []
        for kind, head, toks in bases:
            first, last = _edges(toks)
            spans.append((kind, head, first, last))
        if para:
            head = tok.head
            first, last = head.left_edge.i, tok.left_edge.i - 1
            if last >= first:
                spans.append(("para", head, first, last))
        sent = tok.sent
        for kind, head, first, last in spans:
            variants = [("full", last)]
            cut = _cut(head, first, last) if kind != "para" else last
            if first <= cut < last:
                variants.append(("cut", cut))
            for variant, stop in variants:
                start, end = doc[first].idx, doc[stop].idx + len(doc[stop].text)
                start, end = max(start, sent.start_char), min(end, sent.end_char)
                start, end = _trim(text, start, end)
                if end - start < 2 or start <= tok.idx < end:
                    continue
                opener = doc[first].lower_
                shape = [
                    "kind=" + kind,
                    "var=" + variant,
                    "kind|var=" + kind + "|" + variant,
                    "lemma|kind=" + lemma + "|" + kind,
                    "lex|kind=" + lex + "|" + kind,
                    "first=" + (opener if opener in _OPENERS else doc[first].pos_),
                    "lemma|first=" + lemma + "|" + (opener if opener in _OPENERS else doc[first].pos_),
                    "chead=" + head.tag_,
                    "len=" + _length(stop - first + 1),
                    "kind|len=" + kind + "|" + _length(stop - first + 1),
                    "quoted" if any(c in text[start:end] for c in '“”"') else "unquoted",
                    "sentend" if end >= _trim(text, sent.start_char, sent.end_char)[1] else "midsent",
                ]
                out.append(Candidate(tok, start, end, kind + ":" + variant, common + shape))
    return out


class CueModel:
    """Logistic weights over string features; ``score`` is the probability a candidate is gold."""

    def __init__(self, weights: dict[str, float], bias: float, threshold: float) -> None:
        self.weights = weights
        self.bias = bias
        self.threshold = threshold

    def score(self, features: list[str]) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@lru_cache(maxsize=1)
def load_model() -> CueModel:
    """The shipped model (read once per process)."""
    try:
        raw = resources.files("storyline").joinpath(DATA).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ModelMissingError(
            f"quote cue model storyline/{DATA} is missing: reinstall storyline "
            "or rebuild it with python benchmarks/train_quote_cues.py"
        ) from exc
    data = json.loads(raw)
    return CueModel(dict(data["weights"]), float(data["bias"]), float(data["threshold"]))
