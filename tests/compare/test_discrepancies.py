"""Figure discrepancies, one fact in one place, and junk kept out (fictional articles throughout)."""

from __future__ import annotations

import json
import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compare_builders import article, facts, figure, mention, quote
from storyline.compare.align import bounds
from storyline.compare.junk import figure_is_junk, quote_is_junk
from storyline.compare.report import build_story_from
from storyline.options import Options
from storyline.present.render import render_markdown
from storyline.present.tables import fact_rows
from storyline.present.view import counts
from storyline.records import Figure, Quote, Story

OPTIONS = Options()


def port(aid: str, outlet: str, words: str, value: float, **kw: object) -> tuple:
    """A fictional report of ships docked at the invented port of Velmar on 12 March 2031."""
    body = f"Port officials said {words} container ships docked at Velmar on Thursday amid the strike."
    a = article(aid, body, outlet)
    f = figure(
        a,
        f"{aid}:f1",
        words,
        value,
        unit="container ships",
        predicate="docked",
        date="2031-03-12",
        place="Velmar",
        **kw,
    )
    return a, facts(a, f)


def story_of(*pairs: tuple) -> Story:
    return build_story_from([p[0] for p in pairs], [p[1] for p in pairs], OPTIONS)


# ---- the tolerance of approximations -----------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "text", "approx", "low", "high"),
    [
        ("", "40", False, 39.6, 40.4),  # exact: printed figures are rounded (±1%)
        ("about ", "about 40", True, 36, 44),  # about / around / some: ±10%
        ("some ", "some 35", True, 31.5, 38.5),
        ("nearly ", "nearly 40", True, 36, 40),  # nearly / almost: up to 10% below, never above
        ("just over ", "just over 40", False, 40, 44),
        ("more than ", "more than 40", False, 40, math.inf),  # open above
        ("fewer than ", "fewer than 40", False, 0, 40),  # down to 0 for a count
    ],
)
def test_each_qualifier_has_a_documented_tolerance(before: str, text: str, approx: bool, low: float, high: float):
    number = float(text.split()[-1])
    f = Figure("x", "a", 0, len(text), text, number, approx=approx)
    lo, hi = bounds(f, before)
    assert lo == pytest.approx(low) and hi == pytest.approx(high)


# ---- agreed with the spread, or in conflict ----------------------------------------------------


def test_about_40_and_some_35_agree_and_show_the_spread_not_one_outlets_number():
    story = story_of(
        port("a", "Velmar Post", "about 40", 40, approx=True), port("b", "Coast Wire", "some 35", 35, approx=True)
    )
    [agreed] = [x for x in story.comparison.agreed if x.kind == "figure"]
    assert agreed.text.startswith("35–40 container ships")
    assert story.comparison.conflicts == ()
    # the summary never cites an outlet for a number it did not give
    for line in story.summary:
        if "about 40" in line.text:
            assert line.articles == ("a",)
        if "some 35" in line.text:
            assert line.articles == ("b",)


def test_about_40_and_25_of_the_same_thing_are_a_conflict_with_both_values_sources_and_why():
    story = story_of(port("a", "Velmar Post", "about 40", 40, approx=True), port("b", "Coast Wire", "25", 25))
    [conflict] = story.comparison.conflicts
    assert conflict.items == ("a:f1", "b:f1")
    assert conflict.articles == ("a", "b")
    assert "Velmar Post gives “about 40”" in conflict.why and "Coast Wire gives “25”" in conflict.why
    assert "beyond their stated approximation" in conflict.why
    # one fact, one place: neither figure is also agreed or unique
    assert not [x for x in story.comparison.agreed if x.kind == "figure"]
    assert all("a:f1" not in u.items and "b:f1" not in u.items for us in story.comparison.unique.values() for u in us)


@pytest.mark.parametrize(
    ("first", "second", "conflict"),
    [
        (("nearly 40", 40, True), ("45", 45, False), True),  # nearly 40 is at most 40
        (("nearly 40", 40, True), ("38", 38, False), False),
        (("more than 40", 40, False), ("52", 52, False), False),  # open above
        (("more than 40", 40, False), ("30", 30, False), True),
        (("fewer than 40", 40, False), ("45", 45, False), True),
        (("40", 40, False), ("40", 40, False), False),
    ],
)
def test_fictional_pairs_for_each_discrepancy_rule(first: tuple, second: tuple, conflict: bool):
    story = story_of(
        port("a", "Velmar Post", first[0], first[1], approx=first[2]),
        port("b", "Coast Wire", second[0], second[1], approx=second[2]),
    )
    assert bool(story.comparison.conflicts) is conflict


def test_a_day_and_the_month_around_it_are_no_conflict():
    # ~7,000 on one day vs more than 10,000 daily earlier that month: another scope, not a discrepancy
    a = article("a", "Agents apprehended around 7,000 migrants at Velmar on Wednesday.", "Velmar Post")
    b = article("b", "Earlier this month daily apprehensions at Velmar surpassed 10,000.", "Coast Wire")
    fa = facts(
        a,
        figure(
            a,
            "a:f1",
            "around 7,000",
            7000,
            approx=True,
            unit="migrants",
            predicate="apprehended",
            date="2031-03-12",
            place="Velmar",
        ),
    )
    fb = facts(
        b,
        figure(
            b,
            "b:f1",
            "10,000",
            10000,
            low=10000,
            unit="apprehensions",
            predicate="surpassed",
            date="2031-03",
            place="Velmar",
        ),
    )
    story = build_story_from([a, b], [fa, fb], OPTIONS)
    assert story.comparison.conflicts == ()


