"""Figures: value, bounds, unit, predicate, date and place (example sentences here are fictional)."""

from __future__ import annotations

import json
import logging
import math
from typing import Any

import pytest
from dates_figures_seeds import CNN, NEWSNATION, seed
from extract_golden import check_golden
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.extractors.dates import dates, estimate_reference
from storyline.extractors.figures import figures
from storyline.records import Article, Figure

REF = "2023-12-28"


def _figures(nlp: Any, text: str, reference: str | None = REF) -> list[Figure]:
    article = Article(id="t", body=text)
    doc = nlp(text)
    return figures(doc, article, dates(doc, article, reference))


@pytest.mark.parametrize(
    ("text", "number", "value", "low", "high", "approx", "unit"),
    [
        ("Guards stopped around 7,000 migrants on Monday.", "7,000", 7000, None, None, True, "migrants"),
        ("Guards stopped nearly 500 people.", "500", 500, None, None, True, "people"),
        ("Guards stopped more than 10,000 people.", "10,000", 10000, 10000, None, False, "people"),
        ("Arrests surpassed 10,000.", "10,000", 10000, 10000, None, False, "Arrests"),
        ("Guards stopped at least 40 boats.", "40", 40, 40, None, False, "boats"),
        ("Guards stopped fewer than 40 boats.", "40", 40, None, 40, False, "boats"),
        ("The hall holds up to 300 guests.", "300", 300, None, 300, False, "guests"),
        ("A caravan of thousands of people set off.", "thousands", 1000, 1000, 10000, True, "people"),
        ("Dozens of farmers marched.", "Dozens", 24, 24, 100, True, "farmers"),
        ("After the two-and-a-half hour meeting they left.", "two-and-a-half", 2.5, None, None, False, "hour"),
        ("The plan costs 1.5 million dollars.", "1.5 million", 1_500_000, None, None, False, "dollar"),
        ("The town spent $800 million on roads.", "800 million", 800_000_000, None, None, False, "dollar"),
        ("Turnout rose 12% in the town.", "12", 12, None, None, False, "percent"),
        ("Prices fell 3.5 per cent.", "3.5", 3.5, None, None, False, "percent"),
        ("The phone has 256GB of storage.", "256", 256, None, None, False, "gigabyte"),
        ("Temperatures rose by 1 to 1.5 degrees.", "1 to 1.5", 1, 1, 1.5, False, "degree"),
    ],
)
def test_figure_value_bounds_and_unit(
    nlp: Any, text: str, number: str, value: float, low: float | None, high: float | None, approx: bool, unit: str
) -> None:
    found = {f.text: f for f in _figures(nlp, text)}
    assert number in found, found
    fig = found[number]
    assert (fig.value, fig.low, fig.high, fig.approx, fig.unit) == (value, low, high, approx, unit)


@pytest.mark.parametrize(
    "text",
    [
        "The mayor was elected in 2019.",
        "They met on Dec. 5, 2023 and on 12 March.",
        "It was the 22nd amendment and the third vote.",
        "The meeting began at 10:30 and ended at 3 p.m.",
        "The S&P 500 rose while Game 2 was played.",
        "Nobody said no one came.",
        "It is a first step, not the last one.",
    ],
)
def test_years_dates_ordinals_times_and_names_are_not_figures(nlp: Any, text: str) -> None:
    assert _figures(nlp, text) == []


def test_the_figure_takes_its_own_sentences_date_and_place(nlp: Any) -> None:
    text = (
        "Guards apprehended around 7,000 migrants along the US-Mexico border on Wednesday. "
        "Earlier this month, daily apprehensions surpassed 10,000. Another 50 boats arrived."
    )
    by_text = {f.text: f for f in _figures(nlp, text)}
    assert by_text["7,000"].date == "2023-12-27"
    assert by_text["7,000"].predicate == "apprehended"
    assert by_text["7,000"].place == "US-Mexico border"
    assert by_text["10,000"].date == "2023-12"
    assert by_text["10,000"].predicate == "surpassed"
    assert by_text["50"].date is None


