"""Facts across a story's articles: which quotes, figures and events are the same fact.

Each ``align_*`` returns the facts with ``same_as`` filled (both ways) and the groups the comparison
counts. Quotes are matched pairwise (a fragment matches the long quote it comes from, but two
fragments of one long quote are not the same quote); figures and events are joined transitively.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher

from ..extractors.figures import is_reference
from ..records import Figure, Quote
from ..text import fold
from .events import EntityIndex, align_events, same_event
from .groups import Group, Sources, Union
from .habitual import IRREGULAR_PAST
from .text import STOPWORDS, content_stems, date_range, overlaps, words

QUOTE_MATCH = 0.8  # share of the shorter quote's words found, in order, in the longer one
BARE_PHRASE = 4  # an indirect quote this short with no verb is a noun phrase, not a statement
# How far a figure may lie from what it states, by the words before it ("the tolerance of 'about'").
# A conflict needs the two ranges apart; figures whose ranges meet are agreed, shown with their spread.
EXACT = 0.01  # no qualifier: printed figures are rounded, so 7,012 and 7,000 are not a conflict
APPROX = 0.10  # "about", "around", "approximately", "roughly", "some", "an estimated", "circa": ±10%
NEARLY = 0.10  # "nearly", "almost", "close to", "just under": up to 10% below, never above
JUST_OVER = 0.10  # "just over", "slightly more than": up to 10% above
# "more than", "over", "at least", "exceeded", "topped": the value or above, no upper bound;
# "less than", "fewer than", "under", "up to", "at most": the value or below (down to 0 for counts);
# vague plurals ("thousands", "dozens"): the range extraction gives them (1,000–10,000).

__all__ = [
    "EntityIndex",
    "Group",
    "Sources",
    "align_events",
    "align_figures",
    "align_quotes",
    "is_bare_phrase",
    "same_event",
]


# ---- quotes -------------------------------------------------------------------------------------


def quote_similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """Share of the shorter word list found in order in the longer one (1.0: a fragment of it)."""
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if not short:
        return 0.0
    if len(short) <= 3:  # short fragments must appear verbatim, and not be only stopwords
        if all(w in STOPWORDS for w in short) or (len(short) == 1 and len(short[0]) < 6):
            return 0.0
        n = len(short)
        return 1.0 if any(list(long_[i : i + n]) == list(short) for i in range(len(long_) - n + 1)) else 0.0
    blocks = SequenceMatcher(None, short, long_, autojunk=False).get_matching_blocks()
    return sum(b.size for b in blocks if b.size >= 2) / len(short)


def _shingles(form: tuple[str, ...]) -> set[tuple[str, ...]]:
    if len(form) == 1:
        return {form}
    return {form[k : k + 2] for k in range(len(form) - 1)} | {(w,) for w in form if w not in STOPWORDS}


def _matching_forms(
    forms: Sequence[tuple[str, ...]], similarity: dict[tuple[int, int], float] | None = None
) -> list[tuple[int, int]]:
    """Pairs of distinct word sequences (i <= j) that are the same quote, found through shared bigrams.

    A match shares about 40% of the shorter side's bigrams, so looking up only that side's rarest
    bigrams (all but ``need - 1`` of them) finds the matches (prefix filtering) without scanning the
    pairs that share only common bigrams ("of the"); cheap set tests run before the sequence match.
    """
    grams = [_shingles(f) for f in forms]
    bigrams = [{sh for sh in g if len(sh) == 2} for g in grams]
    vocab = [set(f) for f in forms]
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, g in enumerate(grams):
        for sh in g:
            index[sh].append(i)
    found = [(i, i) for i, form in enumerate(forms) if quote_similarity(form, form) >= QUOTE_MATCH]
    for i, form in enumerate(forms):
        keys: list[tuple[str, ...]] = sorted(bigrams[i], key=lambda sh: len(index[sh])) or [form]
        need = max(1, int(0.4 * len(form)) - 1)  # 80% of words in blocks of 2+ share 40% of bigrams
        seen: set[int] = set()
        for sh in keys[: max(1, len(keys) - need + 1)]:
            for j in index[sh]:
                if j == i or j in seen or len(forms[j]) < len(form) or (len(forms[j]) == len(form) and j < i):
                    continue  # each pair once, from its shorter side
                seen.add(j)
                if len(form) > 1 and len(bigrams[i] & bigrams[j]) < need:
                    continue
                if len(vocab[i] & vocab[j]) < QUOTE_MATCH * len(vocab[i]):
                    continue  # too few of its words occur at all
                sim = quote_similarity(form, forms[j])
                if sim >= QUOTE_MATCH:
                    found.append((i, j))
                    if similarity is not None:
                        similarity[(i, j)] = similarity[(j, i)] = sim
    return found


# Words that make a phrase a clause: auxiliaries, an infinitive's "to", common irregular past forms.
_AUXILIARIES = "is are am was were be been being has have had do does did will would can could shall should"
_VERBISH = frozenset(_AUXILIARIES.split()) | {"may", "might", "must", "to"} | IRREGULAR_PAST
_SUBJECT = frozenset({"i", "we", "you", "he", "she", "they"})


def is_bare_phrase(q: Quote) -> bool:
    """An indirect quote whose content is a short phrase with no verb: "Business groups welcomed the
    agreement" gives the content "the agreement". Extraction keeps it (PolNeAR counts such
    attributions), but it states nothing two outlets could agree on. Compare holds no parse, so a verb
    is read from the words: an auxiliary, "to", a past form, or a subject pronoun opening a clause
    ("they fear looting"). Direct quotes are the speaker's own words and always count ("an insult")."""
    if q.direct:
        return False
    toks = words(q.text)
    if len(toks) > BARE_PHRASE:
        return False
    for n, w in enumerate(toks):
        if w in _VERBISH or (len(w) > 4 and w.endswith("ed")) or (w in _SUBJECT and n < len(toks) - 1):
            return False
    return True


