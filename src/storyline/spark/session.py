"""Starting Spark: pyspark and Java are checked first, so a missing one is one clear line."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from typing import Any

from ..errors import UsageError, install_hint

JAVA_HINT = "install Java 17 or 21 (Debian/Ubuntu: apt-get install openjdk-17-jre-headless) or set JAVA_HOME"


def java() -> str | None:
    """The java binary Spark would start, or None."""
    home = os.environ.get("JAVA_HOME")
    if home and os.access(os.path.join(home, "bin", "java"), os.X_OK):
        return os.path.join(home, "bin", "java")
    return shutil.which("java")


def check() -> None:
    """Raise ``UsageError`` saying what to install when pyspark or Java is missing."""
    try:
        import pyspark  # noqa: F401
    except ImportError as exc:
        raise UsageError(f"the Spark commands need pyspark 4: {install_hint('spark')}") from exc
    found = java()
    if found is None:
        raise UsageError(f"Spark needs Java and none was found: {JAVA_HINT}")
    try:
        subprocess.run([found, "-version"], capture_output=True, check=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as exc:
        raise UsageError(f"Spark needs a working Java; {found} -version failed ({exc}): {JAVA_HINT}") from exc


OPEN_COST = 64 * 1024  # bytes a file counts for when files are packed into read partitions


def session(
    master: str | None = None, name: str = "storyline", partitions: int | None = None, model: str | None = None
) -> Any:
    """A SparkSession (``master`` e.g. ``local[2]``; None: spark-submit's or ``local[*]``); ``model``,
    the spaCy model the job will use, is loaded once in each executor's Python daemon."""
    check()
    from pyspark.sql import SparkSession

    if (master or "local").startswith("local"):  # local workers run this interpreter, which has storyline
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(name)
    if master:
        builder = builder.master(master)
    elif not os.environ.get("PYSPARK_GATEWAY_PORT"):  # not under spark-submit, which names its master
        builder = builder.master("local[*]")
    builder = builder.config("spark.ui.showConsoleProgress", "false").config("spark.ui.enabled", "false")
    # ``day`` partitions stay text (YYYY-MM-DD), as in the JSON contract, not Spark dates
    builder = builder.config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
    # workers fork from a daemon that has storyline imported already (``daemon.py``)
    builder = builder.config("spark.python.daemon.module", "storyline.spark.daemon")
    # jobs of a thread in the ``background`` pool (``job.Writes``) get the cores the others leave
    # idle: the default pool (first in, first out within, as without pools) goes first while it
    # has tasks waiting (its minimum share is every core)
    builder = builder.config("spark.scheduler.mode", "FAIR").config("spark.scheduler.allocation.file", _pools())
    if model:
        builder = builder.config("spark.executorEnv.STORYLINE_SPARK_MODEL", model)
    # a file counts as 4 MB by default when Spark packs files into read partitions: news files of
    # a few KB came 32 to a partition, each partition a Python task (1,952 reports in 926 files:
    # 58 tasks, 11.7 s; at 64 KB, 4 tasks, 1.4 s). Large files (WARC) are packed by their size.
    builder = builder.config("spark.sql.files.openCostInBytes", str(OPEN_COST))
    shuffle = partitions or local_cores(master)
    if shuffle:  # Spark's default of 200 shuffle partitions is 200 tasks a join on one machine
        builder = builder.config("spark.sql.shuffle.partitions", str(shuffle))
        # adaptive execution merges shuffle partitions under 1 MB: the story steps' Python passes
        # (scoring, the copy check) read a few hundred KB of ids and blobs for seconds of work, and
        # ran as one task on one core of two. With the partitions set to the cores, keep them all
        builder = builder.config("spark.sql.adaptive.coalescePartitions.enabled", "false")
    if local_cores(master):  # a job of one task per input path, for files on this machine, costs more
        builder = builder.config("spark.sql.sources.parallelPartitionDiscovery.threshold", str(2**31 - 1))
    return builder.getOrCreate()


POOLS = """<?xml version="1.0"?>
<allocations>
  <pool name="default"><schedulingMode>FIFO</schedulingMode><weight>1000</weight><minShare>100000</minShare></pool>
  <pool name="background"><schedulingMode>FIFO</schedulingMode><weight>1</weight><minShare>0</minShare></pool>
</allocations>
"""


def _pools() -> str:
    """The fair scheduler's pools (``POOLS``) as a file, which is how Spark takes them."""
    path = os.path.join(tempfile.gettempdir(), f"storyline-spark-pools-{os.getpid()}.xml")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(POOLS)
    return path


def local_cores(master: str | None) -> int | None:
    """The cores a ``local[N]`` / ``local[*]`` / ``local`` master runs on; None for a cluster."""
    if master is None and os.environ.get("PYSPARK_GATEWAY_PORT"):
        return None
    m = re.fullmatch(r"local(?:\[(\d+|\*)(?:,\d+)?\])?", master or "local[*]")
    if m is None:
        return None
    if m.group(1) is None:
        return 1
    return (os.cpu_count() or 1) if m.group(1) == "*" else int(m.group(1))
