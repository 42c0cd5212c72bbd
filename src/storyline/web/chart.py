"""The story timeline as an inline SVG chart: one numbered dot per dated moment on a date axis.

A day is a dot; a month or a year (the precision the text supports) is a bar across that period.
Presentation attributes only (no ``style``), so the page's Content-Security-Policy stays strict.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from markupsafe import Markup, escape

from ..records import Moment

WIDTH, LANE, TOP, PAD = 640, 22, 26, 34


@dataclass(frozen=True, slots=True)
class Placed:
    number: int  # 1-based, matches the list under the chart
    moment: Moment
    first: date
    last: date


def period(value: str | None) -> tuple[date, date] | None:
    """First and last day an ISO date of any precision covers; None when it is not a calendar date."""
    if not value:
        return None
    try:
        parts = [int(p) for p in value[:10].split("-")]
        if len(parts) == 3:
            day = date(*parts)
            return day, day
        if len(parts) == 2:
            year, month = parts
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        if len(parts) == 1 and len(value) == 4:
            return date(parts[0], 1, 1), date(parts[0], 12, 31)
    except ValueError:
        return None
    return None


def place(moments: Sequence[Moment]) -> tuple[list[Placed], list[Moment]]:
    """Dated moments in date order (numbered) and the undated rest."""
    dated: list[Placed] = []
    undated: list[Moment] = []
    for moment in moments:
        span = period(moment.date)
        if span is None:
            undated.append(moment)
        else:
            dated.append(Placed(0, moment, *span))
    dated.sort(key=lambda p: (p.first, p.last))
    return [Placed(i + 1, p.moment, p.first, p.last) for i, p in enumerate(dated)], undated


def timeline_svg(placed: Sequence[Placed]) -> Markup:
    """An SVG (``role=img``) with a date axis and a dot or bar per moment; empty when nothing is dated."""
    if not placed:
        return Markup("")
    lo = min(p.first for p in placed) - timedelta(days=1)
    hi = max(p.last for p in placed) + timedelta(days=1)
    days = max((hi - lo).days, 1)

    def x(day: date) -> float:
        return round(PAD + (WIDTH - 2 * PAD) * (day - lo).days / days, 1)

    lanes: list[float] = []  # right edge of the last item in each lane, to avoid overlaps
    items: list[str] = []
    for p in placed:
        x1, x2 = x(p.first), x(p.last + timedelta(days=1)) if p.first != p.last else x(p.first)
        lane = next((i for i, edge in enumerate(lanes) if x1 - edge >= 20), len(lanes))
        if lane == len(lanes):
            lanes.append(0.0)
        lanes[lane] = max(x1, x2) + 2
        y = TOP + LANE * lane
        label = escape(f"{p.number}. {p.moment.date}: {p.moment.text}")
        if x2 - x1 > 4:
            shape = f'<rect class="period" x="{x1}" y="{y - 5}" width="{round(x2 - x1, 1)}" height="10" rx="5"/>'
            cx = round((x1 + x2) / 2, 1)
        else:
            shape, cx = f'<circle class="day" cx="{x1}" cy="{y}" r="9"/>', x1
        items.append(
            f'<a href="#moment-{p.number}"><g class="moment"><title>{label}</title>{shape}'
            f'<text class="num" x="{cx}" y="{y + 4}" text-anchor="middle">{p.number}</text></g></a>'
        )
    height = TOP + LANE * len(lanes) + 24
    axis_y = height - 22
    ticks = _ticks(lo, hi)
    tick_svg = "".join(
        f'<line class="tick" x1="{x(t)}" x2="{x(t)}" y1="{axis_y - 4}" y2="{axis_y + 4}"/>'
        f'<text class="tick-label" x="{x(t)}" y="{axis_y + 17}" text-anchor="middle">{escape(text)}</text>'
        for t, text in ticks
    )
    return Markup(
        f'<svg class="timeline-chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="Timeline of {len(placed)} dated moments" preserveAspectRatio="xMinYMin meet">'
        f'<line class="axis" x1="{PAD}" x2="{WIDTH - PAD}" y1="{axis_y}" y2="{axis_y}"/>'
        f"{tick_svg}{''.join(items)}</svg>"
    )


def _ticks(lo: date, hi: date) -> list[tuple[date, str]]:
    """A handful of tick dates: days for short spans, month starts for months, years for long ones."""
    days = (hi - lo).days
    if days <= 12:
        return [(lo + timedelta(days=i), (lo + timedelta(days=i)).strftime("%d %b")) for i in range(1, days)]
    if days <= 90:
        return [(lo + timedelta(days=i), (lo + timedelta(days=i)).strftime("%d %b")) for i in range(1, days, 7)]
    if days <= 400:
        out, cur = [], date(lo.year, lo.month, 1)
        while cur <= hi:
            if cur >= lo:
                out.append((cur, cur.strftime("%b %Y")))
            cur = date(cur.year + (cur.month == 12), cur.month % 12 + 1, 1)
        step = max(1, len(out) // 6)
        return out[::step]
    years = [date(y, 1, 1) for y in range(lo.year + 1, hi.year + 1)]
    step = max(1, len(years) // 6)
    return [(y, str(y.year)) for y in years[::step]]
