"""``storyline spark ingest``: inputs in, Parquet tables out (articles, one per fact kind, errors, stories).

1. Every input file is read once (Spark's ``binaryFile`` source: local paths, ``hdfs://``,
   ``s3a://``…, folders recursively) and parsed by the same readers as ``storyline ingest``.
2. The same text twice (or the same URL) is kept once: the first in (file, position) order, as a
   single-machine ingest of the same sources in that order would store it.
3. Articles are spread over partitions and extracted there (``work.extract_partition``).
4. Stories (``spark/stories.py``) are built from the articles table.
5. Each table is written as Parquet, partitioned by publication day (``day``; null when undated),
   all tables at once (``Writes``): the dated rows of the fact tables while the story phase runs,
   the tables the stories' re-read leaves alone while it runs, the undated rows after it.

Bad inputs never stop the job: each one is a row of the ``errors`` table (source, offset, reason).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from typing import Any

from ..errors import UsageError
from ..options import Options
from .caches import Caches
from .profile import Profile
from .rows import FACT_TABLES, TABLES, schema
from .work import Row, extract_partition, local_name, read_file, wanted


@dataclass(slots=True)
class Summary:
    out: str
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)  # wall time of each phase
    profile: Profile = field(default_factory=Profile)  # each step's wall time and Spark jobs

    def lap(self, phase: str, started: float) -> float:
        now = time.monotonic()
        self.seconds[phase] = round(now - started, 1)
        return now


def _named(sources: list[str]) -> set[str]:
    """Sources named as files (not folders or globs), as ``local_name`` gives them back."""
    out = set()
    for s in sources:
        if "://" not in s and os.path.isfile(s):
            out.add(os.path.abspath(s))
        elif "://" in s:
            out.add(s)
    return out


def _paths(sources: list[str]) -> list[str]:
    out = []
    for s in sources:
        if "://" in s:
            out.append(s)
        elif not os.path.exists(s) and not any(c in s for c in "*?["):
            raise UsageError(f"{s}: no such file or folder (check the path)")
        else:
            out.append(os.path.abspath(s))
    return out


def read(spark: Any, sources: list[str], options: Options) -> Any:
    """An RDD of ``Row`` for every input: ("read", article) or ("errors", error)."""
    from pyspark.sql import functions as F

    named = _named(sources)
    # one load: the files are listed once (a Spark job of its own past 32 paths); the big ones'
    # content is never read, as the binaryFile source reads it only where a query selects it
    found = spark.read.format("binaryFile").option("recursiveFileLookup", "true").load(_paths(sources))
    files = found.where(F.col("length") <= options.max_bytes)
    big = found.where(F.col("length") > options.max_bytes).select("path", "length")

    def rows_of(rec: Any) -> list[Row]:
        if not wanted(rec.path, named):
            return []
        return list(read_file(rec.path, getattr(rec, "content", None), rec.length, options))

    return files.rdd.flatMap(rows_of).union(big.rdd.flatMap(rows_of))


def first_of_each(read_rows: Any) -> Any:
    """The articles to extract (JSON): one per text and per URL, the first in input order
    (``read_rows``: a DataFrame of ``tbl``, ``json``; its keys are read in the JVM, no Python pass)."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    js = F.col("json")
    df = read_rows.where(F.col("tbl") == "read").select(
        F.get_json_object(js, "$._order[0]").alias("src"),
        F.get_json_object(js, "$._order[1]").cast("long").alias("n"),
        F.get_json_object(js, "$.content_hash").alias("hash"),
        F.get_json_object(js, "$.url").alias("url"),
        "json",
    )
    first = F.row_number().over(Window.partitionBy("hash").orderBy("src", "n"))
    df = df.withColumn("k", first).where("k = 1").drop("k")
    url_key = F.coalesce(F.col("url"), F.col("hash"))  # rows without a URL are their own group
    df = df.withColumn("k", F.row_number().over(Window.partitionBy(url_key).orderBy("src", "n")))
    return df.where("k = 1").drop("k")


def ingest(
    spark: Any, sources: list[str], out: str, options: Options, partitions: int | None = None, stories: bool = True
) -> Summary:
    """Run the whole job; ``out`` receives one folder of Parquet per table. The caches it makes are
    released when it returns or fails (``caches.py``): the session holds none of them after it."""
    with Caches() as caches:
        return _job(spark, sources, out, options, partitions, stories, caches)