def align_quotes(quotes: Sequence[Quote], sources: Sources) -> tuple[list[Quote], list[Group]]:
    """Quotes with ``same_as`` filled both ways, and one group per quoted passage two outlets share.

    A fragment matches the longer quote it comes from; the group of a fragment is the fragment and
    every longer quote containing it, so a long quote cited in three pieces makes three groups.
    Bare phrases (``is_bare_phrase``) stay in the quote list as extracted but are neither matched nor
    grouped: they are no row of agreed, unique or conflicting quotes.
    """
    every = list(quotes)
    quotes = [q for q in every if not is_bare_phrase(q)]
    toks = {q.id: tuple(words(q.text)) for q in quotes}
    forms = list(dict.fromkeys(toks.values()))
    form_no = {f: n for n, f in enumerate(forms)}
    members_of: dict[int, list[Quote]] = defaultdict(list)
    for q in quotes:
        members_of[form_no[toks[q.id]]].append(q)
    links: dict[str, set[str]] = {q.id: set() for q in quotes}
    similar: dict[tuple[int, int], float] = {}
    reports = {n: {q.article for q in m} for n, m in members_of.items()}
    for i, j in _matching_forms(forms, similar):
        if len(reports[i] | reports[j]) < 2:
            continue  # one report repeating its own words: nothing to link (and no cost in the repeats)
        for a in members_of[i]:
            for b in members_of[j]:
                if a.article != b.article:
                    links[a.id].add(b.id)
                    links[b.id].add(a.id)
    by_id = {q.id: q for q in quotes}
    out = [q.replace(same_as=tuple(sorted(links[q.id] | set(q.same_as)))) if links.get(q.id) else q for q in every]

    def length(qid: str) -> tuple[int, int, int]:
        return (len(toks[qid]), sources.order.get(by_id[qid].article, 0), by_id[qid].start)

    # One candidate per word form, so the same words quoted by several outlets make one group: its
    # quotes and every linked quote at least as long.
    candidates: list[tuple[str, frozenset[str]]] = []
    for n, same_words in members_of.items():
        linked = {o for q in same_words for o in links[q.id]}
        if not linked:
            continue
        size = len(forms[n])
        key = min((q.id for q in same_words), key=length)
        candidates.append((key, frozenset({q.id for q in same_words} | {o for o in linked if len(toks[o]) >= size})))
    candidates.sort(key=lambda c: length(c[0]))
    containing: dict[str, list[frozenset[str]]] = defaultdict(list)
    for m in {m for _, m in candidates}:
        for qid in m:
            containing[qid].append(m)
    result: list[Group] = []
    grouped: set[str] = set()
    done: set[frozenset[str]] = set()
    for key, members in candidates:
        if members in done or len(members) < 2 or any(members < other for other in containing[key]):
            continue  # a passage inside a larger shared one is shown by the larger
        done.add(members)
        grouped |= members
        ordered = [key, *sorted(members - {key}, key=length)]
        # p: the share of the shown passage's words found, in order, in the quote that matches it least
        fk = form_no[toks[key]]
        p = min((similar.get((fk, form_no[toks[m]]), 1.0) for m in ordered[1:]), default=1.0)
        arts = sources.sort(by_id[m].article for m in members)
        result.append(Group("quote", tuple(ordered), arts, by_id[key].text, p=round(min(1.0, p), 4)))
    # What is left is unique. Quotes extraction already tied within one article (an indirect quote and
    # the direct words inside it) or that repeat the same words count once, shown by the longest.
    local = Union(q.id for q in quotes)
    seen_words: dict[tuple[str, tuple[str, ...]], str] = {}
    for q in quotes:
        for other in q.same_as:
            if other in by_id and by_id[other].article == q.article:
                local.join(q.id, other)
        first = seen_words.setdefault((q.article, toks[q.id]), q.id)
        local.join(first, q.id)
    for comp in local.components(q.id for q in quotes):
        if any(m in grouped or links[m] for m in comp):
            continue
        comp.sort(key=lambda m: (-len(toks[m]), by_id[m].start))
        result.append(Group("quote", tuple(comp), (by_id[comp[0]].article,), by_id[comp[0]].text))
    return out, result


