"""The Spark path against the single-machine one, ratios in one run (issue #19).

1. Same stories: ECB+ dev (../shared/eval/ecbplus, read in place) as one JSONL file; ``storyline
   ingest`` + ``recluster`` (extraction off: clustering does not read facts) against
   ``storyline spark ingest`` in local[2]: B³ of the Spark stories against the single-machine ones
   (target ≥ 0.98), and each against the gold; for all topics and for the even and odd halves.
2. Throughput: N reports through ``storyline ingest`` (defaults: a worker per core) and ``python -m
   storyline.spark ingest`` in local[2] and local[1], each a whole process; wall seconds, the Spark
   job's seconds without starting Spark, and its phases. The reports are taken in turn from ECB+ dev
   (772), PolNeAR train + dev (924, the files read in place) and TempEval-3 (256, with their creation
   dates as publication dates): 1,952 at most. ECB+ and TempEval-3 are XML, so their texts go to
   one JSONL file each in a temporary folder (not the repository). ``uptime`` is printed before and
   after each run: the figures mean little on a loaded machine.

Usage: ``python benchmarks/bench_spark.py [--reports 60] [--skip-ecb] [--skip-throughput] [--profile]
[--masters local[2]] [--skip-single]``; the issue's size is ``--reports 2000 --skip-ecb`` (all 1,952).
``--profile`` prints each Spark run's steps: wall seconds and Spark jobs (``spark ingest --profile``).
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


def _uptime() -> str:
    done = subprocess.run(["uptime"], capture_output=True, text=True, check=False)
    return done.stdout.strip()


def reports(tmp: Path, n: int) -> list[str]:
    """Inputs holding ``n`` reports (fewer when fewer exist), taken in turn from ECB+ dev, PolNeAR
    train + dev and TempEval-3, so a small sample has some of each."""
    from storyline.eval import ecb, tempeval

    ecb_texts = [{"body": text} for _, _, text in ecb.load(SHARED / "ecbplus")]
    polnear = [
        str(f) for split in ("train", "dev") for f in sorted((SHARED / "polnear" / split / "text").glob("*.txt"))
    ]
    timeml = []
    for f in sorted((SHARED / "tempeval3").rglob("*.tml")):
        text, dct, _ = tempeval.read_tml(f)
        timeml.append({"body": text, "published": dct or None})
    pools: list[list] = [ecb_texts, polnear, timeml]
    taken: list[list] = [[], [], []]
    k = 0
    while sum(map(len, taken)) < n and any(pools):
        if pools[k % 3]:
            taken[k % 3].append(pools[k % 3].pop(0))
        k += 1
    out = []
    for name, rows in (("ecb.jsonl", taken[0]), ("tempeval.jsonl", taken[2])):
        if rows:
            (tmp / name).write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
            out.append(str(tmp / name))
    print(
        f"reports: {len(taken[0])} ECB+, {len(taken[1])} PolNeAR, {len(taken[2])} TempEval-3 = {sum(map(len, taken))}"
    )
    return out + taken[1]


def _throughput(
    tmp: Path, n: int, masters: Sequence[str] = ("local[2]", "local[1]"), single_too: bool = True, profile: bool = False
) -> None:
    paths = reports(tmp, n)
    count = sum(1 for p in paths if not p.endswith(".jsonl")) + sum(
        len(Path(p).read_text(encoding="utf-8").splitlines()) for p in paths if p.endswith(".jsonl")
    )
    py = sys.executable
    single = float("nan")
    if single_too:
        print(f"  before single ingest: {_uptime()}")
        single, text = _run([py, "-m", "storyline.cli", "--db", str(tmp / "single.db"), "ingest", *paths])
        said = [line.strip() for line in text.splitlines() if "ingest:" in line or "ingested" in line]
        print(f"  single ingest said: {' / '.join(said) or '?'}")
    results = {}
    for master in masters:
        out = tmp / f"out{master[-2]}"
        print(f"  before spark {master}: {_uptime()}")
        cmd = [py, "-m", "storyline.spark", "ingest", *paths, "--out", str(out), "--master", master]
        wall, text = _run(cmd + (["--profile"] if profile else []))
        m = re.search(r"\(job ([\d.]+) s", text)
        phases = re.search(r"\(job [\d.]+ s: ([^)]*)\)", text)
        print(f"  spark {master} phases: {phases.group(1) if phases else '?'}")
        if profile and "Spark start" in text:
            print("    " + text[text.index("Spark start") :].strip().replace("\n", "\n    "))
        results[master] = (wall, float(m.group(1)) if m else float("nan"))
    print(f"  after: {_uptime()}")
    print(f"throughput on {count} reports (whole processes, wall seconds):")
    print(f"  storyline ingest        {single:7.1f} s  {count / single:6.2f} reports/s")
    for master, (w, j) in results.items():
        print(f"  spark {master:17} {w:7.1f} s  {count / w:6.2f} reports/s  (job without Spark start {j:.1f} s)")
    if "local[2]" in results:
        w2, j2 = results["local[2]"]
        print(f"  local[2] / single throughput: {single / w2:.2f}x (job only {single / j2:.2f}x)  [target >= 0.8x]")
        if "local[1]" in results:
            w1, j1 = results["local[1]"]
            print(f"  local[1] -> local[2] speed-up: {w1 / w2:.2f}x (job only {j1 / j2:.2f}x)  [target >= 1.7x]")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=60, help="reports for the throughput runs (at most 1,952)")
    parser.add_argument("--master", default="local[2]", help="Spark master for the ECB+ part")
    parser.add_argument("--skip-ecb", action="store_true")
    parser.add_argument("--skip-throughput", action="store_true")
    parser.add_argument("--skip-single", action="store_true", help="no single-machine ingest in the throughput part")
    parser.add_argument("--masters", default="local[2],local[1]", help="Spark masters for the throughput part")
    parser.add_argument("--profile", action="store_true", help="print each Spark run's steps (seconds, jobs)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench_spark_") as name:
        tmp = Path(name)
        if not args.skip_ecb:
            _ecb(tmp, args.master)
        if not args.skip_throughput:
            masters = [m for m in re.split(r",(?![^\[]*\])", args.masters) if m]
            _throughput(tmp, args.reports, masters, not args.skip_single, args.profile)


if __name__ == "__main__":
    main()
