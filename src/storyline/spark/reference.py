"""After stories: an undated article is read again against its story's latest publication date,
as ``storyline ingest`` does after each batch (``api._reference_from_story``)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
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


def reread(
    spark: Any, tagged: Any, members: Mapping[str, str], options: Options, version: str
) -> tuple[list[tuple[str, str]], set[str]]:
    """``redone`` for a collection the driver holds the stories of (``members``: article -> story,
    copies included): each story's latest publication date found here, the re-read rows collected
    (a few hundred articles' facts at most at ``stories.LOCAL``), and the articles they replace.
    The same rows as ``redone``, without its joins' Spark jobs."""
    from pyspark.sql import functions as F

    arts = tagged.where(F.col("tbl") == "articles")
    published = dict(arts.select("aid", F.get_json_object("json", "$.published")).collect())
    latest: dict[str, str] = {}
    for a, s in members.items():
        p = published.get(a)
        if p is not None and (s not in latest or p > latest[s]):
            latest[s] = p
    todo = {a: latest[s] for a, s in members.items() if a in published and published[a] is None and s in latest}
    if not todo:
        return [], set()
    todo_b = spark.sparkContext.broadcast(todo)
    asked = arts.where(F.col("aid").isin(sorted(todo))).select("aid", "json").rdd

    def rows(r: Any) -> list[tuple[str, str, str]]:
        return [(r.aid, t, j) for t, j in redo(r.json, todo_b.value[r.aid], options, version)]

    found = asked.flatMap(rows).collect()
    return [(t, j) for _, t, j in found], {a for a, _, _ in found}
