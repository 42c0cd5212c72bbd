"""`storyline extract` and `storyline eval …` from the command line.

The NewsQuant-style file below is a short, fictional sample written for these tests.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from storyline.cli import main
from storyline.extractors.pipeline import VERSION
from storyline.store import open_store

DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo"
FICTIONAL_QUANTITIES = [
    {"text": "The ferry carried 120 passengers on Monday.",
     "quantities": [{"value": 120, "unit": "passengers", "normalized_unit": "passenger", "change": "=",
                     "referred_concepts": ["passengers"]}]},
]  # fmt: skip


@pytest.fixture
def run(tmp_path: Path) -> Any:
    db = str(tmp_path / "cli.db")

    def invoke(*args: str) -> Any:
        return CliRunner().invoke(main, ["--db", db, *args], catch_exceptions=False)

    invoke.db = db  # type: ignore[attr-defined]
    return invoke


def test_extract_fills_missing_facts_then_has_nothing_left(run: Any) -> None:
    assert run("ingest", "--no-extract", str(DEMO / "vellan-courier_ostra-flood.txt")).exit_code == 0
    first = run("extract")
    assert first.exit_code == 0
    assert f"extracted 1 article(s) with {VERSION}" in " ".join(first.output.split())  # Rich wraps at 80 columns
    assert "extracted 0 article(s)" in run("extract").output
    assert "extracted 1 article(s)" in run("extract", "--all").output
    store = open_store(run.db)
    try:
        [article_id] = store.article_ids()
        facts = store.facts(article_id)
        assert facts is not None and facts.events and store.facts_version(article_id) == VERSION
    finally:
        store.close()


def test_eval_json_prints_one_object_with_the_metrics(run: Any, tmp_path: Path) -> None:
    data = tmp_path / "quantities.json"
    data.write_text(json.dumps(FICTIONAL_QUANTITIES), encoding="utf-8")
    result = run("eval", "figures", "--data", str(data), "--json")
    assert result.exit_code == 0
    metrics = json.loads(result.output)
    assert metrics["value_f1"] == 1.0 and metrics["n"] == 1
    assert 0.0 <= metrics["value_unit_f1"] <= 1.0


def test_eval_table_names_each_metric(run: Any, tmp_path: Path) -> None:
    data = tmp_path / "quantities.json"
    data.write_text(json.dumps(FICTIONAL_QUANTITIES), encoding="utf-8")
    result = run("eval", "figures", "--data", str(data))
    assert result.exit_code == 0
    assert "value_f1" in result.output and "1.000" in result.output


@pytest.mark.parametrize("kind", ["quotes", "figures", "dates", "stories"])
def test_eval_without_its_gold_set_says_to_pass_data_and_exits_2(run: Any, tmp_path: Path, kind: str) -> None:
    result = run("eval", kind, "--data", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert "pass --data" in result.output
