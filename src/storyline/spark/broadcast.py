"""Rows the driver holds, made a DataFrame through a broadcast variable."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def frame_of(spark: Any, rows: Sequence[tuple[Any, ...]], schema: str) -> Any:
    """A DataFrame of ``rows`` (``schema``: Spark's DDL), in the order given. ``createDataFrame``
    of a list puts the rows in the tasks themselves (Spark warned of a 2.7 MB task for the stories'
    rows at 1,952 reports), and a task is shipped again each time its stage runs; a broadcast goes
    to each executor once. A task per core takes its slice of the broadcast."""
    sc = spark.sparkContext
    n = max(1, min(sc.defaultParallelism, len(rows)))
    size = -(-len(rows) // n)  # contiguous slices, as ``parallelize`` cuts them: the order is kept
    held = sc.broadcast(list(rows))
    slices = sc.parallelize(range(n), n).flatMap(lambda k: held.value[k * size : (k + 1) * size])
    return spark.createDataFrame(slices, schema)
