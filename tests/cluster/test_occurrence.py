"""Final scores as evidence of different occurrences (issue #14, ``cluster/occurrence.py``): what
reads as a final score and what does not; two games of one league on one night stay apart, one
game told by two outlets stays one story, a preview is not kept from its game's report.

The reports and sentences are FICTIONAL, written for these tests (invented teams, towns, people)."""

from __future__ import annotations

import pytest
from cluster_corpus import Ingest

from storyline.cluster.occurrence import conflict, final_scores
from storyline.cluster.stories import recluster
from storyline.options import Options
from storyline.store import Store


@pytest.mark.parametrize(
    ("text", "scores"),
    [
        ("The Fenwick Rovers won 4-2 at Lantern Park.", {"4-2"}),
        ("Arlow sealed a 3-1 victory with a late header.", {"3-1"}),
        ("The Marlow Foxes beat the Dunholt Bears 27-20 on Sunday.", {"27-20"}),
        ("Kessing drew 1-1 with Arlow Town.", {"1-1"}),
        ("The Bears lost 0-2 to the Foxes.", {"2-0"}),  # one game, told from either side
        ("Brenna Hawks won 112-108 in overtime.", {"112-108"}),
        ("a 2 - 0 win over Kessing", {"2-0"}),  # tokenised text, spaces around the dash
    ],
)
def test_a_final_score_next_to_a_result_word_is_read(text: str, scores: set[str]) -> None:
    assert final_scores(text) == scores


@pytest.mark.parametrize(
    "text",
    [
        "The council passed the plan after the 2-1 vote on Tuesday.",
        "Mayor Corvel won the 2-1 vote in the planning committee.",
        "The court issued a 3-2 ruling against the Velmar ferry operator.",
        "The judges ruled 5-4 and the appeal won.",
        "The ferry strike began on 12-27 and the union won a pay rise.",
        "Call 555-1234 to claim the tickets you won.",
        "The smugglers face 5-10 years in prison after the court defeat.",
        "The Rovers won 3-1-2 in the penalty draw lottery.",
        "The match was won on 2025-10-04 at Lantern Park.",
        "The Rovers led 1-0 at half-time at Lantern Park.",  # not a final score
        "The Colts (11-4) won their eighth straight game.",  # a season's record
        "The Saints are 7-7 after the loss and were eliminated.",
        "Arlow moved to 9-0 at home with the win.",
    ],
)
def test_votes_rulings_dates_ranges_and_records_are_not_final_scores(text: str) -> None:
    assert final_scores(text) == frozenset()


def test_a_score_late_in_a_report_is_another_game() -> None:
    """Only the opening lines say which game a report is about."""
    text = "Striker Mara Oduya signed a new contract with the Fenwick Rovers on Monday. " * 8
    assert final_scores(text + "She scored twice when the Rovers beat Kessing 2-0 last year.") == frozenset()


def test_conflict_needs_scores_on_both_sides_and_none_shared() -> None:
    assert conflict(frozenset({"2-0"}), frozenset({"1-1"})) == "different final scores: 2-0 vs 1-1"
    assert conflict(frozenset({"2-0", "1-0"}), frozenset({"2-0"})) is None
    assert conflict(frozenset({"2-0"}), frozenset()) is None
    assert conflict(frozenset(), frozenset()) is None


# one league, one night: two games, other teams, other scores, the same league words
LEAGUE_NIGHT = {
    "game_a-1": """date 2025-11-08
title Harwick City beat Ostley 3-1 to stay level with Tarnby in the Calder League
outlet Calder Sports Desk
Harwick City beat Ostley Athletic 3-1 in the Calder League on Saturday night to stay level on
points with Tarnby Rangers at the top of the table. Winger Pia Lund scored twice and City took a
penalty late in the second half. The Calder League title race between Harwick City and Tarnby
Rangers goes on, with both sides unbeaten at home this season.
""",
    "game_a-2": """date 2025-11-08
title Lund double keeps Harwick City level with Tarnby at the top
outlet Harwick Evening News
Pia Lund scored twice as Harwick City won 3-1 against Ostley Athletic on Saturday night, after
City led 1-0 at half-time, and the Calder League leaders stay level on points with Tarnby
Rangers. City took a penalty late in the second half. The title race between Harwick City and
Tarnby Rangers goes on, both still unbeaten at home this season.
""",
    "game_b-1": """date 2025-11-08
title Tarnby beat Welbeck 2-0 to stay level with Harwick City in the Calder League
outlet Calder Sports Desk
Tarnby Rangers beat Welbeck Town 2-0 in the Calder League on Saturday night to stay level on
points with Harwick City at the top of the table. Striker Otto Rask scored once and Tarnby took a
penalty late in the second half. The Calder League title race between Harwick City and Tarnby
Rangers goes on, with both sides unbeaten at home this season.
""",
    "game_b-2": """date 2025-11-08
title Rask on target as Tarnby keep pace with Harwick City
outlet Welbeck Courier
Otto Rask scored as Tarnby Rangers won 2-0 against Welbeck Town on Saturday night, and the
Calder League's joint leaders stay level on points with Harwick City. Tarnby took a penalty late
in the second half. The title race between Harwick City and Tarnby Rangers goes on, both still
unbeaten at home this season.
""",
}

