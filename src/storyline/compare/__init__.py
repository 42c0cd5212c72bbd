"""Comparison: align facts across a story's articles; agreed, unique, conflicts, timeline, summary."""

from .render import render_html, render_markdown, render_report, render_terminal
from .report import build_story, build_story_from
from .tables import fact_rows

__all__ = [
    "build_story",
    "build_story_from",
    "fact_rows",
    "render_html",
    "render_markdown",
    "render_report",
    "render_terminal",
]
