"""Stories on a "week of news" mix (``storyline.eval.mix``): pair precision, pair recall and B³.

Each seed builds one mix (ECB+ sampled sparse, PolNeAR distractors, the fictional demo) and feeds it
one report at a time through ``assign`` alone, through ingest as shipped (``assign`` plus
``regroup`` after every ``--batch`` arrivals) and then ``recluster`` over that store. Prints every
mix, then the mean and worst per mode. ``--half train|dev`` samples ECB+ from the topics of the
event-model split only (``eval.ecb_events``: TRAIN_TOPICS / DEV_TOPICS), to report both halves.

    python benchmarks/bench_week_mix.py [--seeds 0,1,2,3,4,5] [--half all|train|dev] [--batch 32]
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict

from storyline.eval import mix
from storyline.eval.ecb_events import DEV_TOPICS, TRAIN_TOPICS
from storyline.options import Options

METRICS = ("pair_precision", "pair_recall", "b3_f1")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="0,1,2,3,4,5")
    parser.add_argument("--half", choices=("all", "train", "dev"), default="all")
    parser.add_argument("--batch", type=int, default=Options().batch_size)
    parser.add_argument("--distractors", type=int, default=mix.DISTRACTORS)
    args = parser.parse_args()
    topics = None
    if args.half != "all":
        topics = {str(t) for t in (TRAIN_TOPICS if args.half == "train" else DEV_TOPICS)}
    options = Options()
    per: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for seed in (int(s) for s in args.seeds.split(",")):
        start = time.process_time()
        reports = mix.build(seed, topics=topics, distractors=args.distractors)
        gold = [r.gold for r in reports]
        labelled = sum(1 for g in gold if g is not None)
        for mode, pred in mix.run(reports, options, seed, args.batch).items():
            s = mix.scores(gold, pred)
            for m in METRICS:
                per[mode][m].append(s[m])
            print(
                f"seed {seed} {mode:9s} pair P {s['pair_precision']:.4f} R {s['pair_recall']:.4f} "
                f"B3 F1 {s['b3_f1']:.4f}  ({s['predicted_pairs']} scored pairs, {s['true_pairs']} true; "
                f"{len(reports)} reports, {labelled} labelled, {len(set(pred))} stories)"
            )
        print(f"seed {seed}: {time.process_time() - start:.1f} CPU s")
    for mode, metrics in per.items():
        parts = [f"{m} mean {sum(v) / len(v):.4f} worst {min(v):.4f}" for m, v in metrics.items()]
        print(f"{args.half:5s} {mode:9s} " + "  ".join(parts))


if __name__ == "__main__":
    main()
