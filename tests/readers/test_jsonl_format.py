"""JSON Lines input (all records fictional)."""

from __future__ import annotations

import json
from pathlib import Path

from ingest_helpers import PAGE, articles, errors, read_all

from storyline.readers.jsonl import FIELDS


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_each_line_is_one_article_with_its_fields(tmp_path: Path) -> None:
    record = {
        "body": "WASHINGTON (AP) — The council met on Tuesday.",
        "title": "Council meets",
        "outlet": "Gullport Gazette",
        "published": "2021-04-02T10:00:00Z",
        "url": "https://gazette.example/c",
        "author": "Mira Tolland",
    }
    path = _write(tmp_path / "a.jsonl", [json.dumps(record), "", json.dumps({"text": "The library reopened."})])
    first, second = read_all([path])
    assert not isinstance(first, Exception) and not isinstance(second, Exception)
    assert (first.body, first.title, first.outlet, first.published, first.url, first.author, first.dateline) == (
        "The council met on Tuesday.",
        "Council meets",
        "Gullport Gazette",
        "2021-04-02",
        "https://gazette.example/c",
        "Mira Tolland",
        "Washington",
    )
    assert (first.source, second.source, first.format) == (f"{path}:1", f"{path}:3", "jsonl")


def test_bad_lines_are_input_errors_and_good_lines_are_read(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "mixed.jsonl",
        [
            json.dumps({"body": "The council met on Tuesday."}),
            '{"body": "cut off',
            "[1, 2]",
            json.dumps({"title": "No text"}),
            json.dumps({"body": 42}),
            json.dumps({"body": "The library reopened on Saturday."}),
        ],
    )
    items = read_all([path])
    assert [a.body for a in articles(items)] == ["The council met on Tuesday.", "The library reopened on Saturday."]
    failed = {e.source: e.reason for e in errors(items)}
    assert list(failed) == [f"{path}:2", f"{path}:3", f"{path}:4", f"{path}:5"]
    assert "not valid JSON" in failed[f"{path}:2"]
    assert "not an object" in failed[f"{path}:3"]
    assert "no text" in failed[f"{path}:4"]
    assert "must be a string" in failed[f"{path}:5"]


def test_html_field_is_extracted_and_the_object_fields_win(tmp_path: Path) -> None:
    path = _write(tmp_path / "h.jsonl", [json.dumps({"html": PAGE, "outlet": "Gazette Wire"})])
    [article] = read_all([path])
    assert not isinstance(article, Exception)
    assert article.outlet == "Gazette Wire"
    assert article.title == "Harbor council approves ferry line"
    assert article.body.startswith("The harbor council voted")


def test_json_array_file_works_too(tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    path.write_text(json.dumps([{"body": "One story here."}, {"content": "Another story here."}]), encoding="utf-8")
    assert [a.body for a in articles(read_all([path]))] == ["One story here.", "Another story here."]


def test_unreadable_date_is_a_warning_not_a_guess(tmp_path: Path) -> None:
    path = _write(tmp_path / "d.jsonl", [json.dumps({"body": "The council met.", "published": "last Tuesday"})])
    [article] = read_all([path])
    assert not isinstance(article, Exception)
    assert article.published is None and any("last Tuesday" in w for w in article.warnings)


def test_jsonl_is_detected_without_an_extension(tmp_path: Path) -> None:
    path = _write(tmp_path / "export", [json.dumps({"body": "The council met on Tuesday."})])
    assert [a.format for a in articles(read_all([path]))] == ["jsonl"]


def test_documented_field_names_are_the_ones_read() -> None:
    assert FIELDS["body"] == ("body", "text", "content")
    assert "published" in FIELDS["published"] and "url" in FIELDS["url"]
