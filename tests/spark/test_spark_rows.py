"""The Spark job's worker functions and rows, without a JVM. Every text here is fictional."""

from __future__ import annotations

import codecs
import gzip
import json

import pytest

from storyline.errors import InputError, UsageError
from storyline.options import Options
from storyline.records import Facts, Quote
from storyline.spark import offsets, rows, session, work

# Fictional report.
BODY = "Gullport council voted on Tuesday to build a second ferry pier, its chair said.\n"


def _warc_record(uri: str, payload: bytes) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + payload
    head = (
        f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2021-04-05T12:00:00Z\r\n"
        "WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n"
    ).encode()
    return head + http + b"\r\n\r\n"


@pytest.mark.parametrize(
    ("source", "record"),
    [("a.warc#3 (https://x.example/)", 3), ("/data/b.jsonl:12", 12), ("c.json[4]", 4), ("/data/d.txt", None)],
)
def test_an_error_row_names_the_record_line_or_item_it_came_from(source: str, record: int | None) -> None:
    row = rows.error_row(InputError(source, "broken", "fix it"))
    assert (row["source"], row["record"], row["reason"], row["fix"]) == (source, record, "broken", "fix it")
    assert row["offset"] is None  # no bytes given, no byte offset


def test_a_jsonl_file_gives_one_article_per_good_line_and_an_error_row_per_bad_one() -> None:
    data = (json.dumps({"body": BODY, "published": "2021-04-06"}) + "\n{not json\n").encode()
    out = list(work.read_file("file:/in/feed.jsonl", data, len(data), Options()))
    assert [t for t, _ in out] == ["read", "errors"]
    article, error = json.loads(out[0][1]), json.loads(out[1][1])
    assert article["source"] == "/in/feed.jsonl:1" and article["_order"] == ["/in/feed.jsonl", 0]
    assert error["source"] == "/in/feed.jsonl:2" and error["record"] == 2 and "not valid JSON" in error["reason"]
    assert error["offset"] == data.index(b"{not json")  # the bad line's first byte


def test_a_warc_cut_short_keeps_the_records_before_the_cut() -> None:
    page = f"<html><head><title>Pier</title></head><body><article><p>{BODY * 3}</p></article></body></html>"
    whole = _warc_record("https://gazette.example/pier", page.encode())
    data = whole + _warc_record("https://gazette.example/cut", page.encode())[:-200]
    out = list(work.read_file("file:/in/crawl.warc", data, len(data), Options()))
    assert [t for t, _ in out] == ["read", "errors"]
    error = json.loads(out[1][1])
    assert error["record"] == 2 and "truncated" in error["reason"]
    assert error["offset"] == len(whole)  # the cut record starts where the first one ended


def test_byte_offsets_of_lines_count_bytes_not_characters() -> None:
    lines = ['{"body": "Café à Gullport, où le conseil a voté."}', "{not json", "[1, 2]"]  # fictional
    data = ("\n".join(lines) + "\n").encode("utf-8")
    starts = [data.index(line.encode("utf-8")) for line in lines]
    assert [offsets.jsonl_line(data, n) for n in (1, 2, 3)] == starts
    wide = codecs.BOM_UTF16_LE + ("\n".join(lines) + "\n").encode("utf-16-le")
    assert offsets.jsonl_line(wide, 2) == 2 + 2 * (len(lines[0]) + 1)
    assert offsets.jsonl_line(data, 9) is None


def test_byte_offset_of_a_json_array_item() -> None:
    data = '[{"body": "Pier vote in Gullport."},\n  7, {"body": "Ferry café"}]'.encode()  # fictional
    assert offsets.json_item(data, 2) == data.index(b"7")
    assert offsets.json_item(data, 3) == data.index(b'{"body": "Ferry')
    assert offsets.json_item(data, 4) is None


@pytest.mark.parametrize("compressed", [False, True])
def test_byte_offset_of_a_damaged_warc_record_is_where_it_starts_in_the_file(compressed: bool) -> None:
    page = f"<html><head><title>Pier</title></head><body><article><p>{BODY * 3}</p></article></body></html>"
    records = [_warc_record(f"https://gazette.example/{k}", page.encode()) for k in range(2)]
    if compressed:
        records = [gzip.compress(r) for r in records]
    data = b"".join(records) + b"not a WARC record at all\r\n\r\n"
    assert offsets.warc_record(data, 2) == len(records[0])
    assert offsets.warc_record(data, 3) == len(records[0]) + len(records[1])  # the record that would not read
    out = list(work.read_file("file:/in/crawl.warc", data, len(data), Options()))
    error = next(json.loads(t) for k, t in out if k == "errors")
    assert (error["record"], error["offset"]) == (3, len(records[0]) + len(records[1]))


def test_a_file_over_max_bytes_is_an_error_row_without_being_read() -> None:
    (table, text), *rest = list(work.read_file("file:/in/big.txt", None, 50, Options(max_bytes=10)))
    assert table == "errors" and not rest and "too large" in json.loads(text)["reason"]


def test_a_folder_read_passes_over_its_readme_but_not_a_readme_named_itself() -> None:
    assert not work.wanted("file:/in/README.md", set())
    assert work.wanted("file:/in/README.md", {"/in/README.md"})
    assert work.wanted("file:/in/story.txt", set())


def test_fact_rows_keep_the_extraction_order_through_a_round_trip() -> None:
    from storyline.readers import new_article

    article = new_article(BODY, published="2021-04-06", source="x.txt")
    quotes = tuple(
        Quote(id=f"q{n}", article=article.id, start=n, end=n + 1, text=BODY[n], direct=True) for n in (5, 0, 3)
    )
    facts = Facts(article=article.id, quotes=quotes, warnings=("w",))
    out = list(rows.fact_rows(article, facts, "v1"))
    assert [t for t, _ in out] == ["articles", "quotes", "quotes", "quotes"]
    parsed = [json.loads(r) for _, r in out]
    assert {r["day"] for r in parsed} == {"2021-04-06"}
    back = rows.facts_of(parsed[0], {"quotes": list(reversed(parsed[1:]))})
    assert back == facts and rows.article_of(parsed[0]) == article


def test_every_table_has_the_columns_of_its_record_and_a_day() -> None:
    assert set(rows.columns(Quote)) <= set(rows.table_columns("quotes"))
    assert list(rows.table_columns("errors")) == ["source", "record", "offset", "reason", "fix"]
    assert all("day" in rows.table_columns(t) for t in rows.TABLES if t != "errors")


def test_missing_java_is_a_usage_error_that_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(session, "java", lambda: None)
    pytest.importorskip("pyspark", reason="pyspark is not installed: the pyspark check comes first")
    with pytest.raises(UsageError, match="install Java"):
        session.check()


def test_spark_ingest_without_java_exits_2_naming_java(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    from click.testing import CliRunner

    from storyline.cli import main

    pytest.importorskip("pyspark", reason="pyspark is not installed: the pyspark check comes first")
    monkeypatch.setattr(session, "java", lambda: None)
    result = CliRunner().invoke(main, ["spark", "ingest", str(tmp_path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2 and "install Java" in result.output


def test_python_m_storyline_spark_offers_ingest_and_load() -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "storyline.spark", "--help"], capture_output=True, text=True)
    assert done.returncode == 0 and "ingest" in done.stdout and "load" in done.stdout
