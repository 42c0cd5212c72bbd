"""Marks over article text: escaped pieces, flat (never nested) marks, strongest class wins."""

from __future__ import annotations

import pytest

from storyline.records import Agreed, Article, Comparison, Conflict, Figure, Quote, Story, Unique
from storyline.web.highlight import Span, comparison_spans, highlight


def test_text_outside_and_inside_marks_is_escaped() -> None:
    body = "<b>x</b> said <script>alert(1)</script>"
    html = str(highlight(body, [Span(9, 13, "agreed", 'note "q" <i>')]))
    assert "<script>" not in html and "<b>" not in html
    assert '<mark class="agreed" title="note &#34;q&#34; &lt;i&gt;">said</mark>' in html
    assert html.startswith("&lt;b&gt;x&lt;/b&gt; ")


def test_overlapping_spans_are_flattened_with_conflict_winning() -> None:
    body = "0123456789"
    html = str(highlight(body, [Span(0, 6, "agreed"), Span(4, 8, "conflict")]))
    assert html == '<mark class="agreed" title="">0123</mark><mark class="conflict" title="">4567</mark>89'
    assert html.count("<mark") == html.count("</mark>") == 2


@pytest.mark.parametrize("bad", [Span(-1, 3, "agreed"), Span(5, 50, "agreed"), Span(3, 3, "agreed"), Span(0, 2, "x")])
def test_spans_outside_the_body_or_of_unknown_class_are_ignored(bad: Span) -> None:
    assert str(highlight("hello world", [bad])) == "hello world"


def _story() -> Story:
    # fictional text, written for this test
    a = Article(id="a", body="The mayor said “we open today” and 40 boats came.", outlet="One")
    b = Article(id="b", body="“We open today,” the mayor said; 55 boats came.", outlet="Two")
    qa = Quote("qa", "a", a.body.index("we open"), a.body.index("today") + 5, "we open today", True)
    fa = Figure("fa", "a", a.body.index("40 boats"), a.body.index("40 boats") + 8, "40 boats", 40.0)
    fb = Figure("fb", "b", b.body.index("55 boats"), b.body.index("55 boats") + 8, "55 boats", 55.0)
    comparison = Comparison(
        agreed=(Agreed("quote", "we open today", ("a", "b"), ("qa",)), Agreed("event", "the mayor said", ("a", "b"))),
        unique={"b": (Unique("quote", "We open today"),)},
        conflicts=(Conflict("figure", ("fa", "fb"), "40 vs 55 boats"),),
    )
    return Story("s", "Boats", (a, b), quotes=(qa,), figures=(fa, fb), comparison=comparison)


def test_comparison_items_resolve_to_fact_offsets_and_text_without_items_is_found_verbatim() -> None:
    spans = comparison_spans(_story())
    a = {(s.cls, s.start, s.end) for s in spans["a"]}
    body_a = _story().articles[0].body
    assert ("agreed", body_a.index("we open"), body_a.index("today") + 5) in a
    assert ("conflict", body_a.index("40"), body_a.index("40") + 8) in a
    assert ("agreed", body_a.index("mayor said") - 4, body_a.index("mayor said") + 10) in a  # found by text
    b = {s.cls for s in spans["b"]}
    assert b == {"unique", "conflict", "agreed"}
