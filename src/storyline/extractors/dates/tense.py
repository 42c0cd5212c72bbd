"""Which way a time expression points, read from the wording around it: tense and modality.

``future(doc, body, start, end)`` says whether a bare ``Wednesday`` or ``January`` lies ahead of
the report (True), behind it (False) or gives no hint (None): ``will``, ``would``, ``is set to``,
``plans to``, ``is due``, a schedule told in the simple present (``the two leaders meet Monday``,
``talks resume Friday``, ``the bridge opens Monday``) point ahead; the past tense points back, and
a plan already past when reported (``had been due to close Monday``) too.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["future"]

_PLAN = {"plan", "expect", "schedule", "set", "due", "intend", "aim", "hope", "prepare", "go", "want"}
# "agreed to meet on Thursday": the infinitive's day lies after the agreement
_COMMIT = {"agree", "promise", "decide", "vow", "pledge", "vote", "offer", "threaten", "ask", "urge", "invite"}
_REPORT = {"say", "be", "have", "tell", "report", "announce", "confirm", "add", "note", "do"}


def future(doc: Any, body: str, start: int, end: int) -> bool | None:
    """Does the wording around [start, end) point ahead (True), back (False), or neither?

    ``body`` is ``doc.text`` passed in: Doc.text rebuilds the whole string on every call."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    before = body[max(0, start - 16) : start].lower()
    cue = bool(re.search(r"\b(?:by|until|till|before|as soon as|as early as|ahead of)\s+$", before))
    if re.search(r"\beffective\s+$", before):
        return True  # "a pact effective June 1": the date it takes effect, announced ahead
    if re.search(r"\b(?:until|till)\s+$", before) and _deadline(span):
        return True  # "extended its deadline until Tuesday": the new date lies ahead
    tense = _tense(span)
    if tense is not True and _schedule_word(doc, body, start):
        return True  # "talks resume Friday", "the festival returns in August" (the tagger read a noun)
    if tense is None and re.search(r"\bsince\s+$", before):
        return False
    return True if tense is None and cue else tense


# Verbs news uses in the simple present for a scheduled event ("talks resume Friday", "the bridge
# opens Monday"). The small model often tags them as nouns ("resume", "returns"), so they are also
# read from the words themselves, in the present form only and not after a determiner.
_SCHEDULE_VERBS = (
    "resume|return|reopen|reconvene|open|close|begin|start|end|meet|convene|vote|launch|debut|premiere|arrive|"
    "depart|leave|travel|visit|play|face|host|expire|restart|adjourn|conclude|kick off|wrap up|go on sale|"
    "take effect|take office|head to|fly to"
)
_SCHEDULE_BEFORE = re.compile(
    rf"(?<!\bthe )(?<!\ba )(?<!\ban )(?<!\bits )(?<!\btheir )(?<!\bhis )(?<!\bher )(?<!\bour )"
    rf"\b(?:{_SCHEDULE_VERBS.replace(' ', 's? ')})s?(?:\s+(?:again|here|there|in|at)(?:\s+[A-Z]\w+)?)?"
    r"\s+(?:on\s+|in\s+|next\s+)?$"
)


_SCHEDULE_FIRST = frozenset(v.split()[0] for v in _SCHEDULE_VERBS.split("|"))


