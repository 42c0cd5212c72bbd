"""``storyline spark load`` puts the Spark job's tables into a store that serves what ingest's does."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from storyline.cli import main
from storyline.store import open_store

pytestmark = pytest.mark.spark

PG_URLS = (
    [os.environ["STORYLINE_TEST_PG"]]
    if os.environ.get("STORYLINE_TEST_PG")
    else ["postgresql://postgres@127.0.0.1:5432/test", "postgresql://root@127.0.0.1:5432/test"]
)


@pytest.fixture
def pg_store_url() -> Iterator[str]:
    """A fresh schema on the local PostgreSQL (as tests/store/conftest.py makes them)."""
    import psycopg

    for base in PG_URLS:
        try:
            admin = psycopg.connect(base, autocommit=True, connect_timeout=5)
            break
        except psycopg.OperationalError:
            continue
    else:
        pytest.fail("no PostgreSQL server for the postgres-marked tests (scripts/test deselects them)")
    schema = f"storyline_test_{uuid.uuid4().hex[:12]}"
    admin.execute(f'CREATE SCHEMA "{schema}"')
    yield f"{base}?options=-csearch_path%3D{schema}"
    admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
    admin.close()


def _check_loaded(url: str, out: Path) -> None:
    import pyarrow.parquet as pq

    stories = pq.read_table(out / "stories").to_pylist()
    with open_store(url) as store:
        assert sorted(store.article_ids()) == sorted(r["id"] for r in pq.read_table(out / "articles").to_pylist())
        for r in stories:
            if r["story"]:
                assert store.story_of(r["article"]) == r["story"]
                assert store.story_why(r["article"])[0] == r["score"]
        quotes = pq.read_table(out / "quotes").to_pylist()
        one = quotes[0]
        facts = store.facts(one["article"])
        assert facts is not None and one["id"] in {q.id for q in facts.quotes}
        assert store.entity_keys(one["article"])  # the entity index was filled too
        loaded = {r["story"] for r in stories if r["story"]}
        assert set(store.story_states(sorted(loaded))) == loaded  # and the clustering index
    result = CliRunner().invoke(main, ["--db", url, "stories"])
    assert result.exit_code == 0 and "Kessel" in result.output
    result = CliRunner().invoke(main, ["--db", url, "articles", "-q", "Kessel"])
    assert result.exit_code == 0 and "Kessel" in result.output


@pytest.mark.postgres
def test_load_into_postgresql_with_copy(demo_job: tuple[Path, Any], pg_store_url: str) -> None:
    out, _ = demo_job
    result = CliRunner().invoke(main, ["spark", "load", str(out), "--db", pg_store_url])
    assert result.exit_code == 0, result.output
    _check_loaded(pg_store_url, out)


def test_load_into_sqlite(demo_job: tuple[Path, Any], tmp_path: Path) -> None:
    out, _ = demo_job
    url = str(tmp_path / "s.db")
    result = CliRunner().invoke(main, ["spark", "load", str(out), "--db", url])
    assert result.exit_code == 0, result.output
    _check_loaded(url, out)


# the clustering index, table by table, as ``recluster`` leaves it
INDEX_SQL = {
    "cluster_df": "SELECT term, df FROM cluster_df",
    "story_state": "SELECT story, n, terms, weights, first, last FROM story_state",
    "story_keys": "SELECT key, story FROM story_keys",
    "minhash": "SELECT article, sig FROM minhash",
    "minhash_bands": "SELECT key, article FROM minhash_bands",
    "meta": "SELECT key, value FROM meta WHERE key IN ('cluster_docs', 'cluster_background')",
}


def _index(db: Any) -> dict[str, list[tuple[Any, ...]]]:
    return {name: sorted(tuple(r) for r in db.execute(sql)) for name, sql in INDEX_SQL.items()}


def test_load_gives_the_clustering_index_that_recluster_leaves(
    demo_job: tuple[Path, Any], single: Any, tmp_path: Path
) -> None:
    from storyline.cluster.stories import recluster
    from storyline.options import Options

    out, _ = demo_job
    url = str(tmp_path / "s.db")
    result = CliRunner().invoke(main, ["spark", "load", str(out), "--db", url])
    assert result.exit_code == 0, result.output
    assert "run: storyline recluster" not in result.output
    recluster(single, Options(db=":memory:"))
    theirs = _index(single.db)
    assert all(theirs[t] for t in INDEX_SQL)  # something to compare in every table
    with open_store(url) as store:
        mine = _index(store.db)  # type: ignore[attr-defined]
    for table in INDEX_SQL:
        assert mine[table] == theirs[table], table


def test_ingest_after_load_puts_a_copy_into_the_loaded_story(demo_job: tuple[Path, Any], tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    out, _ = demo_job
    url = str(tmp_path / "s.db")
    assert CliRunner().invoke(main, ["spark", "load", str(out), "--db", url]).exit_code == 0
    members: dict[str, list[str]] = {}
    for r in pq.read_table(out / "stories").to_pylist():
        if r["story"]:
            members.setdefault(r["story"], []).append(r["article"])
    story = max(members, key=lambda s: (len(members[s]), s))
    with open_store(url) as store:
        before = set(store.article_ids())
        original = store.article(sorted(members[story])[0])
    copy = tmp_path / "copy.txt"  # the loaded report again, one fictional sentence added
    copy.write_text(original.body + "\n\nA spokesperson said more would follow on Friday.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--db", url, "ingest", str(copy)])
    assert result.exit_code == 0, result.output
    with open_store(url) as store:
        (new,) = set(store.article_ids()) - before
        assert store.story_of(new) == story  # found through the loaded blocking keys and centroids
        assert store.story_why(new)[1]["duplicate_of"] == original.id  # and the loaded MinHash index


def test_load_without_an_index_prints_the_one_command_to_run(demo_job: tuple[Path, Any], tmp_path: Path) -> None:
    import shutil

    from storyline.spark.load import INDEX_TABLES

    out, _ = demo_job
    older = tmp_path / "tables"  # as a job with --no-stories (or from before the index) leaves it
    shutil.copytree(out, older, ignore=lambda folder, names: [n for n in names if n in INDEX_TABLES])
    result = CliRunner().invoke(main, ["spark", "load", str(older), "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 0, result.output
    assert "index 0" in result.output and "run: storyline recluster" in result.output
