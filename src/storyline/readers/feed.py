"""RSS and Atom feeds through feedparser: one article per entry.

- Without ``options.fetch`` the entry's ``content`` (else its ``summary``) is the text.
- With ``options.fetch`` the entry's link is fetched and extracted as HTML; the entry's title,
  date and author fill in what the page lacks. A failed fetch is an ``InputError`` for that
  entry (the summary is not silently used instead: it would be a different, shorter article).
- The outlet is the feed's title without a section suffix (``Northwind Radio - News`` →
  ``Northwind Radio``); the URL is the entry's link; the date its published
  (else updated) date.
- A document that is not XML, or XML with no RSS/Atom entries, is an ``InputError``; so is each
  entry with neither text nor a link to fetch. Other entries of the same feed are still read.

An entry's ``source`` is ``<feed>#<n>`` (n counts entries from 1).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

import feedparser

from ..errors import InputError
from ..options import Options
from ..records import Article
from .article import Meta, finish
from .decode import decode
from .fetch import Fetcher
from .html import fragment_text, parse_html

_FIX = "pass an RSS or Atom feed (XML)"
_SECTION = re.compile(r"\s+[-–—|:>»]\s+")


def parse_feed(
    data: bytes, source: str, options: Options, fetcher: Fetcher | None = None
) -> Iterator[Article | InputError]:
    try:
        parsed = feedparser.parse(io.BytesIO(data), sanitize_html=True, resolve_relative_uris=False)
    except Exception as exc:  # feedparser is lenient, but its parsers can still raise on odd bytes: report it
        yield InputError(source, f"feed could not be parsed ({type(exc).__name__}: {exc})", _FIX)
        return
    entries: list[Any] = list(parsed.entries)
    if parsed.get("bozo") and not entries:
        yield InputError(source, f"not an XML feed ({parsed.get('bozo_exception')})", _FIX)
        return
    if not parsed.get("version") and not entries:
        yield InputError(source, "XML but not an RSS/Atom feed", _FIX)
        return
    if not entries:
        yield InputError(source, "feed has no entries", "nothing to ingest; check the feed address")
        return
    outlet = site_name(parsed.feed.get("title"))
    warnings = (
        [f"feed is not well-formed XML ({parsed.get('bozo_exception')}); read what could be read"]
        if parsed.get("bozo")
        else []
    )
    for n, entry in enumerate(entries, 1):
        name = f"{source}#{n}"
        meta = Meta(
            source=name,
            format="feed",
            title=entry.get("title"),
            outlet=outlet,
            # asking for updated_parsed when the entry has none warns (feedparser maps it to published)
            published=entry.get("published_parsed") or (entry.get("updated_parsed") if "updated" in entry else None),
            url=entry.get("link"),
            author=entry.get("author"),
            warnings=list(warnings),
        )
        try:
            if options.fetch:
                yield _fetched(entry, meta, fetcher)
            else:
                yield finish(_entry_text(entry, name), meta)
        except InputError as exc:
            yield exc


def site_name(feed_title: str | None) -> str | None:
    """``Northwind Radio - News`` → ``Northwind Radio``: the part before a section suffix."""
    if not feed_title:
        return None
    return _SECTION.split(feed_title.strip(), maxsplit=1)[0].strip() or None


def _entry_text(entry: Any, name: str) -> str:
    for item in entry.get("content") or []:
        text = fragment_text(item.get("value") or "")
        if text.strip():
            return text
    text = fragment_text(entry.get("summary") or "")
    if not text.strip():
        raise InputError(name, "feed entry has no content or summary", "ingest with --fetch to read the linked page")
    return text


def _fetched(entry: Any, meta: Meta, fetcher: Fetcher | None) -> Article:
    link = entry.get("link")
    if not link:
        raise InputError(meta.source, "feed entry has no link to fetch", "ingest without --fetch to use its summary")
    if fetcher is None:
        raise InputError(meta.source, "fetch requested but no fetcher given", "pass a Fetcher")
    try:
        page = fetcher.get(link)
    except InputError as exc:
        raise InputError(meta.source, f"fetching {link}: {exc.reason}", exc.fix) from exc
    html, warnings = decode(page.content, f"{meta.source} ({link})", page.content_type)
    meta.url = page.url
    return parse_html(html, meta.source, url=page.url, warnings=warnings, fmt="feed", fallback=meta)
