"""The timeline: dates from the text, each moment citing its articles, undated facts kept (fictional)."""

from __future__ import annotations

from compare_builders import article, event, facts, figure, timex
from storyline.compare.report import build_story_from
from storyline.options import Options

BODY_A = (
    "The harbor council met ferry owners in Puerto Sol on Tuesday. "
    "The council will meet the owners again in April. "
    "Some 300 passengers were stranded."
)
BODY_B = "Ferry owners met the harbor council on Tuesday in Puerto Sol, a day after the strike began."


def dated_story():
    a = article("a", BODY_A, "Harbor News", published="2031-03-13")
    b = article("b", BODY_B, "Coast Times", published="2031-03-14")
    fa = facts(
        a,
        event(
            a,
            "a:v1",
            "The harbor council met ferry owners in Puerto Sol",
            "meet",
            actor="harbor council",
            target="ferry owners",
            date="2031-03-11",
            place="Puerto Sol",
            cls="meeting",
        ),
        event(
            a, "a:v2", "The council will meet the owners again", "meet", actor="council", target="owners", cls="meeting"
        ),
        timex(a, "a:t1", "Tuesday", "2031-03-11"),
        timex(a, "a:t2", "April", "2031-04"),
        figure(a, "a:f1", "Some 300", 300, approx=True, unit="passengers", predicate="stranded"),
    )
    fb = facts(
        b,
        event(
            b,
            "b:v1",
            "Ferry owners met the harbor council on Tuesday in Puerto Sol",
            "meet",
            actor="Ferry owners",
            target="harbor council",
            date="2031-03-11",
            place="Puerto Sol",
            cls="meeting",
        ),
        timex(b, "b:t1", "Tuesday", "2031-03-11"),
    )
    return build_story_from([a, b], [fa, fb], Options())


def test_moments_are_dated_by_the_text_and_cite_every_reporting_article():
    timeline = dated_story().timeline
    assert [(m.date, m.articles) for m in timeline] == [
        ("2031-03-11", ("a", "b")),
        ("2031-04", ("a",)),  # the date comes from the sentence: "again in April"
        (None, ("a",)),  # "Some 300 passengers were stranded": no date, kept in the undated part
    ]
    assert timeline[0].text == "The harbor council met ferry owners in Puerto Sol"


def test_publication_dates_are_not_moments():
    assert all(m.date not in {"2031-03-13", "2031-03-14"} for m in dated_story().timeline)


def test_a_story_without_dates_has_only_the_undated_part_and_drops_nothing():
    a = article(
        "a", "Ferry owners met the harbor council. Some 300 passengers were stranded.", "Harbor News", published=None
    )
    fa = facts(
        a,
        event(
            a,
            "a:v1",
            "Ferry owners met the harbor council",
            "meet",
            actor="Ferry owners",
            target="harbor council",
            cls="meeting",
        ),
        figure(a, "a:f1", "Some 300", 300, approx=True, unit="passengers", predicate="stranded"),
    )
    story = build_story_from([a], [fa], Options())
    assert [m.date for m in story.timeline] == [None, None]
    assert [m.text for m in story.timeline] == [
        "Ferry owners met the harbor council",
        "Some 300 passengers were stranded.",
    ]


def test_summary_puts_agreed_facts_first_and_cites_every_supporting_article():
    story = build_story_from(*_summary_inputs(), Options(summary_sentences=2))
    assert [(line.text, line.articles) for line in story.summary] == [
        ("The harbor council met ferry owners in Puerto Sol on Tuesday.", ("a", "b")),
        ("The council will meet the owners again in April.", ("a",)),
    ]


def _summary_inputs():
    story = dated_story()
    return list(story.articles), [
        facts(a, *[x for x in (*story.events, *story.dates) if x.article == a.id]) for a in story.articles
    ]


def test_a_caption_naming_other_places_does_not_date_a_moment():
    from storyline.compare.timeline import refine_with_captions
    from storyline.records import Article, Moment

    article = Article(
        id="a1", body="x", captions=("Fictional ferries wait in Port Alden, Norvania, on March 3, 2024. (Photo/Test)",)
    )
    week = Moment("2024-W10", "This week's fictional summit in Kessel City with Mayor Ana Ruiz ended.", ("a1",))
    assert refine_with_captions([week], [article]) == (week,)
    matching = Article(
        id="a1",
        body="x",
        captions=("Mayor Ana Ruiz arrives for the summit in Kessel City, March 5, 2024. (Fictional Photo/Test)",),
    )
    assert refine_with_captions([week], [matching])[0].date == "2024-03-05"