@pytest.mark.parametrize(
    "body",
    [
        "",
        "   ",
        "\n\n\n",
        "1e309 people",
        "9999999999999999999999 people",
        "Feb. 30 saw 5 arrests",
        "“7,000 migrants",
        "9" * 400 + " boats",
    ],
)
def test_bad_input_gives_finite_values_inside_the_body(nlp: Any, body: str, caplog: Any) -> None:
    with caplog.at_level(logging.WARNING):
        found = _figures(nlp, body)
    for f in found:
        assert body[f.start : f.end] == f.text
        assert all(v is None or math.isfinite(v) for v in (f.value, f.low, f.high))
        json.dumps(f.to_dict(), allow_nan=False)


def test_a_huge_number_is_kept_finite(nlp: Any) -> None:
    (fig,) = _figures(nlp, "They counted 9999999999999999999999 stars.")
    assert fig.value == 1e22 and fig.unit == "stars"


def test_an_overflowing_number_is_skipped_with_a_warning(nlp: Any, caplog: Any) -> None:
    with caplog.at_level(logging.WARNING):
        found = _figures(nlp, "They counted " + "9" * 400 + " stars.")
    assert found == []


def test_a_megabyte_on_one_line_needs_no_parser() -> None:
    body = ("Guards stopped around 7,000 migrants and more than 10,000 boats. " * 16000)[:1_000_000]
    found = figures(None, Article(id="t", body=body), [])
    assert len(found) > 1000
    assert all(body[f.start : f.end] == f.text for f in found[:50] + found[-50:])


def _seed_figures(name: str) -> list[dict[str, Any]]:
    article, doc = seed(name)
    reference, _ = estimate_reference(article, doc)
    found = figures(doc, article, dates(doc, article, reference))
    for f in found:
        assert article.body[f.start : f.end] == f.text
    keys = ("text", "value", "low", "high", "approx", "unit", "predicate", "date", "place")
    return [{k: getattr(f, k) for k in keys} for f in found]


@pytest.mark.shared
def test_seed_figures_match_the_golden_file() -> None:
    check_golden("seed_figures.json", {"newsnation": _seed_figures(NEWSNATION), "cnn": _seed_figures(CNN)})


@pytest.mark.shared
def test_cnn_seed_key_figures() -> None:
    by_text = {f["text"]: f for f in _seed_figures(CNN)}
    seven = by_text["7,000"]
    assert (seven["value"], seven["approx"], seven["unit"], seven["predicate"], seven["date"]) == (
        7000,
        True,
        "migrants",
        "apprehended",
        "2023-12-27",
    )
    ten = by_text["10,000"]
    assert (ten["low"], ten["date"], ten["unit"]) == (10000, "2023-12", "apprehensions")
    assert by_text["two-and-a-half"]["unit"] == "hour"


@pytest.mark.shared
def test_newsnation_seed_thousands_of_people_is_approximate() -> None:
    (thousands,) = [f for f in _seed_figures(NEWSNATION) if f["text"] == "thousands"]
    assert thousands["approx"] and thousands["unit"] == "people"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.sampled_from(
            [
                "a",
                "b ",
                " ",
                "0",
                "12",
                ",",
                ".",
                "-",
                " about",
                " 7,000",
                "\n",
                " people",
                " thousands of",
                " two-and-a-half",
                "$",
                "%",
                " 1e309",
                " more than",
            ]
        ),
        max_size=25,
    )
)
def test_offsets_always_reproduce_the_text(nlp: Any, pieces: list[str]) -> None:
    body = "".join(pieces)
    for f in _figures(nlp, body):
        assert body[f.start : f.end] == f.text
        assert math.isfinite(f.value)


def test_a_figure_dated_by_a_time_of_day_gets_the_day(nlp: Any) -> None:
    (found,) = [f for f in _figures(nlp, "Fictional rescuers reached 30 people on Tuesday night.") if f.value == 30]
    assert found.date is not None and "T" not in found.date and len(found.date) == 10
