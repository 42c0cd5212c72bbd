"""Outlets, titles and publication dates on real news pages, against a hand-checked file.

Real pages are other people's text, so neither they nor their expectations live in this
repository: pass a folder of ``.html`` files and a JSON file of expectations,

    {"pages": {"name.html": {"outlets": [acceptable names], "site": [strings naming the site that
     must not be left in the title], "date": "YYYY-MM-DD" or null (not scored)}}}

and this prints, per page and in total, whether the outlet is one of the acceptable names, the
title is free of the site's name, and the date is right where one is known.

    python benchmarks/bench_pages.py --pages DIR --expected FILE [--verbose]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from storyline.errors import InputError
from storyline.options import Options
from storyline.readers import read_sources


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", required=True, type=Path)
    parser.add_argument("--expected", required=True, type=Path)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    expected = json.loads(args.expected.read_text(encoding="utf-8"))["pages"]
    options = Options()
    outlets = titles = dates = dated = both = 0
    for name, want in sorted(expected.items()):
        items = list(read_sources([str(args.pages / name)], options))
        article = next((a for a in items if not isinstance(a, InputError)), None)
        if article is None:
            print(f"{name}: not read ({items[0] if items else 'nothing'})")
            continue
        outlet_ok = article.outlet in want["outlets"]
        title_ok = bool(article.title) and not any(s in (article.title or "") for s in want["site"])
        outlets += outlet_ok
        titles += title_ok
        both += outlet_ok and title_ok
        if want.get("date"):
            dated += 1
            dates += article.published == want["date"]
        if args.verbose or not (outlet_ok and title_ok):
            mark = "ok " if outlet_ok and title_ok else "BAD"
            print(f"{mark} {name}: outlet={article.outlet!r} title={article.title!r} published={article.published}")
    n = len(expected)
    print(
        f"pages {n}: outlet right {outlets}/{n}, title clean {titles}/{n}, both {both}/{n}; date right {dates}/{dated}"
    )


if __name__ == "__main__":
    main()
