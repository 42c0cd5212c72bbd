"""Event alignment's action and participant rules, on short fictional reports (all text invented)."""

from __future__ import annotations

from typing import Any

import pytest

from compare_builders import article, event
from storyline.compare.actions import action_keys, class_only
from storyline.compare.events import EntityIndex, align_events
from storyline.compare.groups import Sources


def joined(a: dict[str, Any], b: dict[str, Any], names: dict[str, str] | None = None) -> bool:
    """Align one event of outlet A with one of outlet B; True when they end in one group."""
    arts = [article("a", a.pop("body"), "Outlet A"), article("b", b.pop("body"), "Outlet B")]
    evs = [event(art, f"{art.id}:v1", kw.pop("text"), **kw) for art, kw in zip(arts, (a, b), strict=True)]
    out = align_events(evs, EntityIndex(names or {}), Sources(arts))[0]
    return out[0].same_as == ("b:v1",)


def ev(body: str, text: str, action: str, **kw: Any) -> dict[str, Any]:
    return {"body": body, "text": text, "action": action, **kw}


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("arrest", "arrests"),
        ("arrested", "arrest"),
        ("quake", "earthquake"),
        ("kill", "killing"),
        ("shoot", "shooting"),
        ("die", "death"),
    ],
)
def test_derived_forms_of_one_action_share_a_key(one: str, other: str):
    assert action_keys(one) & action_keys(other)
    assert not class_only(action_keys(one), action_keys(other))  # the same root, not just a class


@pytest.mark.parametrize(
    ("one", "other", "same"),
    [
        ("arrest", "detain", True),
        ("nab", "apprehend", True),
        ("murder", "slay", True),
        ("sack", "fire", True),  # fire a coach
        ("blaze", "fire", True),  # a fire in a mill
        ("sack", "blaze", False),  # "fire" sits in two classes; they do not meet through it
        ("convict", "sentence", False),  # two steps of one trial, not one act
        ("arson", "fire", False),  # the crime, not the fire
        ("tear down", "crack down", False),  # a shared particle is no shared action
        ("shut down", "shut", True),
    ],
)
def test_synonym_classes_join_one_act_and_nothing_else(one: str, other: str, same: bool):
    assert bool(action_keys(one) & action_keys(other)) is same


def test_a_derived_noun_and_its_verb_are_one_event():
    a = ev("Police arrested Ted Moor in Port Elm on Monday.", "Police arrested Ted Moor", "arrest", target="Ted Moor")
    b = ev("The arrest of Moor surprised the town.", "The arrest of Moor", "arrest", target="Moor")
    assert joined(a, b, {"Ted Moor": "e1", "Moor": "e1"})


def test_synonyms_with_no_one_named_on_both_sides_are_one_event():
    a = ev("Guards detained a courier at the pier.", "Guards detained a courier", "detain", actor="Guards")
    b = ev("A courier was nabbed on Monday.", "A courier was nabbed", "nab")
    assert joined(a, b)


def test_synonyms_naming_different_people_are_not_joined():
    a = ev("Guards detained two couriers.", "Guards detained two couriers", "detain", actor="Guards", target="couriers")
    b = ev(
        "Police apprehended forty hikers.",
        "Police apprehended forty hikers",
        "apprehend",
        actor="Police",
        target="hikers",
    )
    assert not joined(a, b)


def test_different_words_for_one_person_do_not_veto():
    a = ev("The gunman shot a clerk in Fen Row.", "The gunman shot a clerk", "shoot", actor="The gunman")
    b = ev("Ted Moor opened fire on Monday.", "Ted Moor opened fire", "shoot", actor="Ted Moor")
    assert joined(a, b, {"Ted Moor": "e1"})


def test_two_named_people_in_one_role_are_different_events():
    a = ev("Ted Moor resigned.", "Ted Moor resigned", "resign", actor="Ted Moor")
    b = ev("Ana Ruiz resigned.", "Ana Ruiz resigned", "resign", actor="Ana Ruiz")
    assert not joined(a, b, {"Ted Moor": "e1", "Ana Ruiz": "e2"})


def test_a_name_and_a_headline_containing_it_are_one_person():
    a = ev("Ana Ruiz died on Sunday.", "Ana Ruiz died", "die", actor="Ana Ruiz")
    b = ev("Ana Ruiz Dies At 90. The singer died.", "Ana Ruiz Dies", "die", actor="Ana Ruiz Dies")
    assert joined(a, b, {"Ana Ruiz": "e1", "Ana Ruiz Dies": "e2"})


def test_swapped_roles_are_different_events():
    a = ev("Ruiz sued Moor.", "Ruiz sued Moor", "sue", actor="Ruiz", target="Moor")
    b = ev("Moor sued Ruiz.", "Moor sued Ruiz", "sue", actor="Moor", target="Ruiz")
    assert not joined(a, b, {"Ruiz": "e1", "Moor": "e2"})


@pytest.mark.parametrize(
    ("speaker_b", "same"),
    [("the mayor", False), ("Mayor Ruiz", True)],
)
def test_a_vague_action_needs_a_shared_participant(speaker_b: str, same: bool):
    a = ev("Ruiz said the pier is closed.", "Ruiz said", "say", actor="Ruiz")
    b = ev(f"{speaker_b} said so.", f"{speaker_b} said", "say", actor=speaker_b)
    assert joined(a, b, {"Ruiz": "e1", "Mayor Ruiz": "e1"}) is same
