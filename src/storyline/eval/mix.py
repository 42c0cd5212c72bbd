"""A "week of news" mix: where most reports stand alone, and reports of one topic are not one story.

ECB+ is dense: every topic holds ~20 reports of two events, so nearly every report has many true
neighbours. A real week is the opposite. ``build`` makes a seeded, deterministic mix from
``../shared/eval`` (read in place):

- ECB+ sampled sparse: both events of each topic present, each with 1-4 reports (most with one:
  ``REPORTS``), so same-kind events of one topic meet with few true neighbours to hold them apart;
- PolNeAR articles (US political news) as distractors: unlabelled, so a PolNeAR report in one story
  with a labelled report is an error, and two PolNeAR reports together are not scored;
- the fictional demo corpus (``examples/demo``, five stories of its own);
- optionally (``tempeval``) TempEval-3 reports of 1989-1998 as distractors of every kind of news,
  unlabelled like PolNeAR's.

Every report is undated (a week of news all falls in one window, so dates tell little apart).

Background (``score_mixes``, ``measure``): the built-in story background is counted from ECB+
topics 1-35, the very reports a mix samples, so scoring with it leaks each event's words into how
rare they look. ``heldout`` (the default) samples one mix per half of the topics (``ecb_events``:
TRAIN_TOPICS, DEV_TOPICS) and scores it with a background counted, as ``storyline background
build`` counts, from the folder's other ECB+ topics only: a newsroom's background never holds this
week's events. ``builtin`` gives the earlier, leaky figure.

``scores`` gives pair precision and recall over the labelled reports (a predicted pair of which at
least one report is labelled is scored: right when both carry the same gold story), and B³ over the
labelled reports, where a predicted story's PolNeAR members count against precision.
"""

from __future__ import annotations

import hashlib
import random
import tempfile
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..options import Options
from ..records import Article, Facts
from . import ecb

EVAL = Path(__file__).resolve().parents[3] / ".." / "shared" / "eval"
DEMO = Path(__file__).resolve().parents[3] / "examples" / "demo"
REPORTS = ((1, 0.55), (2, 0.2), (3, 0.15), (4, 0.1))  # reports per ECB+ event and their chance
DISTRACTORS = 150  # PolNeAR articles per mix
# the demo's gold stories (tests/cluster/test_demo_stories.py, examples/demo/README.md)
DEMO_GOLD = {
    "vellan-courier_ostra-flood.txt": "A",
    "harbourline_ostra-flood.html": "A",
    "northwind-radio_feed.xml#2": "A",
    "meridian-press_kessel-crossing.txt": "B",
    "eastgate-herald_kessel-crossing.html": "B",
    "varrow-ledger.jsonl:1": "B",
    "vtn_rail-strike.txt": "C",
    "northwind-radio_feed.xml#1": "C",
    "varrow-ledger.jsonl:2": "C",
    "harbourline_feldrin-flood-2023.html": "D1",
    "varrow-ledger.jsonl:3": "D2",
}


@dataclass(frozen=True, slots=True)
class Report:
    article: Article
    gold: str | None  # gold story; None for an unlabelled distractor


def _article(doc_id: str, text: str, fmt: str) -> Article:
    digest = hashlib.sha256(text.encode()).hexdigest()
    return Article(id=doc_id, body=text, content_hash=f"{doc_id}:{digest}", format=fmt)


def ecb_articles(path: Path, leave_out: Collection[str] = frozenset()) -> Iterator[Article]:
    """The ECB+ documents under ``path`` whose topic is not in ``leave_out``, in a fixed order."""
    for f in sorted(path.glob("*/*.xml")):
        if f.parent.name not in leave_out:
            yield ecb._article(f.stem, ecb.read_document(f)[1])


