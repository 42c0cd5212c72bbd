"""``storyline spark …`` (also ``python -m storyline.spark …`` for spark-submit)."""

from __future__ import annotations

import time

import click

from ..options import Options, load_options


@click.group("spark")
def spark_group() -> None:
    """Run the pipeline on Apache Spark (pip install -e '.[spark]'; needs Java 17+)."""


def _options(ctx: click.Context) -> Options:
    obj = ctx.find_root().obj
    return obj if isinstance(obj, Options) else load_options()


@spark_group.command("ingest")
@click.argument("sources", nargs=-1, required=True)
@click.option("--out", required=True, help="Folder (local or Hadoop URL) that receives the Parquet tables.")
@click.option("--master", help="Spark master URL (default: spark-submit's, else local[*]).")
@click.option("--partitions", type=int, help="Partitions the articles are extracted in (default 8 per core).")
@click.option("--no-stories", is_flag=True, help="Write articles, facts and errors only.")
@click.option("--profile", is_flag=True, help="Print each step's wall time and Spark jobs.")
@click.pass_context
def ingest_command(
    ctx: click.Context,
    sources: tuple[str, ...],
    out: str,
    master: str | None,
    partitions: int | None,
    no_stories: bool,
    profile: bool,
) -> None:
    """Read SOURCES (files, folders, globs, hdfs:// or s3a:// URLs) into Parquet tables under --out."""
    from ..cli import handle_errors
    from .job import ingest
    from .session import session

    @handle_errors
    def run() -> None:
        started = time.monotonic()
        options = _options(ctx)
        spark = session(master, partitions=partitions, model=options.model if options.extract else None)
        ready = time.monotonic()
        summary = ingest(spark, list(sources), out, options, partitions, stories=not no_stories)
        counts = ", ".join(f"{table} {n}" for table, n in summary.counts.items())
        done = time.monotonic()
        phases = ", ".join(f"{phase} {s:.1f} s" for phase, s in summary.seconds.items())
        click.echo(f"spark ingest: {counts} in {done - started:.1f} s (job {done - ready:.1f} s: {phases}) -> {out}")
        if profile:
            click.echo(f"Spark start {ready - started:.1f} s; the job's steps:\n{summary.profile.table()}")

    run()


@spark_group.command("load")
@click.argument("folder")
@click.option("--db", "db", help="Store to load into (postgresql://… loads with COPY; default: --db / STORYLINE_DB).")
@click.pass_context
def load_command(ctx: click.Context, folder: str, db: str | None) -> None:
    """Load the tables `spark ingest` wrote under FOLDER into a store, for `serve` and the CLI."""
    from ..cli import handle_errors
    from ..store import open_store
    from .load import RECLUSTER_HINT, load

    @handle_errors
    def run() -> None:
        started = time.monotonic()
        options = _options(ctx)
        store = open_store(db or options.db)
        try:
            counts = load(folder, store)
        finally:
            store.close()
        other = counts.pop("other_articles", 0)
        shown = ", ".join(f"{k} {n}" for k, n in counts.items())
        click.echo(f"spark load: {shown} in {time.monotonic() - started:.1f} s")
        if counts["index"] == 0:
            click.echo(f"no clustering index in {folder} (written with --no-stories?); run: {RECLUSTER_HINT}")
        elif other:
            click.echo(f"the store held {other} other articles the loaded index does not know; run: {RECLUSTER_HINT}")

    run()
