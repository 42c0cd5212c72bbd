"""What Spark's Python workers run: the same readers and extractors as ``storyline ingest``.

Plain functions over plain values (no pyspark import), so they are tested without a JVM. A
partition's articles are extracted in batches through ``extract_articles`` (one ``nlp.pipe`` per
batch); the spaCy model is loaded once per worker process (``load_nlp`` is cached and Spark reuses
its Python workers).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from typing import Any

from ..errors import InputError
from ..extractors.pipeline import AUTO_PROCESSES_FROM
from ..options import Options
from ..records import Article
from .rows import article_of, day_of, dumps, error_row, fact_rows

# (table, JSON row): "read" rows carry an article and the key that orders it among the inputs
Row = tuple[str, str]


def local_name(uri: str) -> str:
    """A path as the single-machine reader names it: ``file:/a/b`` -> ``/a/b``; other URIs unchanged."""
    return "/" + uri[len("file:") :].lstrip("/") if uri.startswith("file:") else uri


def read_file(uri: str, data: bytes | None, length: int, options: Options) -> Iterator[Row]:
    """Rows for one input file: ("read", article JSON with ``_order``) or ("errors", error JSON)."""
    from ..readers import parse_bytes

    source = local_name(uri)
    if data is None or length > options.max_bytes:
        error = InputError(
            source,
            f"too large: {length:,} bytes > max_bytes {options.max_bytes:,}",
            "raise max_bytes (STORYLINE_MAX_BYTES) or split the file",
        )
        yield "errors", dumps(error_row(error))
        return
    try:
        data = bytes(data)
        for n, item in enumerate(parse_bytes(data, source, options)):
            if isinstance(item, InputError):
                yield "errors", dumps(error_row(item, data))
            else:
                yield "read", dumps(item.to_dict() | {"_order": [source, n]})
    except InputError as exc:
        yield "errors", dumps(error_row(exc, data))
    except RecursionError as exc:
        yield "errors", dumps(error_row(InputError(source, f"too deeply nested to parse ({exc})")))


def wanted(uri: str, named: set[str]) -> bool:
    """False for a file a folder read passes over (hidden, README, LICENSE…) unless named itself."""
    from ..readers.sources import passed_over

    return local_name(uri) in named or not passed_over(os.path.basename(local_name(uri)))


def extract_partition(rows: Iterable[str], options: Options, version: str, features: bool = False) -> Iterator[Row]:
    """Fact rows for a partition's articles (JSON from ``read_file``), a batch of them per ``nlp.pipe``.

    A batch whose extraction fails is retried an article at a time; an article that fails alone
    becomes an ``errors`` row and the partition goes on. With ``features``, each article also
    gives a ``features`` row (what story clustering reads of it: ``storywork.feature_row``), made
    here while the worker is warm rather than in a pass of its own.
    """
    options = options.replace(n_process=1)
    size = max(1, min(options.batch_size, AUTO_PROCESSES_FROM - 1))  # never forks inside a Spark worker
    batch: list[Article] = []
    for text in rows:
        row = json.loads(text)
        row.pop("_order", None)
        batch.append(article_of(row))
        if len(batch) >= size:
            yield from _extract(batch, options, version, features)
            batch = []
    if batch:
        yield from _extract(batch, options, version, features)


def _extract(articles: list[Article], options: Options, version: str, features: bool = False) -> Iterator[Row]:
    from ..cluster.features import lede_events
    from ..extractors.pipeline import extract_articles
    from .storywork import feature_row

    if not options.extract:  # articles only, as ``storyline ingest`` stores them with extraction off
        for article in articles:
            yield "articles", dumps(article.to_dict() | {"day": day_of(article), "extract_version": None})
            if features:
                yield "features", dumps(feature_row(article))
        return

    try:
        done = extract_articles(articles, options)
    except Exception as exc:  # an errors row, never a failed job
        if len(articles) > 1:
            for article in articles:
                yield from _extract([article], options, version, features)
            return
        failed = articles[0]
        error = InputError(failed.source or failed.id, f"extraction failed ({type(exc).__name__}: {exc})")
        yield "errors", dumps(error_row(error))
        return
    for article, facts in zip(articles, done, strict=True):
        if facts.reference_date != article.reference_date:
            article = article.replace(
                reference_date=facts.reference_date, reference_estimated=facts.reference_estimated
            )
        yield from fact_rows(article, facts, version)
        if features:  # with its lede's events, as ``recluster`` reads them from the stored facts
            yield "features", dumps(feature_row(article, events=lede_events(article, facts)))


def order_key(row: dict[str, Any]) -> tuple[str, int]:
    source, n = row["_order"]
    return str(source), int(n)
