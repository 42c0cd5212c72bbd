"""``python -m storyline.spark ingest …``; for a cluster, ``spark-submit`` this file (its path:
``python -c 'import storyline.spark.__main__ as m; print(m.__file__)'``) with the same arguments."""

from __future__ import annotations

from .cli import spark_group

if __name__ == "__main__":
    spark_group(prog_name="python -m storyline.spark")
