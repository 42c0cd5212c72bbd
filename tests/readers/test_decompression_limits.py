"""Bytes are limited after decompression (#20 item 4): a small archive that inflates past
``max_bytes`` is refused with a clear error, in bounded memory, and what came before it is kept.

The pages are fictional (ingest_helpers.PAGE).
"""

from __future__ import annotations

import gzip
import resource
import zlib
from pathlib import Path

import httpx
from ingest_helpers import PAGE, articles, errors, gzip_members, read_all, warc_record

from storyline.options import Options
from storyline.readers.warc import gunzipped_size

LIMIT = 200_000


def _gzip_of_spaces(size: int) -> bytes:
    unzip = zlib.compressobj(9, zlib.DEFLATED, 31)
    return b"".join(unzip.compress(b" " * (1 << 20)) for _ in range(size >> 20)) + unzip.flush()


def _encoded_record(uri: str, body: bytes, encoding: str = "gzip") -> bytes:
    http = f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: {encoding}\r\n\r\n".encode() + body
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Target-URI: {uri}\r\nWARC-Date: 2031-04-05T12:00:00Z\r\nWARC-Record-ID: <urn:uuid:9>\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n"
    ).encode()
    return head + http + b"\r\n\r\n"


def test_a_gzip_encoded_payload_past_the_limit_is_refused_and_the_pages_before_kept(tmp_path: Path) -> None:
    path = tmp_path / "bomb.warc"
    bomb = _gzip_of_spaces(8 << 20)  # 8 MB of spaces in about 8 KB
    path.write_bytes(
        warc_record("https://gazette.example/ferry", PAGE.encode()) + _encoded_record("https://x.example/b", bomb)
    )
    items = read_all([path], Options(max_bytes=LIMIT))
    assert len(articles(items)) == 1
    (error,) = errors(items)
    assert "after decompression" in error.reason and error.source.startswith(f"{path}#2")


def test_a_payload_bomb_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "bomb.warc"
    path.write_bytes(_encoded_record("https://x.example/b", _gzip_of_spaces(128 << 20)))  # 128 MB in 130 KB
    read_all([tmp_path / "bomb.warc"], Options(max_bytes=LIMIT))  # imports and caches loaded once
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    (error,) = read_all([path], Options(max_bytes=LIMIT))
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert "after decompression" in error.reason
    assert grown_mb < 100  # never the 128 MB payload at once (main held it whole, several times over)


def test_a_gzip_encoded_payload_under_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "ok.warc"
    path.write_bytes(_encoded_record("https://gazette.example/ferry", gzip.compress(PAGE.encode())))
    (article,) = read_all([path], Options(max_bytes=LIMIT))
    assert "ferry line" in article.body


def test_a_warc_gz_that_inflates_past_the_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.warc.gz"
    records = [warc_record(f"https://gazette.example/{n}", PAGE.encode() + b" " * 50_000) for n in range(8)]
    path.write_bytes(gzip_members(*records))
    assert path.stat().st_size < LIMIT // 4
    (error,) = read_all([path], Options(max_bytes=LIMIT))
    assert "too large after decompression" in error.reason and f"{LIMIT:,}" in error.reason


def test_gunzipped_size_counts_every_member_and_stops_past_the_cap() -> None:
    data = gzip.compress(b"a" * 1000) + gzip.compress(b"b" * 500)
    assert gunzipped_size(data, 10_000) == 1500
    assert gunzipped_size(data, 1200) == 1201
    assert gunzipped_size(data[:-12], 10_000) <= 1500  # damaged: counts what it can, never raises


def test_other_compressed_files_are_refused_by_name(tmp_path: Path) -> None:
    import bz2
    import lzma

    for name, data in (("a.txt.bz2", bz2.compress(b"words " * 100)), ("a.txt.xz", lzma.compress(b"words " * 100))):
        (tmp_path / name).write_bytes(data)
        (error,) = read_all([tmp_path / name])
        assert "compressed" in error.reason and "decompress" in (error.fix or "")


def test_a_fetched_gzip_body_is_limited_after_decoding(mock_fetcher) -> None:
    body = _gzip_of_spaces(8 << 20)
    fetcher = mock_fetcher(
        {"https://gazette.example/big": httpx.Response(200, headers={"content-encoding": "gzip"}, content=body)},
        max_bytes=LIMIT,
    )
    from storyline.errors import InputError

    try:
        fetcher.get("https://gazette.example/big")
    except InputError as exc:
        assert "too large" in exc.reason
    else:
        raise AssertionError("an 8 MB body behind 8 KB of gzip was accepted under a 200 KB limit")
