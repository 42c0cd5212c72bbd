"""The timeline chart: dates of any precision placed in order, drawn as escaped inline SVG."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.records import Moment
from storyline.web.chart import period, place, timeline_svg


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-12-27", (date(2023, 12, 27), date(2023, 12, 27))),
        ("2024-01", (date(2024, 1, 1), date(2024, 1, 31))),
        ("2024-02", (date(2024, 2, 1), date(2024, 2, 29))),
        ("2023", (date(2023, 1, 1), date(2023, 12, 31))),
        ("P3D", None),
        ("PAST_REF", None),
        (None, None),
        ("2023-13-01", None),
    ],
)
def test_period_covers_what_the_precision_says(value: str | None, expected: tuple[date, date] | None) -> None:
    assert period(value) == expected


def test_moments_are_numbered_in_date_order_and_undated_ones_kept_apart() -> None:
    moments = (
        Moment("2024-01", "talks in January", ("a",)),
        Moment(None, "sometime", ("b",)),
        Moment("2023-12-27", "meeting", ("a", "b")),
    )
    placed, undated = place(moments)
    assert [(p.number, p.moment.text) for p in placed] == [(1, "meeting"), (2, "talks in January")]
    assert [m.text for m in undated] == ["sometime"]


def test_svg_has_a_dot_for_days_a_bar_for_months_and_escapes_text() -> None:
    placed, _ = place((Moment("2023-12-27", "<script>x</script> met", ("a",)), Moment("2024-01", "visit", ("a",))))
    svg = str(timeline_svg(placed))
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count('<circle class="day"') == 1 and svg.count('<rect class="period"') == 1
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "style=" not in svg  # the CSP allows no inline style


def test_no_dated_moment_draws_no_chart() -> None:
    assert str(timeline_svg([])) == ""


def test_a_far_background_date_does_not_squeeze_the_storys_week_into_one_pixel():
    from storyline.records import Moment
    from storyline.web.chart import place, timeline_svg

    moments = [Moment("1998", "Fictional: the highest level since 1998.", ("a",))]
    moments += [Moment(f"2024-03-{d:02d}", f"Fictional moment on day {d}.", ("a",)) for d in (10, 11, 12, 13)]
    svg = str(timeline_svg(place(moments)[0]))
    assert "moment 1 earlier" in svg
    assert "1998" not in svg.split("moment 1 earlier")[1]  # the axis spans March 2024, not 1998–2024
    assert "Mar" in svg
