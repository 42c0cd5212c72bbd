"""Ingest throughput on a generated corpus (fictional text, made up here from word lists).

Measures, in one run:
- text: ``storyline.api.ingest`` of N text reports into a fresh SQLite store (extract and cluster
  off) — articles/s;
- html: the same for N HTML pages; also ``read_sources`` alone (no store) and bare
  ``trafilatura.extract`` on the same pages, so HTML ingest is reported as a ratio to bare
  trafilatura measured in the same run;
- peak RSS of the process (``ru_maxrss``) after each phase.

Usage: ``python benchmarks/bench_ingest.py [--n 10000] [--rounds 3] [--formats text,html] [--keep DIR]``.
Each measurement is repeated ``--rounds`` times (HTML phases interleaved); the best run is reported,
in wall time and in this process's CPU time. Ratios use CPU time: on a shared machine other
processes inflate wall time far more than CPU time.
It prints what it measured; it does not pass or fail.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import trafilatura

from storyline.api import ingest
from storyline.options import Options
from storyline.readers import read_sources

PLACES = ["GULLPORT", "PELICAN POINT", "NORTH HAVEN", "SALTMARSH", "IRONBRIDGE", "CEDAR FALLS", "LOWMOOR"]
OUTLETS = ["Gullport Gazette", "Islands Radio", "Harbor Wire", "Valley Ledger", "Coastline Daily"]
NAMES = ["Mira Tolland", "Ben Okafor", "Ana Reyes", "Sam Lee", "Tom Bell", "Renée Dubois", "Ivo Marsh"]
SUBJECTS = ["The harbor council", "The ferry company", "Local officials", "The school board", "Residents", "The mayor"]
VERBS = ["approved", "rejected", "debated", "postponed", "welcomed", "criticised", "announced"]
OBJECTS = [
    "a new ferry line",
    "the bridge repair plan",
    "a budget of 4.2 million dollars",
    "the library renovation",
    "a curfew for the pier",
    "the road toll",
]
TAILS = [
    "on Tuesday",
    "after a long meeting",
    "despite protests",
    "according to the transport office",
    "officials said",
    "in a 7-2 vote",
]


def _sentence(rng: random.Random) -> str:
    return (
        f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(TAILS)}, {rng.randrange(10**6)}."
    )


def _story(rng: random.Random) -> tuple[str, str, str, list[str], str]:
    """(title, outlet, place, paragraphs, caption) of one fictional report."""
    paragraphs = [" ".join(_sentence(rng) for _ in range(rng.randint(2, 4))) for _ in range(rng.randint(8, 14))]
    quote = f"“We did what we promised,” said {rng.choice(NAMES)}."
    paragraphs.insert(2, quote)
    caption = f"Boats wait at the pier on Monday in {rng.choice(PLACES).title()}. (Wire Photo/{rng.choice(NAMES)})"
    title = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
    return title, rng.choice(OUTLETS), rng.choice(PLACES), paragraphs, caption


def make_text(folder: Path, n: int, seed: int = 1) -> list[Path]:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        title, outlet, place, paragraphs, caption = _story(rng)
        day = 1 + i % 28
        text = f"date 2021-04-{day:02d} {caption}\n\n{place} ({outlet}) — " + "\n\n".join(paragraphs) + "\n"
        path = folder / f"{i:06d}.txt"
        path.write_text(f"title {title}\n" + text, encoding="utf-8")
        paths.append(path)
    return paths


def make_html(folder: Path, n: int, seed: int = 2) -> list[Path]:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        title, outlet, place, paragraphs, caption = _story(rng)
        body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
        nav = " ".join(f'<a href="/s{k}">Section {k}</a>' for k in range(12))
        page = (
            f"<!doctype html><html><head><title>{title} | {outlet}</title>"
            f'<meta property="og:site_name" content="{outlet}"><meta name="author" content="{rng.choice(NAMES)}">'
            f'<meta property="article:published_time" content="2021-04-{1 + i % 28:02d}T08:00:00Z">'
            f'<link rel="canonical" href="https://news.example/{i}"></head><body><nav>{nav}</nav>'
            f'<article><h1>{title}</h1><figure><img src="p.jpg"><figcaption>{caption}</figcaption></figure>'
            f"<p>{place} ({outlet}) — {paragraphs[0]}</p>{body}</article>"
            f"<aside>Most read: {' '.join(rng.choice(TAILS) for _ in range(8))}</aside>"
            "<footer>Contact us · Privacy · Terms</footer></body></html>"
        )
        path = folder / f"{i:06d}.html"
        path.write_text(page, encoding="utf-8")
        paths.append(path)
    return paths


def peak_rss_mb() -> float:
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / 1024 if sys.platform != "darwin" else kb / 1024 / 1024


Timing = tuple[float, float]  # (wall seconds, CPU seconds of this process)


def timed(fn: Callable[[], object]) -> Timing:
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def report(label: str, n: int, runs: list[Timing]) -> float:
    """Print the best run; return its CPU seconds (less disturbed by other processes than wall time)."""
    wall = min(w for w, _ in runs)
    cpu = min(c for _, c in runs)
    spread = f"(wall runs: {', '.join(f'{w:.1f}' for w, _ in runs)} s)" if len(runs) > 1 else ""
    print(f"{label:<36} {n:>6}: wall {wall:7.2f} s = {n / wall:7.1f}/s; CPU {cpu:7.2f} s = {n / cpu:7.1f}/s {spread}")
    return cpu


def ingest_into_store(folder: Path, db: Path, n: int) -> None:
    report = ingest([str(folder)], options=Options(db=str(db), extract=False, cluster=False))
    if len(report.ingested) != n or report.failed:
        raise SystemExit(f"expected {n} new articles, got {len(report.ingested)} and {len(report.failed)} failures")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=10_000, help="articles per format (default 10000)")
    parser.add_argument("--formats", default="text,html", help="comma-separated: text, html")
    parser.add_argument("--rounds", type=int, default=3, help="repeat each measurement, report the best (default 3)")
    parser.add_argument("--keep", type=Path, help="write the corpus and stores here and keep them")
    args = parser.parse_args()
    formats = set(args.formats.split(","))
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench_ingest_"))
    print(
        f"corpus: {args.n} generated fictional articles per format in {work}; peak RSS at start {peak_rss_mb():.1f} MB"
    )
    try:
        if "text" in formats:
            make_text(work / "text", args.n)
            runs = [
                timed(lambda: sum(1 for _ in read_sources([str(work / "text")], Options()))) for _ in range(args.rounds)
            ]
            report("text: read_sources only (no store)", args.n, runs)
            runs = [
                timed(partial(ingest_into_store, work / "text", work / f"t{r}.db", args.n)) for r in range(args.rounds)
            ]
            report("text: api.ingest into SQLite", args.n, runs)
            print(f"  peak RSS so far {peak_rss_mb():.1f} MB")
        if "html" in formats:
            paths = make_html(work / "html", args.n)
            pages = [p.read_bytes() for p in paths]
            bare, read, full = [], [], []
            for r in range(args.rounds):  # interleaved, so load from other processes hits all three alike
                bare.append(timed(lambda: [trafilatura.extract(p) for p in pages]))
                read.append(timed(lambda: sum(1 for _ in read_sources([str(work / "html")], Options()))))
                full.append(timed(partial(ingest_into_store, work / "html", work / f"h{r}.db", args.n)))
            b = report("html: bare trafilatura.extract", args.n, bare)
            rd = report("html: read_sources only (no store)", args.n, read)
            f = report("html: api.ingest into SQLite", args.n, full)
            print(
                f"html ingest / bare trafilatura, CPU time of best runs: {f / b:.2f}x; read_sources only: {rd / b:.2f}x"
            )
        print(f"peak RSS {peak_rss_mb():.1f} MB")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
