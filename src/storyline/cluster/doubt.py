"""Doubtful links: two related stories that may be one event, kept apart, with a probability and why.

``related`` links stories of one topic; most are other events, but some are one event the
clusterer left in two stories (its evidence fell short). The pair model (``pairs``) tells them
apart: a link's ``p`` is the mean of the model's probability over the pairs of the two stories'
``CENTRAL`` most central members (closest to their story's centroid among its first ``SCAN``),
as ``batch.evidence`` reads a member against the rest of its group. A link at ``POSSIBLE`` or
more is shown apart as "possibly the same event" (``kind`` "possible"), else as a topic link.
The reason names what the two sides share (their heaviest names and numbers) and what differs
(years on one side only, the heaviest names only one side has, publication days far apart).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..extractors.aliases import informative_name
from ..store import Store
from ..text import is_news_year
from . import background, occurrence, pairs
from .batch import SAME_EVENT
from .features import Features
from .kept import Kept
from .state import load_state, member_features, n_docs
from .vectors import Vector, similarity, weigh

CENTRAL = 3  # members per story the pair model reads (up to 9 pairs per link)
SCAN = 12  # members of a story looked at to find its central ones
# The band: the lowest threshold at which a "possible" link was one gold event at least half the
# time on mixes of the ECB+ train topics (benchmarks/bench_doubtful_links.py, seeds 0-11, 175
# links): 0.6 -> 20 of 35 (0.571; topic links below it 0.236); 0.5 -> 0.477; 0.7 -> 7 of 10.
# Dev topics (65 links): 8 of 17 (0.471; topic 0.229). Those were the stories-12 model's; kept for
# stories-14's signed model: train 27 of 41 (0.659; topic 0.307), dev 10 of 17 (0.588; topic 0.215);
# stories-15 (ledes' words and years): train 17 of 21 (0.810; topic 0.297), dev 6 of 8 (0.750; topic 0.167).
POSSIBLE = 0.6
SHOWN = 3  # names per list in a reason
KEPT = 4096  # stories whose central members are kept between views (a store opened per request)


@dataclass(frozen=True, slots=True)
class Doubt:
    p: float  # mean pair-model probability over the central members' cross pairs
    kind: str  # "possible" (p >= POSSIBLE) or "topic"
    shared: tuple[str, ...]  # heaviest names / numbers both sides give
    words: tuple[str, ...]  # heaviest other words both sides use
    differs: tuple[str, ...]  # e.g. "years: 2021 here, 2023 there", "only here: X"
    why: str  # one sentence for readers


_kept: Kept[list[tuple[Features, Vector]]] = Kept(KEPT)


class Members:
    """The central members (features, vectors) of stories looked at in one view, each loaded once.

    Reading them (tokenizing up to ``SCAN`` reports a story) was most of a link's cost, and the
    stories a view links to are the next views: they are kept across views (``KEPT``) while the
    store, the story's members, the document count (it moves with every report counted) and the
    background hold;
    not for an in-memory store, whose address names no one store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._central: dict[str, list[tuple[Features, Vector]]] = {}

    def central(self, story: str) -> list[tuple[Features, Vector]]:
        if story not in self._central:
            self._central[story] = self._cached(story)
        return self._central[story]

    def _cached(self, story: str) -> list[tuple[Features, Vector]]:
        url = getattr(self.store, "url", None)
        ids = self.store.story_articles(story)[:SCAN]
        if not url or ":memory:" in str(url):
            return self._load(story, ids)
        key = (url, story, tuple(ids), n_docs(self.store), self.store.get_meta(background.META_KEY))
        return _kept.get(key, lambda: self._load(story, ids))

    def _load(self, story: str, ids: list[str]) -> list[tuple[Features, Vector]]:
        state = load_state(self.store, story)
        loaded = []
        for a in ids:
            article, f = member_features(self.store, a)
            if not article.duplicate_of:
                loaded.append(f)
        if not loaded:
            return []
        terms = sorted({t for f in loaded for t in (*f.words, *f.specifics)})
        df, total = background.combine(
            self.store.cluster_df(terms), n_docs(self.store), background.of_store(self.store)
        )
        vecs = [weigh(f, df, max(total, 1)) for f in loaded]
        ranked = list(zip(loaded, vecs, strict=True))
        if state is not None and state.n > 0:
            ranked.sort(key=lambda fv: (-similarity(fv[1], state), fv[0].article))
        return ranked[:CENTRAL]


