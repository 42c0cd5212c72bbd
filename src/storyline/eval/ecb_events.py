"""ECB+ event alignment: pairwise precision and recall of the links ``compare`` shows as agreed.

Setting: gold event mentions (every ACTION_* / NEG_ACTION_* markable). Each becomes an ``Event``
read off the parse the way extraction reads a clause (actor, action lemma, target, place); its date
is the calendar date stated in its sentence, resolved as extraction resolves dates (ECB+ gives no
publication dates, so a document's reference is the latest full date it states, if any). The events
of one sub-topic (topic × ecb/ecbplus) go through ``storyline.compare.eventlinks.link_events`` as a
story's events do, and a predicted link is a pair of mentions in different documents that end in
one agreed group (``possible`` groups are scored apart, never as agreement). Gold links: pairs of
mentions in different documents of one sub-topic with the same CROSS_DOC_COREF instance. A
same-lemma baseline is scored alongside.

The event-pair model (``storyline/data/event_pairs.json``) is trained on ``TRAIN_TOPICS`` by
``benchmarks/train_event_pairs.py``; its thresholds are chosen on ``DEV_TOPICS``; topics 36-45 are
the held-out split, scored elsewhere.
"""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

from ..compare.eventlinks import EventLinks, event_context, link_events
from ..compare.eventmodel import EventModel, load_event_model
from ..compare.events import EntityIndex
from ..compare.groups import Sources
from ..errors import InputError
from ..extractors import dates as dates_mod
from ..extractors import entities as ents
from ..extractors.events import TRIGGERS
from ..extractors.nlp import load_nlp
from ..options import Options
from ..records import Article, Event, Mention, TimeExpr

DEFAULT = Path(__file__).resolve().parents[3] / ".." / "shared" / "eval" / "ecbplus"
# The usual ECB+ split: the model trains on these topics, its thresholds are chosen on the dev ones.
TRAIN_TOPICS = frozenset({1, 3, 4, 6, 7, 8, 9, 10, 11, 13, 14, 16, 19, 20, 22, *range(24, 34)})
DEV_TOPICS = frozenset({2, 5, 12, 18, 21, 23, 34, 35})


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


@dataclass
class SubTopic:
    """The documents of one sub-topic as a story: articles, gold-mention events and what they need."""

    name: str
    articles: list[Article]
    events: list[Event]
    gold: dict[str, str]  # event id -> gold instance (a singleton gets one of its own)
    mentions: list[Mention]
    dates: dict[str, list[TimeExpr]]

    @property
    def topic(self) -> int:
        return int(self.name.split("/")[0])

    def gold_links(self) -> set[tuple[str, str]]:
        groups: dict[str, list[str]] = defaultdict(list)
        for eid, inst in self.gold.items():
            groups[inst].append(eid)
        return pairs_of(groups)


def topic_folders(root: Path, topics: Collection[int] | None = None) -> list[Path]:
    folders = sorted((p for p in root.iterdir() if p.is_dir() and p.name.isdigit()), key=lambda p: int(p.name))
    return [f for f in folders if topics is None or int(f.name) in topics]


def prepare(
    path: str | Path | None = None, options: Options | None = None, topics: Collection[int] | None = None
) -> tuple[list[SubTopic], float]:
    """Every sub-topic under ``path`` (only ``topics`` when given), parsed once; and the parse time (s)."""
    options = options or Options()
    root = Path(path or DEFAULT)
    docs = [read_doc(f) for t in topic_folders(root, topics) for f in sorted(t.glob("*.xml"))]
    if not docs:
        raise InputError(str(root), "no ECB+ documents (<topic>/<topic>_<n>ecb[plus].xml) found", "pass --data")
    started = time.perf_counter()
    nlp = load_nlp(options.model)
    parsed = list(nlp.pipe((d.text for d in docs), batch_size=16, n_process=max(1, options.n_process)))
    parse_s = time.perf_counter() - started
    by_sub: dict[str, list[tuple[Doc, Any]]] = defaultdict(list)
    for d, p in zip(docs, parsed, strict=True):
        by_sub[d.subtopic].append((d, p))
    out = []
    for name, items in by_sub.items():
        sub = SubTopic(name, [], [], {}, [], {})
        for d, p in items:
            article = Article(id=d.name, body=d.text)
            reference, _ = dates_mod.estimate_reference(article, p)
            sub.articles.append(article)
            sub.dates[d.name] = dates_mod.dates(p, article, reference)
            found_events, found = to_events(d, p)
            sub.events += found_events
            sub.mentions += found
            for m_id, _, inst in d.mentions:
                sub.gold[f"{d.name}#{m_id}"] = inst or f"single:{d.name}#{m_id}"
        sub.gold = {e.id: sub.gold[e.id] for e in sub.events}
        out.append(sub)
    return out, parse_s


