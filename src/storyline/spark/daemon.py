"""Spark's Python daemon (``spark.python.daemon.module``) with storyline's modules imported first.

Spark forks a Python worker from this daemon for each task it cannot give to an idle worker, and
stops idle workers after a minute; a plain daemon's workers each import storyline, spaCy and
scikit-learn again (2–5 s apiece on a loaded 2-core machine, several times per job). Imported here
once, every forked worker starts with them (the spaCy *model* is still loaded per worker, on first
use: the job's options name it).
"""

from __future__ import annotations

try:  # an executor without storyline still gets a working daemon (its tasks then fail with the reason)
    import spacy  # noqa: F401

    import storyline.extractors.pipeline
    import storyline.spark.reference
    import storyline.spark.storywork
    import storyline.spark.work  # noqa: F401
except ImportError:  # pragma: no cover
    pass

from pyspark import daemon

if __name__ == "__main__":
    daemon.manager()
