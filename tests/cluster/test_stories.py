from __future__ import annotations

import random
from pathlib import Path

import cluster_corpus as corpus
import pytest
from cluster_corpus import SEEDS, Ingest, groups

from storyline.api import ingest
from storyline.cluster.stories import VERSION, assign, explain, recluster
from storyline.errors import UsageError
from storyline.options import Options
from storyline.records import Article
from storyline.store import Store, open_store

FICTION = {
    "border": corpus.BORDER_CANADA,
    "economy": corpus.ECONOMY,
    "wire": corpus.WIRE,
    "quake_a": corpus.QUAKE_A,
    "quake_a2": corpus.QUAKE_A2,
    "quake_b": corpus.QUAKE_B,
}


@pytest.mark.shared
def test_seed_reports_share_a_story_and_unrelated_reports_do_not(
    store: Store, options: Options, tmp_path: Path
) -> None:
    paths = [str(p) for p in sorted(SEEDS.glob("*.txt"))]
    paths += corpus.write(tmp_path / "fiction", {"border": corpus.BORDER_CANADA, "economy": corpus.ECONOMY})
    report = ingest(paths, store=store, options=options.replace(extract=True))
    assert not report.failed
    seeds = {a.id for a in report.ingested if "seeds" in (a.source or "")}
    others = {a.id for a in report.ingested} - seeds
    assert len(seeds) == 2 and len(others) == 2
    assert groups(store) == {frozenset(seeds), *(frozenset([o]) for o in others)}


def test_two_earthquakes_of_the_same_kind_stay_apart(store: Store, add: Ingest) -> None:
    ids = add({"quake_a": corpus.QUAKE_A, "quake_a2": corpus.QUAKE_A2, "quake_b": corpus.QUAKE_B})
    assert groups(store) == {frozenset([ids["quake_a"], ids["quake_a2"]]), frozenset([ids["quake_b"]])}


def test_wire_copy_is_marked_duplicate_of_the_original_and_joins_its_story(store: Store, add: Ingest) -> None:
    ids = add({"wire": corpus.WIRE, "economy": corpus.ECONOMY, "copy": corpus.WIRE_COPY})
    copy = store.article(ids["copy"])
    assert copy.duplicate_of == ids["wire"]
    assert store.article(ids["wire"]).duplicate_of is None
    assert store.story_of(ids["copy"]) == store.story_of(ids["wire"])
    assert store.story_why(ids["copy"])[1]["duplicate_of"] == ids["wire"]


def test_story_ids_come_from_the_first_article_and_why_is_stored(store: Store, add: Ingest) -> None:
    ids = add({"quake_a": corpus.QUAKE_A, "quake_a2": corpus.QUAKE_A2})
    story = store.story_of(ids["quake_a2"])
    assert story == "s-" + ids["quake_a"]
    assert store.story(story).title == "Magnitude 6.1 earthquake strikes Corvala province"
    rows = {r["article"]: r for r in explain(store, story)}
    second = rows[ids["quake_a2"]]
    assert second["similarity"] >= second["threshold"]
    assert "San Telmo" in second["shared_entities"] or "Medina" in second["shared_entities"]
    assert rows[ids["quake_a"]]["new_story"] is True
    assert second["version"] == VERSION


def test_recluster_gives_the_same_stories_whatever_the_ingest_order(tmp_path: Path) -> None:
    # the same groups and titles; ids may differ (each keeps the id its stories had before)
    results = []
    for seed in (1, 2, 3):
        names = list({**FICTION, "copy": corpus.WIRE_COPY})
        random.Random(seed).shuffle(names)
        texts = {n: {**FICTION, "copy": corpus.WIRE_COPY}[n] for n in names}
        paths = corpus.write(tmp_path / f"order{seed}", texts)
        with open_store(str(tmp_path / f"order{seed}.db")) as s:  # type: ignore[attr-defined]
            ingest(paths, store=s, options=Options(db=s.url, extract=False))
            recluster(s, Options(db=s.url))
            stories = {(row.title, frozenset(row.articles)) for row in s.stories(limit=100)}
            dups = {a.id: a.duplicate_of for a in s.articles()}
        results.append((stories, dups))
    assert results[0] == results[1] == results[2]


