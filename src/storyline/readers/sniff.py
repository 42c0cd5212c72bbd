"""Which format a document is in, from its content first and its name or Content-Type second.

Content decides when it is recognisable: ``WARC/`` (or gzip holding one) → warc; an XML document
whose root is ``rss``/``feed``/``rdf:RDF`` → feed; ``<!doctype html>``, ``<html>`` or an HTML tag
at the start → html; a first character ``{`` (or ``[`` in a ``.json`` file) → jsonl. Anything else
is text — unless the name or Content-Type claims a structured format (``.rss``, ``.xml``,
``.jsonl``, ``.warc`` …), in which case that format's reader runs and reports why the content
is not what the name says (a ".rss" file of plain words is a broken feed, not a story).
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from .decode import is_gzip_warc

FORMATS = ("text", "html", "feed", "jsonl", "warc")

_BY_SUFFIX = {
    ".warc": "warc", ".arc": "warc", ".gz": "warc",
    ".rss": "feed", ".atom": "feed", ".xml": "feed", ".rdf": "feed",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".txt": "text", ".text": "text", ".md": "text",
}  # fmt: skip
_BY_TYPE = (
    ("rss", "feed"), ("atom", "feed"), ("/xml", "feed"),
    ("html", "html"), ("json", "jsonl"), ("warc", "warc"), ("text/plain", "text"),
)  # fmt: skip
_LEAD = re.compile(r"^(?:\s|<!--.*?-->|<\?xml[^>]*\?>|<!DOCTYPE[^>]*>)*", re.S | re.I)
_FEED_ROOT = re.compile(r"<(?:rss|feed|rdf:rdf)\b", re.I)
_HTML_TAG = re.compile(r"<(?:html|head|body|meta|title|div|p|article|section|main|h1|h2|span|table|script)\b", re.I)


def sniff_bytes(data: bytes) -> str | None:
    """``warc`` when the bytes are a WARC (plain or gzip); else None (decode and ``sniff_text``)."""
    if data.lstrip()[:5] == b"WARC/" or is_gzip_warc(data):
        return "warc"
    return None


def claimed(name: str | None, content_type: str | None = None) -> str | None:
    """The format a file name or Content-Type claims, if any."""
    if content_type:
        low = content_type.lower()
        for needle, fmt in _BY_TYPE:
            if needle in low:
                return fmt
    if name:
        suffixes = [s.lower() for s in PurePosixPath(name.split("?", 1)[0]).suffixes]
        if suffixes[-2:] == [".warc", ".gz"]:
            return "warc"
        if suffixes and suffixes[-1] in _BY_SUFFIX and suffixes[-1] != ".gz":
            return _BY_SUFFIX[suffixes[-1]]
    return None


def sniff_text(text: str, name: str | None = None, content_type: str | None = None) -> str:
    """The format of decoded ``text`` (see the module docstring)."""
    head = text[:4096]
    lead = _LEAD.match(head)
    skipped, start = head[: lead.end() if lead else 0], head[lead.end() if lead else 0 :]
    claim = claimed(name, content_type)
    if start.startswith("<"):
        if _FEED_ROOT.match(start):
            return "feed"
        if _HTML_TAG.match(start) or "<!doctype html" in skipped.lower():
            return "html"
        if skipped.lstrip().lower().startswith("<?xml"):
            return "html" if claim == "html" else "feed"
    if start.startswith("{") or (start.startswith("[") and claim == "jsonl"):
        return "jsonl"
    if claim in ("feed", "jsonl", "warc"):
        return claim
    return "text"
