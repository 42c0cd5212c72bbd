"""Spark stories against ``recluster``'s on the "week of news" mixes (issue #19, docs/spark.md).

Spark clusters each *block* (a connected set of neighbourhood links) alone, with a cross-block pass
for ``refine``'s second look (``join_dated``, ``_absorb``), which compares groups across the whole
collection. ECB+ dev and the demo give identical stories; this asks the same of the mixes of
``eval.mix`` (ECB+ sampled sparse, PolNeAR distractors, the fictional demo; seeded), where most
reports stand alone.

Each mix (per half of the ECB+ topics and seed, scored with the held-out background of the other
half, as ``bench_week_mix.py`` scores it) is written as one JSONL file in a temporary folder (body
and title of each report), then run through ``storyline ingest`` + ``recluster`` into SQLite and
through the Spark job (``spark.job.ingest``, in-process, one Spark session for all mixes).
Extraction is off on both sides: clustering does not read facts. Printed per mix: B³ of the Spark
stories against ``recluster``'s, the number of articles whose story (its set of members) differs,
and gold pair precision / recall and B³ F1 of each (``mix.scores``).

    python benchmarks/bench_spark_mix.py [--seeds 0,1,2] [--half all|train|dev] [--master local[2]]
        [--dated] [--offline [--groups-as-blocks]]

``--dated`` spreads the reports over a made-up week (``mix.week_dates``), so that ``join_dated`` takes
part. ``--offline`` runs no Spark: the job's blocking in one process (``spark/blockwise.py``), block
by block (with the cross-block pass) against the whole collection, with what ``refine``'s second
look did and how much of it crossed blocks; seconds per mix instead of minutes.

Prints what it measured; it does not pass or fail. Needs ``pip install -e '.[spark]'`` and Java.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any


def write_mix(reports: Sequence[Any], path: Path, dates: Sequence[str] | None = None) -> list[str | None]:
    """The mix as JSONL (one report a line; undated as the mix is, unless ``dates``); the gold story of each line."""
    lines = []
    for k, r in enumerate(reports):
        row = {"body": r.article.body}
        if r.article.title:
            row["title"] = r.article.title
        if dates:
            row["published"] = dates[k]
        lines.append(json.dumps(row) + "\n")
    path.write_text("".join(lines), encoding="utf-8")
    return [r.gold for r in reports]


def line_of(source: str | None) -> int | None:
    """The JSONL line an article came from (its source is ``<file>:<line>``)."""
    if not source or ":" not in source:
        return None
    tail = source.rsplit(":", 1)[1]
    return int(tail) if tail.isdigit() else None


def members(story_of: Mapping[str, str]) -> dict[str, frozenset[str]]:
    groups: dict[str, set[str]] = defaultdict(set)
    for a, s in story_of.items():
        groups[s].add(a)
    return {a: frozenset(groups[s]) for a, s in story_of.items()}


def single(path: Path, options: Any) -> tuple[dict[str, str], dict[str, int | None]]:
    """``storyline ingest`` (no clustering) + ``recluster``: article -> story (itself when none), article -> line."""
    from storyline import api
    from storyline.cluster.stories import recluster
    from storyline.store.sqlite import SQLiteStore

    store = SQLiteStore(":memory:")
    try:
        api.ingest([str(path)], store=store, options=options.replace(cluster=False))
        recluster(store, options)
        ids = store.article_ids()
        return {a: store.story_of(a) or a for a in ids}, {a: line_of(store.article(a).source) for a in ids}
    finally:
        store.close()


def on_spark(spark: Any, path: Path, out: Path, options: Any) -> tuple[dict[str, str], dict[str, int | None]]:
    from storyline.spark.job import ingest
    from storyline.spark.load import dataset

    ingest(spark, [str(path)], str(out), options)
    stories = dataset(str(out), "stories").to_table(columns=["article", "story"]).to_pylist()
    arts = dataset(str(out), "articles").to_table(columns=["id", "source"]).to_pylist()
    return {r["article"]: r["story"] or r["article"] for r in stories}, {r["id"]: line_of(r["source"]) for r in arts}


def offline(
    path: Path, options: Any, groups_as_blocks: bool = False
) -> tuple[dict[str, str], dict[str, str], dict[str, int | None], Any]:
    """Spark's blocking without Spark (``spark/blockwise.py``): (stories of the whole collection,
    stories block by block, article -> line, ``blockwise.Blockwise``)."""
    from storyline.readers import read_sources
    from storyline.records import Article
    from storyline.spark.blockwise import compare as blockwise

    arts = [a for a in read_sources([str(path)], options) if isinstance(a, Article)]
    got = blockwise(arts, options.story_threshold, str(options.story_background or "none"), groups_as_blocks)
    return got.whole, got.blocks, {a.id: line_of(a.source) for a in arts}, got


def compare(
    gold_lines: Sequence[str | None], theirs: dict[str, str], mine: dict[str, str], lines: Mapping[str, int | None]
) -> dict[str, Any]:
    from storyline.eval import ecb, mix

    ids = sorted(set(theirs) & set(mine))
    vs = ecb.b_cubed([theirs[a] for a in ids], [mine[a] for a in ids])
    m_theirs, m_mine = members(theirs), members(mine)
    differ = sorted(a for a in ids if m_theirs[a] != m_mine[a])
    # gold per article (from its line); an article no line names (none expected) is left out
    scored = [a for a in ids if lines.get(a) is not None]
    gold = [gold_lines[lines[a] - 1] for a in scored]  # type: ignore[index]
    return {
        "n": len(ids),
        "only_one_side": len(set(theirs) ^ set(mine)),
        "b3": vs,
        "differ": differ,
        "single": mix.scores(gold, [theirs[a] for a in scored]),
        "spark": mix.scores(gold, [mine[a] for a in scored]),
        "stories": (len(set(theirs.values())), len(set(mine.values()))),
    }


def main() -> None:
    from storyline.eval import mix
    from storyline.options import Options
    from storyline.spark.session import session

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", default="0,1,2")
    parser.add_argument("--half", choices=("all", "train", "dev"), default="all")
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--distractors", type=int, default=mix.DISTRACTORS)
    parser.add_argument("--dated", action="store_true", help="spread the reports over one made-up week")
    parser.add_argument(
        "--offline", action="store_true", help="no Spark: the job's blocking simulated with its worker functions"
    )
    parser.add_argument(
        "--groups-as-blocks",
        action="store_true",
        help="with --offline: every group of the first phase a block of its own (all the passes do crosses blocks)",
    )
    args = parser.parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]
    halves = mix.halves()
    names = list(halves) if args.half == "all" else [args.half]
    spark = None if args.offline else session(args.master)
    totals: dict[str, list[float]] = defaultdict(list)
    try:
        with tempfile.TemporaryDirectory(prefix="bench_spark_mix_") as name:
            tmp = Path(name)
            for half in names:
                topics = halves[half]
                bg = mix.held_out_background(tmp, topics)
                options = Options(db=":memory:", extract=False, story_background=bg)
                for seed in seeds:
                    reports = mix.build(seed, mix.EVAL, topics, args.distractors)
                    path = tmp / f"mix-{half}-{seed}.jsonl"
                    gold = write_mix(reports, path, mix.week_dates(reports, seed) if args.dated else None)
                    if args.offline:
                        theirs, mine, lines, got = offline(path, options, args.groups_as_blocks)
                        sizes = got.sizes
                        c = compare(gold, theirs, mine, lines)
                        p, r, f = c["b3"]
                        totals[f"{half}_f1"].append(f)
                        totals["differ"].append(len(c["differ"]))
                        print(
                            f"{half:5} seed {seed}: {c['n']} articles, {len(sizes)} blocks (largest {sizes[:3]}, "
                            f"{sum(1 for x in sizes if x == 1)} alone); second look on the whole: "
                            f"{got.joins} joins ({got.joins_across} across blocks), {got.moves} lone articles "
                            f"moved ({got.moves_across} across blocks), {got.looks} second-look joins "
                            f"({got.looks_across} stories across blocks); per block vs whole B3 P/R/F1 "
                            f"{p:.4f}/{r:.4f}/{f:.4f}, {len(c['differ'])} articles differ"
                            f"{(': ' + ', '.join(c['differ'][:8])) if c['differ'] else ''}; gold pair P/R whole "
                            f"{c['single']['pair_precision']:.4f}/{c['single']['pair_recall']:.4f}, per block "
                            f"{c['spark']['pair_precision']:.4f}/{c['spark']['pair_recall']:.4f}",
                            flush=True,
                        )
                        continue
                    started = time.monotonic()
                    theirs, lines = single(path, options)
                    single_s = time.monotonic() - started
                    started = time.monotonic()
                    mine, spark_lines = on_spark(spark, path, tmp / f"out-{half}-{seed}", options)
                    spark_s = time.monotonic() - started
                    assert all(spark_lines.get(a, lines[a]) == lines[a] for a in lines), "article ids differ"
                    c = compare(gold, theirs, mine, lines)
                    p, r, f = c["b3"]
                    s1, s2 = c["single"], c["spark"]
                    totals[f"{half}_f1"].append(f)
                    totals["differ"].append(len(c["differ"]))
                    print(
                        f"{half:5} seed {seed}: {len(reports)} reports, {c['n']} articles "
                        f"({c['only_one_side']} on one side only), stories {c['stories'][0]} single / "
                        f"{c['stories'][1]} spark\n"
                        f"  spark vs recluster B3 P/R/F1 {p:.4f}/{r:.4f}/{f:.4f}, {len(c['differ'])} articles differ"
                        f"{(': ' + ', '.join(c['differ'][:8])) if c['differ'] else ''}\n"
                        f"  gold: recluster pair P {s1['pair_precision']:.4f} R {s1['pair_recall']:.4f} "
                        f"B3 F1 {s1['b3_f1']:.4f} | spark pair P {s2['pair_precision']:.4f} "
                        f"R {s2['pair_recall']:.4f} B3 F1 {s2['b3_f1']:.4f}\n"
                        f"  wall: single {single_s:.1f} s, spark {spark_s:.1f} s",
                        flush=True,
                    )
    finally:
        if spark is not None:
            spark.stop()
    for half in names:
        f1s = totals[f"{half}_f1"]
        print(f"{half}: spark vs recluster B3 F1 mean {sum(f1s) / len(f1s):.4f} worst {min(f1s):.4f}")
    print(f"articles differing, all mixes: {int(sum(totals['differ']))}")


if __name__ == "__main__":
    main()