# ---- figures ------------------------------------------------------------------------------------

_JUST_OVER = re.compile(r"\b(just over|slightly more than|just above|a little over)\s*$")
_LOW = re.compile(r"\b(more than|over|at least|above|upwards of|in excess of|exceed\w*|surpass\w*|top\w*|>)\s*$")
_NEARLY = re.compile(r"\b(nearly|almost|close to|just under|not quite|just shy of)\s*$")
_HIGH = re.compile(r"\b(less than|fewer than|under|up to|at most|below|no more than|<)\s*$")
_LOW_VERB = re.compile(r"^(exceed|surpass|top|pass)")
_RATE = re.compile(
    r"\b(daily|a day|per day|each day|every day|weekly|a week|per week|monthly|a month|per month|"
    r"annual(?:ly)?|a year|per year|yearly|each year|hourly|an hour|per hour)\b"
)
_RATE_UNIT = {"dai": "day", "da": "day", "wee": "week", "mon": "month", "ann": "year", "yea": "year", "hou": "hour"}


@dataclass(frozen=True, slots=True)
class FigureView:
    """What alignment needs to know of a figure beyond its record: its bounds and rate."""

    figure: Figure
    low: float
    high: float
    rate: str | None  # "day" for "daily apprehensions", None for a count
    unit: frozenset[str]
    pred: frozenset[str]
    span: tuple[date, date] | None = None  # the days its date covers
    place: frozenset[str] | None = None


def figure_view(f: Figure, body: str) -> FigureView:
    sent_start = max(body.rfind(". ", 0, f.start) + 1, body.rfind("\n", 0, f.start) + 1, 0)
    stop = [i for i in (body.find(". ", f.end), body.find("\n", f.end)) if i >= 0]
    sentence = body[sent_start : min(stop) if stop else len(body)] if body else f.text
    before = fold(body[max(sent_start, f.start - 30) : f.start]) if body else ""
    lo, hi = bounds(f, before)
    rate_m = _RATE.search(fold(sentence))
    rate = None
    if rate_m:
        word = rate_m.group(1).split()[-1]
        rate = _RATE_UNIT.get(word[:3], _RATE_UNIT.get(word[:2], word))
    unit = content_stems(f.unit) or (frozenset({f.unit.strip()}) if f.unit and f.unit.strip() else frozenset())
    return FigureView(
        f,
        lo if lo is not None else -math.inf,
        hi if hi is not None else math.inf,
        rate,
        unit,
        content_stems(f.predicate),
        date_range(f.date),
        content_stems(f.place) or None if f.place else None,
    )


