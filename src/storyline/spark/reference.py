"""After stories: an undated article is read again against its story's latest publication date,
as ``storyline ingest`` does after each batch (``api._reference_from_story``)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ..options import Options
from .rows import article_of, fact_rows
from .work import Row


def redo(article_json: str, latest: str, options: Options, version: str) -> Iterator[Row]:
    """Fact rows for one undated article re-read with ``latest`` as its estimated reference date;
    nothing when its text states a full date or the reference would not change."""
    from ..extractors.dates import states_full_date
    from ..extractors.pipeline import extract_articles

    row = json.loads(article_json)
    article = article_of(row)
    if article.published or states_full_date(article) or latest == article.reference_date:
        return
    estimate = article.replace(reference_date=latest, reference_estimated=True)
    facts = extract_articles([estimate], options.replace(n_process=1))[0]
    updated = article.replace(reference_date=facts.reference_date, reference_estimated=True)
    yield from fact_rows(updated, facts, version)


def redone(spark: Any, tagged: Any, stories: Any, options: Options, version: str) -> Any:
    """An RDD of ``Row`` for every article whose facts change with its story's reference date
    (``tagged``: the job's rows, ``tbl``, ``aid``, ``json``)."""
    from pyspark.sql import functions as F

    arts = tagged.where(F.col("tbl") == "articles").select(
        F.col("aid").alias("id"), F.get_json_object("json", "$.published").alias("published"), "json"
    )
    members = stories.where(F.col("story").isNotNull()).select(F.col("article").alias("id"), "story")
    latest = members.join(arts, "id").groupBy("story").agg(F.max("published").alias("latest"))
    undated = arts.where(F.col("published").isNull()).join(members, "id").join(latest, "story")
    todo = undated.where(F.col("latest").isNotNull()).select("json", "latest")
    return todo.rdd.flatMap(lambda r: list(redo(r.json, r.latest, options, version)))
