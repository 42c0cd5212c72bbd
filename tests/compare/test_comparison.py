"""Agreed, unique and conflicting facts across a story's articles (fictional articles throughout)."""

from __future__ import annotations

import pytest

from compare_builders import article, event, facts, figure, quote
from storyline.compare.align import is_bare_phrase
from storyline.compare.report import build_story_from
from storyline.options import Options

OPTIONS = Options()

# Fictional: an invented border town and outlets, dated 2031.
PLANET_BODY = (
    "Border agents apprehended around 7,000 migrants near Puerto Sol on Wednesday, an official said. "
    "Earlier this month daily apprehensions surpassed 10,000."
)
COURIER_BODY = "Agents apprehended 9,000 migrants near Puerto Sol on Wednesday, officials said."
HERALD_BODY = "About 7,200 migrants were apprehended near Puerto Sol on Wednesday."


def planet() -> tuple:
    a = article("planet", PLANET_BODY, "Daily Planet")
    return a, facts(
        a,
        figure(
            a,
            "planet:f1",
            "around 7,000",
            7000,
            approx=True,
            unit="migrants",
            predicate="apprehended",
            date="2031-03-12",
            place="Puerto Sol",
        ),
        figure(a, "planet:f2", "10,000", 10000, unit="apprehensions", predicate="surpassed", date="2031-03"),
    )


def courier() -> tuple:
    a = article("courier", COURIER_BODY, "Courier")
    return a, facts(
        a,
        figure(
            a,
            "courier:f1",
            "9,000",
            9000,
            unit="migrants",
            predicate="apprehended",
            date="2031-03-12",
            place="Puerto Sol",
        ),
    )


def herald() -> tuple:
    a = article("herald", HERALD_BODY, "Herald")
    return a, facts(
        a,
        figure(
            a,
            "herald:f1",
            "About 7,200",
            7200,
            approx=True,
            unit="migrants",
            predicate="apprehended",
            date="2031-03-12",
            place="Puerto Sol",
        ),
    )


def build(*pairs: tuple):
    return build_story_from([p[0] for p in pairs], [p[1] for p in pairs], OPTIONS)


def test_a_day_count_and_an_earlier_daily_rate_are_not_a_conflict():
    story = build(planet())
    assert story.comparison.conflicts == ()


def test_two_outlets_giving_7000_and_9000_for_the_same_day_conflict():
    story = build(planet(), courier())
    conflicts = story.comparison.conflicts
    assert [c.items for c in conflicts] == [("planet:f1", "courier:f1")]
    assert conflicts[0].kind == "figure"
    assert "2031-03-12" in conflicts[0].why and "Daily Planet" in conflicts[0].why and "Courier" in conflicts[0].why


def test_the_earlier_rate_of_10000_conflicts_with_nothing_even_beside_a_disputed_day():
    story = build(planet(), courier())
    assert all("planet:f2" not in c.items for c in story.comparison.conflicts)


def test_figures_within_their_stated_approximation_agree():
    story = build(planet(), herald())
    assert story.comparison.conflicts == ()
    agreed = [a for a in story.comparison.agreed if a.kind == "figure"]
    assert [(a.items, a.articles) for a in agreed] == [(("planet:f1", "herald:f1"), ("planet", "herald"))]
    same = {f.id: f.same_as for f in story.figures}
    assert same["planet:f1"] == ("herald:f1",) and same["herald:f1"] == ("planet:f1",)


def test_figures_counting_different_things_are_not_compared():
    a = article("a", "Officials released 9,000 migrants on Wednesday.", "Courier")
    fa = facts(a, figure(a, "a:f1", "9,000", 9000, unit="migrants", predicate="released", date="2031-03-12"))
    p = planet()
    story = build(p, (a, fa))
    assert story.comparison.conflicts == ()


WIRE_BODY = "“We will keep the crossing open through the winter,” the mayor of Puerto Sol said on Tuesday."
OTHER_BODY = "The mayor promised to “keep the crossing open through the winter,” a city spokesperson said."


def test_a_wire_copy_counts_once():
    wire = article("wire", WIRE_BODY, "Wire Service")
    copy = article("copy", WIRE_BODY, "Gazette", duplicate_of="wire")
    q = "“We will keep the crossing open through the winter,”"
    story = build(
        (wire, facts(wire, quote(wire, "wire:q1", q, "the mayor of Puerto Sol"))),
        (copy, facts(copy, quote(copy, "copy:q1", q, "the mayor of Puerto Sol"))),
    )
    assert story.comparison.agreed == ()
    assert [u.item for u in story.comparison.unique["wire"]] == ["wire:q1"]
    assert story.comparison.unique["copy"] == ()


