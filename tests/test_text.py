"""The low-level text helpers every stage shares (storyline/text.py)."""

from __future__ import annotations

from storyline.records import Article
from storyline.text import TITLE_CHARS, clip_title


def test_a_long_first_sentence_is_cut_at_a_word_with_an_ellipsis():
    words = "The fictional harbour council of Alden voted on a very long list of amendments " * 4
    title = clip_title(words)
    assert len(title) <= TITLE_CHARS and title.endswith("…")
    assert words.startswith(title[:-1]) and words[len(title) - 1] == " "


def test_a_short_text_is_kept_on_one_line():
    assert clip_title("  Ferry\n resumes   service ") == "Ferry resumes service"


def test_story_titles_from_bodies_share_one_cut():
    from storyline.cluster.state import title_for

    body = "A fictional ferry between Alden and Kessel " + "and many more towns " * 10 + "resumed service on Monday."
    article = Article(id="a1", title=None, body=body, source="x.txt")
    assert title_for(article) == clip_title(body)


def test_one_definition_of_the_years_news_speaks_of():
    from storyline.text import COUNTED_YEARS, NEWS_YEARS, is_news_year

    assert is_news_year("1950") and is_news_year("2049") and not is_news_year("2050")
    assert not is_news_year("1949") and not is_news_year("²⁰²⁰") and not is_news_year("20201")
    assert COUNTED_YEARS.start == NEWS_YEARS.start and COUNTED_YEARS.stop < NEWS_YEARS.stop
