"""Spark's stories read past the lines a site repeats, as ``recluster`` does (issue #14 item 3).

The sites and posts are FICTIONAL (tests/cluster/site_corpus.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from storyline.cluster.stories import recluster
from storyline.options import Options
from storyline.readers import read_sources
from storyline.records import Article
from storyline.spark.rows import dumps
from storyline.spark.stories import stories
from storyline.spark.storywork import feature_row
from storyline.store.sqlite import SQLiteStore

pytestmark = pytest.mark.spark


def _site_corpus() -> ModuleType:
    path = Path(__file__).parents[1] / "cluster" / "site_corpus.py"
    spec = importlib.util.spec_from_file_location("site_corpus", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pages(tmp_path: Path) -> list[str]:
    paths = []
    for name, text in _site_corpus().PAGES.items():
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
        paths.append(str(tmp_path / f"{name}.txt"))
    return paths


def test_posts_of_one_site_stay_apart_on_spark_as_in_recluster(spark: Any, tmp_path: Path) -> None:
    corpus = _site_corpus()
    paths = _pages(tmp_path)
    options = Options(db=str(tmp_path / "s.db"), extract=False)
    articles = [a for a in read_sources(paths, options) if isinstance(a, Article)]
    name_of = {a.id: Path(a.source or "").stem for a in articles}
    # the job's rows: each article, and the features extraction made of it (no discount yet)
    rows = [(t, dumps(r)) for a in articles for t, r in (("articles", a.to_dict()), ("features", feature_row(a)))]
    found, _, _, _ = stories(spark, spark.createDataFrame(rows, "tbl string, json string"), options)
    mine = {r["article"]: r["story"] for r in found.collect()}
    by_story: dict[str, set[str]] = {}
    for a, s in mine.items():
        by_story.setdefault(s, set()).add(corpus.gold(name_of[a]))
    assert sorted(len(g) for g in by_story.values()) == [1] * len(by_story)  # one event a story
    assert len(by_story) == len({corpus.gold(n) for n in name_of.values()})  # and the two-site one joined
    single = SQLiteStore(options.db)
    for a in articles:
        single.add_article(a)
    recluster(single, options)
    assert mine == {a.id: single.story_of(a.id) for a in articles}
    single.close()


# what ``recluster`` rebuilds: the site line counts and the clustering index (test_spark_load's tables)
REBUILT_SQL = {
    "site_lines": "SELECT key, first, second FROM site_lines",
    "story_state": "SELECT story, n, terms, weights, first, last FROM story_state",
    "story_keys": "SELECT key, story FROM story_keys",
    "cluster_df": "SELECT term, df FROM cluster_df",
    "members": "SELECT article, story FROM story_articles",
}


def test_load_leaves_the_site_lines_and_index_that_recluster_leaves(spark: Any, tmp_path: Path) -> None:
    from storyline.spark.job import ingest
    from storyline.spark.load import load

    options = Options(db=str(tmp_path / "s.db"), extract=False)
    out = tmp_path / "tables"
    ingest(spark, _pages(tmp_path), str(out), options, partitions=2)
    store = SQLiteStore(options.db)
    load(str(out), store)

    def rebuilt() -> dict[str, list[tuple[Any, ...]]]:
        return {name: sorted(tuple(r) for r in store.db.execute(sql)) for name, sql in REBUILT_SQL.items()}

    loaded = rebuilt()
    assert any(second for _, _, second in loaded["site_lines"])  # the sites' repeated lines are there
    recluster(store, options)
    again = rebuilt()
    store.close()
    for name in REBUILT_SQL:
        assert loaded[name] == again[name], name
