"""Online story assignment speed as the store grows: articles/s, ms/article, CPU, peak RSS.

Generates synthetic articles (random words from a fixed vocabulary; each story has its own topic
words, names and a date; Facts with entity mentions built directly, no spaCy). Up to each
checkpoint less ``--window`` the store is *bulk-filled*: the same code as online ingestion
(add_article + put_facts + ``assign``, in article order) but ``--batch`` articles per transaction
and a large page cache, so the store ends up exactly as online ingestion leaves it; only the
commit granularity differs. The last ``--window`` articles before each checkpoint are then timed
the way ``api.ingest`` runs them: one transaction per article, default page cache. Wall time is
shown next to CPU time because the machine may be shared. Peak RSS is the high-water mark of the
timed window (reset before it where Linux allows; else the process's peak so far).

In the timed window the stories each ``--regroup`` articles touched are regrouped after them, as
``api.ingest`` does after each batch (1: every article ingested on its own, the dearest case; 0:
never); its time is shown per article apart from ``assign``'s, and is in the totals. "assign cpu" is
the median CPU ms of one article's ``assign``, "regroup cpu" the median CPU ms a regroup call cost
per article it took (CPU time is the figure to trust on a shared machine). The fill
regroups after each of its transactions too, so the stored stories are those ingest leaves.

B3 is the B³ F1 of the stored stories against the stories the articles were generated from (a
sanity check of the grouping at scale: the generated stories are random words, not news).

``--recluster`` sizes: after that checkpoint, a copy of the store is reclustered in a child
process (wall, CPU, its peak RSS), limited to ``--recluster-timeout`` seconds.

    python benchmarks/bench_cluster.py                                # 1000,10000,100000
    python benchmarks/bench_cluster.py --sizes 1000,10000 --window 300 --recluster 1000,10000
    python benchmarks/bench_cluster.py --db /tmp/b.db --sizes 100000  # reuse/extend a filled store
    python benchmarks/bench_cluster.py --db /tmp/b.db --sizes 100000 --recluster 100000  # (re)time recluster
    python benchmarks/bench_cluster.py --sizes 10000 --sites 200  # pages with their sites' boilerplate
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from storyline.cluster import background
from storyline.cluster.regroup import regroup
from storyline.cluster.stories import assign, recluster
from storyline.eval.ecb import b_cubed
from storyline.options import Options
from storyline.records import Article, Facts, Mention
from storyline.store.sqlite import SQLiteStore

FILL_CACHE_KIB = 256 * 1024
PER_DAY = 137  # articles a day (100k over two years), whatever the size: density stays the same


def _word(rng: random.Random) -> str:
    return "".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(rng.randint(2, 4)))


def generate(
    n: int, seed: int = 7, truth: dict[str, int] | None = None, sites: int = 0
) -> Iterator[tuple[Article, Facts]]:
    """``n`` articles in ingest order, lazily (100k bodies are not held at once); article i is the
    same whatever ``n``, so a filled store can be extended. ``truth`` gets each article's story.
    ``sites``: article i is published on site i % ``sites``, its body between that site's lines
    (navigation above, a pitch and a footer below: ``cluster/boilerplate.py``)."""
    own = random.Random(seed + 1)  # the sites' lines, drawn apart so the articles stay the same
    templates = [
        tuple(" ".join(_word(own) for _ in range(own.randint(6, 14))).capitalize() + "." for _ in range(3))
        for _ in range(sites)
    ]
    rng = random.Random(seed)
    vocab = [_word(rng) for _ in range(20_000)]
    names = [_word(rng).title() + " " + _word(rng).title() for _ in range(8_000)]
    start = dt.date(2022, 1, 1)
    stories: list[tuple[list[str], list[str], dt.date, str]] = []
    for i in range(n):
        if not stories or rng.random() < 0.25:  # about 4 articles per story
            day = start + dt.timedelta(days=i // PER_DAY)
            stories.append((rng.sample(vocab, 25), rng.sample(names, 4), day, str(rng.randint(2, 999))))
        k = max(0, len(stories) - 1 - int(rng.expovariate(0.05)))
        topic, people, day, figure = stories[k]
        words = [rng.choice(topic) if rng.random() < 0.35 else rng.choice(vocab) for _ in range(rng.randint(120, 300))]
        chosen = rng.sample(people, 3)
        for person in chosen:
            words.insert(rng.randrange(len(words)), person)
        # a lede as reports of one event write it: its main person, its figure and most of the
        # story's first topic words, in each report's own order (the pair model reads the lede)
        lede = [*rng.sample(topic[:6], 5), figure]
        rng.shuffle(lede)
        lede_text = f"{chosen[0]} " + " ".join(lede)
        sentences = [" ".join(words[j : j + 15]).capitalize() for j in range(0, len(words), 15)]
        body = ". ".join([lede_text, *sentences]) + "."
        outlet = None
        if sites:
            nav, pitch, footer = templates[i % sites]
            body, outlet = f"{nav}\n{body}\n{pitch}\n{footer}", f"Site {i % sites}"
        published = (day + dt.timedelta(days=rng.randint(0, 3))).isoformat()
        aid = f"a{i:07d}"
        if truth is not None:
            truth[aid] = k
        mentions = []
        for person in chosen:
            at = body.find(person)
            mentions.append(Mention(aid, at, at + len(person), person, "PERSON", person.lower(), person))
        article = Article(id=aid, body=body, outlet=outlet, published=published, content_hash=f"h{i}")
        yield article, Facts(aid, tuple(mentions))


def _reset_peak() -> bool:
    """Reset the process's RSS high-water mark (Linux ≥ 4.0); False where that is not possible."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def peak_rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _ingest(store: SQLiteStore, article: Article, facts: Facts, options: Options) -> tuple[float, float]:
    """One article as ``api.ingest`` stores it; seconds spent in ``assign`` (wall, CPU)."""
    with store.transaction():
        store.add_article(article)
        store.put_facts(facts, "bench")
        t, cpu = time.perf_counter(), time.process_time()
        assign(store, article, options)
        return time.perf_counter() - t, time.process_time() - cpu


