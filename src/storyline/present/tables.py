"""A story as flat rows, one table per fact kind, for CSV and Parquet export.

Cells are plain values; lists stay lists (the exporter decides how to write them).
"""

from __future__ import annotations

from typing import Any

from ..records import Story

KINDS = ("articles", "entities", "quotes", "figures", "events", "timeline", "comparison")


def fact_rows(story: Story) -> dict[str, list[dict[str, Any]]]:
    """``{kind: rows}`` for every kind in ``KINDS`` (empty lists included, so every file exists)."""
    c = story.comparison
    comparison: list[dict[str, Any]] = [
        {
            "status": "agreed",
            "kind": a.kind,
            "text": a.text,
            "articles": list(a.articles),
            "items": list(a.items),
            "p": a.p,
            "why": None,
        }
        for a in c.agreed
    ]
    comparison += [
        {
            "status": "possible",
            "kind": a.kind,
            "text": a.text,
            "articles": list(a.articles),
            "items": list(a.items),
            "p": a.p,
            "why": None,
        }
        for a in c.possible
    ]
    comparison += [
        {
            "status": "unique",
            "kind": u.kind,
            "text": u.text,
            "articles": [article],
            "items": list(u.items),
            "p": None,
            "why": None,
        }
        for article, items in c.unique.items()
        for u in items
    ]
    comparison += [
        {
            "status": "conflict",
            "kind": x.kind,
            "text": None,
            "articles": list(x.articles),
            "items": list(x.items),
            "p": None,
            "why": x.why,
        }
        for x in c.conflicts
    ]
    return {
        "articles": [
            {k: v for k, v in a.to_dict().items() if k not in ("content_hash", "format")} for a in story.articles
        ],
        "entities": [e.to_dict() for e in story.entities],
        "quotes": [q.to_dict() for q in story.quotes],
        "figures": [f.to_dict() for f in story.figures],
        "events": [e.to_dict() for e in story.events],
        "timeline": [{"order": n, **m.to_dict()} for n, m in enumerate(story.timeline)],
        "comparison": comparison,
    }
