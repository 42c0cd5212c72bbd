"""Server-rendered pages over HTTP (fictional store from conftest); the browser tests look at them too."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from fastapi import FastAPI

from storyline.compare.report import build_story_from
from storyline.options import Options
from storyline.records import Article, Event, Facts, Figure, Quote
from storyline.web import create_app
from storyline.web.queries import snippet
from storyline.web.storyview import labels, story_page

Serve = Callable[[FastAPI], str]


@pytest.fixture
def base(serve: Serve, fictional_db: str) -> str:
    return serve(create_app(Options(db=fictional_db, extract=False, cluster=False)))


def test_story_list_names_outlets_counts_and_dates(base: str) -> None:
    html = httpx.get(base + "/").text
    assert 'href="/stories/story-1"' in html
    assert "2 articles" in html and "2031-05-06 – 2031-05-07" in html
    assert "<li>Avel Gazette</li>" in html and "<li>Coast Daily</li>" in html


def test_story_page_marks_the_shared_quote_in_both_columns_and_cites_sources(base: str) -> None:
    html = httpx.get(base + "/stories/story-1").text
    shared = '<mark class="agreed" title="agreed quote: 2 articles">The harbour will bring 300 jobs</mark>'
    assert html.count(shared) == 2
    assert 'class="cite" href="/articles/art-a"' in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    assert "Crowds at &lt;b&gt;new&lt;/b&gt; harbour" in html


def test_entity_page_lists_its_story_and_quotes(base: str) -> None:
    html = httpx.get(base + "/entities/lina ostrova").text
    assert "<h1>Lina Ostrova" in html
    assert 'href="/stories/story-1"' in html
    assert html.count("<blockquote>") == 2


def test_search_page_shows_matches_with_the_word_marked(base: str) -> None:
    html = httpx.get(base + "/search", params={"q": "police"}).text
    assert "1 matching article" in html
    assert '<mark class="hit" title="search hit">Police</mark>' in html


@pytest.mark.parametrize("path", ["/stories/nope", "/articles/nope", "/entities/nobody", "/no/such/page"])
def test_unknown_ids_get_a_404_page(base: str, path: str) -> None:
    response = httpx.get(base + path)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "<h1>404" in response.text and 'href="/"' in response.text


def test_bad_page_parameters_get_a_422_page(base: str) -> None:
    response = httpx.get(base + "/search", params={"since": "tomorrow"})
    assert response.status_code == 422 and "since" in response.text


def test_same_outlet_twice_is_numbered_in_labels() -> None:
    arts = (Article("1", "x", outlet="A"), Article("2", "y", outlet="B"), Article("3", "z", outlet="A"))
    assert labels(arts) == {"1": "A (1)", "2": "B", "3": "A (2)"}


def test_snippet_windows_around_the_first_hit_and_marks_every_word() -> None:
    body = "word " * 100 + "the Harbour opened; the harbour bell rang. " + "tail " * 100
    text, spans = snippet(body, "harbour")
    assert text.startswith("…") and text.endswith("…")
    assert [text[s.start : s.end] for s in spans] == ["Harbour", "harbour"]


def test_a_sentence_carrying_an_event_a_quote_and_a_figure_is_listed_once_with_its_kinds(fictional_db: str) -> None:
    body = (  # fictional
        "Harbour police arrested 12 smugglers at the east pier on Tuesday, “and more will follow,” the chief said. "
        "The pier stays closed."
    )
    a = Article(id="art-p", body=body, outlet="Avel Gazette", published="2031-05-06")

    def at(text: str) -> tuple[int, int]:
        return body.index(text), body.index(text) + len(text)

    arrest, words, count = (
        "Harbour police arrested 12 smugglers at the east pier",
        "“and more will follow,”",
        "12 smugglers",
    )
    facts = Facts(
        article=a.id,
        events=(
            Event("art-p:v1", (a.id,), None, "arrest", None, None, None, arrest, a.id, *at(arrest), "enforcement"),
        ),
        quotes=(Quote("art-p:q1", a.id, *at(words), words, True, speaker="the chief"),),
        figures=(Figure("art-p:f1", a.id, *at(count), count, 12.0, unit="smugglers"),),
    )
    story = build_story_from([a], [facts], Options())
    [entry] = story.comparison.unique[a.id]  # one sentence, three facts: one entry, as in the JSON
    assert entry.items == ("art-p:v1", "art-p:q1", "art-p:f1")
    templates = create_app(Options(db=fictional_db, extract=False, cluster=False)).state.templates
    html = templates.get_template("story.html").render(request=None, view=story_page(story))
    section = html[html.index('<section class="unique-facts"') :]
    section = section[: section.index("</section>")]
    first = body[: body.index(" The pier")]
    assert section.count("<li") == 1
    assert f'<li class="unique"><span class="kind">event · quote · figure</span> {first}</li>' in section
    assert section.count("12 smugglers") == 1


def test_pages_and_the_api_show_a_source_file_by_its_name_never_the_servers_folders(base: str) -> None:
    page = httpx.get(f"{base}/articles/art-a").text
    assert "fictional-a.txt" in page and "/srv/private" not in page
    for url in ("/api/articles/art-a", "/api/articles", "/api/stories/story-1"):
        answer = httpx.get(base + url).text
        assert "fictional-a.txt" in answer and "/srv/private" not in answer, url


def test_story_list_counts_independent_outlets_and_filters_by_them(base: str) -> None:
    page = httpx.get(f"{base}/").text
    assert "2 independent outlets" in page and "2+ independent outlets" in page
    assert "Port Avel harbour opens" in httpx.get(f"{base}/?min_outlets=2").text
    assert "Port Avel harbour opens" not in httpx.get(f"{base}/?min_outlets=3").text
