"""Which facts are the same across articles (fictional articles throughout)."""

from __future__ import annotations

import pytest

from compare_builders import article, event, quote
from storyline.compare.align import EntityIndex, Sources, align_events, align_quotes, quote_similarity
from storyline.compare.text import words
from storyline.records import Event

LONG = (
    "“It was a useful week in Puerto Sol. The mayor has opened two new shelters yet we have more work "
    "to do together. We will meet again in April to review progress and decide what else can be done.”"
)
A_BODY = f"{LONG} a Harbor Council spokesperson said."
B_BODY = (
    "The April meeting will “review progress and decide what else can be done,” according to the council. "
    "A council spokesperson called the week “useful” and said the mayor “has opened two new shelters”. "
    "“Nobody expected the ferries to stop,” a resident said."
)


def quotes_of_two_outlets() -> list:
    a = article("a", A_BODY, "Harbor News")
    b = article("b", B_BODY, "Coast Times")
    qs = [
        quote(a, "a:q1", LONG, "a Harbor Council spokesperson"),
        quote(b, "b:q1", "“review progress and decide what else can be done,”", "the council"),
        quote(b, "b:q2", "“useful”", "A council spokesperson"),
        quote(b, "b:q3", "“has opened two new shelters”", "A council spokesperson"),
        quote(b, "b:q4", "“Nobody expected the ferries to stop,”", "a resident"),
    ]
    return [a, b], qs


def test_fragments_of_a_longer_quote_are_the_same_quote_both_ways_despite_other_attribution():
    articles, qs = quotes_of_two_outlets()
    aligned = {q.id: q.same_as for q in align_quotes(qs, Sources(articles))[0]}
    assert aligned["a:q1"] == ("b:q1", "b:q2", "b:q3")
    assert aligned["b:q1"] == aligned["b:q2"] == aligned["b:q3"] == ("a:q1",)
    assert aligned["b:q4"] == ()


def test_each_fragment_is_its_own_agreed_group_and_the_unmatched_quote_stays_alone():
    articles, qs = quotes_of_two_outlets()
    groups = align_quotes(qs, Sources(articles))[1]
    assert sorted(g.items for g in groups) == sorted([("b:q2", "a:q1"), ("b:q3", "a:q1"), ("b:q1", "a:q1"), ("b:q4",)])


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("we will keep the crossing open", "We will keep the crossing open!", True),
        ("we will keep the crossing open", "we will keep the bridge open for now", False),
        ("“the”", "the crossing stays open", False),  # a stopword is no fragment
        ("“open”", "the crossing stays open", False),  # nor a short everyday word
        ("“resilient”", "a resilient town", True),
    ],
)
def test_quote_similarity(a: str, b: str, same: bool):
    assert (quote_similarity(words(a), words(b)) >= 0.8) is same


def meeting(aid: str, body: str, eid: str, text: str, **kw: object) -> tuple:
    a = article(aid, body, f"Outlet {aid}")
    kw = {"action": "meet", "cls": "meeting", **kw}
    return a, event(a, eid, text, **kw)


def align(*pairs: tuple, names: dict[str, str] | None = None) -> list[Event]:
    articles = [p[0] for p in pairs]
    return align_events([p[1] for p in pairs], EntityIndex(names or {}), Sources(articles))[0]


def test_the_same_meeting_told_two_ways_is_one_event():
    a = meeting(
        "a",
        "Mayor Ana Ruiz met harbor pilots on Friday.",
        "a:v1",
        "Mayor Ana Ruiz met harbor pilots",
        actor="Ana Ruiz",
        target="harbor pilots",
        date="2031-04-04",
    )
    b = meeting(
        "b",
        "Ruiz will meet the pilots in April.",
        "b:v1",
        "Ruiz will meet the pilots",
        actor="Ruiz",
        target="the pilots",
        date="2031-04",
    )
    events = align(a, b, names={"Ana Ruiz": "e1", "Ruiz": "e1"})
    assert [e.same_as for e in events] == [("b:v1",), ("a:v1",)]
    assert events[0].articles == ("a", "b")


