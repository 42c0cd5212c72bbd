"""Quotes: who said what, direct and indirect, with cue verb and speaker span.

A quote's ``start``/``end``/``text`` is its content: for a direct quote the words inside the marks
(trailing comma dropped), for indirect speech the reported clause (``that …`` included, final period
not). Parts of one statement are separate Quotes linked through ``same_as`` (ids in the same
article): a quote split by its attribution (``“A,” she said. “B.”``), a quote running over several
paragraphs, and a partial quote inside an indirect one (``said he “has taken significant …” when``).
A scorer treats a ``same_as`` group as one attribution; a story builder may add links across
articles later.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from ...records import Article, Mention, Quote
from . import cuemodel
from . import decode as quotedecode
from .cues import CALL_CUES, CUES, OBJECT_CUES, OBJECT_PREPS, XCOMP_CUES
from .hosts import Hosts
from .marks import quote_spans
from .speakers import Speakers, fallback, phrase, subject
from .windows import TURN, after_window, before_window, source, window_cue

__all__ = ["VERSION", "quotes"]

VERSION = "quotes-8"  # a recording that echoes another cue is no source; pronouns respect titles; accurate tier

_TRIM = " \t\n\r\u00a0,;:—–-"
_MARKED = re.compile('[“”"]')  # a quotation inside reported content: speech, never vetoed
_CUE_WORDS = CUES | OBJECT_CUES
_SECOND = frozenset({"conj", "advcl"})  # how a second attribution of the same speaker hangs inside a content
_MOVE = 0.5  # a learned span replaces a lexicon rule's span the model never proposed when this sure


@dataclass(slots=True)
class _Draft:
    start: int
    end: int
    direct: bool
    cue: Any  # spaCy Token, or None
    cue_text: str | None
    subj: Any  # spaCy Token heading the speaker phrase, or None
    group: int
    parts: list[tuple[int, int]] = field(default_factory=list)
    spoken_of: bool = False  # "X seemed to …": X is the subject matter, and no one is quoted


def _trim(text: str, start: int, end: int, keep_period: bool = False) -> tuple[int, int]:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and (text[end - 1] in _TRIM or (not keep_period and text[end - 1] == ".")):
        end -= 1
    return start, end


def _content(verb: Any) -> list[Any]:
    """Complement tokens of a cue verb that carry what was said or believed."""
    lemma = verb.lemma_.lower()
    comps = [c for c in verb.children if c.dep_ == "ccomp"]
    if not comps and lemma in XCOMP_CUES:
        comps = [c for c in verb.children if c.dep_ == "xcomp" and any(g.lower_ == "to" for g in c.children)]
    if lemma == "ask":
        comps += [
            c for c in verb.children if c.dep_ == "advcl" and any(g.lower_ in {"if", "whether"} for g in c.children)
        ]
    if lemma in CALL_CUES:
        objs = [c for c in verb.children if c.dep_ in {"dobj", "oprd", "ccomp", "xcomp"}]
        if any(c.dep_ in {"ccomp", "oprd"} for c in objs):
            comps = objs
    if not comps and lemma in OBJECT_CUES:
        comps = [
            c
            for c in verb.rights
            if c.dep_ in {"dobj", "oprd"} or (c.dep_ == "prep" and c.lower_ in OBJECT_PREPS and list(c.children))
        ]
    return comps


def _parataxis(verb: Any) -> tuple[int, int] | None:
    """``Mexico has taken …, an official said``: the clause the cue hangs from, up to the cue."""
    head = verb.head
    if verb.dep_ != "parataxis" or head.i > verb.i:
        return None
    first = verb.left_edge
    start = head.left_edge.idx
    return (start, first.idx) if first.idx > start else None


def _span_of(tokens: list[Any]) -> tuple[int, int]:
    start = min(t.left_edge.idx for t in tokens)
    last = max((t.right_edge for t in tokens), key=lambda t: t.i)
    return start, last.idx + len(last.text)


def _indirect(doc: Any, text: str, learned: bool = True, tagged: list[tuple[int, int]] | None = None) -> list[_Draft]:
    drafts: list[_Draft] = []
    for tok in doc:
        lemma = tok.lemma_.lower()
        if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            drafts.extend(_according(tok, text))
            continue
        if lemma not in _CUE_WORDS or tok.pos_ not in {"VERB", "AUX"} or tok.dep_ == "amod":
            continue
        comps = _content(tok)
        para = None if comps else _parataxis(tok)
        if not comps and para is None:
            continue
        start, end = _span_of(comps) if comps else para  # type: ignore[misc]
        if start <= tok.idx < end:  # parse put the cue inside its own complement
            continue
        start, end = _clip(text, tok, start, end)
        if end - start < 2:
            continue
        drafts.append(_Draft(start, end, False, tok, tok.text, subject(tok), -1))
    found = _learned(doc, text, drafts, tagged) if learned else []
    return [d for d in drafts if d.end > d.start] + found


def _learned(doc: Any, text: str, rules: list[_Draft], tagged: list[tuple[int, int]] | None = None) -> list[_Draft]:
    """Attributions the lexicon misses ("reflected on", "wants", "suspicions that"): per word, the
    span model's best content, kept when P(word attributes) × P(span) clears the threshold. For a
    word the rules already took, the span model may move the boundary (a trailing ``when …``
    clause) when clearly surer of another span, and drops the rule's draft (emptied) when the word
    itself is unlikely to attribute anything ("said" of a bill) unless it quotes someone. A
    parenthetical cue gives two parts."""
    model = cuemodel.load_model()
    dense = model.project(doc)
    taken = {d.cue.i: d for d in rules if d.cue_text != "according to"}
    scored: dict[int, list[tuple[float, int, int, tuple[int, int] | None, str]]] = {}
    cue_p: dict[int, float] = {}
    sents: dict[int, tuple[int, int, int]] = {}  # cue index -> (sentence start, end, cue char): built once
    for cand in cuemodel.candidates(doc, text):
        i = cand.cue.i
        where = sents.get(i)
        if where is None:
            sent = cand.cue.sent
            where = sents[i] = (sent.start_char, sent.end_char, cand.cue.idx)
        if cand.kind == "colon:para":  # several sentences of one paragraph, as found
            start, end = _trim(text, cand.start, cand.end)
        else:
            start, end = _clip_in(text, *where, cand.start, cand.end)
        if end - start >= 2:
            scored.setdefault(i, []).append((model.span(cand, dense), start, end, cand.hole, cand.kind))
            if i not in cue_p:
                cue_p[i] = model.cue(cand, dense)
    drafts: list[_Draft] = []
    for i, options in scored.items():
        q, start, end, hole, kind = max(options, key=lambda o: o[:3])
        p = q * cue_p[i]
        rule = taken.get(i)
        if rule is not None and cue_p[i] < model.veto and not _MARKED.search(text, rule.start, rule.end):
            rule.end = rule.start
            continue
        if p < model.threshold and not (tagged and p >= COVOTE and _agrees(tagged, start, end)):
            continue
        raised = kind[:5] == "subj:"
        subj = subject(doc[i]) if not raised else None
        if subj is None and i + 1 < len(doc) and doc[i + 1].text == ":" and doc[i].pos_ in {"NOUN", "PROPN"}:
            subj = doc[i]  # "Poll: …", "Sanders: …": the word before the colon is the source
        if hole is not None and rule is None:  # "X, she said, Y": two parts of one statement
            for s, e in (_trim(text, start, hole[0]), _trim(text, hole[1], end)):
                if e - s >= 2:
                    drafts.append(_Draft(s, e, False, doc[i], doc[i].text, subj, -1, spoken_of=raised))
            continue
        if rule is None:
            drafts.append(_Draft(start, end, False, doc[i], doc[i].text, subj, -1))
            continue
        if hole is not None:
            continue
        same = [o[0] for o in options if (o[1], o[2]) == (rule.start, rule.end)]
        if (same and q > same[0] + model.margin) or (not same and q > _MOVE):
            rule.start, rule.end = start, end
    return drafts


def _clip(text: str, cue: Any, start: int, end: int) -> tuple[int, int]:
    """Keep reported content inside the cue's sentence and paragraph (parses run over both)."""
    sent = cue.sent
    return _clip_in(text, sent.start_char, sent.end_char, cue.idx, start, end)


