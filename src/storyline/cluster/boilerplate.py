"""Text a site repeats across its pages: navigation, bylines, newsletter and sign-up pitches,
"related" links, copyright lines. It says nothing about a report's event, so story clustering
reads past it: two posts of one small site that share only their template stay two stories.

A report's *site* is its outlet as the readers record it (the page's host where it names none),
else its URL's host; a report with neither gets no discount. Each line of the body, and the title,
is folded (case, spacing, punctuation, digits) and hashed with the site into a key. A line whose
key another report of the same site holds too is boilerplate for both of them.

The store keeps, per key, the first two reports seen holding it (``Store.add_site_lines``): hashes,
not text, and a few rows a report. So the first post of a site is read whole (nothing to compare it
with yet); from the second on, a line shared with an earlier post weighs nothing in the new post,
and ``regroup`` / ``recluster`` weigh the earlier posts again without it. ``recluster`` rebuilds the
keys from the stored reports (``count``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..records import Article

if TYPE_CHECKING:
    from ..store import Store

_WORD = re.compile(r"\w+")
_DIGITS = re.compile(r"\d+")


def site(article: Article) -> str | None:
    """The site ``article`` was published on, folded; None when unknown."""
    if article.outlet and article.outlet.strip():
        return " ".join(article.outlet.casefold().split())
    for url in (article.url, article.source):
        if url and url.startswith(("http://", "https://")):
            host = (urlsplit(url).hostname or "").removeprefix("www.")
            if host:
                return host
    return None


def key(site_name: str, line: str) -> int | None:
    """The key of ``line`` on ``site_name`` (a signed 64-bit int, as both stores keep it); None for
    a line without words."""
    words = _WORD.findall(_DIGITS.sub("0", line.casefold()))
    if not words:
        return None
    digest = hashlib.blake2b(f"{site_name}\n{' '.join(words)}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def keys(article: Article) -> list[int]:
    """The distinct keys of ``article``'s lines and title (none without a site)."""
    name = site(article)
    if name is None:
        return []
    lines = article.body.split("\n")
    if article.title:
        lines.append(article.title)
    return sorted({k for line in lines if (k := key(name, line)) is not None})


def strip(article: Article, repeated: frozenset[int]) -> tuple[str, str | None]:
    """``article``'s (body, title) without the lines whose keys are in ``repeated`` (a dropped line
    stays an empty line, so offsets of sentences around it stay sentence starts)."""
    name = site(article)
    if not repeated or name is None:
        return article.body, article.title
    body = "\n".join("" if key(name, line) in repeated else line for line in article.body.split("\n"))
    title = article.title if article.title is None or key(name, article.title) not in repeated else None
    return body, title


def record(store: Store, article: Article) -> frozenset[int]:
    """Count ``article``'s lines for its site; the keys of those another report of the site holds."""
    mine = keys(article)
    if not mine:
        return frozenset()
    store.add_site_lines(article.id, mine)
    return frozenset(store.repeated_site_lines(mine))


def repeated(store: Store, article: Article) -> frozenset[int]:
    """The keys of ``article``'s lines that another stored report of its site holds (read only)."""
    mine = keys(article)
    return frozenset(store.repeated_site_lines(mine)) if mine else frozenset()


def revealed(store: Store, articles: Iterable[Article]) -> set[str]:
    """The earlier reports whose lines ``articles`` showed to be their site's (they hold a line
    first, one of ``articles`` second): their stories' centroids still weigh those lines."""
    out: set[str] = set()
    for article in articles:
        mine = keys(article)
        if mine:
            out.update(store.first_site_line_holders(mine, article.id))
    return out


def count(store: Store, articles: Iterable[Article]) -> frozenset[int]:
    """Rebuild the stored keys from ``articles``; every key two or more of them hold."""
    store.clear_site_lines()
    for article in articles:
        mine = keys(article)
        if mine:
            store.add_site_lines(article.id, mine)
    return frozenset(store.repeated_site_lines())
