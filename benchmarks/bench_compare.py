"""How long recomputing the comparison of one story takes, on generated (fictional) facts.

Builds a story of N articles (default 50) whose facts overlap the way real coverage does: a shared
pool of quotes (whole or as fragments), figures (some agreeing, some disagreeing for the same day)
and events, plus facts of each article's own. Prints the median wall time of ``build_story_from``
(entity merge, alignment, comparison, timeline, summary) over several runs, its CPU time (the wall
time is inflated when the cores are shared), and the time of each aligner alone.
Run: python benchmarks/bench_compare.py [--articles 50] [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time

from storyline.compare import report as report_mod
from storyline.compare.align import EntityIndex, Sources, align_figures, align_quotes
from storyline.compare.eventlinks import event_context, link_events
from storyline.options import Options
from storyline.records import Article, Event, Facts, Figure, Mention, Quote, TimeExpr

# Invented words with a Zipf-like frequency, as in real text (a handful common, most rare).
_SYLLABLES = ["ka", "lo", "mi", "ter", "san", "vu", "pel", "dor", "ri", "nas", "tu", "gen", "ba", "sol", "fi"]
WORDS = [a + b + c for a in _SYLLABLES for b in _SYLLABLES for c in ("", "n", "s", "ro")][:3000]
WEIGHTS = [1 / (rank + 1) for rank in range(len(WORDS))]
PEOPLE = ["Ana Ruiz", "Tom Vale", "Ines Moro", "Kofi Lamb", "Lea Strand", "Omar Pike", "Uma Reyes", "Bo Tran"]
PLACES = ["Puerto Sol", "Gullport", "Pelican Point", "Outer Isles"]
UNITS = ["passengers", "ferries", "workers", "tonnes", "permits"]
VERBS = [
    ("meet", "meeting"),
    ("visit", "visit"),
    ("sign", "agreement"),
    ("close", "closure"),
    ("arrest", "enforcement"),
]


def sentence(rng: random.Random, n: int = 12) -> str:
    return " ".join(rng.choices(WORDS, WEIGHTS, k=n)).capitalize() + "."


def make_article(i: int, rng: random.Random, pool: dict) -> tuple[Article, Facts]:
    aid = f"art{i:03d}"
    parts: list[str] = []
    quotes, figures, events, mentions, dates = [], [], [], [], []

    def add(text: str) -> tuple[int, int]:
        start = sum(len(p) + 1 for p in parts)
        parts.append(text)
        return start, start + len(text)

    for k in range(30):
        add(sentence(rng))
        if k % 3 == 0:
            person = rng.choice(PEOPLE)
            s, e = add(f"{person} spoke.")
            mentions.append(Mention(aid, s, s + len(person), person, "PERSON", person.lower(), person))
    for k in range(10):
        shared = rng.random() < 0.5
        text = rng.choice(pool["quotes"]) if shared else "“" + sentence(rng, 14) + "”"
        if shared and rng.random() < 0.4:  # a fragment of the shared quote
            w = text.strip("“”.").split()
            a = rng.randrange(0, len(w) - 5)
            text = "“" + " ".join(w[a : a + 5]) + "”"
        s, e = add(text)
        quotes.append(Quote(f"{aid}:q{k}", aid, s, e, text, True, "said", rng.choice(PEOPLE)))
    for k in range(8):
        unit = rng.choice(UNITS)
        value = rng.choice(pool["values"]) * (1 if rng.random() < 0.8 else 1.3)
        text = f"{value:,.0f}"
        s, e = add(f"Officials counted {text} {unit} on Tuesday.")
        s += len("Officials counted ")
        date = rng.choice(["2031-03-11", "2031-03-12", "2031-03"])
        figures.append(
            Figure(
                f"{aid}:f{k}",
                aid,
                s,
                s + len(text),
                text,
                value,
                approx=rng.random() < 0.5,
                unit=unit,
                predicate="counted",
                date=date,
                place=rng.choice(PLACES),
            )
        )
        dates.append(TimeExpr(f"{aid}:t{k}", aid, e - 8, e - 1, "Tuesday", date))
    for k in range(10):
        verb, cls = rng.choice(VERBS)
        actor, target = rng.choice(PEOPLE), rng.choice(PLACES + PEOPLE)
        text = f"{actor} {verb}s {target}"
        s, e = add(text + ".")
        events.append(
            Event(
                f"{aid}:v{k}",
                (aid,),
                actor,
                verb,
                target,
                rng.choice([None, "2031-03-11", "2031-04"]),
                None,
                text,
                aid,
                s,
                s + len(text),
                cls,
            )
        )
    body = " ".join(parts)
    dup = f"art{i - 1:03d}" if i % 10 == 9 else None  # a few wire copies
    art = Article(aid, body, outlet=f"Outlet {i % 37}", published="2031-03-13", duplicate_of=dup)
    return art, Facts(aid, tuple(mentions), tuple(quotes), tuple(figures), tuple(dates), tuple(events))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(7)
    pool = {"quotes": ["“" + sentence(rng, 16) + "”" for _ in range(40)], "values": [300, 1200, 7000, 9000, 45]}
    made = [make_article(i, rng, pool) for i in range(args.articles)]
    articles, facts = [a for a, _ in made], [f for _, f in made]
    options = Options()
    report_mod.build_story_from(articles, facts, options)  # warm caches and imports
    times, cpu = [], []
    for _ in range(args.runs):
        t, c = time.perf_counter(), time.process_time()
        story = report_mod.build_story_from(articles, facts, options)
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    sources = Sources(articles)
    bodies = {a.id: a.body for a in articles}
    stage: dict[str, float] = {}
    t = time.perf_counter()
    align_quotes([q for f in facts for q in f.quotes], sources)
    stage["quotes"] = time.perf_counter() - t
    t = time.perf_counter()
    align_figures([x for f in facts for x in f.figures], bodies, sources)
    stage["figures"] = time.perf_counter() - t
    t = time.perf_counter()
    mentions = [m for f in facts for m in f.mentions]
    context = event_context(bodies, mentions, {m.key: m.key for m in mentions}, {f.article: f.dates for f in facts})
    link_events([x for f in facts for x in f.events], EntityIndex({p: p for p in PEOPLE}), sources, context)
    stage["events"] = time.perf_counter() - t
    n = {k: sum(len(getattr(f, k)) for f in facts) for k in ("quotes", "figures", "events", "mentions")}
    median = statistics.median(times)
    print(f"story: {args.articles} articles, {n} (generated, fictional)")
    print(f"machine load average (1 min): {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(
        f"build_story_from median of {args.runs}: {median * 1000:.1f} ms (min {min(times) * 1000:.1f}, "
        f"max {max(times) * 1000:.1f}); budget 200 ms -> {median / 0.2:.2f} of budget"
    )
    print(
        f"build_story_from CPU time (what it costs without other processes on the cores): median "
        f"{statistics.median(cpu) * 1000:.1f} ms, min {min(cpu) * 1000:.1f} ms"
    )
    print("alignment alone: " + ", ".join(f"{k} {v * 1000:.1f} ms" for k, v in stage.items()))
    c = story.comparison
    print(
        f"result: {len(c.agreed)} agreed, {len(c.possible)} possible, {sum(len(v) for v in c.unique.values())} unique, "
        f"{len(c.conflicts)} conflicts, {len(story.timeline)} moments, {len(story.summary)} summary lines"
    )


if __name__ == "__main__":
    main()
