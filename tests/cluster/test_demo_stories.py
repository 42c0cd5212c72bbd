"""Section 1 of tests/golden/demo_expectations.md: the FICTIONAL demo corpus makes exactly five
stories, through ingest (online, with regrouping) and again after ``recluster``. A small collection
is where nearest neighbours reach across stories: each article's few neighbours are half the store."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.api import ingest
from storyline.cluster.stories import recluster
from storyline.options import Options
from storyline.store import Store, open_store

DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo"
STORIES = {
    "A": {"vellan-courier_ostra-flood.txt", "harbourline_ostra-flood.html", "northwind-radio_feed.xml#2"},
    "B": {"meridian-press_kessel-crossing.txt", "eastgate-herald_kessel-crossing.html", "varrow-ledger.jsonl:1"},
    "C": {"vtn_rail-strike.txt", "northwind-radio_feed.xml#1", "varrow-ledger.jsonl:2"},
    "D1": {"harbourline_feldrin-flood-2023.html"},
    "D2": {"varrow-ledger.jsonl:3"},
}


def _stories(store: Store) -> set[frozenset[str]]:
    name = {a.id: Path(a.source or "").name for a in store.articles()}
    return {frozenset(name[a] for a in row.articles) for row in store.stories(limit=100)}


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    db = str(tmp_path_factory.mktemp("demo") / "demo.db")
    store = open_store(db)
    paths = [str(p) for p in sorted(DEMO.iterdir()) if p.name != "README.md"]
    report = ingest(paths, store=store, options=Options(db=db))
    assert not report.failed and len(report.ingested) == 11
    return store


def test_the_demo_makes_its_five_stories_online(demo_store: Store) -> None:
    assert _stories(demo_store) == {frozenset(s) for s in STORIES.values()}


def test_the_demo_makes_its_five_stories_after_recluster(demo_store: Store) -> None:
    recluster(demo_store, Options(db=demo_store.url))  # type: ignore[attr-defined]
    assert _stories(demo_store) == {frozenset(s) for s in STORIES.values()}
