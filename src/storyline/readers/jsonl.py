"""JSON Lines: one article object per line (a ``.json`` file holding one array of them also works).

Field names (first one present wins; other fields are ignored):

=============  ==========================================================================
text           ``body``, ``text`` or ``content``: the report as plain text (goes through the
               same caption / dateline detection as a text file), or
               ``html``: the page's HTML (extracted like an HTML file)
``title``      ``title``, ``headline``
``outlet``     ``outlet``, ``source_name``, ``site``, ``publisher``
``published``  ``published``, ``date``, ``published_at`` (YYYY-MM-DD, ISO datetime or RFC 2822)
``url``        ``url``, ``link``
``author``     ``author``, ``byline``
=============  ==========================================================================

Each object's ``source`` is ``<file>:<line>``. A line that is not JSON (a number too long to
read, nesting too deep), not an object, or has no text field is an ``InputError`` for that line;
the other lines are still read. Blank lines are allowed. Lines end at ``\n`` only: U+2028,
U+2029 and U+0085 are valid inside a JSON string. A lone surrogate escape (``"\ud800"``) is
replaced with U+FFFD, with a warning.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from ..errors import InputError
from ..records import Article
from .article import Meta, finish, iso_date, readable_url
from .html import parse_html

FIELDS: dict[str, tuple[str, ...]] = {
    "body": ("body", "text", "content"),
    "html": ("html",),
    "title": ("title", "headline"),
    "outlet": ("outlet", "source_name", "site", "publisher"),
    "published": ("published", "date", "published_at"),
    "url": ("url", "link"),
    "author": ("author", "byline"),
}
_FIX = "each line must be one JSON object with a 'body' (or 'text', 'content', 'html') string"
_SURROGATE = re.compile("[\ud800-\udfff]")


def parse_jsonl(text: str, source: str, warnings: tuple[str, ...] = ()) -> Iterator[Article | InputError]:
    stripped = text.lstrip()
    if stripped.startswith("["):
        yield from _array(stripped, source, warnings)
        return
    for n, line in enumerate(text.split("\n"), 1):  # not splitlines(): U+2028 may sit inside a string
        if not line.strip():
            continue
        name = f"{source}:{n}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(name, f"not valid JSON ({exc.msg} at column {exc.colno})", _FIX)
            continue
        except (ValueError, RecursionError) as exc:  # a 5,000-digit integer; arrays nested thousands deep
            yield InputError(name, f"not readable JSON ({_short(exc)})", _FIX)
            continue
        yield _one(obj, name, warnings)


def _array(text: str, source: str, warnings: tuple[str, ...]) -> Iterator[Article | InputError]:
    try:
        items = json.loads(text)
    except json.JSONDecodeError as exc:
        yield InputError(source, f"not valid JSON ({exc.msg} at line {exc.lineno})", _FIX)
        return
    except (ValueError, RecursionError) as exc:
        yield InputError(source, f"not readable JSON ({_short(exc)})", _FIX)
        return
    if not isinstance(items, list):
        yield InputError(source, "JSON is not a list of article objects", _FIX)
        return
    for n, obj in enumerate(items, 1):
        yield _one(obj, f"{source}[{n}]", warnings)


def _one(obj: Any, name: str, warnings: tuple[str, ...]) -> Article | InputError:
    if not isinstance(obj, dict):
        return InputError(name, f"a JSON {type(obj).__name__}, not an object", _FIX)
    values = {key: _first(obj, names) for key, names in FIELDS.items()}
    for key, value in values.items():
        if value is not None and not isinstance(value, str):
            return InputError(name, f"field {key!r} must be a string, not {type(value).__name__}", _FIX)
    lone = [key for key, value in values.items() if value and _SURROGATE.search(value)]
    if lone:
        values = {key: _SURROGATE.sub("\ufffd", v) if v else v for key, v in values.items()}
        warnings = (*warnings, f"lone surrogate escapes in {', '.join(lone)} replaced with U+FFFD")
    if values["url"] and readable_url(values["url"]) is None:
        warnings = (*warnings, f"URL {values['url'][:80]!r} is not a valid address; left empty")
        values["url"] = None
    meta = Meta(
        source=name,
        format="jsonl",
        title=values["title"],
        outlet=values["outlet"],
        published=values["published"],
        url=values["url"],
        author=values["author"],
        warnings=list(warnings),
    )
    try:
        if values["body"] and values["body"].strip():
            return finish(values["body"], meta)
        if values["html"] and values["html"].strip():
            article = parse_html(values["html"], name, url=meta.url, fmt="jsonl", fallback=meta)
            given = {k: values[k] for k in ("title", "outlet", "url", "author") if values[k]}
            if iso_date(values["published"]):
                given["published"] = iso_date(values["published"])
            return article.replace(**given)  # the object's own fields win over the page's
    except InputError as exc:
        return exc
    return InputError(name, "object has no text ('body', 'text', 'content' or 'html')", _FIX)


def _short(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {str(exc)[:120]}"


def _first(obj: dict[str, Any], names: tuple[str, ...]) -> Any:
    for key in names:
        if obj.get(key) is not None:
            return obj[key]
    return None
