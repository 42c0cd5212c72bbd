"""Quotes: direct, split, partial and indirect, with cue and speaker (short texts here are fictional)."""

from __future__ import annotations

from typing import Any

import numpy
import pytest
from extract_golden import check_golden
from extract_seeds import CNN, NEWSNATION
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.extractors import entities, quotes
from storyline.extractors.quotes import cuemodel
from storyline.extractors.quotes.marks import quote_spans
from storyline.extractors.quotes.speakers import fallback
from storyline.records import Article, Quote


def _quotes(nlp: Any, text: str) -> list[Quote]:
    article = Article(id="t", body=text)
    doc = nlp(text)
    return quotes.quotes(doc, article, entities.mentions(doc, article))


def _speaker_span(text: str, q: Quote) -> str | None:
    return None if q.speaker_start is None else text[q.speaker_start : q.speaker_end]


def test_nsc_statement_is_a_direct_quote_in_both_seeds(seeds: dict[str, Any]) -> None:
    statement = "We continue to address the root causes and build on legal pathways"
    found = {}
    for name, (article, doc, mentions) in seeds.items():
        hits = [q for q in quotes.quotes(doc, article, mentions) if statement in q.text]
        assert len(hits) == 1, name
        found[name] = hits[0]
        assert found[name].direct and found[name].cue == "said"
    newsnation, cnn = found[NEWSNATION], found[CNN]
    assert newsnation.speaker == "a National Security Council Spokesperson"
    assert newsnation.speaker_entity == "national security council"
    assert cnn.speaker == "the official"


def test_quote_split_by_its_attribution_is_linked(seeds: dict[str, Any]) -> None:
    article, doc, mentions = seeds[NEWSNATION]
    found = quotes.quotes(doc, article, mentions)
    first = next(q for q in found if q.text.startswith("It was a productive trip"))
    second = next(q for q in found if q.text.startswith("President Biden’s Cabinet"))
    assert first.same_as == (second.id,) and second.same_as == (first.id,)
    assert second.speaker == first.speaker and second.speaker_start == first.speaker_start


def test_barcena_told_reporters_is_indirect_with_her_as_speaker(seeds: dict[str, Any]) -> None:
    article, doc, mentions = seeds[CNN]
    told = [q for q in quotes.quotes(doc, article, mentions) if q.cue == "told"]
    assert len(told) == 1
    q = told[0]
    assert not q.direct and q.speaker == "Alicia Barcena" and q.speaker_entity == "alicia barcena"
    assert q.text.startswith("the discussions also covered")
    assert "according to" not in q.text


@pytest.mark.parametrize(
    ("text", "content", "direct", "cue", "speaker"),
    [
        (
            '"The bridge will open in May," Mayor Lena Fisk said.',
            "The bridge will open in May",
            True,
            "said",
            "Lena Fisk",
        ),
        ("“We are ready,” said Tom Arden, the coach.", "We are ready", True, "said", "Tom Arden"),
        ("Rosa Blum said: ''Nobody expected this result.''", "Nobody expected this result.", True, "said", "Rosa Blum"),
        (
            "Tom Arden told reporters the team would travel on Friday.",
            "the team would travel on Friday",
            False,
            "told",
            "Tom Arden",
        ),
        (
            "The city has said it will close the old harbor next year.",
            "it will close the old harbor next year",
            False,
            "said",
            "The city",
        ),
        (
            "Rents rose sharply last year, according to the housing office.",
            "Rents rose sharply last year",
            False,
            "according to",
            "the housing office",
        ),
        ("Jan Marek said that the vote was unfair.", "that the vote was unfair", False, "said", "Jan Marek"),
    ],
)
def test_quote_content_cue_and_speaker(nlp: Any, text: str, content: str, direct: bool, cue: str, speaker: str) -> None:
    found = _quotes(nlp, text)
    match = [q for q in found if q.text == content]
    assert match, [q.text for q in found]
    q = match[0]
    assert (q.direct, q.cue) == (direct, cue)
    assert speaker in (q.speaker or "")


def test_partial_quote_after_called_is_a_direct_quote(nlp: Any) -> None:
    found = _quotes(nlp, "The mayor called the trip “productive” on Monday.")
    partial = [q for q in found if q.text == "productive"]
    assert partial and partial[0].direct and partial[0].cue == "called"


def test_pronoun_speaker_keeps_its_span_and_takes_the_name(nlp: Any) -> None:
    text = "Lena Fisk opened the bridge on Monday. “It took ten years,” she said."
    q = next(q for q in _quotes(nlp, text) if q.text == "It took ten years")
    assert _speaker_span(text, q) == "she"
    assert q.speaker == "Lena Fisk" and q.speaker_entity == "lena fisk"


def test_description_without_a_name_is_kept_as_the_speaker(seeds: dict[str, Any]) -> None:
    article, doc, mentions = seeds[CNN]
    speakers = {q.speaker for q in quotes.quotes(doc, article, mentions)}
    assert {"Senior administration officials", "the official", "a senior administration official"} <= speakers


def test_scare_quotes_without_a_cue_are_not_quotes(nlp: Any) -> None:
    assert _quotes(nlp, "The so-called “fast lane” opened in June.") == []


def test_speech_inside_a_direct_quote_is_part_of_it(nlp: Any) -> None:
    found = _quotes(nlp, "“My father said we should stay home,” Ana Ruiz said.")
    assert [q.text for q in found] == ["My father said we should stay home"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said "yes" and "no".', ["yes", "no"]),
        ("“Open\n“Second paragraph,” she said.", ["Open", "Second paragraph,"]),
        ("A stray ” mark and an “unclosed one", []),
        ("It's a ''test'' here", ["test"]),
    ],
)
def test_quote_marks_pair_within_paragraphs(text: str, expected: list[str]) -> None:
    assert [text[cs:ce] for _qs, cs, ce, _qe in quote_spans(text)] == expected


