"""The accurate tier: the fine-tuned MiniLM (``minilm``) reads the segments that can hold an
attribution (``quotetiers.may_attribute``); its label scores, taken at each spaCy token's first
word piece, are added to the fast tier's scores for the same token (weighted by ``WEIGHT``), and
the best path under both models' transitions is read per sentence. Tokens of segments that cannot
hold an attribution keep the fast tier's scores alone.
"""

from __future__ import annotations

import bisect
from typing import Any

import numpy as np

from . import minilm
from . import tagger as quotetagger
from .tiers import may_attribute, segments

__all__ = ["WEIGHT", "labels", "minilm_scores"]

WEIGHT = 1.0  # the MiniLM's share against the fast tier's (chosen on held-out train)


def minilm_scores(doc: Any, text: str) -> tuple[np.ndarray, np.ndarray]:
    """(MiniLM label scores per token, zero where it did not read; which tokens it read)."""
    out = np.zeros((len(doc), len(minilm.LABELS)), dtype=np.float32)
    read = np.zeros(len(doc), dtype=bool)
    if not len(doc):
        return out, read
    tagger = minilm.load_tagger()
    parts = [(a, b) for a, b in segments(text, tagger.tokenizer, tagger.max_len) if may_attribute(text[a:b])]
    starts = [t.idx for t in doc]
    for (a, b), (scores, offsets) in zip(parts, tagger.emissions([text[a:b] for a, b in parts]), strict=True):
        ends = [a + e for _s, e in offsets]
        for i in range(bisect.bisect_left(starts, a), bisect.bisect_left(starts, b)):
            k = bisect.bisect_right(ends, starts[i])
            if k < len(scores) and a + offsets[k][0] <= starts[i] + len(doc[i].text):
                out[i] = scores[k]
                read[i] = True
    return out, read


def labels(doc: Any, text: str, weight: float | None = None, fast_weight: float = 1.0) -> np.ndarray:
    """Label index (``minilm.LABELS``) of every token of ``doc`` (``fast_weight`` 0: the MiniLM alone)."""
    w = WEIGHT if weight is None else weight
    fast = quotetagger.load_model()
    bounds = quotetagger.sentence_bounds(doc)
    if not len(doc):
        return np.zeros(0, dtype=np.int64)
    extra, read = minilm_scores(doc, text)
    trans = fast_weight * fast.trans + w * minilm.load_tagger().transitions()
    scores = w * extra
    if fast_weight:
        scores = scores + fast_weight * fast.scores(doc, bounds)
    else:
        scores[~read, 0] += 1e3  # what the MiniLM did not read is none of an attribution
    return quotetagger.viterbi(scores, trans, bounds)
