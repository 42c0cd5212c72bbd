"""The story summary and the "only in one outlet" rows, read as a reader would (fictional articles throughout)."""

from __future__ import annotations

from compare_builders import article, event, facts, figure, mention, quote
from storyline.compare.report import build_story_from
from storyline.options import Options
from storyline.present.view import story_view

# Fictional: an invented harbour town, its authority and two outlets, dated 2031.
GAZETTE_BODY = (
    "Storm surge flooded the old quarter of Lund on Friday night, forcing hundreds of people from their homes. "
    "The Lund Harbour Authority said the tide peaked at 4.2 metres on Friday evening, well above the sea wall. "
    "Volunteers handed out blankets and hot soup at the town hall until the early hours."
)
TRIBUNE_BODY = (
    "Earlier this week, LHA chief Mara Quist said the tide had peaked at 4.2 metres, its highest since 1987. "
    "Schools in the old quarter will stay closed until the pumps have cleared the streets."
)


def flood_story(size: int = 5):
    g = article("gazette", GAZETTE_BODY, "Lund Gazette")
    t = article("tribune", TRIBUNE_BODY, "Harbour Tribune")
    fg = facts(g, figure(g, "gazette:f1", "4.2 metres", 4.2, unit="metres", predicate="peaked", date="2031-03-14"))
    ft = facts(t, figure(t, "tribune:f1", "4.2 metres", 4.2, unit="metres", predicate="peaked", date="2031-03-14"))
    return build_story_from([g, t], [fg, ft], Options(summary_sentences=size))


def test_a_sentence_giving_the_same_figure_under_an_acronym_is_not_repeated():
    lines = [line.text for line in flood_story().summary]
    peaks = [text for text in lines if "4.2 metres" in text]
    assert len(peaks) == 1, lines


def test_the_lead_of_the_first_report_is_in_the_summary():
    lines = [line.text for line in flood_story(size=2).summary]
    assert len(lines) == 2
    assert any(text.startswith("Storm surge flooded the old quarter of Lund") for text in lines), lines


def test_facts_read_off_one_sentence_are_one_row_with_their_kinds():
    body = (
        "Harbour police arrested 12 smugglers at the east pier on Tuesday, “and more will follow,” the chief said. "
        "The Lund Harbour Authority closed the pier."
    )
    a = article("gazette", body, "Lund Gazette")
    fa = facts(
        a,
        event(a, "gazette:v1", "Harbour police arrested 12 smugglers at the east pier", "arrest", cls="enforcement"),
        quote(a, "gazette:q1", "“and more will follow,”", "the chief"),
        figure(a, "gazette:f1", "12 smugglers", 12, unit="smugglers", predicate="arrested"),
        mention(a, "Lund Harbour Authority", "ORG"),
        mention(a, "Harbour police", "ORG"),
    )
    story = build_story_from([a], [fa], Options())
    # the JSON and every view hold the same entries: one per sentence (all its facts' ids), one per name
    entries = story.comparison.unique["gazette"]
    assert [u.items for u in entries] == [("gazette:v1", "gazette:q1", "gazette:f1"), *([u.items for u in entries[1:]])]
    assert len(entries) == 3
    [(_, rows)] = story_view(story).unique
    first = body[: body.index(" The Lund")]
    assert [(row.kind, row.text) for row in rows] == [
        ("event · quote · figure", first),
        ("entity", "Harbour police"),
        ("entity", "Lund Harbour Authority"),
    ]
