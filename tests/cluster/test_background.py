"""Background document frequencies: combined with a store's own, remembered per store, built and read."""

from __future__ import annotations

import gzip
import math
from collections import Counter
from pathlib import Path

import pytest
from cluster_corpus import QUAKE_A, QUAKE_B, Ingest, groups

from storyline.cluster import background
from storyline.cluster.features import features, term_hash
from storyline.cluster.state import vector
from storyline.cluster.stories import recluster
from storyline.errors import UsageError
from storyline.eval.ecb import leave_out
from storyline.options import Options
from storyline.records import Article
from storyline.store import Store

TEXT = "The council voted on the harbour levy. Councillor Ames said the levy would pass."


def _file(tmp_path: Path, df: dict[int, int], n: int, name: str = "bg.json.gz") -> str:
    path = tmp_path / name
    background.save(path, df, n, "test")
    return str(path)


def test_combine_adds_the_background_to_the_stores_counts() -> None:
    bg = background.Background({1: 5, 2: 3}, 10, "t")
    df, n = background.combine({1: 2, 7: 1}, 4, bg)
    assert n == 14
    assert (df.get(1, 0), df.get(2, 0), df.get(7, 0), df.get(99, 0)) == (7, 3, 1, 0)
    assert dict(df) == {1: 7, 7: 1, 2: 3}
    assert background.combine({1: 2}, 4, background.NONE) == ({1: 2}, 4)


def test_a_word_common_in_the_background_weighs_less_than_a_rare_one(store: Store, tmp_path: Path) -> None:
    f = features(Article(id="a1", body=TEXT, content_hash="h1"))
    levy, harbour = term_hash("w:levy"), term_hash("w:harbour")
    store.set_meta(background.META_KEY, "none")
    plain = vector(store, f)
    store.set_meta(background.META_KEY, _file(tmp_path, {levy: 90, harbour: 2}, 100))
    backed = vector(store, f)
    assert plain[levy] > plain[harbour]  # said twice, once: the same idf in an empty store
    assert backed[levy] < backed[harbour]  # in 90 of 100 other reports against 2


def test_a_word_in_most_of_the_stores_reports_stays_cheap_however_rare_elsewhere() -> None:
    bg = background.Background({}, 1000, "t")
    df, n = background.combine({1: 8, 2: 1}, 8, bg)  # a local paper: its town in all 8 reports
    town, rare = math.log((n + 1) / (df.get(1, 0) + 1)), math.log((n + 1) / (df.get(2, 0) + 1))
    assert town < math.log(1 / background.OWN_SHARE) + 0.01 < rare


def test_a_store_keeps_the_background_it_was_first_clustered_with(store: Store, add: Ingest, tmp_path: Path) -> None:
    ids = add({"quake_a": QUAKE_A, "quake_b": QUAKE_B})  # online assignment names the default
    assert store.get_meta(background.META_KEY) == "builtin"
    recluster(store, Options(db=store.url, story_background="none"))  # recluster names its own
    assert store.get_meta(background.META_KEY) == "none"
    assert groups(store) == {frozenset([ids["quake_a"]]), frozenset([ids["quake_b"]])}


def test_a_background_file_round_trips_without_rare_terms_and_with_stable_bytes(tmp_path: Path) -> None:
    df = Counter({11: 4, 12: 1, 13: 2})
    first = _file(tmp_path, df, 6, "a.json.gz")
    second = _file(tmp_path, df, 6, "b.json.gz")
    assert Path(first).read_bytes() == Path(second).read_bytes()
    loaded = background.load(first)
    assert (dict(loaded.df), loaded.n_docs) == ({11: 4, 13: 2}, 6)
    assert loaded.name == str(Path(first).resolve())  # what a store remembers, from any directory


def test_the_builtin_background_is_counts_of_many_documents() -> None:
    bg = background.load("builtin")
    assert bg.n_docs >= 500 and len(bg.df) > 5000
    assert bg.df[term_hash("w:police")] > bg.df.get(term_hash("w:earthquake"), 0) > 0


@pytest.mark.parametrize("content", [b"not gzip at all", gzip.compress(b'{"terms": [1]}')])
def test_an_unreadable_background_is_a_clear_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "broken.json.gz"
    path.write_bytes(content)
    with pytest.raises(UsageError, match="not a readable background file"):
        background.load(str(path))
    with pytest.raises(UsageError, match="not a readable background file"):
        background.load(str(tmp_path / "missing.json.gz"))


def test_leave_out_counts_only_the_topics_outside_the_collection(tmp_path: Path) -> None:
    counts = {"1": (Counter({5: 3}), 3), "2": (Counter({5: 2, 6: 2}), 4), "3": (Counter({6: 9}), 9)}
    picked = leave_out(Options(), counts, {"3"}, tmp_path)
    bg = background.load(picked.story_background)
    assert (dict(bg.df), bg.n_docs) == ({5: 5, 6: 2}, 7)


def test_an_unreadable_background_leaves_a_new_store_unnamed(store: Store, tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        background.of_store(store, Options(story_background=str(tmp_path / "missing.json.gz")))
    assert store.get_meta(background.META_KEY) is None
    assert background.of_store(store, Options(story_background="none")) is background.NONE
    assert store.get_meta(background.META_KEY) == "none"


def test_count_takes_each_term_once_per_document_and_skips_what_cannot_be_clustered() -> None:
    articles = [
        Article(id="a", body=TEXT, content_hash="a"),
        Article(id="b", body="The levy vote was delayed.", content_hash="b"),
        Article(id="c", body="", content_hash="c"),  # empty body: not counted
    ]
    df, n = background.count(articles)
    assert n == 2
    assert df[term_hash("w:levy")] == 2 and df[term_hash("w:harbour")] == 1
