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
