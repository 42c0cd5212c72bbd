"""Final scores on ECB+ (issue #14, ``cluster/occurrence.py``): how many documents state one, and
on how many pairs the veto fires, per half of the topics (``eval.ecb_events``: train / dev).

A veto on a pair of one gold story (topic × ecb/ecbplus) is a wrong veto; on a pair of one topic's
two stories (the same kind of event, another occurrence) it is the veto doing its job.

    python benchmarks/bench_scorelines.py [--data PATH] [--show]
"""

from __future__ import annotations

import argparse
from itertools import combinations
from pathlib import Path

from storyline.cluster.occurrence import conflict, final_scores
from storyline.eval import ecb
from storyline.eval.mix import EVAL, halves


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(EVAL / "ecbplus"))
    parser.add_argument("--show", action="store_true", help="print each document's scores")
    args = parser.parse_args()
    docs = [(f.parent.name, f.stem, *ecb.read_document(f)) for f in sorted(Path(args.data).glob("*/*.xml"))]
    for half, topics in sorted(halves().items()):
        mine = [(t, name, gold, final_scores(text)) for t, name, gold, text in docs if t in topics]
        stated = [d for d in mine if d[3]]
        same = other = same_fired = other_fired = 0
        for a, b in combinations(stated, 2):
            if a[0] != b[0]:
                continue
            fired = conflict(a[3], b[3]) is not None
            if a[2] == b[2]:
                same += 1
                same_fired += fired
            else:
                other += 1
                other_fired += fired
        print(
            f"{half}: {len(mine)} documents, {len(stated)} state a final score "
            f"({len({d[2] for d in stated})} gold stories); pairs of one topic both stating one: "
            f"same story {same} (veto fires on {same_fired}), other story {other} (veto fires on {other_fired})"
        )
        if args.show:
            for _, name, gold, scores in stated:
                print(f"  {gold:12s} {name:20s} {sorted(scores)}")


if __name__ == "__main__":
    main()