def test_a_wire_copy_and_an_independent_outlet_agree_as_two_sources():
    wire = article("wire", WIRE_BODY, "Wire Service")
    copy = article("copy", WIRE_BODY, "Gazette", duplicate_of="wire")
    other = article("other", OTHER_BODY, "Herald")
    q = "“We will keep the crossing open through the winter,”"
    story = build(
        (wire, facts(wire, quote(wire, "wire:q1", q, "the mayor of Puerto Sol"))),
        (copy, facts(copy, quote(copy, "copy:q1", q, "the mayor of Puerto Sol"))),
        (other, facts(other, quote(other, "other:q1", "“keep the crossing open through the winter,”", "spokesperson"))),
    )
    quotes = [a for a in story.comparison.agreed if a.kind == "quote"]
    assert len(quotes) == 1
    assert quotes[0].articles == ("wire", "copy", "other")
    assert quotes[0].text == "“keep the crossing open through the winter,”"


def test_one_article_story_has_everything_unique_and_no_error():
    a, fa = planet()
    a_event = event(
        a,
        "planet:v1",
        "Border agents apprehended around 7,000 migrants",
        "apprehend",
        actor="Border agents",
        target="migrants",
        cls="enforcement",
    )
    fa = fa.replace(events=(a_event,))
    story = build((a, fa))
    assert story.comparison.agreed == ()
    assert story.comparison.conflicts == ()
    # one entry per sentence: the event and its figure read off one sentence are one thing it said
    entries = story.comparison.unique["planet"]
    assert sorted(k for u in entries for k in u.kinds) == ["event", "figure", "figure"]
    assert sorted(i for u in entries for i in u.items) == sorted(["planet:v1", *(f.id for f in fa.figures)])
    assert all(line.articles == ("planet",) for line in story.summary)


def test_conflicting_metadata_notices_are_reported_as_conflicts():
    a, fa = planet()
    story = build_story_from(
        [a],
        [fa],
        OPTIONS,
        notices={"planet": [("conflicting-published", "publication date 2031-03-14 differs from 2031-03-13")]},
    )
    meta = [c for c in story.comparison.conflicts if c.kind == "metadata"]
    assert meta and meta[0].items == ("planet",) and "2031-03-14" in meta[0].why


def test_an_article_without_facts_is_still_in_the_story():
    a = article("bare", "Nothing was extracted from this short fictional note about Puerto Sol.", "Herald")
    story = build_story_from([a], [], OPTIONS)
    assert [x.id for x in story.articles] == ["bare"]
    assert story.comparison.unique == {"bare": ()}
    assert story.timeline == ()


def test_two_articles_of_one_outlet_are_one_source():
    first = article("first", WIRE_BODY, "Wire Service")
    update = article("update", WIRE_BODY + " More later.", "Wire Service")
    q = "“We will keep the crossing open through the winter,”"
    story = build(
        (first, facts(first, quote(first, "first:q1", q, "the mayor"))),
        (update, facts(update, quote(update, "update:q1", q, "the mayor"))),
    )
    assert story.comparison.agreed == ()
    assert [u.item for u in story.comparison.unique["first"]] == ["first:q1"]


def test_build_story_reads_articles_facts_and_notices_from_the_store(tmp_path):
    from storyline.compare.report import build_story
    from storyline.store.sqlite import SQLiteStore

    store = SQLiteStore(tmp_path / "s.db")
    for a, f in (planet(), courier()):
        store.add_article(a.replace(content_hash=a.id))
        store.put_facts(f, "test")
        store.ensure_story("st", "Fictional border count", "test")
        store.set_story(a.id, "st", 1.0, {})
    store.add_notice("courier", "conflicting-published", "publication date 2031-03-15 differs from 2031-03-13")
    story = build_story(store, "st", OPTIONS)
    store.close()
    assert story.title == "Fictional border count"
    assert [a.id for a in story.articles] == ["planet", "courier"]
    assert sorted(c.kind for c in story.comparison.conflicts) == ["figure", "metadata"]


@pytest.mark.parametrize(
    ("other", "why"),
    [
        ({"place": "Gullport"}, "another place"),
        ({"date": "2031-03-13"}, "another day"),
        ({"date": "2031-03"}, "a month is not one of its days"),
    ],
)
def test_figures_of_another_scope_do_not_conflict(other: dict, why: str):
    a = article("a", "Agents counted 9,000 migrants on Wednesday.", "Courier")
    kw = {"unit": "migrants", "predicate": "apprehended", "date": "2031-03-12", "place": "Puerto Sol", **other}
    story = build(planet(), (a, facts(a, figure(a, "a:f1", "9,000", 9000, **kw))))
    assert story.comparison.conflicts == (), why


def test_a_daily_rate_does_not_conflict_with_a_count_of_the_same_day():
    a = article("a", "Agents apprehended 9,000 migrants a day on Wednesday.", "Courier")
    f = figure(
        a, "a:f1", "9,000", 9000, unit="migrants", predicate="apprehended", date="2031-03-12", place="Puerto Sol"
    )
    story = build(planet(), (a, facts(a, f)))
    assert story.comparison.conflicts == ()