def _fill(
    store: SQLiteStore, data: Iterator[tuple[Article, Facts]], count: int, options: Options, batch: int, again: bool
) -> None:
    """``count`` articles through the online path, ``batch`` of them per transaction (regrouped
    after each transaction when ``again``)."""
    store.db.execute(f"PRAGMA cache_size=-{FILL_CACHE_KIB}")
    left = count
    while left > 0:
        with store.transaction():
            ids = []
            for _ in range(min(batch, left)):
                article, facts = next(data)
                _ingest(store, article, facts, options)
                ids.append(article.id)
                left -= 1
            if again:
                regroup(store, ids, options)
    store.db.execute("PRAGMA cache_size=-2000")  # back to SQLite's default for the timed window
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def b3(store: SQLiteStore, truth: dict[str, int]) -> float:
    """B³ F1 of the stored stories against the stories the articles were generated from."""
    rows = store.db.execute("SELECT article, story FROM story_articles").fetchall()
    return b_cubed([str(truth[a]) for a, _ in rows], [s for _, s in rows])[2]


def _recluster_child(db: str) -> None:
    store = SQLiteStore(db)
    t, cpu = time.perf_counter(), time.process_time()
    named = store.get_meta(background.META_KEY) or "builtin"  # the background the fill used
    n = recluster(store, Options(db=db, story_background=named))
    print(f"{time.perf_counter() - t:.2f} {time.process_time() - cpu:.2f} {peak_rss_mb():.0f} {n}", flush=True)
    store.close()


def _recluster(store: SQLiteStore, tmp: str, timeout: int, truth: dict[str, int]) -> str:
    copy = str(Path(tmp) / "recluster.db")
    Path(copy).unlink(missing_ok=True)
    target = sqlite3.connect(copy)
    store.db.backup(target)
    target.close()
    try:
        out = subprocess.run(
            [sys.executable, __file__, "--recluster-child", copy],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        ).stdout.split()
        done = SQLiteStore(copy)
        out.append(f"{b3(done, truth):.3f}")
        done.close()
    except subprocess.TimeoutExpired:
        return f"recluster: not finished within {timeout}s (stopped)"
    except subprocess.CalledProcessError as exc:
        return f"recluster failed: {exc.stderr.strip().splitlines()[-1:]}"
    finally:
        Path(copy).unlink(missing_ok=True)
    wall, cpu, rss, n, f1 = out
    return f"recluster: {wall}s wall, {cpu}s CPU, peak RSS {rss} MB, {n} stories, B3 {f1}"


