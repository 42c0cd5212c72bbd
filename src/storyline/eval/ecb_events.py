"""ECB+ event alignment: pairwise precision and recall of ``align_events`` against gold links.

Setting: gold event mentions (every ACTION_* / NEG_ACTION_* markable). Each becomes an ``Event``
read off the parse the way extraction reads a clause (actor, action lemma, target, place), the
events of one sub-topic (topic × ecb/ecbplus) are aligned with ``storyline.compare.events``, and a
predicted link is a pair of mentions in different documents that end in one group. Gold links:
pairs of mentions in different documents of one sub-topic with the same CROSS_DOC_COREF instance.
A same-lemma baseline is scored alongside. Dates are left out (ECB+ gives no document dates).
"""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

from ..compare.events import EntityIndex, align_events
from ..compare.groups import Sources
from ..errors import InputError
from ..extract import entities as ents
from ..extract.events import TRIGGERS
from ..extract.nlp import load_nlp
from ..options import Options
from ..records import Article, Event, Mention

DEFAULT = Path(__file__).resolve().parents[3] / ".." / "shared" / "eval" / "ecbplus"


@dataclass
class Doc:
    name: str
    subtopic: str
    text: str
    tokens: dict[str, tuple[int, int]]  # t_id -> char span
    mentions: list[tuple[str, list[str], str | None]]  # (m_id, token ids, gold instance or None)


def read_doc(path: Path) -> Doc:
    root = ET.parse(path).getroot()
    plus = path.name.endswith("ecbplus.xml")
    parts: list[str] = []
    spans: dict[str, tuple[int, int]] = {}
    pos, last_sent = 0, None
    for tok in root.iter("token"):
        if plus and tok.get("sentence") == "0":
            continue  # the source URL, not text
        sent = tok.get("sentence")
        if last_sent is not None and sent != last_sent:
            parts.append("\n")
            pos += 1
        elif parts:
            parts.append(" ")
            pos += 1
        word = tok.text or ""
        spans[tok.get("t_id", "")] = (pos, pos + len(word))
        parts.append(word)
        pos += len(word)
        last_sent = sent
    markables = root.find("Markables")
    instance: dict[str, str] = {}
    for rel in root.iter("CROSS_DOC_COREF"):
        for src in rel.findall("source"):
            instance[src.get("m_id", "")] = rel.get("note", "")
    mentions = []
    for m in markables if markables is not None else []:
        anchors = [a.get("t_id", "") for a in m.findall("token_anchor")]
        if "ACTION" in m.tag and anchors and all(a in spans for a in anchors):
            mentions.append((m.get("m_id", ""), anchors, instance.get(m.get("m_id", ""))))
    topic = path.parent.name
    return Doc(path.stem, f"{topic}/{'ecbplus' if plus else 'ecb'}", "".join(parts), spans, mentions)


SUBJECTS = {"nsubj", "csubj"}
OBJECTS = {"dobj", "nsubjpass", "attr"}
TARGET_PREPS = {"with", "on", "against", "to", "into", "for", "of"}
PLACE_PREPS = {"in", "at", "near", "along", "across", "outside", "inside", "from"}
PLACES = {"GPE", "LOC", "FAC"}


def _name(token: Any, found: list[Mention]) -> str | None:
    """The entity name covering ``token``, else its noun phrase (left modifiers and itself)."""
    if token is None or token.pos_ == "PRON":
        return None
    for m in found:
        if m.start <= token.idx < m.end:
            return m.name
    return token.doc[token.left_edge.i : token.i + 1].text


def _roles(head: Any) -> tuple[Any, Any, Any]:
    """(actor, target, place) tokens of a mention's head, as extraction reads a clause."""
    actor = target = place = None
    for c in head.children:
        if c.dep_ in SUBJECTS and actor is None:
            actor = c
        elif c.dep_ == "agent":
            actor = next((o for o in c.children if o.dep_ == "pobj"), actor)
        elif c.dep_ in OBJECTS and target is None:
            target = c
        elif c.dep_ == "prep":
            obj = next((o for o in c.children if o.dep_ == "pobj"), None)
            if obj is None:
                continue
            if c.lower_ in PLACE_PREPS and obj.ent_type_ in PLACES and place is None:
                place = obj
            elif c.lower_ in TARGET_PREPS and target is None:
                target = obj
        elif c.dep_ == "poss" and actor is None and head.pos_ == "NOUN":  # "Reid's arrest"
            actor = c
    if actor is None and head.dep_ in {"xcomp", "conj", "relcl"} and head.head.i != head.i:
        actor = next((c for c in head.head.children if c.dep_ in SUBJECTS), None)
        if head.dep_ == "relcl":
            actor = head.head
    return actor, target, place


