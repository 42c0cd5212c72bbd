"""The cross-block pass for ``batch.second_look`` (docs/spark.md): what the Spark job's workers run
for it, and the whole pass in one process (``look_pass``). No pyspark import here.

``second_look`` takes the lone articles left after ``evidence`` in canonical order. Each ranks the
stories under ``SMALL`` by the blocking keys they share with its ``LOOK_TERMS`` heaviest terms
(``Postings`` made once, before any article joins: the ranking depends only on the groups
``evidence`` left) and keeps the ``CANDIDATES`` first. What it then does (``batch.look``) reads
only those stories as they stand by then; and it looks at all only if no earlier article joined
its own group. An article that joins changes two groups: the story it joins and its own (emptied).
So an article's decision can differ from the one it makes against the groups ``evidence`` left
only where an earlier article's join changed one of its stories, or its own group.

The lone articles and the stories on their lists, linked, fall into sets that never touch
(``plan``); a set of up to ``SEQUENTIAL`` lone articles is looked at by ``second_look`` itself in
one task (``looked``). In a larger set, rounds (``settle``): every unit of at most ``UNIT``
articles decides at once (``decided``: its articles in order, against the groups as ``evidence``
left them and the joins from outside last played, with the rows of the stories they ask about);
then the decisions are played in canonical order on the driver (ids only), which gives each
article the changes made before its turn (its *view*); those whose view is not the one they
decided against decide again against it, until none is.
The earliest article whose view changed always decides against the right view, so each round
settles at least one more article and the last gives ``second_look``'s groups exactly; in practice
joins are rare and the rounds few. Applying the joins touches only the stories joined (each a
story of at most ``SMALL`` articles, with the rows of its joiners).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from typing import Any

from ..cluster.batch import LOOK_TERMS, SMALL, Item, _cached, centroid_of, look, second_look
from ..cluster.vectors import CANDIDATES, Vector, index_keys_of, query_keys_of
from .storywork import Part, _packed, components, features_by, written

UNIT = 64  # lone articles decided in one task of a round: each asks about up to CANDIDATES stories
# A link set (lone articles and the stories they ask about, linked) with at most this many lone
# articles is looked at in one task, in order (``second_look`` itself, as the job did before the
# rounds): exact, one Spark job fewer than a round, and bounded. Larger sets go by rounds.
SEQUENTIAL = 2000

# A story's changes by an article's turn: (lone articles that joined it, in canonical order; its
# lone member left it). An article's view holds the changed ones of the stories it asks about.
Change = tuple[tuple[str, ...], bool]
View = dict[str, Change]
# A unit of a round: its articles in canonical order, each with the stories (first members) it
# asks about; the joins before them from outside it, as last played: (order key, article, story).
Unit = tuple[list[tuple[str, list[str]]], list[tuple[str, str, str]]]


def look_entries(part: Part) -> list[tuple[str, list[int]]]:
    """(first member, blocking keys) of the groups under ``SMALL`` after ``evidence``, the keys
    ``second_look`` indexes them by (its members' ``LOOK_TERMS`` heaviest terms, each member's month)."""
    rows, groups = part
    by_id = {r["id"]: r for r in rows}
    return [
        (g[0], sorted({k for m in g for k in index_keys_of(_top(by_id[m]), by_id[m]["date"])}))
        for g in groups
        if len(g) < SMALL
    ]


def look_asks(part: Part) -> list[tuple[str, str, list[int]]]:
    """(article, its canonical order key, query keys) of the articles alone after ``evidence``,
    as ``second_look`` looks them up."""
    rows, groups = part
    by_id = {r["id"]: r for r in rows}
    return [
        (g[0], by_id[g[0]]["order"], query_keys_of(_top(by_id[g[0]]), by_id[g[0]]["date"]))
        for g in groups
        if len(g) == 1
    ]


def _top(row: Mapping[str, Any]) -> list[int]:
    return _packed(row).top_terms(LOOK_TERMS)


def ranked(article: str, counts: Mapping[str, int]) -> list[str]:
    """The stories (first members) ``second_look`` asks ``article`` about, of those sharing
    ``counts`` keys with it: the ``CANDIDATES`` sharing most (ties to the smaller first member, the
    order of ``second_look``'s positions), its own group counted there and then left out."""
    return [h for h in sorted(counts, key=lambda h: (-counts[h], h))[:CANDIDATES] if h != article]


def look_links(parts: Iterable[Part]) -> list[tuple[str, str, str]]:
    """(lone article, its order key, first member of a story it asks about) over all ``parts``
    (each a set of blocks after ``second_phase``), as the Spark job finds them with a key join."""
    parts = list(parts)
    held: dict[int, list[str]] = {}
    for part in parts:
        for head, keys in look_entries(part):
            for k in keys:
                held.setdefault(k, []).append(head)
    out: list[tuple[str, str, str]] = []
    for part in parts:
        for article, order, keys in look_asks(part):
            counts = Counter(h for k in keys for h in held.get(k, ()))
            out.extend((article, order, h) for h in ranked(article, counts))
    return out


def asking(links: Iterable[tuple[str, str, str]]) -> tuple[list[str], dict[str, list[str]]]:
    """(the lone articles that ask about any story, in canonical order; article -> those stories)."""
    asks: dict[str, list[str]] = {}
    order: dict[str, str] = {}
    for a, o, h in links:
        asks.setdefault(a, []).append(h)
        order[a] = o
    return sorted(asks, key=order.__getitem__), asks


def plan(
    links: list[tuple[str, str, str]],
) -> tuple[dict[str, str], list[str], dict[str, list[str]], dict[str, str]]:
    """The second look's work for ``links`` (``look_links``): (group (first member) -> its link
    set ``look n``, for the sets of at most ``SEQUENTIAL`` lone articles, each looked at in one task
    (``looked``); the lone articles of the larger sets in canonical order, the stories each asks
    about and their order keys, for ``settle``)."""
    comp = components([(a, h) for a, _, h in links])
    lone, asks = asking(links)
    count = Counter(comp[a] for a in lone)
    small = {n for n, c in count.items() if c <= SEQUENTIAL}
    sets = {h: f"look {n}" for h, n in comp.items() if n in small}
    big = [a for a in lone if comp[a] not in small]
    return sets, big, {a: asks[a] for a in big}, {a: o for a, o, _ in links if comp[a] not in small}


def settle(
    lone: Sequence[str],
    asks: Mapping[str, list[str]],
    order: Mapping[str, str],
    decide: Callable[[dict[str, Unit]], Mapping[str, tuple[str | None, View | None]]],
    size: int | None = None,
) -> tuple[dict[str, Change], list[int]]:
    """``second_look``'s changes (story -> ``Change``; stories unchanged left out) and the number
    of articles decided in each round. ``lone``: the articles that ask (``asks``), in canonical
    order (``order``: their keys); ``decide``: per unit (``units``), article -> (the story it joins
    or None, the view it decided against; None where it did not look), run on the workers
    (``decided``). The decisions are played in canonical order, each article's view taken at its
    turn; those whose view differs from the one they decided against decide again, until none does."""
    size = size or UNIT
    seen: dict[str, View | None] = {}
    guess: dict[str, str | None] = {}
    todo = list(lone)
    played: list[tuple[str, str]] = []
    rounds = []
    while True:
        rounds.append(len(todo))
        for got in decide(units(todo, asks, order, played, size)).items():
            a, (guess[a], seen[a]) = got
        joined: dict[str, list[str]] = {}
        gone: set[str] = set()
        todo, played = [], []
        for a in lone:
            if a in joined:
                continue  # an earlier article joined it: not alone at its turn, it does not look
            view = {h: (tuple(joined.get(h, ())), h in gone) for h in asks[a] if h in joined or h in gone}
            if view != seen[a]:
                todo.append(a)
            story = guess[a]
            if story is not None:
                joined.setdefault(story, []).append(a)
                gone.add(a)
                played.append((a, story))
        if not todo:
            return {h: (tuple(joined.get(h, ())), h in gone) for h in {*joined, *gone}}, rounds


def units(
    todo: list[str],
    asks: Mapping[str, list[str]],
    order: Mapping[str, str],
    played: list[tuple[str, str]],
    size: int = UNIT,
) -> dict[str, Unit]:
    """``todo`` (in canonical order) cut into units of ``size`` articles, keyed ``unit n``: each
    with the stories its articles ask about, and the joins ``played`` (the last play) by articles
    outside it, before its last article, that change its articles' stories or own groups. Nearby
    articles ask about nearby stories (the date window), and a unit plays its own articles' joins
    in order: most of the dependence stays inside a unit."""
    out = {}
    for n, k in enumerate(range(0, len(todo), size)):
        ids = todo[k : k + size]
        inside = set(ids)
        touched = inside | {h for a in ids for h in asks[a]}
        last = order[ids[-1]]
        events = [
            (order[b], b, h)
            for b, h in played
            if b not in inside and order[b] < last and (h in touched or b in touched)
        ]
        out[f"unit {n}"] = ([(a, asks[a]) for a in ids], events)
    return out


def needs(by_unit: Mapping[str, Unit]) -> dict[str, list[str]]:
    """Group (first member, as ``evidence`` left it) -> the units that need its rows: its articles'
    own groups, the stories they ask about, and the groups of the articles whose joins it plays."""
    out: dict[str, set[str]] = {}
    for u, (articles, events) in by_unit.items():
        for h in [*(a for a, _ in articles), *(h for _, heads in articles for h in heads), *(b for _, b, _ in events)]:
            out.setdefault(h, set()).add(u)
    return {h: sorted(us) for h, us in out.items()}


def pieces_for(part: Part, need: Mapping[str, list[str]]) -> list[tuple[str, Part]]:
    """(unit or set, (member rows, [group])) of ``part``'s groups that ``need`` sends anywhere."""
    rows, groups = part
    by_id = {r["id"]: r for r in rows}
    return [(u, ([by_id[m] for m in g], [g])) for g in groups if g[0] in need for u in need[g[0]]]


def decided(pieces: Iterable[Part], unit: Unit, threshold: float) -> dict[str, tuple[str | None, View | None]]:
    """Article -> (the story (first member) it joins or None, the view it decided against; None
    where an earlier join left it not alone) for each article of ``unit``: its articles and the
    joins from outside played in canonical order, each article deciding by ``batch.look`` as
    ``second_look`` runs it (exactly ``second_look`` where the joins from outside are right);
    ``pieces``: the groups ``needs`` sends."""
    by_id: dict[str, dict[str, Any]] = {}
    base: dict[str, list[str]] = {}
    for rows, groups in pieces:
        by_id.update((r["id"], r) for r in rows)
        base.update((g[0], g) for g in groups)
    order = {m: k for k, m in enumerate(sorted(by_id, key=lambda m: by_id[m]["order"]))}

    @cache
    def vec(m: str) -> Vector:
        return _packed(by_id[m]).dict()

    features = features_by(by_id)  # one ``Features`` an article, for the pair model's keeping too
    p = _cached(features, vec)

    states: dict[tuple[str, tuple[str, ...]], tuple[Vector, float]] = {}

    def centroid(h: str, group: list[str]) -> tuple[Vector, float]:
        key = (h, tuple(group))
        if key not in states:
            states[key] = centroid_of(group, vec)
        return states[key]

    def date_of(m: str) -> str | None:
        return by_id[m]["date"]

    def choose(a: str, heads: list[str], view: View) -> str | None:
        asked = [(h, members(base[h], view.get(h), order)) for h in heads]
        return look(a, date_of(a), asked, date_of, vec, centroid, p, features, order, threshold)

    return play(unit, lambda a: by_id[a]["order"], choose)


def play(
    unit: Unit, order_of: Callable[[str], str], choose: Callable[[str, list[str], View], str | None]
) -> dict[str, tuple[str | None, View | None]]:
    """``decided``'s turns: the unit's articles and the joins from outside in canonical order;
    each article alone at its turn chooses (``choose``: article, stories it asks about, view) and
    its join changes the view of those after it."""
    articles, events = unit
    turns: list[tuple[str, str, str | list[str]]] = [(order_of(a), a, heads) for a, heads in articles]
    turns = sorted(turns + list(events), key=lambda t: t[0])  # order keys are unique
    joined: dict[str, list[str]] = {}
    gone: set[str] = set()
    out: dict[str, tuple[str | None, View | None]] = {}
    for _, a, what in turns:
        story: str | None
        if isinstance(what, str):  # a join from outside
            story = what
        elif a in joined:
            out[a] = (None, None)
            continue
        else:
            view = {h: (tuple(joined.get(h, ())), h in gone) for h in what if h in joined or h in gone}
            story = choose(a, what, view)
            out[a] = (story, view)
        if story is not None:
            joined.setdefault(story, []).append(a)
            gone.add(a)
    return out


def members(group: list[str], change: Change | None, order: Mapping[str, int]) -> list[str]:
    """A story's members after ``change`` (None: as ``evidence`` left it), in canonical order."""
    if change is None:
        return group
    joined, left = change
    kept = [m for m in group if not (left and m == group[0])]
    return sorted([*kept, *joined], key=order.__getitem__)


def change_sets(changes: Mapping[str, Change]) -> dict[str, str]:
    """First member of a group (as ``evidence`` left it) -> ``join`` + the first member of the
    story it goes to, of the groups ``settle``'s joins change: a story joined, and its joiners."""
    out = {}
    for h, (joined, _) in changes.items():
        if joined:
            out[h] = "join " + h
            out.update((j, "join " + h) for j in joined)
    return out


def after_look(key: str, pieces: list[Part], changes: Mapping[str, Change], threshold: float) -> Part:
    """The groups of one set after the second look: a link set looked at in order (``look n``),
    or one story ``settle`` joined (``join`` + its first member)."""
    if key.startswith("join "):
        return applied(pieces, key[5:], changes[key[5:]])
    return looked(pieces, threshold)


def applied(pieces: list[Part], head: str, change: Change) -> Part:
    """One story joined (``head``, ``change``): its rows and the joiners' (``pieces``), and its group."""
    rows = sorted((r for rs, _ in pieces for r in rs), key=lambda r: r["order"])
    story = next(g for _, gs in pieces for g in gs if g[0] == head)
    order = {r["id"]: k for k, r in enumerate(rows)}
    return rows, [members(story, change, order)]


def looked(parts: list[Part], threshold: float) -> Part:
    """``batch.second_look`` on the groups of ``parts`` together, in one process: (rows in canonical
    order, groups sorted by their first member)."""
    rows = sorted((r for rs, _ in parts for r in rs), key=lambda r: r["order"])
    by_id = {r["id"]: r for r in rows}
    groups = sorted((g for _, gs in parts for g in gs), key=lambda g: g[0])
    items = [Item(r["id"], _packed(r), r["date"], frozenset(r["years"])) for r in rows]
    return rows, second_look(groups, items, threshold, features_by(by_id))


def in_sets(part: Part, sets: Mapping[str, str]) -> list[tuple[str, Part]]:
    """(set, (member rows, [group])) of ``part``'s groups that ``sets`` holds."""
    rows, groups = part
    by_id = {r["id"]: r for r in rows}
    return [(sets[g[0]], ([by_id[m] for m in g], [g])) for g in groups if g[0] in sets]


def outside(part: Part, sets: Mapping[str, str]) -> Part:
    """``part`` less the groups ``sets`` holds (and their rows)."""
    rows, groups = part
    kept = [g for g in groups if g[0] not in sets]
    ids = {m for g in kept for m in g}
    return [r for r in rows if r["id"] in ids], kept


def look_pass(settled: list[Part], threshold: float, stats: list[Any] | None = None) -> list[dict[str, Any]]:
    """The stories of all sets of blocks after ``second_phase`` (``settled``), the second look's
    pass in one process as the Spark job runs it (``stories.cross_block``): ``written`` rows.
    ``stats``, where given, gets (articles decided per round, (articles, groups) of the largest
    unit) of the sets that go by rounds."""
    links = look_links(settled)
    sets, lone, asks, order = plan(links)
    largest = [0, 0]

    def decide(by_unit: dict[str, Unit]) -> dict[str, tuple[str | None, View | None]]:
        need = needs(by_unit)
        got: dict[str, list[Part]] = {}
        for part in settled:
            for u, piece in pieces_for(part, need):
                got.setdefault(u, []).append(piece)
        out: dict[str, tuple[str | None, View | None]] = {}
        for u, unit in by_unit.items():
            largest[:] = max(largest, [len(unit[0]), len(got[u])])
            out.update(decided(got[u], unit, threshold))
        return out

    changes, rounds = settle(lone, asks, order, decide)
    if stats is not None:
        stats.append((rounds, tuple(largest)))
    sets |= change_sets(changes)
    out = [r for part in settled for r in written(outside(part, sets), threshold)]
    together: dict[str, list[Part]] = {}
    for part in settled:
        for s, piece in in_sets(part, sets):
            together.setdefault(s, []).append(piece)
    return out + [r for s, ps in together.items() for r in written(after_look(s, ps, changes, threshold), threshold)]
