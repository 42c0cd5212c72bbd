"""What the clusterer kept a report out of, in plain words (a member's ``kept_from``, as
``cluster.edit.explain`` gives it): one line per cut, for ``story --why`` and the story page."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..cluster.batch import SAME_EVENT, VOUCH
from ..cluster.topics import DEVELOPMENT_DAYS, TIME_P

# the other member is the one it conflicts with
_WITH = {
    "cannot link": "their ledes report one action by different people",
    "veto": "they state different final scores (another game)",
}
# the other member is the first of the story it was kept out of
_OUT_OF = {
    "floor": "too little in common with the rest of it",
    "pair model": "the same-event model did not hold it to that story's event",
    "no member vouches": "the same-event model held it to no member's event",
    "loose group": "the group was a topic, not one event: the same-event model held its reports together too loosely",
}
# the other member is the last report before the gap in time
_AFTER = {
    "apart in time": f"reported after a gap in time: the story spanned more than {DEVELOPMENT_DAYS} days "
    "and the same-event model did not hold the reports on either side of the gap together",
}
# how the value reads, per reason: p of the pair model (similarity for "floor")
_VALUE = {
    "cannot link": "a rule: it overrides the same-event model's p {:.2f}",
    "pair model": f"mean p {{:.2f}}, needs {SAME_EVENT:.2f}",
    "no member vouches": f"best p {{:.2f}}, needs {VOUCH:.2f}",
    "floor": "similarity {:.3f}",
    "apart in time": f"mean p across {{:.2f}}, needs {TIME_P:.2f}",
    "loose group": "mean p {:.2f} to that story",
}


def kept_lines(row: Mapping[str, Any]) -> list[str]:
    """One line per cut in ``row["kept_from"]``: whom it was kept apart from, and why."""
    return [kept_line(cut) for cut in row.get("kept_from") or ()]


def kept_line(cut: Mapping[str, Any]) -> str:
    """A cut in plain words: "kept apart from <title> (<id>), now in story <id>: <why> (<p>)"."""
    other = _named(cut)
    reason = cut.get("reason", "")
    if reason in _OUT_OF:
        head, why = f"kept out of the story of {other}", _OUT_OF[reason]
    elif reason in _AFTER:
        head, why = f"kept apart from the earlier reports ending with {other}", _AFTER[reason]
    else:
        head, why = f"kept apart from {other}", _WITH.get(reason, reason)
    value = cut.get("similarity", cut.get("p"))
    if value is not None:
        why += " (" + _VALUE.get(reason, "{:.2f}").format(value) + ")"
    return f"{head}: {why}"


def _named(cut: Mapping[str, Any]) -> str:
    """The other article by title and id, and the story it is in now where known."""
    title = cut.get("title")
    out = f"“{title}” ({cut['article']})" if title else str(cut["article"])
    if cut.get("story"):
        out += f", now in story {cut['story']}"
    return out
