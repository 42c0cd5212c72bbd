from __future__ import annotations

from pathlib import Path

import pytest

from storyline.errors import InputError
from storyline.eval.ecb import b_cubed, read_document, score_stories

# A tiny FICTIONAL document in the ECB+ token layout (sentence 0 of an ecbplus file is its URL).
ECBPLUS = """<Document doc_name="9_1ecbplus.xml">
<token t_id="1" sentence="0" number="0">http://example.org/x</token>
<token t_id="2" sentence="1" number="0">Ferry</token>
<token t_id="3" sentence="1" number="1">crews</token>
<token t_id="4" sentence="1" number="2">strike</token>
</Document>"""


def test_ecbplus_document_drops_the_url_sentence_and_names_its_gold_story(tmp_path: Path) -> None:
    path = tmp_path / "9" / "9_1ecbplus.xml"
    path.parent.mkdir()
    path.write_text(ECBPLUS, encoding="utf-8")
    assert read_document(path) == ("9/ecbplus", "Ferry crews strike")


@pytest.mark.parametrize(
    ("gold", "pred", "expected"),
    [(["a", "a", "b"], ["x", "x", "y"], (1.0, 1.0, 1.0)), (["a", "a", "b"], ["x", "x", "x"], (5 / 9, 1.0, 5 / 7))],
)
def test_b_cubed_matches_hand_computed_figures(
    gold: list[str], pred: list[str], expected: tuple[float, float, float]
) -> None:
    assert b_cubed(gold, pred) == pytest.approx(expected)


def test_an_empty_folder_is_an_input_error_not_a_zero_score(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no ECB"):
        score_stories(tmp_path)
