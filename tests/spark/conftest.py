"""Spark tests run one job in local[2] on the demo corpus and share it (a JVM start costs ~30 s).

They carry the ``spark`` marker and skip with one line where pyspark or Java is missing.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from storyline.demo import demo_corpus
from storyline.options import Options
from storyline.spark.session import java
from storyline.store.sqlite import SQLiteStore


def spark_missing() -> str | None:
    if importlib.util.find_spec("pyspark") is None:
        return "pyspark is not installed (pip install -e '.[spark]')"
    if java() is None:
        return "Java is not installed (Spark needs Java 17 or 21)"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    why = spark_missing()
    for item in items:
        if "spark" in item.keywords and why:
            item.add_marker(pytest.mark.skip(reason=why))


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    from storyline.spark.session import session

    s = session("local[2]", partitions=2)
    yield s
    s.stop()


@pytest.fixture(scope="session")
def demo_options() -> Options:
    return Options(db=":memory:")


# Fictional inputs, broken on purpose: one good JSONL line then one that is not JSON.
BAD_JSONL = (
    '{"body": "Gullport council voted on Tuesday to build a second ferry pier, its chair said.", '
    '"published": "2021-04-06", "outlet": "Gullport Gazette"}\n{not json\n'
)


@pytest.fixture(scope="session")
def job_sources(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    bad = tmp_path_factory.mktemp("bad")
    (bad / "feed.jsonl").write_text(BAD_JSONL, encoding="utf-8")
    (bad / "empty.txt").write_bytes(b"   \n")
    return [str(demo_corpus()), str(bad)]


@pytest.fixture(scope="session")
def single(job_sources: list[str], demo_options: Options) -> SQLiteStore:
    """The same sources through ``storyline ingest`` on one machine."""
    from storyline import api

    store = SQLiteStore(":memory:")
    api.ingest(job_sources, store=store, options=demo_options)
    return store


@pytest.fixture(scope="session")
def demo_job(
    spark: Any, tmp_path_factory: pytest.TempPathFactory, demo_options: Options, job_sources: list[str]
) -> tuple[Path, Any]:
    """The demo corpus and two broken inputs through ``storyline spark ingest`` (tables under the folder)."""
    from storyline.spark.job import ingest

    out = tmp_path_factory.mktemp("spark") / "tables"
    summary = ingest(spark, job_sources, str(out), demo_options, partitions=2)
    return out, summary