def doubt(members: Members, story: str, other: str) -> Doubt | None:
    """How likely ``story`` and ``other`` are one event, and why (read from ``story``'s side)."""
    mine, theirs = members.central(story), members.central(other)
    if not mine or not theirs:
        return None
    ps = [pairs.probability(f, g, v, w) for f, v in mine for g, w in theirs]
    p = round(sum(ps) / len(ps), 4)
    shared, differs = _reasons(mine, theirs)
    days = [d for f, _ in mine for g, _ in theirs if (d := pairs.days_apart(f, g)) is not None]
    if days and min(days) > pairs.time_prior()[0]:  # p was lowered for it (``pairs.in_time``)
        differs = (f"published {min(days)} days apart", *differs)
    words = _words(mine, theirs)
    kind = "possible" if p >= POSSIBLE else "topic"
    # stated final scores that differ prove two games, whatever the words say (``occurrence``)
    clash = next((c for f, _ in mine for g, _ in theirs if (c := occurrence.conflict(f.scores, g.scores))), None)
    if clash:
        kind, differs = "topic", (clash, *differs)
    return Doubt(p, kind, shared, words, differs, _sentence(p, kind, shared, words, differs, bool(clash)))


def _weights(side: list[tuple[Features, Vector]]) -> tuple[dict[int, float], dict[int, str]]:
    """Summed weight and a readable label of each name, number and year of one side's members."""
    weight: dict[int, float] = {}
    label: dict[int, str] = {}
    for f, vec in side:
        for h in f.specifics:
            weight[h] = weight.get(h, 0.0) + vec.get(h, 0.0)
            label.setdefault(h, f.names.get(h, ""))
    return weight, label


def _reasons(
    mine: list[tuple[Features, Vector]], theirs: list[tuple[Features, Vector]]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    wa, la = _weights(mine)
    wb, lb = _weights(theirs)
    labels = lb | la

    def shown(h: int) -> bool:
        text = labels.get(h, "")
        return bool(text) and ((text[:1].isdigit() and not is_news_year(text)) or informative_name(text))

    both = sorted((h for h in wa.keys() & wb.keys() if shown(h)), key=lambda h: (-min(wa[h], wb[h]), labels[h]))
    shared = tuple(dict.fromkeys(labels[h] for h in both))[:SHOWN]
    differs = []
    ya = sorted({la[h] for h in wa if is_news_year(la[h])})
    yb = sorted({lb[h] for h in wb if is_news_year(lb[h])})
    only_a, only_b = [y for y in ya if y not in yb], [y for y in yb if y not in ya]
    if only_a or only_b:
        differs.append(f"years: {', '.join(only_a) or 'none'} here, {', '.join(only_b) or 'none'} there")
    for name, w, other in (("here", wa, wb), ("there", wb, wa)):
        own = sorted(
            (h for h in w if h not in other and shown(h) and not labels[h][:1].isdigit()),
            key=lambda h: (-w[h], labels[h]),
        )
        names = tuple(dict.fromkeys(labels[h] for h in own))[:SHOWN]
        if names:
            differs.append(f"only {name}: {', '.join(names)}")
    return shared, tuple(differs)


def _words(mine: list[tuple[Features, Vector]], theirs: list[tuple[Features, Vector]]) -> tuple[str, ...]:
    weight: dict[int, list[float]] = {}
    labels: dict[int, str] = {}
    for k, side in enumerate((mine, theirs)):
        for f, vec in side:
            for h in f.words:
                weight.setdefault(h, [0.0, 0.0])[k] += vec.get(h, 0.0)
                labels.setdefault(h, f.names.get(h, ""))
    both = sorted(
        (h for h, (a, b) in weight.items() if a > 0 and b > 0 and labels[h]), key=lambda h: (-min(weight[h]), labels[h])
    )
    return tuple(labels[h] for h in both[:SHOWN])


def _sentence(
    p: float, kind: str, shared: tuple[str, ...], words: tuple[str, ...], differs: tuple[str, ...], proven: bool = False
) -> str:
    head = "may be the same event" if kind == "possible" else "same topic, likely another event"
    parts = [f"{head} (p = {p:.2f})"]
    if proven:  # the words alone would say one event; the stated scores say two
        parts = [f"same topic, another event (the words alone give p = {p:.2f})"]
    if shared:
        parts.append(f"both name {', '.join(shared)}")
    if words:
        parts.append(f"both say {', '.join(words)}")
    apart = "; ".join(differs) if differs else "few names in common"
    if p < SAME_EVENT:
        apart += f" (the clusterer joins at p >= {SAME_EVENT})"
    parts.append(f"kept apart: {apart}")
    return "; ".join(parts[:1]) + ": " + "; ".join(parts[1:])
