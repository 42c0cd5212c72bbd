"""Building ``Article`` records: the content hash, dates, and the shared finishing step."""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from ..errors import InputError
from ..records import Article
from . import detect
from .language import detect as detect_language

_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:$|[T\s])")
# A publication date outside these years is a typo or a placeholder (9999-12-31); it is left empty
# with a warning, and no later step has to do date arithmetic at the calendar's ends.
YEARS = (1000, 2999)


def content_hash(body: str) -> str:
    """sha256 hex of ``body`` with every whitespace run collapsed to one space (ends stripped)."""
    return hashlib.sha256(" ".join(body.split()).encode("utf-8")).hexdigest()


def new_article(body: str, **metadata: Any) -> Article:
    """An ``Article`` for ``body`` exactly as given; ``id`` is the first 12 hex digits of its hash."""
    digest = content_hash(body)
    return Article(id=digest[:12], body=body, content_hash=digest, **metadata)


def iso_date(value: object) -> str | None:
    """``YYYY-MM-DD`` from an ISO date/datetime, an RFC 2822 date or a ``time.struct_time``, within
    ``YEARS``; else None."""
    found = _iso_date(value)
    return found if found is not None and YEARS[0] <= int(found[:4]) <= YEARS[1] else None


def _iso_date(value: object) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime | dt.date):
        return dt.date(value.year, value.month, value.day).isoformat()
    if hasattr(value, "tm_year"):
        try:
            return dt.date(value.tm_year, value.tm_mon, value.tm_mday).isoformat()  # type: ignore[attr-defined]
        except (ValueError, OverflowError, TypeError):
            return None
    text = str(value)
    m = _ISO.match(text)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    try:
        return email.utils.parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def readable_url(url: object) -> str | None:
    """``url`` when it parses as a URL (``http://[oops`` does not), else None."""
    if not isinstance(url, str) or not url.strip():
        return None
    try:
        urlsplit(url).hostname  # noqa: B018  # the host is parsed lazily; a broken IPv6 literal raises here
    except ValueError:
        return None
    return url


@dataclass(slots=True)
class Meta:
    """Metadata a format reader found; ``finish`` merges it with what detection finds in the text."""

    source: str
    format: str
    title: str | None = None
    outlet: str | None = None
    published: object = None  # any form ``iso_date`` reads
    url: str | None = None
    author: str | None = None
    host: str | None = None  # last-resort outlet: the site's host name
    warnings: list[str] = field(default_factory=list)


def finish(text: str, meta: Meta) -> Article:
    """Split ``text`` into body/captions/credits/dateline and build the Article; raises ``InputError``."""
    parts = detect.split(text)
    if not parts.body:
        reason = "no story text (only captions or a dateline)" if parts.captions or parts.dateline else "no text"
        raise InputError(meta.source, reason, "check that the input holds the report itself")
    warnings = list(meta.warnings)
    url = _clean(meta.url)
    if url and readable_url(url) is None:
        warnings.append(f"URL {url[:80]!r} is not a valid address; left empty")
        url = None
    published = iso_date(meta.published)
    if meta.published not in (None, "") and published is None:
        warnings.append(f"publication date {meta.published!s:.40} is not a date I can read; left empty")
    outlet = _clean(meta.outlet) or parts.outlet or _host_outlet(meta.host)
    title = _clean(meta.title)
    language, _ = detect_language(parts.body, title)
    return new_article(
        parts.body,
        outlet=outlet,
        published=published,
        title=title,
        dateline=parts.dateline,
        credits=parts.credits,
        captions=parts.captions,
        source=meta.source,
        url=url,
        author=_clean(meta.author) or parts.author,
        format=meta.format,
        warnings=tuple(warnings),
        language=language,
    )


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = detect.clean_line(str(value))
    return value or None


def _host_outlet(host: str | None) -> str | None:
    if not host:
        return None
    host = host.lower().removeprefix("www.")
    return host or None