def _clip_in(text: str, sent_start: int, sent_end: int, cue_at: int, start: int, end: int) -> tuple[int, int]:
    """``_clip`` with the cue's sentence bounds and character offset already known."""
    start, end = max(start, sent_start), min(end, sent_end)
    para_start = text.rfind("\n", sent_start, cue_at) + 1  # bounded: bodies may be one long line
    para_end = text.find("\n", cue_at, sent_end)
    start, end = max(start, para_start), min(end, para_end if para_end >= 0 else len(text))
    return _trim(text, start, end)


def _according(tok: Any, text: str) -> list[_Draft]:
    """``Y, according to X`` / ``According to X, Y``: the clause around the phrase is the content."""
    to = tok.doc[tok.i + 1]
    source = next((c for c in to.children if c.dep_ == "pobj"), None)
    if source is None:
        source = next((c for c in tok.children if c.dep_ == "pobj"), None)
    sent = tok.sent
    phrase_start = tok.idx
    phrase_end = max(tok.right_edge.i, to.right_edge.i)
    phrase_stop = tok.doc[phrase_end].idx + len(tok.doc[phrase_end].text)
    head = tok.head if tok.head.i != tok.i and tok.head.sent == sent else sent.root
    clause_start, clause_end = _span_of([head]) if head.i != tok.i else (sent.start_char, sent.end_char)
    clause_start, clause_end = max(clause_start, sent.start_char), min(clause_end, sent.end_char)
    pieces = [_trim(text, s, e) for s, e in ((clause_start, phrase_start), (phrase_stop, clause_end))]
    pieces = [(s, e) for s, e in pieces if e - s >= 2 and any(c.isalpha() for c in text[s:e])]
    # a short piece counts only beside a long one ("Fundraising, according to X, has surged")
    parts = pieces if any(e - s >= 12 for s, e in pieces) else []
    return [_Draft(s, e, False, tok, "according to", source, -1) for s, e in parts]


