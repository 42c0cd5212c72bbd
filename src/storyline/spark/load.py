"""``storyline spark load DIR --db URL``: the Spark job's Parquet tables into a store.

A PostgreSQL store is filled with COPY (``store/pgcopy.py``), one publication day at a time, so
memory holds one day's articles and facts; any other store (SQLite) through its usual methods.
pyspark is not needed: the tables are read with pyarrow (local paths, or any URI pyarrow reads).
Stories keep the Spark job's ids and "why". The clustering index (centroids, document
frequencies, MinHash) is not loaded: run ``storyline recluster`` before ``storyline ingest`` adds
more reports to this store (serve and the read commands need nothing more).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ..cluster.state import VERSION as STORY_VERSION
from ..records import Article, Facts
from ..store import Store
from .rows import FACT_TABLES, article_of, facts_of

NULL_DAY = "__HIVE_DEFAULT_PARTITION__"


def dataset(out: str, table: str) -> Any:
    import pyarrow as pa
    import pyarrow.dataset as ds

    part = ds.HivePartitioning(pa.schema([("day", pa.string())]), null_fallback=NULL_DAY)
    return ds.dataset(out.rstrip("/") + "/" + table, format="parquet", partitioning=part)


def _days(out: str) -> list[str | None]:
    import pyarrow.compute as pc

    days = dataset(out, "articles").to_table(columns=["day"])["day"]
    return sorted(pc.unique(days).to_pylist(), key=lambda d: (d is None, d or ""))


def _rows(out: str, table: str, day: str | None) -> list[dict[str, Any]]:
    import pyarrow.dataset as ds

    field = ds.field("day")
    return dataset(out, table).to_table(filter=field.is_null() if day is None else field == day).to_pylist()


def days_of(out: str) -> Iterator[tuple[list[Article], list[tuple[Facts, str]]]]:
    """Per publication day: its articles and their (facts, extraction version)."""
    for day in _days(out):
        arts = _rows(out, "articles", day)
        by_article: dict[str, dict[str, list[dict[str, Any]]]] = {}
        for table in FACT_TABLES:
            for r in _rows(out, table, day):
                by_article.setdefault(r["article"], {}).setdefault(table, []).append(r)
        articles = [article_of(r) for r in arts]
        facts = [(facts_of(r, by_article.get(r["id"], {})), r["extract_version"]) for r in arts if r["extract_version"]]
        yield articles, facts


def stories_of(out: str) -> tuple[list[tuple[str, str, str]], list[Any], list[tuple[str, str]]]:
    """(stories, members, unclustered) from the stories table."""
    rows = dataset(out, "stories").to_table(columns=["article", "story", "score", "why", "title"]).to_pylist()
    stories = sorted({(r["story"], r["title"] or "", STORY_VERSION) for r in rows if r["story"]})
    members = [(r["article"], r["story"], r["score"], json.loads(r["why"])) for r in rows if r["story"]]
    out_rows = [(r["article"], json.loads(r["why"]).get("unclustered", "")) for r in rows if not r["story"]]
    return stories, members, out_rows


def load(out: str, store: Store) -> dict[str, int]:
    """Load every table of ``out`` into ``store``; counts of what was loaded."""
    from ..store.postgres import PostgresStore

    counts = {"articles": 0, "facts": 0, "stories": 0}
    for articles, facts in days_of(out):
        if isinstance(store, PostgresStore):
            from ..store.pgcopy import copy_articles, copy_facts

            counts["articles"] += copy_articles(store, articles)
            counts["facts"] += copy_facts(store, facts)
        else:
            with store.transaction():
                for article in articles:
                    store.add_article(article)
                for f, version in facts:
                    store.put_facts(f, version)
            counts["articles"] += len(articles)
            counts["facts"] += len(facts)
    stories, members, unclustered = stories_of(out)
    if isinstance(store, PostgresStore):
        from ..store.pgcopy import copy_stories

        copy_stories(store, stories, members, unclustered)
    else:
        with store.transaction():
            for story, title, version in stories:
                store.ensure_story(story, title, version)
            for article_id, story, score, why in members:
                store.set_story(article_id, story, score, why)
            for article_id, reason in unclustered:
                store.set_unclustered(article_id, reason)
    counts["stories"] = len(stories)
    return counts
