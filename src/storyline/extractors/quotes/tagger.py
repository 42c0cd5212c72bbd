"""The fast tier's attribution tagger: a linear-chain CRF over the spaCy pipeline's own output.

Every token is tagged O / B-S / I-S / B-C / I-C / B-Q / I-Q (source, cue, content of an
attribution, as PolNeAR marks them). A token's label scores are a sum of learned weights for
sparse features of the parse (its word, lemma, tags, dependency, its head, the path up to the
nearest cue word of the lexicon and the relation it hangs by, quotation marks around it, its
neighbours) plus a linear map of the parser's context vectors (``doc.tensor``: the token's and its
head's). Features are hashed from spaCy's own 64-bit string ids in numpy, a whole Doc at a time,
and looked up in the trained vocabulary by binary search; Viterbi runs over all sentences at once.

Weights: ``storyline/data/quote_tagger.npz``, rebuilt by ``benchmarks/train_quote_tagger.py`` from
PolNeAR train.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
from spacy.attrs import DEP, ENT_TYPE, HEAD, IDX, LEMMA, LOWER, POS, TAG
from spacy.strings import hash_string  # type: ignore[attr-defined]
from threadpoolctl import threadpool_limits

from ...errors import ModelMissingError
from .cues import CUES, OBJECT_CUES, XCOMP_CUES
from .marks import quote_spans

__all__ = ["DATA", "LABELS", "TaggerModel", "features", "load_model", "sentence_bounds", "viterbi"]

DATA = "data/quote_tagger.npz"
LABELS = ("O", "B-S", "I-S", "B-C", "I-C", "B-Q", "I-Q")
_PRIME = np.uint64(0x100000001B3)
_CUE_IDS = np.array(sorted(hash_string(w) for w in CUES | OBJECT_CUES | XCOMP_CUES | {"according"}), dtype=np.uint64)
_COLON = np.uint64(hash_string(":"))
_DEPTH = 8


def _mix(template: int, *cols: np.ndarray) -> np.ndarray:
    """One feature column: the template number and attribute ids hashed together (uint64, wrapping)."""
    h = np.full(cols[0].shape, np.uint64(template * 0x9E3779B1 + 1), dtype=np.uint64)
    for c in cols:
        h = (h ^ c.astype(np.uint64)) * _PRIME
    return h


def _quote_state(doc: Any, text: str, idx: np.ndarray) -> np.ndarray:
    """Per token: 0 outside quotation marks, 1 inside, 2 an opening mark, 3 a closing mark."""
    state = np.zeros(len(idx), dtype=np.uint64)
    if not len(idx):
        return state
    for qs, cs, ce, qe in quote_spans(text):
        a, b = np.searchsorted(idx, [cs, ce])
        state[a:b] = 1
        o = np.searchsorted(idx, qs)
        if o < len(idx) and idx[o] < cs:
            state[o] = 2
        c = np.searchsorted(idx, ce)
        if c < len(idx) and idx[c] < qe:
            state[c] = 3
    return state


def sentence_bounds(doc: Any) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in doc.sents] if len(doc) else []


def features(doc: Any) -> tuple[np.ndarray, np.ndarray]:
    """(hashed sparse feature keys, shape (tokens, templates); dense vectors, shape (tokens, 3 x
    width): the token's, its head's and its governing cue's parser vectors)."""
    n = len(doc)
    text = doc.text
    table = doc.to_array([LOWER, LEMMA, POS, TAG, DEP, HEAD, ENT_TYPE, IDX]) if n else np.zeros((0, 8), np.uint64)
    lower, lemma, pos, tag, dep = (table[:, k].astype(np.uint64) for k in range(5))
    ent = table[:, 6].astype(np.uint64)
    ar = np.arange(n)
    head = (table[:, 5].astype(np.int64) + ar).clip(0, max(n - 1, 0))
    idx = table[:, 7].astype(np.int64)
    zero = np.zeros(n, dtype=np.uint64)
    pad = np.uint64(1)

    def shift(col: np.ndarray, k: int) -> np.ndarray:
        out = np.full(n, pad, dtype=np.uint64)
        if k > 0 and n > k:
            out[:-k] = col[k:]
        elif k < 0 and n > -k:
            out[-k:] = col[:k]
        return out

    qstate = _quote_state(doc, text, idx)
    # sentence-level context: quotation in the sentence, a lexicon cue in it, tokens since its start
    sent_id = np.zeros(n, dtype=np.int64)
    first = np.zeros(n, dtype=bool)
    bounds = sentence_bounds(doc)
    for k, (a, b) in enumerate(bounds):
        sent_id[a:b] = k
        first[a] = True
    is_cue = np.isin(lemma, _CUE_IDS)
    has_q = np.zeros(len(bounds) or 1, dtype=bool)
    has_c = np.zeros(len(bounds) or 1, dtype=bool)
    if n:
        np.logical_or.at(has_q, sent_id, qstate > 0)
        np.logical_or.at(has_c, sent_id, is_cue)
    sent_flags = (has_q[sent_id].astype(np.uint64) * 2 + has_c[sent_id].astype(np.uint64)) if n else zero
    # the nearest ancestor that is a lexicon cue, the relation the path leaves it by, the distance
    gov = np.full(n, -1, dtype=np.int64)
    via = np.zeros(n, dtype=np.uint64)
    dist = np.zeros(n, dtype=np.uint64)
    cur = ar.copy()
    anc_feats = []
    for d in range(1, _DEPTH + 1):
        nxt = head[cur] if n else cur
        newly = (gov < 0) & is_cue[nxt] & (nxt != cur) if n else np.zeros(0, dtype=bool)
        gov[newly] = nxt[newly]
        via[newly] = dep[cur[newly]]
        dist[newly] = min(d, 4)
        if d <= 3:
            anc_feats.append(_mix(40 + d, lemma[nxt], dep[cur]))
        cur = nxt
    found = gov >= 0
    # the nearest lexicon cue of the sentence on each side, as a distance in tokens (bucketed)
    left_cue = np.where(is_cue, ar, -1)
    left_cue = np.maximum.accumulate(left_cue) if n else left_cue
    right_cue = np.where(is_cue, ar, n + 10**6)
    right_cue = np.minimum.accumulate(right_cue[::-1])[::-1] if n else right_cue
    sent_start = np.array([a for a, _b in bounds], dtype=np.int64)[sent_id] if n else ar
    sent_end = np.array([b for _a, b in bounds], dtype=np.int64)[sent_id] if n else ar
    left_d = np.where(left_cue >= sent_start, np.minimum(np.log2(ar - left_cue + 1).astype(np.int64) + 1, 6), 0)
    right_d = np.where(right_cue < sent_end, np.minimum(np.log2(right_cue - ar + 1).astype(np.int64) + 1, 6), 0)
    gov_lemma = np.where(found, lemma[gov.clip(0)], zero) if n else zero
    side = np.where(found, (gov.clip(0) > ar).astype(np.uint64) + 1, zero) if n else zero
    head_lemma, head_pos, head_dep = lemma[head], pos[head], dep[head]
    seen_colon = np.zeros(n, dtype=np.uint64)
    if n:
        c = np.cumsum(lower == _COLON)
        starts = np.array([a for a, _b in bounds], dtype=np.int64)
        base = np.where(starts > 0, c[starts - 1], 0)
        seen_colon = ((c - (lower == _COLON)) - base[sent_id] > 0).astype(np.uint64)
    keys = (
        np.stack(
            [
                _mix(1, lower),
                _mix(2, lemma),
                _mix(3, pos),
                _mix(4, tag),
                _mix(5, dep),
                _mix(6, ent),
                _mix(7, shift(lower, -1)),
                _mix(8, shift(lower, 1)),
                _mix(9, shift(pos, -1), pos),
                _mix(10, pos, shift(pos, 1)),
                _mix(11, dep, head_lemma),
                _mix(12, head_lemma),
                _mix(13, head_pos, dep),
                _mix(14, qstate),
                _mix(15, qstate, pos),
                _mix(16, sent_flags),
                _mix(17, gov_lemma, via),
                _mix(18, via, side),
                _mix(19, dist, via, side),
                _mix(20, lemma, dep),
                _mix(21, first.astype(np.uint64), pos),
                _mix(22, shift(lower, -2)),
                _mix(23, shift(lower, 2)),
                _mix(24, dep, head_dep),
                _mix(25, is_cue.astype(np.uint64), dep),
                _mix(26, seen_colon, qstate, sent_flags),
                _mix(27, shift(lemma, -1), lemma),
                _mix(28, qstate, shift(qstate, -1), shift(qstate, 1)),
                _mix(29, gov_lemma, via, side, qstate),
                _mix(30, ent, dep),
                _mix(31, left_d.astype(np.uint64), right_d.astype(np.uint64)),
                _mix(32, left_d.astype(np.uint64), right_d.astype(np.uint64), qstate, pos),
                _mix(
                    33, np.where(left_cue >= 0, lemma[left_cue.clip(0)], zero) if n else zero, left_d.astype(np.uint64)
                ),
                *anc_feats,
            ],
            axis=1,
        )
        if n
        else np.zeros((0, 36), dtype=np.uint64)
    )
    tensor = getattr(doc, "tensor", None)
    width = tensor.shape[1] if tensor is not None and len(tensor.shape) == 2 and tensor.shape[0] == n else 0
    dense = np.zeros((n, 3 * 96), dtype=np.float32)
    if width == 96 and n:
        t = np.asarray(tensor, dtype=np.float32)
        dense[:, :96] = t
        dense[:, 96:192] = t[head]
        dense[found, 192:] = t[gov[found]]
    return keys, dense


class TaggerModel:
    """Trained weights: a sorted feature vocabulary with label weights and embeddings, dense
    weights, a small BiLSTM over each sentence (run here in numpy), and the CRF transitions."""

    def __init__(self, params: dict[str, np.ndarray]):
        p = {k: np.asarray(v, dtype=np.float32) if k != "keys" else v for k, v in params.items()}
        self.keys = p["keys"]
        self.weights = _with_zero_row(p["weights"])
        self.dense, self.bias, self.trans = p["dense"], p["bias"], p["trans"]
        self.lstm = "emb" in p
        if self.lstm:
            self.emb = _with_zero_row(p["emb"])
            self.proj_w, self.proj_b = p["proj_w"], p["proj_b"]
            self.fwd = (p["f_ih"], p["f_hh"], p["f_b"])
            self.bwd = (p["b_ih"], p["b_hh"], p["b_b"])
            self.out_w, self.out_b = p["out_w"], p["out_b"]

    def rows(self, keys: np.ndarray) -> np.ndarray:
        pos = np.searchsorted(self.keys, keys)
        pos = np.minimum(pos, len(self.keys) - 1)
        return np.where(self.keys[pos] == keys, pos, len(self.keys))

    def scores(self, doc: Any, bounds: list[tuple[int, int]] | None = None) -> np.ndarray:
        keys, dense = features(doc)
        if not len(keys):
            return np.zeros((0, len(LABELS)), dtype=np.float32)
        rows = self.rows(keys)
        out = self.weights[rows].sum(axis=1) + dense[:, : len(self.dense)] @ self.dense + self.bias
        if self.lstm:
            x = np.concatenate([self.emb[rows].sum(axis=1), np.tanh(dense @ self.proj_w + self.proj_b)], axis=1)
            with threadpool_limits(limits=1, user_api="blas"):  # tiny products: threads only spin
                h = _bilstm(x, bounds if bounds is not None else sentence_bounds(doc), self.fwd, self.bwd)
            out = out + h @ self.out_w + self.out_b
        return out

    def tag(self, doc: Any) -> np.ndarray:
        """The best label index of every token (Viterbi within each sentence)."""
        bounds = sentence_bounds(doc)
        return viterbi(self.scores(doc, bounds), self.trans, bounds)


def _with_zero_row(m: np.ndarray) -> np.ndarray:
    return np.vstack([m, np.zeros((1, m.shape[1]), dtype=np.float32)]).astype(np.float32)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (np.tanh(0.5 * x) + 1.0)


def _lstm(pre: np.ndarray, lengths: np.ndarray, w_hh: np.ndarray) -> np.ndarray:
    """One LSTM direction over padded sequences sorted longest first; ``pre``: inputs already
    multiplied by the input weights, plus both biases (torch's gate order i, f, g, o)."""
    s, length, _ = pre.shape
    hidden = w_hh.shape[1]
    h = np.zeros((s, hidden), dtype=np.float32)
    c = np.zeros((s, hidden), dtype=np.float32)
    out = np.zeros((s, length, hidden), dtype=np.float32)
    w = w_hh.T
    for t in range(length):
        live = int(np.searchsorted(-lengths, -t, side="left"))
        g = pre[:live, t] + h[:live] @ w
        i, f = _sigmoid(g[:, :hidden]), _sigmoid(g[:, hidden : 2 * hidden])
        cand, o = np.tanh(g[:, 2 * hidden : 3 * hidden]), _sigmoid(g[:, 3 * hidden :])
        c[:live] = f * c[:live] + i * cand
        h[:live] = o * np.tanh(c[:live])
        out[:live, t] = h[:live]
    return out


def _bilstm(
    x: np.ndarray, bounds: list[tuple[int, int]], fwd: tuple[np.ndarray, ...], bwd: tuple[np.ndarray, ...]
) -> np.ndarray:
    """Both directions of the BiLSTM over every sentence at once; rows back in token order."""
    n = len(x)
    hidden = fwd[1].shape[1]
    out = np.zeros((n, 2 * hidden), dtype=np.float32)
    spans = [(a, b) for a, b in bounds if b > a]
    if not spans:
        return out
    spans.sort(key=lambda ab: ab[0] - ab[1])
    lengths = np.array([b - a for a, b in spans])
    width = int(lengths[0])
    index = np.full((len(spans), width), -1, dtype=np.int64)
    for k, (a, b) in enumerate(spans):
        index[k, : b - a] = np.arange(a, b)
    rev = np.full_like(index, -1)
    for k, (a, b) in enumerate(spans):
        rev[k, : b - a] = np.arange(b - 1, a - 1, -1)
    valid = index >= 0
    for (w_ih, w_hh, bias), idx, col in ((fwd, index, 0), (bwd, rev, hidden)):
        pre = np.zeros((len(spans), width, w_ih.shape[0]), dtype=np.float32)
        pre[valid] = x[idx[valid]] @ w_ih.T + bias
        h = _lstm(pre, lengths, w_hh)
        out[idx[valid], col : col + hidden] = h[valid]
    return out


def viterbi(scores: np.ndarray, trans: np.ndarray, bounds: list[tuple[int, int]]) -> np.ndarray:
    """Best label path per sentence, every sentence in one pass of vectorized steps."""
    n, k = scores.shape
    out = np.zeros(n, dtype=np.int64)
    if not n or not bounds:
        return out
    lengths = np.array([b - a for a, b in bounds])
    starts = np.array([a for a, _b in bounds])
    order = np.argsort(-lengths, kind="stable")
    lengths, starts = lengths[order], starts[order]
    width = int(lengths[0])
    alpha = scores[starts]
    back = np.zeros((width, len(starts), k), dtype=np.int64)
    for i in range(1, width):
        live = int(np.searchsorted(-lengths, -i, side="left"))  # sentences longer than i
        if live == 0:
            break
        cand = alpha[:live, :, None] + trans[None]
        back[i, :live] = cand.argmax(1)
        alpha[:live] = cand.max(1) + scores[starts[:live] + i]
    best = alpha.argmax(1)
    for s in range(len(starts)):
        a, length = int(starts[s]), int(lengths[s])
        y = int(best[s])
        out[a + length - 1] = y
        for i in range(length - 1, 0, -1):
            y = int(back[i, s, y])
            out[a + i - 1] = y
    return out


@lru_cache(maxsize=1)
def load_model() -> TaggerModel:
    """The shipped tagger (read once per process)."""
    try:
        with resources.files("storyline").joinpath(DATA).open("rb") as fh:
            data = dict(np.load(fh, allow_pickle=False))
    except FileNotFoundError as exc:
        raise ModelMissingError(
            f"quote tagger storyline/{DATA} is missing: reinstall storyline "
            "or rebuild it with python benchmarks/train_quote_tagger.py"
        ) from exc
    return TaggerModel(data)