def test_recluster_keeps_story_ids(store: Store, add: Ingest, options: Options) -> None:
    ids = add(FICTION)
    before = {row.id: frozenset(row.articles) for row in store.stories(limit=100)}
    # stories named after an article other than their first, as ingest order can leave them
    quake = store.story_of(ids["quake_a"])
    assert quake and store.story_of(ids["quake_a2"]) == quake
    store.ensure_story("s-renamed", "renamed", VERSION)
    for article in before[quake]:
        store.set_story(article, "s-renamed", None, {})
    store.drop_empty_stories()
    before["s-renamed"] = before.pop(quake)
    recluster(store, options)
    assert {row.id: frozenset(row.articles) for row in store.stories(limit=100)} == before
    recluster(store, options)
    assert {row.id: frozenset(row.articles) for row in store.stories(limit=100)} == before


def test_recluster_of_a_fresh_store_names_stories_after_their_first_article(store: Store, add: Ingest) -> None:
    add(FICTION)
    store.clear_stories()
    recluster(store, Options(db=store.url))
    for row in store.stories(limit=100):
        first = min(row.articles, key=lambda a: (store.story_why(a)[1].get("date") or "~", a))
        assert row.id == "s-" + first


def test_merge_split_and_move_survive_recluster(store: Store, add: Ingest, options: Options) -> None:
    from storyline.cluster.stories import merge, move, split

    ids = add(FICTION)
    s_border, s_economy = store.story_of(ids["border"]), store.story_of(ids["economy"])
    assert s_border and s_economy and s_border != s_economy
    merged = merge(store, s_border, s_economy)
    assert store.story_of(ids["economy"]) == merged == s_border
    quake = store.story_of(ids["quake_a"])
    assert quake and store.story_of(ids["quake_a2"]) == quake
    new = split(store, quake, [ids["quake_a2"]])
    assert store.story_of(ids["quake_a2"]) == new != quake
    move(store, ids["wire"], merged)
    before = groups(store)
    recluster(store, options)
    assert groups(store) == before
    assert store.story_why(ids["wire"])[1]["decision"].startswith("moved from")


def test_merging_a_story_with_itself_is_an_error_and_changes_nothing(store: Store, add: Ingest) -> None:
    from storyline.cluster.stories import merge

    ids = add({"border": corpus.BORDER_CANADA, "economy": corpus.ECONOMY})
    story = store.story_of(ids["border"])
    assert story
    before = groups(store), store.decisions()
    with pytest.raises(UsageError, match="itself"):
        merge(store, story, story)
    assert (groups(store), store.decisions()) == before


def test_splitting_out_a_story_only_article_is_an_error_and_changes_nothing(store: Store, add: Ingest) -> None:
    from storyline.cluster.stories import split

    ids = add({"border": corpus.BORDER_CANADA})
    story = store.story_of(ids["border"])
    assert story
    with pytest.raises(UsageError, match="only article"):
        split(store, story, [ids["border"]])
    assert groups(store) == {frozenset([ids["border"]])} and store.decisions() == []


@pytest.mark.parametrize(
    ("body", "captions", "reason"),
    [
        ("", (), "empty body"),
        ("  ", ("Ferry at dawn. (Photo: fictional)",), "caption only"),
        ("Ferry at dawn. (Photo: fictional)", ("Ferry at dawn. (Photo: fictional)",), "caption only"),
    ],
)
def test_empty_or_caption_only_article_is_stored_but_not_clustered(
    store: Store, body: str, captions: tuple[str, ...], reason: str
) -> None:
    article, _ = store.add_article(Article(id="a1", body=body, captions=captions, content_hash="h1"))
    assert assign(store, article, Options(db=store.url)) is None
    assert store.story_of("a1") is None
    assert [(a, r.split(":")[0]) for a, r in store.unclustered()] == [("a1", reason)]
    recluster(store, Options(db=store.url))
    assert store.story_of("a1") is None and store.unclustered()[0][0] == "a1"


def test_stories_do_not_depend_on_the_extracted_entities(tmp_path: Path) -> None:
    # Names are read from the text: entity keys on top counted each name twice (ECB+ B3 0.974 -> 0.963)
    texts = {**FICTION, "copy": corpus.WIRE_COPY}
    paths = corpus.write(tmp_path / "in", texts)
    seen = []
    for extract in (False, True):
        with open_store(str(tmp_path / f"extract{extract}.db")) as s:  # type: ignore[attr-defined]
            report = ingest(paths, store=s, options=Options(db=s.url, extract=extract))
            assert not report.failed
            if extract:
                assert any(s.entity_keys(a.id) for a in report.ingested)
            seen.append({(a.source, s.story_why(a.id)[0]) for a in report.ingested} | {frozenset(groups(s))})
    assert seen[0] == seen[1]
