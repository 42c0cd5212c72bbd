"""Render a story: in the terminal (Rich), as Markdown, or as one self-contained HTML page.

Every rendering shows the same sections: sources, summary, what the outlets agree on (✓), what
only one reports (★), what conflicts (✗), and the timeline with its undated part.
"""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..errors import UsageError
from ..records import Story
from .html import render_html
from .markdown import render_markdown
from .view import MARKS, StoryView, one_line, story_view

__all__ = ["REPORT_FORMATS", "render_html", "render_markdown", "render_report", "render_terminal"]

REPORT_FORMATS = ("md", "html")
SIDE_BY_SIDE = 4  # more outlets than this are stacked: columns would be too narrow to read


def render_report(story: Story, fmt: str) -> str:
    """The story as a document to send around: ``md`` (Markdown) or ``html`` (one self-contained page)."""
    if fmt == "md":
        return render_markdown(story)
    if fmt == "html":
        return render_html(story)
    raise UsageError(f"unknown report format {fmt!r}: use one of {', '.join(REPORT_FORMATS)}")


def render_terminal(story: Story, console: Console) -> None:
    view = story_view(story)
    console.rule(f"[bold]{Text(story.title).markup}[/bold]  [dim]{story.id}[/dim]")
    for s in view.sources:
        console.print(Text(s.line), highlight=False)
    if story.summary:
        console.print(Text("\nSummary", style="bold"))
        for line in story.summary:
            console.print(Text("  • ").append(line.text).append(" " + view.cite(line.articles), style="cyan"))
    _agreed(console, view)
    _possible(console, view)
    _unique(console, view)
    _conflicts(console, story)
    _timeline(console, view)
    _related(console, story)


def _related(console: Console, story: Story) -> None:
    possible = [r for r in story.related if r.kind == "possible"]
    topic = [r for r in story.related if r.kind != "possible"]
    if possible:
        console.print(Text("\nPossibly the same event (kept apart)", style="bold"))
        for r in possible:
            line = (
                Text("  • ").append(r.title).append(f"  {r.id}", style="dim").append(f"  p {r.p:.2f}", style="yellow")
            )
            console.print(line, highlight=False)
            if r.why:
                console.print(Text("    " + r.why, style="dim"), highlight=False)
    if topic:
        console.print(Text("\nRelated stories (same topic, another event)", style="bold"))
        for r in topic:
            line = Text("  • ").append(r.title).append(f"  {r.id}", style="dim")
            if r.p is not None:
                line.append(f"  p {r.p:.2f}", style="dim")
            console.print(line, highlight=False)


def _agreed(console: Console, view: StoryView) -> None:
    if not view.agreed:
        console.print(Text("\nNo fact is reported by two independent outlets.", style="dim"))
        return
    table = Table(title=f"{MARKS['agreed']} agreed", title_justify="left", title_style="bold green", expand=True)
    table.add_column("kind", style="dim", no_wrap=True)
    table.add_column("fact", overflow="fold", ratio=1)
    for s in view.sources:
        table.add_column(Text(f"[{s.number}] {s.label}"), justify="center", overflow="fold", max_width=14)
    for row in view.agreed:
        style = "red" if row.conflicting else ""
        marks = [
            Text(MARKS["conflict"] if row.conflicting else MARKS["agreed"], style="red" if row.conflicting else "green")
            if s.number in row.numbers
            else Text("")
            for s in view.sources
        ]
        table.add_row(Text(row.kind), Text(one_line(row.text), style=style), *marks)
    console.print(table)


def _possible(console: Console, view: StoryView) -> None:
    if not view.possible:
        return
    title = f"{MARKS['possible']} possibly the same (not counted as agreement)"
    table = Table(title=title, title_justify="left", title_style="bold blue", expand=True)
    table.add_column("kind", style="dim", no_wrap=True)
    table.add_column("fact", overflow="fold", ratio=1)
    table.add_column("p", justify="right", no_wrap=True)
    table.add_column("sources", no_wrap=True, style="cyan")
    for row in view.possible:
        cite = "".join(f"[{n}]" for n in row.numbers)
        table.add_row(Text(row.kind), Text(one_line(row.text)), Text(f"{row.p:.2f}" if row.p is not None else ""), cite)
    console.print(table)


def _unique(console: Console, view: StoryView) -> None:
    panels = []
    for source, items in view.unique:
        body = Text()
        for row in items:
            mark = MARKS["conflict"] if row.conflicting else MARKS["unique"]
            body.append(f"{mark} ", style="red" if row.conflicting else "yellow")
            body.append(f"{row.kind}: ", style="dim")
            body.append(one_line(row.text, 240) + "\n")
        if not items:
            body.append("nothing of its own", style="dim")
        title = Text(f"[{source.number}] {source.label} ({len(items)})")
        panels.append(Panel(body, title=title, title_align="left"))
    if not panels:
        return
    console.print(Text(f"\n{MARKS['unique']} only in one outlet", style="bold yellow"))
    if len(panels) <= SIDE_BY_SIDE:
        grid = Table.grid(expand=True, padding=(0, 1))
        for _ in panels:
            grid.add_column(ratio=1)
        grid.add_row(*panels)
        console.print(grid)
    else:
        console.print(Group(*panels))


def _conflicts(console: Console, story: Story) -> None:
    if not story.comparison.conflicts:
        console.print(Text("\nNo conflicting figures.", style="dim"))
        return
    console.print(Text(f"\n{MARKS['conflict']} conflicts", style="bold red"))
    for c in story.comparison.conflicts:
        console.print(Text("  ✗ ", style="red").append(f"{c.kind}: ", style="dim").append(c.why))


def _timeline(console: Console, view: StoryView) -> None:
    if not view.story.timeline:
        return
    table = Table(title="timeline", title_justify="left", title_style="bold", expand=True)
    table.add_column("date", no_wrap=True)
    table.add_column("moment", overflow="fold", ratio=1)
    table.add_column("sources", no_wrap=True, style="cyan")
    for m in view.dated:
        table.add_row(Text(m.date or ""), Text(one_line(m.text, 300)), Text(view.cite(m.articles)))
    for m in view.undated:
        table.add_row(Text("undated", style="dim"), Text(one_line(m.text, 300)), Text(view.cite(m.articles)))
    console.print(table)
