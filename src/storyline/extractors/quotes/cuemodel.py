"""A learned attribution cue: which word reports what someone said, thought or wanted, and which
stretch of its clause is that content.

PolNeAR marks attributions on far more words than verbs of saying ("reflected on", "supported",
"wants", "suspicions that"). For each word, a few candidate contents come from the parse (its
``ccomp``, ``xcomp``, object, prepositional object, a ``that`` clause of a noun, the clause a
parenthetical cue hangs from or interrupts, what follows its colon to the end of the sentence or
paragraph, a raising verb's subject with its complement), each whole, cut before a trailing
adverbial clause and cut before a clause set off by a comma (``…, who …``). Logistic models trained
on PolNeAR train (``benchmarks/train_quote_cues.py``) score each candidate from sparse features and
the parser's context vectors (``cuescore``); the weights ship in ``storyline/data/quote_cues.json``.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from spacy.attrs import DEP, HEAD, IDX, IS_PUNCT, LEMMA, LOWER, ORTH, POS

from .cues import BELIEF, OBJECT_CUES, SPEECH
from .cuescore import DATA, CueModel, Dense, load_model

__all__ = ["DATA", "Candidate", "CueModel", "Dense", "candidates", "load_model"]

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
    hole: tuple[int, int] | None = None  # the cue's own phrase inside the content ("X, she said, Y")
    n_cue: int = 0  # features[:n_cue] describe the word alone (for the cue model), the rest the span
    head: int = 0  # token index of the content's head, its last token and the token after it
    stop: int = 0


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


def _aside(info: _Doc, first: int, last: int) -> int:
    """Last token before the first clause set off by a comma anywhere in the span (``…, who …``)."""
    for i in range(first + 1, last + 1):
        left = info.left[i]
        if (
            info.dep[i] in {"relcl", "appos", "advcl", "acl"}
            and left - 1 > first
            and info.text[left - 1] in {",", "—", "--"}
        ):
            stop = left - 1
            while stop > first and info.punct[stop]:
                stop -= 1
            return stop
    return last


def _prefixes(head: Any, first: int, last: int) -> list[tuple[str, int]]:
    """Shorter ends: before each phrase hung right of the content head or of its first object
    ("the deal | with state lawmakers", "Republicans for being sore losers | now that …")."""
    doc, out = head.doc, list[tuple[str, int]]()
    heads = [head, *[c for c in head.rights if c.dep_ in {"dobj", "pobj", "pcomp", "attr"}][:1]]
    for h in heads:
        for child in h.rights:
            if child.is_punct or not first < child.left_edge.i <= last:
                continue
            stop = child.left_edge.i - 1
            while stop > first and (doc[stop].is_punct or doc[stop].dep_ == "cc"):
                stop -= 1
            if stop >= first and len(out) < 4:
                out.append(("pre:" + child.dep_, stop))
    return out


def _bases(i: int, info: _Doc, doc: Any) -> list[tuple[str, Any, list[Any]]]:
    """(kind, content head, tokens whose subtrees make the content) for the word at ``i``; read
    from the per-document arrays, with Tokens built only for what is returned."""
    out: list[tuple[str, Any, list[Any]]] = []
    kids = info.children[i]
    if not kids:
        return out
    dep, lower, children = info.dep, info.lower, info.children
    comps = [c for c in kids if dep[c] == "ccomp" and c > i]
    if comps:
        out.append(("ccomp", doc[comps[0]], [doc[c] for c in comps]))
    left = [c for c in kids if dep[c] == "ccomp" and c < i]
    if left:  # "The plan is dead, he said": content before the cue
        out.append(("lccomp", doc[left[-1]], [doc[left[-1]]]))
    for c in kids:
        if c < i:
            continue
        d = dep[c]
        if d == "xcomp":
            out.append(("xcomp", doc[c], [doc[c]]))
        elif d in {"dobj", "oprd", "attr"}:
            out.append((d, doc[c], [doc[c]]))
        elif d == "prep" and lower[c] in _PREPS and (lower[c], info.lemma[i]) != ("to", "add"):  # "add to" = grow
            objs = [g for g in children[c] if dep[g] in {"pobj", "pcomp"}]
            if objs:
                out.append(("prep:" + lower[c], doc[objs[0]], [doc[g] for g in objs]))
        elif d in {"acl", "advcl"} and any(lower[g] in _OPENERS for g in children[c] if g < c):
            out.append((d, doc[c], [doc[c]]))
    rights = [c for c in kids if c > i and not info.punct[c] and dep[c] not in {"cc", "conj", "parataxis"}]
    if len(rights) > 1 and dep[rights[0]] in {"dobj", "dative"}:  # "urged [supporters to monitor …]"
        out.append(("rest", doc[rights[0]], [doc[c] for c in rights]))
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


def _context(tok: Any, lex: str, info: _Doc) -> list[str]:
    """The word's surroundings: its dependents, its head, what follows, quotation in its sentence."""
    kids = sorted({c.dep_ for c in tok.children if not c.is_punct and c.dep_ not in {"aux", "det", "cc"}})
    sig = "+".join(kids[:6]) or "-"
    nxt = info.lower[tok.i + 1] if tok.i + 1 < len(info.lower) else "$"
    head = tok.head.lemma_.lower() if tok.head.i != tok.i else "^"
    sent_start, _, _, quoted, _ = info.sent(tok)
    mark = next((g.lower_ for c in tok.children if c.dep_ == "ccomp" for g in c.children if g.dep_ == "mark"), "-")
    return [
        "kids=" + sig,
        "lex|kids=" + lex + "|" + sig,
        "next=" + nxt,
        "hlemma=" + head,
        "sentq=" + str(quoted),
        "lex|sentq=" + lex + "|" + str(quoted),
        "mark=" + mark,
        "first" if tok.i == sent_start else "later",
    ]


