"""Do the pair model's probabilities show a false merge of two events as two blocks?

``batch.evidence`` checks a group larger than ``SMALL`` by centroid similarity and one voucher
(``VOUCH``) only. This records every group larger than ``SMALL`` that enters ``evidence`` (the
``absorb`` step of each ``batch.cluster`` call, as ``bench_mix_missed.py`` records them) and reads
its matrix of pair-model probabilities against the gold stories:

- a group of two gold events (at least 2 reports each): the mean p across the two and each
  event's own mean p, the lower of them (``own``): what a two-block rule would have to see;
- a group of one gold event: its clearest two-block cut (largest ``own`` - ``across``, each part
  at least 2; every cut tried up to ``EXHAUSTIVE`` members), a cut a two-block rule must not take.

Last, the stories of one event whose clearest cut is at least as clear (across no higher, own -
across no lower) as a merge's gold split: a rule that parts the merge parts them too. Runs the
mixes of one half (``--half``, ``--seeds``: ingest and recluster, as ``bench_week_mix.py``), then
ECB+ (recluster, as ``storyline.eval.ecb`` scores it; each topic's half marked). Ids only, no text.

    python benchmarks/bench_big_groups.py [--half train|dev] [--seeds 0,1,2,3,4,5]
"""

from __future__ import annotations

import argparse
import itertools
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from storyline.cluster import batch, pairs, regroup, stories
from storyline.cluster.features import Features
from storyline.eval import ecb, mix
from storyline.eval.ecb_events import DEV_TOPICS
from storyline.options import Options

EXHAUSTIVE = 16  # members up to which every two-block cut is tried (2^15 cuts)
Groups = dict[tuple[str, ...], np.ndarray]  # members -> their pair-model probabilities


class Recorder:
    """Stands in for ``batch.cluster``, keeping each group larger than ``SMALL`` that enters
    ``evidence`` with its matrix of pair-model probabilities."""

    def __init__(self) -> None:
        self.groups: Groups = {}

    def __call__(self, items, threshold, features_of=None, near=None):  # type: ignore[no-untyped-def]
        found = batch.steps(items, threshold, features_of, near)
        if features_of is not None:
            by_id = {it.id: it for it in items}
            absorbed = dict(found)["absorb"]
            for group in absorbed:
                if len(group) > batch.SMALL and tuple(group) not in self.groups:
                    self.groups[tuple(group)] = matrix(group, features_of, lambda m: batch._dict(by_id[m].vec))
        return found[-1][1]


def matrix(group: Sequence[str], features_of: Callable[[str], Features], vec_of: Callable[[str], object]) -> np.ndarray:
    n = len(group)
    w = np.zeros((n, n))
    fs = [features_of(m) for m in group]
    vs = [vec_of(m) for m in group]
    for i, j in itertools.combinations(range(n), 2):
        w[i, j] = w[j, i] = pairs.probability(fs[i], fs[j], vs[i], vs[j])  # type: ignore[arg-type]
    return w


def blocks(w: np.ndarray, a: Sequence[int], b: Sequence[int]) -> tuple[float, float]:
    """(mean p across ``a`` and ``b``, the lower of the two parts' own mean p)."""

    def own(part: Sequence[int]) -> float:
        k = len(part)
        return float(w[np.ix_(part, part)].sum()) / (k * (k - 1))

    return float(w[np.ix_(a, b)].mean()), min(own(a), own(b))


def clearest_cut(w: np.ndarray) -> tuple[float, float, int, int] | None:
    """The two-block cut with the largest own - across (each part at least 2): across, own, sizes."""
    n = len(w)
    if n > EXHAUSTIVE:
        return None
    best = None
    for mask in range(1, 2 ** (n - 1)):
        a = [i for i in range(n) if mask >> i & 1]
        b = [i for i in range(n) if not mask >> i & 1]
        if len(a) >= 2 and len(b) >= 2:
            across, own = blocks(w, a, b)
            if best is None or own - across > best[1] - best[0]:
                best = (across, own, len(a), len(b))
    return best


def report(groups: Groups, gold: dict[str, str | None], source: Callable[[str], str]) -> None:
    """Each recorded group's reading (``source``: where a report comes from), then the comparison."""
    merges, single = [], []
    for ids, w in groups.items():
        labels = [gold.get(m) for m in ids]
        counts = Counter(x for x in labels if x is not None)
        if not counts:
            continue
        name = ", ".join(f"{g} x{n}" for g, n in sorted(counts.items()))
        if len(counts) == 2 and min(counts.values()) >= 2 and None not in labels:
            first = labels[0]
            a = [i for i, x in enumerate(labels) if x == first]
            b = [i for i, x in enumerate(labels) if x != first]
            across, own = blocks(w, a, b)
            merges.append((across, own, f"{name} ({source(ids[0])})"))
            print(f"merge  {source(ids[0]):10s} {len(ids):3d} [{name}] gold split: across {across:.3f} own {own:.3f}")
        elif len(counts) == 1 and None not in labels:
            cut = clearest_cut(w)
            if cut is not None:
                single.append((cut[0], cut[1], name, source(ids[0])))
            shown = f"across {cut[0]:.3f} own {cut[1]:.3f} ({cut[2]}+{cut[3]})" if cut else f"over {EXHAUSTIVE}: uncut"
            print(f"story  {source(ids[0]):10s} {len(ids):3d} [{name}] clearest cut: {shown}")
    for across, own, merge in merges:
        hit = [f"{n} ({h})" for a, o, n, h in single if a <= across and o - a >= own - across]
        print(f"a rule parting [{merge}] (across {across:.3f}, own {own:.3f}) parts {len(hit)} true stories: {hit}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="0,1,2,3,4,5")
    parser.add_argument("--half", choices=("train", "dev"), default="train")
    args = parser.parse_args()
    options = Options()
    record = Recorder()
    gold: dict[str, str | None] = {}
    where: dict[str, str] = {}
    saved = regroup.cluster, stories.cluster
    regroup.cluster, stories.cluster = record, record  # type: ignore[assignment]
    try:
        topics = mix.halves()[args.half]
        with tempfile.TemporaryDirectory() as tmp:
            picked = options.replace(story_background=mix.held_out_background(Path(tmp), topics))
            for seed in (int(s) for s in args.seeds.split(",")):
                reports = mix.build(seed, topics=topics)
                gold.update((r.article.id, r.gold) for r in reports)
                where.update((r.article.id, f"mix {args.half}") for r in reports)
                mix.run(reports, picked, seed, picked.batch_size)
        docs = ecb.load(ecb.DEFAULT)
        ecb.cluster_documents(docs, options)
    finally:
        regroup.cluster, stories.cluster = saved  # type: ignore[assignment]
    dev = {str(t) for t in DEV_TOPICS}
    gold.update((i, g) for i, g, _ in docs)
    where.update((i, "ECB+ dev" if ecb.topic_of(g) in dev else "ECB+ train") for i, g, _ in docs)
    report(record.groups, gold, where.__getitem__)


if __name__ == "__main__":
    main()
