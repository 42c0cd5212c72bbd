"""Numbers in digits and words (example phrases here are our own)."""

from __future__ import annotations

import math

import pytest

from storyline.extractors.figures.numbers import find_numbers, parse_digits, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("7,000", 7000.0),
        ("10,000", 10000.0),
        ("1.5 million", 1_500_000.0),
        ("800m", 800_000_000.0),
        ("2.4bn", 2_400_000_000.0),
        ("two-and-a-half", 2.5),
        ("twenty-five", 25.0),
        ("one hundred and five", 105.0),
        ("a dozen", 12.0),
        ("half a million", 500_000.0),
        ("5 1/2", 5.5),
        ("nine", 9.0),
    ],
)
def test_parse_number_reads_digits_and_words(text: str, value: float) -> None:
    number = parse_number(text)
    assert number is not None
    assert number.value == value


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("thousands", 1_000.0, 10_000.0),
        ("dozens", 24.0, 100.0),
        ("tens of thousands", 10_000.0, 100_000.0),
        ("millions", 1e6, 1e7),
    ],
)
def test_vague_plurals_are_approximate_ranges(text: str, low: float, high: float) -> None:
    number = parse_number(text)
    assert number is not None and number.approx
    assert (number.low, number.high) == (low, high)


@pytest.mark.parametrize("text", ["22nd", "10:30", "9/11", "24/7", "1e309", "S23", "COVID-19", "1.2.3", "A320", "G7"])
def test_ordinals_times_dates_and_codes_are_not_numbers(text: str) -> None:
    assert find_numbers(text) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [("3/4", 0.75), ("1/10", 0.1), ("a third of", 1 / 3), ("two-thirds", 2 / 3), ("three quarters of", 0.75),
     ("one out of five", 0.2), ("1 in 4", 0.25), (".005", 0.005), ("½", 0.5), ("5½", 5.5), ("minus 7", -7.0),
     ("-3.5", -3.5), ("−2", -2.0), ("35 lakh", 3_500_000.0), ("2 crore", 20_000_000.0), ("1.5e-8", 1.5e-8),
     ("quarter million", 250_000.0), ("USD115", 115.0), ("sub-20", 20.0), ("16.4 million", 16_400_000.0)],
)  # fmt: skip
def test_fractions_negatives_scales_and_glued_prefixes(text: str, value: float) -> None:
    found = [n for n in find_numbers(text) if n.value == value]
    assert found, find_numbers(text)


@pytest.mark.parametrize(("text", "found"), [("a third term", []), ("three quarters", ["three"]), ("2-0", ["2", "0"])])
def test_ordinals_and_bare_quarters_are_no_fractions(text: str, found: list[str]) -> None:
    assert [n.text for n in find_numbers(text)] == found


@pytest.mark.parametrize("text", ["minus minus 5", "1e309", "9" * 10_000])
def test_what_cannot_be_read_is_reported_not_returned(text: str) -> None:
    problems: list[tuple[int, int, str]] = []
    assert find_numbers(text, problems) == []
    assert problems and all(0 <= s < e <= len(text) for s, e, _ in problems)


@pytest.mark.parametrize("text", ["1e30900000", "1e999999 million", "-1e30900000 bn", "1e30900000 1/2"])
def test_an_exponent_past_decimal_range_reads_as_no_number(text: str) -> None:
    # decimal raised Overflow on the first arithmetic with such an exponent (found by Hypothesis)
    assert parse_digits(text) is None


def test_a_huge_number_is_finite() -> None:
    (number,) = find_numbers("9999999999999999999999 people")
    assert math.isfinite(number.value) and number.value == 1e22


def test_an_overflowing_number_is_left_out() -> None:
    assert find_numbers("9" * 400) == []


def test_offsets_reproduce_the_text() -> None:
    text = "About 7,000 people, two-and-a-half hours and thousands more."
    for number in find_numbers(text):
        assert text[number.start : number.end] == number.text
    assert [n.text for n in find_numbers(text)] == ["7,000", "two-and-a-half", "thousands"]


@pytest.mark.parametrize(
    ("text", "found"),
    [("ending a six-month closure", ["six"]), ("a two-year deal", ["two"]), ("a hundred boats", ["a hundred"]),
     ("a dozen eggs", ["a dozen"]), ("a half", ["a half"])],
)  # fmt: skip
def test_a_counts_as_one_only_before_a_count_word(text: str, found: list[str]) -> None:
    assert [n.text for n in find_numbers(text)] == found
