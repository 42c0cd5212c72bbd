"""The command line: parses arguments, calls the library, prints. No logic lives here."""

from __future__ import annotations

import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from . import api
from .errors import ModelMissingError, StorylineError, UsageError, install_hint
from .options import QUALITIES, Options, load_options
from .records import Article
from .store import ArticleQuery, Store, open_store

console = Console()
err = Console(stderr=True)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` with control characters written as ``\\x1b``: a file name must not drive the terminal."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group(0)):02x}", text)


def handle_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn library errors into one readable line and the documented exit codes."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except UsageError as exc:
            err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
            sys.exit(2)
        except StorylineError as exc:
            err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
            sys.exit(1)

    return wrapper


def _store(ctx: click.Context, create: bool = False) -> Store:
    """The store named by --db; only commands that write new articles (``create``) may make one."""
    options: Options = ctx.obj
    store = open_store(options.db, create=create)
    ctx.call_on_close(store.close)
    return store


@click.group()
@click.option("--db", envvar="STORYLINE_DB", help="SQLite file (default ./storyline.db) or postgresql:// URL.")
@click.option("--model", envvar="STORYLINE_MODEL", help="spaCy pipeline name (default en_core_web_sm).")
@click.option("--config", type=click.Path(dir_okay=False), help="TOML settings file (default ./storyline.toml).")
@click.version_option(package_name="storyline")
@click.pass_context
@handle_errors
def main(ctx: click.Context, db: str | None, model: str | None, config: str | None) -> None:
    """storyline: reconstruct news stories from many outlets, every fact traced to its characters."""
    ctx.obj = load_options(config, db=db, model=model)


# ---- ingest and browse ------------------------------------------------------------------------


def _tail(label: str, width: int = 40) -> str:
    """The end of a path or URL, printable (control characters from file names shown escaped)."""
    name = Path(label).name or label
    return escape(name.encode("unicode_escape").decode("ascii") if not name.isprintable() else name)[-width:]


def _first_ids(articles: list[Article], shown: int = 8) -> str:
    """The first ``shown`` ids, and how many more there are."""
    ids = ", ".join(a.id for a in articles[:shown])
    return ids + (f" … and {len(articles) - shown} more" if len(articles) > shown else "")


PROCESSES_HELP = "Extraction worker processes (default 0: one per core, bounded by free memory; 1: none)."


def run_ingest(sources: list[str], options: Options, store: Store) -> api.IngestReport:
    """Ingest with a progress line on a terminal (quiet otherwise) and a closing table; shared by
    `ingest` and `demo`."""
    counts: Counter[str] = Counter()
    started = time.monotonic()
    with Progress(
        SpinnerColumn(),
        TextColumn("[bold]ingest[/bold] {task.description}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as bar:
        task = bar.add_task("", total=None)

        def tick(stage: str, label: str) -> None:
            counts[stage] += 1
            done = counts["stored"] + counts["present"] + counts["failed"]
            rate = done / max(time.monotonic() - started, 1e-6)
            bar.update(task, description=f"read {counts['read']} · done {done} ({rate:.1f}/s) · {_tail(label)}")

        report = api.ingest(sources, store=store, options=options, progress=tick)
    seconds = time.monotonic() - started
    done = len(report.ingested) + len(report.present) + len(report.failed)
    table = Table(title=f"ingest: {done} input(s) in {seconds:.1f} s ({done / max(seconds, 1e-6):.1f}/s)")
    table.add_column("result")
    table.add_column("count", justify="right")
    table.add_column("details")
    table.add_row("ingested", str(len(report.ingested)), _first_ids(report.ingested))
    table.add_row("already present", str(len(report.present)), _first_ids(report.present))
    table.add_row("failed", str(len(report.failed)), "")
    if report.unread:
        languages = Counter(a.language for a in report.unread)
        named = ", ".join(f"{lang} {n}" for lang, n in languages.most_common())
        table.add_row("no facts: language", str(len(report.unread)), f"{named} (stored, searchable, clustered)")
    console.print(table)
    for failure in report.failed:
        err.print(f"[red]failed:[/red] {escape(printable(str(failure)))}", highlight=False, soft_wrap=True)
    for warning in report.warnings:
        err.print(f"[yellow]warning:[/yellow] {escape(printable(warning))}", highlight=False, soft_wrap=True)
    return report


@main.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--fetch", is_flag=True, default=None, help="Fetch and extract each feed entry's page.")
@click.option("--allow-private", is_flag=True, default=None, help="Allow URLs on loopback/private hosts.")
@click.option("--no-extract", is_flag=True, help="Store articles only; run `storyline extract` later.")
@click.option("--no-cluster", is_flag=True, help="Do not assign stories now; run `storyline recluster` later.")
@click.option(
    "--no-regroup", is_flag=True, help="Only assign each article; do not regroup the stories each batch touched."
)
@click.option("--quality", type=click.Choice(QUALITIES), help="Quote tagger: fast (default) or accurate.")
@click.option("--processes", type=click.IntRange(min=0), help=PROCESSES_HELP)
@click.pass_context
@handle_errors
def ingest(
    ctx: click.Context,
    sources: tuple[str, ...],
    fetch: bool | None,
    allow_private: bool | None,
    no_extract: bool,
    no_cluster: bool,
    no_regroup: bool,
    quality: str | None,
    processes: int | None,
) -> None:
    """Read files, folders, globs, URLs, feeds, JSONL or WARC files into the store."""
    options: Options = ctx.obj.replace(
        n_process=ctx.obj.n_process if processes is None else processes,
        quality=quality or ctx.obj.quality,
        fetch=bool(fetch or ctx.obj.fetch),
        allow_private=bool(allow_private or ctx.obj.allow_private),
        extract=ctx.obj.extract and not no_extract,
        cluster=ctx.obj.cluster and not no_cluster and not no_extract,
        regroup=ctx.obj.regroup and not no_regroup,
    )
    report = run_ingest(list(sources), options, _store(ctx, create=True))
    ctx.exit(0 if report.ok else 1)


@main.command()
@click.option("--outlet", help="Only this outlet.")
@click.option("--since", help="Published on or after YYYY-MM-DD.")
@click.option("--until", help="Published on or before YYYY-MM-DD.")
@click.option("-q", "--query", help="Full-text query over title and body.")
@click.option("--limit", default=50, show_default=True)
@click.option("--offset", default=0)
@click.pass_context
@handle_errors
def articles(
    ctx: click.Context,
    outlet: str | None,
    since: str | None,
    until: str | None,
    query: str | None,
    limit: int,
    offset: int,
) -> None:
    """List stored articles."""
    store = _store(ctx)
    q = ArticleQuery(outlet=outlet, since=since, until=until, text=query, limit=limit, offset=offset)
    table = Table()
    for col in ("id", "outlet", "published", "story", "title"):
        table.add_column(col)
    for a in store.articles(q):
        title = a.title or a.body[:70].replace("\n", " ")
        table.add_row(a.id, Text(a.outlet or "-"), a.published or "-", store.story_of(a.id) or "-", Text(title))
    console.print(table)
    console.print(f"{store.count_articles(q)} matching article(s)")


@main.command()
@click.argument("article_id")
@click.option("--json", "as_json", is_flag=True, help="Print the article and its facts as JSON.")
@click.pass_context
@handle_errors
def show(ctx: click.Context, article_id: str, as_json: bool) -> None:
    """Show one article: metadata, body and the facts extracted from it."""
    from .present import terminal

    store = _store(ctx)
    article = store.article(article_id)
    facts = store.facts(article.id)
    notices = store.notices(article.id)
    if as_json:
        data = {"article": article.to_dict(), "facts": facts.to_dict() if facts else None, "notices": notices}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        names = ("source", "title", "outlet", "author", "url", "dateline")
        article = article.replace(**{k: printable(v) for k in names if isinstance(v := getattr(article, k), str)})
        terminal.render_article(console, article, facts, notices, store.story_of(article.id))


@main.command()
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "parquet"]), default="json", show_default=True)
@click.option(
    "-o", "--output", type=click.Path(), help="File (json) or folder (csv, parquet); default stdout / ./export."
)
@click.pass_context
@handle_errors
def export(ctx: click.Context, fmt: str, output: str | None) -> None:
    """Export every story in the JSON contract (or one CSV / Parquet table per fact kind)."""
    from .export import export_stories

    written = export_stories(_store(ctx), fmt, output, ctx.obj, stdout=sys.stdout)
    for path in written:
        err.print(f"wrote {path}")


@main.command()
@click.option(
    "--db", "demo_db", default="storyline-demo.db", show_default=True, help="Store to (re)create for the demo."
)
@click.pass_context
@handle_errors
def demo(ctx: click.Context, demo_db: str) -> None:
    """Run everything on the bundled fictional demo corpus into a fresh store and print the stories."""
    from .demo import demo_corpus, reset_store

    options: Options = ctx.obj.replace(db=demo_db)
    reset_store(demo_db)
    store = open_store(demo_db)
    ctx.call_on_close(store.close)
    console.print(f"[bold]storyline demo[/bold]: ingesting {escape(str(demo_corpus()))} into {escape(demo_db)}")
    report = run_ingest([str(demo_corpus())], options, store)
    _print_stories(store, options)
    console.print(
        f"\nNext: [bold]storyline --db {demo_db} story ID[/bold] for one story, "
        f"[bold]storyline --db {demo_db} export[/bold] for JSON."
    )
    ctx.exit(0 if report.ok else 1)


def _print_stories(store: Store, options: Options) -> None:
    from .present.terminal import render_story_brief

    for built in api.stories(store, options):
        render_story_brief(console, built)
    for article_id, reason in store.unclustered():
        console.print(f"[yellow]not clustered[/yellow] {article_id}: {escape(reason)}", highlight=False)


@main.command()
@click.argument("story_id")
@click.option("--why", is_flag=True, help="Show what tied each article to the story, and what kept it from others.")
@click.option("--json", "as_json", is_flag=True, help="Print the story in the JSON contract.")
@click.pass_context
@handle_errors
def story(ctx: click.Context, story_id: str, why: bool, as_json: bool) -> None:
    """Show one story: outlets side by side; agreed, unique and conflicting facts; timeline; summary."""
    store = _store(ctx)
    built = api.story(store, story_id, ctx.obj)
    if as_json:
        out = built.to_dict() | ({"why": api.explain(store, built.id)} if why else {})
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    from .present.terminal import render_story, render_why

    render_story(console, built)
    if why:
        render_why(console, api.explain(store, built.id))


# ---- commands added by each stage follow ------------------------------------------------------


@main.command()
@click.argument("story_id")
@click.option("--format", "fmt", type=click.Choice(["md", "html"]), default="md", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="File to write (default: stdout).")
@click.pass_context
@handle_errors
def report(ctx: click.Context, story_id: str, fmt: str, output: str | None) -> None:
    """Write one story as a self-contained report (Markdown or HTML) a person can send around."""
    from .present import render_report

    text = render_report(api.story(_store(ctx), story_id, ctx.obj), fmt)
    if output is None:
        click.echo(text, nl=False)
        return
    Path(output).write_text(text, encoding="utf-8")
    err.print(f"wrote {output}")


@main.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to bind; empty is loopback (a non-loopback one needs --token).",
)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--token", envvar="STORYLINE_TOKEN", help="Token the write endpoints require (Bearer).")
@click.option("--allow-private", is_flag=True, default=None, help="Let URL ingest fetch loopback/private hosts.")
@click.option("--create", is_flag=True, help="Start with a new, empty store when --db names none yet.")
@click.pass_context
@handle_errors
def serve(
    ctx: click.Context, host: str, port: int, token: str | None, allow_private: bool | None, create: bool
) -> None:
    """Serve the HTTP API (/api, OpenAPI at /docs) and the web pages over the store."""
    try:
        from .web import serve as run_server
        from .web.guard import check_bind
    except ImportError as exc:
        missing = exc.name or "fastapi"
        raise ModelMissingError(f"the web app needs {missing}: {install_hint('web')}") from exc

    options: Options = ctx.obj.replace(
        token=token or ctx.obj.token, allow_private=bool(allow_private or ctx.obj.allow_private)
    )
    address = check_bind(host, options.token)  # first: "" is loopback, never every interface
    _store(ctx, create=create)  # a mistyped --db is an error here too, before the server starts
    shown = f"[{address}]" if ":" in address else address
    err.print(f"storyline: serving {options.db} on http://{shown}:{port}/ (Ctrl-C stops)", markup=False)
    run_server(options, host=address, port=port)


@main.command()
@click.option("--all", "redo_all", is_flag=True, help="Re-extract every article, not only missing or outdated facts.")
@click.option("--processes", type=click.IntRange(min=0), help=PROCESSES_HELP)
@click.pass_context
@handle_errors
def extract(ctx: click.Context, redo_all: bool, processes: int | None) -> None:
    """Run extraction over stored articles whose facts are missing or from older extractors."""

    options = ctx.obj if processes is None else ctx.obj.replace(n_process=processes)
    count = api.extract(_store(ctx), options, redo_all=redo_all)
    console.print(f"extracted {count} article(s) with {api.extract_version()}")


@main.command()
@click.pass_context
@handle_errors
def recluster(ctx: click.Context) -> None:
    """Rebuild every story from the stored articles, then replay merges, splits and moves."""

    count = api.recluster(_store(ctx), ctx.obj)
    console.print(f"{count} stories")


@main.command()
@click.option("-q", "--query", help="Only stories with an article matching this full-text query.")
@click.option("--outlet", help="Only stories with an article from this outlet.")
@click.option("--since", help="Only stories with a report published on or after YYYY-MM-DD.")
@click.option("--until", help="Only stories with a report published on or before YYYY-MM-DD.")
@click.option("--min-outlets", default=0, type=click.IntRange(0), help="At least this many independent outlets.")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1))
@click.option("--offset", default=0, type=click.IntRange(0))
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON.")
@click.pass_context
@handle_errors
def stories(
    ctx: click.Context,
    query: str | None,
    outlet: str | None,
    since: str | None,
    until: str | None,
    min_outlets: int,
    limit: int,
    offset: int,
    as_json: bool,
) -> None:
    """List stories, largest first: outlets (independent ones: not marked copies), first and last
    date, title; then the articles not clustered."""
    from .listing import StoryFilter
    from .present.terminal import render_story_cards

    store = _store(ctx)
    wanted = StoryFilter(query, None, outlet, since, until, min_outlets, limit, offset)
    cards = api.story_cards(store, wanted)
    if as_json:
        click.echo(json.dumps({"stories": [c.to_dict() for c in cards]}, ensure_ascii=False, indent=2))
        return
    render_story_cards(console, cards, filtered=wanted.filtered)
    if not wanted.filtered:
        for article_id, reason in store.unclustered():
            console.print(f"[yellow]not clustered[/yellow] {article_id}: {escape(reason)}", highlight=False)


@main.command()
@click.argument("story_a")
@click.argument("story_b")
@click.pass_context
@handle_errors
def merge(ctx: click.Context, story_a: str, story_b: str) -> None:
    """Merge STORY_B into STORY_A (kept after `recluster`)."""

    console.print(f"merged into {api.merge(_store(ctx), story_a, story_b)}")


@main.command()
@click.argument("story_id")
@click.argument("article_ids", nargs=-1, required=True)
@click.pass_context
@handle_errors
def split(ctx: click.Context, story_id: str, article_ids: tuple[str, ...]) -> None:
    """Split ARTICLE_IDS out of STORY_ID into a new story (kept after `recluster`)."""

    console.print(f"new story {api.split(_store(ctx), story_id, list(article_ids))}")


@main.command()
@click.argument("article_id")
@click.argument("story_id")
@click.pass_context
@handle_errors
def move(ctx: click.Context, article_id: str, story_id: str) -> None:
    """Move ARTICLE_ID into STORY_ID (kept after `recluster`)."""

    store = _store(ctx)
    api.move(store, article_id, story_id)
    console.print(f"moved {article_id} to {store.story_of(store.article(article_id).id)}")


# ---- story background --------------------------------------------------------------------------


@main.group("background")
def background_group() -> None:
    """Build or show the story background: how common each word is in other news (docs/background.md)."""


@background_group.command("build")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="File to write (e.g. bg.json.gz).")
@click.option("--db", "db", help="Count this store's articles (default: the configured store, when no SOURCES).")
@click.option("--min-df", type=click.IntRange(1), help="Keep terms in at least this many reports (default 2).")
@click.argument("sources", nargs=-1)
@click.pass_context
@handle_errors
def background_build(
    ctx: click.Context, out: str, db: str | None, min_df: int | None, sources: tuple[str, ...]
) -> None:
    """Count your archive's reports (a store, and/or files, folders and globs of reports) into a
    background file; then set story_background = "OUT" in storyline.toml. Writes hashed terms and
    counts only."""

    options: Options = ctx.obj
    db = db or ctx.find_root().params.get("db") or (None if sources else options.db)
    store = open_store(db, create=False) if db else None
    if store is not None:
        ctx.call_on_close(store.close)
    report = api.build_background(out, sources, store, options, min_df)
    for failure in report.failed:
        err.print(f"[yellow]skipped[/yellow] {escape(printable(str(failure)))}", highlight=False)
    b = report.built
    console.print(
        f"{b.n_docs} reports counted ({b.copies} copies and {b.unclusterable} without text passed over), "
        f"{b.kept} of {b.terms} terms in {b.min_df}+ reports -> {escape(printable(b.path))} ({b.size:,} bytes)",
        highlight=False,
    )
    for warning in report.warnings:
        err.print(f"note: {escape(warning)}", highlight=False)
    console.print(
        f'use it: story_background = "{escape(printable(b.path))}" in storyline.toml, then `storyline recluster`'
    )
    if report.failed:
        sys.exit(1)


@background_group.command("show")
@click.argument("name", default="builtin")
@click.pass_context
@handle_errors
def background_show(ctx: click.Context, name: str) -> None:
    """What a background (builtin, none, or a file) was counted from and holds."""

    click.echo(json.dumps(api.background_info(name), ensure_ascii=False, indent=2))


# Gold set per scorer: (default path relative to the working directory, module, function).
EVAL_SETS = {
    "quotes": ("../shared/eval/polnear/dev", "storyline.eval.polnear", "score_quotes"),
    # a folder: NewsQuant dev and the four Recognizers sets, scored set by set
    "figures": ("../shared/eval/newsquant", "storyline.eval.newsquant", "score_figures"),
    "dates": ("../shared/eval/tempeval3", "storyline.eval.tempeval", "score_dates"),
    "stories": ("../shared/eval/ecbplus", "storyline.eval.ecb", "score_stories"),
    "events": ("../shared/eval/ecbplus", "storyline.eval.ecb_events", "score_event_alignment"),
    # dated politics news ingested as shipped: how far apart a story's reports are (unlabelled)
    "spans": ("../shared/eval/polnear", "storyline.eval.spans", "score_spans"),
}


@main.group("eval")
def eval_group() -> None:
    """Score extraction and story clustering against the public gold sets in ../shared/eval."""


def _eval_command(kind: str, default: str, module: str, function: str) -> None:
    @eval_group.command(kind, help=f"Score {kind} against a gold set (default {default}).")
    @click.option("--data", type=click.Path(), help=f"Gold set in the same format (default {default}).")
    @click.option("--json", "as_json", is_flag=True, help="Print the metrics as one JSON object.")
    @click.pass_context
    @handle_errors
    def command(ctx: click.Context, data: str | None, as_json: bool, quality: str | None = None) -> None:
        import importlib

        path = Path(data or default)
        if not path.exists():
            raise UsageError(f"{path}: no gold set for {kind} there; pass --data PATH (a set laid out like {default})")
        options = ctx.obj.replace(quality=quality) if quality else ctx.obj
        metrics = getattr(importlib.import_module(module), function)(path, options)
        if as_json:
            click.echo(json.dumps(metrics, ensure_ascii=False))
            return
        table = Table(title=f"eval {kind}: {path}")
        table.add_column("metric")
        table.add_column("value", justify="right")
        # a folder of sets ("figures"): one row per set and metric
        nested = [
            (f"{name} {sub}", v)
            for name, value in metrics.items()
            if isinstance(value, dict)
            for sub, v in value.items()
        ]
        rows = nested or list(metrics.items())
        for name, value in rows:
            shown = f"{value:.3f}" if isinstance(value, float) else json.dumps(value, ensure_ascii=False)
            table.add_row(name, shown)
        console.print(table)

    if kind == "quotes":
        click.option("--quality", type=click.Choice(QUALITIES), help="Quote tagger tier (default: fast).")(command)


for _kind, (_default, _module, _function) in EVAL_SETS.items():
    _eval_command(_kind, _default, _module, _function)


def _add_spark() -> None:
    from .spark.cli import spark_group  # pyspark itself is imported only when a spark command runs

    main.add_command(spark_group)


_add_spark()

if __name__ == "__main__":  # pragma: no cover
    main()
