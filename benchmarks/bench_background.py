"""Story backgrounds compared on what they were not counted from (leakage of the built-in one).

The built-in background holds the ECB+ documents and PolNeAR articles the benchmarks score, so a
measured gain could come from counting the evaluated documents themselves. For each week-of-news
mix (``eval.mix``, ECB+ topics of one half: ``--half train|dev|all``) this scores the built-in
background, any ``--compare NAME=FILE``, and a held-out one counted per mix without the half's
ECB+ topics, without that mix's PolNeAR distractors and without the demo. ``--slices`` scores
10-topic ECB+ collections (as the quality gate) with a background of the other topics alone (the
gate's), and of the other topics plus PolNeAR and the demo (the built-in's make-up, held out).

    python benchmarks/bench_background.py [--half dev] [--seeds 0,1,2,3,4,5] [--compare old=FILE] [--slices]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from storyline.cluster import background
from storyline.eval import ecb, mix
from storyline.eval.ecb_events import DEV_TOPICS, TRAIN_TOPICS
from storyline.options import Options

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_story_background import news

METRICS = ("pair_precision", "pair_recall", "b3_f1")


def held_out(folder: Path, topics: set[str], reports: list[mix.Report], name: str) -> str:
    stems = {r.article.id.removeprefix("pol-") for r in reports if r.article.id.startswith("pol-")}
    path = folder / f"{name}.json.gz"
    background.build(path, (), news(mix.EVAL, topics, skip=stems, demo=False), "held out")
    return str(path)


def mixes(args: argparse.Namespace, compare: dict[str, str], folder: Path) -> None:
    halves = {"train": TRAIN_TOPICS, "dev": DEV_TOPICS, "all": TRAIN_TOPICS | DEV_TOPICS}
    topics = {str(t) for t in halves[args.half]}
    per: dict[tuple[str, str], dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for seed in (int(s) for s in args.seeds.split(",")):
        reports = mix.build(seed, topics=None if args.half == "all" else topics)
        gold = [r.gold for r in reports]
        named = {**compare, "held-out": held_out(folder, topics, reports, f"held-{seed}")}
        for name, bg in named.items():
            for mode, pred in mix.run(reports, Options(story_background=bg), seed, Options().batch_size).items():
                s = mix.scores(gold, pred)
                for m in METRICS:
                    per[(name, mode)][m].append(s[m])
                print(f"{args.half} seed {seed} {name:9s} {mode:9s} " + " ".join(f"{m} {s[m]:.4f}" for m in METRICS))
    for (name, mode), metrics in per.items():
        parts = [f"{m} mean {sum(v) / len(v):.4f} worst {min(v):.4f}" for m, v in metrics.items()]
        print(f"{args.half:5s} {name:9s} {mode:9s} " + "  ".join(parts), flush=True)


def sized(folder: Path, sizes: list[int]) -> None:
    """The gate's 10-topic collections with a background of ``size`` documents drawn (seeded) from
    the other topics: how many reports a background needs before it helps."""
    import random

    docs = ecb.load(ecb.DEFAULT)
    for size in sizes:
        scores = []
        for k, part in enumerate(ecb.topic_slices(docs, 10, 20)):
            inside = {ecb.topic_of(g) for _, g, _ in part}
            pool = [d for d in docs if ecb.topic_of(d[1]) not in inside]
            picked = random.Random(k).sample(pool, min(size, len(pool)))
            path = folder / f"sized-{size}-{k}.json.gz"
            if size:
                background.build(path, (), (ecb._article(i, text) for i, _, text in picked), f"{size} documents")
            options = Options(story_background=str(path) if size else "none")
            scores.append(ecb.b_cubed([g for _, g, _ in part], ecb.cluster_documents(part, options))[2])
        print(
            f"slices, background of {size} other-topic documents: B3 F1 mean {sum(scores) / len(scores):.4f} "
            f"worst {min(scores):.4f}",
            flush=True,
        )


def slices(folder: Path) -> None:
    """The gate's 10-topic collections with a leave-topics-out background, with and without the rest."""
    docs = ecb.load(ecb.DEFAULT)
    counts = ecb.topic_counts(docs)
    rest = background.count(news(mix.EVAL, {t for t in counts}))  # PolNeAR and the demo, no ECB+ topic
    with_rest = {**counts, "rest": rest}
    for k, (label, table) in enumerate((("other topics", counts), ("other topics + PolNeAR + demo", with_rest))):
        scores = []
        (folder / str(k)).mkdir()  # files are named by the topics left out: one folder per make-up
        for part in ecb.topic_slices(docs, 10, 20):
            picked = ecb.leave_out(Options(), table, {ecb.topic_of(g) for _, g, _ in part}, folder / str(k))
            scores.append(ecb.b_cubed([g for _, g, _ in part], ecb.cluster_documents(part, picked))[2])
        print(f"slices, background of {label}: B3 F1 mean {sum(scores) / len(scores):.4f} worst {min(scores):.4f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=("train", "dev", "all"), default="dev")
    parser.add_argument("--seeds", default="0,1,2,3,4,5")
    parser.add_argument("--compare", action="append", default=[], help="NAME=FILE, another background to score")
    parser.add_argument("--slices", action="store_true", help="score the 10-topic ECB+ collections instead")
    parser.add_argument(
        "--sizes", help="with --slices: backgrounds of these many other-topic documents, e.g. 0,100,250"
    )
    args = parser.parse_args()
    compare = dict(c.split("=", 1) for c in args.compare) or {"builtin": "builtin"}
    with tempfile.TemporaryDirectory() as tmp:
        if args.slices and args.sizes:
            sized(Path(tmp), [int(n) for n in args.sizes.split(",")])
        elif args.slices:
            slices(Path(tmp))
        else:
            mixes(args, compare, Path(tmp))


if __name__ == "__main__":
    main()
