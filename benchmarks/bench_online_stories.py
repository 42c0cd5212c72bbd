"""Online story assignment vs recluster on ECB+: what a user who only ingests gets.

Feeds the documents of an ECB+-layout folder one at a time through ``assign`` (as ``storyline
ingest`` does), in a few shuffled orders, with the stories touched regrouped after every ``batch``
arrivals (0: never, ``assign`` alone), and scores the stories with B³ and ARI; then scores
``recluster`` over the same documents (as ``storyline eval stories`` does). Prints what it measured.

    python benchmarks/bench_online_stories.py [--data ../shared/eval/ecbplus] [--shuffles 3] [--batches 0,1,32]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from sklearn.metrics import adjusted_rand_score

from storyline.eval.ecb import DEFAULT, assign_documents, b_cubed, cluster_documents, load
from storyline.options import Options


def report(name: str, gold: list[str], pred: list[str], seconds: float) -> None:
    p, r, f = b_cubed(gold, pred)
    print(
        f"{name:22s} B3 P {p:.4f} R {r:.4f} F1 {f:.4f}  ARI {adjusted_rand_score(gold, pred):.4f}  "
        f"{len(set(pred))} stories  {seconds:.1f} CPU s"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("--shuffles", type=int, default=3)
    parser.add_argument("--batches", default="0,1,32", help="regroup after this many arrivals (0: never)")
    args = parser.parse_args(argv)
    docs = load(args.data)
    gold = [g for _, g, _ in docs]
    options = Options(cluster=True)
    print(f"{len(docs)} documents, {len(set(gold))} gold stories ({args.data})")
    for batch in [int(b) for b in args.batches.split(",")]:
        for seed in range(1, args.shuffles + 1):
            start = time.process_time()
            pred = assign_documents(docs, options, seed, batch)
            name = f"regroup/{batch}" if batch else "assign only"
            report(f"{name}, order {seed}", gold, pred, time.process_time() - start)
    start = time.process_time()
    pred = cluster_documents(docs, options)
    report("recluster", gold, pred, time.process_time() - start)


if __name__ == "__main__":
    main()
