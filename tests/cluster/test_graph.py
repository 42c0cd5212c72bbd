from __future__ import annotations

from storyline.cluster.batch import Item
from storyline.cluster.graph import ONE_SIDED, average_linkage, neighbourhoods

# FICTIONAL term vectors: two events of one kind (shared kind terms 1-3 dominate every article), each
# event with its own names (10.. / 20..). Article-to-article similarity across the events is high,
# but each article's nearest neighbours are reports of its own event.


def _vec(extra: dict[int, float]) -> dict[int, float]:
    v = {1: 0.6, 2: 0.5, 3: 0.4, **extra}
    n = sum(x * x for x in v.values()) ** 0.5
    return {t: x / n for t, x in v.items()}


def _items() -> list[Item]:
    a = [Item(f"a{k}", _vec({10: 0.5, 11 + k % 3: 0.3}), None) for k in range(6)]
    b = [Item(f"b{k}", _vec({20: 0.5, 21 + k % 3: 0.3}), None) for k in range(6)]
    return [*a, *b]


def test_two_events_of_one_kind_fall_into_two_groups_by_their_neighbourhoods() -> None:
    items = _items()
    groups = average_linkage(neighbourhoods(items))
    assert [[items[i].id for i in g] for g in groups] == [[f"a{k}" for k in range(6)], [f"b{k}" for k in range(6)]]


def test_an_unrelated_article_stays_alone() -> None:
    items = [*_items(), Item("other", {40: 0.8, 41: 0.6}, None)]
    groups = average_linkage(neighbourhoods(items))
    assert [items[i].id for i in groups[-1]] == ["other"] and len(groups) == 3


def _dot(a: dict[int, float], b: dict[int, float]) -> float:
    return sum(x * b.get(t, 0.0) for t, x in a.items())


def test_a_link_only_one_article_chose_weighs_half_of_a_mutual_one() -> None:
    # seven close reports of one event pick each other; a loose report of another event picks five of
    # them as its nearest, but none of them picks it back: its links are one-sided, so weaker
    event = [Item(f"a{k}", _vec({10: 0.9, 11 + k % 2: 0.2}), None) for k in range(7)]
    loose = Item("x", _vec({10: 0.2, 30: 0.9}), None)
    items = [*event, loose]
    rows = neighbourhoods(items)
    x = len(items) - 1
    one_sided = [j for j in rows[x] if j != x]
    assert len(one_sided) == 5
    for j in one_sided:
        assert abs(rows[x][j] / rows[x][x] - ONE_SIDED * _dot(loose.vec, items[j].vec)) < 1e-9
    mutual = next(j for j in rows[0] if 0 < j < x)
    assert abs(rows[0][mutual] / rows[0][0] - _dot(items[0].vec, items[mutual].vec)) < 1e-9
