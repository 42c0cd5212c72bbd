"""Entity mentions and their merging (short example texts here are fictional)."""

from __future__ import annotations

from typing import Any

import pytest
from extract_golden import check_golden
from extract_seeds import CNN, NEWSNATION

from storyline.extractors import entities
from storyline.records import Article, Mention
from storyline.text import name_key


def _mentions(nlp: Any, text: str, article_id: str = "t") -> list[Mention]:
    article = Article(id=article_id, body=text)
    return entities.mentions(nlp(text), article)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Andrés Manuel López Obrador", "Andres Manuel Lopez Obrador"),
        ("LÓPEZ OBRADOR", "lopez obrador"),
        ("U.S.", "US"),
        ("Barcena’s", "barcena's"),
    ],
)
def test_fold_ignores_diacritics_case_and_dots(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


def test_every_mention_offset_reproduces_its_text(seeds: dict[str, Any]) -> None:
    for article, _doc, mentions in seeds.values():
        assert mentions
        for m in mentions:
            assert article.body[m.start : m.end] == m.text


def test_lopez_obrador_spellings_are_one_entity_with_the_accented_name(seeds: dict[str, Any]) -> None:
    merged = entities.merge_entities(m for _a, _d, ms in seeds.values() for m in ms)
    lopez = [e for e in merged if "obrador" in name_key(e.name)]
    assert len(lopez) == 1
    assert lopez[0].name == "Andrés Manuel López Obrador"
    assert {"Andres Manuel López Obrador", "López Obrador"} <= set(lopez[0].aliases)
    assert lopez[0].articles == ("000", "002")


@pytest.mark.parametrize(
    ("seed", "name", "role"),
    [
        (NEWSNATION, "Antony Blinken", "Secretary of State"),
        (CNN, "Alicia Barcena", "Mexico’s Secretary of Foreign Affairs"),
        (CNN, "Alejandro Mayorkas", "Homeland Security Secretary"),
    ],
)
def test_title_before_a_name_is_the_persons_role(seeds: dict[str, Any], seed: str, name: str, role: str) -> None:
    found = [m for m in seeds[seed][2] if m.text == name]
    assert found and found[0].type == "PERSON" and found[0].role == role


def test_acronym_and_expansion_share_a_key_in_one_article(seeds: dict[str, Any]) -> None:
    keys = {m.text: m.key for m in seeds[CNN][2]}
    assert keys["NSC"] == keys["US National Security Council"] == "national security council"


def test_surname_only_mention_links_to_the_full_name(nlp: Any) -> None:
    text = "Governor Maria Delgado Ruiz visited the plant on Monday. Later, Delgado Ruiz met workers."
    keys = {m.text: m.key for m in _mentions(nlp, text)}
    assert keys["Delgado Ruiz"] == keys["Maria Delgado Ruiz"] == "maria delgado ruiz"


def test_curated_alias_names_the_entity(nlp: Any) -> None:
    mentions = _mentions(nlp, "Officials from DHS met their Mexican counterparts in Mexico City.")
    dhs = [m for m in mentions if m.text == "DHS"]
    assert dhs and dhs[0].name == "Department of Homeland Security"


def test_lone_surname_in_another_article_joins_the_one_full_name() -> None:
    full = Mention("a1", 8, 20, "Tomas Okafor", "PERSON", "tomas okafor", "Tomas Okafor", "Senator")
    lone = Mention("a2", 0, 6, "Okafor", "PERSON", "okafor", "Okafor")
    other = Mention("a3", 0, 11, "Ana Okafors", "PERSON", "ana okafors", "Ana Okafors")
    merged = entities.merge_entities([lone, full, other])
    okafor = [e for e in merged if e.name == "Tomas Okafor"]
    assert okafor and okafor[0].articles == ("a1", "a2")


def test_entity_ids_do_not_depend_on_order(seeds: dict[str, Any]) -> None:
    mentions = [m for _a, _d, ms in seeds.values() for m in ms]
    forward = entities.merge_entities(mentions)
    backward = entities.merge_entities(reversed(mentions))
    assert forward == backward
    index = entities.entity_index(mentions)
    assert {index[m.key] for m in mentions} == {e.id for e in forward}


def test_seed_entities_match_the_golden_file(seeds: dict[str, Any]) -> None:
    merged = entities.merge_entities(m for _a, _d, ms in seeds.values() for m in ms)
    check_golden(
        "seed_entities.json",
        [
            {
                "name": e.name,
                "type": e.type,
                "aliases": list(e.aliases),
                "roles": list(e.roles),
                "articles": list(e.articles),
            }
            for e in merged
        ],
    )


@pytest.mark.parametrize(
    ("text", "names"),
    [("The overwhelmed Customs and Border Patrol closed a gate.", ["Customs and Border Patrol"]),
     ("Immigration and Customs Enforcement agents came.", ["Immigration and Customs Enforcement"]),
     ("Google and Microsoft agreed.", ["Google", "Microsoft"]),
     ("Officials from Mexico and Guatemala met.", ["Mexico", "Guatemala"])],
)  # fmt: skip
def test_a_name_with_and_inside_is_one_entity_two_tagged_names_stay_two(nlp: Any, text: str, names: list) -> None:
    found = [m.text for m in _mentions(nlp, text)]
    assert found == names


# ---- entities that compare right (fictional texts) -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "alias"),
    [
        (
            "Governor Ana Ruiz, or Anita as she is widely known, opened the Velmar bridge. Anita thanked the crews.",
            "Ana Ruiz",
            "Anita",
        ),
        ("The smuggler Joaquín Vela, known as El Zorro, escaped from Velmar prison.", "Joaquín Vela", "El Zorro"),
        (
            "President Ana Ruiz spoke on Friday. Ruizita, as the president is widely known, opened the bridge.",
            "Ana Ruiz",
            "Ruizita",
        ),
    ],
)
def test_an_alias_given_in_apposition_joins_its_entity(nlp: Any, text: str, name: str, alias: str) -> None:
    merged = entities.merge_entities(_mentions(nlp, text))
    [person] = [e for e in merged if e.name == name]
    assert alias in person.aliases
    assert not [e for e in merged if e.name == alias]


def test_a_town_the_parser_takes_for_a_person_is_a_place(nlp: Any) -> None:
    text = "Hundreds of workers who left Velmora, located in the northern hills, on Sunday reached the coast."
    types = {m.text: m.type for m in _mentions(nlp, text)}
    assert types.get("Velmora", "GPE") != "PERSON"


def test_washington_and_washington_dc_are_one_place(nlp: Any) -> None:
    a = _mentions(nlp, "Ministers will visit Washington next month.", "a")
    b = _mentions(nlp, "Ministers will meet in Washington, D.C. in January.", "b")
    places = [e for e in entities.merge_entities(a + b) if e.type == "GPE"]
    assert [(e.name, e.articles) for e in places] == [("Washington, D.C.", ("a", "b"))]


def test_a_person_named_washington_is_not_the_capital(nlp: Any) -> None:
    found = _mentions(nlp, "Coach Denzel Washington praised the team.")
    assert all(m.name != "Washington, D.C." for m in found)


@pytest.mark.parametrize(
    ("name", "informative"),
    [
        ("Secretary", False),
        ("January", False),
        ("2,000", False),
        ("Monday", False),
        ("Velmar", True),
        ("Ana Ruiz", True),
        ("Deputy Secretary", False),
        ("Homeland Security", True),
        ("101st", False),
    ],
)
def test_why_lists_only_names_that_carry_information(name: str, informative: bool) -> None:
    from storyline.extractors.aliases import informative_name

    assert informative_name(name) is informative
