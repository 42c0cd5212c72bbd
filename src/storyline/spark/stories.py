"""Stories on Spark: near-duplicates with ``MinHashLSH``, blocks of linked neighbourhoods
(``blocks.py``), ``batch.cluster`` per block with ``applyInPandas``. Where this differs from
``recluster``: docs/spark.md.

``stories(spark, articles, options)`` takes the articles DataFrame (the articles table's columns)
and returns (stories DataFrame, {copy id: (original id, Jaccard)}).
"""

from __future__ import annotations

import json
from typing import Any

from ..options import Options
from .blocks import links, neighbourhoods
from .rows import article_of
from .storywork import (
    SHINGLE_DIMS,
    article_row,
    cluster_block,
    copy_of,
    duplicate_why,
    originals,
    site_lines,
    vector,
)

STORY_COLUMNS = "article string, story string, score double, why string, title string"
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
            T.StructField("shingles", T.ArrayType(T.LongType())),
        ]
    )


def _row_of(article_json: str, repeated: frozenset[int] = frozenset()) -> dict[str, Any]:
    row = article_row(article_of(json.loads(article_json)), repeated)
    if "names" in row:
        row["names"] = {"h": row["names"][0], "t": row["names"][1]}
    return row


def _plain(row: Any) -> dict[str, Any]:
    d = row.asDict(recursive=True)
    if d.get("names") is not None:
        d["names"] = [d["names"]["h"], d["names"]["t"]]
    return d


def near_duplicates(spark: Any, feats: Any, bodies: Any, threshold: float) -> dict[str, tuple[str, float]]:
    """Copy id -> (original id, Jaccard): MinHashLSH candidates, each checked on the bodies."""
    from pyspark.ml.feature import MinHashLSH
    from pyspark.ml.linalg import SparseVector, VectorUDT
    from pyspark.sql import functions as F

    to_vec = F.udf(lambda idx: SparseVector(SHINGLE_DIMS, sorted(idx), [1.0] * len(idx)), VectorUDT())
    data = feats.where(F.size("shingles") > 0).select("id", to_vec("shingles").alias("v"))
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


def stories(spark: Any, articles_json: Any, options: Options) -> tuple[Any, dict[str, tuple[str, float]]]:
    """(stories DataFrame with STORY_COLUMNS, the near-duplicates) for an RDD of article JSON rows."""
    import pandas as pd
    from pyspark import StorageLevel
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    # the lines each site repeats (``cluster/boilerplate.py``): keys two or more originals hold
    counted = articles_json.flatMap(lambda t: site_lines(article_of(json.loads(t)))).map(lambda k: (k, 1))
    repeated = spark.sparkContext.broadcast(
        frozenset(counted.reduceByKey(lambda a, b: a + b).filter(lambda kv: kv[1] > 1).keys().collect())
    )
    feats = spark.createDataFrame(articles_json.map(lambda t: _row_of(t, repeated.value)), _feature_schema()).persist(
        StorageLevel.MEMORY_AND_DISK
    )
    bodies = spark.createDataFrame(
        articles_json.map(lambda t: (json.loads(t)["id"], json.loads(t)["body"])), "id string, body string"
    )
    clusterable = feats.where(F.col("unclustered").isNull())
    dups = near_duplicates(spark, clusterable, bodies, options.dedup_threshold)
    df_rows = clusterable.select(
        F.explode(F.array_distinct(F.concat(F.col("words")[0], F.col("specifics")[0]))).alias("t")
    )
    df = dict(df_rows.groupBy("t").count().rdd.map(tuple).collect())
    n_docs = clusterable.count()
    df_b = spark.sparkContext.broadcast(df)
    background = str(options.story_background or "none")
    dup_ids = set(dups)
    items = clusterable.rdd.map(_plain).filter(lambda r: r["id"] not in dup_ids)
    vec_schema = "id string, terms array<long>, weights array<double>, index_keys array<long>, query_keys array<long>"
    vecs = spark.createDataFrame(items.map(lambda r: vector(r, df_b.value, n_docs, background)), vec_schema)
    vecs = vecs.join(
        clusterable.select("id", "day_no", "date", "order", "years", "words", "specifics", "names", "title"), "id"
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

    def per_block(pdf: pd.DataFrame) -> pd.DataFrame:
        rows = []
        for r in pdf.to_dict("records"):
            r["names"] = [list(r["names"]["h"]), list(r["names"]["t"])]
            for key in ("terms", "weights", "years", "near_k", "near_v"):
                r[key] = list(r[key])
            r["words"] = [list(x) for x in r["words"]]
            r["specifics"] = [list(x) for x in r["specifics"]]
            rows.append(r)
        return pd.DataFrame(cluster_block(rows, threshold), columns=["article", "story", "score", "why", "title"])

    grouped = placed.groupBy("block").applyInPandas(per_block, STORY_COLUMNS)
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
    copies = dup_rows.join(home, "original").select(
        "article", F.col("s").alias("story"), "score", "why", F.col("t").alias("title")
    )
    unclustered = feats.where(F.col("unclustered").isNotNull()).select(
        F.col("id").alias("article"),
        F.lit(None).cast(T.StringType()).alias("story"),
        F.lit(None).cast(T.DoubleType()).alias("score"),
        F.to_json(F.struct(F.col("unclustered"))).alias("why"),
        F.lit(None).cast(T.StringType()).alias("title"),
    )
    out = grouped.unionByName(copies).unionByName(unclustered)
    return out, dups
