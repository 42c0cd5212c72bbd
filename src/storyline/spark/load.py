"""``storyline spark load DIR --db URL``: the Spark job's Parquet tables into a store.

A PostgreSQL store is filled with COPY (``store/pgcopy.py``), one publication day at a time, so
memory holds one day's articles and facts; any other store (SQLite) through its usual methods.
pyspark is not needed: the tables are read with pyarrow (local paths, or any URI pyarrow reads).
Stories keep the Spark job's ids and "why"; the lines each site repeats are counted as the articles
go in (``site_lines``, as ``recluster`` leaves it). The clustering index the job wrote (story centroids
and blocking keys, document frequencies, MinHash signatures: what ``recluster`` leaves in a store)
replaces the store's, so ``storyline ingest`` assigns new reports to the loaded stories at once.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ..cluster import boilerplate
from ..cluster.state import VERSION as STORY_VERSION
from ..records import Article, Facts
from ..store import Store
from .rows import FACT_TABLES, article_of, facts_of

NULL_DAY = "__HIVE_DEFAULT_PARTITION__"
INDEX_TABLES = ("story_index", "cluster_df", "cluster_meta", "minhash")  # not partitioned by day
RECLUSTER_HINT = "storyline recluster"


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


def index_of(out: str) -> dict[str, list[dict[str, Any]]] | None:
    """The clustering index tables of ``out`` as rows; None when the job wrote none (``--no-stories``)."""
    import pyarrow.dataset as ds

    found = {}
    for table in INDEX_TABLES:
        try:
            found[table] = ds.dataset(out.rstrip("/") + "/" + table, format="parquet").to_table().to_pylist()
        except (FileNotFoundError, OSError):
            return None
    return found


def load_index(store: Store, index: dict[str, list[dict[str, Any]]]) -> int:
    """Replace ``store``'s clustering index with the job's; the number of story entries."""
    from ..store.postgres import PostgresStore

    df = {int(r["term"]): int(r["df"]) for r in index["cluster_df"]}
    meta = [(r["key"], r["value"]) for r in index["cluster_meta"]]
    states = [(r["story"], r["n"], r["terms"], r["weights"], r["first"], r["last"]) for r in index["story_index"]]
    keys = [(r["story"], list(r["keys"] or ())) for r in index["story_index"]]
    sigs = [(r["article"], r["sig"], list(r["bands"] or ())) for r in index["minhash"]]
    if isinstance(store, PostgresStore):
        from ..store.pgcopy import copy_index

        copy_index(store, df, meta, states, keys, sigs)
        return len(states)
    with store.transaction():
        store.clear_cluster_index()
        store.replace_cluster_df(df)
        for key, value in meta:
            store.set_meta(key, value)
        for story, n, terms, weights, first, last in states:
            store.put_story_state(story, n, terms, weights, first, last)
        for story, story_keys in keys:
            store.add_story_keys(story, story_keys)
        for article, sig, bands in sigs:
            store.put_minhash(article, sig, bands)
    return len(states)


def add_site_lines(store: Store, articles: list[Article]) -> None:
    """Count the originals' lines for their sites (``boilerplate``), as ``recluster`` leaves them
    and ``storyline ingest`` reads them: the job's copies (``duplicate_of``) are left out, as its
    story phase left them out."""
    with store.transaction():
        for article in articles:
            if not article.duplicate_of:
                store.add_site_lines(article.id, boilerplate.keys(article))


def load(out: str, store: Store) -> dict[str, int]:
    """Load every table of ``out`` into ``store``; counts of what was loaded. ``index`` counts the
    stories whose index entry was loaded; ``other_articles`` the articles the store held before,
    whose stories the loaded index does not know (``recluster`` puts them in)."""
    from ..store.postgres import PostgresStore

    counts = {"articles": 0, "facts": 0, "stories": 0, "index": 0, "other_articles": store.count_articles()}
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
        add_site_lines(store, articles)
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
    index = index_of(out)
    if index is not None:
        counts["index"] = load_index(store, index)
    return counts