def _direct(doc: Any, text: str, indirect: list[_Draft]) -> list[_Draft]:
    by_cue = {d.cue.i: d for d in indirect if d.cue is not None and d.cue_text != "according to"}
    drafts: list[_Draft] = []
    spans = quote_spans(text)
    hosts = Hosts(indirect)
    for qs, cs, ce, qe in spans:
        s, e = _trim(text, cs, ce, keep_period=True)
        if e - s < 1:
            continue
        lo, hi = after_window(text, qe)
        attributive = text[s:ce].rstrip()[-1:] in {",", "?", "!", "—", "–", "-"} or text[qe:hi].lstrip()[:1] == ","
        cue = window_cue(doc, lo, hi) if attributive and text[qe : qe + 1] not in "\n" else None
        if cue is None:
            window = before_window(text, qs)
            if window:
                cue = window_cue(doc, *window, after=False)
                if cue is not None and cue.lower_ == "according":
                    cue = None
        if cue is not None:
            old = by_cue.pop(cue.i, None)
            if old is not None and not (qs <= old.start and old.end <= qe + 2):
                by_cue[cue.i] = old  # the verb's clause is more than this quote: keep both
            elif old is not None:
                hosts.drop(old)
            text_cue = "according to" if cue.lower_ == "according" else cue.text
            drafts.append(_Draft(s, e, True, cue, text_cue, source(doc, cue), -1))
            continue
        host = hosts.smallest(s, e)
        if host is not None:  # a partial quote inside reported speech
            drafts.append(_Draft(s, e, True, host.cue, host.cue_text, host.subj, id(host)))
            continue
        words = len(text[s:e].split())
        sentence_like = text[s : s + 1].isupper() and words >= 4
        turn = TURN.match(text, s, e)
        if turn is not None and turn.end() < e:  # a transcript's turn: "“PENCE: Well, …"
            speaker = doc.char_span(s, turn.end(1), alignment_mode="contract")
            if speaker is not None and len(speaker):
                drafts.append(_Draft(turn.end(), e, True, None, None, speaker.root, -2))
                continue
        if sentence_like:
            drafts.append(_Draft(s, e, True, None, None, None, -2))
    indirect[:] = [d for d in indirect if id(d) not in hosts.dropped]
    return drafts


