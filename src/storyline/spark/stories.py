"""Stories on Spark: near-duplicates with ``MinHashLSH``, blocks of linked neighbourhoods
(``blocks.py``), ``batch.cluster`` per block (a ``groupByKey`` of the block's articles) in two
phases around a cross-block pass (``cross_block``). Up to ``LOCAL`` articles, everything after
the site-boilerplate step runs in the driver's Python instead (``blockwise.one_process``). Where
this differs from ``recluster``: docs/spark.md.

``stories(spark, tagged, options)`` takes the job's rows (``tbl``, ``json``): the ``features`` rows
extraction made of each article and the ``articles`` rows (for the bodies near-duplicates are
checked on), and returns (stories DataFrame, {copy id: (original id, Jaccard)}, the rest of the
clustering index, each article's story up to ``LOCAL``). Beyond ``LOCAL``, Python runs only where
storyline's own code must (weighing, scoring, the copy check, ``batch.cluster``): every other step
stays in the JVM.
"""

from __future__ import annotations

import json
from typing import Any

from ..cluster.packed import Packed
from ..cluster.refine import JOIN_DAYS
from ..cluster.vectors import CANDIDATES
from ..options import Options
from .blocks import links, neighbourhoods
from .blockwise import CARRIED, block_key, one_process
from .broadcast import frame_of
from .caches import Caches
from .looks import (
    Unit,
    View,
    after_look,
    change_sets,
    decided,
    in_sets,
    look_asks,
    look_entries,
    needs,
    outside,
    pieces_for,
    plan,
    settle,
)
from .profile import Profile
from .rows import article_of
from .storywork import (
    SHINGLE_DIMS,
    Part,
    absorb_score,
    best_story,
    bucket_pairs,
    components,
    copy_of,
    dated_entries,
    duplicate_why,
    events_of,
    feature_row,
    first_phase,
    group_entries,
    join_keys,
    joined_entry,
    joined_members,
    joins_of,
    lone_entries,
    originals,
    second_phase,
    vector,
    written,
)

STORY_COLUMNS = "article string, story string, score double, why string, title string"
# a story's entry in the clustering index, on its first member's row (``storywork.cluster_block``)
INDEX_COLUMNS = "n long, terms binary, weights binary, first string, last string, keys array<long>"
LSH_TABLES = 10  # P(candidate) = 1 - (1 - J)^10: 0.999 at J = 0.5, the least a copy can share
MAX_DISTANCE = 0.5  # Jaccard distance: copies share at least half their shingles (dedup.MIN_JACCARD_CONTAINED)
# Up to this many clustered articles, the story steps after the site-boilerplate step (document
# frequencies, vectors, neighbourhoods, links, blocks, the cross-block pass, ``second_phase``, the
# second look, ``written``) run in the driver's Python (``blockwise.one_process``), not as ~60
# Spark jobs: at 800 reports their Python work is a few seconds in one process, the jobs'
# scheduling and shuffles several times that, and one block already held most articles (one task
# either way). Beyond it, ``_spread`` and ``cross_block`` spread the work.
LOCAL = 5000


