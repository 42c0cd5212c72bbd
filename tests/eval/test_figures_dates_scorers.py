"""The NewsQuant and TempEval scorers, on tiny fictional files written here; the real dev sets run
in the quality gate (tests/test_quality_gate.py, ``-m slow``) against benchmarks/baseline.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.errors import InputError
from storyline.eval.newsquant import gold_value, score_figures, singular, to_gold, unit_key
from storyline.eval.tempeval import read_tml, score_dates

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>fictional</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2023-12-28" functionInDocument="CREATION_TIME">2023-12-28</TIMEX3></DCT>
<TEXT>
The ministers <EVENT eid="e1">met</EVENT> <TIMEX3 tid="t1" type="DATE" value="2023-12-27">Wednesday</TIMEX3> &amp; \
will meet again <TIMEX3 tid="t2" type="DATE" value="2024-01">next month</TIMEX3>.
</TEXT>
</TimeML>
"""


@pytest.mark.parametrize(
    ("word", "one"),
    [
        ("countries", "country"),
        ("migrants", "migrant"),
        ("people", "people"),
        ("feet", "foot"),
        ("boxes", "box"),
        ("bus", "bus"),
        ("gas", "gas"),
    ],
)
def test_singular(word: str, one: str) -> None:
    assert singular(word) == one


def test_unit_key_treats_none_and_dash_alike() -> None:
    assert unit_key(None) == unit_key("-") == "-"
    assert unit_key("European Countries") == "european country"


def test_score_figures_counts_value_and_unit_matches(tmp_path: Path) -> None:
    data = [
        {
            "text": "Guards stopped about 7,000 migrants and 12 boats.",
            "quantities": [
                {"value": "7000.0", "unit": "migrants", "normalized_unit": "migrant", "change": "~"},
                {"value": "12", "unit": "boats", "normalized_unit": "boat", "change": "="},
            ],
        },
        {
            "text": "Turnout rose 12% as thousands of voters came.",
            "quantities": [
                {"value": "12.0", "unit": "%", "normalized_unit": "percentage", "change": "up"},
                {"value": "1000-10000", "unit": "voters", "normalized_unit": "voter", "change": "="},
            ],
        },
        {"text": "Nothing to count here.", "quantities": []},
    ]
    path = tmp_path / "nq.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    got = score_figures(path)
    assert got["n"] == 4 and got["n_pred"] == 4
    assert got["value_f1"] == 1.0 and got["value_unit_f1"] == 1.0


def test_score_figures_rejects_a_file_that_is_not_a_list(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"text": 1}', encoding="utf-8")
    with pytest.raises(InputError, match="list"):
        score_figures(path)
    with pytest.raises(InputError):
        score_figures(tmp_path / "missing.json")


def test_read_tml_gives_text_offsets_and_dct(tmp_path: Path) -> None:
    path = tmp_path / "a.tml"
    path.write_text(TML, encoding="utf-8")
    text, dct, gold = read_tml(path)
    assert dct == "2023-12-28"
    assert [text[g.start : g.end] for g in gold] == ["Wednesday", "next month"]
    assert "&" in text and "<" not in text


def test_score_dates_over_a_folder_searched_recursively(tmp_path: Path) -> None:
    (tmp_path / "deep" / "er").mkdir(parents=True)
    (tmp_path / "deep" / "er" / "a.tml").write_text(TML, encoding="utf-8")
    got = score_dates(tmp_path)
    assert got["n"] == 2 and got["documents"] == 1
    assert got["value_f1"] == 1.0


def test_score_dates_on_an_empty_folder_says_so(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"no \.tml"):
        score_dates(tmp_path)


@pytest.mark.parametrize(
    ("raw", "value"),
    [("7000.0", (7000.0, 7000.0)), ("1E-08", (1e-08, 1e-08)), ("1e-08", (1e-08, 1e-08)), ("2.5E+3", (2500.0, 2500.0)),
     ("1000-10000", (1000.0, 10000.0)), ("36040.0-34935.0", (34935.0, 36040.0)), ("-5", (-5.0, -5.0)),
     (".5", (0.5, 0.5)), ("n/a", None), ("", None)],
)  # fmt: skip
def test_gold_values_read_exponents_in_either_case_and_ranges_either_way(
    raw: str, value: tuple[float, float] | None
) -> None:
    assert gold_value(raw) == value


def test_score_figures_gives_both_fixed_halves_and_a_folder_set_by_set(tmp_path: Path) -> None:
    good = {
        "text": "Guards stopped 12 boats.",
        "quantities": [{"value": "12", "unit": "boats", "normalized_unit": "boat"}],
    }
    miss = {"text": "Nothing to count here.", "quantities": [{"value": "3", "unit": "-", "normalized_unit": "-"}]}
    (tmp_path / "a.json").write_text(json.dumps([good, miss, good, miss]), encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps([good]), encoding="utf-8")
    one = score_figures(tmp_path / "a.json")
    assert one["even_value_f1"] == 1.0 and one["odd_value_f1"] == 0.0
    both = score_figures(tmp_path)
    assert set(both) == {"a", "b"} and both["b"]["value_unit_f1"] == 1.0


@pytest.mark.parametrize(
    ("ours", "gold"),
    [("percent", "percentage"), ("us dollar per barrel", "dollar per barrel"), ("kilometer per hour",
     "kilometre per hour"), ("milliliter", "millilitre"), ("degree Celsius", "celsius"), ("british pound",
     "pound sterling"), ("migrants", "migrants")],
)  # fmt: skip
def test_our_unit_names_map_to_the_gold_vocabulary(ours: str, gold: str) -> None:
    assert to_gold(ours) == gold
