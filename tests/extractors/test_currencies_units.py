"""Currencies (CLDR through babel) and units (pint) read next to a number; phrases are our own."""

from __future__ import annotations

import json

import pytest

from storyline.extractors.figures import currencies, units


@pytest.mark.parametrize(
    ("text", "name", "code"),
    [
        ("$", "dollar", None),
        ("US$", "us dollar", "USD"),
        ("US $", "us dollar", "USD"),
        ("C$", "canadian dollar", "CAD"),
        ("A$", "australian dollar", "AUD"),
        ("NZ$", "new zealand dollar", "NZD"),
        ("S$", "singapore dollar", "SGD"),
        ("HK$", "hong kong dollar", "HKD"),
        ("€", "euro", "EUR"),
        ("£", "british pound", "GBP"),
        ("¥", "japanese yen", "JPY"),
        ("₹", "indian rupee", "INR"),
        ("₭", "laotian kip", "LAK"),
        ("JPY ", "japanese yen", "JPY"),
        ("INR", "indian rupee", "INR"),
        ("R", "south african rand", "ZAR"),
        ("Rs. ", "indian rupee", "INR"),
        ("mxn$ ", "mexican peso", "MXN"),
    ],
)
def test_a_currency_before_the_digits(text: str, name: str, code: str | None) -> None:
    found = currencies.before(text, len(text))
    assert found is not None and (found.name, found.code) == (name, code)
    assert text[found.start : found.end] == text.strip()


@pytest.mark.parametrize("text", ["ALL ", "TOP ", "All ", "usd ", "K", "P", "price ", "ISO ", "rs "])
def test_words_and_lone_letters_are_no_currency(text: str) -> None:
    assert currencies.before(text, len(text)) is None


def test_a_finance_prefix_carries_a_scale() -> None:
    found = currencies.before("MEUR ", 5)
    assert found is not None and (found.code, found.scale) == ("EUR", 1e6)


@pytest.mark.parametrize(
    ("text", "name"),
    [(" €", "euro"), (" USD", "us dollar"), (" Canadian dollars", "canadian dollar"), (" yen", "japanese yen"),
     (" Danish crowns", "danish krone"), (" Finnish markka", "finnish markka"), (" cents", "cent"),
     (" pence", "penny"), ("p", "penny"), (" pounds sterling", "british pound"), (" francs", "franc")],
)  # fmt: skip
def test_a_currency_after_the_digits(text: str, name: str) -> None:
    found = currencies.after(text, 0)
    assert found is not None and found.name == name


def test_pounds_alone_are_money_only_in_a_money_context() -> None:
    assert currencies.after(" pounds", 0) is None  # a weight, left to the units
    found = currencies.after(" pounds", 0, money=True)
    assert found is not None and found.code == "GBP"


@pytest.mark.parametrize(
    ("text", "name"),
    [("75ml", "milliliter"), ("200lbs", "pound"), (" 500 metres", "meter"), (" 20 kg", "kilogram"),
     (" 85 square metres", "square meter"), (" 40 km2", "square kilometer"), (" 100 m²", "square meter"),
     (" 12 sq ft", "square foot"), (" 10 cubic feet", "cubic foot"), (" 40 deg celsius", "degree Celsius"),
     (" 98.6 degrees f", "degree Fahrenheit"), ("104°F", "degree Fahrenheit"), (" 30 °C", "degree Celsius"),
     (" 60 mph", "mile per hour"), ("10km/hr", "kilometer per hour"), ("10kmph", "kilometer per hour"),
     (" 200 kPa", "kilopascal"), (" 2.5 micrometres", "micrometer"), ("30Mbps", "megabit per second"),
     ("60GB", "gigabyte"), (" 938 horsepower", "horsepower"), (" 127 gigatonnes", "gigaton"),
     (" 5 metric tons", "metric ton"), (" 4 light-years", "light year"), ("2.4Ghz", "gigahertz")],
)  # fmt: skip
def test_units_read_through_pint(text: str, name: str) -> None:
    digits = (
        text.strip().split()[0]
        if " " in text.strip()
        else text.rstrip("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ/°²")
    )
    end = text.index(digits) + len(digits)
    found = units.unit_after(text, end)
    assert found is not None and found.name == name, found


@pytest.mark.parametrize(
    "text",
    [" 5 in the", " 3 at", " 5 points", " 2 hands", " 35 sections", " 3 a", "24703L202", "1990s", " 7 p"],
)
def test_everyday_words_short_words_and_codes_are_no_units(text: str) -> None:
    digits = text.strip()[: len(text.strip()) - len(text.strip().lstrip("0123456789"))]
    end = text.index(digits) + len(digits)
    assert units.unit_after(text, end) is None


@pytest.mark.slow
def test_the_shipped_currency_table_is_what_babel_gives() -> None:
    shipped = json.loads(currencies.CLDR_FILE.read_text(encoding="utf-8"))
    assert shipped == json.loads(json.dumps(currencies.build_cldr())), "rebuild it with currencies.build_cldr()"


@pytest.mark.slow
def test_the_shipped_unit_table_is_what_pint_gives() -> None:
    shipped = json.loads(units.TABLE_FILE.read_text(encoding="utf-8"))
    assert shipped == units.build_table(), "rebuild data/units.json with units.build_table()"