HEADS = (
    "stored",
    "articles/s",
    "ms/article",
    "cpu ms",
    "assign ms",
    "regroup ms",
    "assign cpu",
    "regroup cpu",
    "stories",
    "peak RSS MB",
    "fill s",
    "B3",
)
WIDTHS = (8, 11, 11, 7, 10, 11, 11, 12, 8, 12, 8, 6)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--window", type=int, default=300, help="articles timed before each checkpoint")
    parser.add_argument("--batch", type=int, default=1000, help="articles per transaction while filling")
    parser.add_argument("--fill", choices=("batch", "online"), default="batch", help="online: 1 tx/article")
    parser.add_argument("--regroup", type=int, default=1, help="regroup after this many timed articles (0: never)")
    parser.add_argument("--recluster", default="", help="checkpoints after which to time a full recluster")
    parser.add_argument("--recluster-timeout", type=int, default=600)
    parser.add_argument("--db", help="SQLite file to fill or extend (default: a temporary one)")
    parser.add_argument("--background", default="builtin", help="story_background: builtin, none or a file")
    parser.add_argument("--sites", type=int, default=0, help="spread the articles over this many sites' pages")
    parser.add_argument("--recluster-child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.recluster_child:
        _recluster_child(args.recluster_child)
        return
    sizes = sorted(int(s) for s in args.sizes.split(","))
    reclusters = {int(s) for s in args.recluster.split(",") if s}
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "bench.db")
        store = SQLiteStore(db)
        options = Options(db=db, story_background=args.background)
        done = store.count_articles()
        truth: dict[str, int] = {}
        data = generate(sizes[-1], truth=truth, sites=args.sites)
        for _ in range(done):  # an existing store holds the first articles already
            next(data)
        print(f"store {db}: {done} articles already; window {args.window}, fill {args.fill} x{args.batch}", flush=True)
        print(" ".join(f"{h:>{w}}" for h, w in zip(HEADS, WIDTHS, strict=True)), flush=True)
        for size in sizes:
            if size <= done:
                if size == done and size in reclusters:  # a store filled earlier (--db): recluster it as it is
                    print(f"{done:>8} (already stored)", flush=True)
                    print("   " + _recluster(store, tmp, args.recluster_timeout, truth), flush=True)
                continue
            window = min(args.window, size - done)
            t = time.perf_counter()
            fill_batch = args.batch if args.fill == "batch" else 1
            _fill(store, data, size - window - done, options, fill_batch, args.regroup > 0)
            fill_s, done = time.perf_counter() - t, size - window
            exact = _reset_peak()
            start, cpu, assign_s, regroup_s = time.perf_counter(), time.process_time(), 0.0, 0.0
            assign_cpu: list[float] = []
            regroup_cpu: list[float] = []
            pending: list[str] = []
            for k in range(window):
                article, facts = next(data)
                wall, used = _ingest(store, article, facts, options)
                assign_s += wall
                assign_cpu.append(used)
                pending.append(article.id)
                if args.regroup and (len(pending) >= args.regroup or k == window - 1):
                    t, used = time.perf_counter(), time.process_time()
                    regroup(store, pending, options)
                    regroup_s += time.perf_counter() - t
                    regroup_cpu.append((time.process_time() - used) / len(pending))
                    pending = []
            done += window
            elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
            n_stories = store.db.execute("SELECT count(*) FROM stories").fetchone()[0]
            print(
                f"{done:>8} {window / elapsed:>11.0f} {1000 * elapsed / window:>11.2f} {1000 * cpu / window:>7.2f} "
                f"{1000 * assign_s / window:>10.2f} {1000 * regroup_s / window:>11.2f} "
                f"{1000 * statistics.median(assign_cpu):>11.2f} "
                f"{1000 * statistics.median(regroup_cpu) if regroup_cpu else 0.0:>12.2f} {n_stories:>8} "
                f"{peak_rss_mb():>11.0f}{'' if exact else '*'} "
                f"{fill_s:>8.0f} {b3(store, truth):>6.3f}",
                flush=True,
            )
            if size in reclusters:
                print("   " + _recluster(store, tmp, args.recluster_timeout, truth), flush=True)
        store.close()


if __name__ == "__main__":
    main()
