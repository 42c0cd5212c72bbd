"""Each figure mechanism on sentences of our own (all fictional: places, firms and people are made up).

These sentences were written from the kinds of errors held-out news showed (ranges, prefixes glued
to digits, negatives, fractions, units, currencies, rates, model numbers, boilerplate), never copied
from a gold set; they are the test that the rules generalize.
"""

from __future__ import annotations

import json
import logging
import math
from typing import Any

import pytest

from storyline.extractors.dates import dates
from storyline.extractors.figures import figures
from storyline.records import Article, Figure

REF = "2024-03-12"


def _figures(nlp: Any, text: str) -> list[Figure]:
    article = Article(id="t", body=text)
    doc = nlp(text)
    found = figures(doc, article, dates(doc, article, REF))
    for f in found:
        assert text[f.start : f.end] == f.text
        assert all(v is None or math.isfinite(v) for v in (f.value, f.low, f.high))
    return found


def _one(nlp: Any, text: str, value: float) -> Figure:
    found = [f for f in _figures(nlp, text) if math.isclose(f.value, value, rel_tol=1e-9)]
    assert len(found) == 1, [(f.text, f.value, f.unit) for f in _figures(nlp, text)]
    return found[0]


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [
        ("Ridership at Corvel station fell from 4,200 to 3,100 riders a day.", 3100, 4200, "riders per day"),
        ("The Varn ferry will carry 40-60 cars per crossing.", 40, 60, "cars per crossing"),
        ("Tickets cost between $12 and $18 at the Ostrel fair.", 12, 18, "dollar"),
        ("The Lunor plan will cost $3 to $4 billion over a decade.", 3e9, 4e9, "dollar"),
        ("Brindle Corp expects 2 to 3 million subscribers.", 2e6, 3e6, "subscribers"),
        ("The dam holds from 120 million to 150 million cubic metres.", 120e6, 150e6, "cubic meter"),
        ("Shares of Halvek slid from €8.40 at the open to €7.95 by noon.", 7.95, 8.4, "euro"),
        ("The lake warmed by 2 to 3 degrees Celsius.", 2, 3, "degree Celsius"),
        ("Fares rose 5–8% after the strike.", 5, 8, "percent"),
    ],
)
def test_ranges_keep_both_bounds_and_share_scale_and_currency(
    nlp: Any, text: str, low: float, high: float, unit: str
) -> None:
    (fig,) = [f for f in _figures(nlp, text) if f.low is not None and f.high is not None]
    assert (fig.low, fig.high, fig.unit) == (low, high, unit)


@pytest.mark.parametrize(
    "text",
    [
        "The Tarn council's deficit grew by $1.2 billion to $9.8 billion.",  # a change, then the new level
        "The motion passed 52 to 48 in the Velm assembly.",  # a vote
        "Harbin Athletic won 3-1 on Saturday.",  # a score
        "The Orvel KX-4 meets standard 7100-2 for cranes.",  # a code
    ],
)
def test_changes_votes_scores_and_codes_are_no_ranges(nlp: Any, text: str) -> None:
    assert not [f for f in _figures(nlp, text) if f.low is not None and f.high is not None]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("The Pellan firm paid USD115 for each unit.", 115, "us dollar"),
        ("Kessa Mining raised C$40 million.", 40e6, "canadian dollar"),
        ("The fine was A$2,500.", 2500, "australian dollar"),
        ("Lodge fees were NZ$95 a night.", 95, "new zealand dollar per night"),
        ("A meal at the Orchid market costs S$12.", 12, "singapore dollar"),
        ("The stall sells maize at R45 a bag.", 45, "south african rand"),
        ("The studio spent INR 40 crore on the film.", 400_000_000, "indian rupee"),
        ("Imports from Varna reached JPY 3.2 billion.", 3.2e9, "japanese yen"),
        ("The sub-20 squad travelled to Ostrel.", 20, None),
        ("The now-45 striker signed for Corvel.", 45, None),
        ("The club budget is EUR 12.5m this season.", 12.5e6, "euro"),
        ("A seat costs 1,200 rupees.", 1200, "rupee"),
        ("The prize was 5 million Swiss francs.", 5e6, "swiss franc"),
    ],
)
def test_currencies_and_words_glued_before_digits(nlp: Any, text: str, value: float, unit: str | None) -> None:
    fig = _one(nlp, text, value)
    if unit is not None:
        assert fig.unit == unit


@pytest.mark.parametrize(
    ("text", "values"),
    [("The Corvel mill opened in 2019 with 40 staff.", [40]), ("The Corvel fund holds $2019 in cash.", [2019]),
     ("Velm counted 1850 ballots.", [1850]), ("The Pellan charter dates from 1850.", [])],
)  # fmt: skip
def test_years_are_no_figures_unless_money_or_a_count(nlp: Any, text: str, values: list[float]) -> None:
    assert [f.value for f in _figures(nlp, text)] == values


