"""The full fuzz run (#20): every bad input of tests/fuzz/bad_inputs.py, large ones included, each
ingested in a fresh process and a fresh store beside good reports, under a CPU and memory limit.

    python scripts/fuzz_ingest.py                 # all cases (the large ones take minutes)
    python scripts/fuzz_ingest.py --only parens   # cases whose name contains "parens"
    python scripts/fuzz_ingest.py --kind pathological  # the large ones only (about 10 minutes)
    python scripts/fuzz_ingest.py --hypothesis 20 # also the hypothesis suite with 20x the examples

Prints one line per case (how it ended, CPU seconds of the ingest, start-up included, and of
building its stories, peak memory of the process) and a summary; exits 1 when a case crashed,
hung, lost a good report, or passed the targets (60 s CPU for the ingest, 1.5 GB per input). The
numbers are this machine's: say which machine and how loaded it was when quoting them.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "fuzz"))

from bad_inputs import Case, cases, good_files, write  # noqa: E402

CPU_TARGET_S = 60.0
MEMORY_TARGET_MB = 1536.0
CPU_LIMIT_S = 180  # a case past this is killed and counted as a hang
MEMORY_LIMIT = 6 << 30  # address space; a case past it fails with MemoryError (counted)


def child(folder: str, db: str, export: bool) -> None:
    """Inside the worker process: ingest ``folder``, print one JSON line of what happened."""
    from storyline import api
    from storyline.options import Options
    from storyline.store import open_store

    options = Options(db=db, fetch=False)
    report = api.ingest([folder], options=options)
    ingested = resource.getrusage(resource.RUSAGE_SELF)
    out = {
        "stored": [a.source for a in report.ingested],
        "present": len(report.present),
        "failed": [str(f) for f in report.failed],
        "warnings": len(report.warnings),
    }
    if export:
        with open_store(db) as store:
            out["stories"] = len(api.stories(store, options))
    own = resource.getrusage(resource.RUSAGE_SELF)
    out["cpu"] = ingested.ru_utime + ingested.ru_stime  # start-up (loading spaCy) included
    out["export_cpu"] = (own.ru_utime + own.ru_stime) - out["cpu"]
    out["peak_mb"] = own.ru_maxrss / 1024  # Linux: KB; the whole process, story building included
    print("RESULT " + json.dumps(out))


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_LIMIT_S, CPU_LIMIT_S + 5))
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_case(case: Case, export: bool) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for name, data in good_files().items():
            (folder / name).write_bytes(data)
        write(case, folder)
        command = [sys.executable, __file__, "--child", str(folder), str(Path(tmp) / "s.db")]
        if export:
            command.append("--export")
        started = time.monotonic()
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=_limit)
        try:
            stdout, stderr = proc.communicate(timeout=CPU_LIMIT_S * 4)
        except subprocess.TimeoutExpired:
            proc.kill()
            stdout, stderr = proc.communicate()
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # cumulative: the caller takes differences
        line = next((x for x in stdout.decode(errors="replace").splitlines() if x.startswith("RESULT ")), None)
        result: dict[str, object] = {"rc": proc.returncode, "wall": time.monotonic() - started, "usage": usage}
        if line is None:
            tail = stderr.decode(errors="replace").strip().splitlines()[-1:] or ["(no output)"]
            result["error"] = tail[0][:200]
        else:
            result.update(json.loads(line[len("RESULT ") :]))
        return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", help="run the cases whose name contains this")
    parser.add_argument("--small", action="store_true", help="only the small cases (the fast slice's inputs)")
    parser.add_argument("--kind", help="only cases of this kind (text, html, …, fs, pathological)")
    parser.add_argument("--no-export", action="store_true", help="skip building the stories after ingest")
    parser.add_argument("--hypothesis", type=int, default=0, help="also run the hypothesis suite, N x examples")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--export", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child, export=args.export)
        return 0

    selected = [
        c
        for c in cases(full=not args.small)
        if (not args.only or args.only in c.name) and (not args.kind or c.kind == args.kind)
    ]
    goods = set(good_files())
    problems: list[str] = []
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    largest = 0.0
    print(f"{'case':34} {'kind':12} {'ended':28} {'ingest cpu s':>12} {'stories cpu s':>13} {'peak MB':>8}")
    for case in selected:
        result = run_case(case, export=not args.no_export)
        usage = result.pop("usage")
        spent = (usage.ru_utime + usage.ru_stime) - (before.ru_utime + before.ru_stime)  # type: ignore[attr-defined]
        before = usage  # type: ignore[assignment]
        cpu = float(result.get("cpu", spent))  # type: ignore[arg-type]
        peak = float(result.get("peak_mb", float("nan")))  # type: ignore[arg-type]
        largest = max(largest, peak) if peak == peak else largest
        if "error" in result:
            ended = f"CRASH rc={result['rc']}"
            problems.append(f"{case.name!r}: crashed or hung (rc {result['rc']}): {result['error']}")
        else:
            stored = {Path(s).name for s in result["stored"]}  # type: ignore[union-attr]
            lost = goods - stored
            ended = f"stored {len(stored - goods)}, failed {len(result['failed'])}"  # type: ignore[arg-type]
            if lost:
                problems.append(f"{case.name!r}: good reports lost: {sorted(lost)}")
            if peak > MEMORY_TARGET_MB:
                problems.append(f"{case.name!r}: peak {peak:.0f} MB > {MEMORY_TARGET_MB:.0f} MB")
        if cpu > CPU_TARGET_S:
            problems.append(f"{case.name!r}: {cpu:.1f} s CPU > {CPU_TARGET_S:.0f} s")
        stories = float(result.get("export_cpu", float("nan")))  # type: ignore[arg-type]
        print(
            f"{ascii(case.name)[1:-1][:34]:34} {case.kind:12} {ended:28} {cpu:12.1f} {stories:13.1f} {peak:8.0f}",
            flush=True,
        )
    print(f"\n{len(selected)} cases; largest peak {largest:.0f} MB; {len(problems)} problem(s)")
    for problem in problems:
        print("  " + problem)
    if args.hypothesis:
        env = dict(os.environ, STORYLINE_FUZZ_EXAMPLES=str(args.hypothesis))
        rc = subprocess.call(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                str(ROOT / "tests/fuzz/test_hypothesis_fuzz.py"),
            ],
            env=env,
        )
        if rc:
            problems.append(f"hypothesis suite failed (rc {rc})")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
