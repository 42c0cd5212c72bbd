"""Events: actor–action–target (with place and date) read off the dependency parse.

Only newsworthy actions are kept (a small lexicon of trigger verbs, each with a coarse class);
the evidence span of an event is its clause, trimmed to one line of the body.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import Any

from ..records import Article, Event, Mention, TimeExpr

VERSION = "events-2"

# lemma -> coarse class. "say"/"tell" are left to quotes: they are reporting, not events.
TRIGGERS: dict[str, str] = {
    "meet": "meeting",
    "convene": "meeting",
    "negotiate": "meeting",
    "visit": "visit",
    "tour": "visit",
    "arrest": "enforcement",
    "apprehend": "enforcement",
    "detain": "enforcement",
    "deport": "enforcement",
    "repatriate": "enforcement",
    "expel": "enforcement",
    "seize": "enforcement",
    "raid": "enforcement",
    "intercept": "enforcement",
    "charge": "enforcement",
    "prosecute": "enforcement",
    "close": "closure",
    "shut": "closure",
    "suspend": "closure",
    "reopen": "reopening",
    "announce": "statement",
    "declare": "statement",
    "pledge": "statement",
    "vow": "statement",
    "warn": "statement",
    "unveil": "statement",
    "promise": "statement",
    "agree": "agreement",
    "sign": "agreement",
    "ratify": "agreement",
    "approve": "agreement",
    "attack": "attack",
    "bomb": "attack",
    "kill": "attack",
    "shoot": "attack",
    "resign": "resignation",
    "elect": "election",
    "appoint": "appointment",
    "nominate": "appointment",
}
# verb + particle -> class; the particle is part of the action ("crack down").
PHRASAL: dict[tuple[str, str], str] = {
    ("crack", "down"): "enforcement",
    ("tear", "down"): "enforcement",
    ("shut", "down"): "closure",
    ("round", "up"): "enforcement",
    ("sign", "off"): "agreement",
}
# Motion verbs count as a visit only with a destination ("traveled to Mexico").
MOTION = frozenset({"travel", "come", "arrive", "fly", "go", "return", "head", "journey"})
DESTINATION_PREPS = frozenset({"to", "into"})
TARGET_PREPS = frozenset({"with", "on", "against", "to", "into", "for"})
PLACE_PREPS = frozenset({"in", "at", "along", "near", "across", "inside", "outside", "to", "into", "from"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
TIME_LABELS = frozenset({"DATE", "TIME"})
SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
RELATIVE = frozenset({"who", "that", "which", "whom"})
ARTICLES = frozenset({"a", "an", "the"})
# Every lemma that can start an event: a cheap first filter over the whole Doc.
CANDIDATES = frozenset(TRIGGERS) | MOTION | frozenset(verb for verb, _ in PHRASAL)
# A clause these open inside an event's clause is another happening ("… to continue talks after Blinken
# traveled to Mexico"): the event's text ends before it. Conditions ("if", "unless") stay: they qualify it.
SUBORDINATE = frozenset({"after", "as", "while", "when", "whenever", "because", "since", "before", "until", "once"})
SUBORDINATE |= frozenset({"although", "though", "whereas"})
# Words that open a subordinate or coordinated clause: an event's text starts after them
# ("after Blinken traveled to Mexico" -> "Blinken traveled to Mexico").
OPENERS = SUBORDINATE | frozenset({"and", "but", "or", "that", "so", "then", "yet"})
ISO_DATE = re.compile(r"^\d{4}(?:-(?:W\d{2}|\d{2})(?:-\d{2})?)?$")


def events(doc: Any, article: Article, mentions: Sequence[Mention], dates: Sequence[TimeExpr]) -> list[Event]:
    """Every newsworthy action in ``doc`` (the parse of ``article.body``), in text order."""
    body = article.body
    found: list[Event] = []
    index = _Index(doc, mentions, dates)
    strings = doc.vocab.strings
    wanted = {strings[form] for lemma in CANDIDATES for form in (lemma, lemma.capitalize())}
    for i, lemma in enumerate(doc.to_array("LEMMA").tolist() if len(doc) else []):
        if lemma not in wanted:
            continue
        token = doc[i]
        trigger = _trigger(token)
        if trigger is None:
            continue
        action, cls = trigger
        actor_tok = _actor(token)
        target_tok = _target(token, action)
        actor, target = _name(actor_tok, index), _name(target_tok, index)
        # "it was important they be reopened": with no one named on either side it is not a report.
        if _vague(actor_tok, actor) and _vague(target_tok, target):
            continue
        start, end = _clause(token, actor_tok)
        if start >= end:
            continue
        date = _date(token, index)
        place = _place(token, target_tok, index, actor_tok)
        found.append(
            Event(
                id=f"{article.id}:v{len(found) + 1}",
                articles=(article.id,),
                article=article.id,
                start=start,
                end=end,
                text=body[start:end],
                actor=actor,
                action=action,
                target=target,
                date=date,
                place=place,
                cls=cls,
            )
        )
    return found


class _Index:
    """Mentions by token and time expressions by position, so each lookup is cheap on long bodies."""

    def __init__(self, doc: Any, mentions: Sequence[Mention], dates: Sequence[TimeExpr]) -> None:
        self.doc = doc
        self.by_token: dict[int, Mention] = {}
        for mention in mentions:
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            for token in span if span is not None else ():
                self.by_token.setdefault(token.i, mention)
        self.dates = sorted((d for d in dates if d.value and ISO_DATE.match(d.value)), key=lambda d: d.start)
        self.starts = [d.start for d in self.dates]

    def mention_at(self, token: Any) -> Mention | None:
        return self.by_token.get(token.i)

    def dates_in(self, sent: Any) -> list[TimeExpr]:
        lo = bisect.bisect_left(self.starts, sent.start_char)
        hi = bisect.bisect_left(self.starts, sent.end_char)
        return self.dates[lo:hi]


def _trigger(token: Any) -> tuple[str, str] | None:
    """(action, class) when ``token`` is a newsworthy, asserted verb."""
    if token.pos_ not in {"VERB", "AUX"} or (token.pos_ == "AUX" and token.dep_ != "ROOT"):
        return None
    if any(c.dep_ == "neg" for c in token.children):
        return None
    # Participles that only describe a noun ("migrants traveling through Mexico") are not events.
    if token.dep_ in {"amod", "acl"} and not _infinitive(token):
        return None
    lemma = token.lemma_.lower()
    for child in token.children:
        if child.dep_ == "prt":
            cls = PHRASAL.get((lemma, child.lower_))
            if cls:
                return f"{lemma} {child.lower_}", cls
    if lemma in MOTION:
        return (lemma, "visit") if _destination(token) is not None else None
    cls = TRIGGERS.get(lemma)
    return (lemma, cls) if cls else None


def _infinitive(token: Any) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


def _destination(verb: Any) -> Any | None:
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in DESTINATION_PREPS:
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.ent_type_ in PLACE_LABELS:
                    return obj
        if child.dep_ == "dobj" and child.ent_type_ in PLACE_LABELS:
            return child
    return None


def _actor(verb: Any, borrowed: bool = False) -> Any | None:
    for child in verb.children:
        # "X is expected to visit": the passive subject of the raising verb is the visitor.
        if child.dep_ == "nsubj" or (borrowed and child.dep_ == "nsubjpass"):
            if child.lower_ in RELATIVE and verb.dep_ == "relcl":
                return verb.head
            return child
        if child.dep_ == "agent":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    # Infinitive and coordinated clauses borrow the subject of the verb they hang on.
    if verb.dep_ in {"xcomp", "conj"} or (verb.dep_ == "advcl" and _infinitive(verb)):
        return _actor(verb.head, borrowed=verb.dep_ == "xcomp") if verb.head.i != verb.i else None
    if verb.dep_ == "acl" and _infinitive(verb) and verb.head.head.i != verb.head.i:
        return _actor(verb.head.head)
    return None


def _target(verb: Any, action: str) -> Any | None:
    for child in verb.children:
        if child.dep_ in {"dobj", "nsubjpass"} and child.ent_type_ not in TIME_LABELS:
            return child
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in TARGET_PREPS:
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.ent_type_ not in TIME_LABELS:  # "agreed on Wednesday"
                    return obj
    return None


def _vague(token: Any | None, name: str | None) -> bool:
    return name is None or token is None or token.pos_ == "PRON"


def _clause(verb: Any, actor: Any | None) -> tuple[int, int]:
    """Character span of the verb's clause (reaching back to its actor), within its sentence and line.

    The span reads as a clause of its own: no leading subordinator or conjunction ("after", "as",
    "and"), it starts at the actor where the actor opens it, a relative clause starts at the noun it
    describes, and a subordinate clause that follows ("… after Blinken traveled to Mexico") is left out.
    """
    sent = verb.sent
    doc = verb.doc
    left = max(verb.left_edge.i, sent.start)
    if actor is not None and actor.sent == sent and actor.i < left:
        left = actor.left_edge.i
    relative = _relative_head(verb)
    if relative is not None and relative.left_edge.i < left and relative.sent == sent:
        left = relative.left_edge.i
    right = min(verb.right_edge.i, sent.end - 1)
    right = min(right, _subordinate_start(verb, right) - 1)
    for i in range(verb.i - 1, left - 1, -1):
        if "\n" in doc[i].text:
            left = i + 1
            break
    for i in range(verb.i + 1, right + 1):
        if "\n" in doc[i].text:
            right = i - 1
            break
    # Trailing sentence punctuation belongs to the clause; leading dashes and spaces do not.
    if right + 1 < sent.end and doc[right + 1].is_punct and doc[right + 1].text in {".", "!", "?", "”", '"'}:
        right += 1
    left = _opening(doc, left, verb, actor)
    while right > verb.i and (doc[right].is_space or doc[right].text in {",", ";", ":", "—", "–", "-"}):
        right -= 1
    return doc[left].idx, doc[right].idx + len(doc[right].text)


def _opening(doc: Any, left: int, verb: Any, actor: Any | None) -> int:
    """First token of the clause's text: past punctuation, openers and participles before the actor."""
    while left < verb.i:
        token = doc[left]
        if token.is_space or token.is_punct:
            left += 1
        elif token.lower_ in OPENERS and token.dep_ in {"mark", "cc", "advmod", "preconj"} and token.head.i >= left:
            left += 1  # "after …", "as …", "and …", "that …" (a complementizer, not a relative subject)
        elif (
            actor is not None
            and token.i < actor.i
            and token.dep_ == "amod"
            and token.head.i == actor.i
            and token.is_lower
            and (token.tag_ in {"VBN", "VBG"} or token.lower_.endswith(("ed", "ing")))
        ):
            left += 1  # "overwhelmed Customs and Border Patrol closing …": start at the actor
        else:
            break
    return left


