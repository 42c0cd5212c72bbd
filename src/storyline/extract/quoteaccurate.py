"""The accurate tier: label every spaCy token with the fine-tuned MiniLM (``minilm``), reading only
the segments that can hold an attribution (``quotetiers.may_attribute``); other tokens are O.

Each segment's word pieces get the best label path under the tagger's CRF transitions; a spaCy
token takes the label of the word piece its first character falls in.
"""

from __future__ import annotations

import bisect
from typing import Any

import numpy as np

from . import minilm
from .quotetagger import viterbi
from .quotetiers import may_attribute, segments

__all__ = ["labels"]


def labels(doc: Any, text: str) -> np.ndarray:
    """Label index (``minilm.LABELS``) of every token of ``doc``."""
    out = np.zeros(len(doc), dtype=np.int64)
    if not len(doc):
        return out
    tagger = minilm.load_tagger()
    parts = [(a, b) for a, b in segments(text, tagger.tokenizer, tagger.max_len) if may_attribute(text[a:b])]
    if not parts:
        return out
    trans = tagger.transitions()
    starts = [t.idx for t in doc]
    for (a, b), (scores, offsets) in zip(parts, tagger.emissions([text[a:b] for a, b in parts]), strict=True):
        if not len(scores):
            continue
        path = viterbi(scores, trans, [(0, len(scores))])
        ends = [a + e for _s, e in offsets]
        first = bisect.bisect_left(starts, a)
        last = bisect.bisect_left(starts, b)
        prev_piece = -1
        for i in range(first, last):
            k = bisect.bisect_right(ends, starts[i])
            if k >= len(path) or a + offsets[k][0] > starts[i] + len(doc[i].text):
                continue
            y = int(path[k])
            if y in (1, 3, 5) and k == prev_piece:  # two tokens in one word piece: one span
                y += 1
            out[i] = y
            prev_piece = k
    return out
