"""Rows of the Spark job's tables, in plain Python (no pyspark here, so workers and tests share it).

Each table's columns are the fields of the record it holds (``records.py``, which follows the JSON
contract: docs/json-contract.md), plus ``day`` (the article's publication day, the partition
column). Rows travel between stages as JSON text; ``schema`` gives Spark the column types.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from collections.abc import Iterator
from typing import Any

from ..errors import InputError
from ..records import Article, Event, Facts, Figure, Mention, Quote, Record, TimeExpr

# table name -> the record each row holds
FACT_TABLES: dict[str, type[Record]] = {
    "mentions": Mention,
    "quotes": Quote,
    "figures": Figure,
    "dates": TimeExpr,
    "events": Event,
}
# columns the articles table adds to Article's fields
ARTICLE_EXTRA = {"day": str, "facts_warnings": tuple[str, ...], "extract_version": str}
# one table, not by day: ``record`` the WARC record / line / array item number the reader names in
# ``source``, ``offset`` its first byte in the file (``offsets.py``)
ERROR_COLUMNS = {"source": str, "record": int, "offset": int, "reason": str, "fix": str}


def columns(record: type[Record]) -> dict[str, Any]:
    """Field name -> type hint of ``record``."""
    hints = typing.get_type_hints(record)
    return {f.name: hints[f.name] for f in dataclasses.fields(record)}  # type: ignore[arg-type]


def table_columns(table: str) -> dict[str, Any]:
    if table == "articles":
        return {**columns(Article), **ARTICLE_EXTRA}
    if table == "errors":
        return dict(ERROR_COLUMNS)
    return {**columns(FACT_TABLES[table]), "day": str, "seq": int}


TABLES = ("articles", *FACT_TABLES, "errors")


def _plain(hint: Any) -> Any:
    """``str | None`` -> ``str``; other hints unchanged."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        return inner[0] if len(inner) == 1 else str
    return hint


def schema(table: str) -> Any:
    """The Spark ``StructType`` of ``table`` (every column nullable)."""
    from pyspark.sql import types as T

    atoms = {str: T.StringType(), int: T.LongType(), float: T.DoubleType(), bool: T.BooleanType()}

    def spark_type(hint: Any) -> Any:
        hint = _plain(hint)
        if typing.get_origin(hint) is tuple:
            return T.ArrayType(atoms[_plain(typing.get_args(hint)[0])])
        return atoms[hint]

    return T.StructType([T.StructField(name, spark_type(h), True) for name, h in table_columns(table).items()])


def day_of(article: Article) -> str | None:
    return article.published[:10] if article.published else None


def error_row(error: InputError, data: bytes | None = None) -> dict[str, Any]:
    """The ``errors`` row of ``error``; ``data``, the file's bytes, gives the byte offset."""
    from .offsets import byte_offset, part_of

    part = part_of(error.source)
    return {
        "source": error.source,
        "record": part[1] if part else None,
        "offset": byte_offset(data, *part) if part and data is not None else None,
        "reason": error.reason,
        "fix": error.fix,
    }


def fact_rows(article: Article, facts: Facts, version: str) -> Iterator[tuple[str, str]]:
    """(table, JSON row) for the article and each of its facts."""
    day = day_of(article)
    row = article.to_dict() | {"day": day, "facts_warnings": list(facts.warnings), "extract_version": version}
    yield "articles", dumps(row)
    for table, items in (
        ("mentions", facts.mentions),
        ("quotes", facts.quotes),
        ("figures", facts.figures),
        ("dates", facts.dates),
        ("events", facts.events),
    ):
        for seq, item in enumerate(items):  # seq: the order extraction gave, which Parquet does not keep
            yield table, dumps(item.to_dict() | {"day": day, "seq": seq})


def dumps(row: dict[str, Any]) -> str:
    return json.dumps(row, ensure_ascii=False, separators=(",", ":"))


def article_of(row: dict[str, Any]) -> Article:
    """The Article a row of the articles table (or its JSON) holds."""
    return Article.from_dict({k: v for k, v in row.items() if k not in ARTICLE_EXTRA})


def facts_of(article: dict[str, Any], tables: dict[str, list[dict[str, Any]]]) -> Facts:
    """The Facts of one article from its rows in each fact table."""
    found = {
        name: tuple(
            record.from_dict({k: v for k, v in r.items() if k not in ("day", "seq")})
            for r in sorted(tables.get(name, ()), key=lambda r: r.get("seq") or 0)
        )
        for name, record in FACT_TABLES.items()
    }
    return Facts(
        article=article["id"],
        mentions=found["mentions"],  # type: ignore[arg-type]
        quotes=found["quotes"],  # type: ignore[arg-type]
        figures=found["figures"],  # type: ignore[arg-type]
        dates=found["dates"],  # type: ignore[arg-type]
        events=found["events"],  # type: ignore[arg-type]
        reference_date=article.get("reference_date"),
        reference_estimated=bool(article.get("reference_estimated")),
        warnings=tuple(article.get("facts_warnings") or ()),
    )