def _job(
    spark: Any, sources: list[str], out: str, options: Options, partitions: int | None, stories: bool, caches: Caches
) -> Summary:
    from ..extractors.pipeline import VERSION

    summary = Summary(out, profile=Profile(spark.sparkContext))
    mark = summary.profile.mark
    started = time.monotonic()
    mark("read: list files")
    with Caches() as reading:  # the files' rows, let go once ``tagged`` (extraction's rows) is filled
        read_rows = reading.keep(spark.createDataFrame(read(spark, sources, options), "tbl string, json string"))
        mark("read: parse files")
        read_rows.count()  # cached: the phases are timed apart, and later stages reuse it
        started = summary.lap("read", started)
        mark("extract: keep one of each")
        articles = first_of_each(read_rows)
        # several partitions a core: partitions of the same size took 9 to 36 s (texts differ in
        # length), and with few of them the last one leaves the other cores idle
        n_parts = partitions or max(2, spark.sparkContext.defaultParallelism * 8)
        texts = articles.repartition(n_parts, "hash").select("json").rdd.map(lambda r: r[0])
        facts = texts.mapPartitions(lambda rows: extract_partition(rows, options, VERSION, features=stories))
        # one pass from Python into a DataFrame of (table, article id, JSON); the rest runs on it in the JVM
        rows = spark.createDataFrame(facts, "tbl string, json string").unionByName(read_rows.where("tbl = 'errors'"))
        tagged = caches.keep(_tagged(rows))
        mark("extract: facts")
        tagged.count()
    started = summary.lap("extract", started)
    writes = Writes()
    copies = None
    dated: dict[str, Any] = {}  # table -> the thread writing its dated rows
    if stories:
        # the re-read (``reference.py``) reads only articles without a publication date, and an
        # article keeps its day: the dated rows of the fact tables are final now, and are written
        # while the story phase runs (in a pool of their own: the story steps' jobs do not wait
        # for them to end), the undated ones appended after the re-read
        mark("write: dated facts, beside the stories")
        for table in FACT_TABLES:
            dated[table] = writes.start(_dated(_table(tagged, table)), table_path(out, table), background=True)
        final, story_df, copies, index = _with_stories(spark, tagged, options, VERSION, caches, summary.profile)
        if final is not tagged:  # (cached already: a second persist is Spark's "already cached" warning)
            final = caches.keep(final)
        # the tables the re-read leaves alone are written while it runs (from ``tagged``: an article
        # read again keeps its publication day, and errors are not read again), and the dated
        # articles (their copies known now)
        beside = [*_story_tables(tagged, story_df, index).items(), ("errors", _table(tagged, "errors"))]
        mark(f"write: {len(beside)} tables and dated articles, beside the re-read")
        for table, df in beside:
            writes.start(df, table_path(out, table))
        articles = _table(tagged, "articles")
        if copies is not None:
            articles = _mark_copies(articles, copies)
        dated["articles"] = writes.start(_dated(articles), table_path(out, "articles"))
        mark("stories: re-read, final rows, counts")
        summary.counts = _counts(final, story_df)  # the action that fills final's cache
        started = summary.lap("stories", started)
    else:
        final = tagged
        mark("write: row counts")
        summary.counts = _counts(final, None)
    mark("write: the other tables at once" if not stories else "write: undated rows, appended")
    for table in TABLES:
        if table == "errors" and stories:
            continue
        df = _table(final, table)
        if table == "articles" and copies is not None:
            df = _mark_copies(df, copies)
        if table in dated:  # after the dated rows' write, which made the folder
            writes.start(_dated(df, False), table_path(out, table), after=dated[table])
        else:
            writes.start(df, table_path(out, table))
    writes.wait()
    summary.profile.end()
    summary.lap("write", started)
    return summary


def _table(rows: Any, table: str) -> Any:
    """``table``'s rows of the job's (tbl, aid, json) rows, as its columns."""
    from pyspark.sql import functions as F

    return rows.where(F.col("tbl") == table).select(F.from_json("json", schema(table)).alias("r")).select("r.*")


def _story_tables(tagged: Any, story_df: Any, index: dict[str, Any]) -> dict[str, Any]:
    """The stories table and the clustering index ``recluster`` would leave in a store (``spark
    load`` loads it)."""
    from pyspark.sql import functions as F

    # each article's day from its row (reading the written table back lists its folders again)
    days = tagged.where(F.col("tbl") == "articles").select(
        F.col("aid").alias("article"), F.get_json_object("json", "$.day").alias("day")
    )
    members = story_df.select("article", "story", "score", "why", "title")
    entries = story_df.where(F.col("n").isNotNull())
    story_index = entries.select("story", "n", "terms", "weights", "first", "last", "keys")
    return {"stories": members.join(days, "article", "left"), **index, "story_index": story_index}


