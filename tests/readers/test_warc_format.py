"""WARC files (all pages fictional)."""

from __future__ import annotations

from pathlib import Path

from ingest_helpers import PAGE, articles, errors, gzip_members, read_all, warc_record

OTHER = PAGE.replace("ferry line", "bridge repair").replace("7-2", "6-3").replace("400 passengers", "90 cars")


def _records() -> list[bytes]:
    return [
        warc_record("https://gazette.example/ferry", PAGE.encode()),
        warc_record("https://gazette.example/logo.png", b"\x89PNG....", content_type="image/png"),
        warc_record("https://gazette.example/old", b"", status="301 Moved Permanently"),
        warc_record("https://gazette.example/bridge", OTHER.encode()),
    ]


def test_html_response_records_become_articles(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    path.write_bytes(b"".join(_records()))
    items = read_all([path])
    assert errors(items) == []
    ferry, bridge = articles(items)
    assert (ferry.url, ferry.format, ferry.source) == ("https://gazette.example/2021/ferry-line", "warc", f"{path}#1")
    assert "bridge repair" in (bridge.title or "").lower() and bridge.source == f"{path}#4"
    assert ferry.published == "2021-04-02"  # from the page, not the WARC-Date capture time


def test_gzipped_warc_is_read(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(gzip_members(*_records()))
    assert len(articles(read_all([path]))) == 2


def test_truncated_warc_keeps_the_records_before_the_cut(tmp_path: Path) -> None:
    data = b"".join(_records())
    path = tmp_path / "cut.warc"
    path.write_bytes(data[: len(data) - 900])
    items = read_all([path])
    assert len(articles(items)) == 1
    [error] = errors(items)
    assert error.source.startswith(f"{path}#4") and "truncated" in error.reason


def test_warc_cut_inside_a_header_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "cut.warc"
    path.write_bytes(_records()[0][:60])
    [error] = read_all([path])
    assert isinstance(error, Exception) and "WARC" in error.reason


def test_warc_without_html_pages_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "images.warc"
    path.write_bytes(_records()[1])
    [error] = read_all([path])
    assert isinstance(error, Exception) and "no HTML pages" in error.reason
