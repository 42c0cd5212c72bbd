"""``Profile`` cuts the driver's time into steps and counts each step's Spark jobs (a stand-in
SparkContext here: which group each "job" ran under is all the profile reads)."""

from __future__ import annotations

from typing import Any

from storyline.spark.profile import Profile


class FakeContext:
    """Records jobs under the job group set when they run, as Spark's status tracker does."""

    def __init__(self) -> None:
        self.group: str | None = None
        self.jobs: list[str | None] = []

    def setJobGroup(self, group: str, description: str) -> None:
        self.group = group

    def setLocalProperty(self, key: str, value: Any) -> None:
        if key == "spark.jobGroup.id":
            self.group = value

    def run_job(self) -> None:
        self.jobs.append(self.group)

    def statusTracker(self) -> Any:
        jobs = self.jobs

        class Tracker:
            def getJobIdsForGroup(self, group: str | None) -> list[int]:
                return [n for n, g in enumerate(jobs) if g == group]

        return Tracker()


def test_each_step_counts_the_jobs_run_under_it_and_jobs_outside_steps_are_counted_apart() -> None:
    sc = FakeContext()
    profile = Profile(sc)
    sc.run_job()  # before any step
    profile.mark("read")
    sc.run_job()
    profile.mark("stories")  # ends "read"
    sc.run_job()
    sc.run_job()
    with profile.step("write"):  # ends "stories"
        sc.run_job()
    sc.run_job()  # after the last step
    assert [(name, jobs) for name, _, jobs in profile.steps] == [("read", 1), ("stories", 2), ("write", 1)]
    assert profile.outside() == 2
    assert profile.table().splitlines()[-1].split()[-1] == "6"


def test_without_a_context_steps_are_timed_and_count_no_jobs() -> None:
    profile = Profile()
    profile.mark("a")
    profile.end()
    profile.end()  # nothing running: no second row
    assert [(name, jobs) for name, _, jobs in profile.steps] == [("a", 0)]


def test_jobs_a_step_s_threads_start_after_it_ended_are_counted_in_the_table() -> None:
    sc = FakeContext()
    profile = Profile(sc)
    profile.mark("write beside")
    beside = sc.group  # what a thread started in this step runs its jobs under
    profile.mark("re-read")
    sc.jobs.append(beside)  # the thread's job, after "write beside" ended
    profile.end()
    assert [(name, jobs) for name, _, jobs in profile.steps] == [("write beside", 0), ("re-read", 0)]
    assert "write beside" in profile.table()
    assert [(name, jobs) for name, _, jobs in profile.steps] == [("write beside", 1), ("re-read", 0)]
