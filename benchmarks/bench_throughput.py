"""End-to-end ingest against bare spaCy, as whole processes, paired and interleaved (issue #19).

Each pair runs, in alternating order, two fresh processes over the same report files (PolNeAR
dev texts by default, read in place from ../shared/eval):
- bare: ``python -c`` that loads the spaCy model, reads the files and runs
  ``list(nlp.pipe(texts, batch_size=32, n_process=2))``: parsing only;
- ingest: ``storyline --db FRESH.db ingest FOLDER`` with default settings (every extractor,
  the store, stories and their regrouping).
Wall seconds come from the clock, CPU seconds from ``wait4`` (the process and every worker it
reaped). It prints each pair, then the median ingest/bare ratio of wall time (target <= 1.18, i.e.
throughput >= 0.85x) and of CPU time, with the load average before and after: on a busy machine
wall time says more about the neighbours than about the code (and ingest's three busy processes,
main and two workers, get a larger share of a crowded machine than bare's two), so rerun it on a
quiet one.

With ``--memory`` it measures instead what one extraction worker costs: a worker forked as
``storyline ingest`` forks them, after extracting the reports, and after one fictional body of
500,000 characters (the most extraction reads of one body): its peak and current RSS and the
memory it does not share with the parent (``extractors/workers.py`` WORKER_MB rests on this).

With ``--one-process`` each pair also runs ``storyline ingest --processes 1`` (parsing in the
ingesting process, as before #19), in turn with the other two.

Usage: ``python benchmarks/bench_throughput.py [--pairs 5] [--split dev] [--limit N]
[--bare-processes 2] [--ingest-arg=--no-regroup ...] [--one-process] [--memory]``.
Prints what it measured; it does not pass or fail.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "polnear"

BARE = r"""
import sys, spacy
name, n_process, listing = sys.argv[1], int(sys.argv[2]), sys.argv[3]
paths = open(listing, encoding="utf-8").read().split("\n")
nlp = spacy.load(name)
texts = [open(p, encoding="utf-8").read() for p in paths]
docs = list(nlp.pipe(texts, batch_size=32, n_process=n_process))
print(len(docs), "docs")
"""


def measured(cmd: list[str], cwd: Path) -> tuple[float, float, float, str]:
    """(wall s, CPU s, peak RSS MB, output) of one whole process and the workers it reaped."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("STORYLINE_")}
    started = time.perf_counter()
    child = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = child.stdout.read() if child.stdout else b""
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{cmd[0]} … exited {child.returncode}:\n{out.decode(errors='replace')[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out.decode(errors="replace")


def _memory_now(chunk: list, options: object) -> list[str]:
    """Run in a worker: extract ``chunk``, then report this process's memory."""
    from storyline.extractors.workers import extract_plain

    extract_plain(chunk, options)  # type: ignore[arg-type]
    status = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines() if ":" in line)
    rollup = Path("/proc/self/smaps_rollup").read_text().splitlines()
    private = sum(int(line.split()[1]) for line in rollup if line.startswith(("Private_Clean", "Private_Dirty")))
    pss = sum(int(line.split()[1]) for line in rollup if line.startswith("Pss:"))
    kb = {k: int(status[k].split()[0]) for k in ("VmHWM", "VmRSS")}
    return [
        f"peak RSS {kb['VmHWM'] / 1024:6.0f} MB, RSS now {kb['VmRSS'] / 1024:6.0f} MB, "
        f"not shared with the parent {private / 1024:6.0f} MB (PSS {pss / 1024:.0f} MB)"
    ]


def memory(paths: list[Path]) -> None:
    """What one forked extraction worker holds, after the reports and after the longest body."""
    sys.path.insert(0, str(Path(__file__).parent))
    import random

    from bench_extract import _generated

    from storyline.extractors.nlp import load_nlp
    from storyline.extractors.workers import Workers
    from storyline.options import Options
    from storyline.records import Article

    reports = [Article(id=f"r{i}", body=p.read_text(encoding="utf-8")) for i, p in enumerate(paths)]
    rng, parts = random.Random(3), []
    while sum(len(p) + 2 for p in parts) < 500_000:
        parts.append(_generated(rng, len(parts)).body)
    long = Article(id="long", body="\n\n".join(parts)[:500_000], published="2031-05-01")
    load_nlp(Options().model)
    parent = int(Path("/proc/self/status").read_text().split("VmRSS:")[1].split()[0]) // 1024
    print(f"parent with the model loaded, before forking: RSS {parent} MB")
    for label, articles in ((f"half of {len(reports)} reports", reports), ("one 500,000-character body", [long])):
        with Workers(Options(), 2, chunk=len(articles)) as workers:
            for n, pending in enumerate(workers.submit(_memory_now, articles), 1):
                print(f"worker {n} after {label}: {pending.result()[0]}")


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, default=5, help="paired runs (default 5)")
    parser.add_argument("--split", default="dev", help="PolNeAR split under ../shared/eval/polnear (default dev)")
    parser.add_argument("--limit", type=int, help="only the first N reports (sorted by name)")
    parser.add_argument("--bare-processes", type=int, default=2, help="n_process of bare nlp.pipe (default 2)")
    parser.add_argument("--ingest-arg", action="append", default=[], help="extra argument for `storyline ingest`")
    parser.add_argument(
        "--one-process",
        action="store_true",
        help="also run `storyline ingest --processes 1` in each pair, as before #19",
    )
    parser.add_argument("--memory", action="store_true", help="measure one extraction worker's memory instead")
    args = parser.parse_args()

    from storyline.extractors.nlp import resolve_model
    from storyline.options import Options
    from storyline.store import open_store

    folder = SHARED / args.split / "text"
    if not folder.is_dir():
        raise SystemExit(f"{folder} not found: this benchmark reads PolNeAR from ../shared/eval")
    paths = sorted(folder.glob("*.txt"))[: args.limit]
    if args.memory:
        memory(paths)
        return
    model = resolve_model(Options().model)
    storyline = Path(sys.executable).with_name("storyline")
    chars = sum(len(p.read_text(encoding="utf-8")) for p in paths)
    print(f"{len(paths)} reports ({chars:,} characters) from {folder}; model {model}")
    print(f"before: {load()}  [{time.strftime('%H:%M:%S')}]")
    ratios: dict[str, list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="bench_throughput_") as tmp:
        work = Path(tmp)
        listing = work / "paths.txt"
        listing.write_text("\n".join(str(p) for p in paths), encoding="utf-8")
        if args.limit:  # ingest reads a folder of exactly these files (links, read in place)
            folder = work / "reports"
            folder.mkdir()
            for p in paths:
                (folder / p.name).symlink_to(p)
        bare_cmd = [sys.executable, "-c", BARE, model, str(args.bare_processes), str(listing)]
        runs = ["bare", "ingest"] + (["ingest --processes 1"] if args.one_process else [])
        for pair in range(args.pairs):
            order = runs[pair % len(runs) :] + runs[: pair % len(runs)]  # each goes first in turn
            got = {}
            for which in order:
                if which == "bare":
                    got[which] = measured(bare_cmd, work)
                    continue
                db = work / f"store{pair}-{len(got)}.db"
                extra = ["--processes", "1"] if which.endswith("1") else []
                got[which] = measured(
                    [str(storyline), "--db", str(db), "ingest", str(folder), *extra, *args.ingest_arg], work
                )
                with open_store(str(db)) as store:
                    stored, stories = store.count_articles(), len(store.stories(limit=1_000_000))
                if stored != len(paths):
                    raise SystemExit(f"{which} stored {stored} of {len(paths)} reports:\n{got[which][3][-2000:]}")
            bw, bc = got["bare"][:2]
            print(f"pair {pair + 1} ({order[0]} first; {stories} stories) [{load()}]", flush=True)
            for which in runs:
                w, c, rss, _ = got[which]
                ratios.setdefault(which, []).append((w / bw, c / bc))
                print(
                    f"  {which:22} wall {w:6.2f} s  CPU {c:6.2f} s  peak RSS {rss:5.0f} MB  "
                    f"/ bare: wall {w / bw:.3f} CPU {c / bc:.3f}",
                    flush=True,
                )
    print(f"after: {load()}  [{time.strftime('%H:%M:%S')}]")
    for which in runs[1:]:
        walls, cpus = sorted(w for w, _ in ratios[which]), sorted(c for _, c in ratios[which])
        print(
            f"{which} / bare nlp.pipe ({args.bare_processes} processes), median of {len(walls)} pairs: "
            f"wall {statistics.median(walls):.3f}x (range {walls[0]:.3f}-{walls[-1]:.3f}; target <= 1.18), "
            f"CPU {statistics.median(cpus):.3f}x (range {cpus[0]:.3f}-{cpus[-1]:.3f}); "
            f"throughput {1 / statistics.median(walls):.3f}x of bare"
        )


if __name__ == "__main__":
    main()
