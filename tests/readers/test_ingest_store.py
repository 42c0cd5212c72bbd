"""Ingest into the store through storyline.api.ingest: idempotence and batches with bad inputs."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from ingest_helpers import PAGE, SEEDS

from storyline.api import ingest
from storyline.options import Options
from storyline.store import open_store

DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo"
STORY = "date 2021-04-02 GULLPORT (Gazette) — The council met on Tuesday to vote on the ferry line.\n"


def _options(tmp_path: Path) -> Options:
    return Options(db=str(tmp_path / "s.db"), extract=False, cluster=False)


def test_same_report_twice_is_one_article_and_the_second_time_present(tmp_path: Path) -> None:
    options = _options(tmp_path)
    report = str(DEMO / "vellan-courier_ostra-flood.txt")  # fictional
    first = ingest([report], options=options)
    second = ingest([report], options=options)
    assert (len(first.ingested), len(first.present), first.failed) == (1, 0, [])
    assert (len(second.ingested), len(second.present), second.failed) == (0, 1, [])
    assert second.present[0].id == first.ingested[0].id
    with open_store(options.db) as store:  # type: ignore[attr-defined]
        assert store.count_articles() == 1


@pytest.mark.shared
def test_both_seeds_are_stored_with_their_metadata(tmp_path: Path) -> None:
    options = _options(tmp_path)
    report = ingest([str(SEEDS)], options=options)
    assert report.ok and len(report.ingested) == 2
    with open_store(options.db) as store:  # type: ignore[attr-defined]
        stored = {a.outlet: a for a in store.articles()}
    assert stored["NewsNation"].published == "2023-12-28" and stored["CNN"].dateline == "Washington"
    assert stored["CNN"].credits == ("REUTERS/Raquel Cunha",)


def test_same_text_in_two_files_of_one_batch_is_stored_once(tmp_path: Path) -> None:
    options = _options(tmp_path)
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "b.txt").write_text(STORY.replace("met on", "met  on"), encoding="utf-8")  # whitespace only
    report = ingest([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")], options=options)
    assert len(report.ingested) == 1
    with open_store(options.db) as store:  # type: ignore[attr-defined]
        assert store.count_articles() == 1


def test_every_bad_input_fails_and_the_good_ones_are_stored(tmp_path: Path) -> None:
    options = _options(tmp_path)
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.bin").write_bytes(bytes(range(256)) * 8)
    (corpus / "latin1.txt").write_bytes("The café reopened on Friday, said Renée Dubois.".encode("latin-1"))
    (corpus / "utf16.txt").write_text("The ferry runs again, officials said.", encoding="utf-16")
    (corpus / "menu.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>", encoding="utf-8")
    (corpus / "broken.rss").write_text("not xml at all", encoding="utf-8")
    warc = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 5000\r\n\r\nHTTP/1.1 200 OK\r\n"
    (corpus / "cut.warc").write_bytes(warc)
    with open(corpus / "huge.txt", "wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    (corpus / "good.txt").write_text(STORY, encoding="utf-8")
    (corpus / "page.html").write_text(PAGE, encoding="utf-8")
    transport = httpx.MockTransport(lambda request: (_ for _ in ()).throw(httpx.ConnectError("refused")))
    report = ingest([str(corpus), "https://93.184.216.34/gone"], options=options, fetcher=transport)
    failed = sorted(Path(e.source.split("#")[0]).name for e in report.failed)
    assert failed == ["binary.bin", "broken.rss", "cut.warc", "empty.txt", "gone", "huge.txt", "menu.html"]
    assert sorted(Path(a.source or "").name for a in report.ingested) == [
        "good.txt",
        "latin1.txt",
        "page.html",
        "utf16.txt",
    ]
    with open_store(options.db) as store:  # type: ignore[attr-defined]
        assert store.count_articles() == 4


def test_ingesting_the_demo_folder_twice_adds_nothing(tmp_path: Path) -> None:
    options = _options(tmp_path)
    demo = str(Path(__file__).resolve().parents[2] / "examples" / "demo")
    first = ingest([demo], options=options)
    second = ingest([demo], options=options)
    assert (len(first.ingested), first.failed) == (11, [])
    assert (len(second.ingested), len(second.present), second.failed) == (0, 11, [])
