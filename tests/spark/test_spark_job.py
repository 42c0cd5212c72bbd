"""``storyline spark ingest`` in local[2] gives what ``storyline ingest`` (+ ``recluster``) gives."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from storyline.cluster.stories import recluster
from storyline.eval.ecb import b_cubed
from storyline.options import Options
from storyline.spark.rows import FACT_TABLES, article_of, facts_of
from storyline.store.sqlite import SQLiteStore

pytestmark = pytest.mark.spark


def _rows(out: Path, table: str) -> list[dict[str, Any]]:
    return pq.read_table(out / table).to_pylist()


def test_facts_and_articles_are_those_storyline_ingest_stores(demo_job: tuple[Path, Any], single: SQLiteStore) -> None:
    out, _ = demo_job
    articles = {r["id"]: r for r in _rows(out, "articles")}
    assert sorted(articles) == sorted(single.article_ids())
    by_article: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for table in FACT_TABLES:
        for r in _rows(out, table):
            by_article.setdefault(r["article"], {}).setdefault(table, []).append(r)
    for article_id, row in articles.items():
        assert facts_of(row, by_article.get(article_id, {})) == single.facts(article_id), article_id
        # the source names the same file (Spark gives it as an absolute path)
        mine, theirs = article_of(row), single.article(article_id)
        assert mine.replace(source=None) == theirs.replace(source=None)
        assert Path(mine.source or "").name.split(":")[0] == Path(theirs.source or "").name.split(":")[0]
    assert sum(len(v) for f in by_article.values() for v in f.values()) > 100  # facts were compared, not none


def test_tables_are_partitioned_by_publication_day(demo_job: tuple[Path, Any]) -> None:
    out, _ = demo_job
    days = {p.name for p in (out / "quotes").iterdir() if p.is_dir()}
    assert "day=2024-03-12" in days
    for r in _rows(out, "articles"):
        assert r["day"] == (r["published"] or None)


def test_bad_records_land_in_the_errors_table_and_the_rest_goes_on(
    demo_job: tuple[Path, Any], job_sources: list[str]
) -> None:
    out, _ = demo_job
    errors = {(Path(r["source"]).name, r["record"], r["offset"]): r["reason"] for r in _rows(out, "errors")}
    second_line = (Path(job_sources[1]) / "feed.jsonl").read_bytes().index(b"{not json")  # its byte offset
    assert "not valid JSON" in errors[("feed.jsonl:2", 2, second_line)]
    assert "empty" in errors[("empty.txt", None, None)]
    assert any((r["source"] or "").endswith("feed.jsonl:1") for r in _rows(out, "articles"))


def test_stories_are_recluster_s_stories_with_its_ids_and_why(demo_job: tuple[Path, Any], single: SQLiteStore) -> None:
    out, summary = demo_job
    rows = _rows(out, "stories")
    recluster(single, Options(db=":memory:"))
    ids = sorted(single.article_ids())
    theirs = {a: single.story_of(a) for a in ids}
    mine = {r["article"]: r["story"] for r in rows}
    assert b_cubed([theirs[a] or a for a in ids], [mine[a] or a for a in ids]) == pytest.approx((1.0, 1.0, 1.0))
    assert mine == theirs
    assert summary.counts["stories"] == len(set(theirs.values())) < len(ids)
    print("spark phases (s):", summary.seconds)
    for r in rows:
        score, why = single.story_why(r["article"])
        assert r["score"] == score
        assert json.loads(r["why"]) == why


def test_stories_made_in_one_task_are_those_of_the_distributed_pass(
    demo_job: tuple[Path, Any],
    spark: Any,
    demo_options: Options,
    job_sources: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Up to ``stories.LOCAL`` articles the story phase after the site-boilerplate step (document
    frequencies, vectors, neighbourhoods, links, blocks, the cross-block pass) runs in the driver's
    Python (``blockwise.one_process``), and the re-read's articles are found there; spread over
    Spark jobs (LOCAL = 0) every table is the same, row for row."""
    from storyline.spark import stories
    from storyline.spark.job import ingest

    monkeypatch.setattr(stories, "LOCAL", 0)
    ingest(spark, job_sources, str(tmp_path / "tables"), demo_options, partitions=2)

    def rows(out: Path, table: str) -> list[str]:
        return sorted(json.dumps(r, sort_keys=True, default=repr) for r in _rows(out, table))

    tables = ("stories", "story_index", "cluster_df", "cluster_meta", "minhash", "articles", *FACT_TABLES, "errors")
    for table in tables:
        assert rows(demo_job[0], table) == rows(tmp_path / "tables", table), table
    assert len(rows(demo_job[0], "stories")) > len(rows(demo_job[0], "story_index")) > 1  # stories of several


# Fictional reports: the first text comes twice, two texts share a URL, two have none.
SAME_TEXT = "Gullport council voted on Tuesday to build a second ferry pier, its chair said."
DEDUP_JSONL = "".join(
    json.dumps(r) + "\n"
    for r in (
        {"body": SAME_TEXT},
        {"body": "Harbour tolls in Gullport rise by a tenth from May, the port office said on Monday."},
        {"body": SAME_TEXT},
        {"body": "The Gullport ferry ran late on Friday after fog closed the bay.", "url": "https://gazette.test/a"},
        {
            "body": "Fog closed the bay at Gullport on Friday and the ferry ran two hours late.",
            "url": "https://gazette.test/a",
        },
    )
)


def test_one_article_per_text_and_per_url_is_kept_the_first_in_input_order(spark: Any, demo_options: Options) -> None:
    from storyline.spark.job import first_of_each
    from storyline.spark.work import read_file

    data = DEDUP_JSONL.encode()
    rows = list(read_file("file:/in/feed.jsonl", data, len(data), demo_options))
    assert [t for t, _ in rows] == ["read"] * 5
    kept = first_of_each(spark.createDataFrame(rows, "tbl string, json string")).collect()
    lines = sorted(json.loads(r.json)["_order"][1] for r in kept)
    assert lines == [0, 1, 3]  # the repeated text's first line, the line without URL, the URL's first line
    assert {r.src for r in kept} == {"/in/feed.jsonl"}
