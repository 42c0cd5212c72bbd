"""Doubtful links on a "week of news" mix (``storyline.eval.mix``): are "possible" links one event?

Each seed builds a mix of one half's ECB+ topics (``--half train`` to choose the band, ``dev`` to
check it), ingests it as shipped (``assign``, ``regroup`` every ``--batch`` arrivals, the other
half's background) and reads every related link (``cluster.related``) with its probability
(``cluster.doubt``). A link between two stories that both hold labelled reports is "one event"
when they hold reports of one gold event. Prints, per half: per band of p, the links, mean p and
the share that are one event (calibration); per band threshold, the share of one-event links among
those at or above it ("possible") and among those below it ("topic"). ``--define`` compares
definitions of a link's p: mean over the central members' cross pairs (shipped), the most
central pair only, the highest cross pair, the mean where the two share a name or number
shown in the reason (else 0); and the link's centroid similarity (not a probability).

``--cost N``: instead, the time per story page of the links alone on one store of a mix with N
PolNeAR distractors (every ECB+ topic; up to 924): ``build_story`` with the links as before (no p,
no why) against ``related_links`` (p and why; the central members' cache emptied before every
story, emptied once before the run and filled as it goes, then warm), over
every story with a link and the first 200 stories; "before" runs twice (first and last) for drift.

    python benchmarks/bench_doubtful_links.py [--half train|dev|both] [--seeds 0,1,2] [--batch 32]
    python benchmarks/bench_doubtful_links.py --cost 924 [--db /tmp/mix.db]
"""

from __future__ import annotations

import argparse
import itertools
import random
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from storyline.cluster import doubt, pairs
from storyline.cluster.regroup import regroup
from storyline.cluster.related import related
from storyline.cluster.stories import assign
from storyline.eval import mix
from storyline.options import Options
from storyline.store.sqlite import SQLiteStore

BANDS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.7, 1.01)
THRESHOLDS = (0.1, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 0.7)


def ingest(reports: list[mix.Report], options: Options, seed: int, batch: int, path: str = ":memory:") -> SQLiteStore:
    """A store of ``reports`` ingested as shipped (``mix.run``'s "regroup" mode)."""
    order = list(reports)
    random.Random(seed).shuffle(order)
    store = SQLiteStore(path)
    pending: list[str] = []
    for k, r in enumerate(order):
        store.add_article(r.article)
        assign(store, store.article(r.article.id), options)
        pending.append(r.article.id)
        if len(pending) >= batch or k == len(order) - 1:
            regroup(store, pending, options)
            pending = []
    return store


def links(reports: list[mix.Report], options: Options, seed: int, batch: int) -> list[tuple[dict[str, float], bool]]:
    """(p per definition, one gold event) of every related link between labelled stories."""
    gold = {r.article.id: r.gold for r in reports}
    store = ingest(reports, options, seed, batch)
    try:
        members = doubt.Members(store)
        out = []
        seen = set()
        for row in store.stories(limit=1_000_000):
            for other, sim in related(store, row.id):
                pair = tuple(sorted((row.id, other)))
                if pair in seen:
                    continue
                seen.add(pair)
                ga = {g for a in store.story_articles(pair[0]) if (g := gold.get(a))}
                gb = {g for a in store.story_articles(pair[1]) if (g := gold.get(a))}
                if not ga or not gb:
                    continue
                mine, theirs = members.central(pair[0]), members.central(pair[1])
                ps = [pairs.probability(f, g, v, w) for f, v in mine for g, w in theirs]
                top = pairs.probability(mine[0][0], theirs[0][0], mine[0][1], theirs[0][1])
                mean = sum(ps) / len(ps)
                named = mean if doubt._reasons(mine, theirs)[0] else 0.0  # no name or number in common: 0
                p = {"mean": mean, "named": named, "central": top, "max": max(ps), "similarity": sim}
                out.append((p, bool(ga & gb)))
        return out
    finally:
        store.close()


