"""What a news page says about itself: the outlet's name, the headline without the site's suffix,
and its own publication date.

trafilatura reads these too, but a page's metadata is often about something else: ``og:site_name``
can be a section ("Sports | F1 | Indy") or a single word ("Experience"), the ``<title>`` carries
" | Site" or "Site - ", and a fact-check page's JSON-LD holds the date of the claim it checks
beside its own. This module reads the page's own publication metadata (the top-level item of its
JSON-LD, ``article:published_time`` and the like) and its URL, and tells a name from a label by
comparing it with the site's registered domain.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import unescape
from importlib import resources
from typing import Any

HEAD_BYTES = 400_000  # metadata lives in the head and the JSON-LD blocks near it
_META = re.compile(r"<meta\s[^>]{0,2000}>", re.I)
_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_LD = re.compile(r"<script[^>]{0,200}application/ld\+json[^>]{0,200}>(.{0,200000}?)</script\s*>", re.I | re.S)
_TITLE = re.compile(r"<title[^>]{0,200}>(.{0,2000}?)</title\s*>", re.I | re.S)
_TAG = re.compile(r"<[^>]{0,2000}>")

SITE_KEYS = ("og:site_name", "application-name", "publisher", "dc.publisher", "cxenseparse:sitename")
TITLE_KEYS = ("og:title", "twitter:title", "sailthru.title", "parsely-title", "dc.title")
# the page's publication time as its publishing system writes it; below, looser date fields that
# some systems fill with another time zone's date or the time of indexing: the URL's date beats them
DATE_KEYS = ("article:published_time", "og:article:published_time", "datepublished", "og:published_time")
WEAK_DATE_KEYS = (
    "date", "pubdate", "publishdate", "publish-date", "publish_date", "dc.date.issued", "dcterms.created",
    "sailthru.date", "parsely-pub-date", "article.published", "published_time",
)  # fmt: skip
ARTICLE_TYPES = ("article", "posting", "claimreview", "report", "webpage", "liveblog")
# one-word site names that are a page's section or a site-wide label, not an outlet
GENERIC = frozenset(
    {
        "home", "homepage", "news", "latest", "experience", "blog", "blogs", "article", "articles", "story",
        "stories", "video", "videos", "sport", "sports", "business", "politics", "world", "opinion", "live",
        "local", "magazine", "online", "web", "site", "page", "media", "section", "index", "the",
        "entertainment", "lifestyle", "culture", "tech", "technology", "science", "health", "travel", "weather",
    }
)  # fmt: skip
SEPARATORS = re.compile(r"\s+(?:\||-|–|—|•|·|::|»|«|/|~)\s+")
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_MONTH = r"((?:0?[1-9]|1[0-2])|(?:" + "|".join(_MONTHS) + r")[a-z]*)"
_DAY = r"(0?[1-9]|[12]\d|3[01])(?=[/_.-]|$)"
# /2019/11/18/, /2019/nov/18/, /2010/POLITICS/08/13/ (a section between year and month), /2019-11-18-
_URL_DATE = re.compile(
    r"/((?:19|20)\d\d)(?:/[a-z_]{2,30})?/" + _MONTH + "/" + _DAY + r"|[/_-]((?:19|20)\d\d)-" + _MONTH + "-" + _DAY, re.I
)
_URL_COMPACT = re.compile(r"/((?:19|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=[/_.-]|$)")


@dataclass(slots=True)
class PageMeta:
    """The page's own claims, as found: names for the site, titles, publication dates."""

    site_names: list[str] = field(default_factory=list)  # most trusted first
    titles: list[str] = field(default_factory=list)  # og/JSON-LD headline first, <title> last
    dates: list[str] = field(default_factory=list)  # ISO dates of the page's own publication
    weak_dates: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)


def read(html: str) -> PageMeta:
    """Metadata from the head's meta tags, the JSON-LD blocks and ``<title>``."""
    head = html[:HEAD_BYTES]
    meta = PageMeta()
    for tag in _META.finditer(head):
        attrs = {m.group(1).lower(): _value(m) for m in _ATTR.finditer(tag.group(0))}
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        value = attrs.get("content")
        if not key or not value:
            continue
        if key in SITE_KEYS:
            meta.site_names.append(value)
        elif key in TITLE_KEYS:
            meta.titles.append(value)
        elif key in DATE_KEYS:
            meta.dates.append(value)
        elif key in WEAK_DATE_KEYS:
            meta.weak_dates.append(value)
        elif key in ("og:url", "twitter:url"):
            meta.urls.append(value)
        elif key in ("author", "article:author"):
            meta.authors.append(value)
    for block in _LD.finditer(head):
        _read_ld(block.group(1), meta)
    title = _TITLE.search(head)
    if title:
        meta.titles.append(_text(title.group(1)))
    meta.dates = [d for d in (_iso(x) for x in meta.dates) if d]
    meta.weak_dates = [d for d in (_iso(x) for x in meta.weak_dates) if d]
    return meta