# a preview (no score yet) and the report of the same game
PREVIEW = {
    "final-1": """date 2025-05-16
title Fenwick Rovers face Arlow Town in the Calder Cup final on Saturday
outlet Fenwick Gazette
The Fenwick Rovers meet Arlow Town in the Calder Cup final at Lantern Park on Saturday. Striker
Mara Oduya is fit after a knee injury, manager Dana Whitlow said, and goalkeeper Tobin Hale will
captain the Rovers in their first Calder Cup final since the club was founded.
""",
    "final-2": """date 2025-05-17
title Rovers win Calder Cup final 2-1 against Arlow Town
outlet Fenwick Gazette
The Fenwick Rovers won the Calder Cup final 2-1 against Arlow Town at Lantern Park on Saturday.
Striker Mara Oduya, back from a knee injury, scored the winner, and goalkeeper Tobin Hale lifted
the Calder Cup as captain in the club's first final. Manager Dana Whitlow praised the Rovers.
""",
}


def _stories(store: Store, ids: dict[str, str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for name, article in ids.items():
        out.setdefault(store.story_of(article) or "", set()).add(name.rsplit("-", 1)[0])
    return out


@pytest.mark.parametrize("batch_size", [1, 32])
def test_two_games_of_one_league_night_stay_apart_and_each_stays_one(
    store: Store, add: Ingest, options: Options, batch_size: int
) -> None:
    ids = add(LEAGUE_NIGHT, batch_size=batch_size)
    for when in ("ingest", "recluster"):
        if when == "recluster":
            recluster(store, options)
        stories = {story: games for story, games in _stories(store, ids).items()}
        assert all(len(games) == 1 for games in stories.values()), (when, stories)
        assert store.story_of(ids["game_a-1"]) == store.story_of(ids["game_a-2"]), when
        assert store.story_of(ids["game_b-1"]) == store.story_of(ids["game_b-2"]), when


@pytest.mark.parametrize("batch_size", [1, 32])
def test_a_preview_and_its_game_are_not_kept_apart_by_the_score(
    store: Store, add: Ingest, options: Options, batch_size: int
) -> None:
    ids = add(PREVIEW, batch_size=batch_size)
    assert store.story_of(ids["final-1"]) == store.story_of(ids["final-2"])
    recluster(store, options)
    assert store.story_of(ids["final-1"]) == store.story_of(ids["final-2"])


def test_why_says_which_game_a_report_is_of_and_what_kept_it_apart(store: Store, add: Ingest, options: Options) -> None:
    from test_event_evidence import GAMES

    first = add({k: v for k, v in GAMES.items() if k.startswith("game_one")})
    later = add({"game_two-1": GAMES["game_two-1"]})["game_two-1"]
    _, why = store.story_why(later)
    assert why["final_scores"] == ["1-1"]
    apart = why.get("kept_apart", [])
    assert [a["story"] for a in apart] == [store.story_of(first["game_one-1"])]
    assert apart[0]["reason"].startswith("different final scores: 1-1 vs 2-0 (article ")
    recluster(store, options)
    assert store.story_why(first["game_one-2"])[1]["final_scores"] == ["2-0"]


def test_the_scores_travel_with_the_compact_record_and_the_spark_row() -> None:
    from storyline.cluster.corpus import Doc, Names
    from storyline.cluster.features import features
    from storyline.records import Article
    from storyline.spark.storywork import article_row, features_of

    article = Article(id="g1", body="Harwick City beat Ostley Athletic 3-1 on Saturday night.", content_hash="h")
    f = features(article)
    assert f.scores == frozenset({"3-1"})
    names = Names()
    doc = Doc.of(article, f, names)
    assert doc.features(names).scores == doc.counts().scores == f.scores
    row = article_row(article)
    assert row["scores"] == ["3-1"]
    assert features_of(row).scores == f.scores
    del row["scores"]  # a features row written before stories-13: no scores, no veto
    assert features_of(row).scores == frozenset()


def test_two_games_linked_as_related_are_never_shown_as_possibly_one_event(
    store: Store, add: Ingest, options: Options
) -> None:
    """A related link between the two games reads as a topic link, with the scores as the reason,
    however close the pair model puts them (``cluster/doubt.py``)."""
    from storyline.api import story

    ids = add(LEAGUE_NIGHT)
    a, b = store.story_of(ids["game_a-1"]), store.story_of(ids["game_b-1"])
    assert a and b and a != b
    links = [r for r in story(store, a, options).related if r.id == b]
    assert len(links) == 1, "the two games of one league night are related"
    assert links[0].kind == "topic"
    assert links[0].why.startswith("same topic, another event")
    assert "kept apart: different final scores: " in links[0].why
