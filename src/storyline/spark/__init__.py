"""The same pipeline on Apache Spark (``storyline spark ingest`` / ``load``): see docs/spark.md.

Nothing here imports pyspark at import time; ``session.check`` says what to install when pyspark
or Java is missing.
"""