class _Doc:
    """Per-document lookups computed once: spaCy rebuilds ``tok.sent`` and ``doc[i]`` on every access."""

    def __init__(self, doc: Any, text: str) -> None:
        self.sent_of = [0] * len(doc)
        # per sentence: (first token, start char, end char, has quote marks, end char less trailing marks)
        self.sents: list[tuple[int, int, int, bool, int]] = []
        for k, sent in enumerate(doc.sents):
            a, b = sent.start_char, sent.end_char
            s, e = sent.start, sent.end
            self.sents.append((s, a, b, any(c in text[a:b] for c in '“”"'), _trim(text, a, b)[1]))
            self.sent_of[s:e] = [k] * (e - s)
        # One C call for the per-token attributes; strings through a small per-document cache.
        n = len(doc)
        table = doc.to_array([HEAD, DEP, POS, LEMMA, LOWER, ORTH, IS_PUNCT, IDX]) if n else np.zeros((0, 8), np.uint64)
        arr = table.tolist()
        strings = doc.vocab.strings
        cache: dict[int, str] = {}

        def name(key: int) -> str:
            found = cache.get(key)
            if found is None:
                found = cache[key] = strings[key]
            return found

        heads = (table[:, 0].astype(np.int64) + np.arange(n)).tolist()  # HEAD: a signed offset, stored unsigned
        children: list[list[int]] = [[] for _ in range(n)]  # in token order, as Token.children
        left = list(range(n))
        for i, h in enumerate(heads):
            if h != i:
                children[h].append(i)
            j = i  # the subtree's leftmost token: the first (smallest) i to reach an ancestor
            while heads[j] != j and left[heads[j]] > i:
                j = heads[j]
                left[j] = i
        dep = [name(row[1]) for row in arr]
        pos = [name(row[2]) for row in arr]
        lemma = [name(row[3]) for row in arr]
        lower = [name(row[4]) for row in arr]
        words = [name(row[5]) for row in arr]
        punct = [bool(row[6]) for row in arr]
        idx = [row[7] for row in arr]
        self.dep, self.left, self.text, self.punct = dep, left, words, punct
        self.idx, self.lower, self.pos, self.lemma, self.children = idx, lower, pos, lemma, children

    def sent(self, tok: Any) -> tuple[int, int, int, bool, int]:
        return self.sents[self.sent_of[tok.i]]


def _length(words: int) -> str:
    return str(min(6, int(math.log2(max(1, words)))))


