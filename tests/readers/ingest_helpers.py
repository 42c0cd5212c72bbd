"""Helpers for the ingest tests. Every article text in tests/ingest is fictional, written for these tests."""

from __future__ import annotations

import gzip
from pathlib import Path

from storyline.errors import InputError
from storyline.options import Options
from storyline.readers import read_sources
from storyline.records import Article

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"

# Fictional page: the town, outlet, people and events are invented.
PAGE = """<!doctype html><html><head><title>Harbor council approves ferry line | Gullport Gazette</title>
<meta property="og:title" content="Harbor council approves ferry line">
<meta property="og:site_name" content="Gullport Gazette">
<meta name="author" content="Mira Tolland">
<meta property="article:published_time" content="2021-04-02T10:00:00Z">
<link rel="canonical" href="https://gazette.example/2021/ferry-line">
</head><body><nav><a href="/">Home</a> <a href="/sports">Sports</a> <a href="/weather">Weather</a></nav>
<article><h1>Harbor council approves ferry line</h1>
<figure><img src="pier.jpg"><figcaption>Ferries wait at the pier on Monday, March 3, 2019, in Pelican Point.
(Gazette Photo/Ana Reyes)</figcaption></figure>
<p>GULLPORT (Gazette) — The harbor council voted 7-2 on Tuesday to approve a new ferry line between Gullport
and the outer islands, officials said.</p>
<p>The line will carry up to 400 passengers a day starting in June, according to the council's transport office.</p>
<p>“This is a good day for the islands,” said council chair Ben Okafor.</p>
</article><footer>Copyright Gullport Gazette</footer></body></html>"""

# Fictional feed items.
RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Gullport Gazette</title><link>https://gazette.example/</link>
<description>Fictional test feed</description>
<item><title>Ferry line approved</title><link>https://gazette.example/2021/ferry-line</link>
<pubDate>Fri, 02 Apr 2021 10:00:00 GMT</pubDate>
<description>&lt;p&gt;GULLPORT (Gazette) &#8212; The harbor council voted 7-2 on Tuesday to approve a ferry line.
&lt;/p&gt;
&lt;p&gt;The line opens in June.&lt;/p&gt;</description></item>
<item><title>Library reopens</title><link>https://gazette.example/2021/library</link>
<pubDate>Sat, 03 Apr 2021 09:00:00 GMT</pubDate>
<description>The Gullport library reopened on Saturday after a two-year renovation, its director said.
</description></item>
<item><title>Empty entry</title><link>https://gazette.example/2021/empty</link></item>
</channel></rss>"""


def warc_record(
    uri: str, payload: bytes, content_type: str = "text/html; charset=utf-8", status: str = "200 OK"
) -> bytes:
    """One WARC/1.0 response record, written by hand so the test controls every byte."""
    http = f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n\r\n".encode() + payload
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Target-URI: {uri}\r\nWARC-Date: 2021-04-05T12:00:00Z\r\n"
        f"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{abs(hash(uri)) % 10**12:012d}>\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http)}\r\n\r\n"
    ).encode()
    return head + http + b"\r\n\r\n"


def gzip_members(*records: bytes) -> bytes:
    return b"".join(gzip.compress(r) for r in records)


def read_all(
    sources: list[str | Path], options: Options | None = None, fetcher: object = None
) -> list[Article | InputError]:
    return list(read_sources([str(s) for s in sources], options or Options(), fetcher=fetcher))  # type: ignore[arg-type]


def articles(items: list[Article | InputError]) -> list[Article]:
    return [i for i in items if isinstance(i, Article)]


def errors(items: list[Article | InputError]) -> list[InputError]:
    return [i for i in items if isinstance(i, InputError)]


def public_resolver(host: str) -> list[str]:
    """Every host is public except the ones named for private ranges (no DNS in tests)."""
    return {"intranet.example": ["10.1.2.3"], "localhost": ["127.0.0.1"], "meta.example": ["169.254.169.254"]}.get(
        host, ["93.184.216.34"]
    )
