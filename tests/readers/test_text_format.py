"""Plain-text reports: the header lines and the body (all texts fictional)."""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_helpers import articles, errors, read_all

from storyline.errors import InputError
from storyline.readers import content_hash, new_article
from storyline.readers.text import parse_text


def test_date_header_glued_to_the_first_line_is_read_and_removed() -> None:
    article = parse_text(" date 2021-04-02 The council met on Tuesday.\n\nIt voted 7-2.", "x.txt")
    assert article.published == "2021-04-02"
    assert article.body == "The council met on Tuesday.\n\nIt voted 7-2."


def test_header_lines_fill_the_metadata() -> None:
    text = (
        "date 2021-04-02\ntitle Ferry line approved\nurl https://gazette.example/ferry\n"
        "outlet Gullport Gazette\nauthor Mira Tolland\n\nThe council met on Tuesday."
    )
    article = parse_text(text, "x.txt")
    assert (article.published, article.title, article.url, article.outlet, article.author) == (
        "2021-04-02",
        "Ferry line approved",
        "https://gazette.example/ferry",
        "Gullport Gazette",
        "Mira Tolland",
    )
    assert article.body == "The council met on Tuesday."
    assert article.format == "text"


def test_header_outlet_wins_over_the_dateline_cue() -> None:
    article = parse_text("outlet Gullport Gazette\nWASHINGTON (AP) — The council met.", "x.txt")
    assert (article.outlet, article.dateline) == ("Gullport Gazette", "Washington")


def test_impossible_header_date_is_dropped_with_a_warning() -> None:
    article = parse_text("date 2021-02-30\nThe council met on Tuesday.", "x.txt")
    assert article.published is None
    assert any("2021-02-30" in w for w in article.warnings)


def test_word_date_starting_the_text_is_not_a_header() -> None:
    article = parse_text("date night returns to the pier on Friday, organisers said.", "x.txt")
    assert article.published is None
    assert article.body == "date night returns to the pier on Friday, organisers said."


def test_header_without_a_story_is_an_input_error() -> None:
    with pytest.raises(InputError, match="no text"):
        parse_text("date 2021-04-02\ntitle Nothing here\n", "x.txt")


def test_new_article_hash_ignores_whitespace_differences() -> None:
    a, b = new_article("The council  met.\n\nIt voted."), new_article("The council met. It voted.")
    assert a.content_hash == b.content_hash == content_hash("The council met. It voted.")
    assert a.id == a.content_hash[:12] and len(a.id) == 12
    assert a.body == "The council  met.\n\nIt voted."  # new_article keeps the body as given


def test_new_article_takes_metadata() -> None:
    article = new_article("The council met.", outlet="Gullport Gazette", published="2021-04-02", source="x")
    assert (article.outlet, article.published, article.source) == ("Gullport Gazette", "2021-04-02", "x")


def test_text_file_is_read_from_disk(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text("date 2021-04-02 (Gazette) — The council met on Tuesday.\n", encoding="utf-8")
    items = read_all([path])
    assert errors(items) == []
    [article] = articles(items)
    assert (article.outlet, article.published, article.body, article.source) == (
        "Gazette",
        "2021-04-02",
        "The council met on Tuesday.",
        str(path),
    )
