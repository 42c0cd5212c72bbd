"""The lede's extracted events in story clustering (``features.lede_events``, ``pairs._lead_actions``):
two ledes reporting one action by other named people are evidence of two events, and the events
travel from stored facts through ``assign``, ``regroup``'s reads, ``recluster``'s records and the
Spark job's feature rows.

The reports and their facts are FICTIONAL, written for these tests (invented club, town and people);
the facts are made by hand, as extraction would store them, so no parser runs here."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from storyline.cluster import pairs
from storyline.cluster.corpus import Doc, Names
from storyline.cluster.features import Features, LedeEvent, features, lede_events, term_hash
from storyline.cluster.pairs import FEATURES, _lead_actions, model, pair_features
from storyline.cluster.state import member_features
from storyline.cluster.stories import assign, recluster
from storyline.cluster.vectors import weigh
from storyline.options import Options
from storyline.records import Article, Event, Facts, Mention
from storyline.spark.storywork import feature_row, features_of
from storyline.store.sqlite import SQLiteStore


def _article(key: str, body: str) -> Article:
    return Article(id=key, body=body, content_hash=key)


def _facts(article: Article, events: list[tuple[str | None, str, str | None]], people: list[str]) -> Facts:
    """Facts of ``article``: each event (actor, action, target) of class enforcement at the start of
    the text, and a PERSON mention of each of ``people`` where the body names them."""
    body = article.body
    mentions = tuple(
        Mention(article.id, body.index(p), body.index(p) + len(p), p, "PERSON", p.lower(), p) for p in people
    )
    found = tuple(
        Event(f"e{k}", (article.id,), actor, action, target, None, None, body[:20], article.id, 0, 20, "enforcement")
        for k, (actor, action, target) in enumerate(events)
    )
    return Facts(article=article.id, mentions=mentions, events=found)


SORVIK = _article(
    "sorvik",
    "Harts winger Edda Sorvik was arrested early on Sunday on suspicion of drunk driving on the Corran "
    "ring road, Tallon police said.",
)
SORVIK_AGAIN = _article(
    "sorvik-again",
    "Tallon police arrested Edda Sorvik of the Harts on suspicion of drunk driving on the Corran ring "
    "road early on Sunday.",
)
ANAND = _article(
    "anand",
    "Harts goaltender Pell Anand was arrested early on Sunday on suspicion of drunk driving on the Corran "
    "ring road, Tallon police said.",
)
FACTS = {
    "sorvik": _facts(SORVIK, [("Edda Sorvik", "arrest", "suspicion")], ["Edda Sorvik"]),
    "sorvik-again": _facts(SORVIK_AGAIN, [("Tallon police", "arrest", "Edda Sorvik")], ["Edda Sorvik"]),
    "anand": _facts(ANAND, [(None, "arrest", "Pell Anand")], ["Pell Anand"]),
}


lead_actions = _lead_actions


def _f(article: Article, facts: Facts | None) -> Features:
    return features(article, events=lede_events(article, facts))


def test_a_ledes_events_hold_their_action_and_the_named_people_taking_part() -> None:
    (action, cls, people) = lede_events(SORVIK, FACTS["sorvik"])[0]
    assert action == term_hash("a:arrest") and cls == term_hash("c:enforcement")
    # "suspicion" names no one; "Tallon police" is no PERSON mention
    assert people == {term_hash("p:edda"), term_hash("p:sorvik")}
    assert lede_events(SORVIK_AGAIN, FACTS["sorvik-again"])[0][2] == people


def test_no_facts_or_events_past_the_lede_give_no_events_and_no_evidence() -> None:
    assert lede_events(SORVIK, None) == ()
    late = FACTS["anand"].replace(events=tuple(e.replace(start=500, end=520) for e in FACTS["anand"].events))
    assert lede_events(ANAND, late) == ()
    assert _lead_actions(_f(SORVIK, FACTS["sorvik"]), _f(ANAND, None)) == (0.0, 0.0)


def test_one_action_by_other_people_is_a_conflict_and_by_one_person_is_shared() -> None:
    sorvik, again, anand = (_f(a, FACTS[a.id]) for a in (SORVIK, SORVIK_AGAIN, ANAND))
    assert _lead_actions(sorvik, anand) == (1.0, 0.0)
    assert _lead_actions(sorvik, again) == (0.0, 1.0)


# past the lede (``features.LEAD_CHARS``): what a report says after its opening lines
LATER = (
    " The Harts meet the Corran Rovers at home on Friday night and open the second half of the season "
    "away to Marsh Town a week later. The club said it would make no further comment while the police "
    "inquiry continued, and the league said it had been told of the arrest and was waiting for the "
    "outcome of the case before it would decide on any action of its own. "
)
ANAND_RECALLS = _article(
    "anand-recalls",
    ANAND.body + LATER + "It is the second such arrest of a Harts player this month, after that of Edda Sorvik.",
)
# one event, its two reports each naming a person the other does not have in its lede events: the
# police chief who made the arrest leads one, the winger arrested the other; the winger is named in
# passing in the chief's report, the chief in the winger's lede
SORVIK_CHIEF = _article(
    "sorvik-chief",
    "Harts winger Edda Sorvik was arrested early on Sunday on suspicion of drunk driving on the Corran "
    "ring road, police chief Ruth Orlan said.",
)
ORLAN = _article(
    "orlan",
    "Police chief Ruth Orlan arrested a Harts winger early on Sunday on suspicion of drunk driving on the "
    "Corran ring road." + LATER + "The winger, Edda Sorvik, was released on bail.",
)
FACTS |= {
    "anand-recalls": _facts(ANAND_RECALLS, [(None, "arrest", "Pell Anand")], ["Pell Anand"]),
    "sorvik-chief": _facts(SORVIK_CHIEF, [(None, "arrest", "Edda Sorvik")], ["Edda Sorvik", "Ruth Orlan"]),
    "orlan": _facts(ORLAN, [("Ruth Orlan", "arrest", "a Harts winger")], ["Ruth Orlan"]),
}


def test_a_person_named_once_in_passing_is_no_person_of_the_other_report() -> None:
    sorvik, recalls = _f(SORVIK, FACTS["sorvik"]), _f(ANAND_RECALLS, FACTS["anand-recalls"])
    assert recalls.specifics[term_hash("p:sorvik")] == 1  # the earlier arrest recalled, past the lede
    assert _lead_actions(sorvik, recalls) == (1.0, 0.0)
    # named twice, the earlier person is one the report is about: no conflict
    twice = _article("twice", ANAND_RECALLS.body + " The club said Sorvik would miss the game.")
    again = _f(twice, _facts(twice, [(None, "arrest", "Pell Anand")], ["Pell Anand"]))
    assert again.specifics[term_hash("p:sorvik")] == 2
    assert _lead_actions(sorvik, again) == (0.0, 0.0)


def test_one_event_whose_ledes_hold_other_people_is_no_conflict_where_one_lede_names_the_other() -> None:
    winger, chief = _f(SORVIK_CHIEF, FACTS["sorvik-chief"]), _f(ORLAN, FACTS["orlan"])
    assert winger.events[0][2] == {term_hash("p:edda"), term_hash("p:sorvik")}
    assert chief.events[0][2] == {term_hash("p:ruth"), term_hash("p:orlan")}
    assert chief.specifics[term_hash("p:sorvik")] == 1  # the winger in passing in the chief's report
    assert _lead_actions(winger, chief) == (0.0, 0.0) == _lead_actions(chief, winger)


def test_the_model_reads_one_action_by_other_people_as_evidence_against_one_event() -> None:
    fa, fb = _f(SORVIK, FACTS["sorvik"]), _f(ANAND, FACTS["anand"])
    df: Counter[int] = Counter()
    for f in (fa, fb):
        df.update(set(f.words) | set(f.specifics))
    x = pair_features(fa, fb, weigh(fa, df, 2), weigh(fb, df, 2))
    k = FEATURES.index("lead_action_others")
    assert x[k] == 1.0
    assert model().probability(x) < model().probability([*x[:k], 0.0, *x[k + 1 :]])


def test_stored_facts_reach_assign_regroup_and_recluster_and_none_stored_is_no_events(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: dict[str, tuple[LedeEvent, ...]] = {}

    def reading(fa: Features, fb: Features) -> tuple[float, float]:
        seen.update({fa.article: fa.events, fb.article: fb.events})
        return lead_actions(fa, fb)

    monkeypatch.setattr(pairs, "_lead_actions", reading)
    store = SQLiteStore(":memory:")
    try:
        for article in (SORVIK, ANAND):
            store.add_article(article)
            store.put_facts(FACTS[article.id], "test")
        store.add_article(SORVIK_AGAIN)  # stored without facts (ingest with extraction off)
        for article in (SORVIK, ANAND, SORVIK_AGAIN):
            assign(store, store.article(article.id), Options())
        assert member_features(store, "anand")[1].events == lede_events(ANAND, FACTS["anand"])
        assert member_features(store, "sorvik-again")[1].events == ()
        seen.clear()
        recluster(store, Options())  # the pair model reads each article's events from its stored facts
        assert seen["anand"] == lede_events(ANAND, FACTS["anand"]) and seen["sorvik-again"] == ()
    finally:
        store.close()
    f = _f(ANAND, FACTS["anand"])
    names = Names()
    doc = Doc.of(ANAND, f, names)
    assert doc.features(names).events == f.events and doc.counts().events == f.events
    # the Spark job's rows carry them too, through JSON
    row = json.loads(json.dumps(feature_row(ANAND, events=f.events)))
    assert f.events and features_of(row).events == f.events
