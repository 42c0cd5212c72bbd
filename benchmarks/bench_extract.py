"""Extraction throughput against bare spaCy, side by side in one run.

Corpus: the two seed reports (read in place from ../shared/seeds) plus generated reports made up
here from word lists (fictional), N articles in all.

Measures, in one run, on the same texts with the same model and the same number of processes:
- bare: ``list(nlp.pipe(texts, batch_size, n_process))`` — parsing only;
- extract: ``extract_articles(articles, options)`` — the same pass plus every extractor and the guard;
and prints both throughputs (articles/s, characters/s) and the ratio extract / bare (target ≥ 0.85),
by wall time and by CPU time (this process and its workers): on a shared machine the wall time
depends on what else runs, while CPU seconds say what each path costs.
With ``--breakdown`` it also prints each extractor's CPU seconds on the same parsed Docs (one process),
so the cost of extraction can be traced to a module. With ``--scaling`` it also times
``extract_articles`` on 1 and 2 processes for a few batch sizes (where ``workers.AUTO_PROCESSES_FROM`` comes from).

Usage: ``python benchmarks/bench_extract.py [--n 300] [--rounds 2] [--processes 2] [--breakdown] [--scaling]``.
Phases are interleaved per round and the best round of each is reported, because the machine is
shared and other processes add noise. It prints what it measured; it does not pass or fail.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from storyline.extractors.nlp import load_nlp
from storyline.extractors.pipeline import VERSION, extract_articles
from storyline.options import Options
from storyline.readers import read_sources
from storyline.records import Article

T = TypeVar("T")
SEEDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "seeds"
PLACES = ["Gullport", "Pelican Point", "North Haven", "Saltmarsh", "Ironbridge", "Cedar Falls", "Lowmoor"]
NAMES = ["Mira Tolland", "Ben Okafor", "Ana Reyes", "Sam Lee", "Renée Dubois", "Ivo Marsh"]
ROLES = ["Harbor Minister", "Mayor", "Police Chief", "Transport Secretary", "Council Speaker"]
ACTORS = ["The harbor council", "Police", "The ferry company", "Border officers", "The mayor's office"]
ACTIONS = [
    "arrested around {n} people along the coast road",
    "will visit {p} next month",
    "closed the {p} bridge",
    "signed an agreement with {p}",
    "announced new rules for the pier",
    "apprehended more than {n} migrants near {p}",
    "traveled to {p} to meet the governor",
]
WHEN = ["on Wednesday", "on Tuesday, Dec. 5, 2023", "earlier this month", "last week", "this year", ""]
QUOTES = [
    "“We have a lot more work to do together,” {who} said.",
    "“It was a productive trip,” {who} told reporters. “We will meet again in January.”",
    "{who} said the talks covered {n} cases, according to a spokesperson.",
    "According to {who}, costs reached {n} million dollars.",
]


def _generated(rng: random.Random, i: int) -> Article:
    sentences = []
    for _ in range(rng.randint(8, 16)):
        n = f"{rng.choice([2, 12, 300, 7000, 10000, 2500]):,}"
        if rng.random() < 0.3:
            who = f"{rng.choice(ROLES)} {rng.choice(NAMES)}" if rng.random() < 0.5 else rng.choice(NAMES)
            sentences.append(rng.choice(QUOTES).format(who=who, n=n))
        else:
            action = rng.choice(ACTIONS).format(n=n, p=rng.choice(PLACES))
            sentences.append(f"{rng.choice(ACTORS)} {action} {rng.choice(WHEN)}".rstrip() + ".")
    paragraphs = [" ".join(sentences[k : k + 3]) for k in range(0, len(sentences), 3)]
    return Article(id=f"gen{i:04d}", body="\n\n".join(paragraphs), published="2023-12-28")


def corpus(n: int, seed: int = 7) -> list[Article]:
    seeds = [a for a in read_sources([str(SEEDS)], Options()) if isinstance(a, Article)]
    rng = random.Random(seed)
    generated = [_generated(rng, i) for i in range(max(0, n - len(seeds)))]
    return (seeds + generated)[:n]


def _cpu() -> float:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _timed(fn: Callable[[], object]) -> tuple[float, float]:
    """(wall, CPU) seconds of one call, its worker processes reaped so their CPU counts."""
    cpu, start = _cpu(), time.perf_counter()
    fn()
    wall = time.perf_counter() - start
    while multiprocessing.active_children():
        time.sleep(0.01)
    return wall, _cpu() - cpu


def _best(fn: Callable[[], object], rounds: int) -> float:
    return min(_timed(fn)[0] for _ in range(rounds))


def breakdown(articles: list[Article], nlp: Any, quality: str = "fast") -> None:
    """CPU seconds of parsing and of each extractor, one process, over the same Docs."""
    from storyline.extractors import dates, entities, events, figures, quotes

    start = time.process_time()
    docs = list(nlp.pipe([a.body for a in articles]))
    cost = {"parse (nlp.pipe)": time.process_time() - start}

    def clock(name: str, fn: Callable[[], T]) -> T:
        begin = time.process_time()
        out = fn()
        cost[name] = cost.get(name, 0.0) + time.process_time() - begin
        return out

    for a, doc in zip(articles, docs, strict=True):
        reference, _ = clock("dates.estimate_reference", lambda: dates.estimate_reference(a, doc))  # noqa: B023
        found = clock("entities.mentions", lambda: entities.mentions(doc, a))  # noqa: B023
        times = clock("dates.dates", lambda: dates.dates(doc, a, reference))  # noqa: B023
        clock("quotes.quotes", lambda: quotes.quotes(doc, a, found, quality))  # noqa: B023
        clock("figures.figures", lambda: figures.figures(doc, a, times))  # noqa: B023
        clock("events.events", lambda: events.events(doc, a, found, times))  # noqa: B023
    parse = cost["parse (nlp.pipe)"]
    print("\nCPU seconds, one process, same Docs (share of parsing)")
    for name, seconds in cost.items():
        print(f"  {name:26s} {seconds:7.2f}  {seconds / parse:6.1%}")
    print(f"  {'all extractors':26s} {sum(cost.values()) - parse:7.2f}  {(sum(cost.values()) - parse) / parse:6.1%}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=300, help="articles (seeds + generated)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--scaling", action="store_true", help="also time 1 vs 2 processes per batch size")
    parser.add_argument("--breakdown", action="store_true", help="also time each extractor on parsed Docs")
    parser.add_argument("--quality", default="fast", choices=["fast", "accurate"], help="quote tier")
    args = parser.parse_args(argv)

    options = Options(n_process=args.processes, batch_size=args.batch_size, quality=args.quality)
    articles = corpus(args.n)
    texts = [a.body for a in articles]
    chars = sum(map(len, texts))
    nlp = load_nlp(options.model)
    list(nlp.pipe(texts[:4]))  # warm the model in this process
    print(f"storyline extraction benchmark ({VERSION}); model {options.model}; quotes {options.quality}")
    print(f"corpus: {len(articles)} articles, {chars:,} characters; {args.processes} process(es), "
          f"batch {args.batch_size}, best of {args.rounds} interleaved rounds")  # fmt: skip

    bare: list[tuple[float, float]] = []
    full: list[tuple[float, float]] = []
    for _ in range(args.rounds):
        bare.append(_timed(lambda: list(nlp.pipe(texts, batch_size=args.batch_size, n_process=args.processes))))
        full.append(_timed(lambda: extract_articles(articles, options)))
    (b, bc), (f, fc) = min(bare), min(full)
    bc, fc = min(c for _, c in bare), min(c for _, c in full)
    for name, wall, cpu in (("bare nlp.pipe   ", b, bc), ("extract_articles", f, fc)):
        print(f"{name}: {wall:7.2f} s wall  {len(texts) / wall:6.1f} articles/s  {chars / wall:9,.0f} chars/s"
              f"  | {cpu:7.2f} CPU s  {len(texts) / cpu:6.1f} articles per CPU s")  # fmt: skip
    print(f"ratio extract/bare: {b / f:.3f} by wall time, {bc / fc:.3f} by CPU time (target >= 0.85)")

    if args.breakdown:
        breakdown(articles, nlp, args.quality)

    if args.scaling:
        print("\nextract_articles, 1 vs 2 processes (best of rounds; seconds)")
        for size in (10, 25, 50, 100):
            batch = articles[:size]
            one = _best(lambda b=batch: extract_articles(b, options.replace(n_process=1)), args.rounds)  # type: ignore[misc]
            two = _best(lambda b=batch: extract_articles(b, options.replace(n_process=2)), args.rounds)  # type: ignore[misc]
            print(f"  {size:4d} articles: 1 process {one:6.2f}  2 processes {two:6.2f}  speed-up {one / two:.2f}x")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
