"""``read_sources``: paths, folders, globs and URLs in; one Article or InputError per report out.

- A folder expands to its files, recursively, sorted; names starting with ``.`` (``.git``,
  ``.DS_Store``) and a folder's own README / LICENSE / COPYING / CHANGELOG files are passed over
  (name one explicitly to read it). A glob (``news/*.html``, ``**/*.txt``) expands to its matches, sorted.
  A path given twice is read once. A folder or glob with nothing in it is an ``InputError``.
- A file over ``options.max_bytes`` is refused from its size, before it is read. Anything that is
  not a regular file (a FIFO, socket or device, in a folder or named) is skipped with an
  ``InputError`` saying so, never opened: reading a FIFO blocks until someone writes to it.
- ``http``/``https`` URLs are fetched through the ``Fetcher`` (see fetch.py); any other
  ``scheme://`` is refused.
- The format is detected from the content (sniff.py), then the format's reader runs.

Nothing here raises for a bad input: every failure is yielded as an ``InputError`` and the rest
of the batch goes on.
"""

from __future__ import annotations

import glob
import os
import re
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx

from ..errors import InputError
from ..options import Options
from ..records import Article
from .decode import decode
from .feed import parse_feed
from .fetch import Fetcher
from .html import parse_html
from .jsonl import parse_jsonl
from .sniff import sniff_bytes, sniff_text
from .text import parse_text
from .warc import parse_warc

Item = Article | InputError
FetcherFactory = Callable[[], Fetcher]
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_GLOB = re.compile(r"[*?\[]")
_PAPERWORK = re.compile(r"^(?:README|LICEN[CS]E|COPYING|CHANGELOG)(?:\.[A-Za-z]+)?$", re.I)


def read_sources(
    sources: list[str],
    options: Options,
    fetcher: Fetcher | httpx.BaseTransport | object | None = None,
) -> Iterator[Item]:
    """Every article in ``sources``, in order, with an ``InputError`` for each bad input.

    ``fetcher`` is a ``Fetcher``, or an httpx transport (e.g. ``httpx.MockTransport``) to build
    one with; by default one is made on the first URL and closed at the end.
    """
    own: Fetcher | None = None
    if isinstance(fetcher, httpx.BaseTransport):
        fetcher = own = Fetcher(options, transport=fetcher)
    elif fetcher is not None and not isinstance(fetcher, Fetcher):
        raise TypeError(
            f"fetcher must be a storyline.readers.Fetcher or an httpx transport, not {type(fetcher).__name__}"
        )
    seen: set[str] = set()

    def get_fetcher() -> Fetcher:
        nonlocal fetcher, own
        if fetcher is None:
            fetcher = own = Fetcher(options)
        assert isinstance(fetcher, Fetcher)
        return fetcher

    try:
        for source in sources:
            for item in _expand(str(source)):
                if isinstance(item, InputError):
                    yield item
                    continue
                key = item if _SCHEME.match(item) else os.path.realpath(item)
                if key in seen:
                    continue
                seen.add(key)
                yield from _guarded(item, options, get_fetcher)
    finally:
        if own is not None:
            own.close()


def _expand(source: str) -> Iterator[str | InputError]:
    if _SCHEME.match(source):
        yield source
        return
    path = Path(source)
    if path.is_dir():
        files = _walk(path)
        if not files:
            yield InputError(source, "folder holds no files", "check the folder")
        yield from files
    elif path.exists():
        yield source
    elif _GLOB.search(source):
        matches = sorted(glob.glob(source, recursive=True))
        files = [f for m in matches for f in (_walk(Path(m)) if os.path.isdir(m) else [m])]
        if not files:
            yield InputError(source, "no file matches this pattern", "check the pattern and the working folder")
        yield from files
    else:
        yield InputError(source, "no such file or folder", "check the path")


def _walk(folder: Path) -> list[str]:
    out: list[str] = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        out.extend(os.path.join(root, n) for n in names if not passed_over(n))
    return sorted(out, key=lambda p: Path(p).parts)


def passed_over(name: str) -> bool:
    """Whether a folder's file ``name`` is skipped when the folder is read (hidden, README, LICENSE…)."""
    return name.startswith(".") or bool(_PAPERWORK.match(name))


