from __future__ import annotations

from storyline.cluster.batch import Item, cluster
from storyline.cluster.refine import split_story, year_split, years_disagree

# FICTIONAL term vectors: two patch releases of one browser, years apart (shared kind words 1-3,
# each event its own names 10-12 / 20-22), and six reports of one event with varied wording.
KIND = {1: 0.5, 2: 0.4, 3: 0.3}


def _vec(extra: dict[int, float]) -> dict[int, float]:
    v = {**KIND, **extra}
    n = sum(x * x for x in v.values()) ** 0.5
    return {t: x / n for t, x in v.items()}


TWO_EVENTS = [_vec({10: 0.9, 11 + k % 2: 0.4}) for k in range(4)] + [_vec({20: 0.9, 21 + k % 2: 0.4}) for k in range(4)]


def test_a_story_holding_two_events_years_apart_is_split_in_two() -> None:
    vecs = TWO_EVENTS
    years = [frozenset({"2008"})] * 4 + [frozenset({"2013"})] * 4
    halves = split_story([f"a{k}" for k in range(8)], vecs, years)
    assert halves is not None and sorted(map(sorted, halves)) == [[0, 1, 2, 3], [4, 5, 6, 7]]


def test_well_separated_halves_without_conflicting_years_stay_one_story() -> None:
    vecs = TWO_EVENTS
    assert split_story([f"a{k}" for k in range(8)], vecs, [frozenset({"2013"})] * 8) is None


ONE_EVENT = [_vec({10: 0.9, 11 + k % 3: 0.4, 30 + k: 0.3}) for k in range(8)]


def test_reports_that_never_name_the_year_the_others_all_name_are_split_off_when_they_read_apart() -> None:
    # the first release's reports name no year at all, so the years cannot disagree; the year the
    # other four all name proposes the cut, and the text keeps the two halves apart
    years = [frozenset()] * 4 + [frozenset({"2013"})] * 4
    halves = split_story([f"a{k}" for k in range(8)], TWO_EVENTS, years)
    assert halves is not None and sorted(map(sorted, halves)) == [[0, 1, 2, 3], [4, 5, 6, 7]]


def test_a_year_some_reports_of_one_event_name_does_not_split_it() -> None:
    years = [frozenset()] * 4 + [frozenset({"2013"})] * 4
    assert split_story([f"a{k}" for k in range(8)], ONE_EVENT, years) is None


def test_the_year_cut_needs_the_year_absent_from_the_other_half_and_named_by_enough_reports() -> None:
    from storyline.cluster.refine import _matrix

    m = _matrix(TWO_EVENTS)
    # one report of the first release names the year too: after 2-means it sits with its own event
    assert year_split(m, [frozenset({"2013"})] + [frozenset()] * 3 + [frozenset({"2013"})] * 4) is None
    # a year only two reports name proposes no cut
    assert year_split(m, [frozenset()] * 6 + [frozenset({"2013"})] * 2) is None


def test_years_disagree_only_when_each_half_lacks_the_other_half_main_year() -> None:
    assert years_disagree([frozenset({"2008"})] * 3, [frozenset({"2013"})] * 3)
    assert not years_disagree([frozenset({"2008"})] * 3, [frozenset({"2013", "2008"})] * 3)
    assert not years_disagree([frozenset()] * 3, [frozenset({"2013"})] * 3)


def test_a_lone_article_joins_the_closest_story_and_the_result_ignores_input_order() -> None:
    items = [Item(f"m{k}", _vec({10: 0.6, 11 + k: 0.5}), None) for k in range(3)]
    items.append(Item("lone", _vec({10: 0.2, 30: 0.9, 31: 0.9}), None))
    items.append(Item("other", {40: 0.8, 41: 0.6}, None))
    groups = cluster(items, 0.3)
    assert groups == [["m0", "m1", "m2", "lone"], ["other"]]
    assert {frozenset(g) for g in cluster(items[::-1], 0.3)} == {frozenset(g) for g in groups}


def test_two_groups_about_the_same_days_with_close_centroids_are_joined_and_far_days_are_not() -> None:
    from storyline.cluster.refine import join_dated

    vecs = {f"a{k}": _vec({10: 0.9, 11 + k % 2: 0.4}) for k in range(6)}
    near = {f"a{k}": f"2013-05-{10 + k % 2:02d}" for k in range(6)}
    groups = [["a0", "a2", "a4"], ["a1", "a3", "a5"]]
    assert join_dated(groups, vecs, near) == [["a0", "a2", "a4", "a1", "a3", "a5"]]
    far = {**near, "a1": "2013-09-10", "a3": "2013-09-10", "a5": "2013-09-11"}
    assert join_dated(groups, vecs, far) == groups
    undated = {**near, "a1": None, "a3": None}
    assert join_dated(groups, vecs, undated) == groups


# FICTIONAL: two recalls of one carmaker's model, years apart. The kind words (1-3) dominate every
# report, so 2-means halves read alike (separation ~0.9); but each report's nearest reports are
# those of its own recall (terms 10 / 20), so the story's neighbour graph falls apart cleanly.
ALIKE_EVENTS = [_vec({10: 0.25, 100 + k: 0.35}) for k in range(4)] + [_vec({20: 0.25, 200 + k: 0.35}) for k in range(4)]


def test_a_clean_neighbour_graph_cut_with_disagreeing_years_splits_events_that_read_alike() -> None:
    from storyline.cluster.refine import _matrix, graph_cut, separation

    m = _matrix(ALIKE_EVENTS)
    crossing, labels = graph_cut(m)
    assert crossing < 0.01 and sorted(labels[:4]) == [labels[0]] * 4 and labels[0] != labels[4]
    assert separation(m, labels) > 0.8  # 2-means' separation test alone would keep them together
    years = [frozenset({"2008"})] * 4 + [frozenset({"2013"})] * 4
    halves = split_story([f"a{k}" for k in range(8)], ALIKE_EVENTS, years)
    assert halves is not None and sorted(map(sorted, halves)) == [[0, 1, 2, 3], [4, 5, 6, 7]]


def test_a_clean_graph_cut_alone_or_years_alone_do_not_split() -> None:
    # the same clean cut, years agreeing: one event told by two groups of outlets
    assert split_story([f"a{k}" for k in range(8)], ALIKE_EVENTS, [frozenset({"2013"})] * 8) is None
    # years disagreeing across reports whose neighbours mix (one event): no clean cut
    years = [frozenset({"2008"})] * 4 + [frozenset({"2013"})] * 4
    assert split_story([f"a{k}" for k in range(8)], ONE_EVENT, years) is None
