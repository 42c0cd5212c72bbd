"""Train the learned attribution cue (storyline/data/quote_cues.json) on PolNeAR train only.

Reads ../shared/eval/polnear/train in place. Each candidate (word, content span) from
``storyline.extract.cuemodel.candidates`` is labelled positive when it matches a gold Content at
the scorer's 0.8 overlap. A logistic regression over the sparse features is fitted on 80% of the
train articles; the acceptance threshold is the one that maximizes the full extraction's content
F1 on the other 20%; the final weights are refitted on all of train with that threshold.

Parsing 840 articles takes ~15 minutes on a busy 2-core machine: parsed Docs are cached under
/tmp (``--cache``), never in the repository. Prints what it measured.

    python benchmarks/train_quote_cues.py [--cache /tmp/storyline_polnear] [--min-count 3]
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression

from storyline.eval import polnear
from storyline.extract import cuemodel, entities, quotes
from storyline.extract.nlp import load_nlp
from storyline.options import Options
from storyline.records import Article

TRAIN = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval" / "polnear" / "train"
OUT = Path(__file__).resolve().parents[1] / "src" / "storyline" / cuemodel.DATA


def parsed(texts: list[str], cache: Path) -> list[Any]:
    from spacy.tokens import DocBin

    nlp = load_nlp(Options().model)
    path = cache / "train.spacy"
    if path.is_file():
        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
        by_text = {d.text: d for d in docs}
        if all(t in by_text for t in texts):
            return [by_text[t] for t in texts]
    cache.mkdir(parents=True, exist_ok=True)
    docs = list(nlp.pipe(texts, batch_size=32))
    bin_ = DocBin(store_user_data=False)
    for d in docs:
        bin_.add(d)
    bin_.to_disk(path)
    return docs


def labelled(doc: Any, golds: list[polnear.Gold]) -> list[tuple[list[str], int]]:
    out = []
    for cand in cuemodel.candidates(doc, doc.text):
        span = ((cand.start, cand.end),)
        size = cand.end - cand.start
        hit = any(
            polnear._overlap(g.content, span) >= polnear.THRESHOLD * max(polnear._size(g.content), size) for g in golds
        )
        out.append((cand.features, int(hit)))
    return out


def fit(rows: list[tuple[list[str], int]], min_count: int, c: float) -> tuple[dict[str, float], float]:
    counts: dict[str, int] = {}
    for feats, _y in rows:
        for f in feats:
            counts[f] = counts.get(f, 0) + 1
    vocab = {f: n for n, f in enumerate(sorted(f for f, k in counts.items() if k >= min_count))}
    indptr, indices = [0], []
    for feats, _y in rows:
        indices.extend(sorted({vocab[f] for f in feats if f in vocab}))
        indptr.append(len(indices))
    x = csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(rows), len(vocab)))
    y = np.array([label for _f, label in rows])
    clf = LogisticRegression(C=c, max_iter=2000, solver="liblinear")
    clf.fit(x, y)
    weights = {f: round(float(clf.coef_[0][n]), 4) for f, n in vocab.items() if abs(clf.coef_[0][n]) >= 1e-3}
    return weights, float(clf.intercept_[0])


def write(weights: dict[str, float], bias: float, threshold: float, note: str) -> None:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    data = {"note": note, "bias": round(bias, 4), "threshold": threshold, "weights": dict(sorted(weights.items()))}
    OUT.write_text(json.dumps(data, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    cuemodel.load_model.cache_clear()


def pipeline_score(items: list[tuple[str, Any, list[polnear.Gold]]]) -> dict[str, Any]:
    scored = []
    for n, (text, doc, golds) in enumerate(items):
        article = Article(id=f"t{n}", body=text)
        scored.append((golds, quotes.quotes(doc, article, entities.mentions(doc, article)), text))
    return polnear.score(scored)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=Path("/tmp/storyline_polnear"))
    parser.add_argument("--min-count", type=int, default=3)
    parser.add_argument("--c", type=float, default=0.5)
    args = parser.parse_args()
    t0 = time.perf_counter()
    split = polnear.load_split(TRAIN)
    texts = sorted({text for _stem, text, _g in split})
    gold_by_text: dict[str, list[polnear.Gold]] = {t: [] for t in texts}
    items_by_text: dict[str, list[list[polnear.Gold]]] = {t: [] for t in texts}
    for _stem, text, golds in split:
        gold_by_text[text].extend(golds)
        items_by_text[text].append(golds)
    docs = dict(zip(texts, parsed(texts, args.cache), strict=True))
    print(f"{len(split)} annotation files, {len(texts)} texts parsed/loaded in {time.perf_counter() - t0:.0f} s")
    order = texts[:]
    random.Random(13).shuffle(order)
    held = set(order[: len(order) // 5])
    rows = {t: labelled(docs[t], gold_by_text[t]) for t in texts}
    fit_rows = [r for t in texts if t not in held for r in rows[t]]
    print(f"{sum(len(r) for r in rows.values())} candidates, {sum(y for r in rows.values() for _f, y in r)} positive")
    weights, bias = fit(fit_rows, args.min_count, args.c)
    write(weights, bias, 0.5, "tuning")
    held_items = [(t, docs[t], g) for t in sorted(held) for g in items_by_text[t]]
    best = (-1.0, 0.5)
    for threshold in (0.35, 0.45, 0.55, 0.65):
        cuemodel.load_model().threshold = threshold
        result = pipeline_score(held_items)
        print(f"threshold {threshold}: held-out train {json.dumps(result)}")
        best = max(best, (result["content_f1"], threshold))
    weights, bias = fit([r for t in texts for r in rows[t]], args.min_count, args.c)
    note = f"logistic regression on PolNeAR train ({len(texts)} texts), benchmarks/train_quote_cues.py"
    write(weights, bias, best[1], note)
    print(f"threshold {best[1]}, {len(weights)} weights -> {OUT} ({time.perf_counter() - t0:.0f} s)")


if __name__ == "__main__":
    main()
