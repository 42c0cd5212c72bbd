"""Posted content (text, HTML, feed XML) or a URL, handed to the library's ingest unchanged.

Content goes through ``storyline.api.ingest_bytes`` under a label ``posted:<name><suffix>``; the
suffix is the format hint the kind implies, the content itself still decides (as for files).
A URL goes through ``storyline.api.ingest``, whose fetcher refuses private and loopback hosts
unless ``options.allow_private``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import PurePosixPath

from .. import api
from ..errors import InputError, ModelMissingError, StoreError
from ..options import Options
from ..store import Store
from .deps import StorylineHTTPError

SUFFIX = {"text": ".txt", "html": ".html", "feed": ".xml"}


def safe_name(name: str | None, kind: str) -> str:
    """A harmless label: letters, digits, dot, dash, underscore; the kind's suffix enforced."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", PurePosixPath(name or "posted").stem).strip("._")[:80] or "posted"
    return f"posted:{stem}{SUFFIX[kind]}"


def ingest_posted(
    store: Store, options: Options, kind: str, content: str | None, url: str | None, name: str | None
) -> api.IngestReport:
    if url is not None:
        return guarded(url[:200], lambda: api.ingest([url], store=store, options=options))
    assert content is not None
    data = content.encode("utf-8", errors="replace")  # a lone surrogate in posted JSON is not worth a 500
    if len(data) > options.max_bytes:
        raise StorylineHTTPError(413, f"posted {kind} is {len(data)} bytes; the limit is {options.max_bytes}")
    label = safe_name(name, kind)
    return guarded(label, lambda: api.ingest_bytes(data, label, store, options))


def guarded(label: str, ingest: Callable[[], api.IngestReport]) -> api.IngestReport:
    """One upload's ingest; an unexpected error becomes this upload's failure line, never a 500 that
    drops the other uploads' report (what was stored before it stays stored)."""
    try:
        return ingest()
    except (StoreError, ModelMissingError):
        raise  # the store or the model, not this input: 503 / 500 as before
    except Exception as exc:
        report = api.IngestReport()
        report.failed.append(InputError(label, f"could not be ingested: {type(exc).__name__}: {exc}"[:500]))
        return report
