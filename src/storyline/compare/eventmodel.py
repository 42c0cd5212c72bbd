"""The event-pair model: a logistic regression over ``eventpairs.FEATURES`` giving the probability
that two reports' events are one real-world event, with the thresholds that make a link "agreed"
or "possibly the same".

The weights ship in ``storyline/data/event_pairs.json``; ``benchmarks/train_event_pairs.py``
rebuilds that file byte for byte from ECB+ (trained on the train topics, thresholds chosen on the
dev topics; see the file's ``note`` and ``figures``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from ..errors import ModelMissingError
from .eventpairs import FEATURES

DATA = "event_pairs.json"


@dataclass(frozen=True)
class EventModel:
    name: str
    features: tuple[str, ...]
    weights: np.ndarray
    bias: float
    mean: np.ndarray
    scale: np.ndarray
    agreed: float  # p at or above which a link is shown as agreed
    possible: float  # p at or above which (and below ``agreed``) it is shown as possibly the same

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        """p for each row of features (one row per pair, columns in ``features`` order)."""
        if rows.size == 0:
            return np.zeros(0)
        z = ((rows - self.mean) / self.scale) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-z))


def model_from(data: dict[str, Any]) -> EventModel:
    features = tuple(data["features"])
    if features != FEATURES:
        raise ModelMissingError(
            f"{DATA}: the model was trained on other features ({', '.join(features)}); "
            "rebuild it with python benchmarks/train_event_pairs.py"
        )
    v = data
    return EventModel(
        name=str(data.get("version", "event-pairs")),
        features=features,
        weights=np.array(v["weights"], dtype=float),
        bias=float(v["bias"]),
        mean=np.array(v["mean"], dtype=float),
        scale=np.array(v["scale"], dtype=float),
        agreed=float(v["agreed"]),
        possible=float(v["possible"]),
    )


@lru_cache(maxsize=1)
def load_event_model() -> EventModel:
    """The shipped model."""
    try:
        text = resources.files("storyline").joinpath("data", DATA).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ModelMissingError(
            f"storyline/data/{DATA} is missing: reinstall storyline, or rebuild it with "
            "python benchmarks/train_event_pairs.py"
        ) from exc
    return model_from(json.loads(text))
