"""Online story assignment speed as the store grows: articles/s, ms/article, peak RSS.

Generates synthetic articles (random words from a fixed vocabulary; each story has its own topic
words, names and a date; Facts with entity mentions built directly, no spaCy) and ingests them the
way ``api.ingest`` does: add_article + put_facts + ``assign`` in one transaction per article.
Timings are for the window of articles just before each checkpoint, so growth is visible.

    python benchmarks/bench_cluster.py                 # checkpoints 1000,10000,100000
    python benchmarks/bench_cluster.py --sizes 1000,10000 --window 500
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from storyline.cluster.stories import assign
from storyline.options import Options
from storyline.records import Article, Facts, Mention
from storyline.store.sqlite import SQLiteStore


def _word(rng: random.Random) -> str:
    return "".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(rng.randint(2, 4)))


def generate(n: int, seed: int = 7) -> list[tuple[Article, Facts]]:
    rng = random.Random(seed)
    vocab = [_word(rng) for _ in range(20_000)]
    names = [_word(rng).title() + " " + _word(rng).title() for _ in range(8_000)]
    start = dt.date(2022, 1, 1)
    stories: list[tuple[list[str], list[str], dt.date]] = []
    out = []
    for i in range(n):
        if not stories or rng.random() < 0.25:  # about 4 articles per story
            day = start + dt.timedelta(days=int(730 * i / n))
            stories.append((rng.sample(vocab, 25), rng.sample(names, 4), day))
        topic, people, day = stories[max(0, len(stories) - 1 - int(rng.expovariate(0.05)))]
        words = [rng.choice(topic) if rng.random() < 0.35 else rng.choice(vocab) for _ in range(rng.randint(120, 300))]
        chosen = rng.sample(people, 3)
        for person in chosen:
            words.insert(rng.randrange(len(words)), person)
        body = ". ".join(" ".join(words[j : j + 15]).capitalize() for j in range(0, len(words), 15)) + "."
        published = (day + dt.timedelta(days=rng.randint(0, 3))).isoformat()
        aid = f"a{i:07d}"
        mentions = []
        for person in chosen:
            at = body.find(person)
            mentions.append(Mention(aid, at, at + len(person), person, "PERSON", person.lower(), person))
        out.append((Article(id=aid, body=body, published=published, content_hash=f"h{i}"), Facts(aid, tuple(mentions))))
    return out


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--window", type=int, default=1000, help="articles timed before each checkpoint")
    parser.add_argument("--db", help="SQLite file (default: a temporary one)")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    t0 = time.perf_counter()
    data = generate(sizes[-1])
    print(f"generated {len(data)} articles in {time.perf_counter() - t0:.1f}s", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "bench.db")
        store = SQLiteStore(db)
        options = Options(db=db)
        heads = ("stored", "articles/s", "ms/article", "assign ms", "cpu ms", "stories", "peak RSS MB")
        print(" ".join(f"{h:>{w}}" for h, w in zip(heads, (8, 11, 11, 10, 7, 8, 12), strict=True)))
        done = 0
        for size in sizes:
            window = min(args.window, size - done)
            while done < size - window:  # fill up untimed
                _ingest(store, *data[done], options)
                done += 1
            start, cpu, assign_s = time.perf_counter(), time.process_time(), 0.0
            while done < size:
                assign_s += _ingest(store, *data[done], options)
                done += 1
            elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
            n_stories = store.db.execute("SELECT count(*) FROM stories").fetchone()[0]
            print(
                f"{done:>8} {window / elapsed:>11.0f} {1000 * elapsed / window:>11.2f} "
                f"{1000 * assign_s / window:>10.2f} {1000 * cpu / window:>7.2f} {n_stories:>8} {peak_rss_mb():>12.0f}",
                flush=True,
            )
        store.close()


def _ingest(store: SQLiteStore, article: Article, facts: Facts, options: Options) -> float:
    with store.transaction():
        store.add_article(article)
        store.put_facts(facts, "bench")
        t = time.perf_counter()
        assign(store, article, options)
        return time.perf_counter() - t


if __name__ == "__main__":
    sys.exit(main())
