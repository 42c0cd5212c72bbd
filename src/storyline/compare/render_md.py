"""A story as Markdown: the report a person can paste or send around."""

from __future__ import annotations

import re

from ..records import Story
from .view import MARKS, one_line, story_view

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|])")


def md(text: str) -> str:
    """Text safe inside Markdown: one line, markup characters escaped (no stray links, tables, HTML)."""
    return _SPECIAL.sub(r"\\\1", one_line(text))


def render_markdown(story: Story) -> str:
    view = story_view(story)
    out = [f"# {md(story.title)}", "", f"Story `{story.id}` · {len(story.articles)} article(s)", "", "## Sources", ""]
    out += [f"- {md(s.line)} — `{s.article.id}`" for s in view.sources]
    if story.summary:
        out += ["", "## Summary", ""]
        out += [f"- {md(line.text)} {md(view.cite(line.articles))}" for line in story.summary]
    out += ["", f"## {MARKS['agreed']} Agreed", ""]
    if view.agreed:
        header = "| kind | fact | " + " | ".join(f"\\[{s.number}\\]" for s in view.sources) + " |"
        out += [header, "|" + "---|" * (2 + len(view.sources))]
        for row in view.agreed:
            mark = MARKS["conflict"] if row.conflicting else MARKS["agreed"]
            cells = [mark if s.number in row.numbers else "" for s in view.sources]
            out.append(f"| {row.kind} | {md(row.text)} | " + " | ".join(cells) + " |")
    else:
        out.append("No fact is reported by two independent outlets.")
    if view.possible:
        out += ["", f"## {MARKS['possible']} Possibly the same (not counted as agreement)", ""]
        out += ["| kind | fact | p | sources |", "|---|---|---|---|"]
        for row in view.possible:
            p = f"{row.p:.2f}" if row.p is not None else ""
            cite = "".join(f"\\[{n}\\]" for n in row.numbers)
            out.append(f"| {row.kind} | {md(row.text)} | {p} | {cite} |")
    out += ["", f"## {MARKS['unique']} Only in one outlet"]
    for source, items in view.unique:
        out += ["", f"### \\[{source.number}\\] {md(source.label)} ({len(items)})", ""]
        if not items:
            out.append("Nothing of its own.")
        for item in items:
            out.append(f"- {MARKS['conflict'] if item.conflicting else MARKS['unique']} *{item.kind}*: {md(item.text)}")
    out += ["", f"## {MARKS['conflict']} Conflicts", ""]
    if story.comparison.conflicts:
        out += [f"- **{c.kind}**: {md(c.why)}" for c in story.comparison.conflicts]
    else:
        out.append("No conflicting figures.")
    if story.timeline:
        out += ["", "## Timeline", "", "| date | moment | sources |", "|---|---|---|"]
        out += [f"| {m.date} | {md(m.text)} | {md(view.cite(m.articles))} |" for m in view.dated]
        if view.undated:
            out += ["", "### Undated", ""]
            out += [f"- {md(m.text)} {md(view.cite(m.articles))}" for m in view.undated]
    return "\n".join(out) + "\n"
