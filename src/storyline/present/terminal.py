"""Rich views for the CLI: an article with its facts, a story in brief, why articles joined a story."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..records import Article, Facts, Story, StoryCard
from .apart import kept_lines


def render_article(
    console: Console, article: Article, facts: Facts | None, notices: list[tuple[str, str]], story: str | None
) -> None:
    meta = Table.grid(padding=(0, 2))
    for key, value in (
        ("id", article.id),
        ("outlet", article.outlet),
        ("published", article.published),
        ("reference date", f"{article.reference_date}{' (estimated)' if article.reference_estimated else ''}"),
        ("title", article.title),
        ("language", article.language),
        ("dateline", article.dateline),
        ("source", article.source),
        ("credits", "; ".join(article.credits)),
        ("duplicate of", article.duplicate_of),
        ("story", story),
    ):
        if value:
            meta.add_row(Text(key, style="bold"), Text(str(value)))
    console.print(meta)
    for caption in article.captions:
        console.print(Panel(Text(caption), title="caption", style="dim"))
    console.print(Panel(Text(article.body), title="body"))
    for kind, text in notices:
        console.print(f"[yellow]{kind}[/yellow] {escape(text)}", highlight=False)
    if facts is None:
        console.print("[dim]no facts extracted yet: run `storyline extract`[/dim]")
        return
    _facts_table(
        console,
        "quotes",
        ("speaker", "cue", "direct", "text"),
        [(q.speaker, q.cue, "yes" if q.direct else "no", q.text) for q in facts.quotes],
    )
    _facts_table(
        console,
        "figures",
        ("text", "value", "unit", "date", "place"),
        [(f.text, _num(f.value, f.low, f.high, f.approx), f.unit, f.date, f.place) for f in facts.figures],
    )
    _facts_table(console, "dates", ("text", "value"), [(d.text, d.value) for d in facts.dates])
    _facts_table(
        console,
        "events",
        ("class", "actor", "action", "target", "date", "place"),
        [(e.cls, e.actor, e.action, e.target, e.date, e.place) for e in facts.events],
    )
    names = sorted({(m.name, m.type) for m in facts.mentions})
    _facts_table(console, "entities", ("name", "type"), names)
    for warning in facts.warnings:
        console.print(f"[yellow]warning[/yellow] {escape(warning)}", highlight=False)


def _num(value: float, low: float | None, high: float | None, approx: bool) -> str:
    text = f"{value:,.12g}"
    if low is not None and high is None:
        text = f"> {low:,.12g}"
    elif high is not None and low is None:
        text = f"< {high:,.12g}"
    elif low is not None and high is not None and low != high:
        text = f"{low:,.12g}–{high:,.12g}"
    return ("~" if approx else "") + text


def _facts_table(console: Console, title: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    if not rows:
        return
    table = Table(title=title, title_justify="left", expand=False)
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*(Text("" if v is None else str(v)) for v in row))
    console.print(table)


def render_story_brief(console: Console, story: Story) -> None:
    """A few lines per story: title, outlets, counts, the cited summary."""
    outlets = sorted({a.outlet or "?" for a in story.articles})
    index = {a.id: n for n, a in enumerate(story.articles, 1)}
    console.rule(f"[bold]{escape(story.title)}[/bold]  [dim]{story.id}[/dim]")
    console.print(
        f"{len(story.articles)} article(s) from {', '.join(outlets)} · {len(story.quotes)} quotes · "
        f"{len(story.figures)} figures · {len(story.events)} events · "
        f"{len(story.comparison.agreed)} agreed · {len(story.comparison.conflicts)} conflicts",
        highlight=False,
    )
    for line in story.summary:
        cites = "".join(f"[{index[a]}]" for a in line.articles if a in index)
        console.print(f"  • {escape(line.text)} [cyan]{cites}[/cyan]", highlight=False)
    for conflict in story.comparison.conflicts:
        console.print(f"  [red]conflict[/red] {escape(conflict.why)}", highlight=False)


def render_story_cards(console: Console, cards: list[StoryCard], filtered: bool = False) -> None:
    """The story list, three lines a story: id, counts and dates; title; outlets."""
    for c in cards:
        dates = c.first or "undated"
        if c.last and c.last != c.first:
            dates += " – " + (c.last[5:] if c.first and c.last[:4] == c.first[:4] else c.last)
        n = len(c.outlets)
        outlets = (
            f"{c.independent_outlets} of {n} outlets independent"
            if n != c.independent_outlets
            else (f"{n} outlet{'s' if n != 1 else ''}")
        )
        articles = f"{c.articles} article{'s' if c.articles != 1 else ''}"
        head = Text(c.id, style="bold")
        head.append(f"  {articles} · {outlets} · {dates}", style="")
        console.print(head)
        console.print(Text("  " + (c.title or "(untitled)")))
        console.print(Text("  " + ", ".join(c.outlets), style="dim"))
    what = "matching " if filtered else ""
    console.print(f"{len(cards)} {what}story(ies) shown", highlight=False)


def render_story(console: Console, story: Story) -> None:
    from .render import render_terminal

    render_terminal(story, console)


def render_why(console: Console, rows: list[dict[str, Any]]) -> None:
    """One block per article: what tied it to the story (similarity vs threshold, shared names …)."""
    console.rule("why these articles are one story")
    for row in rows:
        head = f"[bold]{row.get('article')}[/bold] {escape(str(row.get('outlet') or ''))}"
        if row.get("new_story"):
            head += "  [dim]started the story[/dim]"
        elif row.get("similarity") is not None:
            at_least = row.get("threshold") is not None and row["similarity"] >= row["threshold"]
            head += f"  similarity {row['similarity']:.3f} {'≥' if at_least else '<'} threshold {row.get('threshold')}"
            if row.get("grouped_by"):
                head += f"; grouped by {row['grouped_by']}"
        if row.get("duplicate_of"):
            head += f"  [yellow]copy of {row['duplicate_of']}[/yellow]"
        console.print(head, highlight=False)
        grid = Table.grid(padding=(0, 2))
        for key, value in row.items():
            if key in (
                "article",
                "outlet",
                "similarity",
                "threshold",
                "new_story",
                "duplicate_of",
                "score",
                "grouped_by",
                "kept_from",
            ):
                continue
            if value not in (None, [], {}, ""):
                grid.add_row(Text(key.replace("_", " "), style="dim"), Text(_cell(value)))
        console.print(grid)
        for line in kept_lines(row):
            console.print(Text("  " + line, style="yellow"), highlight=False)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3f}"
    if isinstance(value, (list, tuple)):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}={_cell(v)}" for k, v in value.items())
    return str(value)
