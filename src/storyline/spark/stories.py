"""Stories on Spark: near-duplicates with ``MinHashLSH``, blocks of linked neighbourhoods
(``blocks.py``), ``batch.cluster`` per block (a ``groupByKey`` of the block's articles). Where this differs from
``recluster``: docs/spark.md.

``stories(spark, tagged, options)`` takes the job's rows (``tbl``, ``json``): the ``features`` rows
extraction made of each article and the ``articles`` rows (for the bodies near-duplicates are
checked on), and returns (stories DataFrame, {copy id: (original id, Jaccard)}). Python runs only
where storyline's own code must (weighing, scoring, the copy check, ``batch.cluster``): every
other step stays in the JVM.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from ..options import Options
from .blocks import links, neighbourhoods
from .rows import article_of
from .storywork import SHINGLE_DIMS, cluster_block, copy_of, duplicate_why, feature_row, originals, vector

STORY_COLUMNS = "article string, story string, score double, why string, title string"
# a story's entry in the clustering index, on its first member's row (``storywork.cluster_block``)
INDEX_COLUMNS = "n long, terms binary, weights binary, first string, last string, keys array<long>"
LSH_TABLES = 10  # P(candidate) = 1 - (1 - J)^10: 0.999 at J = 0.5, the least a copy can share
MAX_DISTANCE = 0.5  # Jaccard distance: copies share at least half their shingles (dedup.MIN_JACCARD_CONTAINED)


def _feature_schema() -> Any:
    from pyspark.sql import types as T

    pair = T.ArrayType(T.ArrayType(T.LongType()))
    return T.StructType(
        [
            T.StructField("id", T.StringType()),
            T.StructField("unclustered", T.StringType()),
            T.StructField("title", T.StringType()),
            T.StructField("date", T.StringType()),
            T.StructField("order", T.StringType()),
            T.StructField("day_no", T.LongType()),
            T.StructField("years", T.ArrayType(T.StringType())),
            T.StructField("words", pair),
            T.StructField("specifics", pair),
            T.StructField(
                "names",
                T.StructType(
                    [T.StructField("h", T.ArrayType(T.LongType())), T.StructField("t", T.ArrayType(T.StringType()))]
                ),
            ),
            T.StructField("lead", T.ArrayType(T.LongType())),
            T.StructField("shingles", T.ArrayType(T.LongType())),
            T.StructField("sig", T.StringType()),
            T.StructField("bands", T.ArrayType(T.LongType())),
            T.StructField("lines", T.ArrayType(T.LongType())),
            T.StructField("copy", T.BooleanType()),
        ]
    )


def _plain(row: Any) -> dict[str, Any]:
    d = row.asDict(recursive=True)
    if d.get("names") is not None:
        d["names"] = [d["names"]["h"], d["names"]["t"]]
    return d


def near_duplicates(spark: Any, feats: Any, bodies: Any, threshold: float) -> dict[str, tuple[str, float]]:
    """Copy id -> (original id, Jaccard): MinHashLSH candidates, each checked on the bodies."""
    from pyspark.ml.feature import HashingTF, MinHashLSH
    from pyspark.sql import functions as F

    # shingle hashes to sparse 0/1 vectors in the JVM (a Python UDF here was a pass of its own)
    tokens = feats.where(F.size("shingles") > 0).select("id", F.col("shingles").cast("array<string>").alias("t"))
    hashing = HashingTF(inputCol="t", outputCol="v", numFeatures=SHINGLE_DIMS, binary=True)
    data = hashing.transform(tokens).select("id", "v")
    model = MinHashLSH(inputCol="v", outputCol="h", numHashTables=LSH_TABLES, seed=1).fit(data)
    pairs = (
        model.approxSimilarityJoin(data, data, MAX_DISTANCE, distCol="d")
        .select(F.col("datasetA.id").alias("a"), F.col("datasetB.id").alias("b"))
        .where("a < b")
    )
    texts = bodies.select("id", "body")
    joined = pairs.join(texts.toDF("a", "body_a"), "a").join(texts.toDF("b", "body_b"), "b")
    checked = joined.rdd.map(lambda r: (r.a, r.b, copy_of(r.body_a, r.body_b, threshold))).filter(
        lambda t: t[2] is not None
    )
    found = checked.collect()
    order = (
        dict(
            feats.where(F.col("id").isin(sorted({x for a, b, _ in found for x in (a, b)})))
            .select("id", "order")
            .rdd.map(tuple)
            .collect()
        )
        if found
        else {}
    )
    return originals([(a, b, float(j)) for a, b, j in found if j is not None], order)


def discounted(spark: Any, feats: Any, tagged: Any, copies: set[str]) -> Any:
    """``feats`` with the lines each site repeats read past (``cluster/boilerplate.py``), as
    ``recluster`` reads them: a line key two or more originals hold (copies left out of the count)
    is dropped from every article holding it. Only those articles' features are made again, from
    their ``articles`` rows; the rest keep the ones extraction made."""
    from pyspark.sql import functions as F

    held = feats.select("id", "copy", F.explode("lines").alias("key"))
    counted = held.where(~F.col("copy"))
    if copies:
        gone = spark.createDataFrame([(c,) for c in sorted(copies)], "id string")
        counted = counted.join(F.broadcast(gone), "id", "left_anti")
    repeated = counted.groupBy("key").count().where("count >= 2").select("key")
    clusterable = feats.where(F.col("unclustered").isNull()).select("id")
    own = held.join(repeated, "key").join(clusterable, "id").groupBy("id").agg(F.collect_list("key").alias("own"))
    texts = tagged.where(F.col("tbl") == "articles").select(F.get_json_object("json", "$.id").alias("id"), "json")
    todo = own.join(texts, "id")
    again = spark.createDataFrame(todo.rdd.map(lambda r: _discounted_row(r.json, frozenset(r.own))), _feature_schema())
    return feats.join(own.select("id"), "id", "left_anti").unionByName(again)


def _discounted_row(article_json: str, own: frozenset[int]) -> dict[str, Any]:
    return feature_row(article_of(json.loads(article_json)), own)


def components(edges: list[tuple[str, str]]) -> dict[str, int]:
    """Node -> component number (numbered in order of each component's smallest node)."""
    parent: dict[str, str] = {}

    def root(a: str) -> str:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for a, b in edges:
        parent.setdefault(a, a)
        parent.setdefault(b, b)
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    number = {r: k for k, r in enumerate(sorted({root(a) for a in parent}))}
    return {a: number[root(a)] for a in parent}


def stories(spark: Any, tagged: Any, options: Options) -> tuple[Any, dict[str, tuple[str, float]], dict[str, Any]]:
    """(stories DataFrame with STORY_COLUMNS + INDEX_COLUMNS, the near-duplicates, the rest of the
    clustering index as DataFrames: ``cluster_df``, ``cluster_meta``, ``minhash``) for the job's rows
    (a DataFrame of ``tbl``, ``json``: the ``features`` rows extraction made, and the ``articles`` rows)."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    from ..cluster.background import META_KEY, load
    from ..cluster.state import DOCS_KEY

    made = (
        tagged.where(F.col("tbl") == "features")
        .select(F.from_json("json", _feature_schema()).alias("r"))
        .select("r.*")
        .persist(StorageLevel.MEMORY_AND_DISK)
    )
    bodies = tagged.where(F.col("tbl") == "articles").select(F.from_json("json", "id string, body string").alias("r"))
    bodies = bodies.select("r.id", "r.body")
    # copies are found on shingles, which the site discount leaves alone: before it, so the count
    # leaves them out as ``recluster`` leaves out the copies a store marks
    dups = near_duplicates(spark, made.where(F.col("unclustered").isNull()), bodies, options.dedup_threshold)
    feats = discounted(spark, made, tagged, set(dups)).persist(StorageLevel.MEMORY_AND_DISK)
    clusterable = feats.where(F.col("unclustered").isNull())
    df_rows = clusterable.select(
        F.explode(F.array_distinct(F.concat(F.col("words")[0], F.col("specifics")[0]))).alias("t")
    )
    df_counts = df_rows.groupBy("t").count()
    df = dict(df_counts.rdd.map(tuple).collect())
    n_docs = clusterable.count()
    df_b = spark.sparkContext.broadcast(df)
    background = str(options.story_background or "none")
    dup_ids = set(dups)
    items = clusterable.rdd.map(_plain).filter(lambda r: r["id"] not in dup_ids)
    vec_schema = "id string, terms array<long>, weights array<double>, index_keys array<long>, query_keys array<long>"
    vecs = spark.createDataFrame(items.map(lambda r: vector(r, df_b.value, n_docs, background)), vec_schema)
    vecs = vecs.join(
        clusterable.select("id", "day_no", "date", "order", "years", "words", "specifics", "names", "lead", "title"),
        "id",
    ).persist(StorageLevel.MEMORY_AND_DISK)
    near = neighbourhoods(vecs).persist(StorageLevel.MEMORY_AND_DISK)
    block = components(links(near))
    block_df = spark.createDataFrame(list(block.items()) or [("", -1)], "id string, block long")
    rows_of = near.groupBy(F.col("i").alias("id")).agg(
        F.collect_list("k").alias("near_k"), F.collect_list("v").alias("near_v")
    )
    placed = (
        vecs.join(rows_of, "id")
        .join(block_df, "id", "left")
        .withColumn("block", F.coalesce("block", F.hash("id").cast("long") - F.lit(1 << 40)))
    )
    threshold = options.story_threshold

    def per_block(rows: Iterable[Any]) -> list[tuple[Any, ...]]:
        out = cluster_block([_plain(r) for r in rows], threshold)
        return [tuple(row[c] for c in names) for row in out]

    # an RDD, not ``applyInPandas``: Spark starts Arrow UDF workers from a second Python daemon,
    # which cost ~9 s of imports on a loaded machine for a step that takes well under one
    columns = f"{STORY_COLUMNS}, {INDEX_COLUMNS}"
    names = [c.split()[0] for c in columns.split(", ")]
    by_block = placed.rdd.map(lambda r: (r.block, r)).groupByKey()
    grouped = spark.createDataFrame(by_block.flatMap(lambda kv: per_block(kv[1])), columns)
    home = grouped.select(F.col("article").alias("original"), F.col("story").alias("s"), F.col("title").alias("t"))
    dates = (
        dict(clusterable.where(F.col("id").isin(sorted(dups))).select("id", "date").rdd.map(tuple).collect())
        if dups
        else {}
    )
    dup_rows = spark.createDataFrame(
        [(a, o, j, duplicate_why(dates.get(a), o, j)) for a, (o, j) in dups.items()],
        "article string, original string, score double, why string",
    )
    no_entry = [F.lit(None).cast(t).alias(c) for c, t in (x.split() for x in INDEX_COLUMNS.split(", "))]
    copies = dup_rows.join(home, "original").select(
        "article", F.col("s").alias("story"), "score", "why", F.col("t").alias("title"), *no_entry
    )
    unclustered = feats.where(F.col("unclustered").isNotNull()).select(
        F.col("id").alias("article"),
        F.lit(None).cast(T.StringType()).alias("story"),
        F.lit(None).cast(T.DoubleType()).alias("score"),
        F.to_json(F.struct(F.col("unclustered"))).alias("why"),
        F.lit(None).cast(T.StringType()).alias("title"),
        *no_entry,
    )
    out = grouped.unionByName(copies).unionByName(unclustered)
    meta = [(DOCS_KEY, str(n_docs)), (META_KEY, load(background).name)]
    index = {
        "cluster_df": df_counts.select(F.col("t").alias("term"), F.col("count").alias("df")),
        "cluster_meta": spark.createDataFrame(meta, "key string, value string"),
        "minhash": clusterable.where(F.col("sig").isNotNull()).select(
            F.col("id").alias("article"), F.unbase64("sig").alias("sig"), "bands"
        ),
    }
    return out, dups, index
