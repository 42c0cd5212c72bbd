"""Draw PolNeAR report pairs for hand labelling, stratified by days apart and pair-model p (#14).

``--split tempeval`` draws from TempEval-3's news wire instead (AQUAINT and TimeBank, each
document published on its creation day): other news than PolNeAR's campaign.

The 80 pairs of ``story_pair_labels.tsv`` were drawn from storyline's own stories: they show what a
version keeps, not how the pair model treats time. This draws pairs the clusterer could join (p at
least ``--floor``) from all pairs of a split, the same number from each cell of days between the
publication days x p band, so a labelled set says how p and time apart go with one event or not.

Ingests the split as ``bench_polnear_span.py`` does (into ``--db``, kept for a rerun), scores every
pair whose weighted cosine is at least ``COSINE`` (the pair model's p of the others is below any
threshold in use), leaves out pairs already labelled, and writes a TSV to ``--out`` (outside the
repo: it names the eval files) with both file names, the hashed names the labels file uses, the
days apart and p. Deterministic for a seed.

    python benchmarks/draw_story_pairs.py --split train --per-cell 20 --out /tmp/draw.tsv
    python benchmarks/draw_story_pairs.py --split tempeval --db /tmp/tempeval-draw.db --out /tmp/draw-te.tsv
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import random
from pathlib import Path

from news_pairs import LABELS, key

EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
SHARED = EVAL / "polnear"
COSINE = 0.1
DAYS = ((0, 3), (4, 10), (11, 30), (31, 10_000))
BANDS = ((0.3, 0.7), (0.7, 0.9), (0.9, 1.01))


def labelled() -> set[frozenset[str]]:
    out = set()
    for line in LABELS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith(("#", "a\t")):
            a, b = line.split("\t")[:2]
            out.add(frozenset((a, b)))
    return out


def tempeval_rows(path: Path) -> int:
    """TempEval-3's documents (AQUAINT and TimeBank news wire) as JSON Lines, each published on its
    document creation day; how many."""
    from storyline.eval.tempeval import read_tml

    n = 0
    with path.open("w", encoding="utf-8") as out:
        for f in sorted((EVAL / "tempeval3").rglob("*.tml")):
            text, dct, _ = read_tml(f)
            if dct:
                row = {"url": f"https://tempeval.example/{f.stem}", "published": dct[:10], "body": text}
                out.write(json.dumps(row) + "\n")
                n += 1
    return n


def scored(db: Path, split: str) -> list[tuple[str, str, int, float]]:
    """(file a, file b, days apart, p) of every pair at cosine >= COSINE."""
    import tempfile

    from storyline import api
    from storyline.cluster import pairs
    from storyline.cluster.state import member_features, vector
    from storyline.eval.spans import jsonl
    from storyline.options import Options
    from storyline.store.sqlite import SQLiteStore

    options = Options(db=str(db))
    fresh = not db.exists()
    store = SQLiteStore(options.db)
    if fresh:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "polnear.jsonl"
            if split == "tempeval":
                tempeval_rows(path)
            else:
                jsonl(SHARED / split / "text", path)
            api.ingest([str(path)], store=store, options=options)
    rows = []
    for a in store.article_ids():
        article, f = member_features(store, a)
        if article is None or not article.url or not article.published:
            continue
        rows.append((article.url.rsplit("/", 1)[1], dt.date.fromisoformat(article.published[:10]), f, vector(store, f)))
    out = []
    for (na, da, fa, va), (nb, db_, fb, vb) in itertools.combinations(rows, 2):
        if sum(v * vb.get(t, 0.0) for t, v in va.items()) < COSINE:
            continue
        out.append((na, nb, abs((da - db_).days), pairs.text_probability(fa, fb, va, vb)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="train", choices=("train", "dev", "tempeval"))
    parser.add_argument("--db", type=Path, default=Path("/tmp/polnear-draw.db"))
    parser.add_argument("--per-cell", type=int, default=20)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    if Path(args.out).resolve().is_relative_to(Path(__file__).resolve().parents[1]):
        raise SystemExit("--out names eval files: write it outside the repo")
    done = labelled()
    pool = [r for r in scored(args.db, args.split) if frozenset((key(r[0]), key(r[1]))) not in done]
    rng = random.Random(args.seed)
    drawn = []
    for (d0, d1), (p0, p1) in itertools.product(DAYS, BANDS):
        cell = sorted(r for r in pool if d0 <= r[2] <= d1 and p0 <= r[3] < p1)
        take = rng.sample(cell, min(args.per_cell, len(cell)))
        print(f"days {d0}-{d1}, p {p0:.1f}-{min(p1, 1):.1f}: {len(cell)} pairs, {len(take)} drawn")
        drawn += take
    rng.shuffle(drawn)
    with args.out.open("w", encoding="utf-8") as out:
        out.write("file_a\tfile_b\ta\tb\tdays\tp\n")
        for na, nb, days, p in drawn:
            out.write(f"{na}\t{nb}\t{key(na)}\t{key(nb)}\t{days}\t{p:.3f}\n")
    print(f"{len(drawn)} pairs written to {args.out} (of {len(pool)} at cosine >= {COSINE})")


if __name__ == "__main__":
    main()