_PIECES = st.sampled_from(
    [
        "“",
        "”",
        '"',
        "''",
        "‘",
        "’",
        " said ",
        " Ana Ruiz",
        " told reporters ",
        ", ",
        ". ",
        "\n\n",
        " according to the office",
        " the plan",
        " will fail",
        "We",
    ]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=25))
def test_every_quote_offset_reproduces_its_text(nlp: Any, pieces: list[str]) -> None:
    text = "".join(pieces)
    article = Article(id="p", body=text)
    doc = nlp(text)
    mentions = entities.mentions(doc, article)
    for m in mentions:
        assert text[m.start : m.end] == m.text
    for q in quotes.quotes(doc, article, mentions):
        assert text[q.start : q.end] == q.text and q.end > q.start
        if q.speaker_start is not None:
            assert q.speaker_end is not None and 0 <= q.speaker_start < q.speaker_end <= len(text)


def test_seed_quotes_match_the_golden_file(seeds: dict[str, Any]) -> None:
    actual = {}
    for name, (article, doc, mentions) in seeds.items():
        actual[name] = [
            {
                "id": q.id,
                "text": q.text,
                "direct": q.direct,
                "cue": q.cue,
                "speaker": q.speaker,
                "speaker_span": _speaker_span(article.body, q),
                "speaker_entity": q.speaker_entity,
                "same_as": list(q.same_as),
            }
            for q in quotes.quotes(doc, article, mentions)
        ]
    check_golden("seed_quotes.json", actual)


@pytest.mark.parametrize(
    ("text", "cue", "content", "speaker"),
    [
        (
            "Lena Fisk's claim that the bridge is safe surprised the council.",
            "claim",
            "that the bridge is safe",
            "Fisk",
        ),
        ("Tom Arden spoke on Monday. The plan, in his view, costs too much.", None, "costs too much", "Arden"),
    ],
)
def test_speaker_fallback_finds_a_possessor_or_the_previous_subject(
    nlp: Any, text: str, cue: str | None, content: str, speaker: str
) -> None:
    doc = nlp(text)
    cue_tok = next(t for t in doc if t.text == cue) if cue else None
    start = text.index(content)
    found = fallback(doc, cue_tok, start, start + len(content))
    assert found is not None and found.text == speaker


def test_a_clause_after_a_quotation_is_not_its_attribution(nlp: Any) -> None:
    found = _quotes(nlp, "Residents of Gullport said they want “a fair deal,” but pledged to stay calm.")
    partial = next(q for q in found if q.text == "a fair deal")
    assert partial.direct and partial.cue == "said"


def test_speech_reported_inside_a_content_stays_in_it(nlp: Any) -> None:
    text = "The mayor called on the council to apologize for accusing the ferry company of fraud."
    called = [q for q in _quotes(nlp, text) if q.cue == "called"]
    assert called and called[0].text.endswith("accusing the ferry company of fraud")


def test_raising_verb_offers_its_subject_with_the_complement(nlp: Any) -> None:
    text = "The harbor council appears to favor the new bridge."
    found = [c for c in cuemodel.candidates(nlp(text), text) if c.kind.startswith("subj:")]
    assert found and found[0].hole is not None
    c = found[0]
    assert text[c.start : c.hole[0]] == "The harbor council" and "appears" in text[c.hole[0] : c.hole[1]]
    assert text[c.hole[1] : c.end] == "to favor the new bridge"


def test_content_after_a_colon_may_run_to_the_end_of_its_paragraph(nlp: Any) -> None:
    text = "Mayor Lena Fisk said: The harbor will reopen on Monday. Boats may return in May.\n\nIt rained."
    spans = {c.kind: text[c.start : c.end] for c in cuemodel.candidates(nlp(text), text) if c.kind.startswith("colon:")}
    assert spans == {
        "colon:sent": "The harbor will reopen on Monday",
        "colon:para": "The harbor will reopen on Monday. Boats may return in May",
    }


def test_a_doc_without_parser_vectors_is_scored_on_its_words(nlp: Any) -> None:
    text = "Tom Arden told reporters the team would travel on Friday."
    doc = nlp(text)
    doc.tensor = numpy.zeros((0,), dtype="float32")  # as from a pipeline without tok2vec
    article = Article(id="t", body=text)
    found = quotes.quotes(doc, article, entities.mentions(doc, article))
    assert any(q.text == "the team would travel on Friday" for q in found)


def test_a_transcript_turn_is_a_direct_quote_of_the_named_speaker(nlp: Any) -> None:
    text = 'The debate went on.\n\n"MARSH: We will open the bridge in May. Nobody doubts it.'
    found = [q for q in _quotes(nlp, text) if q.direct]
    assert [q.text for q in found] == ["We will open the bridge in May. Nobody doubts it."]
    assert _speaker_span(text, found[0]) == "MARSH"


def test_no_quote_names_a_speaker_inside_its_own_words(nlp: Any, seeds: dict[str, Any]) -> None:
    texts = ["The harbor council appears to favor the new bridge.", "The ferry is expected to resume service in May."]
    runs = [quotes.quotes(doc, article, mentions) for article, doc, mentions in seeds.values()]
    runs += [_quotes(nlp, text) for text in texts]
    for found in runs:
        for q in found:
            if q.speaker_start is not None and q.speaker_end is not None:
                assert q.speaker_end <= q.start or q.speaker_start >= q.end, q


def test_a_name_after_a_lower_case_title_is_part_of_the_speaker(nlp: Any) -> None:
    [q] = _quotes(nlp, "“We sailed on time,” captain Ines Moro said.")
    assert q.speaker == "captain Ines Moro"
