"""``kill -9`` during ingest, then the same ingest again: the stories equal a clean run's (issue #20
item 9). The writer kills itself with SIGKILL right after its k-th article is stored, the point where
a batch can be stored but not yet regrouped; the resumed run must regroup what that run left.

The documents are ECB+ topics read in place from ../shared/eval (two real events of one kind per
topic: the regroup after each batch decides between them). The fast tests kill at batch ends (a
regroup lost: the resumed stories differed before the fix) and at one seeded random point; the ``slow`` test kills
at 12 random points per store.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from storyline import api
from storyline.options import Options
from storyline.store import open_store

pytestmark = pytest.mark.shared
BATCH = 8

WRITER = r"""
import os, signal, sys
from storyline import api
from storyline.options import Options
url, path, k, batch = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
stored = 0
def progress(stage, label):
    global stored
    if stage == "stored":
        stored += 1
        if stored == k:
            os.kill(os.getpid(), signal.SIGKILL)
api.ingest([path], options=Options(db=url, extract=False, batch_size=batch), progress=progress)
"""


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """ECB+ topics 1 and 2 as one JSONL file in a fixed shuffled order (temporary, never in the repo)."""
    from storyline.eval.ecb import DEFAULT, load

    docs = [d for d in load(DEFAULT) if d[1].split("/")[0] in {"1", "2"}]
    random.Random(0).shuffle(docs)
    path = tmp_path_factory.mktemp("ecb") / "docs.jsonl"
    path.write_text("".join(json.dumps({"title": i, "body": text}) + "\n" for i, _, text in docs), encoding="utf-8")
    return path, len(docs)


def stories(url: str) -> list[list[str]]:
    with open_store(url) as store:
        return sorted(sorted(s.articles) for s in store.stories())


def ingest(url: str, path: Path) -> None:
    api.ingest([str(path)], options=Options(db=url, extract=False, batch_size=BATCH))


def killed_then_resumed(url: str, path: Path, k: int) -> list[list[str]]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    cmd = [sys.executable, "-c", WRITER, url, str(path), str(k), str(BATCH)]
    result = subprocess.run(cmd, env=env, capture_output=True, timeout=300)
    assert result.returncode == -signal.SIGKILL, result.stderr.decode()[-500:]
    ingest(url, path)
    return stories(url)


def kill_points(total: int, seed: int, n: int) -> list[int]:
    rng = random.Random(seed)
    return sorted(rng.randint(1, total) for _ in range(n))


def check(make_url: Callable[[], str], documents: tuple[Path, int], points: list[int]) -> None:
    path, _ = documents
    clean = make_url()
    ingest(clean, path)
    want = stories(clean)
    assert len(want) >= 2
    differing = [k for k in points if killed_then_resumed(make_url(), path, k) != want]
    assert differing == [], f"killed after these stored articles, the resumed stories differ: {differing}"


def _sqlite(tmp_path: Path) -> Callable[[], str]:
    count = iter(range(1000))
    return lambda: str(tmp_path / f"s{next(count)}.db")


def fast_points(total: int, seed: int) -> list[int]:
    """The end of the last full batch before the final one (its regroup lost: differed before the
    fix on both stores), the very end, and one random point."""
    return [(total - 1) // BATCH * BATCH, total, *kill_points(total, seed, 1)]


def test_sqlite_killed_then_resumed_equals_a_clean_run(tmp_path: Path, documents: tuple[Path, int]) -> None:
    check(_sqlite(tmp_path), documents, fast_points(documents[1], 1))


@pytest.mark.postgres
def test_postgres_killed_then_resumed_equals_a_clean_run(pg_url, documents: tuple[Path, int]) -> None:  # type: ignore[no-untyped-def]
    check(pg_url, documents, fast_points(documents[1], 2))


@pytest.mark.slow
def test_sqlite_twelve_kills_each_resume_to_the_clean_stories(tmp_path: Path, documents: tuple[Path, int]) -> None:
    check(_sqlite(tmp_path), documents, kill_points(documents[1], 3, 12))


@pytest.mark.slow
@pytest.mark.postgres
def test_postgres_twelve_kills_each_resume_to_the_clean_stories(pg_url, documents: tuple[Path, int]) -> None:  # type: ignore[no-untyped-def]
    check(pg_url, documents, kill_points(documents[1], 4, 12))
