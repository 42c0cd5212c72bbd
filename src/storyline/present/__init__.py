"""Presentation: a built story (and articles, story lists) shown in the terminal, as Markdown or HTML
reports, or as export rows. Comparison (``storyline.compare``) builds the records; nothing here
decides what agrees or conflicts, it only shows it."""

from .render import REPORT_FORMATS, render_html, render_markdown, render_report, render_terminal
from .tables import fact_rows
from .view import StoryView, counts, story_view

__all__ = [
    "REPORT_FORMATS",
    "StoryView",
    "counts",
    "fact_rows",
    "render_html",
    "render_markdown",
    "render_report",
    "render_terminal",
    "story_view",
]
