"""The spaCy pipeline as loaded: a blank line always ends a sentence (text here is fictional)."""

from __future__ import annotations

from typing import Any

from storyline.extractors.nlp import load_nlp


def test_a_blank_line_after_a_closing_quote_ends_the_sentence(nlp: Any) -> None:
    assert "storyline_paragraphs" in nlp.pipe_names
    doc = nlp("“Both councils will review the plan in June.”\n\nAround 4,000 trucks a week used the bridge.")
    sents = [s.text.strip() for s in doc.sents]
    assert sents == ["“Both councils will review the plan in June.”", "Around 4,000 trucks a week used the bridge."]
    trucks = next(t for t in doc if t.text == "trucks")
    assert trucks.head.text == "used"  # not the previous paragraph's "review"


def test_a_single_line_break_is_left_to_the_parser(nlp: Any) -> None:
    doc = nlp("The council met on Monday\nand voted on the plan.")
    assert len(list(doc.sents)) == 1


def test_loading_twice_keeps_one_paragraph_component() -> None:
    nlp = load_nlp("en_core_web_sm")
    assert nlp.pipe_names.count("storyline_paragraphs") == 1
