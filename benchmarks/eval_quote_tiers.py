"""PolNeAR dev scores of the quote tiers, on the whole split and on its two fixed halves.

Uses the parses cached by quote_corpus.py (the same pipeline as ``storyline eval quotes``, parsed
once) and prints one JSON line per tier. ``--tagger PATH`` / ``--minilm PATH`` score weights other
than the shipped ones (for training runs).

    python benchmarks/eval_quote_tiers.py [--quality fast accurate] [--split dev]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent))

from quote_corpus import Item, halves, load

from storyline.eval import polnear
from storyline.extractors import entities, quotes
from storyline.records import Article


def run(items: list[Item], quality: str) -> tuple[dict[str, Any], dict[str, list[Any]]]:
    found: dict[str, list[Any]] = {}
    t0 = time.process_time()
    for it in items:
        article = Article(id="d", body=it.text)
        found[it.text] = quotes.quotes(it.doc, article, entities.mentions(it.doc, article), quality=quality)
    cpu = time.process_time() - t0
    return {"cpu_s": round(cpu, 1)}, found


def scored(items: list[Item], found: dict[str, list[Any]]) -> dict[str, Any]:
    return polnear.score([(g, found[it.text], it.text) for it in items for g in it.golds])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quality", nargs="+", default=["fast"])
    parser.add_argument("--split", default="dev")
    parser.add_argument("--held", action="store_true", help="score the 10%% of train the trainers hold out")
    parser.add_argument("--keep-bare", action="store_true", help="keep bare noun-phrase contents (quotes.BARE off)")
    parser.add_argument("--weight", type=float, nargs="*", help="accurate tier: MiniLM weights to try")
    parser.add_argument("--fast-weight", type=float, default=1.0, help="accurate tier: the fast tier's weight")
    parser.add_argument("--tagger", type=Path)
    parser.add_argument("--minilm", type=Path)
    args = parser.parse_args()
    items = load(args.split)
    if args.held:  # the same seeded shuffle as train_quote_tagger.py / train_quote_minilm.py
        import random

        order = list(range(len(items)))
        random.Random(13).shuffle(order)
        items = [items[i] for i in sorted(order[: len(items) // 10])]
    quotes.BARE = not args.keep_bare
    from storyline.extractors.quotes import minilm
    from storyline.extractors.quotes import tagger as quotetagger

    if args.tagger:  # an absolute path replaces the packaged file's
        quotetagger.DATA = str(args.tagger.resolve())
    if args.minilm:
        minilm.DATA = str(args.minilm.resolve())
    a, b = halves(items)
    from storyline.extractors.quotes import accurate as quoteaccurate

    runs = [(q, None) for q in args.quality]
    if args.weight:
        runs = [("accurate", w) for w in args.weight]
    for quality, weight in runs:
        if weight is not None:
            mock.patch.object(quoteaccurate, "WEIGHT", weight).start()
        fw = args.fast_weight
        if fw != 1.0:
            real = quoteaccurate.labels
            mock.patch.object(quoteaccurate, "labels", lambda d, t, _r=real, _f=fw: _r(d, t, fast_weight=_f)).start()
        timing, found = run(items, quality)
        out = {"quality": quality, "weight": weight, **scored(items, found)}
        out |= {"half_a": scored(a, found), "half_b": scored(b, found), **timing}
        print(json.dumps(out), flush=True)
        mock.patch.stopall()


if __name__ == "__main__":
    main()
