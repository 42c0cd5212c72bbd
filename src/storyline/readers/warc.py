"""WARC files (plain or gzip) through warcio: each HTML response record is one page.

- Read: ``response`` records with a 2xx HTTP status and an HTML content type, and ``resource``
  records with an HTML content type. Other records (requests, metadata, images, redirects,
  errors) hold no report and are passed over; a WARC with no HTML record at all is an
  ``InputError``.
- The URL is ``WARC-Target-URI``. The capture date (``WARC-Date``) is *not* the publication date:
  the page's own metadata gives that, else it stays empty.
- A record cut short (fewer bytes than its ``Content-Length``) or a damaged header is an
  ``InputError`` naming the record; the records before it are still ingested.

A record's ``source`` is ``<file>#<n>`` (n counts records from 1).
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from warcio.archiveiterator import ArchiveIterator

from ..errors import InputError
from ..records import Article
from .decode import decode
from .html import parse_html

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_FIX = "the file may be truncated or damaged; re-download or re-crawl it"


def parse_warc(data: bytes, source: str) -> Iterator[Article | InputError]:
    pages = 0
    records = _Records(data, source)
    for n, item in enumerate(records, 1):
        if isinstance(item, InputError):
            yield item
            return
        if item is None:
            continue
        pages += 1
        payload, uri, content_type = item
        yield _page(payload, f"{source}#{n}", uri, content_type)
    if records.count == 0:
        yield InputError(source, "WARC holds no records", _FIX)
    elif pages == 0:
        yield InputError(source, f"WARC holds no HTML pages ({records.count} records)", "nothing to ingest")


Page = tuple[bytes, str | None, str | None]  # payload, target URI, HTTP Content-Type


class _Records:
    """Each record as a ``Page`` (HTML), None (anything else), or one final ``InputError``."""

    def __init__(self, data: bytes, source: str) -> None:
        self.data, self.source, self.count = data, source, 0

    def __iter__(self) -> Iterator[Page | InputError | None]:
        it = iter(ArchiveIterator(io.BytesIO(self.data)))
        while True:
            try:
                record = next(it)
                self.count += 1
                html = _is_html(record)
                uri = record.rec_headers.get_header("WARC-Target-URI")
                payload = record.content_stream().read() if html else record.raw_stream.read()
                cut = bool(record.raw_stream.limit)  # bytes promised by Content-Length that never came
            except StopIteration:
                return
            except Exception as exc:  # warcio reports damage as assorted errors (AttributeError on a cut header)
                name = f"{self.source}#{self.count + 1}" if self.count else self.source
                yield InputError(name, f"truncated or damaged WARC ({type(exc).__name__})", _FIX)
                return
            if cut:
                yield InputError(f"{self.source}#{self.count} ({uri})", "truncated WARC: record cut short", _FIX)
                return
            http = record.http_headers
            yield (payload, uri, http.get_header("Content-Type") if http else None) if html else None


def _is_html(record: object) -> bool:
    rec_type = getattr(record, "rec_type", None)
    if rec_type == "response":
        http = getattr(record, "http_headers", None)
        if http is None:
            return False
        status = http.get_statuscode() or ""
        return status.startswith("2") and (http.get_header("Content-Type") or "").lower().startswith(_HTML_TYPES)
    if rec_type == "resource":
        headers = getattr(record, "rec_headers", None)
        if headers is None:
            return False
        return (headers.get_header("Content-Type") or "").lower().startswith(_HTML_TYPES)
    return False


def _page(payload: bytes, name: str, uri: str | None, content_type: str | None) -> Article | InputError:
    try:
        html, warnings = decode(payload, name, content_type)
        return parse_html(html, name, url=uri, warnings=warnings, fmt="warc")
    except InputError as exc:
        return exc
