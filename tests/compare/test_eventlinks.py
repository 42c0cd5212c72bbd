"""Event links by the pair model: p on every link, agreed above a documented threshold, a possible
band shown apart (fictional articles throughout)."""

from __future__ import annotations

import json
from importlib import resources

import numpy as np
import pytest

from compare_builders import article, event, facts
from storyline.compare.eventlinks import event_context, event_infos, link_events
from storyline.compare.eventmodel import EventModel, load_event_model
from storyline.compare.eventpairs import FEATURES, numbers_in, pair_features
from storyline.compare.events import EntityIndex
from storyline.compare.groups import Sources
from storyline.compare.report import build_story_from
from storyline.options import Options


def constant_model(p: float, agreed: float = 0.8, possible: float = 0.5) -> EventModel:
    """A model that gives every candidate pair the same p (to test the bands, not the weights)."""
    n = len(FEATURES)
    return EventModel(
        "test", FEATURES, np.zeros(n), float(np.log(p / (1 - p))), np.zeros(n), np.ones(n), agreed, possible
    )


def two_reports() -> tuple:
    a = article("a", "Mayor Ana Ruiz met harbour pilots in Velmar on Friday.", "Velmar Post")
    b = article("b", "Ana Ruiz met the pilots in Velmar on Friday, officials said.", "Coast Wire")
    ea = event(
        a,
        "a:v1",
        "Mayor Ana Ruiz met harbour pilots in Velmar",
        "meet",
        cls="meeting",
        actor="Ana Ruiz",
        place="Velmar",
        date="2031-03-14",
    )
    eb = event(
        b,
        "b:v1",
        "Ana Ruiz met the pilots in Velmar",
        "meet",
        cls="meeting",
        actor="Ana Ruiz",
        place="Velmar",
        date="2031-03-14",
    )
    return (a, facts(a, ea)), (b, facts(b, eb))


def links(model: EventModel):
    (a, fa), (b, fb) = two_reports()
    context = event_context({a.id: a.body, b.id: b.body}, [], {}, {})
    return link_events([*fa.events, *fb.events], EntityIndex({}), Sources([a, b]), context, model)


@pytest.mark.parametrize(("p", "where"), [(0.9, "agreed"), (0.6, "possible"), (0.3, "apart")])
def test_a_link_lands_by_its_p_in_agreed_possible_or_nowhere(p: float, where: str):
    found = links(constant_model(p))
    joined = [g for g in found.groups if len(g.items) == 2]
    assert bool(joined) is (where == "agreed")
    assert bool(found.possible) is (where == "possible")
    assert found.links == {("a:v1", "b:v1"): pytest.approx(p)}
    if where == "agreed":
        assert joined[0].p == pytest.approx(p, abs=1e-4)
    if where == "possible":
        assert found.possible[0].p == pytest.approx(p, abs=1e-4) and found.possible[0].articles == ("a", "b")


def test_possibly_the_same_is_shown_apart_and_never_counted_as_agreement(monkeypatch: pytest.MonkeyPatch):
    import storyline.compare.eventlinks as eventlinks

    monkeypatch.setattr(eventlinks, "load_event_model", lambda: constant_model(0.6))
    (a, fa), (b, fb) = two_reports()
    story = build_story_from([a, b], [fa, fb], Options())
    c = story.comparison
    assert [x.items for x in c.possible] == [("a:v1", "b:v1")]
    assert not [x for x in c.agreed if x.kind == "event"]
    assert all("a:v1" not in u.items and "b:v1" not in u.items for us in c.unique.values() for u in us)


def test_the_shipped_model_documents_its_thresholds_and_its_measured_figures():
    data = json.loads(resources.files("storyline").joinpath("data", "event_pairs.json").read_text(encoding="utf-8"))
    model = load_event_model()
    assert model.features == FEATURES and len(model.weights) == len(FEATURES)
    assert 0.5 < model.possible <= model.agreed < 1.0
    assert data["agreed"] == model.agreed and "precision" in data["note"]
    assert data["figures"]["dev"]["precision"] >= 0.8  # the threshold was chosen for it on dev