def bounds(f: Figure, before: str = "") -> tuple[float | None, float | None]:
    """The values a figure allows, from extraction's bounds or the words before it (see ``EXACT``…)."""
    lo, hi = f.low, f.high
    if lo is not None or hi is not None:
        return lo, hi
    v = f.value
    floor = 0.0 if v >= 0 else -math.inf
    lead = re.match(r"\D*", f.text)  # a qualifier inside the figure's own text ("more than 40")
    if lead and lead.group(0).strip():
        before = f"{before} {fold(lead.group(0))}".strip()
    if _JUST_OVER.search(before):
        return v, v * (1 + JUST_OVER)
    if _LOW.search(before) or _LOW.search(fold(f.text)) or _LOW_VERB.match(fold(f.predicate or "")):
        return v, math.inf
    if _NEARLY.search(before):
        return v * (1 - NEARLY), v
    if _HIGH.search(before):
        return floor, v
    tol = APPROX if f.approx else EXACT
    low, high = sorted((v * (1 - tol), v * (1 + tol)))
    return low, high


def same_thing(a: FigureView, b: FigureView) -> bool:
    """The same thing counted: units overlap (or one's unit is the other's verb), verbs not at odds."""
    if a.unit and b.unit:
        thing = overlaps(a.unit, b.unit) or overlaps(a.unit, b.pred) or overlaps(a.pred, b.unit)
    else:
        thing = bool(a.pred and b.pred and overlaps(a.pred, b.pred)) and not (a.unit or b.unit)
    if not thing:
        return False
    if a.pred and b.pred and not overlaps(a.pred, b.pred) and not overlaps(a.pred | b.pred, a.unit | b.unit):
        return False  # 7,000 migrants apprehended vs 9,000 migrants released
    return a.rate == b.rate


def values_agree(a: FigureView, b: FigureView) -> bool:
    return a.low <= b.high and b.low <= a.high


def same_scope(a: FigureView, b: FigureView) -> bool:
    """The same place (or unknown) and the same calendar span; undated on both sides counts when both
    name the verb too (killed 12 / killed 15)."""
    if a.place and b.place and not overlaps(a.place, b.place):
        return False
    if a.span is not None:
        return a.span == b.span
    return b.span is None and a.figure.date is None and b.figure.date is None and bool(a.pred and b.pred)


def _compatible(a: FigureView, b: FigureView) -> bool:
    if a.place and b.place and not overlaps(a.place, b.place):
        return False
    return a.span is None or b.span is None or (a.span[0] <= b.span[1] and b.span[0] <= a.span[1])


def _candidate_pairs(views: Sequence[FigureView], idx: Sequence[int]) -> set[tuple[int, int]]:
    """Pairs of one block worth a look: overlapping values (may agree) or one time span (may conflict)."""
    pairs: set[tuple[int, int]] = set()
    if len({views[i].figure.article for i in idx}) < 2:
        return pairs  # one report only: no pair to align (one report repeating a figure costs nothing)
    by_low = sorted(idx, key=lambda i: views[i].low)
    for x, i in enumerate(by_low):
        for j in by_low[x + 1 :]:
            if views[j].low > views[i].high:
                break
            pairs.add((min(i, j), max(i, j)))
    by_span: dict[object, list[int]] = defaultdict(list)
    for i in idx:
        by_span[views[i].span].append(i)
    for same in by_span.values():
        pairs.update((min(i, j), max(i, j)) for x, i in enumerate(same) for j in same[x + 1 :])
    return pairs


