"""A story as Markdown: the report a person can paste or send around."""

from __future__ import annotations

import re

from ..records import Story
from .view import MARKS, StoryView, figure_rows, one_line, quote_rows, story_view

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
    out += _quotes_and_figures(story, view)
    if story.timeline:
        out += ["", "## Timeline", "", "| date | moment | sources |", "|---|---|---|"]
        out += [f"| {m.date} | {md(m.text)} | {md(view.cite(m.articles))} |" for m in view.dated]
        if view.undated:
            out += ["", "### Undated", ""]
            out += [f"- {md(m.text)} {md(view.cite(m.articles))}" for m in view.undated]
    return "\n".join(out) + "\n"


def _quotes_and_figures(story: Story, view: StoryView) -> list[str]:
    out = ["", "## Quotes", ""]
    rows = quote_rows(story)
    if not rows:
        out.append("No quotes.")
    for q in rows:
        said = f"“{md(q.text)}”" if q.direct else md(q.text)
        out.append(f"- **{md(q.speaker)}**: {said} {md(view.cite(q.articles))}")
    out += ["", "## Figures", ""]
    figures = figure_rows(story)
    if not figures:
        out.append("No figures.")
        return out
    out += ["| figure | counts | verb | date | place | source |", "|---|---|---|---|---|---|"]
    for f in figures:
        cells = (f.text, f.unit, f.predicate, f.date, f.place)
        out.append("| " + " | ".join(md(c) for c in cells) + f" | {md(view.cite((f.article,)))} |")
    return out
