"""Facts of evaluation documents, extracted once and kept on disk, as ingest would have them stored.

The benchmarks (``mix``, ``ecb``, ``benchmarks/train_story_pairs.py``) cluster thousands of reports
many times over; parsing each again every run would cost minutes. Each report's Facts are kept as
JSON under ``FOLDER``, keyed by a hash of its text and the extraction ``VERSION``: a changed text or
extractor is parsed again, never served stale. One text under two ids (ECB+ read by ``ecb`` and by
``mix``) is parsed once: the kept Facts name the id asked for. The key holds the body alone, not
the publication date or the model: a report the mixes date otherwise gets the dates resolved against
its first reading (clustering reads only the ledes' events from these Facts, which do not depend on it).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path

from ..options import Options
from ..records import Article, Facts

FOLDER = Path(os.environ.get("STORYLINE_FACT_CACHE", "/tmp/storyline-facts"))


def _path(article: Article, version: str, folder: Path) -> Path:
    key = hashlib.sha256(f"{version}\0{article.body}".encode()).hexdigest()[:24]
    return folder / f"{key}.json"


def facts_of(articles: Sequence[Article], options: Options | None = None, folder: Path = FOLDER) -> list[Facts]:
    """The Facts of each article, in order: read from ``folder`` where kept, else extracted (all
    missing ones in one pass) and kept."""
    from ..extractors.pipeline import VERSION, extract_articles

    folder.mkdir(parents=True, exist_ok=True)
    out: list[Facts | None] = []
    missing: list[int] = []
    for k, a in enumerate(articles):
        p = _path(a, VERSION, folder)
        if p.exists():
            data = json.loads(p.read_text(encoding="utf-8"))
            out.append(Facts.from_dict(_named(data, data["article"], a.id)))  # type: ignore[arg-type]
        else:
            out.append(None)
            missing.append(k)
    if missing:
        found = extract_articles([articles[k] for k in missing], options or Options())
        for k, facts in zip(missing, found, strict=True):
            tmp = _path(articles[k], VERSION, folder).with_suffix(".tmp")
            tmp.write_text(json.dumps(facts.to_dict()), encoding="utf-8")
            tmp.replace(tmp.with_suffix(".json"))
            out[k] = facts
    return [f for f in out if f is not None]


def _named(data: object, old: str, new: str) -> object:
    """``data`` (Facts as JSON) with every field that names the article ``old`` naming ``new``."""
    if old == new:
        return data
    if isinstance(data, dict):
        return {k: new if k == "article" and v == old else _named(v, old, new) for k, v in data.items()}
    if isinstance(data, list):
        return [new if v == old else _named(v, old, new) for v in data]
    return data
