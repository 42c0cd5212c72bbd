"""Web throughput: requests/s and latency percentiles for the story page and the search API on a
10k-article store, first idle, then while an ingest (with extraction) writes to the same store.

What it does, so the figures can be read:
- builds a store: the two seed reports (../shared/seeds, read in place) ingested through the full
  pipeline, plus N generated fictional articles inserted with extraction off (``add_article``) and
  grouped five to a story with ``ensure_story``/``set_story`` (cheap: no clustering);
- starts ``storyline serve`` in its own process (one uvicorn worker) on a loopback port;
- a load generator (threads with keep-alive httpx clients, in this process) sends a bounded run per
  endpoint: at most ``--requests`` requests or ``--seconds`` seconds, whichever ends first;
- phase 2 repeats the run while ``storyline ingest`` reads ``--ingest`` generated text files into
  the same store with extraction on (a separate process).

    python benchmarks/bench_web.py                      # 10k articles, 400 requests per endpoint
    python benchmarks/bench_web.py --articles 2000 --requests 200   # quicker

Prints what it measured; no pass/fail. On a shared 2-core machine, read the ratios, not the absolutes.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from storyline import api
from storyline.options import Options
from storyline.readers import new_article
from storyline.store.sqlite import SQLiteStore

CLUSTER = importlib.util.find_spec("storyline.cluster.stories") is not None  # story assignment landed?
SEEDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "seeds"
OUTLETS = ["Harbour Herald", "Valley Times", "Northern Post", "Civic Ledger", "Tideline", "Morning Wire"]
PLACES = ["Port Avel", "Lindmark", "Osterfeld", "Caravel Bay", "Mirren", "Tolland", "Ashgrove", "Brenna"]
PEOPLE = ["Lina Ostrova", "Tomas Vell", "Ada Marrow", "Kei Santoro", "Ruth Calder", "Imre Szabo", "Noor Hadid"]
TOPICS = ["harbour", "bridge", "election", "flood", "budget", "strike", "festival", "railway", "school", "clinic"]
SYLLABLES = ["ka", "lo", "mer", "tis", "an", "vel", "dor", "ri", "sun", "pa", "gel", "ton", "bre", "ul", "mi"]
VOCAB = sorted({a + b + c for a in SYLLABLES for b in SYLLABLES for c in ("", "n", "s", "ra")})  # invented words
VERBS = ["opened", "delayed", "approved", "rejected", "announced", "postponed", "funded", "reviewed"]


def fictional_body(rng: random.Random, story: int) -> tuple[str, str]:
    """A short invented report (title, body) on the topic of ``story``; every name is made up."""
    topic, place = TOPICS[story % len(TOPICS)], PLACES[story % len(PLACES)]
    person = PEOPLE[story % len(PEOPLE)]
    verb = VERBS[story % len(VERBS)]
    n = rng.randint(20, 900)
    sentences = [
        f"{place} officials {verb} the {topic} plan on {rng.choice(['Monday', 'Tuesday', 'Friday'])}.",
        f"“We will see it through,” {person} said, adding that {n} residents had written in.",
        f"The council expects a decision on the {topic} by {rng.choice(['March', 'June', 'October'])}.",
        f"Critics in {rng.choice(PLACES)} said the {topic} costs had grown by {rng.randint(2, 40)} percent.",
        f"Case {story}-{rng.randint(1000, 9999)} remains open, according to a city statement.",
    ]
    rng.shuffle(sentences)
    filler = " ".join(rng.choice(VOCAB) for _ in range(rng.randint(60, 160)))
    return f"{place} {topic} {verb}", " ".join(sentences) + "\n\n" + filler + "."


def build_store(path: str, n: int, seed: int = 7) -> str:
    """Seeds through the full pipeline, then ``n`` fictional articles five to a story; the seed story id."""
    options = Options(db=path, cluster=CLUSTER)
    rng = random.Random(seed)
    with SQLiteStore(path) as store:
        report = api.ingest([str(SEEDS)], store, options)
        seed_story = store.story_of(report.ingested[0].id) if report.ingested else None
        if seed_story is None:  # clustering off or not joined: put the seeds in one story ourselves
            seed_story = "s-seeds"
            store.ensure_story(seed_story, "US–Mexico migration talks", "bench")
            for a in report.ingested:
                store.set_story(a.id, seed_story, None, {"bench": True})
        with store.transaction():
            for i in range(n):
                story = i // 5
                title, body = fictional_body(rng, story)
                day = f"2031-{1 + story % 12:02d}-{1 + i % 28:02d}"
                article = new_article(
                    body, outlet=OUTLETS[i % len(OUTLETS)], published=day, title=title, source=f"bench:{i}"
                )
                store.add_article(article)
                store.ensure_story(f"bench-{story}", title, "bench")
                store.set_story(article.id, f"bench-{story}", None, {"bench": True})
    return seed_story


def write_ingest_files(folder: Path, n: int, seed: int = 11) -> None:
    rng = random.Random(seed)
    for i in range(n):
        title, body = fictional_body(rng, 100_000 + i)
        (folder / f"fictional-{i:04d}.txt").write_text(f"{title}\n\n{body}\n", encoding="utf-8")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def load(url_for: Callable[[random.Random], str], requests: int, seconds: float, workers: int) -> dict[str, float]:
    """A bounded run: ``requests`` requests or ``seconds`` seconds; latencies in ms."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.monotonic() + seconds
    budget = iter(range(requests))

    def worker(k: int) -> None:
        nonlocal errors
        rng = random.Random(k)
        with httpx.Client(timeout=60) as client:
            while time.monotonic() < stop:
                with lock:
                    if next(budget, None) is None:
                        return
                t0 = time.perf_counter()
                response = client.get(url_for(rng))
                took = (time.perf_counter() - t0) * 1000
                with lock:
                    latencies.append(took)
                    errors += response.status_code != 200

    t0 = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(k,)) for k in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    latencies.sort()
    return {
        "n": len(latencies),
        "errors": errors,
        "wall_s": wall,
        "rps": len(latencies) / wall if wall else 0.0,
        "p50": statistics.median(latencies) if latencies else float("nan"),
        "p95": latencies[int(0.95 * (len(latencies) - 1))] if latencies else float("nan"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=400, help="per endpoint and phase")
    parser.add_argument("--seconds", type=float, default=30.0, help="per endpoint and phase")
    parser.add_argument("--workers", type=int, default=8, help="concurrent client threads")
    parser.add_argument("--ingest", type=int, default=150, help="files the concurrent ingest reads")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-web-") as tmp:
        db = str(Path(tmp) / "bench.db")
        t0 = time.perf_counter()
        seed_story = build_store(db, args.articles)
        with SQLiteStore(db) as store:
            total = store.count_articles()
        print(
            f"store: {total} articles ({args.articles} fictional, extract off, 5 per story) "
            f"built in {time.perf_counter() - t0:.1f}s; seed story {seed_story}"
        )
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        env = {**os.environ, "STORYLINE_DB": db}
        server = subprocess.Popen(
            [sys.executable, "-m", "storyline.cli", "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait(base)
            words = ["harbour", "bridge", "Mirren", "budget strike", "Osterfeld council", "residents", "Blinken"]
            endpoints: dict[str, Callable[[random.Random], str]] = {
                "story page (seeds, full comparison)": lambda r: f"{base}/stories/{seed_story}",
                "story page (fictional, 5 articles)": lambda r: (
                    f"{base}/stories/bench-{r.randrange(args.articles // 5)}"
                ),
                "search API /api/articles?q=": lambda r: f"{base}/api/articles?q={r.choice(words)}&limit=20",
            }
            for url_for in endpoints.values():  # warm caches, parse templates
                httpx.get(url_for(random.Random(0)), timeout=60)
            results: dict[tuple[str, str], dict[str, float]] = {}
            for name, url_for in endpoints.items():
                results[("idle", name)] = load(url_for, args.requests, args.seconds, args.workers)
            folder = Path(tmp) / "incoming"
            folder.mkdir()
            write_ingest_files(folder, args.ingest)
            ingest = subprocess.Popen(
                [sys.executable, "-m", "storyline.cli", "ingest", str(folder), *([] if CLUSTER else ["--no-cluster"])],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            t_ingest = time.perf_counter()
            time.sleep(3)  # let the ingest load spaCy and start writing
            for name, url_for in endpoints.items():
                results[("ingest", name)] = load(url_for, args.requests, args.seconds, args.workers)
            still = ingest.poll() is None
            _, err = ingest.communicate()
            ingest_s = time.perf_counter() - t_ingest
            with SQLiteStore(db) as store:
                added = store.count_articles() - total
        finally:
            server.terminate()
            server.wait(15)

    print(
        f"load: {args.workers} client threads, bounded at {args.requests} requests or {args.seconds:.0f}s "
        "per endpoint and phase; server: 1 uvicorn process; loopback"
    )
    print(
        f"concurrent ingest ({'extract + cluster' if CLUSTER else 'extract, no clustering'}): "
        f"{added} of {args.ingest} fictional files stored in {ingest_s:.1f}s "
        f"(rc {ingest.returncode}; {'still running when the load ended' if still else 'finished during the load'})"
    )
    if ingest.returncode not in (0, None):
        print("ingest stderr:", err.decode()[-500:])
    print(f"\n{'phase':7} {'endpoint':38} {'n':>5} {'err':>4} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8}")
    for (phase, name), r in results.items():
        print(f"{phase:7} {name:38} {r['n']:5.0f} {r['errors']:4.0f} {r['rps']:7.1f} {r['p50']:8.1f} {r['p95']:8.1f}")
    for name in endpoints:
        idle, busy = results[("idle", name)], results[("ingest", name)]
        print(f"ingest/idle req/s ratio, {name}: {busy['rps'] / idle['rps']:.2f}")


def _wait(base: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/api/stories?limit=1", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.3)
    raise SystemExit("the server did not start")


if __name__ == "__main__":
    main()
