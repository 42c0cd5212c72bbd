"""Scoring attribution candidates: the learned cue model's two logistic regressions (a word
attributes something; this span is what it attributes) over string features and the parser's
context vectors, with the weights shipped in ``storyline/data/quote_cues.json`` (read once).
Candidates come from ``cuemodel.candidates``; ``benchmarks/train_quote_cues.py`` fits the weights.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import repeat
from typing import TYPE_CHECKING, Any

from ...errors import ModelMissingError

if TYPE_CHECKING:
    from .cuemodel import Candidate

__all__ = ["DATA", "CueModel", "Dense", "load_model"]

DATA = "data/quote_cues.json"


class CueModel:
    """Two logistic models over string features and the parser's context vectors (``doc.tensor``):
    ``cue`` is the probability that a word attributes something at all, ``span`` the probability
    that a candidate is its content given that it does. A candidate's probability of being gold is
    their product. The vectors let words too rare for a weight of their own ("understates",
    "vied") borrow from the words the parser sees alike; a Doc without them scores on strings alone."""

    def __init__(
        self,
        cue: dict[str, float],
        span: dict[str, float],
        bias: tuple[float, float],
        threshold: float,
        veto: float = 0.0,
        margin: float = 0.15,
        dense: tuple[Any, Any] | None = None,
    ):
        self.cue_weights, self.span_weights = cue, span
        self.bias = bias
        self.threshold = threshold
        self.veto = veto  # a lexicon cue whose word scores below this attributes nothing
        self.margin = margin  # how much surer of another span the model must be to move a rule's
        # (cue: one weight per tensor column; span: columns x (content head, last token, next token))
        self.dense = dense

    def project(self, doc: Any) -> Dense | None:
        """Per-token dense scores of ``doc`` for both models (one matrix product per Doc)."""
        if self.dense is None:
            return None
        import numpy as np

        tensor = getattr(doc, "tensor", None)
        cue_w, span_w = self.dense
        if tensor is None or len(tensor.shape) != 2 or tensor.shape[0] != len(doc) or tensor.shape[1] != len(cue_w):
            return None
        both = np.asarray(tensor, dtype=np.float32) @ np.concatenate([np.asarray(cue_w)[:, None], span_w], axis=1)
        return Dense(*(both[:, k].tolist() for k in range(4)))

    def cue(self, cand: Candidate, dense: Dense | None = None) -> float:
        feats = cand.features[: cand.n_cue]
        z = self.bias[0] + sum(map(self.cue_weights.get, feats, repeat(0.0, len(feats))))
        if dense is not None:
            z += dense.cue[cand.cue.i]
        return _sigmoid(z)

    def span(self, cand: Candidate, dense: Dense | None = None) -> float:
        feats = cand.features
        z = self.bias[1] + sum(map(self.span_weights.get, feats, repeat(0.0, len(feats))))
        if dense is not None:
            after = min(cand.stop + 1, len(dense.head) - 1)
            z += dense.head[cand.head] + dense.last[cand.stop] + dense.next[after]
        return _sigmoid(z)


@dataclass(slots=True)
class Dense:
    """Per-token dense contributions: to the cue score, and to a span's by its head, end and next token."""

    cue: list[float]
    head: list[float]
    last: list[float]
    next: list[float]


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@lru_cache(maxsize=1)
def load_model() -> CueModel:
    """The shipped model (read once per process)."""
    try:
        raw = resources.files("storyline").joinpath(DATA).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ModelMissingError(
            f"quote cue model storyline/{DATA} is missing: reinstall storyline "
            "or rebuild it with python benchmarks/train_quote_cues.py"
        ) from exc
    data = json.loads(raw)
    bias = (float(data["cue_bias"]), float(data["span_bias"]))
    tuned = float(data["threshold"]), float(data.get("veto", 0.0)), float(data.get("margin", 0.15))
    dense = None
    if data.get("cue_dense") and data.get("span_dense"):
        import numpy as np

        dense = (np.asarray(data["cue_dense"], dtype=np.float32), np.asarray(data["span_dense"], dtype=np.float32).T)
    return CueModel(dict(data["cue_weights"]), dict(data["span_weights"]), bias, *tuned, dense=dense)