def test_grouped_digits_after_a_glued_code_are_one_number(nlp: Any) -> None:
    found = _figures(nlp, "The Vantor bid was USD1,250,000 in cash.")
    assert [(f.text, f.value) for f in found] == [("1,250,000", 1_250_000)]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("Overnight the Halden valley fell to minus 12 degrees Celsius.", -12, "degree Celsius"),
        ("Output at the Brask mill changed by -4.5% in May.", -4.5, "percent"),
        ("The probe measured −40 °F on the ridge.", -40, "degree Fahrenheit"),
        ("Real wages at Tolvik grew -0.3 percent.", -0.3, "percent"),
    ],
)
def test_negatives(nlp: Any, text: str, value: float, unit: str) -> None:
    assert _one(nlp, text, value).unit == unit


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("A third of Varn households own a car.", 1 / 3),
        ("Two-thirds of the Pellan delegates voted yes.", 2 / 3),
        ("Three quarters of the Ostrel wells ran dry.", 0.75),
        ("One out of five Corvel buses was late.", 0.2),
        ("About 1 in 10 voters in Lunor stayed home.", 0.1),
        ("Only 1/4 of the Brindle budget was spent.", 0.25),
        ("The Tarn sample held .005 grams of lead.", 0.005),
        ("Half of the Velm orchards flooded.", 0.5),
        ("The Halvek site covers a quarter million square feet.", 250_000),
    ],
)
def test_fractions(nlp: Any, text: str, value: float) -> None:
    _one(nlp, text, value)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("The Kessa field pumps 80,000 barrels a day.", 80_000, "barrel per day"),
        ("Orvel Bank pays a dividend of 12 cents per share.", 12, "cent per share"),
        ("Rent in the Marl quarter is $2,100 a month.", 2100, "dollar per month"),
        ("The Varn tollway charges €3 per car.", 3, "euro per car"),
        ("Prices in Lunor rose 4% a year.", 4, "percent per year"),
        ("The offer values Pellan at 310 pence a share.", 310, "penny per share"),
        ("Revenue at Tarn rose to $7 billion from $6 billion a year earlier.", 6e9, "dollar"),
    ],
)
def test_rates(nlp: Any, text: str, value: float, unit: str) -> None:
    assert _one(nlp, text, value).unit == unit


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("The Corvel flat measures 85 square metres.", 85, "square meter"),
        ("The Brask tower is 310m tall.", 310, "meter"),
        ("Each Halden vial holds 75ml of serum.", 75, "milliliter"),
        ("The Velm filter stops particles of 2.5 micrometres.", 2.5, "micrometer"),
        ("The Ostrel boiler runs at 200 kPa.", 200, "kilopascal"),
        ("The fog lamp draws 55W.", 55, "watt"),
        ("The Lunor cable carries 400 kV.", 400, "kilovolt"),
        ("The Marl sprinter reached 38 km/h.", 38, "kilometer per hour"),
        ("Water in the Tarn spring was 104°F.", 104, "degree Fahrenheit"),
        ("Temperatures in Lunor hit 31C on Sunday.", 31, "degree Celsius"),
        ("The Marl pool is kept at 28 centigrade.", 28, "degree Celsius"),
        ("The Kessa estate spans 1,200 hectares.", 1200, "hectare"),
        ("The Pellan ferry weighs 3,400 tonnes.", 3400, "metric ton"),
        ("The Orvel sedan makes 180 hp.", 180, "horsepower"),
        ("The Varn drive stores 2 TB.", 2, "terabyte"),
        ("The Halvek line runs 12 miles.", 12, "mile"),
        ("The Brindle panel is 6 ft wide.", 6, "foot"),
    ],
)
def test_units_by_their_registry_names(nlp: Any, text: str, value: float, unit: str) -> None:
    assert _one(nlp, text, value).unit == unit


@pytest.mark.parametrize(
    "text",
    [
        "Velm Air ordered Boeing 737 jets for its routes.",
        "The Pellan carrier flies the Airbus A320 to Ostrel.",
        "The new Kessa X5 costs less than its rival.",
        "Corvel's 787 Dreamliner fleet is grounded.",
        "The Tarn studio sold two 747s last year.",
        "Call the Marl desk on 555-201-7788 for tickets.",
        "The Halden office is at 42 Orchard Street, Lunor.",
        "Photo 3 of 12: the Brask quay at dusk.",
    ],
)
def test_model_numbers_and_boilerplate_are_not_figures(nlp: Any, text: str) -> None:
    found = _figures(nlp, text)
    assert all(f.value < 10 for f in found), [(f.text, f.value) for f in found]


@pytest.mark.parametrize(
    ("body", "warns"),
    [
        ("The Velm counter read 1e309 visitors.", True),
        ("The Velm counter read 9999999999999999999999 visitors.", False),
        ("It was minus minus 5 at the Brask gauge.", True),
        ("-", False),
        ("- - -", False),
        ("A " + "9" * 10_000 + " grains of sand.", True),
        ("The Tarn budget grew from 5 to", False),
        ("The Halden fair opens Feb. 30 with 40 stalls.", True),
        ("Tickets went on sale the 45th of May.", True),
        ("", False),
    ],
)
def test_bad_input_no_crash_nothing_outside_the_text_and_a_warning(
    nlp: Any, body: str, warns: bool, caplog: Any
) -> None:
    with caplog.at_level(logging.WARNING):
        found = _figures(nlp, body)
    for f in found:
        assert 0 <= f.start < f.end <= len(body) and body[f.start : f.end] == f.text
        json.dumps(f.to_dict(), allow_nan=False)
    assert any(r.levelno == logging.WARNING for r in caplog.records) == warns, caplog.text


def test_a_huge_number_is_kept_when_a_float_holds_it(nlp: Any) -> None:
    (fig,) = _figures(nlp, "The Velm counter read 9999999999999999999999 visitors.")
    assert fig.value == 1e22