def _link(direct: list[_Draft], indirect: list[_Draft], text: str) -> list[_Draft]:
    """Give groups: same cue token → one group; unattributed quotes join the adjacent attributed one."""
    allq = sorted(direct + indirect, key=lambda d: (d.start, d.end))
    groups: dict[int, int] = {}
    hosts = {id(d): d for d in indirect}
    next_group = 0
    for d in allq:
        if d.group >= 0 and d.group in hosts:  # partial quote: its host's group
            continue
        if d.cue is not None:
            key = d.cue.i if d.cue_text != "according to" else -1000 - d.cue.i
            if key not in groups:
                groups[key] = next_group
                next_group += 1
            if d.group not in hosts:
                d.group = groups[key]
    for d in allq:
        if d.group in hosts:
            d.group = hosts[d.group].group
    directs = [d for d in allq if d.direct]
    for i, d in enumerate(directs):  # continuation: "“A,” she said. “B.”" and run-on paragraphs
        if d.group != -2:
            continue
        if d.subj is not None:  # a transcript's turn names its own speaker
            d.group = next_group
            next_group += 1
            continue
        prev = directs[i - 1] if i > 0 else None
        nxt = directs[i + 1] if i + 1 < len(directs) else None
        if prev is not None and prev.group >= 0 and _near(text, prev.end, d.start):
            d.group, d.cue, d.cue_text, d.subj = prev.group, prev.cue, prev.cue_text, prev.subj
        elif nxt is not None and nxt.group >= 0 and _near(text, d.end, nxt.start, gap=6):
            d.group, d.cue, d.cue_text, d.subj = nxt.group, nxt.cue, nxt.cue_text, nxt.subj
        else:
            d.group = next_group
            next_group += 1
    return allq


def _shape(drafts: list[_Draft], spans: list[tuple[int, int, int, int]], text: str) -> list[_Draft]:
    """Indirect content stops before a second attribution by the same speaker ("…, but said …",
    "…, claiming …") and never ends or starts inside a quotation."""
    inside = [(cs, ce) for _qs, cs, ce, _qe in spans]
    drafts = [d for d in drafts if _within(inside, d.cue.idx) is None]
    by_pos = sorted({d.cue.i: d for d in drafts}.values(), key=lambda d: d.cue.idx)
    positions = [d.cue.idx for d in by_pos]
    for d in drafts:
        if d.cue_text == "according to" or d.subj is None:
            continue
        for other in by_pos[bisect.bisect_right(positions, d.start) : bisect.bisect_left(positions, d.end)]:
            tok = other.cue
            if tok.i == d.cue.i:
                continue
            own = other.subj is not None and d.start <= other.subj.idx < tok.idx
            according = other.cue_text == "according to"
            shared = other.subj is None or other.subj.i == d.subj.i or tok.dep_ in {"conj", "advcl"}
            if according or (not own and shared and not _governed(tok, d)):
                if not according:
                    other.subj = d.subj
                left = min(tok.left_edge.idx, tok.idx)
                while left > d.start and text[left - 1] in " ,;—–-":
                    left -= 1
                cut = re.search(r"(,?\s*\b(?:and|but|while|yet)\s*)$", text[d.start : left])
                d.end = d.start + (cut.start() if cut else left - d.start)
                d.start, d.end = _trim(text, d.start, d.end)
                break
    outer = [(qs, qe) for qs, _cs, _ce, qe in spans]
    for d in drafts:
        around_end = _within(outer, d.end - 1)
        if around_end is not None and d.end < around_end[1]:
            d.end = around_end[1]
        around_start = _within(outer, d.start)
        if around_start is not None and around_start[0] < d.start:
            d.start = around_start[0]
    return [d for d in drafts if d.end - d.start >= 2]


def _governed(tok: Any, d: _Draft) -> bool:
    """Whether ``tok`` hangs from a word of ``d``'s content before it reaches ``d``'s cue: speech
    reported inside the content ("called on X to apologize for accusing him …"), not a second
    attribution of the same speaker ("…, but said …")."""
    if tok.dep_ in _SECOND:
        return False
    if tok.head.i == d.cue.i and tok.dep_ in {"xcomp", "ccomp"}:  # the content's own head
        return True
    node = tok
    for _ in range(40):
        head = node.head
        if head.i == node.i or head.i == d.cue.i:
            return False
        if d.start <= head.idx < d.end:
            return True
        node = head
    return False


