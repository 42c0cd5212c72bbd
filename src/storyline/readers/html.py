"""HTML pages through trafilatura, keeping its metadata (title, author, date, site name, URL).

- The date comes from the page's markup only (meta tags, ``<time>``, the URL):
  htmldate's extensive text search is off, so a date in a caption or the text is never taken
  for the publication date.
- ``<figcaption>`` texts are read from the markup and go to ``captions`` (and their credits to
  ``credits``); a body line equal to one of them is dropped.
- A first body line equal to the title is dropped (the title is in ``title``).
- A page whose extracted story text is under ``MIN_CHARS`` characters has "no article"
  (menus, index pages, error pages): an ``InputError``, not an empty article.
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Iterable, Iterator
from html import unescape
from urllib.parse import urlsplit

import lxml.etree
import lxml.html
import trafilatura
from trafilatura.settings import Document, Extractor

from ..errors import InputError
from ..records import Article
from . import detect, sitemeta
from .article import Meta, finish, readable_url

MIN_CHARS = 40
# Tables are left out of a page's text (site furniture, data boxes) unless its prose is this short
# and its tables hold more than the prose: a standings or results page whose table is the report.
TABLE_PAGE_CHARS = 600
# Opening and closing tags found apart, so that unclosed ``<figcaption>``s cost one scan, not one each.
_FIGCAPTION_OPEN = re.compile(r"<figcaption\b[^<>]{0,2000}>", re.I)
_FIGCAPTION_CLOSE = re.compile(r"</figcaption\s*>", re.I)
_BR = re.compile(r"<br\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]*>")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DATE_PARAMS = {"extensive_search": False, "original_date": True}
_BLOCKS = (
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figure",
    "figcaption", "section", "article", "tr", "pre", "table", "header", "footer",
)  # fmt: skip
_NO_ARTICLE = "it may be an index, menu or error page; pass the article's own page"


def parse_html(
    html: str,
    source: str,
    url: str | None = None,
    warnings: Iterable[str] = (),
    fmt: str = "html",
    fallback: Meta | None = None,
) -> Article:
    """One Article from an HTML page; raises ``InputError`` when it holds no article.

    ``fallback`` supplies metadata the page lacks (a feed entry's title and date, a JSONL object's
    fields); the page's own metadata wins.
    """
    url = readable_url(url)
    figcaptions = [detect.clean_line(_plain(c)) for c in _figcaptions(html)]
    doc = _extract(html, source, url, tables=False)
    if len((doc.text or "").strip()) < TABLE_PAGE_CHARS:  # little prose: a table may carry the article
        with_tables = _extract(html, source, url, tables=True)
        if len((with_tables.text or "").strip()) > 2 * len((doc.text or "").strip()):
            doc = with_tables
    if not doc.text or not doc.text.strip():
        raise InputError(source, "HTML with no article text", _NO_ARTICLE)
    lines = [detect.clean_line(line) for line in doc.text.split("\n")]
    lines = [line for line in lines if line and line not in figcaptions]
    if lines and doc.title and lines[0] == detect.clean_line(doc.title):
        lines = lines[1:]
    text = "\n\n".join(lines)
    fb = fallback or Meta(source=source, format=fmt)
    own = sitemeta.read(html)
    candidates = (doc.url, url, fb.url, next(iter(own.urls), None))
    page_url = next((u for u in candidates if readable_url(u)), None)  # a canonical link may be broken
    registered = sitemeta.domain(page_url)
    outlet = sitemeta.outlet(own, doc.sitename, registered, doc.title)
    if fb.outlet and (outlet is None or outlet == registered):  # the page names no outlet of its own
        outlet = fb.outlet
    meta = Meta(
        source=source,
        format=fmt,
        title=sitemeta.headline(own, doc.title, outlet, registered) or fb.title,
        outlet=outlet,
        published=sitemeta.published(own, page_url, doc.date) or fb.published,
        url=page_url,
        author=doc.author or fb.author,
        host=urlsplit(page_url).hostname if page_url else fb.host,
        warnings=[*fb.warnings, *warnings],
    )
    article = finish(text, meta)
    fig = [detect.split_credit(c) for c in figcaptions if c]
    if fig:
        article = article.replace(
            captions=tuple(c for c, _ in fig if c) + article.captions,
            credits=tuple(cr for _, cr in fig if cr) + article.credits,
        )
    if len(article.body) < MIN_CHARS:
        raise InputError(source, f"HTML with no article (only {len(article.body)} characters of text)", _NO_ARTICLE)
    return article


def _figcaptions(html: str) -> Iterator[str]:
    """The inner HTML of each ``<figcaption>…</figcaption>`` (up to the first closing tag), in
    linear time: once no closing tag follows, no later caption can close either."""
    pos = 0
    while (opening := _FIGCAPTION_OPEN.search(html, pos)) is not None:
        closing = _FIGCAPTION_CLOSE.search(html, opening.end())
        if closing is None:
            return
        yield html[opening.end() : closing.start()]
        pos = closing.end()


def _extract(html: str, source: str, url: str | None, tables: bool) -> Document:
    try:
        doc = trafilatura.bare_extraction(html, options=_extractor(url, tables))
    except Exception as exc:  # trafilatura/htmldate/lxml raise assorted errors on broken markup: report it
        raise InputError(source, f"HTML could not be parsed ({type(exc).__name__}: {exc})", _NO_ARTICLE) from exc
    if not isinstance(doc, Document):
        raise InputError(source, "HTML with no article text", _NO_ARTICLE)
    return doc


@functools.cache
def _base_extractor(tables: bool) -> Extractor:
    # building an Extractor reads trafilatura's config each time (~0.5 ms): build it once, copy per page
    return Extractor(
        output_format="python",
        with_metadata=True,
        comments=False,
        tables=tables,
        date_params=_DATE_PARAMS,  # type: ignore[arg-type]  # trafilatura types it dict[str, str]; it takes bools
    )


def _extractor(url: str | None, tables: bool = False) -> Extractor:
    options = copy.copy(_base_extractor(tables))
    options.url = url
    options.source = url
    return options


def _plain(fragment: str) -> str:
    return unescape(_TAG.sub("", _BR.sub(" ", fragment)))


def fragment_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed entry's content), one block per paragraph."""
    if "<" not in fragment:
        return fragment
    if not fragment.strip():
        return ""
    fragment = _CONTROL.sub("", fragment)  # lxml refuses to set text holding control characters
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (ValueError, lxml.etree.LxmlError):
        return fragment
    for el in [e for e in root.iter("script", "style")]:
        el.drop_tree()
    for el in root.iter(*_BLOCKS):
        el.text = "\n\n" + (el.text or "")
        el.tail = "\n\n" + (el.tail or "")
    for el in root.iter("br"):
        el.tail = "\n" + (el.tail or "")
    return str(root.text_content())
