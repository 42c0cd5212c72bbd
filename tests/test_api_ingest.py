"""Ingest through the library: conflicting metadata is reported, never silently chosen."""

from __future__ import annotations

import json

from storyline import api
from storyline.options import Options
from storyline.store import open_store


def _jsonl(path, *records):
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return str(path)


def test_two_publication_dates_for_one_url_are_reported(tmp_path):
    url = "https://fictional-outlet.example/2031/ferry"
    first = {
        "title": "Ferry resumes",
        "outlet": "Fictional Courier",
        "published": "2031-03-13",
        "url": url,
        "body": "The fictional ferry between Alden and Kessel resumed service on Thursday after repairs.",
    }
    second = dict(
        first,
        published="2031-03-14",
        body="The fictional ferry between Alden and Kessel resumed service on Thursday after long repairs.",
    )
    options = Options(db=str(tmp_path / "s.db"))  # with extraction: facts stay with the stored text
    with open_store(options.db) as store:
        report = api.ingest(
            [_jsonl(tmp_path / "a.jsonl", first), _jsonl(tmp_path / "b.jsonl", second)], store=store, options=options
        )
        assert len(report.ingested) == 1 and len(report.present) == 1
        assert any("2031-03-14" in w and "2031-03-13" in w for w in report.warnings)
        ((kind, text),) = store.notices(report.ingested[0].id)
        assert kind == "conflicting-published" and "kept 2031-03-13" in text


def test_the_same_text_twice_in_one_batch_is_one_article_reported_present(tmp_path):
    body = "A fictional council approved the new harbour budget on Monday by seven votes to two."
    options = Options(db=str(tmp_path / "s.db"), extract=False)
    with open_store(options.db) as store:
        report = api.ingest(
            [_jsonl(tmp_path / "a.jsonl", {"body": body}, {"body": body})], store=store, options=options
        )
        assert (len(report.ingested), len(report.present), len(report.failed)) == (1, 1, 0)
        assert store.count_articles() == 1


def test_progress_hears_each_input_read_then_done_with_how_it_ended(tmp_path):
    records = [
        {"title": f"Ferry report {n}", "body": f"The fictional ferry to Alden ran {n} extra crossings on Monday."}
        for n in range(3)
    ]
    feed = _jsonl(tmp_path / "a.jsonl", *records, records[0])  # the last line repeats the first
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    heard: list[tuple[str, str]] = []
    options = Options(db=str(tmp_path / "s.db"), extract=False, cluster=False)
    report = api.ingest([feed, str(empty)], options=options, progress=lambda stage, label: heard.append((stage, label)))
    stages = [stage for stage, _ in heard]
    assert stages.count("read") == 5
    assert (stages.count("stored"), stages.count("present"), stages.count("failed")) == (3, 1, 1)
    assert len(report.ingested) == 3 and len(report.present) == 1 and len(report.failed) == 1
    first_done = min(i for i, s in enumerate(stages) if s != "read")
    assert stages[:first_done] == ["read"] * first_done  # what was read is heard before extraction
