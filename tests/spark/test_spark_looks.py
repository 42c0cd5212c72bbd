"""The second look's pass in rounds (``spark/looks.py``) against ``second_look``'s loop in order, on
made-up articles and stories (ids only, no JVM): whatever the units, the same joins."""

from __future__ import annotations

import random
from typing import Any

import pytest

from storyline.spark.looks import View, members, play, settle


def _case(seed: int) -> tuple[list[str], dict[str, list[str]], dict[str, list[str]], set[tuple[str, str]]]:
    """(lone articles in canonical order, story -> members (the lone ones too), article -> the
    stories it asks about, the (article, story) pairs that may join)."""
    rng = random.Random(seed)
    lone = [f"a{n:02d}" for n in range(rng.randint(5, 25))]
    stories = {f"s{n:02d}": [f"s{n:02d}", f"t{n:02d}"][: rng.randint(1, 2)] for n in range(rng.randint(1, 6))}
    groups = {a: [a] for a in lone} | stories
    heads = sorted(groups)
    asks = {a: rng.sample([h for h in heads if h != a], min(len(heads) - 1, rng.randint(1, 6))) for a in lone}
    allowed = {(a, h) for a in lone for h in asks[a] if rng.random() < 0.4}
    return lone, groups, asks, allowed


def _sequential(lone: list[str], groups: dict[str, list[str]], asks: dict[str, list[str]], allowed: set) -> dict:
    """``second_look``'s loop: in order, each article still alone joins the first story it may
    join that stands at one or two members (a decision that reads what earlier joins did)."""
    out = {h: list(g) for h, g in groups.items()}
    for a in lone:
        if len(out[a]) != 1:
            continue
        for h in sorted(asks[a]):
            if (a, h) in allowed and 1 <= len(out[h]) <= 2:
                out[h] = sorted([*out[h], a])
                out[a] = []
                break
    return {h: g for h, g in out.items() if g != groups[h]}


def _rounds(seed: int, size: int) -> int:
    """The rounds ``settle`` took on case ``seed`` in units of ``size``; its joins checked."""
    lone, groups, asks, allowed = _case(seed)
    order = {m: m for g in groups.values() for m in g}  # ids sort in canonical order here
    place = {m: k for k, m in enumerate(sorted(order))}

    def choose(a: str, heads: list[str], view: View) -> str | None:
        for h in sorted(heads):
            if (a, h) in allowed and 1 <= len(members(groups[h], view.get(h), place)) <= 2:
                return h
        return None

    def decide(by_unit: dict) -> dict:
        return {a: got for unit in by_unit.values() for a, got in play(unit, order.__getitem__, choose).items()}

    changes, rounds = settle(lone, asks, order, decide, size)
    got = {h: members(groups[h], c, place) for h, c in changes.items()}
    assert got == _sequential(lone, groups, asks, allowed), seed
    return len(rounds)


@pytest.mark.parametrize("size", [1, 2, 3])
def test_rounds_give_the_joins_of_the_loop_in_order(size: int) -> None:
    rounds = [_rounds(seed, size) for seed in range(200)]
    # small units leave dependences between units: the rounds had work to do
    assert sum(1 for r in rounds if r > 2) > 10


def test_one_unit_is_the_loop_itself() -> None:
    assert all(_rounds(seed, 64) == 1 for seed in range(200))


def _mix_parts(dated: bool) -> tuple[list[Any], list[list[str]], float]:
    """Every group of a small mix (as ``test_spark_mix_blocks`` builds, seed 2) a block of its own: (parts,
    ``batch.cluster``'s groups on the whole, the threshold)."""
    from storyline.cluster.batch import cluster
    from storyline.eval import mix
    from storyline.options import Options
    from storyline.spark.blockwise import vectors
    from storyline.spark.storywork import features_of, first_phase

    # seed 2: undated, one of its second-look joins changes a later article's view (a second round);
    # seed 1 had one too until the pair model of stories-18, so the check below would notice a loss
    reports = mix.build(2, mix.EVAL, mix.halves()["dev"], distractors=30)
    arts = [r.article for r in reports]
    if dated:
        arts = [a.replace(published=d) for a, d in zip(arts, mix.week_dates(reports, 2), strict=True)]
    threshold = Options().story_threshold
    rows, items = vectors(arts)
    by_id = {r["id"]: r for r in rows}
    whole = cluster(items, threshold, lambda m: features_of(by_id[m]))
    _, groups = first_phase(rows)
    return [(f"g{k}", ([by_id[m] for m in g], [g])) for k, g in enumerate(groups)], whole, threshold


@pytest.mark.shared
@pytest.mark.parametrize("dated", [True, False], ids=["dated", "undated"])
def test_the_rounds_give_batch_cluster_s_stories(monkeypatch: pytest.MonkeyPatch, dated: bool) -> None:
    """The small mix, every group its own block, with every link set going by rounds in units of
    one lone article (no JVM: ``blockwise.stories_of``): ``batch.cluster``'s stories and ids."""
    from storyline.spark import blockwise, looks

    monkeypatch.setattr(looks, "SEQUENTIAL", 0)
    monkeypatch.setattr(looks, "UNIT", 1)
    stats: list[Any] = []
    monkeypatch.setattr(blockwise, "look_pass", lambda settled, threshold: looks.look_pass(settled, threshold, stats))
    parts, whole, threshold = _mix_parts(dated)
    story_of = blockwise.stories_of(dict(parts), threshold)
    # undated, ``second_look`` joins two lone reports: a view changed, a second round was needed
    assert len(stats[0][0]) > 1 or dated
    assert {frozenset(a for a, s in story_of.items() if s == x) for x in set(story_of.values())} == {
        frozenset(g) for g in whole
    }
    assert all(story_of[m] == "s-" + g[0] for g in whole for m in g)


@pytest.mark.spark
@pytest.mark.shared
@pytest.mark.parametrize("dated", [True, False], ids=["dated", "undated"])
def test_spark_s_rounds_give_batch_cluster_s_stories(spark: Any, monkeypatch: pytest.MonkeyPatch, dated: bool) -> None:
    """The same through the job's Spark steps (``stories.cross_block``): rounds as Spark jobs."""
    from storyline.spark import looks
    from storyline.spark.stories import cross_block

    monkeypatch.setattr(looks, "SEQUENTIAL", 0)
    monkeypatch.setattr(looks, "UNIT", 1)
    parts, whole, threshold = _mix_parts(dated)
    got = cross_block(spark, spark.sparkContext.parallelize(parts, 2), threshold).select("article", "story", "n")
    story_of = {r.article: r.story for r in got.collect()}
    assert all(story_of[m] == "s-" + g[0] for g in whole for m in g)
    assert len(set(story_of.values())) == len(whole)
    assert sorted(r.n for r in got.where("n is not null").collect()) == sorted(len(g) for g in whole)