def _value(match: re.Match[str]) -> str:
    return _text(next((g for g in match.groups()[1:] if g is not None), ""))


def _text(fragment: str) -> str:
    return " ".join(unescape(_TAG.sub(" ", fragment)).split())


def _read_ld(text: str, meta: PageMeta) -> None:
    try:
        data = json.loads(text.strip().strip(";"), parse_int=float)  # float: no 4,300-digit int limit
    except (ValueError, RecursionError):
        return
    publishers: list[str] = []
    for item in _items(data):
        kind = " ".join(item["@type"]) if isinstance(item.get("@type"), list) else str(item.get("@type", ""))
        kind = kind.lower()
        if any(t in kind for t in ARTICLE_TYPES):
            if isinstance(item.get("headline"), str):
                meta.titles.insert(0, _text(item["headline"]))
            if isinstance(item.get("datePublished"), str):
                meta.dates.insert(0, item["datePublished"])
            publisher = item.get("publisher")
            if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
                publishers.append(_text(publisher["name"]))
        elif "newsmediaorganization" in kind and isinstance(item.get("name"), str):
            publishers.append(_text(item["name"]))
    meta.site_names[:0] = publishers


def _items(data: Any) -> Iterator[dict[str, Any]]:
    """The top-level items of a JSON-LD block (and of its ``@graph``); never nested ones such as
    ``itemReviewed``, whose dates are another document's."""
    if isinstance(data, list):
        for x in data:
            yield from _items(x)
    elif isinstance(data, dict):
        if isinstance(data.get("@graph"), list):
            yield from _items(data["@graph"])
        yield data


def _iso(value: str) -> str | None:
    m = re.match(r"\s*((?:19|20)\d\d)-(\d\d)-(\d\d)", value)
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        return None


def url_date(url: str | None) -> str | None:
    """The full date a URL's path states (``/2019/nov/18/``, ``/2019-11-18-``, ``/20191118/``)."""
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]+", "", url, flags=re.I)
    m = _URL_DATE.search(path) or _URL_COMPACT.search(path)
    if not m:
        return None
    year, month, day = [g for g in m.groups() if g is not None][:3]
    month = month if month.isdigit() else str(_MONTHS.index(month[:3].lower()) + 1)
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def published(meta: PageMeta, url: str | None, found: str | None) -> str | None:
    """The page's own publication date: its publication metadata, else the date its URL states,
    else a looser date field, else ``found`` (what htmldate read from the markup).

    Where the metadata and the URL are a day apart, the URL wins: metadata times are often in UTC,
    the URL carries the outlet's own calendar day ("23:42 -04:00" is the next day in UTC)."""
    stated = next(iter(meta.dates), None)
    in_url = url_date(url)
    if stated and in_url and abs(dt.date.fromisoformat(stated) - dt.date.fromisoformat(in_url)) <= dt.timedelta(days=1):
        return in_url
    return stated or in_url or next(iter(meta.weak_dates), None) or found


# ---- the outlet's name ---------------------------------------------------------------------------


def squash(text: str) -> str:
    """Letters and digits only, lower case, no accents: "USA TODAY" -> "usatoday"."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in folded if c.isalnum() and not unicodedata.combining(c))


def domain(url: str | None) -> str | None:
    """The registered domain of ``url`` ("www.telegraph.co.uk" -> "telegraph.co.uk"); None for hosts
    without one (an IP address, localhost)."""
    if url and url.lower().startswith("www."):
        url = "http://" + url  # a canonical link written without its scheme
    if not url or "://" not in url:
        return None
    from tld import get_fld

    found = get_fld(url, fail_silently=True)
    return str(found).lower() if found else None


def _label(registered: str) -> str:
    """The name part of a registered domain: "telegraph.co.uk" -> "telegraph"."""
    return squash(registered.split(".")[0])


@functools.cache
def known_outlets() -> dict[str, str]:
    """Registered domain -> the outlet's usual name, for sites whose metadata names them poorly."""
    text = resources.files("storyline").joinpath("data/outlets.json").read_text("utf-8")
    data: dict[str, str] = json.loads(text)["outlets"]
    return data


