"""Background document frequencies: combined with a store's own, remembered per store, built and read."""

from __future__ import annotations

import gzip
import math
from collections import Counter
from pathlib import Path

import pytest
from cluster_corpus import ECONOMY, QUAKE_A, QUAKE_B, WIRE, Ingest, groups

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


def _near_copy(text: str) -> str:
    return text.replace("Tuesday afternoon", "Tuesday evening")


def test_each_distinct_report_is_counted_once() -> None:
    tally = background.Tally()
    reports = [
        Article(id="w", body=WIRE, content_hash="w"),
        Article(id="w2", body=WIRE.upper(), content_hash="w2"),  # the same words: a copy
        Article(id="w3", body=_near_copy(WIRE), content_hash="w3"),  # one word changed: a near copy
        Article(id="w4", body=ECONOMY, content_hash="w4", duplicate_of="x"),  # ingest marked it a copy
        Article(id="e", body="", content_hash="e"),  # nothing to count
        Article(id="q", body=QUAKE_A, content_hash="q"),
    ]
    counted = [tally.add(a) for a in reports]
    assert counted == [True, False, False, False, False, True]
    assert (tally.n_docs, tally.copies, tally.unclusterable) == (2, 3, 1)
    assert tally.df[term_hash("w:ferry")] == 1 and tally.df[term_hash("w:earthquake")] == 1


def test_common_news_words_weigh_less_than_an_events_own_names() -> None:
    """The built-in background is counts of real news: words of any kind of report (a strike, a
    union, a court) are in many of its documents; the names of one (fictional) event in none."""
    bg = background.load("builtin")
    df, n = background.combine({}, 0, bg)
    idf = {
        w: math.log((n + 1) / (df.get(term_hash(w), 0) + 1)) for w in ("w:court", "w:police", "w:velmar", "w:bluetide")
    }
    assert max(idf["w:court"], idf["w:police"]) < 0.5 * min(idf["w:velmar"], idf["w:bluetide"])


def test_build_counts_files_and_a_store_into_a_file_a_store_then_uses(tmp_path: Path) -> None:
    from storyline import api
    from storyline.store import open_store

    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "ferry.txt").write_text(WIRE, encoding="utf-8")
    (folder / "ferry-copy.txt").write_text(_near_copy(WIRE), encoding="utf-8")
    (folder / "quake.txt").write_text(QUAKE_A, encoding="utf-8")
    archive = open_store(str(tmp_path / "archive.db"))
    try:
        (tmp_path / "rates.txt").write_text(ECONOMY, encoding="utf-8")
        api.ingest([str(tmp_path / "rates.txt")], store=archive, options=Options(extract=False))
        report = api.build_background(tmp_path / "bg.json.gz", [str(folder)], archive, Options(extract=False))
    finally:
        archive.close()
    assert (report.built.n_docs, report.built.copies, report.failed) == (3, 1, [])  # the stored one, two files, a copy
    assert report.warnings and "fewer than" in report.warnings[0]  # three reports are too few to matter
    info = api.background_info(str(tmp_path / "bg.json.gz"))
    assert info["n_docs"] == 3 and "a store's articles and 1 file path(s)" in info["note"]
    written = gzip.decompress((tmp_path / "bg.json.gz").read_bytes()).decode("utf-8")
    assert "ferry" not in written.lower() and "rates" not in written.lower()  # hashed counts, never text
    newsroom = open_store(str(tmp_path / "new.db"))
    try:
        used = background.of_store(newsroom, Options(story_background=str(tmp_path / "bg.json.gz")))
        assert used.n_docs == 3 and newsroom.get_meta(background.META_KEY) == str((tmp_path / "bg.json.gz").resolve())
    finally:
        newsroom.close()


def test_build_refuses_a_folder_that_does_not_exist_and_writes_nothing(tmp_path: Path) -> None:
    from storyline import api

    with pytest.raises(UsageError, match="no such file"):
        api.build_background(tmp_path / "bg.json.gz", [str(tmp_path / "missing")], None, Options())
    with pytest.raises(UsageError, match="no report to count"):
        api.build_background(tmp_path / "bg.json.gz", [], None, Options())
    assert not (tmp_path / "bg.json.gz").exists()
