"""Train the learned attribution cue (storyline/data/quote_cues.json) on PolNeAR train only.

Reads ../shared/eval/polnear/train in place. Each candidate (word, content span) from
``storyline.extractors.quotes.cuemodel.candidates`` is labelled positive when it matches a gold Content at
the scorer's 0.8 overlap. Two logistic regressions over the sparse features are fitted on 80% of
the train articles: a cue model (does this word attribute anything: has it a gold candidate?) and a
span model (which of its candidates is gold, trained on words that have one); the acceptance
threshold on their product is the one that maximizes the full extraction's content
F1 on the other 20%; the final weights are refitted on all of train with that threshold.

Besides the string features, both models weigh the parser's context vectors (``doc.tensor``): the
cue word's, and the content head's, last token's and next token's (``--no-dense`` leaves them out).

Parsing 840 articles takes ~5-15 minutes on a busy 2-core machine: parsed Docs and their tensors
are cached under /tmp (``--cache``), never in the repository; fitting and tuning take ~10 more.
Prints what it measured. ``--quick`` tunes the threshold only; ``--out`` writes elsewhere.

    python benchmarks/train_quote_cues.py [--cache /tmp/storyline_polnear] [--min-count 5] [--c 0.3]
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.linear_model import LogisticRegression

from storyline.eval import polnear
from storyline.extractors import entities, quotes
from storyline.extractors.nlp import load_nlp
from storyline.extractors.quotes import cuemodel
from storyline.options import Options
from storyline.records import Article

TRAIN = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval" / "polnear" / "train"
OUT = Path(__file__).resolve().parents[1] / "src" / "storyline" / cuemodel.DATA


def parsed(texts: list[str], cache: Path) -> list[Any]:
    """Parsed Docs of ``texts``, with their ``tensor`` (the dense features read by the cue model),
    cached under ``cache``: a DocBin keeps no tensors, so they are stored beside it."""
    from spacy.tokens import DocBin

    nlp = load_nlp(Options().model)
    path, tensors = cache / "train.spacy", cache / "train.tensors.npz"
    if path.is_file() and tensors.is_file():
        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
        arrays = np.load(tensors)
        for n, d in enumerate(docs):
            d.tensor = arrays[f"d{n}"]
        by_text = {d.text: d for d in docs}
        if all(t in by_text for t in texts):
            return [by_text[t] for t in texts]
    cache.mkdir(parents=True, exist_ok=True)
    docs = list(nlp.pipe(texts, batch_size=32))
    bin_ = DocBin(store_user_data=False)
    for d in docs:
        bin_.add(d)
    bin_.to_disk(path)
    np.savez_compressed(tensors, **{f"d{n}": d.tensor.astype(np.float32) for n, d in enumerate(docs)})
    return docs


Row = tuple[list[str], Any, int]  # string features, dense vector (or None), label


def labelled(doc: Any, golds: list[polnear.Gold]) -> tuple[list[Row], list[Row]]:
    """(cue rows: a word's own features and context vector, 1 when any of its candidates is gold;
    span rows: the candidates of words that have a gold one, with the vectors of the content's
    head, last token and next token, 1 for each gold candidate)."""
    by_cue: dict[int, list[tuple[cuemodel.Candidate, int]]] = {}
    tensor = doc.tensor
    for cand in cuemodel.candidates(doc, doc.text):
        pieces = [(cand.start, cand.hole[0]), (cand.hole[1], cand.end)] if cand.hole else [(cand.start, cand.end)]
        span = polnear._merge(pieces)
        size = polnear._size(span)
        hit = any(
            polnear._overlap(g.content, span) >= polnear.THRESHOLD * max(polnear._size(g.content), size) for g in golds
        )
        by_cue.setdefault(cand.cue.i, []).append((cand, int(hit)))
    cues: list[Row] = []
    spans: list[Row] = []
    last = len(doc) - 1
    for i, cands in by_cue.items():
        positive = any(y for _c, y in cands)
        cues.append((cands[0][0].features[: cands[0][0].n_cue], tensor[i], int(positive)))
        if positive:
            for c, y in cands:
                dense = np.concatenate([tensor[c.head], tensor[c.stop], tensor[min(c.stop + 1, last)]])
                spans.append((c.features, dense, y))
    return cues, spans


Fitted = tuple[dict[str, float], float, list[float]]


def fit(rows: list[Row], min_count: int, c: float, dense: bool, prune: float = 0.05) -> Fitted:
    counts: dict[str, int] = {}
    for feats, _d, _y in rows:
        for f in feats:
            counts[f] = counts.get(f, 0) + 1
    vocab = {f: n for n, f in enumerate(sorted(f for f, k in counts.items() if k >= min_count))}
    indptr, indices = [0], []
    for feats, _d, _y in rows:
        indices.extend(sorted({vocab[f] for f in feats if f in vocab}))
        indptr.append(len(indices))
    x = csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(rows), len(vocab)))
    if dense:
        x = hstack([x, csr_matrix(np.stack([d for _f, d, _y in rows]).astype(np.float64))], format="csr")
    y = np.array([label for _f, _d, label in rows])
    clf = LogisticRegression(C=c, max_iter=2000, solver="liblinear")
    clf.fit(x, y)
    coef = clf.coef_[0]
    weights = {f: round(float(coef[n]), 3) for f, n in vocab.items() if abs(coef[n]) >= prune}
    vector = [round(float(w), 4) for w in coef[len(vocab) :]]
    return weights, float(clf.intercept_[0]), vector


def fit_both(rows: list[tuple[list[Row], list[Row]]], args: argparse.Namespace) -> tuple[Fitted, Fitted]:
    cue = fit([r for cues, _s in rows for r in cues], args.min_count, args.c, args.dense)
    span = fit([r for _c, spans in rows for r in spans], args.min_count, args.c, args.dense)
    return cue, span


def model_of(models: tuple[Fitted, Fitted], threshold: float) -> cuemodel.CueModel:
    (cue, cue_bias, cue_dense), (span, span_bias, span_dense) = models
    dense = None
    if cue_dense and span_dense:
        dense = (np.asarray(cue_dense, dtype=np.float32), np.asarray(span_dense, dtype=np.float32).reshape(3, -1).T)
    return cuemodel.CueModel(cue, span, (cue_bias, span_bias), threshold, dense=dense)


def write(models: tuple[Fitted, Fitted], tuned: cuemodel.CueModel, note: str, out: Path = OUT) -> None:
    (cue, cue_bias, cue_dense), (span, span_bias, span_dense) = models
    out.parent.mkdir(parents=True, exist_ok=True)
    data: dict[str, Any] = {
        "note": note,
        "threshold": tuned.threshold,
        "veto": tuned.veto,
        "margin": tuned.margin,
        "cue_bias": round(cue_bias, 4),
        "span_bias": round(span_bias, 4),
        "cue_weights": dict(sorted(cue.items())),
        "span_weights": dict(sorted(span.items())),
    }
    if cue_dense and span_dense:  # weights of doc.tensor columns; span: content head, last token, next token
        width = len(cue_dense)
        data["cue_dense"] = cue_dense
        data["span_dense"] = [span_dense[k * width : (k + 1) * width] for k in range(3)]
    out.write_text(json.dumps(data, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    cuemodel.load_model.cache_clear()


_MENTIONS: dict[str, Any] = {}


def pipeline_score(items: list[tuple[str, Any, list[polnear.Gold]]]) -> dict[str, Any]:
    scored, done = [], dict[str, Any]()
    for text, doc, golds in items:
        if text not in done:
            article = Article(id="t", body=text)
            if text not in _MENTIONS:
                _MENTIONS[text] = entities.mentions(doc, article)
            done[text] = quotes.quotes(doc, article, _MENTIONS[text])
        scored.append((golds, done[text], text))
    return polnear.score(scored)


def tune(model: cuemodel.CueModel, items: list[tuple[str, Any, list[polnear.Gold]]], quick: bool = False) -> None:
    """Acceptance threshold, lexicon veto and boundary margin, one after the other, by the full
    extraction's content F1 on held-out train (set on ``model``). ``quick``: the threshold only,
    near the last tuned values (for trying features)."""
    grid: dict[str, tuple[float, ...]] = {
        "threshold": (0.2, 0.25, 0.3, 0.35, 0.4, 0.45),
        "veto": (0.0, 0.1, 0.15, 0.2, 0.25, 0.3),
        "margin": (0.0, 0.05, 0.15, 0.3, 1.0),
    }
    if quick:
        model.veto, model.margin = 0.15, 0.05
        grid = {"threshold": (0.3, 0.35, 0.4)}
    with mock.patch.object(cuemodel, "load_model", lambda: model):  # in memory: the shipped file stays
        for name, values in grid.items():
            best = (-1.0, 0.0, getattr(model, name))
            for value in values:
                setattr(model, name, value)
                result = pipeline_score(items)
                print(f"{name} {value}: held-out train {json.dumps(result)}")
                best = max(best, (result["content_f1"], result["speaker_accuracy"], value))
            setattr(model, name, best[2])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=Path("/tmp/storyline_polnear"))
    parser.add_argument("--min-count", type=int, default=5)
    parser.add_argument("--c", type=float, default=0.3)
    parser.add_argument("--quick", action="store_true", help="tune the threshold only (trying features)")
    parser.add_argument("--no-dense", dest="dense", action="store_false", help="string features only")
    parser.add_argument("--out", type=Path, default=OUT, help="where to write the model (default: the shipped file)")
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
    n_cues = sum(len(c) for c, _s in rows.values())
    print(f"{n_cues} candidate cues, {sum(y for c, _s in rows.values() for _f, _d, y in c)} with a gold content")
    tuning = model_of(fit_both([rows[t] for t in texts if t not in held], args), 0.25)
    tune(tuning, [(t, docs[t], g) for t in sorted(held) for g in items_by_text[t]], args.quick)
    models = fit_both([rows[t] for t in texts], args)
    note = f"logistic regressions on PolNeAR train ({len(texts)} texts), benchmarks/train_quote_cues.py"
    write(models, tuning, note, args.out)
    weights = len(models[0][0]) + len(models[1][0]) + len(models[0][2]) + len(models[1][2])
    tuned = f"threshold {tuning.threshold}, veto {tuning.veto}, margin {tuning.margin}"
    print(f"{tuned}, {weights} weights -> {args.out} ({time.perf_counter() - t0:.0f} s)")


if __name__ == "__main__":
    main()