def _within(spans: list[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    """The span of sorted, disjoint ``spans`` holding ``pos`` (bisect: bodies may hold thousands)."""
    k = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    return spans[k] if k >= 0 and spans[k][0] <= pos < spans[k][1] else None


def _nested(d: _Draft, marks: list[tuple[int, int]], text: str) -> bool:
    """Speech reported inside someone's direct quote is part of that quote, not a quote of its own."""
    span = _within(marks, d.start)
    if span is None or d.end > span[1]:
        return False
    before = text[span[0] : d.start]
    return _words(("" if TURN.fullmatch(before) else before) + " " + text[d.end : span[1]])


def _words(text: str) -> bool:
    return any(c.isalnum() for c in text)


def _near(text: str, end: int, start: int, gap: int = 160) -> bool:
    between = text[end:start]
    return len(between) <= gap and between.count("\n\n") + between.count("\n") <= 2


COVOTE = 0.3  # a learned attribution this likely is kept when a tagger found the same content (held-out train)


def _agrees(tagged: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether a tagged content overlaps ``[start, end)`` by 80% of the longer of the two."""
    k = bisect.bisect_right(tagged, (end, end))
    for a, b in tagged[max(0, k - 6) : k]:
        inter = min(b, end) - max(a, start)
        if inter > 0 and inter >= 0.8 * max(b - a, end - start):
            return True
    return False


def _rule_drafts(
    doc: Any, text: str, spans: list[tuple[int, int, int, int]], learned: bool = True, tagged: Any = None
) -> list[_Draft]:
    """The lexicon-and-parse rules of quotes-7; ``tagged``: content spans a tagger found, which
    let a learned attribution below the threshold in (``COVOTE``)."""
    indirect = _shape(_indirect(doc, text, learned, tagged), spans, text)
    direct = _direct(doc, text, indirect)
    marks = [(cs, ce) for _qs, cs, ce, _qe in spans]
    indirect = [d for d in indirect if not _nested(d, marks, text)]
    direct = [d for d in direct if not _nested(d, marks, text)]
    return [d for d in _link(direct, indirect, text) if d.end > d.start]


def _drop_echoes(drafts: list[_Draft]) -> list[_Draft]:
    """``X told reporters Y, according to a recording``: the recording is where the words were
    heard, not who said them. An "according to" attribution whose content another cue already
    attributes (80% overlap) is dropped."""
    others = sorted((d.start, d.end) for d in drafts if d.cue_text != "according to")
    if not others:
        return drafts
    return [d for d in drafts if not (_object_source(d) and _agrees(others, d.start, d.end))]


_RECORDS = frozenset(
    [
        "recording",
        "recordings",
        "video",
        "videos",
        "tape",
        "tapes",
        "transcript",
        "transcripts",
        "footage",
        "audio",
        "document",
        "documents",
        "record",
        "records",
        "memo",
        "email",
        "e-mail",
        "letter",
        "filing",
        "filings",
        "copy",
        "post",
    ]
)


def _object_source(d: _Draft) -> bool:
    """An "according to" whose source is a thing that holds words (a recording, a transcript)."""
    subj = d.subj
    return (
        d.cue_text == "according to"
        and not d.direct
        and subj is not None
        and subj.pos_ == "NOUN"
        and not subj.ent_type_
        and subj.lemma_.lower() in _RECORDS
    )


def quotes(doc: Any, article: Article, mentions: list[Mention], quality: str = "fast") -> list[Quote]:
    """Direct, partial and indirect quotes in ``article.body`` (``doc = nlp(article.body)``).

    ``quality`` "fast": the lexicon-and-parse rules with the learned cue model. "accurate": the
    same, where a learned attribution a little below its threshold is kept when the token taggers
    (the MiniLM fine-tuned on PolNeAR with the BiLSTM-CRF over the parse) tag the same content."""
    text = article.body
    spans = quote_spans(text)
    tagged = None
    if quality == "accurate":
        from .accurate import labels

        tagged = quotedecode.contents(doc, labels(doc, text), spans)
    drafts = _drop_echoes(_rule_drafts(doc, text, spans, tagged=tagged))
    speakers = Speakers(mentions, spans, text)
    ids = {id(d): f"{article.id}:q{n + 1}" for n, d in enumerate(drafts)}
    members: dict[int, list[str]] = {}
    for d in drafts:
        members.setdefault(d.group, []).append(ids[id(d)])
    out = []
    for d in drafts:
        if d.subj is None and not d.spoken_of:
            d.subj = fallback(doc, d.cue, d.start, d.end)
        speaker = entity = None
        s_start = s_end = None
        if d.subj is not None:
            s_start, s_end = phrase(d.subj)
            name, mention = speakers.resolve(d.subj)
            described = text[s_start:s_end]
            if mention is None:  # a description: "a spokesperson for the NSC" speaks for the NSC
                inner = speakers.within(s_start, s_end)
                mention = inner[-1] if inner and d.subj.pos_ != "PRON" else None
                name = described
            speaker, entity = name or described, mention.key if mention else None
        same = tuple(q for q in members[d.group] if q != ids[id(d)])
        quote = (ids[id(d)], article.id, d.start, d.end, text[d.start : d.end], d.direct, d.cue_text)
        out.append(Quote(*quote, speaker, s_start, s_end, entity, same))
    return out
