"""How far apart in time the reports of one story are, on dated real political news (issue #14).

The week-of-news mixes (``mix``) score ECB+ pairs only: their PolNeAR distractors are unlabelled.
Here the PolNeAR articles of one split are ingested as a newsroom would: each with the publication
day and outlet its file name gives, through ``api.ingest`` as shipped, into a temporary store. A
story whose reports span weeks of one campaign is a topic, not an event: ``score_spans`` gives the
share of pairs of reports in one story at most ``NEAR_DAYS`` apart, and the share of reports in
stories of at most ``SMALL_STORY``. Unlabelled proxies, both higher for fewer topic stories (and
both 1.0 when nothing is joined: the share of reports joined to another is given beside them); the
quality gate holds the three on the dev split (84 articles). ``benchmarks/bench_polnear_span.py`` prints
more (and hand-labelled pairs on the train split).
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
import tempfile
from pathlib import Path
from typing import Any

from ..options import Options
from ..store.sqlite import SQLiteStore

NAME = re.compile(r"([a-z-]+)_(\d{4}-\d\d-\d\d)_")
GAPS = (1, 7, 30)  # days: pairs counted up to each, then beyond the last
NEAR_DAYS = 7
SMALL_STORY = 4  # reports: a story of one event in a collection of politics news is rarely larger


def jsonl(folder: Path, path: Path) -> int:
    """The articles of ``folder`` (PolNeAR's ``SPLIT/text``) as JSON Lines with the day and outlet
    of their file names; how many."""
    n = 0
    with path.open("w", encoding="utf-8") as out:
        for f in sorted(folder.glob("*.txt")):
            m = NAME.match(f.name)
            if m is None:
                continue
            row = {"url": f"https://{m.group(1)}.example/{f.stem}", "published": m.group(2), "outlet": m.group(1)}
            out.write(json.dumps(row | {"body": f.read_text(encoding="utf-8")}) + "\n")
            n += 1
    return n


def story_days(store: SQLiteStore) -> dict[str, list[dt.date]]:
    """Per story (an unclustered article alone), its reports' publication days."""
    groups: dict[str, list[dt.date]] = {}
    for a in store.article_ids():
        article = store.article(a)
        if article is not None and article.published:
            groups.setdefault(store.story_of(a) or a, []).append(dt.date.fromisoformat(article.published[:10]))
    return groups


def gap_counts(groups: dict[str, list[dt.date]]) -> list[int]:
    """Pairs of reports in one story by the days between them: up to each of ``GAPS``, then beyond."""
    counts = [0] * (len(GAPS) + 1)
    for days in groups.values():
        for x, y in itertools.combinations(days, 2):
            gap = abs((x - y).days)
            counts[next((k for k, g in enumerate(GAPS) if gap <= g), len(GAPS))] += 1
    return counts


def score_spans(path: str | Path, options: Options | None = None, split: str = "dev") -> dict[str, Any]:
    """Ingest PolNeAR's ``split`` (``path``: the eval folder or its ``polnear`` folder) and score
    its stories' spans (see the module)."""
    from .. import api

    root = Path(path)
    folder = (root if (root / split).is_dir() else root / "polnear") / split / "text"
    with tempfile.TemporaryDirectory() as tmp:
        rows = Path(tmp) / "polnear.jsonl"
        n = jsonl(folder, rows)
        opts = (options or Options()).replace(db=str(Path(tmp) / "store.db"))
        store = SQLiteStore(opts.db)
        try:
            api.ingest([str(rows)], store=store, options=opts)
            groups = story_days(store)
        finally:
            store.close()
    counts = gap_counts(groups)
    pairs = sum(counts)
    near = sum(c for g, c in zip(GAPS, counts, strict=False) if g <= NEAR_DAYS)
    in_small = sum(len(d) for d in groups.values() if len(d) <= SMALL_STORY)
    joined = sum(len(d) for d in groups.values() if len(d) > 1)
    return {
        "near_pair_share": round(near / pairs, 4) if pairs else 1.0,
        "reports_in_small_stories": round(in_small / max(sum(len(d) for d in groups.values()), 1), 4),
        # a floor on it says a change splits no more than it did (the shares alone reward splitting all)
        "reports_joined": round(joined / max(sum(len(d) for d in groups.values()), 1), 4),
        "pairs": pairs,
        "largest": max((len(d) for d in groups.values()), default=0),
        "n_docs": n,
        "split": split,
    }
