"""Two processes create a new store at the same moment and each store one note with its story
(issue #20 item 6): both succeed and both notes are stored. Before migrations ran in one locked transaction, 11 of 30
such pairs on SQLite lost one input ("table articles already exists", "database is locked").

The fast test runs a few pairs per backend; the ``slow`` one runs the issue's 30 pairs on SQLite.
Every text here is fictional, written for these tests.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from storyline.errors import StoreError
from storyline.store import open_store

WRITER = r"""
import hashlib, os, sys, time
from pathlib import Path
url, note, ready, start = sys.argv[1:5]
from storyline.records import Article
from storyline.errors import StoreError
from storyline.store import open_store
name = Path(ready).name
article = Article(id=name, body=note, content_hash=hashlib.sha256(note.encode()).hexdigest(), source=name)
Path(ready).touch()
while not os.path.exists(start):
    time.sleep(0.001)
with open_store(url) as store:  # creates and migrates the new store: the step that raced
    with store.transaction():
        stored, created = store.add_article(article)
        store.ensure_story(f"story-{name}", "Avel ferry", "test")
        store.set_story(stored.id, f"story-{name}", 1.0, {})
sys.exit(0 if created else 3)
"""


def _note(pair: int, k: int) -> str:
    return (
        f"Fictional note {k} of pair {pair}: the Avel ferry council met on Monday and agreed "
        f"{k + 2} new crossings for the summer, its clerk Mira Tolsen said."
    )


def run_pairs(make_url: Callable[[int], str], pairs: int, tmp_path: Path) -> list[str]:
    """Start two writers per new store, release them together; the problems seen, one line each."""
    problems = []
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    for pair in range(pairs):
        url = make_url(pair)
        flags = tmp_path / f"pair{pair}"
        flags.mkdir()
        start = flags / "start"
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", WRITER, url, _note(pair, k), str(flags / f"ready{k}"), str(start)],
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                env=env,
            )
            for k in (0, 1)
        ]
        deadline = time.monotonic() + 60
        while not all((flags / f"ready{k}").exists() for k in (0, 1)):
            assert time.monotonic() < deadline and all(p.poll() is None for p in procs), "a writer did not start"
            time.sleep(0.01)
        start.touch()
        for k, proc in enumerate(procs):
            out = proc.communicate(timeout=120)[0].decode()
            if proc.returncode != 0:
                problems.append(f"pair {pair} writer {k}: exit {proc.returncode}: {out.strip()[-1500:]}")
        with open_store(url) as store:
            count = store.count_articles()
        if count != 2:
            problems.append(f"pair {pair}: {count} articles stored, not 2")
    return problems


def test_two_writers_on_a_new_sqlite_store_both_store_their_note(tmp_path: Path) -> None:
    assert run_pairs(lambda pair: str(tmp_path / f"new{pair}.db"), 10, tmp_path) == []


@pytest.mark.postgres
def test_two_writers_on_a_new_postgres_schema_both_store_their_note(tmp_path: Path, pg_url) -> None:  # type: ignore[no-untyped-def]
    assert run_pairs(lambda pair: pg_url(), 6, tmp_path) == []


@pytest.mark.slow
def test_thirty_pairs_of_writers_on_new_sqlite_stores_lose_nothing(tmp_path: Path) -> None:
    assert run_pairs(lambda pair: str(tmp_path / f"new{pair}.db"), 30, tmp_path) == []


def test_a_writer_waits_a_bounded_stated_time_for_the_lock_then_says_so(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import storyline.store.postgres as pg
    import storyline.store.sqlite as lite

    monkeypatch.setattr(lite, "BUSY_TIMEOUT_S", 1)
    monkeypatch.setattr(pg, "LOCK_TIMEOUT_S", 1)
    with open_store(store_url) as holder, open_store(store_url) as waiter, holder.transaction():
        holder.ensure_story("story-held", "held", "test")
        began = time.monotonic()
        with pytest.raises(StoreError, match="more than 1 s"), waiter.transaction():
            waiter.ensure_story("story-waiting", "waiting", "test")
        assert 0.5 < time.monotonic() - began < 20
    with open_store(store_url) as store, store.transaction():  # the lock is free again: writes go through
        store.ensure_story("story-after", "after", "test")
