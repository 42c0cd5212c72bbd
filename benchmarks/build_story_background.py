"""Build the background document frequencies of story clustering (``cluster/background.py``).

By default from the ECB+ development documents, read in place (``--data``), into the built-in
``src/storyline/data/story_background.json.gz``; ``--db`` counts a store's articles instead (a
newsroom's archive), for ``story_background = "PATH"`` in storyline.toml. Only hashed terms and
their counts are written, never text. Prints what it counted.

    python benchmarks/build_story_background.py [--data ../shared/eval/ecbplus | --db archive.db] [--out PATH]
"""

from __future__ import annotations

import argparse

from storyline.cluster import background
from storyline.eval.ecb import DEFAULT, _article, load


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=str(DEFAULT), help="ECB+-layout folder")
    parser.add_argument("--db", help="count a store's articles instead (SQLite path or postgresql:// URL)")
    parser.add_argument("--out", default=str(background.BUILTIN))
    parser.add_argument("--min-df", type=int, default=background.MIN_DF)
    args = parser.parse_args()
    if args.db:
        from storyline.cluster.corpus import stored
        from storyline.store import open_store

        store = open_store(args.db)
        try:
            df, n = background.count(stored(store))
        finally:
            store.close()
        note = f"document frequencies of {n} stored articles ({args.db})"
    else:
        docs = load(args.data)
        df, n = background.count(_article(doc_id, text) for doc_id, _, text in docs)
        topics = len({gold.split("/")[0] for _, gold, _ in docs})
        note = f"document frequencies of the ECB+ development documents ({n} documents, {topics} topics; CC BY 3.0)"
    kept = background.save(args.out, df, n, note, args.min_df)
    print(f"{n} documents, {len(df)} terms, {kept} in {args.min_df}+ documents -> {args.out}")


if __name__ == "__main__":
    main()
