"""Export the stories: the JSON contract, or one CSV / Parquet table per fact kind."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import IO, Any

from . import api
from .errors import ModelMissingError, UsageError, install_hint
from .options import Options
from .records import Story
from .store import Store


def export_stories(
    store: Store, fmt: str, output: str | None, options: Options, stdout: IO[str] | None = None
) -> list[Path]:
    """Write the export; returns the files written (none when JSON goes to ``stdout``)."""
    stories = api.stories(store, options, unclustered=True)
    if fmt == "json":
        text = json.dumps({"stories": [s.to_dict() for s in stories]}, ensure_ascii=False, indent=2)
        if output is None and stdout is not None:
            stdout.write(text + "\n")
            return []
        path = Path(output or "export.json")
        path.write_text(text + "\n", encoding="utf-8")
        return [path]
    if fmt not in ("csv", "parquet"):
        raise UsageError(f"unknown export format {fmt!r}: use json, csv or parquet")
    tables = fact_tables(stories)
    folder = Path(output or "export")
    folder.mkdir(parents=True, exist_ok=True)
    return [_write_table(folder / f"{kind}.{fmt}", rows, fmt) for kind, rows in tables.items()]


def fact_tables(stories: list[Story]) -> dict[str, list[dict[str, Any]]]:
    """One table per fact kind, each row tagged with its story id."""
    from .present.tables import fact_rows

    tables: dict[str, list[dict[str, Any]]] = {}
    for story in stories:
        for kind, rows in fact_rows(story).items():
            tables.setdefault(kind, []).extend({"story": story.id, **row} for row in rows)
    return tables


def _flat(value: Any) -> Any:
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def _write_table(path: Path, rows: list[dict[str, Any]], fmt: str) -> Path:
    columns: list[str] = []
    for row in rows:
        columns.extend(k for k in row if k not in columns)
    if fmt == "csv":
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=columns)
            writer.writeheader()
            writer.writerows({k: _flat(v) for k, v in row.items()} for row in rows)
        return path
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise ModelMissingError(f"Parquet export needs pyarrow: {install_hint('parquet')}") from exc
    table = pa.table({c: [_flat(r.get(c)) for r in rows] for c in columns}) if columns else pa.table({})
    pq.write_table(table, path)
    return path
