"""A job leaves no cache behind in the session that ran it (issue #19): a notebook, or ``ingest``
called again from Python, would otherwise keep every run's cached DataFrames and RDDs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from storyline.options import Options

pytestmark = pytest.mark.spark


def _persisted(spark: Any) -> set[int]:
    """Ids of the RDDs the session keeps persisted (a cached DataFrame is one once filled)."""
    return set(spark.sparkContext._jsc.getPersistentRDDs().keySet().toArray())


@pytest.mark.parametrize(
    ("local", "extract"),
    [
        (0, True),  # spread over Spark jobs: vectors, neighbourhoods, blocks, the re-read's rows
        (None, False),  # in one process, nothing read again: the final rows are extraction's own
    ],
)
def test_a_job_releases_every_cache_it_made(
    spark: Any,
    job_sources: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    local: int | None,
    extract: bool,
) -> None:
    from storyline.spark import stories
    from storyline.spark.job import ingest

    if local is not None:
        monkeypatch.setattr(stories, "LOCAL", local)
    spark.catalog.clearCache()  # what other tests' steps left in the shared session
    before = _persisted(spark)
    summary = ingest(spark, job_sources, str(tmp_path / "tables"), Options(db=":memory:", extract=extract), 2)
    assert summary.counts["stories"] > 1  # the story steps ran
    assert _persisted(spark) - before == set()
    assert spark._jsparkSession.sharedState().cacheManager().isEmpty()
