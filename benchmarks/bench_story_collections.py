"""Story clustering of small collections: random K-topic slices of ECB+, each clustered alone.

``storyline eval stories`` clusters all dev topics at once (33 topics here). The held-out split is
10 topics, scored on its own; a newsroom's first collection is small too. Document frequencies,
and with them every similarity, depend on what else the collection holds, so a figure measured on
the whole dev set need not carry to a 10-topic collection. This prints, for ``--samples`` random
slices of ``--topics`` topics (seeded, so runs compare), B³ F1 of each slice clustered alone and of
the same documents within the clustering of the whole folder: mean, spread and the worst slices.

    python benchmarks/bench_story_collections.py [--data ../shared/eval/ecbplus] [--topics 10] [--samples 60]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import defaultdict

from storyline.eval.ecb import DEFAULT, b_cubed, cluster_documents, load, topic_of, topic_slices
from storyline.options import Options


def describe(name: str, scores: list[float]) -> None:
    s = sorted(scores)
    print(
        f"{name:28s} mean {statistics.mean(s):.4f}  sd {statistics.pstdev(s):.4f}  min {s[0]:.4f}  "
        f"p10 {s[len(s) // 10]:.4f}  median {statistics.median(s):.4f}  max {s[-1]:.4f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=str(DEFAULT))
    parser.add_argument("--topics", type=int, default=10, help="topics per collection")
    parser.add_argument("--samples", type=int, default=60, help="random collections")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    docs = load(args.data)
    topics = sorted({topic_of(g) for _, g, _ in docs})
    options = Options()
    start = time.process_time()
    whole = dict(zip([d for d, _, _ in docs], cluster_documents(docs, options), strict=True))
    gold_all = [g for _, g, _ in docs]
    print(
        f"whole folder: {len(docs)} docs, {len(topics)} topics, "
        f"B3 F1 {b_cubed(gold_all, [whole[d] for d, _, _ in docs])[2]:.4f}"
    )
    alone, within, worst = [], [], []
    lost: dict[str, list[float]] = defaultdict(list)
    for part in topic_slices(docs, args.topics, args.samples, args.seed):
        pick = {topic_of(g) for _, g, _ in part}
        gold = [g for _, g, _ in part]
        pred = cluster_documents(part, options)
        alone.append(b_cubed(gold, pred)[2])
        within.append(b_cubed(gold, [whole[d] for d, _, _ in part])[2])
        worst.append((alone[-1], sorted(pick, key=lambda t: (len(t), t))))
        for t in pick:  # per topic: B3 F1 of its documents, alone minus within the whole
            idx = [i for i, d in enumerate(part) if topic_of(d[1]) == t]
            a = b_cubed([gold[i] for i in idx], [pred[i] for i in idx])[2]
            w = b_cubed([gold[i] for i in idx], [whole[part[i][0]] for i in idx])[2]
            lost[t].append(a - w)
    print(f"{args.samples} collections of {args.topics} topics ({time.process_time() - start:.1f} CPU s in all):")
    describe("clustered alone", alone)
    describe("within the whole folder", within)
    print("worst collections:", "; ".join(f"{f:.4f} [{','.join(p)}]" for f, p in sorted(worst)[:3]))
    drops = sorted((statistics.mean(v), t) for t, v in lost.items())
    print(
        "topics that lose most alone (mean B3 F1 of the topic's own documents, alone - within):",
        ", ".join(f"{t} {d:+.3f}" for d, t in drops[:6]),
    )


if __name__ == "__main__":
    main()