def held_out_background(folder: Path, scored: Collection[str], eval_path: Path = EVAL) -> str:
    """A background file (written under ``folder``) counted from the ECB+ topics of ``eval_path``
    outside ``scored``, as ``storyline background build`` counts: each distinct document once."""
    from ..cluster import background

    name = hashlib.sha256(",".join(sorted(scored)).encode()).hexdigest()[:12]
    path = folder / f"heldout-{name}.json.gz"
    note = f"ECB+ topics other than {', '.join(sorted(scored, key=lambda t: (len(t), t)))}"
    background.build(path, (), ecb_articles(eval_path / "ecbplus", set(scored)), note)
    return str(path)


def halves() -> dict[str, frozenset[str]]:
    """The two fixed halves of the ECB+ topics (the event model's train and dev topics)."""
    from .ecb_events import DEV_TOPICS, TRAIN_TOPICS

    return {"train": frozenset(map(str, TRAIN_TOPICS)), "dev": frozenset(map(str, DEV_TOPICS))}


def ecb_reports(rng: random.Random, path: Path, topics: Collection[str] | None = None) -> list[Report]:
    """Both events of every topic (of ``topics``, when given), each with 1-4 sampled reports."""
    by_story: dict[str, list[Path]] = defaultdict(list)
    for f in sorted(path.glob("*/*.xml")):
        kind = "ecbplus" if f.name.endswith("ecbplus.xml") else "ecb"
        if topics is None or f.parent.name in topics:
            by_story[f"{f.parent.name}/{kind}"].append(f)
    counts = [k for k, _ in REPORTS]
    weights = [w for _, w in REPORTS]
    out = []
    for story in sorted(by_story):
        files = by_story[story]
        k = min(rng.choices(counts, weights)[0], len(files))
        for f in sorted(rng.sample(files, k)):
            gold, text = ecb.read_document(f)
            out.append(Report(_article("ecb-" + f.stem, text, "ecb+"), gold))
    return out


def polnear_reports(rng: random.Random, path: Path, n: int) -> list[Report]:
    files = sorted((path / "train" / "text").glob("*.txt")) + sorted((path / "dev" / "text").glob("*.txt"))
    return [
        Report(_article("pol-" + f.stem, f.read_text(encoding="utf-8"), "text"), None)
        for f in sorted(rng.sample(files, min(n, len(files))))
    ]


def tempeval_reports(rng: random.Random, path: Path, n: int) -> list[Report]:
    """``n`` TempEval-3 news reports (AQUAINT and TimeBank, 1989-1998) as unlabelled distractors of
    every kind of news, undated like the rest: a quake, a trial or a strike there meets ECB+'s
    events of the same kind from other years."""
    from .tempeval import read_tml

    if n <= 0:
        return []
    files = sorted(path.glob("*/*.tml"))
    return [
        Report(_article("te3-" + f.stem, read_tml(f)[0].strip(), "text"), None)
        for f in sorted(rng.sample(files, min(n, len(files))))
    ]


def demo_reports(path: Path = DEMO) -> list[Report]:
    from ..readers import read_sources

    out = []
    sources = [str(p) for p in sorted(path.iterdir()) if p.name != "README.md"]
    for item in read_sources(sources, Options()):
        if isinstance(item, Article):
            name = Path(item.source or "").name
            # undated like the rest; an id of its own
            article = item.replace(id="demo-" + hashlib.sha1(name.encode()).hexdigest()[:10], published=None)
            out.append(Report(article, "demo/" + DEMO_GOLD[name]))
    return out


def build(
    seed: int,
    eval_path: Path = EVAL,
    topics: Collection[str] | None = None,
    distractors: int = DISTRACTORS,
    demo: bool = True,
    tempeval: int = 0,
) -> list[Report]:
    """The mix of ``seed``, in a canonical order (by id): the same seed gives the same reports
    (``tempeval`` > 0 adds that many TempEval-3 distractors and leaves the rest as they were)."""
    rng = random.Random(seed)
    reports = ecb_reports(rng, eval_path / "ecbplus", topics)
    reports += polnear_reports(rng, eval_path / "polnear", distractors)
    reports += tempeval_reports(rng, eval_path / "tempeval3", tempeval)
    if demo:
        reports += demo_reports()
    return sorted(reports, key=lambda r: r.article.id)


