"""Events: actor–action–target with place and date, read off the parse.

The seed reports are read in place from ../shared/seeds; the other sentences here are short,
fictional and written for these tests.
"""

from __future__ import annotations

from typing import Any

import pytest
from extract_seeds import CNN, NEWSNATION

from storyline.extractors import dates, entities, events
from storyline.records import Article, Event, Mention


def _events(seed: tuple[Article, Any, list[Mention]]) -> list[Event]:
    article, doc, mentions = seed
    reference, _ = dates.estimate_reference(article, doc)
    return events.events(doc, article, mentions, dates.dates(doc, article, reference))


def _parse(nlp: Any, body: str, published: str = "2023-12-28") -> list[Event]:
    article = Article(id="fx", body=body, published=published)
    doc = nlp(body)
    mentions = entities.mentions(doc, article)
    return events.events(doc, article, mentions, dates.dates(doc, article, published))


@pytest.mark.parametrize(
    ("seed", "action", "cls", "date", "places"),
    [
        (CNN, "visit", "visit", "2024-01", {"Washington, D.C."}),  # the capital, named canonically
        (CNN, "apprehend", "enforcement", "2023-12-27", {"US-Mexico border"}),
        (CNN, "crack down", "enforcement", None, {None}),
        (NEWSNATION, "travel", "visit", None, {"Mexico"}),
        (NEWSNATION, "meet", "meeting", "2024-01", {"DC", "Washington", "Washington, D.C."}),
    ],
)
def test_seed_event_has_class_date_and_place(
    seeds: dict[str, Any], seed: str, action: str, cls: str, date: str | None, places: set[str | None]
) -> None:
    found = [e for e in _events(seeds[seed]) if e.action == action]
    assert found, f"no {action!r} event in {seed}: {[e.action for e in _events(seeds[seed])]}"
    event = found[0]
    assert (event.cls, event.date) == (cls, date)
    assert event.place in places


def test_seed_actor_is_the_canonical_entity_name(seeds: dict[str, Any]) -> None:
    travel = next(e for e in _events(seeds[NEWSNATION]) if e.action == "travel")
    assert travel.actor == "Antony Blinken"
    assert travel.target == "Mexico"


def test_purpose_clause_shares_the_visit_date(seeds: dict[str, Any]) -> None:
    meet = next(e for e in _events(seeds[CNN]) if e.action == "meet")
    assert (meet.cls, meet.actor, meet.date) == ("meeting", "Mexican leaders", "2024-01")


@pytest.mark.parametrize("seed", [CNN, NEWSNATION])
def test_every_event_text_is_its_evidence_in_the_body(seeds: dict[str, Any], seed: str) -> None:
    article = seeds[seed][0]
    found = _events(seeds[seed])
    assert found
    for n, event in enumerate(found, 1):
        assert article.body[event.start : event.end] == event.text
        assert "\n" not in event.text
        assert event.id == f"{article.id}:v{n}"
        assert event.articles == (article.id,) and event.article == article.id


def test_passive_voice_puts_the_agent_first(nlp: Any) -> None:
    [event] = _parse(nlp, "Two smugglers were arrested by police in Lyon on Monday.")
    assert (event.cls, event.actor, event.target, event.place) == ("enforcement", "police", "Two smugglers", "Lyon")
    assert event.date == "2023-12-25"


@pytest.mark.parametrize(
    "body",
    [
        "The minister did not sign the treaty.",  # negated
        "She traveled extensively.",  # motion without a destination
        "Migrants traveling to Texas waited at the bridge.",  # a participle describing a noun
        "It was important they be reopened.",  # no one named on either side
        "",
    ],
)
def test_no_event_where_nothing_newsworthy_happened(nlp: Any, body: str) -> None:
    assert _parse(nlp, body) == []


@pytest.mark.parametrize(
    ("body", "cls"),
    [
        ("The two governments signed a border agreement.", "agreement"),
        ("Officials closed the bridge.", "closure"),
        ("The ministry announced new rules.", "statement"),
        ("Police raided the warehouse.", "enforcement"),
        ("The delegation flew to Ottawa.", "visit"),
    ],
)
def test_action_class_comes_from_the_trigger_verb(nlp: Any, body: str, cls: str) -> None:
    assert [e.cls for e in _parse(nlp, body)] == [cls]


@pytest.mark.parametrize(
    ("body", "actor", "target"),
    [
        ("Governor Aurel Maddox is expected to visit Port Vellan on Wednesday.", "Aurel Maddox", "Port Vellan"),
        ("Norvania and Estrelland agreed on Wednesday to end the dispute.", "Norvania and Estrelland", None),
        ("The minister of the interior, Dara Velt, visited Lowmoor.", "Dara Velt", "Lowmoor"),
    ],
)
def test_actor_is_found_through_raising_verbs_coordination_and_apposition(
    nlp: Any, body: str, actor: str, target: str | None
) -> None:
    event = _parse(nlp, body)[0]
    assert (event.actor, event.target) == (actor, target)


@pytest.mark.parametrize(
    ("body", "action", "text"),
    [
        # a subordinator or conjunction does not open the event's text; the clause starts at its actor
        (
            "Talks resumed after Foreign Minister Dara Velt flew to Ottawa to sign the accord.",
            "fly",
            "Foreign Minister Dara Velt flew to Ottawa to sign the accord.",
        ),
        (
            "Pressure grew, as agents have detained two couriers at the northern gate.",
            "detain",
            "agents have detained two couriers at the northern gate.",
        ),
        # a participle describing the actor is not where the clause starts
        (
            "Traffic slowed, with overwhelmed Harbour Police closing two bridges to free up officers.",
            "close",
            "Harbour Police closing two bridges to free up officers.",
        ),
        # a subordinate clause after the verb is another happening, not part of this one
        (
            "The ministry closed the Weir Road bridge as engineers inspected the flood walls.",
            "close",
            "The ministry closed the Weir Road bridge",
        ),
        # a relative clause starts at the noun it describes
        (
            "Lorries use the Morrow Pass, a mountain road that is often closed by snow in winter.",
            "close",
            "a mountain road that is often closed by snow in winter.",
        ),
    ],
)
def test_event_text_is_a_readable_clause(nlp: Any, body: str, action: str, text: str) -> None:
    found = [e for e in _parse(nlp, body) if e.action == action]
    assert [e.text for e in found] == [text]
    assert body[found[0].start : found[0].end] == text
