"""Train the fast tier's attribution tagger (storyline/data/quote_tagger.npz) on PolNeAR train only.

Reads ../shared/eval/polnear/train in place (parsed once and cached by quote_corpus.py under /tmp).
Every token is labelled O / B-S / I-S / B-C / I-C / B-Q / I-Q from the first annotation file of its
text; ``quotetagger.features`` gives its hashed sparse features and dense vectors; a linear-chain
CRF (sentence by sentence) is fitted with Adam in torch, seeded; unless ``--linear``, a BiLSTM
(16-dim feature embeddings and the projected vectors in, 64 units each way) adds its label scores
to the linear ones. Features seen fewer than ``--min-count`` times are left out. With ``--tune``
(how the shipped file is made) it fits on 90% of the train texts and keeps the epoch whose full
extraction scores best (content F1) on the other 10% (seeded); without it, all of train for
``--epochs``. Needs torch (``pip install 'storyline[accurate]'``).

The shipped weights: ``python benchmarks/train_quote_tagger.py --tune --epochs 5`` (epoch 5 chosen;
held-out train content F1 0.50 through the tagger alone). On this shared 2-core machine under a load
of 10-16 that took 1,823 s (features 60 s, 170-330 s an epoch, ~40 s scoring each epoch).

    python benchmarks/train_quote_tagger.py --tune [--epochs 5] [--min-count 3] [--out PATH]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from quote_corpus import Item, load

from storyline.eval import polnear
from storyline.extractors.quotes import tagger as quotetagger

OUT = Path(__file__).resolve().parents[1] / "src" / "storyline" / quotetagger.DATA
TYPES = {"S": 1, "C": 3, "Q": 5}


def token_labels(doc: Any, golds: list[polnear.Gold]) -> np.ndarray:
    text = doc.text
    role = np.zeros(len(text) + 1, dtype=np.int8)
    start = np.zeros(len(text) + 1, dtype=bool)
    for g in golds:
        for name, spans in (("S", g.source), ("C", g.cue), ("Q", g.content)):
            for s, e in spans:
                role[s:e] = TYPES[name]
                start[s] = True
    out = np.zeros(len(doc), dtype=np.int64)
    prev = 0
    for t in doc:
        a, b = t.idx, t.idx + len(t.text)
        r = int(role[a])
        if r and prev == r and not start[a:b].any():
            out[t.i] = r + 1
        elif r:
            out[t.i] = r
        prev = r
    return out


def prepared(items: list[Item]) -> list[tuple[np.ndarray, np.ndarray, np.ndarray, list[tuple[int, int]]]]:
    out = []
    for it in items:
        keys, dense = quotetagger.features(it.doc)
        out.append((keys, dense, token_labels(it.doc, it.golds[0]), quotetagger.sentence_bounds(it.doc)))
    return out


def sequences(data: list[Any], vocab: np.ndarray) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """(feature rows, dense, labels) per sentence, rows mapped into the vocabulary (unknown: its size)."""
    out = []
    for keys, dense, labels, bounds in data:
        pos = np.minimum(np.searchsorted(vocab, keys), len(vocab) - 1)
        rows = np.where(vocab[pos] == keys, pos, len(vocab))
        for a, b in bounds:
            if b > a:
                out.append((rows[a:b], dense[a:b], labels[a:b]))
    return out


def network(n_vocab: int, d_dense: int, lstm: bool) -> Any:
    import torch

    nn = torch.nn
    k = len(quotetagger.LABELS)

    class Net(nn.Module):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.lin = nn.Embedding(n_vocab + 1, k, padding_idx=n_vocab)
            nn.init.zeros_(self.lin.weight)
            self.dense = nn.Linear(d_dense, k)
            nn.init.zeros_(self.dense.weight)
            self.trans = nn.Parameter(torch.zeros(k, k))
            self.lstm = lstm
            if lstm:
                self.emb = nn.Embedding(n_vocab + 1, 16, padding_idx=n_vocab)
                nn.init.normal_(self.emb.weight, std=0.05)
                with torch.no_grad():
                    self.emb.weight[n_vocab].zero_()
                self.proj = nn.Linear(d_dense, 48)
                self.rnn = nn.LSTM(64, 64, batch_first=True, bidirectional=True)
                self.out = nn.Linear(128, k)

        def forward(self, rows: Any, dn: Any, lengths: Any) -> Any:
            s = self.lin(rows).sum(2) + self.dense(dn)
            if self.lstm:
                x = torch.cat([self.emb(rows).sum(2), torch.tanh(self.proj(dn))], -1)
                packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
                h, _ = self.rnn(packed)
                h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=rows.shape[1])
                s = s + self.out(h)
            return s

    return Net()


def fit(
    seqs: list[Any], n_vocab: int, args: argparse.Namespace, epochs: int, report: Any = None
) -> dict[str, np.ndarray]:
    import torch

    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    net = network(n_vocab, seqs[0][1].shape[1], not args.linear)
    rest = [p for n, p in net.named_parameters() if n != "lin.weight"]
    opt = torch.optim.Adam([{"params": [net.lin.weight], "lr": args.lr}, {"params": rest, "lr": 0.005}])
    order = sorted(range(len(seqs)), key=lambda i: len(seqs[i][2]))
    batches = [order[i : i + 32] for i in range(0, len(order), 32)]
    for epoch in range(epochs):
        rng.shuffle(batches)
        t0, total = time.perf_counter(), 0.0
        for b in batches:
            width = max(len(seqs[i][2]) for i in b)
            n_feat = seqs[b[0]][0].shape[1]
            rows = torch.full((len(b), width, n_feat), n_vocab, dtype=torch.long)
            dn = torch.zeros((len(b), width, seqs[b[0]][1].shape[1]))
            labels = torch.zeros((len(b), width), dtype=torch.long)
            mask = torch.zeros((len(b), width))
            for r, i in enumerate(b):
                m = len(seqs[i][2])
                rows[r, :m] = torch.from_numpy(seqs[i][0].astype(np.int64))
                dn[r, :m] = torch.from_numpy(seqs[i][1])
                labels[r, :m] = torch.from_numpy(seqs[i][2])
                mask[r, :m] = 1
            scores = net(rows, dn, mask.sum(1).long())
            loss = crf_nll(scores, labels, mask, net.trans)
            if args.l2:
                loss = loss + args.l2 * net.lin.weight.pow(2).sum()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(rest, 5.0)
            opt.step()
            opt.zero_grad()
            total += float(loss.detach())
        print(f"epoch {epoch + 1}: loss {total / len(batches):.3f} ({time.perf_counter() - t0:.0f} s)", flush=True)
        if report is not None:
            report(epoch + 1, to_params(net))
    return to_params(net)


def to_params(net: Any) -> dict[str, np.ndarray]:
    def a(t: Any) -> np.ndarray:
        return np.asarray(t.detach().numpy(), dtype=np.float32).copy()

    out = {
        "weights": a(net.lin.weight)[:-1],
        "dense": a(net.dense.weight).T.copy(),
        "bias": a(net.dense.bias),
        "trans": a(net.trans),
    }
    if net.lstm:
        r = net.rnn
        out |= {
            "emb": a(net.emb.weight)[:-1],
            "proj_w": a(net.proj.weight).T.copy(),
            "proj_b": a(net.proj.bias),
            "f_ih": a(r.weight_ih_l0),
            "f_hh": a(r.weight_hh_l0),
            "f_b": a(r.bias_ih_l0) + a(r.bias_hh_l0),
            "b_ih": a(r.weight_ih_l0_reverse),
            "b_hh": a(r.weight_hh_l0_reverse),
            "b_b": a(r.bias_ih_l0_reverse) + a(r.bias_hh_l0_reverse),
            "out_w": a(net.out.weight).T.copy(),
            "out_b": a(net.out.bias),
        }
    return out


def crf_nll(scores: Any, labels: Any, mask: Any, trans: Any) -> Any:
    import torch

    gold = scores.gather(2, labels[..., None]).squeeze(-1)
    pair = trans[labels[:, :-1], labels[:, 1:]]
    score = (gold * mask).sum(1) + (pair * mask[:, 1:]).sum(1)
    alpha = scores[:, 0]
    for i in range(1, scores.shape[1]):
        nxt = torch.logsumexp(alpha[:, :, None] + trans[None] + scores[:, i, None, :], dim=1)
        alpha = torch.where(mask[:, i, None] > 0, nxt, alpha)
    return (torch.logsumexp(alpha, dim=1) - score).mean()


def model_of(vocab: np.ndarray, fitted: dict[str, np.ndarray]) -> quotetagger.TaggerModel:
    return quotetagger.TaggerModel({"keys": vocab, **fitted})


def score(model: quotetagger.TaggerModel, items: list[Item]) -> dict[str, Any]:
    from unittest import mock

    from storyline.extractors import entities, quotes
    from storyline.records import Article

    rows = []
    with mock.patch.object(quotetagger, "load_model", lambda: model):
        for it in items:
            article = Article(id="t", body=it.text)
            found = quotes.quotes(it.doc, article, entities.mentions(it.doc, article))
            rows.extend((g, found, it.text) for g in it.golds)
    return polnear.score(rows)


def vocabulary(data: list[Any], min_count: int) -> np.ndarray:
    keys = np.concatenate([k.ravel() for k, _d, _l, _b in data])
    uniq, counts = np.unique(keys, return_counts=True)
    return uniq[counts >= min_count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--min-count", type=int, default=3)
    parser.add_argument("--lr", type=float, default=0.05)
    parser.add_argument("--l2", type=float, default=0.0)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--linear", action="store_true", help="no BiLSTM: the linear-chain CRF alone")
    parser.add_argument("--tune", action="store_true", help="score each epoch on held-out train first")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    import torch

    torch.set_num_threads(1)
    t0 = time.perf_counter()
    items = load("train")
    order = list(range(len(items)))
    random.Random(args.seed).shuffle(order)
    held = set(order[: len(items) // 10])
    data = prepared(items)
    print(f"{len(items)} texts, features in {time.perf_counter() - t0:.0f} s", flush=True)
    if args.tune:  # fit on 90%, keep the epoch that scores best on the other 10%, ship that
        part = [data[i] for i in range(len(items)) if i not in held]
        vocab = vocabulary(part, args.min_count)
        seqs = sequences(part, vocab)
        held_items = [items[i] for i in sorted(held)]
        results: dict[int, tuple[float, dict[str, np.ndarray]]] = {}

        def report(epoch: int, fitted: dict[str, np.ndarray]) -> None:
            result = score(model_of(vocab, fitted), held_items)
            results[epoch] = (result["content_f1"], fitted)
            print(f"  held-out train after epoch {epoch}: {json.dumps(result)}", flush=True)

        fit(seqs, len(vocab), args, args.epochs, report)
        epochs = max(results, key=lambda e: (results[e][0], -e))
        fitted = results[epochs][1]
        print(f"chosen: epoch {epochs} (fitted on {len(part)} of {len(items)} texts)")
    else:  # all of train, a given number of epochs
        epochs = args.epochs
        vocab = vocabulary(data, args.min_count)
        fitted = fit(sequences(data, vocab), len(vocab), args, epochs)
    kept = save(args.out, vocab, fitted)
    quotetagger.load_model.cache_clear()
    size = args.out.stat().st_size / 1e6
    print(f"{kept} features, {epochs} epochs -> {args.out} ({size:.1f} MB); {time.perf_counter() - t0:.0f} s")


def save(out: Path, vocab: np.ndarray, fitted: dict[str, np.ndarray]) -> int:
    """Write the weights; vocabulary rows that weigh nothing are left out (they read as unknown)."""
    keep = np.abs(fitted["weights"]).max(axis=1) >= 1e-3
    if "emb" in fitted:
        keep |= np.abs(fitted["emb"]).max(axis=1) >= 1e-2
    data = {k: v.astype(np.float32) for k, v in fitted.items()}
    data["weights"] = fitted["weights"][keep].astype(np.float16)
    if "emb" in fitted:
        data["emb"] = fitted["emb"][keep].astype(np.float16)
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out, keys=vocab[keep], **data)
    return int(keep.sum())


if __name__ == "__main__":
    main()
