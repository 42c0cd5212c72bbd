"""Pathological text is cut, skipped or sampled with a warning that says so, in bounded time
(#20 item 5). Every text here is fictional or synthetic.

Times are CPU seconds (not wall), so other processes on a shared machine do not look like growth.
"""

from __future__ import annotations

import time

import pytest

from storyline.extractors import chunks, pipeline
from storyline.options import Options
from storyline.records import Article, Facts


def _facts(body: str) -> tuple[Facts, float]:
    start = time.process_time()
    facts = pipeline.extract_one(Article(id="px", body=body, published="2031-03-03"), Options())
    return facts, time.process_time() - start


def _offsets_true(body: str, facts: Facts) -> None:
    for fact in (*facts.mentions, *facts.quotes, *facts.figures, *facts.dates, *facts.events):
        assert body[fact.start : fact.end] == fact.text


def test_long_runs_without_a_space_are_blanked_to_the_same_length() -> None:
    text = "The council met. " + "(" * 500 + " It voted. " + "x" * (chunks.LONG_RUN - 1)
    blanked, count = chunks.blank_long_runs(text)
    assert len(blanked) == len(text) and count == 500
    assert "(" not in blanked and blanked.endswith("x" * (chunks.LONG_RUN - 1))


def test_char_batches_hold_at_most_the_limit_and_keep_the_order() -> None:
    texts = ["a" * 40, "b" * 40, "c" * 40, "d" * 150, "e" * 10]
    groups = chunks.char_batches(texts, 100)
    assert groups == [[0, 1], [2], [3], [4]]
    assert [i for g in groups for i in g] == list(range(len(texts)))


@pytest.mark.parametrize("run", ["(" * 20_000, '"' * 200_000, "-." * 50_000])
def test_a_punctuation_run_costs_seconds_not_minutes_and_says_so(run: str) -> None:
    body = f"The fictional council of Northbrook met on Monday. {run} Mayor Ana Ruiz said the bridge will open."
    facts, seconds = _facts(body)
    assert seconds < 15, seconds  # 20,000 "(" took 53.6 s CPU on main (ingest, this machine)
    assert any("without a space" in w for w in facts.warnings)
    _offsets_true(body, facts)
    assert any(m.text == "Ana Ruiz" for m in facts.mentions)  # the words around the run are still read


def test_a_body_past_the_extraction_limit_is_read_in_part_with_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "MAX_EXTRACT_CHARS", 600)
    sentence = "Police arrested two men in the fictional town of Northbrook on Monday, officials said. "
    body = sentence * 20
    facts, _ = _facts(body)
    assert any("facts extracted from the first" in w for w in facts.warnings)
    _offsets_true(body, facts)
    assert facts.events and all(e.end <= 600 for e in facts.events)


def test_many_chunks_are_parsed_a_batch_of_characters_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    sizes: list[int] = []
    real = pipeline._parse

    def spy(nlp, texts, options, n_process):  # type: ignore[no-untyped-def]
        for group in chunks.char_batches(texts):
            sizes.append(sum(len(texts[i]) for i in group))
        yield from real(nlp, texts, options, n_process)

    monkeypatch.setattr(pipeline, "_parse", spy)
    monkeypatch.setattr(chunks, "CHUNK_CHARS", 2_000)
    monkeypatch.setattr(chunks, "BATCH_CHARS", 5_000)
    body = "The fictional ferry to Alden ran 12 extra crossings on Monday, officials said. " * 300
    facts, _ = _facts(body)
    assert len(sizes) > 3 and max(sizes) <= 5_000
    _offsets_true(body, facts)
