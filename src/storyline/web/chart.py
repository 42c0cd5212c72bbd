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
FOCUS_DAYS = 120  # drawn around the story's median moment; farther ones are named at the edge


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
    placed, earlier, later = _focus(placed)
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
    notes = [f"← {_numbers(earlier)} earlier" if earlier else "", f"{_numbers(later)} later →" if later else ""]
    note_svg = "".join(
        f'<text class="tick-label" x="{x_}" y="12" text-anchor="{anchor}">{escape(text)}</text>'
        for text, x_, anchor in ((notes[0], PAD, "start"), (notes[1], WIDTH - PAD, "end"))
        if text
    )
    return Markup(
        f'<svg class="timeline-chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="Timeline of {len(placed)} dated moments" preserveAspectRatio="xMinYMin meet">'
        f'<line class="axis" x1="{PAD}" x2="{WIDTH - PAD}" y1="{axis_y}" y2="{axis_y}"/>'
        f"{note_svg}{tick_svg}{''.join(items)}</svg>"
    )


def _numbers(placed: Sequence[Placed]) -> str:
    return "moment " + ", ".join(str(p.number) for p in placed)


def _focus(placed: Sequence[Placed]) -> tuple[list[Placed], list[Placed], list[Placed]]:
    """The moments near the story's centre (the median day ± FOCUS_DAYS), and those far before or after.

    One background date ("the highest level since 1998") must not squeeze every moment of the week
    the story happened into one pixel; the far ones stay in the numbered list and are named at the edge.
    Periods reaching into the window are clipped to it."""
    starts = sorted(p.first for p in placed)
    mid = starts[len(starts) // 2]
    lo, hi = mid - timedelta(days=FOCUS_DAYS), mid + timedelta(days=FOCUS_DAYS)
    core, earlier, later = [], [], []
    for p in placed:
        if p.last < lo:
            earlier.append(p)
        elif p.first > hi:
            later.append(p)
        else:
            core.append(Placed(p.number, p.moment, max(p.first, lo), min(p.last, hi)))
    return core, earlier, later


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
