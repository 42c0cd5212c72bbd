"""Spark's Python daemon (``spark.python.daemon.module``) with storyline's modules imported first.

Spark forks a Python worker from this daemon for each task it cannot give to an idle worker, and
stops idle workers after a minute; a plain daemon's workers each import storyline, spaCy and
scikit-learn again (2–5 s apiece on a loaded 2-core machine, several times per job), and load the
spaCy model again whenever the workers that had it were stopped between two stages. Imported here
once, every forked worker starts with them; the model too when the session names it
(``STORYLINE_SPARK_MODEL``, set by ``session.session(model=…)``).
"""

from __future__ import annotations

import contextlib
import os

try:  # an executor without storyline still gets a working daemon (its tasks then fail with the reason)
    import spacy  # noqa: F401

    import storyline.extractors.pipeline
    import storyline.spark.reference
    import storyline.spark.storywork
    import storyline.spark.work  # noqa: F401
    from storyline.errors import ModelMissingError
    from storyline.extractors.nlp import load_nlp

    if os.environ.get("STORYLINE_SPARK_MODEL"):
        # a missing model is left to the task that needs it, which says what to install
        with contextlib.suppress(ModelMissingError, OSError):
            load_nlp(os.environ["STORYLINE_SPARK_MODEL"])  # cached: forked workers find it loaded
except ImportError:  # pragma: no cover
    pass

from pyspark import daemon

if __name__ == "__main__":
    daemon.manager()
