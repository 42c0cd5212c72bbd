"""Groups that are a topic, not one event: cut in time, or into the parts the pair model holds.

In topic-dense news (one campaign, one club, one company) the same people recur in every report,
and a story can grow day by day: each report is close to the last, none is the first one's event.
Dated PolNeAR politics news (train, 840 reports, ingest as shipped) held stories of 25, 16 and 15
reports over up to seven weeks; 0.62 of the 1,154 pairs of reports in stories were more than a week
apart (``benchmarks/bench_polnear_span.py``). What tells them apart is how loosely the pair model
(``pairs``) holds the group: the median member's mean p to the rest is 0.12-0.41 in those stories,
and 0.38 at the lowest in true ECB+ stories larger than ``batch.SMALL`` (most 0.7 and more).

- ``apart_in_time``: a group the pair model holds loosely (median member mean p under
  ``TIME_COHESION``: the typical member is more likely not the rest's event) whose dated members
  span more than ``DEVELOPMENT_DAYS`` is cut at its widest gap between days, unless the pair model
  holds the two periods together (mean p across at ``TIME_P``). A week of hearings stays one story;
  a campaign's weeks do not. ECB+ holds one event's reports weeks and even a year apart (dates
  read from their text), and cohesive: this leaves them whole.
- ``loose``: a group larger than ``batch.SMALL`` whose median member mean p is under ``COHESION``
  is split into the parts average linkage over p forms (merging while the mean p between two parts
  reaches ``PART_P``). Below the loosest true ECB+ story (0.38).

Neither touches the week-of-news mixes (undated; their false merges are of cohesive groups) nor
ECB+ (B³ 0.9714 either way).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

import numpy as np

from .features import Features
from .vectors import day_number

DEVELOPMENT_DAYS = 7  # a story's dated reports may span this many days without more evidence
TIME_P = 0.7  # ...beyond it, the two periods stay together at this mean p across (``batch.SAME_EVENT``)
TIME_COHESION = 0.5  # ...or where the group holds together at this median member mean p
COHESION = 0.3  # a large group held together less than this is a topic (``loose``)
PART_P = 0.5  # its parts: merged while more likely one event than not
SAMPLE = 32  # members read for a group's cohesion (ECB+ and PolNeAR stories are smaller: read whole)

P = Callable[[str, str], float]


def mean_p(member: str, others: Sequence[str], p: P) -> float:
    """``member``'s mean probability of being the same event as the rest of ``others``."""
    rest = [o for o in others if o != member]
    return sum(p(member, o) for o in rest) / len(rest) if rest else 0.0


def cohesion(group: Sequence[str], p: P) -> float:
    """The median member's mean p to the rest of ``group``; of a group larger than ``SAMPLE``,
    of ``SAMPLE`` members taken evenly in its order, each to the rest of them (the pair model is
    asked about each pair of members once: a whole story of hundreds would be most of a regroup)."""
    if len(group) > SAMPLE:
        step = len(group) / SAMPLE
        group = [group[int(k * step)] for k in range(SAMPLE)]
    return float(np.median([mean_p(m, group, p) for m in group]))


def apart_in_time(
    group: list[str], features_of: Callable[[str], Features], p: P
) -> tuple[list[str], list[str], float] | None:
    """``group`` cut in two in time (see the module): (earlier, later, mean p across), each in
    ``group``'s order; else None. The cut falls at the widest gap between consecutive days of its
    members (ties to the earlier); an undated member goes to the side it is held to more (mean p;
    ties to the earlier).

    Not taken: the cut between the two days the pair model holds together least (PolNeAR train:
    252 pairs in stories, 0.528 of them more than 7 days apart, against 241 and 0.390 at the widest
    gap; hand-labelled pairs no different)."""
    days = {m: day_number(features_of(m).date) for m in group}
    dated = sorted({d for d in days.values() if d is not None})
    if len(dated) < 2 or dated[-1] - dated[0] <= DEVELOPMENT_DAYS:
        return None
    _, neg = max((b - a, -k) for k, (a, b) in enumerate(itertools.pairwise(dated)))
    last_early = dated[-neg]
    early = [m for m in group if (d := days[m]) is not None and d <= last_early]
    late = [m for m in group if (d := days[m]) is not None and d > last_early]
    if cohesion(group, p) >= TIME_COHESION:
        return None
    cross = sum(p(a, b) for a in early for b in late) / (len(early) * len(late))
    if cross >= TIME_P:
        return None
    undated = [m for m in group if days[m] is None]
    to_early = {m for m in undated if mean_p(m, early, p) >= mean_p(m, late, p)}
    early_set = set(early) | to_early
    late_set = set(late) | (set(undated) - to_early)
    return [m for m in group if m in early_set], [m for m in group if m in late_set], cross


def loose(group: list[str], p: P) -> list[list[str]] | None:
    """``group`` in the parts the pair model holds together, where its cohesion is under
    ``COHESION`` (see the module); else None, also where the parts would be the group whole.
    Each part in ``group``'s order, the parts by their first member."""
    if cohesion(group, p) >= COHESION:
        return None
    n = len(group)
    q = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            q[i, j] = q[j, i] = p(group[i], group[j])
    parts = [[i] for i in range(n)]
    sums = q.copy()  # summed p between two parts; -inf on the diagonal and for parts merged away
    np.fill_diagonal(sums, -np.inf)
    size = np.ones(n)
    while True:
        avg = sums / np.outer(size, size)
        a, b = divmod(int(np.argmax(avg)), n)  # the first best pair in order: deterministic
        if avg[a, b] < PART_P:
            break
        a, b = min(a, b), max(a, b)
        parts[a] += parts[b]
        parts[b] = []
        size[a] += size[b]
        sums[a, :] += sums[b, :]
        sums[:, a] += sums[:, b]
        sums[a, a] = -np.inf
        sums[b, :] = -np.inf
        sums[:, b] = -np.inf
    out = [[group[i] for i in sorted(part)] for part in parts if part]
    return out if len(out) > 1 else None
