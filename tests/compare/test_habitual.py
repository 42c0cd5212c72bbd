"""Habits are not moments: a recurring season or weekday stays off the dated timeline (fictional text)."""

from __future__ import annotations

import pytest

from compare_builders import article, event, facts, figure, timex
from storyline.compare.habitual import is_habitual
from storyline.compare.report import build_story_from
from storyline.compare.text import sentences
from storyline.options import Options
from storyline.records import TimeExpr


def _dates(body: str, *found: tuple[str, str]) -> list[TimeExpr]:
    a = article("h", body, "Hill Post")
    return [timex(a, f"h:t{n}", text, value) for n, (text, value) in enumerate(found)]


def _habitual(body: str, which: str, *found: tuple[str, str]) -> bool:
    dates = _dates(body, *found)
    d = next(x for x in dates if x.text == which)
    sentence = next(s for s in sentences(body) if s[0] <= d.start < s[1])
    return is_habitual(d, body, sentence, dates)


@pytest.mark.parametrize(
    ("body", "which", "found"),
    [
        (
            "Drivers now take the Tollen Pass, a hill road that is often shut by ice between November and April.",
            "between November",
            [("between November", "2030-11"), ("April", "2031-04")],
        ),
        ("The Tollen Pass is shut by ice between November and April.", "April", [("April", "2031-04")]),
        (
            "Ferries on Lake Orra usually stop running in February when the ice sets in.",
            "February",
            [("February", "2031-02")],
        ),
        (
            "The fish market in Dunmore opens each Thursday in June.",
            "June",
            [("each Thursday", "XXXX-WXX-4"), ("June", "2031-06")],
        ),
        ("The Dunmore museum is closed on weekends in January.", "January", [("January", "2031-01")]),
        ("Every winter the road to Alder Bridge floods in February.", "February", [("February", "2031-02")]),
        ("The old ferry typically carries 400 passengers in July.", "July", [("July", "2031-07")]),
        ("The quarry used to close in August.", "August", [("August", "2031-08")]),
    ],
)
def test_a_season_or_weekday_of_a_habit_is_habitual(body: str, which: str, found: list):
    assert _habitual(body, which, *found)


@pytest.mark.parametrize(
    ("body", "which", "found"),
    [
        ("The Tollen Pass was shut by ice between November and April.", "April", [("April", "2031-04")]),
        ("The Tollen Pass will shut between November and April for repairs.", "April", [("April", "2031-04")]),
        ("The pass, which is usually shut in winter, reopened in March.", "March", [("March", "2031-03")]),
        (
            "The talks, which usually take place in Dunmore, will resume on Thursday.",
            "Thursday",
            [("Thursday", "2031-03-13")],
        ),
        ("The Dunmore festival opens in March.", "March", [("March", "2031-03")]),
        ("Farmers typically plant in April, but this year they planted in May.", "May", [("May", "2030-05")]),
        (
            "About 900 trucks a week used the pass before it was shut last October.",
            "last October",
            [("last October", "2030-10")],
        ),
        (
            "The Tollen Pass is usually shut on December 3, 2030.",
            "December 3, 2030",
            [("December 3, 2030", "2030-12-03")],
        ),
        ("The road is closed for a week in March.", "March", [("a week", "P1W"), ("March", "2031-03")]),
    ],
)
def test_a_date_of_something_that_happened_or_will_happen_is_not_habitual(body: str, which: str, found: list):
    assert not _habitual(body, which, *found)


BODY = (
    "The Tollen Pass reopened on Tuesday after a landslide. "
    "Drivers had used the Tollen Pass, a hill road that is often shut by ice between November and April. "
    "The old ferry typically carries 400 passengers in July."
)


def test_a_habit_is_an_undated_moment_and_what_happened_keeps_its_date():
    a = article("a", BODY, "Hill Post", published="2031-03-13")
    fa = facts(
        a,
        event(a, "a:v1", "The Tollen Pass reopened on Tuesday", "reopen", target="Tollen Pass", date="2031-03-11"),
        event(a, "a:v2", "a hill road that is often shut by ice between November and April", "shut", date="2030-11"),
        figure(a, "a:f1", "400", 400, unit="passengers", predicate="carries", date="2031-07"),
        timex(a, "a:t1", "Tuesday", "2031-03-11"),
        timex(a, "a:t2", "between November", "2030-11"),
        timex(a, "a:t3", "April", "2031-04"),
        timex(a, "a:t4", "July", "2031-07"),
    )
    timeline = build_story_from([a], [fa], Options()).timeline
    dated = {m.date for m in timeline if m.date}
    assert dated == {"2031-03-11"}
    undated = [m.text for m in timeline if m.date is None]
    assert any("often shut by ice" in t for t in undated)
    assert any("typically carries 400 passengers" in t for t in undated)