def _schedule_word(doc: Any, body: str, start: int) -> bool:
    words = body[max(0, start - 40) : start].lower().split()[-5:]
    if not any(w in _SCHEDULE_FIRST or w[:-1] in _SCHEDULE_FIRST for w in words):
        return False  # most expressions: no schedule verb near, no regex to run
    m = _SCHEDULE_BEFORE.search(body, max(0, start - 40), start)
    if not m or re.search(r"\bhad\b", body[max(0, m.start() - 30) : m.start()]):
        return False  # "had been due to close Monday": a plan already past
    span = doc.char_span(m.start(), m.start() + len(m.group(0).split()[0]), alignment_mode="expand")
    if span is None or span[0].tag_ in ("VBD", "VBN", "VBG", "MD"):
        return False
    verb = span[0]
    # not when a past or modal auxiliary governs it ("had resumed", "would open")
    return not any(c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBD", "MD") for c in verb.children)


_DEFER = {"postpone", "extend", "give", "delay", "defer", "adjourn", "suspend", "push", "grant", "recess"}


def _deadline(span: Any) -> bool:
    """Is the expression the new end of something put off or extended ("postponed until …")?"""
    head = span.root
    for _ in range(4):
        if head.pos_ == "VERB":
            return head.lemma_ in _DEFER and not any(c.lower_ == "had" for c in head.children)
        if head.head is head:
            break
        head = head.head
    return False


def _tense(span: Any) -> bool | None:
    head = span.root
    if head.dep_ in ("poss", "compound", "nmod") and head.head.pos_ in ("NOUN", "PROPN"):
        return None  # "Wednesday's ruling": an event named, not scheduled
    for _ in range(8):
        if head.pos_ in ("VERB", "AUX") and head.dep_ not in ("aux", "auxpass"):
            break
        if head.head is head:
            break
        head = head.head
    if head.pos_ not in ("VERB", "AUX"):
        sent = {t.lower_ for t in span.sent}
        return True if sent & {"will", "'ll", "shall"} else None
    for _ in range(3):
        aux = {c.lower_ for c in head.children if c.dep_ in ("aux", "auxpass")}
        if aux & {"will", "'ll", "shall", "wo"}:
            return True
        if "had" in aux:
            return False  # "had been due to close Monday": a plan already past
        if aux & {"would"} and not aux & {"have"}:
            return True  # "said he would be travelling Thursday"
        past_aux = aux & {"did", "was", "were", "has", "have"}
        if past_aux or head.tag_ == "VBD" or (head.tag_ == "VBN" and not aux):
            # "was expected to meet Friday", "planned a rally for Saturday" still point ahead of
            # the report; "On Friday, the council planned to ..." dates the planning itself
            return (
                span.start > head.i
                and head.lemma_ in _PLAN
                and any(
                    c.dep_ == "xcomp" or (c.dep_ == "dobj" and head.lemma_ in ("plan", "schedule"))
                    for c in head.children
                )
            )
        if "to" in aux or head.dep_ == "xcomp":
            if head.head.lemma_ in _PLAN | _COMMIT or (
                head.head.lemma_ == "be" and "to" in aux and head.dep_ != "csubj"
            ):
                plan = head.head
                # "had been scheduled to expire Friday": a plan already past when reported
                return plan.lemma_ in _COMMIT or not any(
                    c.lower_ == "had" for t in (plan, plan.head) for c in t.children
                )
            head = head.head
            continue
        if _present_plan(head, aux):
            return True  # "rain is due on Thursday", "the minister is expected Friday"
        if _scheduled(head, aux) and span.start > head.i:
            return True  # "the two leaders meet Monday": a schedule, told in the present
        return None
    return None


# verbs whose past tense is spelled as the present: "losses hurt the company Friday"
_SAME_PAST = {"hurt", "cut", "put", "set", "hit", "let", "cost", "shut", "spread", "quit", "bet", "read", "split",
              "cast", "burst", "upset", "broadcast", "forecast", "bid", "beat", "shed", "slit", "thrust"}  # fmt: skip


def _scheduled(head: Any, aux: set[str]) -> bool:
    """A verb of action in the simple present ("meet", "opens"), the form news gives a schedule;
    the word must look present ("hurt", "cut" read as present may be past tense)."""
    if aux or head.lemma_ in _REPORT or head.lemma_ in _SAME_PAST:
        return False
    word = head.lower_
    return (head.tag_ == "VBZ" and word.endswith("s")) or (head.tag_ == "VBP" and word == head.lemma_.lower())


def _present_plan(head: Any, aux: set[str]) -> bool:
    """A plan stated in the present tense points ahead of the report."""
    present = head.tag_ in ("VBZ", "VBP") or bool(aux & {"is", "are", "'s", "'re", "am"})
    if not present:
        return False
    if head.lemma_ in _PLAN and head.lemma_ not in ("go", "want", "hope"):
        return True
    return head.lemma_ == "be" and any(c.lemma_ in _PLAN and c.dep_ in ("acomp", "attr") for c in head.children)
