"""The quality gate: every figure in benchmarks/baseline.json must still be reached on ../shared/eval.

Raising a baseline figure is a normal change; lowering one is a change that says why.
Run with ``pytest -m slow tests/test_quality_gate.py``.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

import pytest

from storyline.options import Options

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "benchmarks" / "baseline.json"
EVAL = ROOT / ".." / "shared" / "eval"

# Scorer per kind: module, function (the same ones `storyline eval KIND` runs).
SCORERS = {
    "quotes": ("storyline.eval.polnear", "score_quotes"),
    "figures": ("storyline.eval.newsquant", "score_figures"),
    # the Recognizers-Text sets in NewsQuant's format, one entry each (same scorer)
    "figures_currency": ("storyline.eval.newsquant", "score_figures"),
    "figures_dimension": ("storyline.eval.newsquant", "score_figures"),
    "figures_temperature": ("storyline.eval.newsquant", "score_figures"),
    "figures_age": ("storyline.eval.newsquant", "score_figures"),
    "dates": ("storyline.eval.tempeval", "score_dates"),
    "stories": ("storyline.eval.ecb", "score_stories"),
    "story_slices": ("storyline.eval.ecb", "score_slices"),  # 10-topic collections, as the held-out split
    "events": ("storyline.eval.ecb_events", "score_event_alignment"),  # links shown as agreed
    # a week of news: ECB+ sampled sparse, PolNeAR distractors, the demo (data: the eval folder);
    # one mix per ECB+ half, each scored with a background of the other half's topics only
    "story_mix": ("storyline.eval.mix", "score_mixes"),
    # PolNeAR dev with its file names' days, ingested as shipped: stories that span weeks (a topic)
    "story_spans": ("storyline.eval.spans", "score_spans"),
}
TOLERANCE = 1e-4  # scorers round to 4 places


def _baseline() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(BASELINE.read_text(encoding="utf-8"))
    return data["figures"]


@pytest.mark.shared
def test_baseline_names_known_scorers_and_fractions() -> None:
    for kind, entry in _baseline().items():
        assert kind in SCORERS
        assert (EVAL / entry["data"]).exists(), f"{kind}: gold set {entry['data']} missing under {EVAL}"
        assert entry["metrics"] and all(0.0 <= v <= 1.0 for v in entry["metrics"].values())


@pytest.mark.slow
@pytest.mark.parametrize("kind", sorted(_baseline()))
def test_no_figure_drops_below_the_baseline(kind: str) -> None:
    entry = _baseline()[kind]
    module, function = SCORERS[kind]
    # an entry's "options": e.g. the whole ECB+ dev folder is scored without the built-in story
    # background, which is counted from those very documents
    options = Options(**entry.get("options", {}))
    measured = getattr(importlib.import_module(module), function)(EVAL / entry["data"], options)
    dropped = {
        name: (measured.get(name), floor)
        for name, floor in entry["metrics"].items()
        if not isinstance(measured.get(name), (int, float)) or measured[name] < floor - TOLERANCE
    }
    assert not dropped, f"{kind}: below benchmarks/baseline.json (measured, baseline): {dropped}"