def candidates(doc: Any, text: str) -> list[Candidate]:
    """Every candidate (cue word, content span) the parse offers, with its features."""
    out: list[Candidate] = []
    info = _Doc(doc, text)
    pos, dep = info.pos, info.dep
    colons = [k for k, w in enumerate(info.lower) if w == ":"]
    for i in range(len(doc)):
        if pos[i] not in _POS and not (pos[i] == "PROPN" and i + 1 < len(doc) and info.lower[i + 1] == ":"):
            continue
        if dep[i] == "amod" and pos[i] != "VERB":
            continue
        bases = _bases(i, info, doc)
        k = bisect.bisect_right(colons, i)
        colon = _colon(info, i) if k < len(colons) and colons[k] < i + 7 else None
        if not bases and dep[i] != "parataxis" and colon is None:
            continue
        tok = doc[i]
        para = tok.dep_ == "parataxis" and tok.head.i < tok.i
        lemma = tok.lemma_.lower()
        lex = "speech" if lemma in SPEECH else "belief" if lemma in BELIEF else "-"
        lex = "object" if lex == "-" and lemma in OBJECT_CUES else lex
        subj = _subject_feature(tok)
        common = [
            "lemma=" + lemma,
            "tag=" + tok.tag_,
            "dep=" + tok.dep_,
            "lex=" + lex,
            subj,
            "hdep=" + tok.head.dep_ if tok.head.i != tok.i else "hdep=root",
        ]
        prev = tok.doc[tok.i - 1].lemma_.lower() if tok.i > 0 else "^"
        common += [
            "lemma|dep=" + lemma + "|" + tok.dep_,
            "lemma|subj=" + lemma + "|" + subj.split(":")[0],
            "prev=" + prev,
            "prev|lemma=" + prev + "|" + lemma,
            "tag|hdep=" + tok.tag_ + "|" + (tok.head.dep_ if tok.head.i != tok.i else "root"),
        ]
        common += _context(tok, lex, info)
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
        _, sent_start_char, sent_end_char, _, sent_end_trimmed = info.sent(tok)
        raising = "nsubj" if lemma in _RAISING else "nsubjpass"  # "X seemed to …", "X is expected to …"
        raised = next((doc[c] for c in info.children[i] if c < i and dep[c] == raising), None)
        tok_idx = info.idx[tok.i]
        if tok.dep_ == "parataxis":
            out.extend(_around(tok, text, common, sent_start_char, sent_end_char))
        if colon is not None:
            out.extend(_after_colon(tok, colon, info, text, common, lemma, lex))
        for kind, head, first, last in spans:
            variants = [("full", last)]
            cut = _cut(head, first, last) if kind != "para" else last
            if first <= cut < last:
                variants.append(("cut", cut))
            aside = _aside(info, first, last)
            if first <= aside < last and aside != cut:
                variants.append(("aside", aside))
            if kind != "para":
                taken = {stop for _v, stop in variants}
                variants += [(v, stop) for v, stop in _prefixes(head, first, last) if stop not in taken]
            opener = info.lower[first]
            opener = opener if opener in _OPENERS else info.pos[first]
            chead, clemma = head.tag_, head.lemma_.lower()
            first_idx = info.idx[first]
            for variant, stop in variants:
                start, end = first_idx, info.idx[stop] + len(info.text[stop])
                start, end = max(start, sent_start_char), min(end, sent_end_char)
                start, end = _trim(text, start, end)
                if end - start < 2 or start <= tok_idx < end:
                    continue
                length = _length(stop - first + 1)
                shape = [
                    "kind=" + kind,
                    "var=" + variant,
                    "kind|var=" + kind + "|" + variant,
                    "lemma|kind=" + lemma + "|" + kind,
                    "lex|kind=" + lex + "|" + kind,
                    "first=" + opener,
                    "lemma|first=" + lemma + "|" + opener,
                    "chead=" + chead,
                    "len=" + length,
                    "clemma=" + clemma,
                    "lemma|var=" + lemma + "|" + variant,
                    "lex|first=" + lex + "|" + opener,
                    "kind|len=" + kind + "|" + length,
                    "quoted" if any(c in text[start:end] for c in '“”"') else "unquoted",
                    "sentend" if end >= sent_end_trimmed else "midsent",
                ]
                shape += ["kind|var=" + kind + "|pre", "lemma|var=" + lemma + "|pre"] if variant[:4] == "pre:" else []
                feats = common + shape
                out.append(Candidate(tok, start, end, kind + ":" + variant, feats, None, len(common), head.i, stop))
                if raised is not None and variant in {"full", "cut"} and kind in _RAISED:
                    out.extend(
                        _raised(tok, raised, (start, end), common, (kind, variant, lemma), sent_start_char, stop)
                    )
    return out


