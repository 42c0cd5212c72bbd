"""Every false merge of a "week of news" mix (``storyline.eval.mix``), listed with its evidence.

For each mix (``--half train|dev``, ``--seeds``) and each mode (ingest as shipped: ``regroup``;
``recluster``), every pair of reports that share a predicted story but not a gold story (at least
one of them labelled) is listed with its kind, the pair model's p and feature values
(``cluster.pairs``), and the step that placed each member (its "why": started the story, joined by
``assign`` at a similarity, or grouped by ``regroup``/``recluster``). Kinds:

- ``same-topic``: ECB+, one topic, the other event (1/ecb with 1/ecbplus);
- ``other-topic``: ECB+, two topics;
- ``polnear``: a PolNeAR distractor with an ECB+ report;
- ``demo``: a pair with a demo report in it.

Counts per half and mode are printed last. ``--text`` prints each pair's titles/ledes too (to the
terminal only: the mixes are ECB+ and PolNeAR text, never to be committed). ``--json PATH`` writes
the pairs without text (ids, kind, p, features, why) for further analysis.

    python benchmarks/bench_mix_errors.py [--half train|dev|all] [--seeds 0,1,2,3,4,5] [--text] [--json PATH]
"""

from __future__ import annotations

import argparse
import itertools
import json
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from storyline.cluster import pairs
from storyline.cluster.state import member_features, vector
from storyline.eval import mix
from storyline.options import Options
from storyline.store import Store

MODES = ("regroup", "recluster")  # ingest as shipped, then recluster over that store


def kind(a: str | None, b: str | None) -> str:
    """The kind of a false pair of gold stories ``a`` and ``b`` (None: a PolNeAR distractor)."""
    if (a or "").startswith("demo/") or (b or "").startswith("demo/"):
        return "demo"
    if a is None or b is None:
        return "polnear"
    return "same-topic" if a.split("/")[0] == b.split("/")[0] else "other-topic"


def placed(why: dict[str, Any], score: float | None) -> str:
    """The step that put a member where it is, from its "why"."""
    if why.get("duplicate_of"):
        return f"duplicate of {why['duplicate_of']}"
    if why.get("new_story"):
        return "started"
    step = "grouped" if why.get("grouped_by") else "assign"
    same = f" same_event {why['same_event']:.2f}" if "same_event" in why else ""
    return f"{step} sim {score if score is not None else why.get('similarity', 0):.3f}{same}"


def lede(store: Store, article_id: str, chars: int = 200) -> str:
    return " ".join(store.article(article_id).body.split())[:chars]


def false_pairs(store: Store, gold: dict[str, str | None]) -> list[dict[str, Any]]:
    """The false merges among ``gold``'s reports in ``store``, with their evidence."""
    members: dict[str, list[str]] = defaultdict(list)
    for a in sorted(gold):
        story = store.story_of(a)
        if story is not None:
            members[story].append(a)
    out = []
    cache: dict[str, Any] = {}

    def evidence(a: str) -> Any:
        if a not in cache:
            _, f = member_features(store, a)
            cache[a] = (f, vector(store, f))
        return cache[a]

    for story, group in sorted(members.items()):
        for a, b in itertools.combinations(group, 2):
            ga, gb = gold[a], gold[b]
            if (ga is None and gb is None) or ga == gb:
                continue
            (fa, va), (fb, vb) = evidence(a), evidence(b)
            x = pairs.pair_features(fa, fb, va, vb)
            out.append(
                {
                    "story": story,
                    "size": len(group),
                    "a": a,
                    "b": b,
                    "gold": [ga, gb],
                    "kind": "tempeval" if "te3-" in (a[:4], b[:4]) else kind(ga, gb),
                    "p": round(pairs.model().probability(x), 4),
                    "features": dict(zip(pairs.FEATURES, (round(v, 4) for v in x), strict=True)),
                    "placed": [placed(*reversed(store.story_why(a))), placed(*reversed(store.story_why(b)))],
                }
            )
    return out


def show(row: dict[str, Any], store: Store, text: bool) -> None:
    feats = " ".join(f"{k}={v:g}" for k, v in row["features"].items())
    print(
        f"{row['half']} seed {row['seed']} {row['mode']:9s} {row['kind']:11s} p {row['p']:.3f} "
        f"story of {row['size']} {row['a']} ({row['placed'][0]}) + {row['b']} ({row['placed'][1]}) "
        f"{row['gold']}\n    {feats}"
    )
    if text:
        print(f"    A: {lede(store, row['a'])}\n    B: {lede(store, row['b'])}")


def listed(name: str, seed: int, options: Options, text: bool, tempeval: int = 0) -> list[dict[str, Any]]:
    """The false pairs of the mix of ``seed`` over half ``name``, each mode, printed as found."""
    reports = mix.build(seed, topics=mix.halves()[name], tempeval=tempeval)
    gold = {r.article.id: r.gold for r in reports}
    found: list[dict[str, Any]] = []

    def inspect(mode: str, store: Store) -> None:
        if mode not in MODES:
            return
        for row in false_pairs(store, gold):
            row.update(half=name, seed=seed, mode=mode)
            found.append(row)
            show(row, store, text)

    mix.run(reports, options, seed, options.batch_size, inspect, facts=mix.facts_by_id(reports))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="0,1,2,3,4,5")
    parser.add_argument("--half", choices=("all", "train", "dev"), default="train")
    parser.add_argument("--text", action="store_true", help="print titles/ledes (terminal only)")
    parser.add_argument("--json", help="write the pairs (no text) to this file")
    parser.add_argument("--tempeval", type=int, default=0, help="TempEval-3 distractors per mix (kind 'tempeval')")
    args = parser.parse_args()
    options = Options()
    halves = mix.halves()
    names = list(halves) if args.half == "all" else [args.half]
    found: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            picked = options.replace(story_background=mix.held_out_background(Path(tmp), halves[name]))
            for seed in (int(s) for s in args.seeds.split(",")):
                found += listed(name, seed, picked, args.text, args.tempeval)
    counts = Counter((row["half"], row["mode"], row["kind"]) for row in found)
    print("\nfalse pairs per kind:")
    for (name, mode, k), n in sorted(counts.items()):
        print(f"  {name:5s} {mode:9s} {k:11s} {n}")
    if args.json:
        Path(args.json).write_text(json.dumps(found, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
