"""Build the background document frequencies of story clustering (``cluster/background.py``).

By default the built-in ``src/storyline/data/story_background.json.gz``, counted from the ECB+
documents read in place under ``--eval`` (../shared/eval/ecbplus: topics 1-35, the event-model
train and dev topics), each distinct document once (``background.build``: near copies once).
``--polnear`` and ``--demo`` add every PolNeAR article (train and dev) and the fictional demo
corpus; ``--leave-out`` drops ECB+ topics (a held-out variant). Measured with
``bench_background.py``, PolNeAR (US politics only) made ECB+ collections and the week-of-news mix
no better on documents the background was not counted from, so the built-in one counts ECB+ alone
(docs/background.md). ``--db`` counts a store instead, as ``storyline background build --db``
does. Only hashed terms and their counts are written, never text. Prints what it counted.

    python benchmarks/build_story_background.py [--eval ../shared/eval] [--polnear] [--demo]
        [--leave-out 2,5] [--db archive.db] [--out PATH] [--min-df 2]
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path

from storyline.cluster import background
from storyline.eval import ecb, mix
from storyline.records import Article

LICENCES = (
    "ECB+ (Cybulska & Vossen, LREC 2014; annotations CC BY 3.0)",
    "PolNeAR v1.0 train and dev (Newell, Margolin & Ruths, LREC 2018; research use)",
    "the storyline demo corpus (fictional, the team's own writing)",
)


def news(
    root: Path, leave_out: set[str] = frozenset(), polnear: bool = True, demo: bool = True, skip: set[str] = frozenset()
) -> Iterator[Article]:
    """The articles the built-in background is counted from, in a fixed order: ECB+ topics not in
    ``leave_out``, PolNeAR articles whose file stem is not in ``skip``, the demo."""
    for f in sorted((root / "ecbplus").glob("*/*.xml")):
        if f.parent.name not in leave_out:
            yield ecb._article(f.stem, ecb.read_document(f)[1])
    if polnear:
        for split in ("train", "dev"):
            for f in sorted((root / "polnear" / split / "text").glob("*.txt")):
                if f.stem not in skip:
                    yield mix._article("pol-" + f.stem, f.read_text(encoding="utf-8"), "text")
    if demo:
        yield from (r.article for r in mix.demo_reports())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--eval", default=str(mix.EVAL), help="folder holding ecbplus/ and polnear/")
    parser.add_argument("--leave-out", default="", help="ECB+ topics not to count, e.g. 2,5,12")
    parser.add_argument("--polnear", action="store_true", help="count every PolNeAR article too")
    parser.add_argument("--demo", action="store_true", help="count the demo corpus too")
    parser.add_argument("--db", help="count a store's articles instead (SQLite path or postgresql:// URL)")
    parser.add_argument("--out", default=str(background.BUILTIN))
    parser.add_argument("--min-df", type=int, default=background.MIN_DF)
    args = parser.parse_args()
    if args.db:
        from storyline import api
        from storyline.store import open_store

        store = open_store(args.db, create=False)
        try:
            built = api.build_background(args.out, (), store, min_df=args.min_df).built
        finally:
            store.close()
    else:
        root = Path(args.eval)
        leave_out = {t for t in args.leave_out.split(",") if t}
        parts = [
            f"ECB+ topics 1-35 {'except ' + ','.join(sorted(leave_out, key=int)) if leave_out else '(all)'}",
            *(["PolNeAR train and dev"] if args.polnear else []),
            *(["the demo"] if args.demo else []),
        ]
        licences = [LICENCES[0], *LICENCES[1:2] * args.polnear, *LICENCES[2:] * args.demo]
        note = (
            "document frequencies of news: "
            + ", ".join(parts)
            + "; sources and licences: "
            + "; ".join(licences)
            + f"; terms in {args.min_df}+ distinct documents, crc32-hashed as cluster/features.py hashes them;"
            " counts only, no text"
        )
        articles = news(root, leave_out, args.polnear, args.demo)
        built = background.build(args.out, (), articles, note, args.min_df)
    print(
        f"{built.n_docs} documents ({built.copies} copies passed over), {built.terms} terms, "
        f"{built.kept} in {built.min_df}+ documents -> {built.path} ({built.size} bytes)"
    )


if __name__ == "__main__":
    main()