# ---- junk --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "direct", "speaker", "junk"),
    [
        ("the agreement", False, "Business groups", True),  # an indirect quote with no clause
        ("“Velmar Dock Workers”", True, "the union", True),  # a name in quote marks, no statement
        ("“a practical compromise”", True, "the mayor", False),  # the speaker's own words count
        ("talks would resume on Friday", False, "a recording", True),  # a medium, not a source
        ("talks would resume on Friday", False, "the harbour master", False),
    ],
)
def test_quotes_without_a_content_clause_or_a_source_are_junk(text: str, direct: bool, speaker: str, junk: bool):
    q = Quote("q", "a", 0, len(text), text, direct, speaker=speaker)
    assert quote_is_junk(q) is junk


@pytest.mark.parametrize(
    ("body", "text", "unit", "junk"),
    [
        ("The airline flies a Boeing 737 to Velmar.", "737", None, True),  # a model number
        ("Two F-16 jets flew over Velmar.", "F-16", None, True),
        ("Photo 3 of 12: the Velmar pier.", "3", None, True),  # a photo counter
        ("Updated 10:45 GMT on Thursday.", "10:45", None, True),
        ("© 2031 Velmar Post. All rights reserved.", "2031", None, True),
        ("The strike idled 40 container ships.", "40", "container ships", False),
    ],
)
def test_model_numbers_and_boilerplate_figures_are_junk(body: str, text: str, unit: str | None, junk: bool):
    start = body.index(text)
    f = Figure("f", "a", start, start + len(text), text, 1.0, unit=unit)
    assert figure_is_junk(f, body) is junk


def test_an_outlets_own_name_is_no_fact_of_its_own_report():
    a = article("a", "The union told the Velmar Post that the strike goes on.", "Velmar Post")
    b = article("b", "The Velmar Post reported that the strike goes on.", "Coast Wire")
    fa = facts(a, mention(a, "Velmar Post", "ORG"))
    fb = facts(b, mention(b, "Velmar Post", "ORG"))
    story = build_story_from([a, b], [fa, fb], OPTIONS)
    assert [x.text for x in story.comparison.agreed] == []  # only Coast Wire names it as news
    assert [u.text for u in story.comparison.unique["b"]] == ["Velmar Post"]
    assert story.comparison.unique["a"] == ()


# ---- one fact, one place; counts in step -------------------------------------------------------

WORDS = ["about", "some", "nearly", "more than", "fewer than", ""]
SAYINGS = [
    "“the strike will end on Friday,”",
    "“the port stays open,”",
    "“we will not give in,”",
]


@st.composite
def stories(draw: st.DrawFn) -> Story:
    n = draw(st.integers(2, 4))
    pairs = []
    for k in range(n):
        word = draw(st.sampled_from(WORDS))
        value = draw(st.sampled_from([30, 35, 40, 60]))
        saying = draw(st.sampled_from(SAYINGS))
        shown = f"{word} {value}".strip()
        body = f"Port officials said {shown} container ships docked at Velmar on Thursday. A docker said {saying} "
        a = article(f"a{k}", body, draw(st.sampled_from(["Velmar Post", "Coast Wire", "Harbour Times"])))
        items: list = [
            figure(
                a,
                f"a{k}:f1",
                shown,
                value,
                approx=word in ("about", "some", "nearly"),
                unit="container ships",
                predicate="docked",
                date="2031-03-12",
                place="Velmar",
            ),
            quote(a, f"a{k}:q1", saying, "A docker"),
        ]
        if draw(st.booleans()):
            items.append(mention(a, "Velmar", "GPE"))
        pairs.append((a, facts(a, *items)))
    return build_story_from([p[0] for p in pairs], [p[1] for p in pairs], OPTIONS)


@settings(max_examples=40, deadline=None)
@given(stories())
def test_a_fact_id_is_in_at_most_one_comparison_list_and_every_view_counts_the_same(story: Story):
    c = story.comparison
    places: dict[str, int] = {}
    for entry in (*c.agreed, *c.possible, *c.conflicts, *(u for us in c.unique.values() for u in us)):
        for item in entry.items:
            places[item] = places.get(item, 0) + 1
    assert all(n == 1 for n in places.values()), places
    exported = json.loads(json.dumps(story.to_dict()))["comparison"]
    rows = fact_rows(story)["comparison"]
    report = render_markdown(story)
    for a in story.articles:
        found = counts(story, a.id)
        assert found.agreed == sum(a.id in x["articles"] for x in exported["agreed"])
        assert (
            found.unique
            == len(exported["unique"][a.id])
            == sum(r["status"] == "unique" and r["articles"] == [a.id] for r in rows)
        )
        assert found.conflict == sum(a.id in x["articles"] for x in exported["conflicts"])
        label = a.outlet or a.id
        number = story.articles.index(a) + 1
        assert re.search(rf"### \\\[{number}\\\] {re.escape(label)} \({found.unique}\)", report)
    assert all("p" in x for x in exported["agreed"])
