"""Wall time and Spark jobs of each step of a job (``storyline spark ingest --profile``).

The driver's time is cut into consecutive steps (``mark`` starts the next one), each running
under a job group of its own; Spark's status tracker then says how many jobs the step started.
Steps cover the code between actions too: ``DataFrame.rdd`` runs a plan's shuffle stages at
once when adaptive execution is on, and a SQL action can start several jobs (one per broadcast,
one per adaptive query stage). Jobs started outside any step are counted as well.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Profile:
    sc: Any = None  # the SparkContext; None: steps are timed, jobs not counted
    steps: list[tuple[str, float, int]] = field(default_factory=list)  # (step, seconds, jobs)
    running: tuple[str, str, float] | None = None  # (name, job group, started)
    groups: list[str] = field(default_factory=list)  # each step's job group

    def mark(self, name: str) -> None:
        """End the running step (if any) and start ``name``."""
        self.end()
        group = f"storyline:{len(self.steps)}:{name}"
        if self.sc is not None:
            self.sc.setJobGroup(group, name)
        self.running = (name, group, time.monotonic())

    def end(self) -> None:
        if self.running is None:
            return
        name, group, started = self.running
        self.running = None
        jobs = 0
        if self.sc is not None:
            jobs = len(self.sc.statusTracker().getJobIdsForGroup(group))
            self.sc.setLocalProperty("spark.jobGroup.id", None)
            self.sc.setLocalProperty("spark.job.description", None)
        self.steps.append((name, round(time.monotonic() - started, 2), jobs))
        self.groups.append(group)

    def recount(self) -> None:
        """Count each step's jobs again: a thread a step started (``job.Writes``) may start its jobs
        after the step ended."""
        if self.sc is not None:
            tracker = self.sc.statusTracker()
            self.steps = [
                (n, s, len(tracker.getJobIdsForGroup(g))) for (n, s, _), g in zip(self.steps, self.groups, strict=True)
            ]

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        self.mark(name)
        try:
            yield
        finally:
            self.end()

    def outside(self) -> int:
        """Jobs started outside any step."""
        return len(self.sc.statusTracker().getJobIdsForGroup(None)) if self.sc is not None else 0

    def table(self) -> str:
        self.recount()
        lines = [f"{'step':34} {'s':>8} {'jobs':>5}"]
        lines += [f"{name:34} {s:8.2f} {jobs:5d}" for name, s, jobs in self.steps]
        total = sum(s for _, s, _ in self.steps)
        jobs = sum(j for _, _, j in self.steps)
        lines.append(f"{'(outside any step)':34} {'':>8} {self.outside():5d}")
        lines.append(f"{'total':34} {total:8.2f} {jobs + self.outside():5d}")
        return "\n".join(lines)