@pytest.mark.parametrize(
    ("other", "why"),
    [
        ({"actor": "Tom Vale", "target": "harbor pilots", "date": "2031-04-04"}, "another actor"),
        ({"actor": "Ana Ruiz", "target": "harbor pilots", "date": "2031-04-05"}, "another day"),
        ({"action": "convene", "actor": None, "target": None, "date": "2031-04-04"}, "only the class, nobody named"),
        ({"actor": "harbor pilots", "target": "Ana Ruiz", "date": "2031-04-04", "cls": "visit"}, "roles swapped"),
    ],
)
def test_events_that_differ_are_not_joined(other: dict, why: str):
    a = meeting(
        "a",
        "Mayor Ana Ruiz met harbor pilots on Friday.",
        "a:v1",
        "Mayor Ana Ruiz met harbor pilots",
        actor="Ana Ruiz",
        target="harbor pilots",
        date="2031-04-04",
    )
    b = meeting("b", "Someone met someone.", "b:v1", "Someone met someone", **other)
    events = align(a, b, names={"Ana Ruiz": "e1", "Tom Vale": "e2"})
    assert events[0].same_as == (), why


def test_the_same_verb_with_nobody_named_on_either_side_is_a_weak_but_valid_link():
    a = meeting("a", "The talks ended on Friday.", "a:v1", "The talks ended", date="2031-04-04")
    b = meeting("b", "Talks ended Friday.", "b:v1", "Talks ended", date="2031-04-04")
    assert [e.same_as for e in align(a, b)] == [("b:v1",), ("a:v1",)]


def test_links_chain_but_contradictions_do_not():
    day = {"date": "2031-04-04"}
    a = meeting("a", "Ruiz met pilots.", "a:v1", "Ruiz met pilots", actor="Ruiz", target="pilots", **day)
    b = meeting("b", "A meeting took place.", "b:v1", "A meeting took place", **day)
    c = meeting("c", "Vale met pilots.", "c:v1", "Vale met pilots", actor="Vale", target="pilots", **day)
    events = align(a, b, c, names={"Ruiz": "e1", "Vale": "e2"})
    joined = {e.id: set(e.same_as) for e in events}
    assert not ({"c:v1"} & joined["a:v1"])  # b links to both, but a and c name different actors


def test_facts_of_one_article_are_never_aligned_with_each_other():
    a = article("a", "Ruiz met pilots. Ruiz met pilots again.", "Outlet")
    e1 = event(a, "a:v1", "Ruiz met pilots", "meet", actor="Ruiz", target="pilots", cls="meeting")
    e2 = Event(**{**e1.to_dict(), "id": "a:v2", "articles": ("a",)})
    out = align_events([e1, e2], EntityIndex({}), Sources([a]))[0]
    assert [e.same_as for e in out] == [(), ()]


@pytest.mark.parametrize(
    ("place_b", "joined"),
    [("Ottawa", True), ("Canada", True), ("Paris", False), ("Toronto", True)],
)
def test_a_visit_to_a_country_and_to_a_city_in_it_is_one_event(place_b: str, joined: bool):
    a = meeting(
        "a", "Fictional envoys plan to come to Canada.", "a:v1", "Fictional envoys plan to come to Canada",
        action="come", cls="visit", actor="Fictional envoys", target="Canada", place="Canada",
    )  # fmt: skip
    b = meeting(
        "b", f"Fictional envoys will visit {place_b} in May.", "b:v1", f"Fictional envoys will visit {place_b}",
        action="visit", cls="visit", actor="Fictional envoys", target=place_b, place=place_b, date="2031-05",
    )  # fmt: skip
    names = {"Canada": "e-ca", "Ottawa": "e-ot", "Paris": "e-pa", "Toronto": "e-to", "Fictional envoys": "e-env"}
    events = align(a, b, names=names)
    assert bool(events[0].same_as) is joined


def test_the_same_fragment_quoted_by_three_outlets_is_one_group():
    long_text = "the ferry would run again, with night crossings to follow within weeks"
    arts, qs = [], []
    for n, name in enumerate(["a", "b", "c"]):
        body = f"The captain said {long_text}. Night service would come “within weeks”, she said."
        art = article(name, body, f"Outlet {name}")
        arts.append(art)
        qs.append(quote(art, f"{name}:q1", long_text, "The captain"))
        if n:  # two outlets also carry the fragment in marks
            qs.append(quote(art, f"{name}:q2", "“within weeks”", "she"))
    _, groups = align_quotes(qs, Sources(arts))
    texts = [g.text for g in groups]
    assert texts.count("“within weeks”") == 1, texts
    fragment = next(g for g in groups if g.text == "“within weeks”")
    assert set(fragment.items) == {"b:q2", "c:q2", "a:q1", "b:q1", "c:q1"}