WEEK = "2024-03-04"  # first day of the made-up week ``--dated`` spreads the reports over


def week_dates(reports: Sequence[Report], seed: int) -> list[str]:
    """A publication day of one week per report (the mix itself is undated), seeded: each gold
    story on a day of its own (its reports that day or the next), each distractor on any day. Made
    up (ECB+ and PolNeAR carry no usable dates): it lets ``join_dated`` take part, which needs dated
    groups (``benchmarks/bench_spark_mix.py --dated``)."""
    import datetime as dt

    rng = random.Random(seed)
    start = dt.date.fromisoformat(WEEK)
    story_day = {g: rng.randrange(7) for g in sorted({r.gold for r in reports if r.gold})}
    out = []
    for r in reports:
        day = min(story_day[r.gold] + rng.randrange(2), 6) if r.gold else rng.randrange(7)
        out.append((start + dt.timedelta(days=day)).isoformat())
    return out


def scores(gold: Sequence[str | None], pred: Sequence[str]) -> dict[str, Any]:
    """Pair precision and recall, and B³ over the labelled reports (see the module's note)."""
    members: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(pred):
        members[p].append(i)
    right = wrong = 0
    for group in members.values():
        labelled = [g for i in group if (g := gold[i]) is not None]
        unlabelled = len(group) - len(labelled)
        by_gold: dict[str, int] = defaultdict(int)
        for g in labelled:
            by_gold[g] += 1
        same = sum(n * (n - 1) // 2 for n in by_gold.values())
        right += same
        wrong += len(labelled) * (len(labelled) - 1) // 2 - same + len(labelled) * unlabelled
    sizes: dict[str, int] = defaultdict(int)
    for g in gold:
        if g is not None:
            sizes[g] += 1
    true_pairs = sum(n * (n - 1) // 2 for n in sizes.values())
    b3_p = b3_r = 0.0
    n = 0
    for i, g in enumerate(gold):
        if g is None:
            continue
        n += 1
        group = members[pred[i]]
        both = sum(1 for j in group if gold[j] == g)
        b3_p += both / len(group)
        b3_r += both / sizes[g]
    b3_p, b3_r = b3_p / max(n, 1), b3_r / max(n, 1)
    return {
        "pair_precision": right / (right + wrong) if right + wrong else 1.0,
        "pair_recall": right / true_pairs if true_pairs else 1.0,
        "b3_f1": 2 * b3_p * b3_r / (b3_p + b3_r) if b3_p + b3_r else 0.0,
        "predicted_pairs": right + wrong,
        "true_pairs": true_pairs,
    }


def run(
    reports: Sequence[Report],
    options: Options,
    seed: int,
    batch: int,
    inspect: Callable[[str, Any], None] | None = None,
    facts: Mapping[str, Facts] | None = None,
) -> dict[str, list[str]]:
    """The predicted story of each report: ``assign`` alone (arrival order shuffled by ``seed``),
    ingest as shipped (``assign`` and ``regroup`` after every ``batch`` arrivals), and ``recluster``
    over that store. ``facts`` (by report id) are stored with each report before ``assign``, as
    ingest stores them. ``inspect(mode, store)`` looks at each mode's store before it is closed
    (``benchmarks/bench_mix_errors.py``)."""
    from ..cluster.regroup import regroup
    from ..cluster.stories import assign, recluster
    from ..store.sqlite import SQLiteStore

    order = list(reports)
    random.Random(seed).shuffle(order)
    out: dict[str, list[str]] = {}
    for name, regrouping in (("assign", False), ("regroup", True)):
        store = SQLiteStore(":memory:")
        try:
            pending: list[str] = []
            for k, r in enumerate(order):
                store.add_article(r.article)
                if facts is not None and r.article.id in facts:
                    store.put_facts(facts[r.article.id], "mix")
                assign(store, store.article(r.article.id), options)
                pending.append(r.article.id)
                if regrouping and (len(pending) >= batch or k == len(order) - 1):
                    regroup(store, pending, options)
                    pending = []
            out[name] = [store.story_of(r.article.id) or r.article.id for r in reports]
            if inspect is not None:
                inspect(name, store)
            if regrouping:
                recluster(store, options)
                out["recluster"] = [store.story_of(r.article.id) or r.article.id for r in reports]
                if inspect is not None:
                    inspect("recluster", store)
        finally:
            store.close()
    return out


def facts_by_id(reports: Sequence[Report]) -> dict[str, Facts]:
    """Each report's Facts by its id, as ingest stores them (extracted once and kept: ``factcache``)."""
    from .factcache import facts_of

    return {f.article: f for f in facts_of([r.article for r in reports])}


@dataclass(frozen=True, slots=True)
class Scored:
    """One mix of one seed, clustered in one mode, scored."""

    half: str  # "train" or "dev" (ECB+ topics of that half), "all" (every topic)
    seed: int
    mode: str
    reports: int
    labelled: int
    scores: dict[str, Any]


def measure(
    seeds: Iterable[int],
    background: str = "heldout",
    half: str = "all",
    eval_path: Path = EVAL,
    options: Options | None = None,
    batch: int | None = None,
    distractors: int = DISTRACTORS,
    tempeval: int = 0,
    facts: bool = True,
) -> Iterator[Scored]:
    """Every mix of ``seeds`` in every mode, scored. ``background="heldout"``: a mix per half
    (``half="all"``: both), each scored with a background of the other topics; any other value is
    the ``story_background`` of every mix, and ``half="all"`` is then one mix of every topic.
    ``facts``: each report is stored with its extracted Facts, as ingest stores them (extracted
    once and kept on disk: ``factcache``)."""
    options = options or Options()
    parts = halves()
    if half != "all":
        names: list[str] = [half]
    else:
        names = list(parts) if background == "heldout" else ["all"]
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            topics = parts.get(name)  # None for "all": every topic
            bg = held_out_background(Path(tmp), topics or (), eval_path) if background == "heldout" else background
            picked = options.replace(story_background=bg)
            for seed in seeds:
                reports = build(seed, eval_path, topics, distractors, tempeval=tempeval)
                gold = [r.gold for r in reports]
                labelled = sum(1 for g in gold if g is not None)
                known = facts_by_id(reports) if facts else None
                for mode, pred in run(reports, picked, seed, batch or options.batch_size, facts=known).items():
                    yield Scored(name, seed, mode, len(reports), labelled, scores(gold, pred))


METRICS = ("pair_precision", "pair_recall", "b3_f1")


def summary(rows: Iterable[Scored]) -> dict[str, float]:
    """Mean and worst of every metric per mode over all ``rows`` (``regroup_pair_precision_mean``),
    and per half where there are several (``train_regroup_pair_precision_mean``)."""
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    names = set()
    for row in rows:
        names.add(row.half)
        groups[("", row.mode)].append(row.scores)
        groups[(row.half, row.mode)].append(row.scores)
    out: dict[str, float] = {}
    for (name, mode), found in groups.items():
        if name and len(names) < 2:
            continue
        prefix = f"{name}_" if name else ""
        for metric in METRICS:
            values = [float(s[metric]) for s in found]
            out[f"{prefix}{mode}_{metric}_mean"] = round(sum(values) / len(values), 4)
            out[f"{prefix}{mode}_{metric}_min"] = round(min(values), 4)
    return out


def score_mixes(
    path: str | Path | None = None,
    options: Options | None = None,
    seeds: Sequence[int] = (0, 1, 2),
    background: str = "heldout",
) -> dict[str, Any]:
    """Mean and worst pair precision, pair recall and B³ F1 over the mixes of ``seeds``, for
    ``assign`` alone, ingest as shipped (``regroup``) and ``recluster``; with the held-out
    background (see the module's note) over both halves' mixes and per half."""
    rows = measure(seeds, background, eval_path=Path(path) if path else EVAL, options=options)
    return {"seeds": list(seeds), "background": background, **summary(rows)}
