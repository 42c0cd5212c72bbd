"""Plain-text reports, as in ``../shared/seeds``.

Layout: optional header lines at the very top, then the report::

    date 2023-12-28
    title Mexican leaders to visit Washington
    url https://example.org/story
    outlet NewsNation
    (NewsNation) — Mexican leaders are planning …

Header keys (lower case, value after a space or ``:``): ``date`` (YYYY-MM-DD), ``title``,
``url`` (http/https), ``outlet``, ``author``, and ``note`` (a remark about the file, dropped).
The ``date`` header may be glued to the first line of text (``date 2023-12-28 Migrants wait …``):
whatever follows the date on that line is text and ends the header. A ``date`` that is not a
real date is dropped with a warning. The header ends at the first line that is not a header line.
"""

from __future__ import annotations

import re

from ..records import Article
from .article import Meta, finish, iso_date

_KEY = re.compile(r"^[ \t\ufeff]*(?P<key>date|title|url|outlet|author|note)[ \t]*(?::[ \t]*|[ \t]+)(?P<value>\S.*)$")
_DATE = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})(?:[ \t]+(?P<rest>.*))?$")


def parse_text(text: str, source: str, warnings: tuple[str, ...] = (), fmt: str = "text") -> Article:
    """One Article from a text report; raises ``InputError`` when it holds no story text."""
    meta = Meta(source=source, format=fmt, warnings=list(warnings))
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        m = _KEY.match(line)
        if m is None:
            break
        key, value = m.group("key"), m.group("value").strip()
        if key == "date":
            d = _DATE.match(value)
            if d is None:
                break  # "date" starting a sentence, not a header
            if iso_date(d["date"]) is None:
                meta.warnings.append(f"header date {d['date']} is not a real date; left empty")
            else:
                meta.published = d["date"]
            if d["rest"] and d["rest"].strip():
                lines[i] = d["rest"]  # text glued to the date header starts the report
                break
        elif key == "note":
            pass  # a remark about the file ("FICTIONAL demo article …"), not part of the report
        elif key == "url":
            if not value.startswith(("http://", "https://")) or " " in value:
                break
            meta.url = value
        else:
            setattr(meta, key, value)
        i += 1
    return finish("\n".join(lines[i:]), meta)
