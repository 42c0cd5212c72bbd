"""The story functions Spark's workers run, checked against the single-machine clusterer without a JVM."""

from __future__ import annotations

from collections import Counter

from storyline.cluster import dedup
from storyline.cluster.background import combine, load
from storyline.cluster.batch import Item, cluster
from storyline.cluster.packed import Packed
from storyline.cluster.vectors import weigh
from storyline.demo import demo_corpus
from storyline.options import Options
from storyline.readers import read_sources
from storyline.records import Article
from storyline.spark.stories import components
from storyline.spark.storywork import article_row, cluster_block, features_of, originals, vector


def _demo() -> list[Article]:
    return [a for a in read_sources([str(demo_corpus())], Options()) if isinstance(a, Article)]


def test_cluster_block_on_a_whole_collection_gives_batch_cluster_groups_and_recluster_ids() -> None:
    rows = [r for r in (article_row(a) for a in _demo()) if r["unclustered"] is None]
    df: dict[int, int] = {}
    for r in rows:
        for t in set(r["words"][0]) | set(r["specifics"][0]):
            df[t] = df.get(t, 0) + 1
    vecs = [vector(r, df, len(rows), "builtin") | r for r in rows]
    got = cluster_block(list(reversed(vecs)), 0.3)  # the block's order is restored from ``order``
    weights, n = combine(df, len(rows), load("builtin"))
    ordered = sorted(rows, key=lambda r: r["order"])
    items = [
        Item(r["id"], Packed.of(weigh(features_of(r), weights, n)), r["date"], frozenset(r["years"])) for r in ordered
    ]
    want = {m: "s-" + g[0] for g in cluster(items, 0.3) for m in g}
    assert {r["article"]: r["story"] for r in got} == want
    assert len(set(want.values())) < len(want)  # some story holds several reports: the check can fail
    firsts = [r for r in got if r["story"] == "s-" + r["article"]]
    assert all('"new_story": true' in r["why"] for r in firsts)


def test_originals_follow_a_copy_of_a_copy_to_the_first_and_prefer_the_closest_copy() -> None:
    order = {"a": "2024-01-01\ta", "b": "2024-01-02\tb", "c": "2024-01-03\tc"}
    found = originals([("b", "a", 0.9), ("c", "b", 0.95), ("a", "c", 0.7)], order)
    assert found == {"b": ("a", 0.9), "c": ("a", 0.95)}


def test_components_join_chains_and_keep_apart_the_rest() -> None:
    got = components([("b", "a"), ("c", "d"), ("d", "b"), ("x", "y")])
    assert got["a"] == got["b"] == got["c"] == got["d"] != got["x"] == got["y"]


def test_shingles_hashed_for_minhash_keep_the_body_shingle_count() -> None:
    body = "The harbor council voted on Tuesday to approve a new ferry line between Gullport and the islands."
    row = article_row(Article(id="x", body=body, content_hash="h"))
    assert len(row["shingles"]) == len(dedup.shingles(body))


def test_blocks_of_linked_neighbourhoods_cluster_as_the_whole_collection_does() -> None:
    """Each connected set of neighbourhood overlaps ≥ LINK_THRESHOLD, clustered alone with the
    collection's neighbourhoods, gives the groups ``cluster`` gives on the whole collection
    (``spark/blockwise.py`` runs the job's blocking in one process)."""
    from storyline.spark.blockwise import compare

    found = compare(_demo(), 0.3)
    assert len(found.sizes) > 1  # the demo splits into blocks: the check can fail
    assert found.blocks == found.whole


def test_scoring_a_pool_in_runs_gives_the_pairwise_cosines_of_the_demo_vectors() -> None:
    from storyline.cluster.graph import NEIGHBOUR_FLOOR
    from storyline.cluster.packed import Packed
    from storyline.spark.blocks import scores
    from storyline.spark.storywork import similarity

    rows = [article_row(a) for a in _demo()]
    rows = [r for r in rows if r["unclustered"] is None]
    df = Counter(t for r in rows for t in set(r["words"][0]) | set(r["specifics"][0]))
    vecs = [vector(r, df, len(rows), "builtin") for r in rows]
    # every ordered pair, grouped by the first article as the pool arrives, one run split in two
    pairs = [(a, b) for a in vecs for b in vecs]
    pairs = pairs[len(vecs) + 2 :] + pairs[: len(vecs) + 2]
    # the job's rows carry each vector as ``Packed.blob`` bytes
    pool = [
        (a["id"], b["id"], b["id"], Packed.blob(a["terms"], a["weights"]), Packed.blob(b["terms"], b["weights"]))
        for a, b in pairs
    ]
    want = [
        (a["id"], b["id"], b["id"], similarity(a["terms"], a["weights"], b["terms"], b["weights"])) for a, b in pairs
    ]
    assert list(scores(pool)) == [w for w in want if w[3] >= NEIGHBOUR_FLOOR]
    assert any(w[3] < NEIGHBOUR_FLOOR for w in want) and any(w[0] != w[1] and w[3] >= NEIGHBOUR_FLOOR for w in want)


def test_block_keys_sort_together_as_a_spilling_group_by_key_sorts_them() -> None:
    """pyspark's groupByKey sorts its keys when it spills to disk (2,000 reports did): block
    numbers and lone articles' ids must be of one type."""
    from storyline.spark.blockwise import block_key

    blocks = {"a1": 0, "b2": 7}
    keys = [block_key(blocks, a) for a in ("a1", "b2", "c3", "d4")]
    assert sorted(keys) == sorted(set(keys)) and len(set(keys)) == 4
    assert block_key(blocks, "a1") != block_key({"a1": 7}, "a1")


def test_overlaps_over_an_inverted_index_are_the_pairwise_overlaps_of_the_demo_neighbourhoods() -> None:
    """``blockwise.overlaps`` (the links of the one-process story phase) finds the pairs the
    pairwise products find, on the demo's neighbourhoods and at a threshold that cuts some."""
    from storyline.cluster.graph import LINK_THRESHOLD, neighbourhoods
    from storyline.spark.blockwise import overlaps, vectors

    _, items = vectors(list(_demo()))
    near = neighbourhoods(items)

    def pairwise(threshold: float) -> list[tuple[int, int]]:
        n = len(near)
        return [
            (a, b)
            for a in range(n)
            for b in range(a + 1, n)
            if sum(v * near[b].get(k, 0.0) for k, v in near[a].items()) >= threshold
        ]

    for threshold in (LINK_THRESHOLD, 0.3):
        assert overlaps(near, threshold) == pairwise(threshold)
    assert 0 < len(pairwise(0.3)) < len(pairwise(LINK_THRESHOLD))  # both cut, differently: the check can fail
