"""The Spark path against the single-machine one, ratios in one run (issue #19).

1. Same stories: ECB+ dev (../shared/eval/ecbplus, read in place) as one JSONL file; ``storyline
   ingest`` + ``recluster`` (extraction off: clustering does not read facts) against
   ``storyline spark ingest`` in local[2]: B³ of the Spark stories against the single-machine ones
   (target ≥ 0.98), and each against the gold; for all topics and for the even and odd halves.
2. Throughput: the first N PolNeAR reports (train, read in place) through ``storyline ingest``
   (one process, defaults) and ``python -m storyline.spark ingest`` in local[2] and local[1], each a
   whole process; wall seconds, and the Spark job's seconds without starting Spark.

Usage: ``python benchmarks/bench_spark.py [--reports 60] [--skip-ecb] [--skip-throughput]``.
Prints what it measured; it does not pass or fail. Needs ``pip install -e '.[spark]'`` and Java.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "eval"


def _ecb(tmp: Path, master: str) -> None:
    from storyline import api
    from storyline.cluster.stories import recluster
    from storyline.eval import ecb
    from storyline.options import Options
    from storyline.spark.job import ingest
    from storyline.spark.load import dataset
    from storyline.spark.session import session
    from storyline.store.sqlite import SQLiteStore

    docs = ecb.load(SHARED / "ecbplus")
    path = tmp / "ecb.jsonl"
    path.write_text("".join(json.dumps({"body": text}) + "\n" for _, _, text in docs), encoding="utf-8")
    options = Options(db=":memory:", extract=False)
    store = SQLiteStore(":memory:")
    started = time.monotonic()
    api.ingest([str(path)], store=store, options=options.replace(cluster=False))
    recluster(store, options)
    single_s = time.monotonic() - started
    spark = session(master)
    started = time.monotonic()
    ingest(spark, [str(path)], str(tmp / "ecb_out"), options)
    spark_s = time.monotonic() - started
    spark.stop()
    theirs = {a: store.story_of(a) or a for a in store.article_ids()}
    rows = dataset(str(tmp / "ecb_out"), "stories").to_table().to_pylist()
    mine = {r["article"]: r["story"] or r["article"] for r in rows}
    # the article each document became (the reader splits off captions etc.; the same text is one article)
    by_body = {store.article(a).content_hash: a for a in theirs}
    gold: dict[str, str] = {}
    for _, story, text in docs:
        article = by_body.get(_hash_of(text))
        if article is not None:
            gold.setdefault(article, story)
    print(f"ECB+ dev: {len(docs)} documents, {len(theirs)} articles; single {single_s:.1f} s, spark {spark_s:.1f} s")
    for name, keep in (("all", lambda t: True), ("even topics", lambda t: t % 2 == 0), ("odd topics", lambda t: t % 2)):
        ids = sorted(a for a in gold if keep(int(gold[a].split("/")[0])))
        vs = ecb.b_cubed([theirs[a] for a in ids], [mine[a] for a in ids])
        g_single = ecb.b_cubed([gold[a] for a in ids], [theirs[a] for a in ids])
        g_spark = ecb.b_cubed([gold[a] for a in ids], [mine[a] for a in ids])
        print(
            f"  {name:11} n={len(ids):4}  spark vs single B3 P/R/F1 {vs[0]:.4f}/{vs[1]:.4f}/{vs[2]:.4f}"
            f"  gold F1: single {g_single[2]:.4f}  spark {g_spark[2]:.4f}"
        )


def _hash_of(text: str) -> str:
    """The content hash the JSONL reader gives a document's body (detection may trim its ends)."""
    from storyline.errors import InputError
    from storyline.readers.article import Meta, finish

    try:
        return finish(text, Meta(source="x", format="jsonl")).content_hash
    except InputError:
        return ""


def _run(cmd: Sequence[str]) -> tuple[float, str]:
    started = time.monotonic()
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    seconds = time.monotonic() - started
    if done.returncode:
        raise SystemExit(f"{' '.join(cmd[:4])} … failed:\n{done.stderr[-2000:]}")
    return seconds, done.stdout + done.stderr


def _throughput(tmp: Path, n: int) -> None:
    files = sorted((SHARED / "polnear" / "train" / "text").glob("*.txt"))[:n]
    paths = [str(f) for f in files]
    py = sys.executable
    single, _ = _run([py, "-m", "storyline.cli", "--db", str(tmp / "single.db"), "ingest", *paths])
    results = {}
    for master in ("local[2]", "local[1]"):
        out = tmp / f"out{master[-2]}"
        wall, text = _run([py, "-m", "storyline.spark", "ingest", *paths, "--out", str(out), "--master", master])
        m = re.search(r"\(job ([\d.]+) s", text)
        phases = re.search(r"\(job [\d.]+ s: ([^)]*)\)", text)
        print(f"  spark {master} phases: {phases.group(1) if phases else '?'}")
        results[master] = (wall, float(m.group(1)) if m else float("nan"))
    w2, j2 = results["local[2]"]
    w1, j1 = results["local[1]"]
    print(f"throughput on {len(paths)} PolNeAR train reports (whole processes, wall seconds):")
    print(f"  storyline ingest        {single:7.1f} s  {len(paths) / single:6.2f} reports/s")
    print(
        f"  spark local[2]          {w2:7.1f} s  {len(paths) / w2:6.2f} reports/s  (job without Spark start {j2:.1f} s)"
    )
    print(
        f"  spark local[1]          {w1:7.1f} s  {len(paths) / w1:6.2f} reports/s  (job without Spark start {j1:.1f} s)"
    )
    print(f"  local[2] / single throughput: {single / w2:.2f}x (job only {single / j2:.2f}x)")
    print(f"  local[1] -> local[2] speed-up: {w1 / w2:.2f}x (job only {j1 / j2:.2f}x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=60)
    parser.add_argument("--master", default="local[2]", help="Spark master for the ECB+ part")
    parser.add_argument("--skip-ecb", action="store_true")
    parser.add_argument("--skip-throughput", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench_spark_") as name:
        tmp = Path(name)
        if not args.skip_ecb:
            _ecb(tmp, args.master)
        if not args.skip_throughput:
            _throughput(tmp, args.reports)


if __name__ == "__main__":
    main()