def _not_regular(source: str, label: str) -> InputError | None:
    """An ``InputError`` for a FIFO, socket or device (reading one can block forever), else None."""
    try:
        mode = os.stat(source).st_mode
    except OSError:
        return None  # reading it reports why
    if stat.S_ISREG(mode):
        return None
    kind = "a FIFO" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device or special file"
    return InputError(label, f"not a regular file ({kind}); skipped", "pass regular files or folders of them")


def _guarded(source: str, options: Options, get_fetcher: FetcherFactory) -> Iterator[Item]:
    label = readable_name(source)
    yield from guarded(label, _read_one(source, label, options, get_fetcher))


def readable_name(path: str) -> str:
    """``path`` as a label that can be stored and printed: a file name that is not UTF-8 (its bytes
    come through as lone surrogates) gets U+FFFD for each undecodable byte."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return path


def guarded(source: str, items: Iterator[Item]) -> Iterator[Item]:
    """``items``, with whatever a reader raises turned into one ``InputError`` for ``source``: one
    bad input never ends the batch (the articles it yielded before the failure are kept)."""
    try:
        yield from items
    except InputError as exc:
        yield exc
    except RecursionError as exc:  # deeply nested markup
        yield InputError(source, f"too deeply nested to parse ({exc})", "simplify or convert the file")
    except MemoryError:
        yield InputError(source, "ran out of memory reading it", "split the input or raise the memory limit")
    except Exception as exc:  # a reader's bug or a library's surprise: reported for this input only
        yield InputError(
            source, f"could not be read ({type(exc).__name__}: {str(exc)[:200]})", "please report this input as a bug"
        )


def _read_one(source: str, label: str, options: Options, get_fetcher: FetcherFactory) -> Iterator[Item]:
    if _SCHEME.match(source):
        page = get_fetcher().get(source)
        yield from parse_bytes(page.content, source, options, get_fetcher, url=page.url, content_type=page.content_type)
        return
    special = _not_regular(source, label)
    if special is not None:
        raise special
    try:
        size = os.stat(source).st_size
        if size > options.max_bytes:
            raise InputError(
                label,
                f"too large: {size:,} bytes > max_bytes {options.max_bytes:,}",
                "raise max_bytes (STORYLINE_MAX_BYTES) or split the file",
            )
        with open(source, "rb") as fh:
            data = fh.read(options.max_bytes + 1)
    except OSError as exc:
        raise InputError(label, f"cannot read ({exc.strerror or exc})", "check the file's permissions") from exc
    if len(data) > options.max_bytes:  # grew while we looked
        raise InputError(
            label, f"too large: over max_bytes {options.max_bytes:,}", "raise max_bytes (STORYLINE_MAX_BYTES)"
        )
    yield from parse_bytes(data, label, options, get_fetcher)


def parse_bytes(
    data: bytes,
    source: str,
    options: Options,
    get_fetcher: FetcherFactory | None = None,
    url: str | None = None,
    content_type: str | None = None,
) -> Iterator[Item]:
    """Articles in one document's bytes (a file's, a response's or an upload's).

    Raises ``InputError`` when the document as a whole is unreadable (empty, binary, …); yields
    an ``InputError`` for each bad part of a readable one (a JSONL line, a feed entry, …).
    ``source`` names the document in articles and errors, and its suffix is a format hint.
    """
    what = "response" if url else "file"
    if not data.strip():
        raise InputError(source, f"empty {what}", "nothing to ingest")
    if sniff_bytes(data) == "warc":
        yield from parse_warc(data, source, options.max_bytes)
        return
    text, warnings = decode(data, source, content_type)
    if not text.strip():
        raise InputError(source, f"empty {what} (only whitespace)", "nothing to ingest")
    fmt = sniff_text(text, url or source, content_type)
    if fmt == "warc":
        raise InputError(source, "named as a WARC but is not one (no 'WARC/' header)", "check the file")
    if fmt == "feed":
        if options.fetch and get_fetcher is None:  # bytes from memory (an upload): a fetcher of its own
            with Fetcher(options) as own:
                yield from parse_feed(data, source, options, own)
        else:
            yield from parse_feed(data, source, options, get_fetcher() if options.fetch and get_fetcher else None)
    elif fmt == "jsonl":
        yield from parse_jsonl(text, source, warnings)
    elif fmt == "html":
        yield parse_html(text, source, url=url, warnings=warnings)
    else:
        article = parse_text(text, source, warnings)
        yield article.replace(url=article.url or url) if url else article