def align_figures(
    figures: Sequence[Figure], bodies: Mapping[str, str], sources: Sources
) -> tuple[list[Figure], list[Group], list[tuple[FigureView, FigureView]]]:
    """Figures with ``same_as``, groups of the same figure, and pairs that really conflict."""
    views = [figure_view(f, bodies.get(f.article, "")) for f in figures]
    refs = {f.id: is_reference(f, bodies.get(f.article, "")) for f in figures}
    union = Union(f.id for f in figures)
    conflicts: list[tuple[FigureView, FigureView]] = []
    # Candidates share a unit, or one's unit is the other's verb; unitless figures share a verb.
    units: dict[str, list[int]] = defaultdict(list)
    verbs: dict[str, list[int]] = defaultdict(list)
    for i, v in enumerate(views):
        for stem_ in v.unit:
            units[stem_].append(i)
        for stem_ in v.pred:
            verbs[stem_ if v.unit else f"bare:{stem_}"].append(i)
    pairs: set[tuple[int, int]] = set()
    for key, idx in units.items():
        pairs |= _candidate_pairs(views, idx)
        if len({views[i].figure.article for i in (*idx, *verbs.get(key, ()))}) > 1:
            pairs.update((min(i, j), max(i, j)) for i in idx for j in verbs.get(key, ()) if i != j)
    for key, idx in verbs.items():
        if key.startswith("bare:"):
            pairs |= _candidate_pairs(views, idx)
    for i, j in sorted(pairs):
        a, b = views[i], views[j]
        fa, fb = a.figure, b.figure
        if fa.article == fb.article or a.rate != b.rate or refs[fa.id] or refs[fb.id]:
            continue
        thing, agree = same_thing(a, b), values_agree(a, b)
        # The same number of the same unit agrees whatever verb each outlet chose ("wants a 7% raise",
        # "is demanding 7 percent"); a conflict needs the verbs not at odds as well.
        if agree and _compatible(a, b) and (thing or (a.unit and overlaps(a.unit, b.unit))):
            union.join(fa.id, fb.id)
        elif thing and not agree and sources.independent(fa.article, fb.article) and same_scope(a, b):
            conflicts.append((a, b))
    by_id = {f.id: f for f in figures}
    union = _common_range(union, figures, views)
    out, joined = _joined(figures, union, "figure", sources)
    groups = [
        Group(
            g.kind,
            g.items,
            g.articles,
            describe_group([by_id[i] for i in g.items]),
            _most_precise(by_id[i].date for i in g.items),
            _figure_p([by_id[i] for i in g.items]) if len(g.articles) > 1 else None,
        )
        for g in joined
        if not all(refs[i] for i in g.items)  # "the two countries" tells nothing to compare
    ]
    return out, groups, conflicts


def _common_range(union: Union, figures: Sequence[Figure], views: Sequence[FigureView]) -> Union:
    """Figures joined through a chain ("one" ~ "three" ~ … ~ "300") are one only where every value
    admits a common one: a component is cut, by value, into runs whose ranges all meet."""
    view_of = {f.id: v for f, v in zip(figures, views, strict=True)}
    out = Union(f.id for f in figures)
    for comp in union.components(f.id for f in figures):
        lo, hi, first = -math.inf, math.inf, None
        for fid in sorted(comp, key=lambda i: (view_of[i].low, view_of[i].high)):
            v = view_of[fid]
            if first is not None and max(lo, v.low) <= min(hi, v.high):
                lo, hi = max(lo, v.low), min(hi, v.high)
                out.join(first, fid)
            else:
                first, lo, hi = fid, v.low, v.high
    return out


def _most_precise(dates: Iterable[str | None]) -> str | None:
    return max((d or "" for d in dates), key=len) or None


SAME_VALUE_P = 0.95  # rule confidence of figures agreed with the same value, unit and scope
SPREAD_P = 0.85  # … with values that differ but meet within their stated approximations


def _figure_p(figs: Sequence[Figure]) -> float:
    return SAME_VALUE_P if len({f.value for f in figs}) == 1 else SPREAD_P


def _number(v: float) -> str:
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.2f}".rstrip("0").rstrip(".")


def describe_group(figs: Sequence[Figure]) -> str:
    """Figures agreed on: one described as in ``describe``; values that differ shown as their spread,
    "35–40 container ships (docked; 2031-03-12)", never one outlet's number for all."""
    values = sorted({f.value for f in figs})
    if len(values) == 1:
        return describe(figs[0])
    f = figs[0]
    text = f"{_number(values[0])}–{_number(values[-1])}"
    if f.unit:
        text += f" {f.unit}"
    extra = list(dict.fromkeys(x for g in figs for x in (g.predicate, g.date, g.place) if x))
    return f"{text} ({'; '.join(extra)})" if extra else text


def describe(f: Figure) -> str:
    """A figure in words: “around 7,000 migrants (apprehended; 2023-12-27; US-Mexico border)”."""
    text = f.text
    if f.unit and fold(f.unit) not in fold(text):
        text += f" {f.unit}"
    extra = [x for x in (f.predicate, f.date, f.place) if x]
    return f"{text} ({'; '.join(extra)})" if extra else text


def _joined(facts: Sequence[Figure], union: Union, kind: str, sources: Sources) -> tuple[list[Figure], list[Group]]:
    by_id = {f.id: f for f in facts}
    groups, same = [], {}
    for comp in union.components(f.id for f in facts):
        for i in comp:
            same[i] = tuple(sorted(x for x in comp if x != i))
        arts = sources.sort(by_id[i].article for i in comp)
        groups.append(Group(kind, tuple(comp), arts, by_id[comp[0]].text))
    return [f.replace(same_as=same[f.id]) if same[f.id] else f for f in facts], groups
