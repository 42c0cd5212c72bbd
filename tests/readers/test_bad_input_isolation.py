"""One bad input never costs the batch (#20 item 1): each trigger below once aborted a whole
ingest; now it is one failure or warning and the six good inputs beside it are stored.

Every text here is fictional, written for these tests.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline import api
from storyline.options import Options
from storyline.readers import read_sources
from storyline.store import open_store

LINE = "The fictional town council of Northbrook approved bridge number {n} on Monday, the mayor said."


def _good(folder: Path) -> None:
    for n in range(1, 7):
        text = f"date 2031-03-0{n}\ntitle Fictional bridge {n}\noutlet Fictional Daily\n\n{LINE.format(n=n)}\n"
        (folder / f"good{n}.txt").write_text(text, encoding="utf-8")


BODY = b"The fictional council of Eastham met on Monday and talked about roads \xe9 and bridges for hours."
PAGE = (
    b"<html><head><meta charset='%s'><title>Roads</title></head><body><article><p>"
    + BODY
    + b"</p></article></body></html>"
)


def _warc(charset: bytes) -> bytes:
    payload = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=" + charset + b"\r\n\r\n" + PAGE % b"utf-8"
    head = (
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://fictional.example/a\r\n"
        b"WARC-Date: 2031-01-01T00:00:00Z\r\nWARC-Record-ID: <urn:uuid:1>\r\n"
        b"Content-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n"
    )
    return head % len(payload) + payload + b"\r\n\r\n"


def _rss(pub: bytes, encoding: bytes = b"utf-8") -> bytes:
    return (
        b'<?xml version="1.0" encoding="' + encoding + b'"?><rss version="2.0"><channel><title>Fictional Post</title>'
        b"<item><title>Roads</title><pubDate>" + pub + b"</pubDate><description>" + BODY + b"</description></item>"
        b"</channel></rss>"
    )


def _line(**fields: object) -> bytes:
    return json.dumps({"body": BODY.decode("latin-1"), **fields}).encode() + b"\n"


TRIGGERS: dict[str, bytes] = {
    **{f"meta-{c}.html": PAGE % c.encode() for c in ("base64", "rot13", "hex", "zlib", "uu", "undefined", "idna")},
    **{f"xml-{c}.rss": _rss(b"Mon, 03 Mar 2031 10:00:00 GMT", c.encode()) for c in ("hex", "base64", "undefined")},
    **{f"warc-{c}.warc": _warc(c.encode()) for c in ("uu", "rot13", "undefined")},
    "pubdate-huge.rss": _rss(b"9999999999999999999999"),
    "pubdate-year-1.rss": _rss(b"Mon, 01 Jan 0001 00:00:00 GMT"),
    "pubdate-9999.jsonl": _line(published="9999-12-31"),
    "pubdate-0001.jsonl": _line(published="0001-01-01"),
    "surrogate.jsonl": (
        b'{"body": "The fictional council met \\ud800 on Monday to talk about the roads.", "title": "\\udfff"}\n'
    ),
    "bad-url.jsonl": _line(url="http://[oops"),
    "bad-url-html.jsonl": json.dumps({"html": (PAGE % b"utf-8").decode("latin-1"), "url": "http://[oops"}).encode(),
    "bigint.jsonl": b'{"body": "x", "n": ' + b"7" * 5000 + b"}\n",
    "deep.jsonl": b"[" * 100_000 + b"]" * 100_000 + b"\n",
}


@pytest.mark.parametrize("name", sorted(TRIGGERS))
def test_one_bad_input_beside_six_good_ones_leaves_the_six_stored(tmp_path, name):
    folder = tmp_path / "in"
    folder.mkdir()
    _good(folder)
    (folder / name).write_bytes(TRIGGERS[name])
    options = Options(db=str(tmp_path / "s.db"), extract=False)
    with open_store(options.db) as store:
        report = api.ingest([str(folder)], store=store, options=options)
        stored = {a.source for a in report.ingested}
        assert {str(folder / f"good{n}.txt") for n in range(1, 7)} <= stored
        assert len(report.failed) <= 1  # the bad input: stored with a warning, or one clear failure
        assert store.count_articles() == len(report.ingested)


def test_dates_at_the_calendar_ends_are_left_empty_with_a_warning(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_bytes(_line(published="9999-12-31") + _line(published="0001-01-01", title="Other"))
    articles = list(read_sources([str(path)], Options()))
    assert [a.published for a in articles] == [None, None]
    assert all(any("9999" in w or "0001" in w for w in a.warnings) for a in articles)


def test_lone_surrogates_are_replaced_and_said(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_bytes(TRIGGERS["surrogate.jsonl"])
    (article,) = read_sources([str(path)], Options())
    assert "\ufffd" in article.body and "\ud800" not in article.body
    assert any("surrogate" in w for w in article.warnings)


def test_a_broken_url_is_dropped_with_a_warning(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_bytes(_line(url="http://[oops"))
    (article,) = read_sources([str(path)], Options())
    assert article.url is None and any("oops" in w for w in article.warnings)


def test_a_reader_that_raises_costs_only_its_input(tmp_path, monkeypatch):
    import storyline.readers.sources as sources

    folder = tmp_path / "in"
    folder.mkdir()
    _good(folder)
    (folder / "boom.html").write_bytes(PAGE % b"utf-8")

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a library surprise")

    monkeypatch.setattr(sources, "parse_html", boom)
    options = Options(db=str(tmp_path / "s.db"), extract=False)
    report = api.ingest([str(folder)], options=options)
    assert len(report.ingested) == 6
    (failure,) = report.failed
    assert failure.source.endswith("boom.html") and "RuntimeError" in failure.reason


def test_an_extraction_or_store_failure_costs_only_its_article(tmp_path, monkeypatch):
    import storyline.extractors.pipeline as pipeline

    folder = tmp_path / "in"
    folder.mkdir()
    _good(folder)
    real = pipeline.extract_articles

    def picky(articles, options=None):
        if any("number 3 " in a.body for a in articles):
            raise ValueError("extractor surprise")
        return real(articles, options)

    monkeypatch.setattr(pipeline, "extract_articles", picky)
    options = Options(db=str(tmp_path / "s.db"))
    report = api.ingest([str(folder)], options=options)
    assert len(report.ingested) == 5
    (failure,) = report.failed
    assert failure.source.endswith("good3.txt") and "extraction failed" in failure.reason