def test_stated_bounds_are_respected_more_than_10000_agrees_with_12000():
    a = article("a", "More than 10,000 migrants were apprehended on Wednesday.", "Courier")
    b = article("b", "Some 12,000 migrants were apprehended on Wednesday.", "Herald")
    kw = {"unit": "migrants", "predicate": "apprehended", "date": "2031-03-12"}
    story = build(
        (a, facts(a, figure(a, "a:f1", "More than 10,000", 10000, low=10000, **kw))),
        (b, facts(b, figure(b, "b:f1", "Some 12,000", 12000, approx=True, **kw))),
    )
    assert story.comparison.conflicts == ()
    assert [x.items for x in story.comparison.agreed] == [("a:f1", "b:f1")]


def test_the_two_countries_is_a_reference_not_a_unique_figure_or_a_conflict():
    a = article("a", "Talks between the two countries resumed, and three countries sent envoys.", "Courier")
    b = article("b", "The three countries of the pact met; the two nations spoke first.", "Herald")
    fa = facts(a, figure(a, "a:f1", "two", 2, unit="countries"), figure(a, "a:f2", "three", 3, unit="countries"))
    fb = facts(b, figure(b, "b:f1", "three", 3, unit="countries"), figure(b, "b:f2", "two", 2, unit="nations"))
    story = build((a, fa), (b, fb))
    shown = [u.item for us in story.comparison.unique.values() for u in us if u.kind == "figure"]
    agreed = [x.items for x in story.comparison.agreed if x.kind == "figure"]
    assert "a:f1" not in shown and "b:f2" not in shown and not any("a:f1" in x for x in agreed)
    assert story.comparison.conflicts == ()
    assert {f.id for f in story.figures} == {"a:f1", "a:f2", "b:f1", "b:f2"}  # still listed as figures


def test_the_same_share_told_with_two_verbs_is_agreed():
    a = article("a", "The union wants a 7 percent pay rise.", "Courier")
    b = article("b", "The union is demanding a 7% raise this year.", "Herald")
    fa = facts(a, figure(a, "a:f1", "7", 7, unit="percent", predicate="wants"))
    fb = facts(b, figure(b, "b:f1", "7%", 7, unit="percent", predicate="demanding"))
    story = build((a, fa), (b, fb))
    assert [x.items for x in story.comparison.agreed if x.kind == "figure"] == [("a:f1", "b:f1")]


AGREEMENT_A = "Dock owners in Puerto Sol welcomed the agreement. The mayor said the ferries would run again on Friday."
AGREEMENT_B = (
    "Ferry crews welcomed the agreement. The mayor said the ferries would run again on Friday, Coast Times reported."
)


def test_a_bare_noun_phrase_quote_is_kept_in_the_quotes_but_not_compared():
    a = article("a", AGREEMENT_A, "Harbor News")
    b = article("b", AGREEMENT_B, "Coast Times")
    fa = facts(
        a,
        quote(a, "a:q1", "the agreement", "Dock owners in Puerto Sol", direct=False, cue="welcomed"),
        quote(a, "a:q2", "the ferries would run again on Friday", "The mayor", direct=False, cue="said"),
    )
    fb = facts(
        b,
        quote(b, "b:q1", "the agreement", "Ferry crews", direct=False, cue="welcomed"),
        quote(b, "b:q2", "the ferries would run again on Friday", "The mayor", direct=False, cue="said"),
    )
    story = build_story_from([a, b], [fa, fb], Options())
    assert {q.id for q in story.quotes} == {"a:q1", "a:q2", "b:q1", "b:q2"}
    rows = [x.text for x in story.comparison.agreed if x.kind == "quote"]
    rows += [u.text for us in story.comparison.unique.values() for u in us if u.kind == "quote"]
    assert rows == ["the ferries would run again on Friday"]


@pytest.mark.parametrize(
    ("text", "direct", "bare"),
    [
        ("the agreement", False, True),
        ("it", False, True),
        ("a new sea wall", False, True),
        ("of delays", False, True),
        ("4.5%", False, True),
        ("the agreement", True, False),  # a speaker's own words count, however short
        ("an insult.", True, False),
        ("they fear looting", False, False),
        ("to move out", False, False),
        ("the plan failed", False, False),
        ("prices were rising", False, False),
        ("the offer a fair deal for ferry crews", False, False),
    ],
)
def test_which_quotes_are_bare_phrases(text: str, direct: bool, bare: bool):
    a = article("a", f"Someone mentioned {text} here.", "Harbor News")
    assert is_bare_phrase(quote(a, "a:q", text, direct=direct)) is bare
