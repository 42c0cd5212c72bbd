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
from storyline.extractors.pipeline import extract_articles
from storyline.options import Options
from storyline.readers import read_sources
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
    # NewsNation quotes the statement in one piece, CNN in two: one agreed entry, since one NewsNation
    # quote is in both (a fact id in one place), its text naming both passages
    quotes = [a for a in story.comparison.agreed if a.kind == "quote"]
    statement = [a for a in quotes if "We continue to address the root causes" in a.text]
    assert len(statement) == 1
    assert "assess progress and decide what more can be done" in statement[0].text
    assert statement[0].p is not None and statement[0].p >= 0.8


def test_the_terror_watch_list_sentence_is_only_in_newsnation(story: Story):
    name = {a.id: a.outlet for a in story.articles}
    hits = [(k, u) for k, us in story.comparison.unique.items() for u in us if "terror watch list" in u.text]
    assert [name[k] for k, _ in hits] == ["NewsNation"]
    assert not any("terror watch list" in a.text for a in (*story.comparison.agreed, *story.comparison.possible))


def test_tapachula_is_a_place_only_cnn_names(story: Story):
    name = {a.id: a.outlet for a in story.articles}
    assert [e.type for e in story.entities if e.name == "Tapachula"] == ["GPE"]
    hits = [name[k] for k, us in story.comparison.unique.items() for u in us if "Tapachula" in u.text]
    assert hits == ["CNN"]


def test_no_outlet_lists_its_own_name_as_news(story: Story):
    assert all(u.text != "CNN" for u in story.comparison.unique[story.articles[1].id])


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