def _relative_head(verb: Any) -> Any | None:
    """The noun a relative clause describes, when the clause's subject is the relative pronoun."""
    if verb.dep_ != "relcl" or verb.head.i == verb.i:
        return None
    if any(c.dep_ in SUBJECTS and c.lower_ in RELATIVE for c in verb.children):
        return verb.head
    return None


def _subordinate_start(verb: Any, right: int) -> int:
    """Index where a subordinate clause inside the verb's clause (after the verb) begins, else right + 1."""
    for token in verb.subtree:
        if token.i <= verb.i or token.i > right:
            continue
        if token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in SUBORDINATE for c in token.children):
            start = token.left_edge.i
            if start > verb.i:
                return start
    return right + 1


def _phrase(token: Any) -> str:
    """The noun phrase a head token stands for: its left modifiers and itself, without a leading article."""
    doc = token.doc
    left = token.left_edge.i
    while left < token.i and (doc[left].lower_ in ARTICLES or doc[left].is_punct or doc[left].is_space):
        left += 1
    right = token.i
    # "Customs and Border Patrol" is one name, parsed as a coordination.
    for child in token.children:
        if child.dep_ == "conj" and child.pos_ == token.pos_ == "PROPN":
            right = max(right, child.i)
    return doc[left : right + 1].text.strip()


