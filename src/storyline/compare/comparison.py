"""Agreed, unique and conflicting facts from the aligned groups."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace

from ..records import Agreed, Article, Comparison, Conflict, Unique
from .align import FigureView
from .groups import Group, Sources, Union

KIND_ORDER = {"event": 0, "quote": 1, "figure": 2, "entity": 3}


def compare(
    groups: Sequence[Group],
    articles: Sequence[Article],
    sources: Sources,
    conflicts: Sequence[Conflict] = (),
    possible: Sequence[Group] = (),
    where: Callable[[str], tuple[str, int, int, int, int] | None] | None = None,
) -> Comparison:
    """``agreed``: groups reported by two or more independent sources; ``possible``: groups that may be
    (shown apart, never counted as agreement); ``unique``: the rest, per article, one entry per sentence
    of facts (``where`` gives a fact's article and sentence span) or per name; ``conflicts``.

    One fact, one place: a fact in a conflict is in no other list, a fact in a possible group in no
    agreed or unique one, and groups of quotes that share a quote (fragments of one long quote) are
    shown as one agreed entry. Every article id is a key of ``unique`` (empty when it adds nothing).
    """
    taken = {i for c in conflicts for i in c.items}
    possible_out: list[tuple[tuple[int, int], Agreed]] = []
    for g in possible:
        items = tuple(i for i in g.items if i not in taken)
        if items and sources.count(g.articles) >= 2:
            taken.update(items)
            first = min(sources.order.get(a, 0) for a in g.articles)
            possible_out.append(((KIND_ORDER.get(g.kind, 9), first), Agreed(g.kind, g.text, g.articles, items, g.p)))
    shared: list[Group] = []
    alone: list[Group] = []
    for g in groups:
        items = tuple(i for i in g.items if i not in taken)
        if not items:
            continue
        g = replace(g, items=items) if items != g.items else g
        (shared if sources.count(g.articles) >= 2 else alone).append(g)
    agreed: list[tuple[tuple[int, int, int], Agreed]] = []
    for g in _merge_overlapping(shared):
        taken.update(g.items)
        n = sources.count(g.articles)
        first = min(sources.order.get(a, 0) for a in g.articles)
        agreed.append(((-n, KIND_ORDER.get(g.kind, 9), first), Agreed(g.kind, g.text, g.articles, g.items, g.p)))
    agreed.sort(key=lambda pair: pair[0])
    possible_out.sort(key=lambda pair: pair[0])
    unique = _unique([g for g in alone if not taken.intersection(g.items)], articles, where, taken)
    return Comparison(
        agreed=tuple(a for _, a in agreed),
        unique=unique,
        conflicts=tuple(conflicts),
        possible=tuple(a for _, a in possible_out),
    )


def _merge_overlapping(groups: Sequence[Group]) -> list[Group]:
    """Groups sharing a fact become one (a long quote whose fragments two outlets cite): texts joined."""
    union = Union(range(len(groups)))
    owner: dict[str, int] = {}
    for n, g in enumerate(groups):
        for i in g.items:
            if i in owner:
                union.join(owner[i], n)
            owner.setdefault(i, n)
    out = []
    for comp in union.components(range(len(groups))):
        if len(comp) == 1:
            out.append(groups[comp[0]])
            continue
        parts = [groups[n] for n in comp]
        items = tuple(dict.fromkeys(i for g in parts for i in g.items))
        articles = tuple(dict.fromkeys(a for g in parts for a in g.articles))
        text = " … ".join(dict.fromkeys(g.text for g in parts))
        ps = [g.p for g in parts if g.p is not None]
        out.append(Group(parts[0].kind, items, articles, text, parts[0].date, min(ps) if ps else None))
    return out


_SHOWN_FIRST = ("event", "quote", "figure")


def _unique(
    groups: Sequence[Group],
    articles: Sequence[Article],
    where: Callable[[str], tuple[str, int, int, int, int] | None] | None,
    taken: set[str],
) -> dict[str, tuple[Unique, ...]]:
    """Per article: one entry per sentence holding facts only it reports (in text order), then names.

    The entry's text is the sentence; where the sentence also states a fact shown elsewhere (agreed,
    possible, in conflict) it is only the stretch of the unique facts, so no agreed fact reads as unique.
    """
    bodies = {a.id: a.body for a in articles}
    copies = {a.id for a in articles if a.duplicate_of}
    out: dict[str, list[tuple[tuple[int, int], Unique]]] = {a.id: [] for a in articles}
    by_sentence: dict[tuple[str, int, int], list[tuple[Group, int, int]]] = {}
    for g in groups:
        owner = next((a for a in g.articles if a not in copies), g.articles[0] if g.articles else None)
        if owner is None:
            continue
        found = where(g.items[0]) if where and g.kind != "entity" else None
        if found is None or found[0] != owner:
            rank = len(_SHOWN_FIRST) + (g.kind == "entity")
            entry = Unique(g.kind, g.text, g.items, (g.kind,))
            out.setdefault(owner, []).append(((rank, len(out.get(owner, ()))), entry))
            continue
        by_sentence.setdefault(found[:3], []).append((g, found[3], found[4]))
    shared_sentences = {w[:3] for i in taken if where and (w := where(i)) is not None}
    for (owner, s, e), found_in in by_sentence.items():
        kinds = tuple(
            sorted(
                {g.kind for g, _, _ in found_in}, key=lambda k: (_SHOWN_FIRST.index(k) if k in _SHOWN_FIRST else 9, k)
            )
        )
        items = tuple(i for g, _, _ in found_in for i in g.items)
        text = ""
        if (owner, s, e) in shared_sentences:
            if kinds == ("figure",):  # a bare number says nothing: each figure as described
                text = "; ".join(dict.fromkeys(g.text for g, _, _ in found_in))
            else:
                s, e = min(x for _, x, _ in found_in), max(y for _, _, y in found_in)
        text = text or " ".join(bodies.get(owner, "")[s:e].split()) or found_in[0][0].text
        out.setdefault(owner, []).append(((-1, s), Unique(kinds[0], text, items, kinds)))
    return {k: tuple(u for _, u in sorted(v, key=lambda pair: pair[0])) for k, v in out.items()}


def figure_conflicts(
    pairs: Iterable[tuple[FigureView, FigureView]], groups: Sequence[Group], sources: Sources
) -> list[Conflict]:
    """One Conflict per two groups of figures that count the same thing in the same scope and disagree.

    Figures that agree with each other form a group, so "7,000 (A, C) vs 9,000 (B)" is one conflict.
    """
    group_of = {item: n for n, g in enumerate(groups) for item in g.items}
    by_groups: dict[tuple[int, int], list[tuple[FigureView, FigureView]]] = {}
    for a, b in pairs:
        ga, gb = group_of.get(a.figure.id, -1), group_of.get(b.figure.id, -1)
        if ga == gb and ga >= 0:
            continue  # joined through a third figure: they are reported as agreeing, not in conflict
        key = (ga, gb) if ga <= gb else (gb, ga)
        by_groups.setdefault(key, []).append((a, b) if ga <= gb else (b, a))
    out = []
    for (ga, gb), found in by_groups.items():
        a, b = found[0]
        fa, fb = a.figure, b.figure
        thing = fa.unit or fb.unit or fa.predicate or fb.predicate or "the same quantity"
        scope = f"on {fa.date}" if fa.date else "with no date given"
        if a.rate:
            scope += f", per {a.rate}"
        place = f" in {fa.place or fb.place}" if fa.place or fb.place else ""
        side_a = groups[ga].items if ga >= 0 else (fa.id,)
        side_b = groups[gb].items if gb >= 0 else (fb.id,)
        why = (
            f"{thing}{place} {scope}: {_who(groups, ga, fa.article, sources)} {_shown(a)}, "
            f"{_who(groups, gb, fb.article, sources)} {_shown(b)}; the values differ beyond their stated approximation"
        )
        arts = sources.sort(
            [*(groups[ga].articles if ga >= 0 else (fa.article,)), *(groups[gb].articles if gb >= 0 else (fb.article,))]
        )
        out.append(Conflict("figure", (*side_a, *side_b), why, arts))
    return _merged(out, sources)


def _merged(conflicts: Sequence[Conflict], sources: Sources) -> list[Conflict]:
    """Conflicts sharing a figure are one (30 vs 60 and 40 vs 60 name 60 once): a fact, one place."""
    union = Union(range(len(conflicts)))
    owner: dict[str, int] = {}
    for n, c in enumerate(conflicts):
        for i in c.items:
            union.join(owner.setdefault(i, n), n)
    out = []
    for comp in union.components(range(len(conflicts))):
        parts = [conflicts[n] for n in comp]
        items = tuple(dict.fromkeys(i for c in parts for i in c.items))
        why = "; ".join(dict.fromkeys(c.why for c in parts))
        out.append(Conflict(parts[0].kind, items, why, sources.sort(a for c in parts for a in c.articles)))
    return out


def _who(groups: Sequence[Group], n: int, article: str, sources: Sources) -> str:
    names = list(dict.fromkeys(sources.name(a) for a in (groups[n].articles if n >= 0 else (article,))))
    return " and ".join(names) + (" give" if len(names) > 1 else " gives")


def _shown(v: FigureView) -> str:
    f = v.figure
    text = f"“{f.text}”"
    if v.low == v.high or v.high == float("inf") or v.low == float("-inf"):
        return text
    return f"{text} (read as {v.low:,.0f}–{v.high:,.0f})"


def metadata_conflicts(notices: Mapping[str, Sequence[tuple[str, str]]]) -> list[Conflict]:
    """Things ingest would not choose silently (two publication dates for one URL), as conflicts."""
    return [
        Conflict("metadata", (article,), f"{kind}: {text}", (article,))
        for article, rows in notices.items()
        for kind, text in rows
    ]
