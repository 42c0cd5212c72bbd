"""The caches a job makes, let go once nothing reads them again.

Spark keeps a persisted DataFrame or RDD until it is unpersisted or the session stops: in a
session that outlives one job (a notebook, ``ingest`` called again from Python) every run's caches
would pile up in the executors' memory. A ``Caches`` is used as a ``with`` block around the steps
that read what it holds: at the block's end (or an error) all of it is unpersisted. A cache that
outlives a step is held by the caller's ``Caches``; one filled from caches of a step's own (a count,
a collect, a write) lets the step release those.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any


class Caches:
    def __init__(self) -> None:
        self.items: list[Any] = []

    def keep(self, data: Any, level: Any = None) -> Any:
        """``data`` (a DataFrame or an RDD) persisted (``level``: memory and disk unless given)."""
        from pyspark import StorageLevel

        data = data.persist(level or StorageLevel.MEMORY_AND_DISK)
        self.items.append(data)
        return data

    def release(self) -> None:
        """Every cache held unpersisted (lazy DataFrames derived from one and not yet filled or
        written would compute it again)."""
        while self.items:
            self.items.pop().unpersist()

    def __enter__(self) -> Caches:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.release()
