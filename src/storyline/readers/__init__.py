"""Ingest: files, folders, globs, URLs, feeds, JSON Lines and WARC files in; ``Article`` records out.

One module per format (text, html, feed, jsonl, warc); ``detect`` splits captions, credits,
byline and dateline off the body; ``fetch`` gets URLs safely; ``sniff`` tells formats apart by
content; ``sources`` ties them together.
"""

from .article import content_hash, iso_date, new_article
from .fetch import Fetched, Fetcher
from .sniff import FORMATS
from .sources import parse_bytes, read_sources

__all__ = ["FORMATS", "Fetched", "Fetcher", "content_hash", "iso_date", "new_article", "parse_bytes", "read_sources"]
