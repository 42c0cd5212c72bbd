"""A group that is a topic, not one event, is cut (``cluster.topics``, issue #14): in time, where
its dated reports span more than a week and the pair model holds them loosely; into the parts the
pair model holds, where a large group holds together less than ``topics.COHESION``.

No text: the reports are made-up ids with a date, and the pair model's p is given by hand (two
blocks of reports, each one event, the pair model holding reports across blocks as told)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pytest

from storyline.cluster import topics
from storyline.cluster.batch import Cut, evidence


@dataclass(frozen=True)
class _Report:  # what ``evidence`` and ``topics`` read of a report's features
    date: str | None
    events: tuple[()] = ()
    scores: frozenset[str] = frozenset()


def _blocks(
    early: list[str], late: list[str], within: float, across: float, dates: Mapping[str, str | None]
) -> tuple[dict[str, _Report], object]:
    side = {m: 0 for m in early} | {m: 1 for m in late}

    def p(a: str, b: str) -> float:
        return within if side[a] == side[b] else across

    return {m: _Report(dates.get(m)) for m in early + late}, p


EARLY = [f"a{k}" for k in range(5)]
LATE = [f"b{k}" for k in range(5)]
# one block on 3-5 May, the other on 20-22 May
DATES: Mapping[str, str | None] = {m: f"2026-05-0{3 + k % 3}" for k, m in enumerate(EARLY)} | {
    m: f"2026-05-2{k % 3}" for k, m in enumerate(LATE)
}


def test_a_loosely_held_group_over_weeks_is_cut_at_its_widest_gap() -> None:
    reports, p = _blocks(EARLY, LATE, 0.9, 0.1, DATES)
    cut = topics.apart_in_time(EARLY + LATE, reports.__getitem__, p)  # type: ignore[arg-type]
    assert cut is not None
    assert cut[0] == EARLY and cut[1] == LATE and cut[2] == pytest.approx(0.1)


def test_a_development_the_pair_model_holds_across_the_gap_stays_whole() -> None:
    reports, p = _blocks(EARLY, LATE, 0.9, 0.75, DATES)  # across at TIME_P and more: one development
    assert topics.apart_in_time(EARLY + LATE, reports.__getitem__, p) is None  # type: ignore[arg-type]


def test_a_cohesive_group_stays_whole_however_long_it_spans() -> None:
    # across 0.35 is under TIME_P, but the median member's mean p is (4 * 0.95 + 5 * 0.35) / 9 = 0.62:
    # an event the pair model holds firmly, reported again weeks later (ECB+ has such stories)
    reports, p = _blocks(EARLY, LATE, 0.95, 0.35, DATES)
    assert topics.cohesion(EARLY + LATE, p) >= topics.TIME_COHESION  # type: ignore[arg-type]
    assert topics.apart_in_time(EARLY + LATE, reports.__getitem__, p) is None  # type: ignore[arg-type]


def test_a_week_is_one_development_and_undated_groups_are_left_to_the_rest() -> None:
    week = {m: f"2026-05-0{3 + k % 6}" for k, m in enumerate(EARLY + LATE)}  # 3-8 May: five days
    reports, p = _blocks(EARLY, LATE, 0.9, 0.1, week)
    assert topics.apart_in_time(EARLY + LATE, reports.__getitem__, p) is None  # type: ignore[arg-type]
    reports, p = _blocks(EARLY, LATE, 0.9, 0.1, {})
    assert topics.apart_in_time(EARLY + LATE, reports.__getitem__, p) is None  # type: ignore[arg-type]


def test_an_undated_member_goes_to_the_side_it_is_held_to() -> None:
    reports, p = _blocks(EARLY, [*LATE, "b-undated"], 0.9, 0.05, DATES)
    cut = topics.apart_in_time(EARLY + LATE + ["b-undated"], reports.__getitem__, p)  # type: ignore[arg-type]
    assert cut is not None and "b-undated" in cut[1] and "b-undated" not in cut[0]


def test_a_large_loose_group_splits_into_the_parts_the_pair_model_holds() -> None:
    blocks = [[f"{c}{k}" for k in range(3)] for c in "xyz"]  # three events of three reports, nine in all
    side = {m: i for i, block in enumerate(blocks) for m in block}

    def p(a: str, b: str) -> float:
        return 0.8 if side[a] == side[b] else 0.05

    group = [m for block in blocks for m in block]
    assert topics.cohesion(group, p) < topics.COHESION
    assert topics.loose(group, p) == blocks
    assert topics.loose(group, lambda a, b: 0.6) is None  # held together: one event


def test_evidence_cuts_the_topic_and_says_why() -> None:
    reports, p = _blocks(EARLY, LATE, 0.9, 0.1, DATES)
    vec = {1: 1.0}  # every report alike in words: only the pair model tells the blocks apart
    kept: dict[str, list[Cut]] = {}
    taken: dict[str, tuple[str, float]] = {}
    groups = evidence([EARLY + LATE], lambda m: vec, 0.3, reports.__getitem__, taken, p, kept)  # type: ignore[arg-type]
    assert sorted(groups) == [EARLY, LATE]
    assert {m: taken[m][0] for m in LATE} == dict.fromkeys(LATE, "apart in time")
    last_early = max(EARLY, key=lambda m: (DATES[m] or "", -EARLY.index(m)))
    assert [(c.article, c.reason) for c in kept["b0"]] == [(last_early, "apart in time")]
    assert kept["b0"][0].value == pytest.approx(0.1)
    assert not any(m in kept for m in EARLY)
    # held together across the gap, the same group stays one story
    reports, p = _blocks(EARLY, LATE, 0.9, 0.8, DATES)
    assert evidence([EARLY + LATE], lambda m: vec, 0.3, reports.__getitem__, None, p) == [EARLY + LATE]  # type: ignore[arg-type]


def test_why_says_a_report_was_cut_off_after_a_gap_in_time() -> None:
    from storyline.present.apart import kept_line

    line = kept_line({"article": "a4", "reason": "apart in time", "p": 0.1, "title": "Council meets", "story": "s-a0"})
    assert line.startswith("kept apart from the earlier reports ending with “Council meets” (a4), now in story s-a0")
    assert "gap in time" in line and "0.10" in line


def test_the_cohesion_of_a_large_story_asks_about_a_sample_of_its_members() -> None:
    asked: set[tuple[str, str]] = set()

    def p(a: str, b: str) -> float:
        asked.add((min(a, b), max(a, b)))
        return 0.9

    big = [f"m{k:03d}" for k in range(10 * topics.SAMPLE)]
    assert topics.cohesion(big, p) == pytest.approx(0.9)
    assert len(asked) == topics.SAMPLE * (topics.SAMPLE - 1) // 2
