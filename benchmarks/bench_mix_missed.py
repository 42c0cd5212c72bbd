"""Where the true same-event pairs of a "week of news" mix (``storyline.eval.mix``) are lost.

Runs each seed's mix as ``bench_week_mix.py`` does (ingest as shipped: ``assign`` and ``regroup``
after every batch; then ``recluster``), recording every ``batch.cluster`` call step by step
(``batch.steps``), and lists every true pair the two reports of which end in different stories,
with the step that lost it:

- ``never candidates``: neither is among the other's ``graph.POOL`` blocking candidates (``no
  shared key``: their blocking keys never meet; ``second look's meet``: those of
  ``batch.second_look``, over more terms, do, so the pair model kept them apart there);
- ``not neighbours``: candidates, but neither is among the other's ``graph.NEIGHBOURS`` nearest;
- ``no overlap``: neighbours, but their neighbourhoods overlap less than ``graph.LINK_THRESHOLD``;
- ``linkage stopped``: their neighbourhoods overlap enough, yet average linkage kept the groups apart;
- ``split``, ``join_dated``, ``absorb``: together, then parted by that step (``refine``, ``batch``);
- ``evidence: floor|pair model|veto``: taken out of their group by ``batch.evidence``;
- ingest only: ``regroup never saw both`` (``assign`` put them in stories no ``regroup`` call
  looked at together) and ``moved by a later regroup``.

Each pair comes with the pair model's probability (``pairs``) and the cosine of the two reports.
Titles go to the terminal only.

    python benchmarks/bench_mix_missed.py [--half train|dev] [--seeds 0,1,2,3,4,5] [--quiet]
"""

from __future__ import annotations

import argparse
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from storyline.cluster import batch, graph, pairs, regroup, stories
from storyline.cluster.features import Features
from storyline.cluster.state import title_for
from storyline.cluster.vectors import BLOCK_TERMS, Vector, index_keys_of, query_keys_of
from storyline.eval import mix
from storyline.options import Options


@dataclass
class Call:
    """One ``batch.cluster`` call: its items and each step's groups."""

    items: list[batch.Item]
    features_of: object
    steps: list[tuple[str, list[list[str]]]]
    taken: dict[str, tuple[str, float]] = field(default_factory=dict)
    _pools: dict[int, dict[int, float]] | None = None
    _rows: list[dict[int, float]] | None = None

    def group_of(self, step: int) -> dict[str, int]:
        return {m: k for k, g in enumerate(self.steps[step][1]) for m in g}

    def pools(self) -> dict[int, dict[int, float]]:
        if self._pools is None:
            self._pools = {i: dict(zip(pool, sims, strict=True)) for i, pool, sims in graph.candidates(self.items)}
        return self._pools

    def rows(self) -> list[dict[int, float]]:
        if self._rows is None:
            self._rows = graph.neighbourhoods(self.items)
        return self._rows


class Recorder:
    """Stands in for ``batch.cluster`` in a module, keeping every call."""

    def __init__(self) -> None:
        self.calls: list[Call] = []

    def __call__(self, items, threshold, features_of=None, near=None, kept=None):  # type: ignore[no-untyped-def]
        taken: dict[str, tuple[str, float]] = {}
        found = batch.steps(items, threshold, features_of, near, taken, kept)
        self.calls.append(Call(list(items), features_of, found, taken))
        return found[-1][1]


def _vec(item: batch.Item) -> Vector:
    return batch._dict(item.vec)


def _nearest(pool: dict[int, float], j: int) -> bool:
    """``j`` is among the ``NEIGHBOURS`` nearest of a pool (as ``graph.neighbourhoods`` picks)."""
    scored = sorted((-s, k) for k, s in pool.items() if s >= graph.NEIGHBOUR_FLOOR)[: graph.NEIGHBOURS]
    return any(k == j for _, k in scored)


def cause(call: Call, a: str, b: str) -> str:
    """The step of ``call`` that left ``a`` and ``b`` apart."""
    together = [g[a] == g[b] for g in (call.group_of(k) for k in range(len(call.steps)))]
    if together[-1]:
        return "together"
    last = max((k for k in range(1, len(together)) if together[k - 1] and not together[k]), default=None)
    if last is not None:
        name = call.steps[last][0]
        if name == "evidence":
            out = [call.taken[m][0] for m in (a, b) if m in call.taken]
            return "evidence: " + (out[0] if out else "?")
        return name
    pos = {it.id: k for k, it in enumerate(call.items)}
    i, j = pos[a], pos[b]
    rows = call.rows()
    overlap = sum(v * rows[j].get(k, 0.0) for k, v in rows[i].items())
    if overlap >= graph.LINK_THRESHOLD:
        return "linkage stopped"
    pools = call.pools()
    if _nearest(pools[i], j) or _nearest(pools[j], i):
        return "no overlap"
    if j in pools[i] or i in pools[j]:
        return "not neighbours"
    if _meet(call, i, j, BLOCK_TERMS):
        return "never candidates"
    # ``batch.second_look`` matches a lone report by wider keys: there the pair model decided
    return "never candidates (no shared key" + ("; second look's meet)" if _meet(call, i, j, batch.LOOK_TERMS) else ")")