def _name(token: Any | None, index: _Index) -> str | None:
    """Canonical entity name where a mention covers the head, else the phrase as written."""
    if token is None:
        return None
    if token.lower_ in RELATIVE or (token.pos_ == "PRON" and token.lower_ not in {"he", "she", "they", "it", "we"}):
        return None
    names = [_one_name(token, index)]
    # "Norvania and Estrelland agreed": coordinated names act together.
    names += [_one_name(c, index) for c in token.children if c.dep_ == "conj" and c.pos_ == "PROPN"]
    joined = " and ".join(dict.fromkeys(n for n in names if n))
    return joined or None


def _one_name(token: Any, index: _Index) -> str | None:
    mention = index.mention_at(token)
    if mention is None:
        # "The minister of the interior, Dara Velt, …": the apposition names the person.
        for child in token.children:
            if child.dep_ == "appos" and index.mention_at(child) is not None:
                mention = index.mention_at(child)
                break
    if mention is not None and mention.name:
        return mention.name
    return _phrase(token) or None


def _owner(token: Any) -> Any:
    """The verb a token's phrase hangs on (the token itself when it is a root)."""
    current = token
    while current.head.i != current.i:
        current = current.head
        if current.pos_ in {"VERB", "AUX"}:
            return current
    return current


def _date(verb: Any, index: _Index) -> str | None:
    """The value of a time expression attached to this verb; purpose clauses inherit their head's."""
    for expr in index.dates_in(verb.sent):
        span = index.doc.char_span(expr.start, expr.end, alignment_mode="expand")
        if span is not None and len(span) and _owner(span.root).i == verb.i:
            return expr.value
    if _purpose(verb):
        return _date(verb.head, index)
    return None


def _purpose(verb: Any) -> bool:
    """An infinitive clause ("visit … next month to meet …") shares its head verb's time and place."""
    return verb.dep_ in {"xcomp", "advcl"} and _infinitive(verb) and verb.head.i != verb.i


def _place(verb: Any, target: Any | None, index: _Index, actor: Any | None = None) -> str | None:
    """A GPE/LOC/FAC the clause puts the action in: the destination of a visit, else an in/at/along phrase."""
    destination = _destination(verb)
    if destination is not None:
        return _place_name(destination, index)
    # The parser often hangs "in Lyon" on a noun ("arrested by police in Lyon"): look there too.
    heads = [h for h in (verb, target, actor) if h is not None]
    for head in heads:
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in PLACE_PREPS and (head is verb or child.lower_ != "from"):
                for obj in child.children:
                    if obj.dep_ == "pobj" and any(t.ent_type_ in PLACE_LABELS for t in obj.subtree):
                        return _place_name(obj, index)
    if _purpose(verb):
        return _place(verb.head, None, index)
    return None


def _place_name(token: Any, index: _Index) -> str:
    mention = index.mention_at(token)
    if mention is not None and mention.type in PLACE_LABELS and mention.name:
        return mention.name
    return _phrase(token)