def to_events(doc: Doc, parsed: Any) -> tuple[list[Event], list[Mention]]:
    """One Event per gold mention: action lemma, actor, target and place read off the parse."""
    article = Article(id=doc.name, body=doc.text)
    found = ents.mentions(parsed, article)
    out = []
    for m_id, anchors, _ in doc.mentions:
        start, end = doc.tokens[anchors[0]][0], doc.tokens[anchors[-1]][1]
        span = parsed.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        head = span.root
        lemma = head.lemma_.lower()
        actor, target, place = _roles(head)
        out.append(
            Event(
                id=f"{doc.name}#{m_id}",
                articles=(doc.name,),
                actor=_name(actor, found),
                action=lemma,
                target=_name(target, found),
                date=None,
                place=_name(place, found),
                text=doc.text[start:end],
                article=doc.name,
                start=start,
                end=end,
                cls=TRIGGERS.get(lemma, "other"),
            )
        )
    return out, found


def pairs_of(groups: dict[str, list[str]]) -> set[tuple[str, str]]:
    """Cross-document pairs of mention ids sharing a cluster."""
    out = set()
    for members in groups.values():
        for a, b in combinations(sorted(members), 2):
            if a.split("#")[0] != b.split("#")[0]:
                out.add((a, b))
    return out


def score(pred: set[tuple[str, str]], gold: set[tuple[str, str]]) -> tuple[float, float, float]:
    tp = len(pred & gold)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(gold) if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_event_alignment(
    path: str | Path | None = None, options: Options | None = None, topics: int = 0
) -> dict[str, Any]:
    """Precision, recall and F1 of event alignment (and of the same-lemma baseline) on ``path``."""
    options = options or Options()
    root = Path(path or DEFAULT)
    folders = sorted((p for p in root.iterdir() if p.is_dir() and p.name.isdigit()), key=lambda p: int(p.name))
    if topics:
        folders = folders[:topics]
    docs = [read_doc(f) for t in folders for f in sorted(t.glob("*.xml"))]
    if not docs:
        raise InputError(str(root), "no ECB+ documents (<topic>/<topic>_<n>ecb[plus].xml) found", "pass --data")
    started = time.perf_counter()
    nlp = load_nlp(options.model)
    parsed = list(nlp.pipe((d.text for d in docs), batch_size=16, n_process=options.n_process))
    parse_s = time.perf_counter() - started
    by_sub: dict[str, list[tuple[Doc, Any]]] = defaultdict(list)
    for d, p in zip(docs, parsed, strict=True):
        by_sub[d.subtopic].append((d, p))
    gold: set[tuple[str, str]] = set()
    pred: set[tuple[str, str]] = set()
    lemma_pairs: set[tuple[str, str]] = set()
    n_mentions, align_s = 0, 0.0
    for items in by_sub.values():
        gold_groups: dict[str, list[str]] = defaultdict(list)
        events: list[Event] = []
        mentions: list[Mention] = []
        for d, p in items:
            for m_id, _, inst in d.mentions:
                gold_groups[inst or f"single:{d.name}#{m_id}"].append(f"{d.name}#{m_id}")
            found_events, found = to_events(d, p)
            events += found_events
            mentions += found
        gold |= pairs_of(gold_groups)
        n_mentions += len(events)
        names: dict[str, str] = {}
        for entity in ents.merge_entities(mentions):
            for name in (entity.name, *entity.aliases):
                names.setdefault(name, entity.id)
        t = time.perf_counter()
        _, groups = align_events(events, EntityIndex(names), Sources([Article(id=d.name, body="") for d, _ in items]))
        align_s += time.perf_counter() - t
        pred |= pairs_of({g.items[0]: list(g.items) for g in groups})
        by_lemma: dict[str, list[str]] = defaultdict(list)
        for e in events:
            by_lemma[e.action].append(e.id)
        lemma_pairs |= pairs_of(by_lemma)
    p, r, f = score(pred, gold)
    bp, br, bf = score(lemma_pairs, gold)
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f, 4),
        "lemma_precision": round(bp, 4),
        "lemma_recall": round(br, 4),
        "lemma_f1": round(bf, 4),
        "n_topics": len(folders),
        "n_subtopics": len(by_sub),
        "n_docs": len(docs),
        "n_mentions": n_mentions,
        "n_gold_links": len(gold),
        "n_pred_links": len(pred),
        "parse_s": round(parse_s, 1),
        "align_s": round(align_s, 2),
    }
