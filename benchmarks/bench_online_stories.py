"""Online story assignment vs recluster on ECB+: what a user who only ingests gets.

Feeds the documents of an ECB+-layout folder one at a time through ``assign`` (as ``storyline
ingest`` does), in a few shuffled orders, and scores the stories with B³ and ARI; then scores
``recluster`` over the same documents (as ``storyline eval stories`` does). Prints what it measured.

    python benchmarks/bench_online_stories.py [--data ../shared/eval/ecbplus] [--shuffles 3]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import time
from pathlib import Path

from sklearn.metrics import adjusted_rand_score

from storyline.cluster.stories import assign
from storyline.eval.ecb import DEFAULT, b_cubed, cluster_documents, load
from storyline.options import Options
from storyline.records import Article
from storyline.store.sqlite import SQLiteStore


def online(docs: list[tuple[str, str, str]], seed: int, options: Options) -> list[str]:
    order = list(docs)
    random.Random(seed).shuffle(order)
    store = SQLiteStore(":memory:")
    try:
        for doc_id, _, text in order:
            digest = hashlib.sha256(text.encode()).hexdigest()
            store.add_article(Article(id=doc_id, body=text, content_hash=f"{doc_id}:{digest}", format="ecb+"))
            assign(store, store.article(doc_id), options)
        return [store.story_of(doc_id) or doc_id for doc_id, _, _ in docs]
    finally:
        store.close()


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
    args = parser.parse_args(argv)
    docs = load(args.data)
    gold = [g for _, g, _ in docs]
    options = Options(cluster=True)
    print(f"{len(docs)} documents, {len(set(gold))} gold stories ({args.data})")
    for seed in range(1, args.shuffles + 1):
        start = time.process_time()
        pred = online(docs, seed, options)
        report(f"online, order {seed}", gold, pred, time.process_time() - start)
    start = time.process_time()
    pred = cluster_documents(docs, options)
    report("recluster", gold, pred, time.process_time() - start)


if __name__ == "__main__":
    main()