def names_site(name: str, registered: str | None, others: tuple[str, ...] = ()) -> bool:
    """Whether ``name`` is the site's name: it spells the domain's name ("USA TODAY" for
    usatoday.com, "Telegraph.co.uk"), or one of ``others`` (the outlet as otherwise known)."""
    s = squash(name)
    if len(s) < 2:
        return False
    if any(s == squash(o) for o in others if o):
        return True
    if not registered:
        return False
    label = _label(registered)
    if s in (label, "the" + label, squash(registered)):
        return True
    return len(label) >= 3 and len(s) >= 3 and (s.startswith(label) or (label.startswith(s) and len(s) >= 4))


def _name_like(name: str) -> bool:
    words = name.split()
    return (
        0 < len(words) <= 7
        and len(name) <= 60
        and any(c.isalpha() for c in name)
        and squash(name) not in GENERIC
        and not SEPARATORS.search(name)
    )


def _domain_like(name: str) -> bool:
    return bool(re.fullmatch(r"(?:www\.)?[\w-]+(?:\.[a-z]{2,10}){1,3}", name.strip(), re.I))


def _pretty(name: str) -> str:
    """A domain-like name as a name: "CNN.com" -> "CNN", "www.liberation.fr" -> "liberation.fr"."""
    if not _domain_like(name):
        return name
    bare = re.sub(r"^www\.", "", name.strip(), flags=re.I)
    head = bare.split(".")[0]
    return head if any(c.isupper() for c in head) else bare.lower()


def outlet(meta: PageMeta, found: str | None, registered: str | None, title: str | None) -> str | None:
    """The outlet's name, in this order: a metadata name that spells the site's domain ("USA TODAY"
    on usatoday.com); the usual name of a known site; a domain-like name the page gives itself
    with capitals ("CNN.com" -> "CNN"); a publisher name from the page's metadata that reads as a
    name (never a list of sections, a generic word or the headline); the registered domain."""
    if found and registered and squash(found) in (_label(registered), squash(registered)):
        found = None  # trafilatura's name made from the domain ("Nj" for nj.com): the domain says more
    candidates = [*meta.site_names, *([found] if found else [])]
    segments = [s for c in candidates for s in SEPARATORS.split(c)]
    headline = squash(SEPARATORS.split(title or "")[0])  # a site name is never the headline itself
    for name in [*segments, *_title_segments(meta)]:
        if (
            _name_like(name)
            and not _domain_like(name)
            and names_site(name, registered)
            and (len(name.split()) < 3 or squash(name) not in headline)
        ):
            return name
    if registered and registered in known_outlets():
        return known_outlets()[registered]
    named = [c for c in candidates if _name_like(c) and squash(c) not in headline]  # whole values only
    for name in named:
        if _domain_like(name) and _pretty(name) != name.lower():
            return _pretty(name)
    for name in named:
        if not _domain_like(name):
            return name
    return registered or next((_pretty(c) for c in named), None)


def _title_segments(meta: PageMeta) -> list[str]:
    """The first and last parts of each title: where sites put their name."""
    out = []
    for t in meta.titles:
        parts = SEPARATORS.split(t)
        if len(parts) > 1:
            out += [parts[-1], parts[0]]
    return out


# ---- the headline ----------------------------------------------------------------------------------


def headline(meta: PageMeta, found: str | None, site: str | None, registered: str | None) -> str | None:
    """The headline without the site's name (" | Polygon", "TechCrunch | ", " - CNN.com") or its
    author's: the page's og/JSON-LD headline when it has one, else its ``<title>``."""
    authors = tuple(meta.authors)
    titles = [*meta.titles, *([found] if found else [])]
    for title in titles:
        cleaned = strip_site(title, site, registered, authors)
        if cleaned:
            return cleaned
    return None


def strip_site(title: str, site: str | None, registered: str | None, authors: tuple[str, ...] = ()) -> str:
    """``title`` without leading or trailing parts that name the site (or the author); once one is
    gone, a one-word part left at the end is the site's section ("Headline | Sociedad | EL PAÍS")."""
    title = " ".join(title.split())
    cuts = [0, *(x for m in SEPARATORS.finditer(title) for x in (m.start(), m.end())), len(title)]
    parts = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts), 2)]  # (start, end) of each part
    others = (site or "", *authors)
    named = False
    while len(parts) > 1 and names_site(title[slice(*parts[-1])], registered, others):
        parts.pop()
        named = True
    if not named and len(parts) > 2 and names_site(title[slice(*parts[-2])], registered, others):
        parts = parts[:-2]  # "Headline - Site - Section"
        named = True
    while len(parts) > 1 and names_site(title[slice(*parts[0])], registered, others):
        parts.pop(0)
        named = True
    if named and len(parts) > 1 and _is_section(title[slice(*parts[-1])]):
        parts.pop()
    return title[parts[0][0] : parts[-1][1]]


def _is_section(part: str) -> bool:
    return len(part.split()) == 1 and len(part) <= 20 and part[:1].isupper()
