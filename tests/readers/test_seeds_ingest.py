"""The two real seed reports, read in place from ../shared/seeds."""

from __future__ import annotations

import pytest
from ingest_helpers import SEEDS, articles, errors, read_all

from storyline.readers import detect
from storyline.records import Article


@pytest.fixture(scope="module")
def seeds() -> dict[str, Article]:
    items = read_all([SEEDS])
    assert errors(items) == []
    return {a.outlet or "": a for a in articles(items)}


def test_both_seeds_are_read_with_their_outlets(seeds: dict[str, Article]) -> None:
    assert sorted(seeds) == ["CNN", "NewsNation"]


def test_newsnation_date_comes_from_the_glued_header(seeds: dict[str, Article]) -> None:
    assert seeds["NewsNation"].published == "2023-12-28"


def test_cnn_has_no_publication_date_and_none_is_taken_from_its_caption(seeds: dict[str, Article]) -> None:
    assert seeds["CNN"].published is None


def test_cnn_dateline_is_washington(seeds: dict[str, Article]) -> None:
    assert seeds["CNN"].dateline == "Washington"
    assert seeds["NewsNation"].dateline is None


@pytest.mark.parametrize(("outlet", "photographer"), [("NewsNation", "Ross D. Franklin"), ("CNN", "Raquel Cunha")])
def test_caption_credit_names_the_photographer(seeds: dict[str, Article], outlet: str, photographer: str) -> None:
    assert any(photographer in credit for credit in seeds[outlet].credits)


@pytest.mark.parametrize(
    ("outlet", "caption_words"),
    [
        ("NewsNation", ["Migrants wait for shuttle buses", "Lukeville", "Dec. 5, 2023", "AP Photo", "Franklin"]),
        ("CNN", ["attends a meeting with Mexico", "December 27, 2023", "REUTERS", "Cunha"]),
    ],
)
def test_no_caption_text_in_body(seeds: dict[str, Article], outlet: str, caption_words: list[str]) -> None:
    article = seeds[outlet]
    assert article.captions
    for words in caption_words:
        assert words not in article.body
    assert any(caption_words[0] in c for c in article.captions)


@pytest.mark.parametrize(
    ("outlet", "first_words"),
    [("NewsNation", "Mexican leaders are planning to come"), ("CNN", "Mexican leaders will visit Washington")],
)
def test_body_starts_with_the_story_not_the_header_or_dateline(
    seeds: dict[str, Article], outlet: str, first_words: str
) -> None:
    body = seeds[outlet].body
    assert body.startswith(first_words)
    assert "date 2023" not in body
    assert "(NewsNation) —" not in body and "CNN —" not in body


def test_body_keeps_the_story_paragraphs_verbatim(seeds: dict[str, Article]) -> None:
    raw = (SEEDS / "002_4d7f50bd38428e0a.txt").read_text(encoding="utf-8")
    body = seeds["CNN"].body
    paragraph = "Many of the migrants are from Central and South America as well as the Caribbean, Cuba and Haiti."
    assert paragraph in raw and paragraph in body
    assert "López Obrador" in body and "Lopez Obrador" not in body  # the plain spelling was only in the caption


def test_id_is_the_first_12_hex_digits_of_the_content_hash(seeds: dict[str, Article]) -> None:
    for article in seeds.values():
        assert len(article.content_hash) == 64
        assert article.id == article.content_hash[:12]


def test_splitting_the_body_again_changes_nothing(seeds: dict[str, Article]) -> None:
    for article in seeds.values():
        assert detect.split(article.body).body == article.body


def test_reading_twice_gives_the_same_articles(seeds: dict[str, Article]) -> None:
    again = {a.outlet: a for a in articles(read_all([SEEDS]))}
    assert {k: v.to_dict() for k, v in again.items()} == {k: v.to_dict() for k, v in seeds.items()}
