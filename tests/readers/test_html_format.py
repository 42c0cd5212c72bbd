"""HTML pages through trafilatura (all pages fictional)."""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_helpers import PAGE, articles, errors, read_all

from storyline.errors import InputError
from storyline.readers.html import fragment_text, parse_html


@pytest.fixture(scope="module")
def page_article():  # type: ignore[no-untyped-def]
    return parse_html(PAGE, "ferry.html")


def test_html_metadata_is_kept(page_article) -> None:  # type: ignore[no-untyped-def]
    a = page_article
    assert (a.title, a.author, a.published, a.outlet, a.url, a.format) == (
        "Harbor council approves ferry line",
        "Mira Tolland",
        "2021-04-02",
        "Gullport Gazette",
        "https://gazette.example/2021/ferry-line",
        "html",
    )


def test_html_body_is_the_story_without_menu_title_or_dateline(page_article) -> None:  # type: ignore[no-untyped-def]
    body = page_article.body
    assert body.startswith("The harbor council voted 7-2 on Tuesday")
    assert body.endswith("said council chair Ben Okafor.")
    for junk in ("Sports", "Weather", "Copyright", "Harbor council approves", "GULLPORT"):
        assert junk not in body
    assert page_article.dateline == "Gullport"


def test_figcaption_goes_to_captions_and_its_credit_to_credits(page_article) -> None:  # type: ignore[no-untyped-def]
    assert page_article.captions == ("Ferries wait at the pier on Monday, March 3, 2019, in Pelican Point.",)
    assert page_article.credits == ("Gazette Photo/Ana Reyes",)
    assert "Pelican Point" not in page_article.body


def test_date_only_in_caption_or_text_is_not_the_publication_date() -> None:
    page = PAGE.replace('<meta property="article:published_time" content="2021-04-02T10:00:00Z">', "")
    page = page.replace("<p>The line will", "<p>On April 2, 2021, the line will")
    assert parse_html(page, "ferry.html").published is None


@pytest.mark.parametrize(
    "page",
    [
        "<html><body><nav><a href='/'>Home</a> <a href='/a'>About</a></nav></body></html>",
        "<html><head><title>Gazette</title></head><body><script>var x = 1;</script></body></html>",
        "<html><body><p>Loading…</p></body></html>",
    ],
)
def test_html_with_no_article_is_an_input_error(page: str) -> None:
    with pytest.raises(InputError, match="no article") as info:
        parse_html(page, "menu.html")
    assert info.value.source == "menu.html"


def test_html_is_detected_from_content_whatever_the_extension(tmp_path: Path) -> None:
    path = tmp_path / "saved-page.txt"
    path.write_text(PAGE, encoding="utf-8")
    items = read_all([path])
    assert errors(items) == []
    assert [a.format for a in articles(items)] == ["html"]


def test_html_in_a_non_utf8_charset_it_declares_is_decoded(tmp_path: Path) -> None:
    page = PAGE.replace("<head>", '<head><meta charset="iso-8859-1">').replace("Okafor", "Ökafor")
    path = tmp_path / "latin.html"
    path.write_bytes(page.replace("“", '"').replace("”", '"').replace("—", "-").encode("iso-8859-1"))
    [article] = read_all([path])
    assert not isinstance(article, InputError)
    assert "Ökafor" in article.body


def test_fragment_text_gives_one_paragraph_per_block() -> None:
    assert fragment_text("<p>One.</p><p>Two <b>bold</b>.</p>").split() == ["One.", "Two", "bold."]
    assert "\n\n" in fragment_text("<p>One.</p><p>Two.</p>")
    assert fragment_text("plain words") == "plain words"


def test_unclosed_figcaptions_cost_linear_time() -> None:
    """650 KB of unclosed ``<figcaption>`` took 236 s through the old regex (#20 item 5)."""
    import time

    from storyline.readers.html import _figcaptions

    page = "<article><p>x</p>" + "<figcaption>x" * 50_000
    start = time.process_time()
    assert list(_figcaptions(page)) == []
    assert time.process_time() - start < 1.0
    closed = "<figcaption class='c'>One <b>two</b></figcaption><p>x</p><FIGCAPTION>Three</figcaption >"
    assert list(_figcaptions(closed)) == ["One <b>two</b>", "Three"]