class Writes:
    """Tables written as Parquet (by ``day`` where they have it), each from a driver thread of its
    own: Spark runs the jobs of several threads side by side. A table alone is a few small jobs
    with driver work between them (planning, committing files) that leaves the cores idle."""

    def __init__(self) -> None:
        self.threads: list[Any] = []
        self.failed: list[BaseException] = []

    def start(self, df: Any, path: str, after: Any = None, background: bool = False) -> Any:
        """The thread writing ``df`` to ``path``: appended after the thread ``after`` (which
        overwrote the folder) when given; ``background``: its jobs in a pool of their own, which
        shares the cores fairly with the other jobs (``session`` sets the fair scheduler), not
        ahead of them as one queue would."""
        from pyspark import InheritableThread  # the job group (``Profile``) goes with the thread

        def write() -> None:
            try:
                if after is not None:
                    after.join()
                if background:
                    df.sparkSession.sparkContext.setLocalProperty("spark.scheduler.pool", "background")
                writer = df.write.mode("overwrite" if after is None else "append")
                (writer.partitionBy("day") if "day" in df.columns else writer).parquet(path)
            except BaseException as exc:  # raised again by ``wait``
                self.failed.append(exc)

        thread = InheritableThread(target=write)
        thread.start()
        self.threads.append(thread)
        return thread

    def wait(self) -> None:
        for thread in self.threads:
            thread.join()
        if self.failed:
            raise self.failed[0]


def _dated(table: Any, dated: bool = True) -> Any:
    """The rows of ``table`` with a publication day (``dated``), or those without."""
    from pyspark.sql import functions as F

    return table.where(F.col("day").isNotNull() if dated else F.col("day").isNull())


def _counts(final: Any, story_df: Any) -> dict[str, int]:
    """Rows of each table, and stories (when made), in one action."""
    from pyspark.sql import functions as F

    counts = final.groupBy("tbl").count()
    if story_df is not None:
        stories = story_df.agg(F.countDistinct("story").alias("count")).select(F.lit("stories").alias("tbl"), "count")
        counts = counts.unionByName(stories)
    counted = {r[0]: r[1] for r in counts.collect()}
    out = {table: counted.get(table, 0) for table in TABLES}
    if story_df is not None:
        out["stories"] = counted.get("stories", 0)
    return out


def _tagged(df: Any) -> Any:
    """``df`` (tbl, json) with ``aid``: the article a row belongs to (null for errors)."""
    from pyspark.sql import functions as F

    own = F.col("tbl").isin("articles", "features")
    return df.withColumn(
        "aid",
        F.when(own, F.get_json_object("json", "$.id"))
        .when(F.col("tbl") != "errors", F.get_json_object("json", "$.article"))
        .otherwise(F.lit(None)),
    )


def _with_stories(
    spark: Any, tagged: Any, options: Options, version: str, caches: Caches, profile: Profile | None = None
) -> tuple[Any, Any, Any, dict[str, Any]]:
    """(the rows with facts re-read against story dates, stories, copies: article -> original, the
    rest of the clustering index: table -> DataFrame); ``caches`` keeps the caches they read."""
    from pyspark.sql import functions as F

    from .reference import redone, reread
    from .stories import stories

    story_df, dups, index, members = stories(spark, tagged, options, profile, caches)
    story_df = caches.keep(story_df)
    # no copies: no join (an empty broadcast is a Spark job of its own)
    pairs = [(a, o) for a, (o, _) in dups.items()]
    copies = spark.createDataFrame(pairs, "id string, original string") if pairs else None
    if not options.extract:
        return tagged, story_df, copies, index
    if members is not None:  # the stories are in this process: the re-read's rows come here too
        rows, changed = reread(spark, tagged, members, options, version)
        if not changed:
            return tagged, story_df, copies, index
        again = _tagged(spark.createDataFrame(rows, "tbl string, json string"))
        # errors (no article) stay; an ``isin`` of a few hundred ids, not a join and its shuffles
        kept = tagged.where(F.col("aid").isNull() | ~F.col("aid").isin(sorted(changed)))
        return kept.unionByName(again), story_df, copies, index
    again = _tagged(spark.createDataFrame(redone(spark, tagged, story_df, options, version), "tbl string, json string"))
    again = caches.keep(again)
    changed = again.select("aid").distinct()
    kept = tagged.join(changed.withColumnRenamed("aid", "changed"), F.col("aid") == F.col("changed"), "left_anti")
    return kept.unionByName(again), story_df, copies, index


def _mark_copies(articles: Any, copies: Any) -> Any:
    """The articles table with each near-duplicate's ``duplicate_of`` set to its original."""
    from pyspark.sql import functions as F

    cols = [F.coalesce("original", "duplicate_of").alias(c) if c == "duplicate_of" else c for c in articles.columns]
    return articles.join(F.broadcast(copies), "id", "left").select(*cols)


def table_path(out: str, table: str) -> str:
    return out.rstrip("/") + "/" + table


def read_table(spark: Any, out: str, table: str) -> Any:
    """One table of a finished job as a DataFrame (its schema given, so an empty table reads too)."""
    return spark.read.schema(schema(table)).parquet(table_path(out, table))


__all__ = ["Summary", "first_of_each", "ingest", "local_name", "read", "read_table", "table_path"]
