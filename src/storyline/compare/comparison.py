"""Agreed, unique and conflicting facts from the aligned groups."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from ..records import Agreed, Article, Comparison, Conflict, Unique
from .align import FigureView
from .groups import Group, Sources

KIND_ORDER = {"event": 0, "quote": 1, "figure": 2, "entity": 3}


def compare(
    groups: Sequence[Group],
    articles: Sequence[Article],
    sources: Sources,
    conflicts: Sequence[Conflict] = (),
) -> Comparison:
    """``agreed``: groups reported by two or more independent sources; ``unique``: the rest, per article.

    Every article id is a key of ``unique`` (an empty tuple when it adds nothing of its own).
    """
    agreed: list[tuple[tuple[int, int, int], Agreed]] = []
    unique: dict[str, list[Unique]] = {a.id: [] for a in articles}
    copies = {a.id for a in articles if a.duplicate_of}
    for g in groups:
        n = sources.count(g.articles)
        if n >= 2:
            first = min(sources.order.get(a, 0) for a in g.articles)
            agreed.append(((-n, KIND_ORDER.get(g.kind, 9), first), Agreed(g.kind, g.text, g.articles, g.items)))
        else:
            owner = next((a for a in g.articles if a not in copies), g.articles[0] if g.articles else None)
            if owner is not None:
                unique.setdefault(owner, []).append(Unique(g.kind, g.text, g.items[0] if g.items else None))
    agreed.sort(key=lambda pair: pair[0])
    return Comparison(
        agreed=tuple(a for _, a in agreed),
        unique={k: tuple(v) for k, v in unique.items()},
        conflicts=tuple(conflicts),
    )


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
        out.append(Conflict("figure", (*side_a, *side_b), why))
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
        Conflict("metadata", (article,), f"{kind}: {text}") for article, rows in notices.items() for kind, text in rows
    ]