def _colon(info: _Doc, i: int) -> int | None:
    """The colon that ends the word's short phrase (``said:``, ``said in a statement Tuesday:``)."""
    lower, pos = info.lower, info.pos
    for k in range(i + 1, min(i + 7, len(lower))):
        if lower[k] == ":":
            return k if k + 1 < len(lower) else None
        if info.punct[k] or pos[k] in {"VERB", "AUX"} or "\n" in info.text[k]:
            return None
    return None


def _after_colon(
    tok: Any, colon: int, info: _Doc, text: str, common: list[str], lemma: str, lex: str
) -> list[Candidate]:
    """What follows ``… said:``: the rest of the sentence, or of the paragraph (several sentences)."""
    start = info.idx[colon + 1]
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    sent_end = info.sents[info.sent_of[colon + 1]][2]
    ends = {"sent": min(sent_end, line_end)}
    if line_end > ends["sent"] and line_end - start < 2000:
        ends["para"] = line_end
    out = []
    for variant, end in ends.items():
        s, e = _trim(text, start, end)
        if e - s < 2 or s <= info.idx[tok.i] < e:
            continue
        stop = max(colon + 1, bisect.bisect_right(info.idx, e - 1) - 1)
        quoted = text[s] in "“\"‘'"
        shape = [
            "kind=colon",
            "var=" + variant,
            "kind|var=colon|" + variant,
            "lemma|kind=" + lemma + "|colon",
            "lex|kind=" + lex + "|colon",
            "lex|var=" + lex + "|colon" + variant,
            "kind|len=colon|" + _length(stop - colon),
            "quoted" if quoted else "unquoted",
            "colon|quoted=" + str(quoted),
        ]
        out.append(Candidate(tok, s, e, "colon:" + variant, common + shape, None, len(common), colon + 1, stop))
    return out


_RAISING = {"seem", "appear", "look", "sound", "prove", "tend", "remain"}
_RAISED = {"xcomp", "attr", "oprd", "prep:as", "prep:for", "prep:to", "prep:with", "prep:of"}


def _raised(
    tok: Any, subj: Any, span: tuple[int, int], common: list[str], names: tuple[str, str, str], floor: int, stop: int
) -> list[Candidate]:
    """``Mr. X seemed | to overstay his welcome``, ``The plan is expected | to pass``: the subject
    with the complement, the cue between them a hole in the content."""
    (start, end), (kind, variant, lemma) = span, names
    first, last = subj.left_edge, subj.right_edge
    s, e = max(first.idx, floor), last.idx + len(last.text)
    if not s < e <= tok.idx < start:
        return []
    shape = ["kind=subj", "kind|var=subj|" + kind, "lemma|kind=" + lemma + "|subj", "var=subj" + variant]
    return [Candidate(tok, s, end, "subj:" + kind, common + shape, (e, start), len(common), subj.i, stop)]


def _around(tok: Any, text: str, common: list[str], sent_start: int, sent_end: int) -> list[Candidate]:
    """``The problem, she said, is …``: the clause a parenthetical cue interrupts, less the cue."""
    head = tok.head
    first, last = head.left_edge, head.right_edge
    lo, hi = tok.left_edge, tok.right_edge
    if not first.i < lo.i or not hi.i < last.i:
        return []
    start, end = _trim(text, max(first.idx, sent_start), min(last.idx + len(last.text), sent_end))
    hole = (lo.idx, hi.idx + len(hi.text))
    if end - start < 2 or not start < hole[0] < hole[1] < end:
        return []
    words = last.i - first.i + 1
    shape = ["kind=around", "kind|len=around|" + _length(words), "lemma|kind=" + tok.lemma_.lower() + "|around"]
    return [Candidate(tok, start, end, "around:full", common + shape, hole, len(common), head.i, last.i)]
