"""PolNeAR quote scoring: parsing brat standoff, matching at 0.8 overlap (split texts here are fictional)."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.errors import InputError
from storyline.eval import polnear
from storyline.options import Options
from storyline.records import Quote

TEXT = "Ana Ruiz said the bridge will open in May. “It is ready,” she said. The river is high."
ANN = (
    "T1\tSource 0 8\tAna Ruiz\nT2\tCue 9 13\tsaid\nT3\tContent 14 41\tthe bridge will open in May\n"
    "T4\tAttribution 9 13\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    "T5\tContent 43 57\t“It is ready,”\nT6\tSource 58 61\tshe\nT7\tCue 62 66\tsaid\n"
    "T8\tAttribution 62 66\tsaid\nE2\tAttribution:T8 Content:T5 Cue:T7 Source:T6\n"
    "T9\tAttribution 67 70\tThe\nE3\tAttribution:T9\n"
)


def _quote(n: int, start: int, end: int, speaker: tuple[int, int] | None = None, direct: bool = False) -> Quote:
    s0, s1 = speaker or (None, None)
    return Quote(f"d:q{n}", "d", start, end, TEXT[start:end], direct, "said", None, s0, s1)


def _split(tmp_path: Path) -> Path:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "demo_2016-01-01_bridge.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "attributions" / "demo_2016-01-01_bridge_ab12.ann").write_text(ANN, encoding="utf-8")
    return tmp_path


def test_only_attributions_with_content_are_gold() -> None:
    golds = polnear.parse_ann(ANN)
    assert [g.content for g in golds] == [((14, 41),), ((43, 57),)]
    assert golds[0].source == ((0, 8),)


def test_annotation_file_with_annotator_suffix_finds_its_text(tmp_path: Path) -> None:
    [(stem, text, golds)] = polnear.load_split(_split(tmp_path))
    assert stem.endswith("_ab12") and text == TEXT and len(golds) == 2


def test_folder_that_is_not_a_split_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="text/ and attributions/"):
        polnear.load_split(tmp_path)


def test_match_needs_80_percent_of_the_longer_span() -> None:
    golds = polnear.parse_ann(ANN)
    near = [(((14, 38),), ())]  # 24 of 27 characters: 0.89
    far = [(((14, 33),), ())]  # 19 of 27: 0.70
    assert polnear.match(golds, near) == [(0, 0)]
    assert polnear.match(golds, far) == []


def test_match_is_one_to_one_best_overlap_first() -> None:
    golds = polnear.parse_ann(ANN)
    preds = [(((14, 40),), ()), (((14, 41),), ())]
    assert polnear.match(golds, preds) == [(0, 1)]


def test_direct_quote_is_compared_with_its_marks_and_same_as_parts_count_once() -> None:
    golds = polnear.parse_ann(ANN)
    direct = _quote(1, 44, 55, (58, 61), direct=True)  # "It is ready" without marks and comma
    part_a = _quote(2, 14, 24, (0, 8)).replace(same_as=("d:q3",))
    part_b = _quote(3, 24, 41, (0, 8)).replace(same_as=("d:q2",))
    result = polnear.score([(golds, [direct, part_a, part_b], TEXT)])
    assert result["content_f1"] == 1.0 and result["speaker_accuracy"] == 1.0 and result["n"] == 2


def test_wrong_speaker_lowers_speaker_accuracy_not_f1() -> None:
    golds = polnear.parse_ann(ANN)
    result = polnear.score([(golds, [_quote(1, 14, 41, (67, 76))], TEXT)])
    assert result["content_precision"] == 1.0 and result["content_recall"] == 0.5
    assert result["speaker_accuracy"] == 0.0


def test_score_quotes_runs_the_real_extraction(tmp_path: Path) -> None:
    result = polnear.score_quotes(_split(tmp_path), Options())
    assert set(result) >= {"content_f1", "content_precision", "content_recall", "speaker_accuracy", "n"}
    assert result["n"] == 2
    assert result["content_f1"] == 1.0 and result["speaker_accuracy"] == 1.0


@pytest.mark.slow
def test_dev_split_scores_are_fractions() -> None:
    result = polnear.score_quotes(None, Options())
    assert result["n"] > 1000
    assert all(
        0.0 <= result[k] <= 1.0 for k in ("content_f1", "content_precision", "content_recall", "speaker_accuracy")
    )
