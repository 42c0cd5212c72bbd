"""WARC files (plain or gzip) through warcio: each HTML response record is one page.

- Read: ``response`` records with a 2xx HTTP status and an HTML content type, and ``resource``
  records with an HTML content type. Other records (requests, metadata, images, redirects,
  errors) hold no report and are passed over; a WARC with no HTML record at all is an
  ``InputError``.
- The URL is ``WARC-Target-URI``. The capture date (``WARC-Date``) is *not* the publication date:
  the page's own metadata gives that, else it stays empty.
- A record cut short (fewer bytes than its ``Content-Length``) or a damaged header is an
  ``InputError`` naming the record; the records before it are still ingested.

- Bytes are limited **after decompression**: a ``.warc.gz`` whose records come to more than
  ``max_bytes`` is refused before any record is read, and the pages' payloads (after their
  ``Content-Encoding``: gzip, deflate, brotli) share one budget of ``max_bytes``; the record that
  passes it is an ``InputError`` and reading stops there (the pages before it are kept). Records
  that are not pages are skipped in pieces, never held in memory.

A record's ``source`` is ``<file>#<n>`` (n counts records from 1).
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator

from warcio.archiveiterator import ArchiveIterator

from ..errors import InputError
from ..records import Article
from .decode import decode
from .html import parse_html

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_FIX = "the file may be truncated or damaged; re-download or re-crawl it"
_BIGGER = "raise max_bytes (STORYLINE_MAX_BYTES) or split the archive"
_PIECE = 1 << 16
UNLIMITED = 1 << 62


def parse_warc(data: bytes, source: str, max_bytes: int | None = None) -> Iterator[Article | InputError]:
    limit = max_bytes or UNLIMITED
    if data.startswith(b"\x1f\x8b"):
        size = gunzipped_size(data, limit)
        if size > limit:
            yield InputError(source, f"too large after decompression: over max_bytes {limit:,}", _BIGGER)
            return
    pages = 0
    records = _Records(data, source, limit)
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

    def __init__(self, data: bytes, source: str, budget: int = UNLIMITED) -> None:
        self.data, self.source, self.count, self.budget = data, source, 0, budget

    def __iter__(self) -> Iterator[Page | InputError | None]:
        it = iter(ArchiveIterator(io.BytesIO(self.data)))
        while True:
            try:
                record = next(it)
                self.count += 1
                html = _is_html(record)
                uri = record.rec_headers.get_header("WARC-Target-URI")
                payload = record.content_stream().read(self.budget + 1) if html else b""
                while record.raw_stream.read(_PIECE):  # the rest, in pieces: only to see whether it is whole
                    pass
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
            if len(payload) > self.budget:
                yield InputError(
                    f"{self.source}#{self.count} ({uri})",
                    "too large after decompression: the pages' payloads pass max_bytes; this record and the rest "
                    "are not read",
                    _BIGGER,
                )
                return
            self.budget -= len(payload)
            http = record.http_headers
            yield (payload, uri, http.get_header("Content-Type") if http else None) if html else None


def gunzipped_size(data: bytes, cap: int) -> int:
    """The size of ``data`` (gzip, any number of members) decompressed, counted in pieces and
    given up once past ``cap`` (the result is then ``cap + 1``); damage ends the count."""
    total, rest = 0, data
    while rest[:2] == b"\x1f\x8b":
        unzip = zlib.decompressobj(16 + zlib.MAX_WBITS)
        pending = rest
        try:
            while pending and not unzip.eof:
                total += len(unzip.decompress(pending, _PIECE))
                if total > cap:
                    return cap + 1
                pending = unzip.unconsumed_tail
            while not unzip.eof and (piece := unzip.decompress(b"", _PIECE)):  # output still buffered
                total += len(piece)
                if total > cap:
                    return cap + 1
        except zlib.error:
            return total
        rest = unzip.unused_data
    return total


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