def _meet(call: Call, i: int, j: int, terms: int) -> bool:
    """Whether the blocking keys over the ``terms`` heaviest terms of items ``i`` and ``j`` meet
    (either way): ``BLOCK_TERMS`` for the graph, ``batch.LOOK_TERMS`` for ``second_look``."""
    top = [batch.Packed.of(call.items[k].vec).top_terms(terms) for k in (i, j)]
    dates = [call.items[k].date for k in (i, j)]
    return any(set(index_keys_of(top[x], dates[x])) & set(query_keys_of(top[y], dates[y])) for x, y in ((0, 1), (1, 0)))


def evidence_of(call: Call, a: str, b: str) -> tuple[float, float]:
    """(pair model p, cosine) of ``a`` and ``b`` as ``call`` weighed them."""
    by_id = {it.id: it for it in call.items}
    va, vb = _vec(by_id[a]), _vec(by_id[b])
    fo = call.features_of
    fa: Features = fo(a)  # type: ignore[operator]
    fb: Features = fo(b)  # type: ignore[operator]
    return pairs.probability(fa, fb, va, vb), sum(v * vb.get(t, 0.0) for t, v in va.items())


def pulls(call: Call, a: str, b: str) -> str:
    """Each feature's pull on the pair model's logit (weight x standardized value), strongest first."""
    by_id = {it.id: it for it in call.items}
    fo = call.features_of
    x = pairs.pair_features(fo(a), fo(b), _vec(by_id[a]), _vec(by_id[b]))  # type: ignore[operator]
    m = pairs.model()
    z = [(w * (v - mu) / s, k) for k, w, v, mu, s in zip(pairs.FEATURES, m.weights, x, m.mean, m.scale, strict=True)]
    return " ".join(f"{k}={v:+.2f}" for v, k in sorted(z, key=lambda t: -abs(t[0])) if abs(v) >= 0.05)


def missed(reports: list[mix.Report], pred: list[str]) -> list[tuple[int, int]]:
    out = []
    for x in range(len(reports)):
        for y in range(x + 1, len(reports)):
            g = reports[x].gold
            if g is not None and g == reports[y].gold and pred[x] != pred[y]:
                out.append((x, y))
    return out


def run_seed(reports: list[mix.Report], options: Options, seed: int, quiet: bool) -> dict[str, Counter[str]]:
    ingest, whole = Recorder(), Recorder()
    saved = regroup.cluster, stories.cluster
    regroup.cluster, stories.cluster = ingest, whole  # type: ignore[assignment]
    try:
        pred = mix.run(reports, options, seed, options.batch_size, facts=mix.facts_by_id(reports))
    finally:
        regroup.cluster, stories.cluster = saved  # type: ignore[assignment]
    (final,) = whole.calls
    counts: dict[str, Counter[str]] = {"regroup": Counter(), "recluster": Counter()}
    sizes = {mode: Counter(pred[mode]) for mode in counts}
    for mode in counts:
        for x, y in missed(reports, pred[mode]):
            a, b = reports[x].article.id, reports[y].article.id
            if mode == "recluster":
                why = cause(final, a, b)
            else:
                seen = [
                    c for c in ingest.calls if any(it.id == a for it in c.items) and any(it.id == b for it in c.items)
                ]
                why = cause(seen[-1], a, b) if seen else "regroup never saw both"
                why = "moved by a later regroup" if why == "together" else why
            counts[mode][why] += 1
            if not quiet:
                p, cos = evidence_of(final, a, b)
                n = (sizes[mode][pred[mode][x]], sizes[mode][pred[mode][y]])
                print(f"  {mode:9s} seed {seed} {reports[x].gold:14s} {why:32s} p {p:.3f} cos {cos:.3f} sizes {n}")
                print("      pulls: " + pulls(final, a, b))
                for r in (reports[x], reports[y]):
                    print(f"      {r.article.id}: {title_for(r.article)[:90]}")
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="0,1,2,3,4,5")
    parser.add_argument("--half", choices=("train", "dev"), default="train")
    parser.add_argument("--quiet", action="store_true", help="counts only, no pairs")
    args = parser.parse_args()
    options = Options()
    topics = mix.halves()[args.half]
    total = {"regroup": Counter[str](), "recluster": Counter[str]()}
    with tempfile.TemporaryDirectory() as tmp:
        picked = options.replace(story_background=mix.held_out_background(Path(tmp), topics))
        for seed in (int(s) for s in args.seeds.split(",")):
            for mode, c in run_seed(mix.build(seed, topics=topics), picked, seed, args.quiet).items():
                total[mode].update(c)
    for mode, c in total.items():
        print(f"{args.half} half, {mode} (ingest as shipped)" if mode == "regroup" else f"{args.half} half, {mode}")
        for why, n in c.most_common():
            print(f"  {n:4d}  {why}")


if __name__ == "__main__":
    main()
