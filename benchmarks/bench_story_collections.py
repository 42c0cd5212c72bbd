"""Story clustering of small collections: random K-topic slices of ECB+, each clustered alone.

``storyline eval stories`` clusters all dev topics at once (33 topics here). The held-out split is
10 topics, scored on its own; a newsroom's first collection is small too. Document frequencies,
and with them every similarity, depend on what else the collection holds, so a figure measured on
the whole dev set need not carry to a 10-topic collection. This prints, for ``--samples`` random
slices of ``--topics`` topics (seeded, so runs compare), B³ F1 of each slice clustered alone and of
the same documents within the clustering of the whole folder: mean, spread and the worst slices.
"Alone" uses a background counted from the topics outside the slice (``eval.ecb.leave_out``: how
the built-in background meets unseen topics); "alone, no background" leaves it out.

    python benchmarks/bench_story_collections.py [--data ../shared/eval/ecbplus] [--topics 10] [--samples 60]
        [--no-facts]

Each document is stored with its extracted Facts, as ingest stores them (``eval.factcache``).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from storyline.eval.ecb import (
    DEFAULT,
    b_cubed,
    cluster_documents,
    leave_out,
    load,
    topic_counts,
    topic_of,
    topic_slices,
)
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
    parser.add_argument("--no-facts", action="store_true", help="cluster the documents without their extracted facts")
    args = parser.parse_args()
    facts = not args.no_facts

    docs = load(args.data)
    topics = sorted({topic_of(g) for _, g, _ in docs})
    options = Options(story_background="none")
    counts = topic_counts(docs)
    tmp = tempfile.TemporaryDirectory()
    start = time.process_time()
    whole = dict(zip([d for d, _, _ in docs], cluster_documents(docs, options, facts), strict=True))
    gold_all = [g for _, g, _ in docs]
    print(
        f"whole folder (no background): {len(docs)} docs, {len(topics)} topics, "
        f"B3 F1 {b_cubed(gold_all, [whole[d] for d, _, _ in docs])[2]:.4f}"
    )
    alone, bare, within, worst = [], [], [], []
    lost: dict[str, list[float]] = defaultdict(list)
    for part in topic_slices(docs, args.topics, args.samples, args.seed):
        pick = {topic_of(g) for _, g, _ in part}
        gold = [g for _, g, _ in part]
        pred = cluster_documents(part, leave_out(options, counts, pick, Path(tmp.name)), facts)
        alone.append(b_cubed(gold, pred)[2])
        bare.append(b_cubed(gold, cluster_documents(part, options, facts))[2])
        within.append(b_cubed(gold, [whole[d] for d, _, _ in part])[2])
        worst.append((alone[-1], sorted(pick, key=lambda t: (len(t), t))))
        for t in pick:  # per topic: B3 F1 of its documents, alone minus within the whole
            idx = [i for i, d in enumerate(part) if topic_of(d[1]) == t]
            a = b_cubed([gold[i] for i in idx], [pred[i] for i in idx])[2]
            w = b_cubed([gold[i] for i in idx], [whole[part[i][0]] for i in idx])[2]
            lost[t].append(a - w)
    print(f"{args.samples} collections of {args.topics} topics ({time.process_time() - start:.1f} CPU s in all):")
    describe("clustered alone", alone)
    describe("alone, no background", bare)
    describe("within the whole folder", within)
    print("worst collections:", "; ".join(f"{f:.4f} [{','.join(p)}]" for f, p in sorted(worst)[:3]))
    drops = sorted((statistics.mean(v), t) for t, v in lost.items())
    print(
        "per topic, mean B3 F1 of its own documents alone - within the whole; most lost:",
        ", ".join(f"{t} {d:+.3f}" for d, t in drops[:4]),
        "; most gained:",
        ", ".join(f"{t} {d:+.3f}" for d, t in drops[::-1][:4]),
    )


if __name__ == "__main__":
    main()
