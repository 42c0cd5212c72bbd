"""Article <-> row conversion shared by the SQLite and PostgreSQL stores."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..records import Article

JSON_LISTS = ("credits", "captions", "warnings")  # stored as JSON text
COLUMNS = [
    "id",
    "content_hash",
    "url",
    "outlet",
    "published",
    "title",
    "dateline",
    "credits",
    "captions",
    "source",
    "author",
    "duplicate_of",
    "reference_date",
    "reference_estimated",
    "format",
    "warnings",
    "body",
    "language",
]


def article_row(a: Article) -> dict[str, Any]:
    d = a.to_dict()
    for key in JSON_LISTS:
        d[key] = json.dumps(d[key], ensure_ascii=False)
    d["reference_estimated"] = int(a.reference_estimated)
    return d


def row_article(row: Sequence[Any]) -> Article:
    """The article from a row of ``COLUMNS`` in that order (a tuple or a ``sqlite3.Row``)."""
    d = dict(zip(COLUMNS, row, strict=True))
    for key in JSON_LISTS:
        d[key] = tuple(json.loads(d[key]))
    d["reference_estimated"] = bool(d["reference_estimated"])
    return Article(**d)
