"""How far apart in time the reports of one story are, on real political news (issue #14).

The week-of-news mixes score ECB+ pairs only: their PolNeAR distractors (US politics, 2015-16) are
unlabelled, so a story that joins them says nothing there. This benchmark ingests the PolNeAR
articles of ``--split`` (../shared/eval/polnear/SPLIT/text, read in place) as a newsroom would: each
with the publication day and outlet its file name gives, through ``storyline ingest`` as shipped
(extraction on, stories assigned and regrouped batch by batch), into a temporary SQLite store. It
prints the stories, the largest, and every pair of reports sharing a story by the days between their
publication dates. Unlabelled: a pair 8 or more days apart may be one development (a trial, a week of
hearings), but a story whose reports span weeks of a campaign is a topic, not an event, and a share
of such pairs that rises is a regression to look at. ``--recluster`` also rebuilds the stories.

On the train split it also scores the hand-labelled pairs of ``story_pair_labels.tsv`` (80
pairs two versions put in one story, read by an engineer: same event or development, or another
event of the topic): how many of each kind share a story. A fixed set, drawn from those versions'
own stories, so it shows what a change separates and keeps, not a precision over all pairs.

    python benchmarks/bench_polnear_span.py [--split train|dev] [--recluster] [--pairs]
"""

from __future__ import annotations

import argparse
import itertools
import tempfile
import time
from pathlib import Path

from news_pairs import LABELS, key

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "polnear"


def spans(store: object) -> None:
    from storyline.eval.spans import GAPS, gap_counts, story_days
    from storyline.store.sqlite import SQLiteStore

    assert isinstance(store, SQLiteStore)
    groups = story_days(store)
    sizes = sorted((len(g) for g in groups.values()), reverse=True)
    counts = gap_counts(groups)
    pairs = sum(counts)
    wide = [max(g) - min(g) for g in groups.values() if len(g) > 1]
    print(f"  {len(groups)} stories ({sum(1 for s in sizes if s > 1)} of 2+ reports), largest {sizes[:8]}")
    labels = [f"<= {GAPS[0]} day"] + [f"{a + 1}-{b} days" for a, b in itertools.pairwise(GAPS)] + [f"> {GAPS[-1]} days"]
    by_gap = ", ".join(f"{lab} {c}" for lab, c in zip(labels, counts, strict=True))
    print(f"  pairs of reports in one story: {pairs}; {by_gap}")
    if pairs:
        print(f"  share of pairs more than 7 days apart: {(counts[2] + counts[3]) / pairs:.3f}")
    if wide:
        print(f"  stories spanning more than 14 days: {sum(1 for w in wide if w.days > 14)} of {len(wide)}")


def listed(store: object) -> None:
    """Each pair of reports sharing a story, by its two file names (to the terminal only: they hold
    title words of the eval set)."""
    from storyline.store.sqlite import SQLiteStore

    assert isinstance(store, SQLiteStore)
    members: dict[str, list[str]] = {}
    for a in store.article_ids():
        article = store.article(a)
        if article is not None and article.url:
            members.setdefault(store.story_of(a) or a, []).append(article.url.rsplit("/", 1)[1])
    for names in members.values():
        for x, y in itertools.combinations(sorted(names), 2):
            print(f"    {x} | {y}")


def labelled(store: object) -> None:
    """How many hand-labelled pairs of each kind share a story (``LABELS``)."""
    from storyline.store.sqlite import SQLiteStore

    assert isinstance(store, SQLiteStore)
    story = {}
    for a in store.article_ids():
        article = store.article(a)
        if article is not None and article.url:
            story[key(article.url.rsplit("/", 1)[1])] = store.story_of(a) or a
    counts: dict[str, list[int]] = {}
    for line in LABELS.read_text(encoding="utf-8").splitlines()[1:]:
        if line.startswith("#") or line.startswith("a\t"):
            continue
        a, b, label, _ = line.split("\t")
        if a not in story or b not in story:  # labels of another corpus (TempEval-3's)
            continue
        together = story[a] == story[b]
        counts.setdefault(label, [0, 0])[0 if together else 1] += 1
    said = ", ".join(f"{label} {c[0]} of {c[0] + c[1]}" for label, c in sorted(counts.items()))
    print(f"  hand-labelled pairs in one story: {said}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="train", choices=("train", "dev"))
    parser.add_argument("--recluster", action="store_true")
    parser.add_argument("--pairs", action="store_true", help="list the pairs sharing a story (terminal only)")
    args = parser.parse_args()
    if not (SHARED / args.split / "text").is_dir():
        raise SystemExit(f"needs {SHARED / args.split / 'text'} (../shared/eval)")
    from storyline import api
    from storyline.cluster.stories import recluster
    from storyline.eval.spans import jsonl
    from storyline.options import Options
    from storyline.store.sqlite import SQLiteStore

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "polnear.jsonl"
        n = jsonl(SHARED / args.split / "text", path)
        options = Options(db=str(Path(tmp) / "store.db"))
        store = SQLiteStore(options.db)
        started = time.monotonic()
        api.ingest([str(path)], store=store, options=options)
        print(f"PolNeAR {args.split}: {n} articles ingested in {time.monotonic() - started:.1f} s (ingest as shipped)")
        spans(store)
        if args.pairs:
            listed(store)
        if args.split == "train":
            labelled(store)
        if args.recluster:
            recluster(store, options)
            print("after recluster:")
            spans(store)
            if args.split == "train":
                labelled(store)


if __name__ == "__main__":
    main()
