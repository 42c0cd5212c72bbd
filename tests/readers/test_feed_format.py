"""RSS and Atom feeds (all feeds fictional)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
from ingest_helpers import PAGE, RSS, articles, errors, read_all

from storyline.options import Options
from storyline.readers import Fetcher

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Islands Radio</title><id>urn:x</id>
<updated>2021-04-03T00:00:00Z</updated>
<entry><title>Ferry vote</title><id>urn:x:1</id><link href="https://radio.example/ferry"/>
<published>2021-04-02T08:00:00Z</published><updated>2021-04-02T09:00:00Z</updated><author><name>Sam Lee</name></author>
<content type="html">&lt;p&gt;The island council welcomed the ferry vote on Friday.&lt;/p&gt;</content>
<summary>Short summary.</summary></entry></feed>"""


def test_rss_entries_become_articles_with_feed_metadata(tmp_path: Path) -> None:
    path = tmp_path / "gazette.rss"
    path.write_text(RSS, encoding="utf-8")
    items = read_all([path])
    ferry, library = articles(items)
    assert (ferry.outlet, ferry.title, ferry.published, ferry.url, ferry.format) == (
        "Gullport Gazette",
        "Ferry line approved",
        "2021-04-02",
        "https://gazette.example/2021/ferry-line",
        "feed",
    )
    assert ferry.body == "The harbor council voted 7-2 on Tuesday to approve a ferry line.\n\nThe line opens in June."
    assert ferry.dateline == "Gullport"
    assert ferry.source == f"{path}#1"
    assert library.published == "2021-04-03"


def test_feed_entry_without_text_is_an_input_error_and_the_others_are_read(tmp_path: Path) -> None:
    path = tmp_path / "gazette.rss"
    path.write_text(RSS, encoding="utf-8")
    items = read_all([path])
    [error] = errors(items)
    assert error.source == f"{path}#3"
    assert "no content or summary" in error.reason
    assert len(articles(items)) == 2


def test_atom_content_is_preferred_to_summary(tmp_path: Path) -> None:
    path = tmp_path / "radio.xml"
    path.write_text(ATOM, encoding="utf-8")
    [article] = read_all([path])
    assert not isinstance(article, Exception)
    assert article.body == "The island council welcomed the ferry vote on Friday."
    assert (article.outlet, article.author, article.published) == ("Islands Radio", "Sam Lee", "2021-04-02")


def test_feed_that_is_not_xml_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.rss"
    path.write_text("Service unavailable, please try again later.\n", encoding="utf-8")
    [error] = read_all([path])
    assert isinstance(error, Exception)
    assert error.source == str(path) and "not an XML feed" in error.reason


def test_with_fetch_each_entry_page_is_fetched_and_extracted(
    tmp_path: Path, mock_fetcher: Callable[..., Fetcher]
) -> None:
    path = tmp_path / "gazette.rss"
    path.write_text(RSS, encoding="utf-8")
    fetcher = mock_fetcher(
        {
            "https://gazette.example/2021/ferry-line": httpx.Response(200, html=PAGE),
            "https://gazette.example/2021/library": httpx.ConnectError("connection refused"),
        }
    )
    items = read_all([path], Options(fetch=True), fetcher=fetcher)
    [ferry] = articles(items)
    assert ferry.body.startswith("The harbor council voted 7-2 on Tuesday to approve a new ferry line")
    assert ferry.captions and ferry.format == "feed" and ferry.source == f"{path}#1"
    failed = {e.source: e.reason for e in errors(items)}
    assert set(failed) == {f"{path}#2", f"{path}#3"}
    assert "unreachable" in failed[f"{path}#2"]
    assert "HTTP 404" in failed[f"{path}#3"]
