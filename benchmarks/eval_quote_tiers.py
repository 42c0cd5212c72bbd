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

from quote_corpus import Item, halves, load  # noqa: E402

from storyline.eval import polnear  # noqa: E402
from storyline.extract import entities, quotes  # noqa: E402
from storyline.records import Article  # noqa: E402


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
    parser.add_argument("--tagger", type=Path)
    parser.add_argument("--minilm", type=Path)
    args = parser.parse_args()
    items = load(args.split)
    from storyline.extract import minilm, quotetagger

    if args.tagger:  # an absolute path replaces the packaged file's
        mock.patch.object(quotetagger, "DATA", str(args.tagger.resolve())).start()
    if args.minilm:
        mock.patch.object(minilm, "DATA", str(args.minilm.resolve())).start()
    a, b = halves(items)
    for quality in args.quality:
        timing, found = run(items, quality)
        out = {"quality": quality, **scored(items, found), "half_a": scored(a, found), "half_b": scored(b, found)}
        out.update(timing)
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
