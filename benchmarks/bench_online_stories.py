"""Online story assignment vs recluster on ECB+: what a user who only ingests gets.

Feeds the documents of an ECB+-layout folder one at a time through ``assign`` (as ``storyline
ingest`` does), in a few shuffled orders, with the stories touched regrouped after every ``batch``
arrivals (0: never, ``assign`` alone), and scores the stories with B³ and ARI; then scores
``recluster`` over the same documents (as ``storyline eval stories`` does). Prints what it measured.

With ``--ingest``, the documents also go through ``storyline.ingest`` itself, as text files in one
shuffled order, with extraction (spaCy) and its batches, once without and once with regrouping,
then ``recluster`` over that store: what a user gets (about 100 CPU s each).

    python benchmarks/bench_online_stories.py [--data ../shared/eval/ecbplus] [--shuffles 3] [--batches 0,1,32]
    python benchmarks/bench_online_stories.py --shuffles 0 --batches 0 --ingest
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from sklearn.metrics import adjusted_rand_score

from storyline.api import ingest
from storyline.cluster.stories import recluster
from storyline.eval.ecb import DEFAULT, assign_documents, b_cubed, cluster_documents, load
from storyline.options import Options
from storyline.store.sqlite import SQLiteStore


def report(name: str, gold: list[str], pred: list[str], seconds: float) -> None:
    p, r, f = b_cubed(gold, pred)
    print(
        f"{name:22s} B3 P {p:.4f} R {r:.4f} F1 {f:.4f}  ARI {adjusted_rand_score(gold, pred):.4f}  "
        f"{len(set(pred))} stories  {seconds:.1f} CPU s"
    )


def through_ingest(docs: list[tuple[str, str, str]], gold: list[str], seed: int) -> None:
    """The documents as text files through ``storyline.ingest`` (extraction on), regroup off / on."""
    order = list(docs)
    random.Random(seed).shuffle(order)
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for doc_id, _, text in order:
            path = Path(tmp) / f"{doc_id}.txt"
            path.write_text(text, encoding="utf-8")
            paths.append(str(path))
        for regroup in (False, True):
            db = str(Path(tmp) / f"regroup{regroup}.db")
            store = SQLiteStore(db)
            start = time.process_time()
            done = ingest(paths, store=store, options=Options(db=db, regroup=regroup))
            seconds = time.process_time() - start
            ids = {Path(a.source or "").stem: a.id for a in done.ingested}
            name = "ingest" + ("" if regroup else " --no-regroup")
            report(name, gold, [store.story_of(ids[d]) or d for d, _, _ in docs], seconds)
            start = time.process_time()
            recluster(store, Options(db=db))
            pred = [store.story_of(ids[d]) or d for d, _, _ in docs]
            report("  then recluster", gold, pred, time.process_time() - start)
            store.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("--shuffles", type=int, default=3)
    parser.add_argument("--batches", default="0,1,32", help="regroup after this many arrivals (0: never)")
    parser.add_argument("--ingest", action="store_true", help="also through storyline.ingest() with extraction")
    args = parser.parse_args(argv)
    docs = load(args.data)
    gold = [g for _, g, _ in docs]
    options = Options(cluster=True)
    print(f"{len(docs)} documents, {len(set(gold))} gold stories ({args.data})")
    for batch in [int(b) for b in args.batches.split(",") if b]:
        for seed in range(1, args.shuffles + 1):
            start = time.process_time()
            pred = assign_documents(docs, options, seed, batch)
            name = f"regroup/{batch}" if batch else "assign only"
            report(f"{name}, order {seed}", gold, pred, time.process_time() - start)
    start = time.process_time()
    pred = cluster_documents(docs, options)
    report("recluster", gold, pred, time.process_time() - start)
    if args.ingest:
        through_ingest(docs, gold, seed=1)


if __name__ == "__main__":
    main()