def _feature_schema() -> Any:
    from pyspark.sql import types as T

    pair = T.ArrayType(T.ArrayType(T.LongType()))
    return T.StructType(
        [
            T.StructField("id", T.StringType()),
            T.StructField("unclustered", T.StringType()),
            T.StructField("title", T.StringType()),
            T.StructField("date", T.StringType()),
            T.StructField("published", T.BooleanType()),
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
            T.StructField("scores", T.ArrayType(T.StringType())),
            T.StructField("lead", T.ArrayType(T.LongType())),
            T.StructField("events", pair),
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


# what ``vectors`` gives each article: its vector, blocking keys, and the columns later steps read
VEC_COLUMNS = (
    "id string, terms array<long>, weights array<double>, index_keys array<long>, query_keys array<long>, "
    "day_no long, date string, order string, years array<string>, words array<array<long>>, "
    "specifics array<array<long>>, names struct<h: array<long>, t: array<string>>, scores array<string>, "
    "lead array<long>, events array<array<long>>, title string, blob binary"
)


def _vector_row(row: dict[str, Any], df: dict[int, int], n_docs: int, background: str) -> dict[str, Any]:
    out = vector(row, df, n_docs, background) | {c: row[c] for c in CARRIED}
    out["blob"] = Packed.blob(out["terms"], out["weights"])  # what neighbourhood scoring reads
    names = row.get("names")
    out["names"] = None if names is None else {"h": names[0], "t": names[1]}
    return out


def near_duplicates(
    spark: Any, feats: Any, bodies: Any, threshold: float, profile: Profile | None = None
) -> tuple[dict[str, tuple[str, float]], dict[str, str | None]]:
    """(copy id -> (original id, Jaccard), article -> date for the articles of those pairs):
    MinHashLSH candidates, each checked on the bodies, in one action (each candidate carries the
    order and date the originals and the copies' "why" need)."""
    from pyspark.ml.feature import HashingTF, MinHashLSH
    from pyspark.sql import functions as F

    mark = (profile or Profile()).mark
    # shingle hashes to sparse 0/1 vectors in the JVM (a Python UDF here was a pass of its own)
    tokens = feats.where(F.size("shingles") > 0).select(
        "id", "order", "date", F.col("shingles").cast("array<string>").alias("t")
    )
    hashing = HashingTF(inputCol="t", outputCol="v", numFeatures=SHINGLE_DIMS, binary=True)
    data = hashing.transform(tokens).select("id", "order", "date", "v")
    mark("stories: minhash fit")
    model = MinHashLSH(inputCol="v", outputCol="h", numHashTables=LSH_TABLES, seed=1).fit(data)
    mark("stories: copies")
    side = [f"dataset{x}.{c}" for x in "AB" for c in ("id", "order", "date")]
    pairs = (
        model.approxSimilarityJoin(data, data, MAX_DISTANCE, distCol="d")
        .select(*(F.col(c).alias(n) for c, n in zip(side, ("a", "oa", "da", "b", "ob", "db"), strict=True)))
        .where("a < b")
    )
    texts = bodies.select("id", "body")
    joined = pairs.join(texts.toDF("a", "body_a"), "a").join(texts.toDF("b", "body_b"), "b")
    checked = joined.rdd.map(lambda r: (r.a, r.oa, r.da, r.b, r.ob, r.db, copy_of(r.body_a, r.body_b, threshold)))
    found = checked.filter(lambda t: t[6] is not None).collect()
    order = {a: o for row in found for a, o in (row[0:2], row[3:5])}
    dates = {a: d for row in found for a, d in ((row[0], row[2]), (row[3], row[5]))}
    return originals([(a, b, float(j)) for a, _, _, b, _, _, j in found if j is not None], order), dates


def discounted(spark: Any, feats: Any, tagged: Any, copies: set[str], caches: Caches) -> Any:
    """``feats`` with the lines each site repeats read past (``cluster/boilerplate.py``), as
    ``recluster`` reads them: a line key two or more originals hold (copies left out of the count)
    is dropped from every article holding it. Only those articles' features are made again, from
    their ``articles`` rows; the rest keep the ones extraction made. ``caches`` keeps its cache."""
    from pyspark.sql import functions as F

    held = feats.select("id", "copy", F.explode("lines").alias("key"))
    counted = held.where(~F.col("copy"))
    if copies:
        gone = spark.createDataFrame([(c,) for c in sorted(copies)], "id string")
        counted = counted.join(F.broadcast(gone), "id", "left_anti")
    repeated = counted.groupBy("key").count().where("count >= 2").select("key")
    clusterable = feats.where(F.col("unclustered").isNull()).select("id")
    own = held.join(repeated, "key").join(clusterable, "id").groupBy("id").agg(F.collect_list("key").alias("own"))
    # cached: read twice (the rows made again, and the rest kept by an anti-join), and each read in
    # a query of its own ran its joins and shuffles again
    own = caches.keep(own)
    texts = tagged.where(F.col("tbl") == "articles").select(F.get_json_object("json", "$.id").alias("id"), "json")
    todo = own.join(texts, "id").join(feats.select("id", "events"), "id")
    again = spark.createDataFrame(
        todo.rdd.map(lambda r: _discounted_row(r.json, frozenset(r.own), r.events)), _feature_schema()
    )
    return feats.join(own.select("id"), "id", "left_anti").unionByName(again)


def _discounted_row(article_json: str, own: frozenset[int], events: Any) -> dict[str, Any]:
    """The features row read past ``own`` lines, with the lede events the first row read from facts."""
    return feature_row(article_of(json.loads(article_json)), own, events_of(events))


def cross_block(
    spark: Any, parts: Any, threshold: float, profile: Profile | None = None, caches: Caches | None = None
) -> Any:
    """The stories (STORY_COLUMNS + INDEX_COLUMNS) of the blocks' ``first_phase`` (``parts``: an
    RDD of (block, Part)): the cross-block pass (two actions: the joins, the moves), then
    ``second_phase`` per block, and per set of blocks the pass connects, then the second look's
    pass over all of them (one action, ``_looks``). ``caches`` keeps the cache the stories are read
    from (until they are filled or written)."""
    mark = (profile or Profile()).mark
    mark("stories: cross-block joins")
    joins = _joins(parts)
    mark("stories: cross-block moves")
    join_of = join_keys(joins)
    moves, moved = _moves(spark, parts, join_of)
    links = [(x, y) for x, y in [(x, y) for _, _, x, y in joins] + moved if x != y]
    settled = (caches or Caches()).keep(_second_phase(spark, parts, join_of, moves, links, threshold))
    mark("stories: cross-block looks")
    return _looks(spark, settled, threshold)


def _joins(parts: Any) -> list[tuple[str, str, str, str]]:
    """``join_dated``'s joins over all blocks' groups (``parts``: block -> ``first_phase``), in
    one action: each dated group goes to the buckets of the days within ``JOIN_DAYS`` of its median
    day, each bucket gives the candidate pairs of its day's groups, the driver picks the joins."""

    def buckets(kv: tuple[str, Part]) -> list[tuple[int, dict[str, Any]]]:
        return [(d, e) for e in dated_entries(*kv) for d in range(e["day"] - JOIN_DAYS, e["day"] + JOIN_DAYS + 1)]

    pairs = parts.flatMap(buckets).groupByKey().flatMap(lambda kv: bucket_pairs(kv[0], list(kv[1]))).collect()
    return joins_of(pairs)


def _moves(spark: Any, parts: Any, join_of: dict[str, str]) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """``_absorb``'s moves over all groups after the joins, in one action: (lone article -> head
    of the group it joins, the (block, block) pairs they connect). Each lone article's
    ``CANDIDATES`` groups are ranked by shared keys over all groups (the key join of
    ``blocks.neighbourhoods``), then scored in Python as ``_absorb`` scores them. Vectors travel as
    ``Packed.blob`` bytes (no Python number per term); the same plan as RDD steps (one job, not
    ~10) took ~4x the time: PySpark's RDD join and shuffles run in Python."""
    from pyspark import StorageLevel
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    join_b = spark.sparkContext.broadcast(join_of)
    # groups and lone articles from one Python pass over the blocks, cached: each is read twice
    # below, and a DataFrame made from an RDD runs its Python pass again at every read
    entries = parts.flatMap(lambda kv: _entry_rows(kv[0], kv[1], join_b.value))
    if join_of:  # a joined pair's halves may lie in two blocks: its entry is made where they meet
        halves = parts.flatMap(lambda kv: joined_members(kv[0], kv[1], join_b.value)).groupByKey()
        entries = entries.union(halves.map(lambda kv: _group_row(joined_entry(list(kv[1])))))
    both = spark.createDataFrame(entries, ENTRY_COLUMNS).persist(StorageLevel.MEMORY_AND_DISK)
    groups = both.where(F.col("lone").isNull()).drop("lone", "date")
    lone = both.where(F.col("lone").isNotNull()).select(
        F.col("head").alias("id"), "block", "date", F.col("keys").alias("query_keys"), "blob"
    )
    held = groups.select("head", F.explode("keys").alias("key"))
    asked = lone.select("id", F.explode("query_keys").alias("key"))
    counts = asked.join(held, "key").groupBy("id", "head").count()
    rank = Window.partitionBy("id").orderBy(F.desc("count"), "head")
    top = counts.withColumn("r", F.row_number().over(rank)).where(F.col("r") <= CANDIDATES).select("id", "head")
    stories = groups.where(F.col("size") >= 2).select(
        "head", F.col("block").alias("g_block"), "size", "first", "last", F.col("blob").alias("g_blob")
    )
    scored = top.join(stories, "head").join(lone.drop("query_keys"), "id").rdd.flatMap(_scored_row)
    found = scored.reduceByKey(lambda a, b: a + b).mapValues(best_story).filter(lambda kv: kv[1] is not None)
    moves = found.collect()
    both.unpersist()
    return {a: best[1] for a, best in moves}, [(best[3], best[2]) for _, best in moves]


# a group (``group_entry``) or a lone article (``lone_entries``: ``head`` its id, ``keys`` its query
# keys, ``lone`` set) as one row shape, so that both come from one pass
ENTRY_COLUMNS = (
    "head string, block string, size long, first string, last string, keys array<long>, blob binary, "
    "lone boolean, date string"
)


def _group_row(e: dict[str, Any]) -> tuple[Any, ...]:
    return (e["head"], e["block"], e["size"], e["first"], e["last"], e["keys"], e["blob"], None, None)


def _entry_rows(block: str, part: Part, join_of: dict[str, str]) -> list[tuple[Any, ...]]:
    groups = [_group_row(e) for e in group_entries(block, part, join_of)]
    lone = [
        (e["id"], e["block"], None, None, None, e["query_keys"], e["blob"], True, e["date"])
        for e in lone_entries(block, part)
    ]
    return groups + lone


def _scored_row(r: Any) -> list[tuple[str, list[tuple[float, str, str, str]]]]:
    lone = {"id": r.id, "date": r.date, "blob": r.blob}
    story = {"head": r.head, "size": r.size, "first": r.first, "last": r.last, "blob": r.g_blob}
    s = absorb_score(lone, story)
    return [] if s is None else [(r.id, [(s, r.head, r.g_block, r.block)])]


def _second_phase(
    spark: Any,
    parts: Any,
    join_of: dict[str, str],
    moves: dict[str, str],
    links: list[tuple[str, str]],
    threshold: float,
) -> Any:
    """``second_phase`` per block, and per set of blocks the cross-block pass connects (``links``:
    those blocks are brought together): an RDD of (block or set, Part)."""
    sc = spark.sparkContext
    join_b, moves_b = sc.broadcast(join_of), sc.broadcast(moves)
    sets_b = sc.broadcast({b: f"set {n}" for b, n in components(links).items()})

    def settled(key: str, ps: list[Part]) -> tuple[str, Part]:
        return key, second_phase(ps, join_b.value, moves_b.value, threshold)

    out = parts.filter(lambda kv: kv[0] not in sets_b.value).map(lambda kv: settled(kv[0], [kv[1]]))
    if links:
        brought = parts.filter(lambda kv: kv[0] in sets_b.value).map(lambda kv: (sets_b.value[kv[0]], kv[1]))
        out = out.union(brought.groupByKey().map(lambda kv: settled(kv[0], list(kv[1]))))
    return out


def _look_links(spark: Any, settled: Any) -> list[tuple[str, str, str]]:
    """(lone article, its order key, first member of a story ``second_look`` asks it about) over
    all sets of blocks (``looks.look_links`` in one process): the key join in the JVM, ranked there
    (as RDD steps, one job instead of ~6, it took 2-3x the time: PySpark's RDD join runs in Python)."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    held = spark.createDataFrame(settled.flatMap(lambda kv: look_entries(kv[1])), "head string, keys array<long>")
    asked = spark.createDataFrame(
        settled.flatMap(lambda kv: look_asks(kv[1])), "id string, order string, keys array<long>"
    )
    pairs = asked.select("id", "order", F.explode("keys").alias("key")).join(
        held.select("head", F.explode("keys").alias("key")), "key"
    )
    counts = pairs.groupBy("id", "order", "head").count()
    rank = Window.partitionBy("id").orderBy(F.desc("count"), "head")
    top = counts.withColumn("r", F.row_number().over(rank)).where(
        (F.col("r") <= CANDIDATES) & (F.col("head") != F.col("id"))
    )
    return [(r.id, r.order, r.head) for r in top.select("id", "order", "head").collect()]


def _looks(spark: Any, settled: Any, threshold: float) -> Any:
    """The stories (STORY_COLUMNS + INDEX_COLUMNS) after ``batch.second_look`` over all sets of
    blocks (``settled``: ``_second_phase``) (``looks.py``): the key join of lone articles' query keys
    against the keys of the groups under ``SMALL`` gives each article the stories it asks about
    (one collect), linked into sets (``looks.plan``). A set of up to ``SEQUENTIAL`` lone articles is
    looked at in one task as it is written; the larger ones go by ``looks.settle``'s rounds, each
    one job of units of at most ``UNIT`` articles with the rows they need, decisions collected, and
    each story they join is written in one task (its rows and its joiners'). The rest are written
    where they lie."""
    columns = f"{STORY_COLUMNS}, {INDEX_COLUMNS}"
    names = [c.split()[0] for c in columns.split(", ")]
    sc = spark.sparkContext
    sets, lone, asks, order = plan(_look_links(spark, settled))

    def decide(by_unit: dict[str, Unit]) -> dict[str, tuple[str | None, View | None]]:
        if not by_unit:
            return {}
        need_b, units_b = sc.broadcast(needs(by_unit)), sc.broadcast(by_unit)
        pieces = settled.flatMap(lambda kv: pieces_for(kv[1], need_b.value)).groupByKey()
        return dict(pieces.flatMap(lambda kv: decided(kv[1], units_b.value[kv[0]], threshold).items()).collect())

    changes, _ = settle(lone, asks, order, decide)
    sets_b = sc.broadcast(sets | change_sets(changes))
    changes_b = sc.broadcast(changes)

    def rows_of(part: Part) -> list[tuple[Any, ...]]:
        return [tuple(row[c] for c in names) for row in written(part, threshold)]

    out = settled.flatMap(lambda kv: rows_of(outside(kv[1], sets_b.value)))
    if sets_b.value:
        pieces = settled.flatMap(lambda kv: in_sets(kv[1], sets_b.value)).groupByKey()
        out = out.union(pieces.flatMap(lambda kv: rows_of(after_look(kv[0], list(kv[1]), changes_b.value, threshold))))
    return spark.createDataFrame(out, columns)


def _spread(
    spark: Any,
    clusterable: Any,
    dups: dict[str, tuple[str, float]],
    dates: dict[str, str | None],
    background: str,
    options: Options,
    caches: Caches,
    profile: Profile | None = None,
) -> tuple[Any, Any, int]:
    """(the clustered articles' and the copies' STORY_COLUMNS + INDEX_COLUMNS, ``cluster_df``, the
    document count) as Spark jobs, beyond ``LOCAL`` (``one_process`` below it): document
    frequencies, vectors, neighbourhoods and blocks in Spark, ``first_phase`` per block, then
    ``cross_block``. ``caches`` keeps the stories' cache; the steps' own are let go once it is filled."""
    from pyspark.sql import functions as F

    mark = (profile or Profile()).mark
    df_rows = clusterable.select(
        F.explode(F.array_distinct(F.concat(F.col("words")[0], F.col("specifics")[0]))).alias("t")
    )
    df_counts = df_rows.groupBy("t").count()
    mark("stories: df counts, n_docs")
    # one action for both: the document count rides along as the row of the null term
    docs = clusterable.groupBy().count().select(F.lit(None).cast("long").alias("t"), "count")
    df = {r[0]: r[1] for r in df_counts.unionByName(docs).collect()}
    n_docs = df.pop(None)
    mark("stories: vectors, neighbourhoods")
    df_b = spark.sparkContext.broadcast(df)
    dup_ids = set(dups)
    items = clusterable.rdd.map(_plain).filter(lambda r: r["id"] not in dup_ids)
    # the columns later steps read ride along from the same pass (a join back to the features was
    # two shuffles more)
    vecs = spark.createDataFrame(items.map(lambda r: _vector_row(r, df_b.value, n_docs, background)), VEC_COLUMNS)
    with Caches() as steps:  # vectors, neighbourhoods, blocks: let go once the stories are filled
        vecs = steps.keep(vecs)
        near = steps.keep(neighbourhoods(vecs, steps))
        mark("stories: links, blocks")
        block = components(links(near))
        mark("stories: per-block clustering")
        block_b = spark.sparkContext.broadcast(block)
        rows_of = near.groupBy(F.col("i").alias("id")).agg(
            F.collect_list("k").alias("near_k"), F.collect_list("v").alias("near_v")
        )
        placed = vecs.drop("blob").join(rows_of, "id")
        # an article in no block is a block of its own (its id is its key)
        by_block = placed.rdd.map(lambda r: (block_key(block_b.value, r.id), _plain(r))).groupByKey()
        # an RDD, not ``applyInPandas``: Spark starts Arrow UDF workers from a second Python daemon,
        # which cost ~9 s of imports on a loaded machine for a step that takes well under one
        parts = steps.keep(by_block.mapValues(lambda rows: first_phase(list(rows))))
        grouped = caches.keep(cross_block(spark, parts, options.story_threshold, profile, steps))
        # filled now: the two sides of a later join read it in two jobs at once, and each would run
        # its Python pass (the second look, every story's why)
        grouped.count()
    home = grouped.select(F.col("article").alias("original"), F.col("story").alias("s"), F.col("title").alias("t"))
    mark("stories: the rest of the plan")
    dup_rows = spark.createDataFrame(
        [(a, o, j, duplicate_why(dates.get(a), o, j)) for a, (o, j) in dups.items()],
        "article string, original string, score double, why string",
    )
    no_entry = [F.lit(None).cast(t).alias(c) for c, t in (x.split() for x in INDEX_COLUMNS.split(", "))]
    copies = dup_rows.join(home, "original").select(
        "article", F.col("s").alias("story"), "score", "why", F.col("t").alias("title"), *no_entry
    )
    cluster_df = df_counts.select(F.col("t").alias("term"), F.col("count").alias("df"))
    return grouped.unionByName(copies), cluster_df, n_docs


def stories(
    spark: Any, tagged: Any, options: Options, profile: Profile | None = None, caches: Caches | None = None
) -> tuple[Any, dict[str, tuple[str, float]], dict[str, Any], dict[str, str] | None]:
    """(stories DataFrame with STORY_COLUMNS + INDEX_COLUMNS, the near-duplicates, the rest of the
    clustering index as DataFrames: ``cluster_df``, ``cluster_meta``, ``minhash``, and up to
    ``LOCAL`` articles each clustered article's story, copies included: None beyond) for the job's
    rows (a DataFrame of ``tbl``, ``json``: the ``features`` rows extraction made, and the
    ``articles`` rows). ``caches`` keeps the caches those DataFrames read: the caller lets them go
    once they are written."""
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    from ..cluster.background import META_KEY, load
    from ..cluster.state import DOCS_KEY

    caches = caches or Caches()
    mark = (profile or Profile()).mark
    mark("stories: features")

    with Caches() as early:  # extraction's features and the site step's keys: let go once ``feats`` is filled
        made = early.keep(
            tagged.where(F.col("tbl") == "features")
            .select(F.from_json("json", _feature_schema()).alias("r"))
            .select("r.*")
        )
        bodies = tagged.where(F.col("tbl") == "articles").select(
            F.from_json("json", "id string, body string").alias("r")
        )
        bodies = bodies.select("r.id", "r.body")
        # copies are found on shingles, which the site discount leaves alone: before it, so the count
        # leaves them out as ``recluster`` leaves out the copies a store marks
        clusterable_made = made.where(F.col("unclustered").isNull())
        dups, dates = near_duplicates(spark, clusterable_made, bodies, options.dedup_threshold, profile)
        mark("stories: site boilerplate")
        feats = caches.keep(discounted(spark, made, tagged, set(dups), early))
        clusterable = feats.where(F.col("unclustered").isNull())
        # up to LOCAL originals, the rest of the story phase runs in this process (``one_process``):
        # one collect instead of ~60 small Spark jobs. A count first (it fills ``feats``' cache, which
        # the index and the unclustered rows read again; a ``limit`` collect filled it in several
        # jobs), then only the columns ``one_process`` reads (not the shingles, lines, signature)
        mark("stories: clusterable rows")
        n_clusterable = clusterable.count()
    background = str(options.story_background or "none")
    no_entry = [F.lit(None).cast(t).alias(c) for c, t in (x.split() for x in INDEX_COLUMNS.split(", "))]
    if n_clusterable - len(dups) <= LOCAL:
        held = [_plain(r) for r in clusterable.select("id", "names", *CARRIED).collect()]
        mark("stories: one process")
        made_rows, df, n_docs = one_process(held, set(dups), background, options.story_threshold)
        del held
        home = {r["article"]: (r["story"], r["title"]) for r in made_rows}
        names = [c.split()[0] for c in f"{STORY_COLUMNS}, {INDEX_COLUMNS}".split(", ")]
        copy_rows = [
            {
                "article": a,
                "story": home[o][0],
                "score": j,
                "why": duplicate_why(dates.get(a), o, j),
                "title": home[o][1],
            }
            for a, (o, j) in dups.items()
            if o in home
        ]
        # through broadcasts: as lists they were tasks of megabytes (``broadcast.frame_of``)
        grouped = frame_of(
            spark, [tuple(r.get(c) for c in names) for r in made_rows + copy_rows], f"{STORY_COLUMNS}, {INDEX_COLUMNS}"
        )
        cluster_df = frame_of(spark, sorted(df.items()), "term long, df long")
        members: dict[str, str] | None = {r["article"]: r["story"] for r in made_rows + copy_rows}
        mark("stories: the rest of the plan")
        out = grouped
    else:
        members = None
        out, cluster_df, n_docs = _spread(spark, clusterable, dups, dates, background, options, caches, profile)
    unclustered = feats.where(F.col("unclustered").isNotNull()).select(
        F.col("id").alias("article"),
        F.lit(None).cast(T.StringType()).alias("story"),
        F.lit(None).cast(T.DoubleType()).alias("score"),
        F.to_json(F.struct(F.col("unclustered"))).alias("why"),
        F.lit(None).cast(T.StringType()).alias("title"),
        *no_entry,
    )
    out = out.unionByName(unclustered)
    meta = [(DOCS_KEY, str(n_docs)), (META_KEY, load(background).name)]
    index = {
        "cluster_df": cluster_df,
        "cluster_meta": spark.createDataFrame(meta, "key string, value string"),
        "minhash": clusterable.where(F.col("sig").isNotNull()).select(
            F.col("id").alias("article"), F.unbase64("sig").alias("sig"), "bands"
        ),
    }
    return out, dups, index, members
