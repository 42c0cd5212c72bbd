"""Blocks for Spark's story clustering: the sets of articles average linkage can merge.

``batch.cluster`` groups articles by average linkage over their *neighbourhoods* (``graph.py``).
Here every neighbourhood is computed in Spark exactly as ``graph.neighbourhoods`` computes it over
the whole collection (the ``POOL`` candidates sharing most blocking keys, in the date window, the
``NEIGHBOURS`` most similar at ≥ ``NEIGHBOUR_FLOOR``, a one-sided link weighed ``ONE_SIDED``); two
articles are linked when their neighbourhoods overlap by ≥ ``LINK_THRESHOLD``. A merge of two groups
needs an average overlap ≥ that threshold, so at least one linked pair: no merge crosses a connected
set of links, and each set is a block that ``cluster`` can take alone, given those neighbourhoods.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import groupby
from typing import Any

from ..cluster.graph import LINK_THRESHOLD, NEIGHBOUR_FLOOR, NEIGHBOURS, ONE_SIDED, POOL
from ..cluster.packed import Packed
from ..cluster.vectors import WINDOW_DAYS
from .caches import Caches

PACKED_KEPT = 20_000  # packed vectors a scoring task keeps (a few KB each)


def neighbourhoods(vecs: Any, caches: Caches) -> Any:
    """DataFrame (i, k, v): article i's unit neighbourhood vector (itself included), as ``graph``'s
    (``caches`` keeps the chosen neighbours' cache)."""
    from pyspark import StorageLevel
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    q = vecs.select(F.col("id").alias("i"), F.explode("query_keys").alias("key"))
    x = vecs.select(F.col("id").alias("j"), F.explode("index_keys").alias("key"))
    counts = q.join(x, "key").where("i <> j").groupBy("i", "j").count()
    # the pool is ranked on order and day alone: the vectors join only the POOL pairs kept (joined
    # to every candidate pair, they were most of the rows this plan shuffled)
    small = vecs.select("id", "order", "day_no")
    counts = counts.join(small.toDF("j", "order_j", "day_j"), "j")
    pool_rank = Window.partitionBy("i").orderBy(F.desc("count"), "order_j")
    pool = counts.withColumn("r", F.row_number().over(pool_rank)).where(F.col("r") <= POOL)
    pool = pool.join(small.toDF("i", "order_i", "day_i"), "i")
    pool = pool.where(
        F.col("day_i").isNull() | F.col("day_j").isNull() | (F.abs(F.col("day_i") - F.col("day_j")) <= WINDOW_DAYS)
    )
    side = vecs.select("id", "blob")
    pool = pool.join(side.toDF("j", "blob_j"), "j").join(side.toDF("i", "blob_i"), "i")
    scored = pool.select("i", "j", "order_j", "blob_i", "blob_j").rdd.mapPartitions(scores)
    scored_df = scored.toDF("i string, j string, order_j string, s double")
    near_rank = Window.partitionBy("i").orderBy(F.desc("s"), "order_j")
    chosen = scored_df.withColumn("r", F.row_number().over(near_rank)).where(F.col("r") <= NEIGHBOURS)
    # cached: both sides of the mutual-link join read it, and each read ran the scoring pass again
    chosen = caches.keep(chosen.select("i", "j", "s"), StorageLevel.MEMORY_AND_DISK_DESER)  # (a plain persist's level)
    back = chosen.select(F.col("j").alias("i"), F.col("i").alias("j"), F.lit(True).alias("mutual"))
    weighted = chosen.join(back, ["i", "j"], "left").select(
        "i", "j", F.when(F.col("mutual"), F.col("s")).otherwise(F.col("s") * ONE_SIDED).alias("w")
    )
    both = weighted.unionByName(weighted.select(F.col("j").alias("i"), F.col("i").alias("j"), "w"))
    selves = vecs.select(F.col("id").alias("i"), F.col("id").alias("j"), F.lit(1.0).alias("w"))
    near = both.groupBy("i", "j").agg(F.max("w").alias("w")).unionByName(selves)
    norm = near.groupBy("i").agg(F.sqrt(F.sum(F.col("w") * F.col("w"))).alias("norm"))
    return near.join(norm, "i").select("i", F.col("j").alias("k"), (F.col("w") / F.col("norm")).alias("v"))


def scores(rows: Iterable[Any]) -> Iterator[tuple[str, str, str, float]]:
    """(i, j, order_j, cosine) of each candidate pair at or above ``NEIGHBOUR_FLOOR``: each run of
    rows with the same ``i`` (the pool arrives grouped by ``i``) is scored by one ``Packed.dots``,
    which gives what ``Packed.dot`` gives pair by pair; an article is a candidate of many others,
    so its packed vector is kept for the partition's next rows (up to ``PACKED_KEPT``)."""
    packed: dict[str, Packed] = {}

    def of(article: str, blob: bytes) -> Packed:
        found = packed.get(article)
        if found is None:
            if len(packed) >= PACKED_KEPT:
                packed.clear()
            found = packed[article] = Packed.of_blob(blob)
        return found

    for _, run in groupby(rows, key=lambda r: r[0]):
        pairs = list(run)
        i, _, _, blob_i, _ = pairs[0]
        found = of(i, blob_i).dots([of(r[1], r[4]) for r in pairs])
        for r, s in zip(pairs, found, strict=True):
            if s >= NEIGHBOUR_FLOOR:
                yield i, r[1], r[2], s


def links(near: Any) -> list[tuple[str, str]]:
    """Pairs whose neighbourhoods overlap by at least ``LINK_THRESHOLD``."""
    from pyspark.sql import functions as F

    a = near.select(F.col("i").alias("a"), "k", F.col("v").alias("va"))
    b = near.select(F.col("i").alias("b"), "k", F.col("v").alias("vb"))
    overlap = a.join(b, "k").where("a < b").groupBy("a", "b").agg(F.sum(F.col("va") * F.col("vb")).alias("o"))
    return [(r.a, r.b) for r in overlap.where(F.col("o") >= LINK_THRESHOLD).select("a", "b").collect()]