def test_the_same_meeting_told_by_two_outlets_is_agreed_by_the_shipped_model():
    (a, fa), (b, fb) = two_reports()
    story = build_story_from([a, b], [fa, fb], Options())
    [agreed] = [x for x in story.comparison.agreed if x.kind == "event"]
    assert agreed.items == ("a:v1", "b:v1") and agreed.p is not None and agreed.p >= load_event_model().agreed


def test_the_web_page_lists_possibly_the_same_apart(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    import storyline.compare.eventlinks as eventlinks
    from storyline.web.app import create_app
    from storyline.web.storyview import story_page

    monkeypatch.setattr(eventlinks, "load_event_model", lambda: constant_model(0.6))
    (a, fa), (b, fb) = two_reports()
    story = build_story_from([a, b], [fa, fb], Options())
    templates = create_app(Options(db=str(tmp_path / "w.db"), extract=False, cluster=False)).state.templates
    html = templates.get_template("story.html").render(request=None, view=story_page(story))
    section = html[html.index('<section class="possible-facts"') :]
    assert "not counted as agreement" in section and "p 0.60" in section
    assert "1 possibly the same" in html  # each column counts it, as the JSON does


def test_terminal_and_reports_show_possibly_the_same_apart_with_p(monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.console import Console

    import storyline.compare.eventlinks as eventlinks
    from storyline.present.render import render_html, render_markdown, render_terminal

    monkeypatch.setattr(eventlinks, "load_event_model", lambda: constant_model(0.6))
    (a, fa), (b, fb) = two_reports()
    story = build_story_from([a, b], [fa, fb], Options())
    console = Console(record=True, width=160)
    render_terminal(story, console)
    text = console.export_text()
    assert "possibly the same (not counted as agreement)" in text and "0.60" in text
    assert "No fact is reported by two independent outlets." in text
    assert "Possibly the same (not counted as agreement)" in render_markdown(story)
    assert "Possibly the same" in render_html(story)


def _features(found: list[float]) -> dict[str, float]:
    return dict(zip(FEATURES, found, strict=True))


def test_ordinals_are_numbers_so_the_fifth_and_the_sixth_round_differ():
    assert numbers_in("Okafor was floored in the fifth round.") == {"5"}
    assert numbers_in("He stopped Lind in the 6th round.") == {"6"}
    assert numbers_in("For the first time, the pilots met.") == frozenset()  # "first" states no number


def test_pair_features_read_the_lemma_the_form_the_context_and_rare_words():
    # fictional reports: the harbour strike in Velmar
    a = article("a", "Dockers in Velmar struck on Monday. The harbour strike shut the quay.", "Velmar Post")
    b = article("b", "Velmar dockers struck on Monday. Pilots joined the harbour strike.", "Coast Wire")
    c = article("c", "The harbour was quiet on Monday. Dockers strike over pay.", "Bay Daily")
    ea = event(a, "a:s", "struck", "strike")
    eb = event(b, "b:s", "struck", "strike")
    ec = event(c, "c:s", "strike", "strike")
    context = event_context({x.id: x.body for x in (a, b, c)}, [], {}, {})
    infos = event_infos([ea, eb, ec], EntityIndex({}), context)
    ab, ac = (_features(pair_features(infos[0], infos[k])) for k in (1, 2))
    assert ab["same_lemma"] == ac["same_lemma"] == 1.0
    assert (ab["same_form"], ac["same_form"]) == (1.0, 0.0)  # "struck" / "struck"; "struck" / "strike"
    assert ab["near"] > ac["near"]  # "dockers ... on Monday" around both triggers of a and b
    assert ab["words_idf"] > ac["words_idf"] > 0.0  # "velmar" is rare in the story, "monday" is everywhere
    assert ab["lemma_spread"] == 1.0  # every report has the lemma
    assert (ab["position_min"], ab["position_max"]) == (0.0, 0.0)
