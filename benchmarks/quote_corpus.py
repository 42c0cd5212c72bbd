"""PolNeAR splits parsed once, for the quote trainers and benchmarks (reads ../shared/eval in place).

Parsed Docs and their parser tensors are cached under /tmp (``--cache``), never in the repository:
a DocBin keeps no tensors, so they are stored beside it. ``python benchmarks/quote_corpus.py``
fills the cache for train and dev (parsing 840 train articles takes ~10-20 minutes on a busy
2-core machine).
"""

from __future__ import annotations

import argparse
import hashlib
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from storyline.eval import polnear
from storyline.extractors.nlp import load_nlp
from storyline.options import Options

ROOT = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval" / "polnear"
CACHE = Path("/tmp/storyline_polnear")


@dataclass
class Item:
    """One text of a split: its Doc and each annotation file's gold attributions."""

    text: str
    doc: Any
    golds: list[list[polnear.Gold]]  # one list per annotator file


def _key(texts: list[str]) -> str:
    digest = hashlib.sha1()
    for t in texts:
        digest.update(t.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:12]


def parsed(texts: list[str], cache: Path, name: str) -> list[Any]:
    """Docs of ``texts`` with their ``tensor``, parsed once and cached under ``cache``."""
    from spacy.tokens import DocBin

    nlp = load_nlp(Options().model)
    stem = cache / f"{name}-{_key(texts)}"
    path, tensors = stem.with_suffix(".spacy"), stem.with_suffix(".npz")
    if path.is_file() and tensors.is_file():
        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
        arrays = np.load(tensors)
        for n, d in enumerate(docs):
            d.tensor = arrays[f"d{n}"]
        return docs
    cache.mkdir(parents=True, exist_ok=True)
    docs = list(nlp.pipe(texts, batch_size=16))
    bin_ = DocBin(store_user_data=False)
    for d in docs:
        bin_.add(d)
    bin_.to_disk(path)
    np.savez_compressed(tensors, **{f"d{n}": d.tensor.astype(np.float32) for n, d in enumerate(docs)})
    return docs


def load(split: str, cache: Path = CACHE) -> list[Item]:
    """Every text of a PolNeAR split (sorted), parsed, with its gold attributions per annotator."""
    rows = polnear.load_split(ROOT / split)
    texts = sorted({text for _stem, text, _g in rows})
    golds: dict[str, list[list[polnear.Gold]]] = {t: [] for t in texts}
    for _stem, text, gold in rows:
        golds[text].append(gold)
    docs = parsed(texts, cache, split)
    return [Item(t, d, golds[t]) for t, d in zip(texts, docs, strict=True)]


def halves(items: list[Item]) -> tuple[list[Item], list[Item]]:
    """Two fixed halves of a split: texts in sorted order, alternating (even, odd)."""
    return items[0::2], items[1::2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument("splits", nargs="*", default=["dev", "train"])
    args = parser.parse_args()
    for split in args.splits:
        t0 = time.perf_counter()
        items = load(split, args.cache)
        tokens = sum(len(i.doc) for i in items)
        print(f"{split}: {len(items)} texts, {tokens:,} tokens, {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
