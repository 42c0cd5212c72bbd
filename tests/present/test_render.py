"""Rendering a story: terminal, Markdown, HTML and the `storyline report` command (fictional articles)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console

from compare_builders import article, facts, figure, quote
from storyline.cli import main
from storyline.compare.report import build_story_from
from storyline.errors import UsageError
from storyline.options import Options
from storyline.present.render import render_html, render_markdown, render_report, render_terminal
from storyline.present.tables import KINDS, fact_rows
from storyline.store.sqlite import SQLiteStore

HOSTILE = "<script>alert('x')</script> | **bold** [link](http://x)"


def story_with_hostile_text():
    a = article("a", f"“{HOSTILE}” the mayor said. Agents counted 7,000 migrants on Wednesday.", "Planet <b>")
    b = article("b", "Agents counted 9,000 migrants on Wednesday, officials said.", "Courier & Co")
    fa = facts(
        a,
        quote(a, "a:q1", f"“{HOSTILE}”", "the mayor"),
        figure(a, "a:f1", "7,000", 7000, unit="migrants", predicate="counted", date="2031-03-12"),
    )
    fb = facts(b, figure(b, "b:f1", "9,000", 9000, unit="migrants", predicate="counted", date="2031-03-12"))
    return build_story_from([a, b], [fa, fb], Options(), title=f"Title {HOSTILE}")


def test_html_is_self_contained_and_escapes_every_text():
    page = render_html(story_with_hostile_text())
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "Planet &lt;b&gt;" in page and "Courier &amp; Co" in page
    assert not re.search(r"""(src|href)=["']?https?:""", page)  # no external resources
    assert page.startswith("<!doctype html>") and "<style>" in page


def test_markdown_escapes_markup_and_marks_the_conflict():
    text = render_markdown(story_with_hostile_text())
    assert "<script>" not in text and "\\<script\\>" in text
    assert "\\| \\*\\*bold\\*\\*" in text
    assert "## ✗ Conflicts" in text and "Courier & Co gives" in text


def test_terminal_shows_outlets_side_by_side_and_the_conflict():
    console = Console(width=140, record=True, color_system=None)
    render_terminal(story_with_hostile_text(), console)
    out = console.export_text()
    assert "[1] Planet <b>" in out and "[2] Courier & Co" in out
    assert "✗ conflicts" in out and "7,000" in out and "9,000" in out


def test_unknown_report_format_is_a_usage_error():
    with pytest.raises(UsageError, match="md, html"):
        render_report(story_with_hostile_text(), "pdf")


def test_fact_rows_have_every_kind_and_mark_agreed_unique_and_conflicts():
    rows = fact_rows(story_with_hostile_text())
    assert tuple(rows) == KINDS
    statuses = sorted({r["status"] for r in rows["comparison"]})
    assert statuses == ["conflict", "unique"]
    assert [r["id"] for r in rows["figures"]] == ["a:f1", "b:f1"]


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_report_command_writes_the_story(tmp_path: Path, fmt: str):
    db = tmp_path / "s.db"
    story = story_with_hostile_text()
    store = SQLiteStore(db)
    for a in story.articles:
        store.add_article(a.replace(content_hash=a.id))
    store.put_facts(facts(story.articles[0], *[f for f in story.figures if f.article == "a"]), "test")
    store.ensure_story("st1", "A fictional story", "test")
    for a in story.articles:
        store.set_story(a.id, "st1", 1.0, {})
    store.close()
    out = tmp_path / f"report.{fmt}"
    result = CliRunner().invoke(main, ["--db", str(db), "report", "st1", "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "A fictional story" in text and "Courier" in text


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_reports_list_quotes_with_their_speakers_and_figures_with_their_sources(fmt: str):
    text = render_report(story_with_hostile_text(), fmt)
    assert "Quotes" in text and "Figures" in text
    quotes = text[text.index("Quotes") : text.index("Figures")]
    assert "the mayor" in quotes and "[1]" in quotes.replace("\\[", "[").replace("\\]", "]")
    figures = text[text.index("Figures") :]
    for given in ("7,000", "9,000", "migrants", "counted", "2031-03-12"):
        assert given in figures, given
    assert "<script>" not in text


def test_html_report_numbers_each_source_once():
    page = render_html(story_with_hostile_text())
    sources = page[page.index("<h2>Sources</h2>") : page.index("</ul>", page.index("<h2>Sources</h2>"))]
    assert "<ol" not in sources and sources.count("[1]") == 1 and sources.count("[2]") == 1
