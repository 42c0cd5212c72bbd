"""Event alignment on ECB+ dev (../shared/eval/ecbplus): pairwise precision and recall against gold.

A thin wrapper over ``storyline.eval.ecb_events.score_event_alignment`` (see there for the setting):
the links shown as agreed, the links shown as possibly the same, the same-lemma baseline, and the
train / dev topic splits of the event-pair model.
Run: python benchmarks/bench_event_alignment.py [--topics N] [--n-process K]
(all 33 dev topics, ~290k tokens: about 4 minutes on two shared cores, most of it parsing;
--topics 8 for a quick look)
"""

from __future__ import annotations

import argparse

from storyline.eval.ecb_events import score_event_alignment
from storyline.options import Options


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topics", type=int, default=0, help="first N topics only (0: all)")
    parser.add_argument("--n-process", type=int, default=1)
    parser.add_argument("--data", default=None, help="ECB+ folder (default ../shared/eval/ecbplus)")
    args = parser.parse_args()
    s = score_event_alignment(args.data, Options(n_process=args.n_process), topics=args.topics)
    print(
        f"ECB+ dev: {s['n_topics']} topics, {s['n_subtopics']} sub-topics, {s['n_docs']} documents, "
        f"{s['n_mentions']} gold event mentions, {s['n_gold_links']} gold cross-document links"
    )
    print(
        f"agreed links (p >= {s['agreed_threshold']}): precision {s['precision']:.3f}  recall {s['recall']:.3f}  "
        f"F1 {s['f1']:.3f}  ({s['n_pred_links']} links)"
    )
    print(
        f"with the possible band (p >= {s['possible_threshold']}): precision {s['with_possible_precision']:.3f}  "
        f"recall {s['with_possible_recall']:.3f}  ({s['n_possible_links']} more links, shown apart)"
    )
    for split in ("train", "dev"):
        if split in s:
            t = s[split]
            print(f"  {split} topics: precision {t['precision']:.3f}  recall {t['recall']:.3f}  F1 {t['f1']:.3f}")
    print(
        f"same-lemma baseline:       precision {s['lemma_precision']:.3f}  recall {s['lemma_recall']:.3f}  "
        f"F1 {s['lemma_f1']:.3f}"
    )
    print(f"time: parse {s['parse_s']:.1f} s, align_events {s['align_s']:.2f} s")


if __name__ == "__main__":
    main()
