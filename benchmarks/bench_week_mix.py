"""Stories on a "week of news" mix (``storyline.eval.mix``): pair precision, pair recall and B³.

Each seed builds a mix (ECB+ sampled sparse, PolNeAR distractors, the fictional demo) and feeds it
one report at a time through ``assign`` alone, through ingest as shipped (``assign`` plus
``regroup`` after every ``--batch`` arrivals) and then ``recluster`` over that store. Prints every
mix, then the mean and worst per mode, per half and over both.

``--background heldout`` (the default): one mix per half of the ECB+ topics (``eval.ecb_events``:
TRAIN_TOPICS / DEV_TOPICS; ``--half train|dev`` for one), each scored with a background counted
from the other half's topics only, as a newsroom's background never holds this week's events.
``--background builtin`` (or none, or a file) scores every mix with that background instead;
``builtin`` holds every ECB+ report of the mix (the earlier, leaky figure; ``--half all`` is then
one mix of every topic, as the gate measured before).

    python benchmarks/bench_week_mix.py [--seeds 0,1,2,3,4,5] [--half all|train|dev]
        [--background heldout|builtin|none|FILE] [--batch 32] [--tempeval 100] [--no-facts]

Each report is stored with its Facts, as ingest stores them (``eval.factcache``: extracted once,
kept under /tmp; the first run parses every report, minutes); ``--no-facts`` stores none.
"""

from __future__ import annotations

import argparse
import time

from storyline.eval import mix
from storyline.options import Options


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="0,1,2,3,4,5")
    parser.add_argument("--half", choices=("all", "train", "dev"), default="all")
    parser.add_argument("--background", default="heldout", help="heldout (default), builtin, none or a file")
    parser.add_argument("--batch", type=int, default=Options().batch_size)
    parser.add_argument("--distractors", type=int, default=mix.DISTRACTORS)
    parser.add_argument("--tempeval", type=int, default=0, help="TempEval-3 distractors per mix (0: none)")
    parser.add_argument("--no-facts", action="store_true", help="store the reports without their extracted facts")
    args = parser.parse_args()
    held = " (each half's mixes: a background of the other half's ECB+ topics)" if args.background == "heldout" else ""
    print(f"background: {args.background}{held}")
    rows = []
    start = time.process_time()
    for row in mix.measure(
        [int(s) for s in args.seeds.split(",")],
        args.background,
        args.half,
        batch=args.batch,
        distractors=args.distractors,
        tempeval=args.tempeval,
        facts=not args.no_facts,
    ):
        s = row.scores
        rows.append(row)
        print(
            f"{row.half:5s} seed {row.seed} {row.mode:9s} pair P {s['pair_precision']:.4f} R {s['pair_recall']:.4f} "
            f"B3 F1 {s['b3_f1']:.4f}  ({s['predicted_pairs']} scored pairs, {s['true_pairs']} true; "
            f"{row.reports} reports, {row.labelled} labelled)",
            flush=True,
        )
    print(f"{time.process_time() - start:.1f} CPU s")
    summary = mix.summary(rows)
    seen = sorted({r.half for r in rows})
    labels = [(f"{h}_", h) for h in seen] + [("", "both halves")] if len(seen) > 1 else [("", seen[0])]
    for prefix, label in labels:
        for mode in dict.fromkeys(r.mode for r in rows):
            parts = [
                f"{m} mean {summary[f'{prefix}{mode}_{m}_mean']:.4f} worst {summary[f'{prefix}{mode}_{m}_min']:.4f}"
                for m in mix.METRICS
            ]
            print(f"{args.background} {label:11s} {mode:9s} " + "  ".join(parts))


if __name__ == "__main__":
    main()
