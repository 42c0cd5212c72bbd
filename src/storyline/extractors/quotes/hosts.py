"""Indirect quote drafts indexed by start, to find the one holding a partial quote in log time."""

from __future__ import annotations

import bisect
from typing import Any

__all__ = ["Hosts"]


class Hosts:
    """Indirect drafts by start, to find the smallest one holding a partial quote without a scan."""

    def __init__(self, drafts: list[Any]) -> None:
        self.drafts = sorted(drafts, key=lambda d: d.start)
        self.starts = [d.start for d in self.drafts]
        self.longest = max((d.end - d.start for d in drafts), default=0)
        self.dropped: set[int] = set()

    def drop(self, d: Any) -> None:
        self.dropped.add(id(d))

    def smallest(self, s: int, e: int) -> Any | None:
        hi = bisect.bisect_right(self.starts, s)
        lo = bisect.bisect_left(self.starts, s - self.longest)  # a host is no longer than the longest
        fits = [d for d in self.drafts[lo:hi] if e <= d.end + 2 and id(d) not in self.dropped]
        return min(fits, key=lambda d: d.end - d.start) if fits else None
