"""Stories block by block against the whole collection on a small "week of news" mix (``eval.mix``).

``refine``'s second look (``join_dated``, ``_absorb``) compares groups across the whole collection on
one machine and within a block on Spark (docs/spark.md). On the mixes measured (benchmarks/
bench_spark_mix.py) that changed no story; these tests would see it the day it does: one without a
JVM (``spark/blockwise.py``), one through the Spark job against ``ingest`` + ``recluster`` (``-m slow``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from storyline.options import Options

SEED = 1
DISTRACTORS = 30  # a small mix: ~75 reports of the dev topics, the demo and 30 PolNeAR reports


def _mix() -> list[Any]:
    from storyline.eval import mix

    return mix.build(SEED, mix.EVAL, mix.halves()["dev"], distractors=DISTRACTORS)


def _members(story_of: dict[str, str]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for a, s in story_of.items():
        groups.setdefault(s, set()).add(a)
    return {frozenset(g) for g in groups.values()}


@pytest.mark.shared
def test_a_small_mix_clusters_block_by_block_as_the_whole_collection() -> None:
    from storyline.spark.blockwise import compare

    options = Options()
    got = compare([r.article for r in _mix()], options.story_threshold, options.story_background)
    # the mix falls into several blocks, and stories of several articles lie in more than one of
    # them: blocking has something to change, so the check can fail
    stories = [g for g in _members(got.whole) if len(g) > 1]
    assert len(stories) > 5
    assert len({got.block[next(iter(g))] for g in stories}) > 2
    assert got.differ() == []


@pytest.mark.shared
@pytest.mark.xfail(
    strict=True, reason="no cross-block pass (docs/spark.md): a lone article joins another block's story"
)
def test_a_small_dated_mix_clusters_block_by_block_as_the_whole_collection() -> None:
    """The one difference found: the same mix spread over a made-up week (``mix.week_dates``), where
    on the whole collection ``_absorb`` moves a PolNeAR report with no neighbourhood link (a block
    of its own) into a story of 19 PolNeAR reports. (Written as JSONL and read back, the articles
    differ slightly and the case does not arise: there Spark equals ``recluster``.) Strict: the day
    a cross-block pass lands this passes, pytest reports that, and the marker goes."""
    from storyline.eval import mix
    from storyline.spark.blockwise import compare

    reports = _mix()
    dated = [r.article.replace(published=d) for r, d in zip(reports, mix.week_dates(reports, SEED), strict=True)]
    got = compare(dated, Options().story_threshold)
    assert got.moves_across == 0
    assert got.differ() == []


@pytest.mark.slow  # a second Spark job: 300 s at load average 20 (the no-JVM check above runs by default)
@pytest.mark.spark
@pytest.mark.shared
def test_spark_gives_recluster_stories_on_a_small_mix(spark: Any, tmp_path: Path) -> None:
    from storyline import api
    from storyline.cluster.stories import recluster
    from storyline.spark.job import ingest
    from storyline.spark.load import dataset
    from storyline.store.sqlite import SQLiteStore

    path = tmp_path / "mix.jsonl"
    path.write_text("".join(json.dumps({"body": r.article.body}) + "\n" for r in _mix()), encoding="utf-8")
    options = Options(db=":memory:", extract=False)
    store = SQLiteStore(":memory:")
    api.ingest([str(path)], store=store, options=options.replace(cluster=False))
    recluster(store, options)
    single = {a: store.story_of(a) or a for a in store.article_ids()}
    ingest(spark, [str(path)], str(tmp_path / "out"), options, partitions=2)
    rows = dataset(str(tmp_path / "out"), "stories").to_table(columns=["article", "story"]).to_pylist()
    on_spark = {r["article"]: r["story"] or r["article"] for r in rows}
    assert sum(1 for g in _members(single) if len(g) > 1) > 5  # stories of several reports to get wrong
    assert on_spark == single
