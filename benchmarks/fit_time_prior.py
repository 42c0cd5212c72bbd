"""How the pair model's p and the days between two reports' publication go with one event (#14).

Reads the hand-labelled PolNeAR train pairs of ``story_pair_labels.tsv`` (same / other; unsure
left out), finds each pair's reports in a store ``draw_story_pairs.py`` ingested (``--db``), and
computes the pair model's p and the days between their publication days. Prints, per fixed half
of the pairs (by a hash of the pair: rules are written on one half and checked on the other), the
labels by days apart and p band, and fits a logistic model of the label on logit(p) and
log(1 + days apart beyond ``--after``) on each half, scored on the other (log loss, and the pairs
kept at p >= 0.5 and 0.7: how many same / other), against p as it is.

    python benchmarks/fit_time_prior.py --db /tmp/polnear-draw.db
    python benchmarks/fit_time_prior.py --db /tmp/polnear-draw.db --db /tmp/tempeval-draw.db \\
        --source polnear --check tempeval
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

DAYS = ((0, 3), (4, 10), (11, 30), (31, 10_000))
BANDS = ((0.0, 0.5), (0.5, 0.7), (0.7, 0.9), (0.9, 1.01))


def rows(dbs: list[Path], source: str | None = None) -> list[tuple[int, int, float, int]]:
    """(half, days apart, p, 1 if same) per labelled pair found in one of the stores (of the labels
    drawn from ``source``: "tempeval" or "polnear"; None: all). The rounds drawn only among pairs
    published within a few days (``near``) are left out: their days say nothing of the prior's
    weight, and they would only dilute its ridge."""
    from news_pairs import labelled

    return [(r.half, r.days, r.p, r.same) for r in labelled(dbs, source, near=False)]


def logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def x_of(days: int, p: float, after: int) -> tuple[float, float]:
    return logit(p), math.log1p(max(0, days - after))


def fit(
    data: list[tuple[int, float, int]], after: int, steps: int = 4000, free: bool = True
) -> tuple[float, float, float]:
    """(a, w, c) of sigmoid(a * logit(p) - w * log1p(days beyond) + c), by gradient descent with a
    small ridge (few pairs); not ``free``: a = 1, c = 0 and w >= 0, the form ``pairs.in_time``
    ships (it only lowers p, and leaves reports close in time as the text model says)."""
    a, w, c = 1.0, 0.0, 0.0
    rate, ridge = 0.05, 0.01
    for _ in range(steps):
        ga = gw = gc = 0.0
        for days, p, y in data:
            lp, d = x_of(days, p, after)
            q = 1 / (1 + math.exp(-(a * lp - w * d + c)))
            ga += (q - y) * lp
            gw += -(q - y) * d
            gc += q - y
        n = len(data)
        w -= rate * (gw / n + ridge * w)
        if free:
            a -= rate * (ga / n + ridge * (a - 1))
            c -= rate * (gc / n + ridge * c)
        else:
            w = max(w, 0.0)
    return a, w, c


def scored(data: list[tuple[int, float, int]], adjust: object) -> str:
    loss = 0.0
    kept = {0.5: [0, 0], 0.7: [0, 0]}
    for days, p, y in data:
        q = adjust(days, p)  # type: ignore[operator]
        q = min(max(q, 1e-6), 1 - 1e-6)
        loss -= y * math.log(q) + (1 - y) * math.log(1 - q)
        for t, counts in kept.items():
            if q >= t:
                counts[1 - y] += 1
    said = "; ".join(f"p >= {t}: {s} same, {o} other" for t, (s, o) in kept.items())
    return f"log loss {loss / max(len(data), 1):.3f}; {said}"


def table(data: list[tuple[int, float, int]]) -> None:
    for d0, d1 in DAYS:
        cells = []
        for p0, p1 in BANDS:
            ys = [y for days, p, y in data if d0 <= days <= d1 and p0 <= p < p1]
            cells.append(f"p {p0:.1f}-{min(p1, 1):.1f}: {sum(ys)}/{len(ys)}")
        print(f"    days {d0}-{d1}: " + ", ".join(cells) + "  (same/all)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, action="append", help="stores draw_story_pairs.py ingested (repeat)")
    parser.add_argument("--source", choices=("polnear", "tempeval"), help="fit on these labels only")
    parser.add_argument("--check", choices=("polnear", "tempeval"), help="also score fits on these labels")
    parser.add_argument("--after", default="0,3,7")
    parser.add_argument("--write", type=int, help="write the prior fitted on both halves, counting days beyond this")
    args = parser.parse_args()
    dbs = args.db or [Path("/tmp/polnear-draw.db")]
    found = rows(dbs, args.source)
    checked = [(d, p, y) for _, d, p, y in rows(dbs, args.check)] if args.check else []
    halves = [[(d, p, y) for h, d, p, y in found if h == k] for k in (0, 1)]
    print(f"{len(found)} labelled pairs (same {sum(r[3] for r in found)}), halves {len(halves[0])} / {len(halves[1])}")
    for k, data in enumerate(halves):
        print(f"  half {k}:")
        table(data)
    for after, free in ((int(x), free) for x in args.after.split(",") for free in (True, False)):
        print(f"days counted beyond {after}, {'free' if free else 'as shipped (a = 1, c = 0, w >= 0)'}:")
        for k in (0, 1):
            a, w, c = fit(halves[k], after, free=free)

            def adjusted(days: int, p: float, a: float = a, w: float = w, c: float = c, after: int = after) -> float:
                lp, d = x_of(days, p, after)
                return 1 / (1 + math.exp(-(a * lp - w * d + c)))

            print(f"  fitted on half {k}: a {a:.3f}, w {w:.3f}, c {c:.3f}")
            print(f"    on half {1 - k} as it is: {scored(halves[1 - k], lambda d, p: p)}")
            print(f"    on half {1 - k} adjusted: {scored(halves[1 - k], adjusted)}")
            if checked:
                print(f"    on {args.check} as it is: {scored(checked, lambda d, p: p)}")
                print(f"    on {args.check} adjusted: {scored(checked, adjusted)}")
        a, w, c = fit(halves[0] + halves[1], after, free=free)
        print(f"  fitted on both: a {a:.3f}, w {w:.3f}, c {c:.3f}")
    if args.write is not None:
        from storyline.cluster import pairs

        _, w, _ = fit(halves[0] + halves[1], args.write, free=False)
        fitted_on = f"{len(found)} labelled pairs ({args.source or 'all'})"
        said = {"after": args.write, "weight": round(w, 4), "fitted_on": fitted_on}
        pairs.TIME_PRIOR.write_text(json.dumps(said) + "\n", encoding="utf-8")
        print(f"written {pairs.TIME_PRIOR}: {said}")


if __name__ == "__main__":
    main()