def report(name: str, found: list[tuple[dict[str, float], bool]], define: str) -> None:
    same = sum(1 for _, s in found if s)
    print(f"{name}: {len(found)} links between labelled stories, {same} of them one gold event (p: {define})")
    for lo, hi in itertools.pairwise(BANDS):
        band = [(p[define], s) for p, s in found if lo <= p[define] < hi]
        if band:
            mean = sum(p for p, _ in band) / len(band)
            share = sum(1 for _, s in band if s) / len(band)
            print(
                f"  band [{lo:.1f}, {min(hi, 1.0):.1f}): {len(band):4d} links  mean p {mean:.3f}  one event {share:.3f}"
            )
    for t in THRESHOLDS:
        pos = [s for p, s in found if p[define] >= t]
        top = [s for p, s in found if p[define] < t]
        print(
            f"  threshold {t:.2f}: possible {len(pos):4d} links, one event {sum(pos) / max(len(pos), 1):.3f} "
            f"({sum(pos)} of {same} one-event links)  |  topic {len(top):4d} links, one event "
            f"{sum(top) / max(len(top), 1):.3f}"
        )


def cost(distractors: int, batch: int, path: str | None = None) -> None:
    from storyline.compare import report
    from storyline.records import Related

    def plain(store: SQLiteStore, story_id: str) -> tuple[Related, ...]:  # the links as before: no p, no why
        return tuple(Related(s, store.story(s).title, sim) for s, sim in related(store, story_id))

    with tempfile.TemporaryDirectory() as tmp:
        db = path or f"{tmp}/mix.db"
        options = Options(extract=False)  # every ECB+ topic, the built-in background: timing only
        start = time.perf_counter()
        if path and Path(path).exists():
            store = SQLiteStore(path)
        else:
            store = ingest(mix.build(0, distractors=distractors), options, 0, batch, db)
            print(f"ingested in {time.perf_counter() - start:.1f} s")
        try:
            ids = [row.id for row in store.stories(limit=1_000_000)]
            linked = [s for s in ids if related(store, s)]
            print(f"{store.count_articles()} reports, {len(ids)} stories, {len(linked)} with a link")
            links = report.related_links
            runs = (  # clear: the central members' cache emptied before the run (1) or every story (2)
                ("build_story before", plain, 0),
                ("build_story after, no cache", links, 2),
                ("build_story after, cold", links, 1),
                ("build_story after, warm", links, 0),
                ("build_story before", plain, 0),
            )
            for name, fn, clear in runs:
                if clear:
                    doubt._kept.clear()
                report.related_links = fn  # type: ignore[assignment]
                try:
                    for label, chosen in (("linked", linked), ("first 200", ids[:200])):
                        start = time.perf_counter()
                        for s in chosen:
                            if clear == 2:
                                doubt._kept.clear()
                            report.build_story(store, s, options)
                        per = (time.perf_counter() - start) / max(len(chosen), 1)
                        print(f"  {name:26s} {label:9s} stories ({len(chosen):4d}): {per * 1000:7.1f} ms per story")
                finally:
                    report.related_links = links
        finally:
            store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=("train", "dev", "both"), default="both")
    parser.add_argument("--seeds", default="0,1,2")
    parser.add_argument("--batch", type=int, default=Options().batch_size)
    parser.add_argument("--define", choices=("mean", "named", "central", "max", "similarity", "all"), default="mean")
    parser.add_argument("--cost", type=int, default=0, help="time the links on a mix with this many distractors")
    parser.add_argument("--db", help="with --cost: keep the mix store here (reused when it exists)")
    args = parser.parse_args()
    if args.cost:
        cost(args.cost, args.batch, args.db)
        return
    halves = mix.halves()
    names = ["train", "dev"] if args.half == "both" else [args.half]
    defines = ["mean", "named", "central", "max", "similarity"] if args.define == "all" else [args.define]
    print(f"shipped: p = mean over up to {doubt.CENTRAL}x{doubt.CENTRAL} central pairs, POSSIBLE {doubt.POSSIBLE}")
    start = time.process_time()
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            topics = halves[name]
            bg = mix.held_out_background(Path(tmp), topics)
            options = Options().replace(story_background=bg)
            found: list[tuple[dict[str, float], bool]] = []
            by_seed: dict[int, int] = defaultdict(int)
            for seed in (int(s) for s in args.seeds.split(",")):
                got = links(mix.build(seed, topics=topics), options, seed, args.batch)
                by_seed[seed] = len(got)
                found += got
            for define in defines:
                report(f"{name} seeds {args.seeds}", found, define)
    print(f"{time.process_time() - start:.1f} CPU s")


if __name__ == "__main__":
    main()