def align_subtopic(sub: SubTopic, model: EventModel | None = None) -> EventLinks:
    """The sub-topic's events aligned as ``compare`` aligns a story's (one independent source per document)."""
    articles = sub.articles
    sources = Sources(articles)
    key_to_entity = ents.entity_index(sub.mentions)
    names: dict[str, str] = {}
    for entity in ents.merge_entities(sub.mentions):
        for name in (entity.name, *entity.aliases):
            names.setdefault(name, entity.id)
    context = event_context({a.id: a.body for a in articles}, sub.mentions, key_to_entity, sub.dates)
    return link_events(sub.events, EntityIndex(names), sources, context, model)


def score_subtopics(subs: Sequence[SubTopic], model: EventModel | None = None) -> dict[str, Any]:
    """Precision, recall and F1 of the agreed links (and of agreed + possible, and of the same-lemma
    baseline) over ``subs``."""
    gold: set[tuple[str, str]] = set()
    agreed: set[tuple[str, str]] = set()
    possible: set[tuple[str, str]] = set()
    lemma_pairs: set[tuple[str, str]] = set()
    align_s = 0.0
    for sub in subs:
        gold |= sub.gold_links()
        t = time.perf_counter()
        links = align_subtopic(sub, model)
        align_s += time.perf_counter() - t
        agreed |= pairs_of({g.items[0]: list(g.items) for g in links.groups})
        possible |= pairs_of({g.items[0]: list(g.items) for g in links.possible})
        by_lemma: dict[str, list[str]] = defaultdict(list)
        for e in sub.events:
            by_lemma[e.action].append(e.id)
        lemma_pairs |= pairs_of(by_lemma)
    p, r, f = score(agreed, gold)
    pp, pr, pf = score(agreed | possible, gold)
    bp, br, bf = score(lemma_pairs, gold)
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f, 4),
        "with_possible_precision": round(pp, 4),
        "with_possible_recall": round(pr, 4),
        "with_possible_f1": round(pf, 4),
        "lemma_precision": round(bp, 4),
        "lemma_recall": round(br, 4),
        "lemma_f1": round(bf, 4),
        "n_subtopics": len(subs),
        "n_docs": sum(len(s.articles) for s in subs),
        "n_mentions": sum(len(s.events) for s in subs),
        "n_gold_links": len(gold),
        "n_pred_links": len(agreed),
        "n_possible_links": len(possible - agreed),
        "align_s": round(align_s, 2),
    }


def score_event_alignment(
    path: str | Path | None = None, options: Options | None = None, topics: int = 0
) -> dict[str, Any]:
    """Precision, recall and F1 of the event links shown as agreed on ``path`` (every topic there, or
    the first ``topics``); on the dev folder also per split (train topics, dev topics, and the dev
    topics' even and odd halves)."""
    options = options or Options()
    root = Path(path or DEFAULT)
    chosen = [int(f.name) for f in topic_folders(root)][: topics or None] if root.is_dir() else None
    subs, parse_s = prepare(root, options, chosen)
    model = load_event_model()
    out = score_subtopics(subs, model)
    out["n_topics"] = len({s.topic for s in subs})
    out["model"] = model.name
    out["agreed_threshold"] = model.agreed
    out["possible_threshold"] = model.possible
    # the dev topics' two fixed halves (even and odd topic numbers), as every scorer reports them
    dev_even = frozenset(t for t in DEV_TOPICS if t % 2 == 0)
    splits = (("train", TRAIN_TOPICS), ("dev", DEV_TOPICS), ("dev_even", dev_even), ("dev_odd", DEV_TOPICS - dev_even))
    for split, wanted in splits:
        part = [s for s in subs if s.topic in wanted]
        if part and len(part) < len(subs):
            scored = score_subtopics(part, model)
            out[split] = {k: scored[k] for k in ("precision", "recall", "f1", "n_gold_links", "n_pred_links")}
    out["parse_s"] = round(parse_s, 1)
    return out
