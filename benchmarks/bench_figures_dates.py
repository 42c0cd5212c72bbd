"""Figures on NewsQuant dev and dates on TempEval-3 (TBAQ) from ../shared/eval; prints the metrics.

    python benchmarks/bench_figures_dates.py            # both, about 2 minutes on 2 shared cores
    python benchmarks/bench_figures_dates.py figures    # NewsQuant only (about 15 s)

Published figures to compare: NewsQuant value F1 92.0 / value+unit 85.6 (CQE); TempEval-3 value
F1 77.6 (HeidelTime, on the held-out platinum set — ours is the TBAQ dev data).
"""

from __future__ import annotations

import json
import sys
import time

from storyline.eval.newsquant import score_figures
from storyline.eval.tempeval import score_dates


def main(which: list[str]) -> None:
    for name, scorer in (("figures", score_figures), ("dates", score_dates)):
        if which and name not in which:
            continue
        started = time.perf_counter()
        result = scorer()
        result["seconds"] = round(time.perf_counter() - started, 1)
        print(name, json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
