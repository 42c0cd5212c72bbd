"""The two real seed reports (read in place from ../shared/seeds) compared end to end.

tests/golden/seed_comparison.json is hand-checked: facts by outlet name, not id. After a change in
extraction or comparison, look at the diff, check it against the seeds, then rewrite the file with
STORYLINE_UPDATE_GOLDEN=1.
"""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path
from typing import Any

import pytest

from storyline.compare.report import build_story_from
from storyline.errors import InputError
from storyline.extract.pipeline import extract_articles
from storyline.ingest import read_sources
from storyline.options import Options
from storyline.records import Story

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / ".." / "shared" / "seeds"
GOLDEN = ROOT / "tests" / "golden" / "seed_comparison.json"
pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def story() -> Story:
    options = Options()
    items = read_sources([str(SEEDS)], options)
    articles = [a for a in items if not isinstance(a, InputError)]
    assert len(articles) == 2, items
    return build_story_from(articles, extract_articles(articles, options), options)


def summary_of(story: Story) -> dict[str, Any]:
    """The comparison with outlet names in place of ids: what a person checks against the seeds."""
    name = {a.id: a.outlet or a.id for a in story.articles}

    def outlets(ids: tuple[str, ...]) -> list[str]:
        return [name[i] for i in ids]

    c = story.comparison
    return {
        "agreed": [{"kind": a.kind, "text": a.text, "outlets": outlets(a.articles)} for a in c.agreed],
        "unique": {name[k]: [f"{u.kind}: {u.text}" for u in v] for k, v in c.unique.items()},
        "conflicts": [{"kind": x.kind, "why": x.why} for x in c.conflicts],
        "timeline": [f"{m.date or 'undated'} {outlets(m.articles)}: {m.text}" for m in story.timeline],
        "summary": [f"{outlets(line.articles)}: {line.text}" for line in story.summary],
    }


def test_seed_comparison_matches_the_hand_checked_golden_file(story: Story):
    text = json.dumps(summary_of(story), indent=2, ensure_ascii=False) + "\n"
    if os.environ.get("STORYLINE_UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(text, encoding="utf-8")
    expected = GOLDEN.read_text(encoding="utf-8")
    if text != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), text.splitlines(True), str(GOLDEN), "actual"))
        raise AssertionError(f"seed comparison differs from the golden file (hand-check, then update):\n{diff}")


def test_the_nsc_statement_is_agreed_although_attributed_differently(story: Story):
    quotes = {a.text for a in story.comparison.agreed if a.kind == "quote"}
    assert any(t.startswith("We continue to address the root causes") for t in quotes)
    assert "assess progress and decide what more can be done" in quotes


def test_the_january_meeting_in_washington_is_a_moment_both_outlets_report(story: Story):
    january = [m for m in story.timeline if m.date == "2024-01"]
    assert any(len(m.articles) == 2 for m in january)


def test_the_talks_in_mexico_city_are_dated_27_december_by_the_matching_caption(story: Story):
    # the body says only "this week's delegation to Mexico City"; CNN's caption of that meeting
    # (Mexico City, Blinken, Mayorkas, December 27, 2023) gives the day
    assert any(m.date == "2023-12-27" and "Mexico City" in m.text for m in story.timeline)


def test_the_caption_scene_in_lukeville_is_not_a_moment(story: Story):
    assert all(m.date != "2023-12-05" and "Lukeville" not in m.text for m in story.timeline)


def test_cnn_figures_of_different_scope_do_not_conflict(story: Story):
    assert [c for c in story.comparison.conflicts if c.kind == "figure"] == []
