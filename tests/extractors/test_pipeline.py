"""The extraction pipeline: one spaCy pass, every extractor on the same Doc, offsets always true.

Seeds are read in place from ../shared/seeds; every other text here is short, fictional and
written for these tests.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from extract_golden import check_golden
from extract_seeds import CNN, NEWSNATION
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.extractors import chunks, events, pipeline, workers
from storyline.options import Options
from storyline.records import Article, Event, Facts, Figure, Quote


def _facts_of(body: str, published: str | None = "2023-12-28") -> Facts:
    return pipeline.extract_one(Article(id="fx", body=body, published=published), Options())


def _all_facts(facts: Facts) -> list[Any]:
    return [*facts.mentions, *facts.quotes, *facts.figures, *facts.dates, *facts.events]


def _assert_offsets_true(body: str, facts: Facts) -> None:
    for fact in _all_facts(facts):
        assert 0 <= fact.start <= fact.end <= len(body)
        assert body[fact.start : fact.end] == fact.text, fact
    for quote in facts.quotes:
        if quote.speaker_start is not None:
            assert 0 <= quote.speaker_start <= quote.speaker_end <= len(body)


@pytest.fixture(scope="module")
def seed_facts(seeds: dict[str, Any]) -> dict[str, tuple[Article, Facts]]:
    articles = [seeds[name][0] for name in (NEWSNATION, CNN)]
    facts = pipeline.extract_articles(articles, Options())
    return {name: (a, f) for name, a, f in zip((NEWSNATION, CNN), articles, facts, strict=True)}


def _summary(article: Article, facts: Facts) -> dict[str, Any]:
    return {
        "reference_date": facts.reference_date,
        "reference_estimated": facts.reference_estimated,
        "events": [[e.cls, e.action, e.actor, e.target, e.date, e.place, e.text[:70]] for e in facts.events],
        "warnings": list(facts.warnings),
    }


def test_seed_facts_match_the_golden_summary(seed_facts: dict[str, tuple[Article, Facts]]) -> None:
    check_golden("seed_facts_summary.json", {name[:3]: _summary(*seed_facts[name]) for name in seed_facts})


@pytest.mark.parametrize("seed", [NEWSNATION, CNN])
def test_every_seed_fact_reproduces_its_evidence(seed_facts: dict[str, tuple[Article, Facts]], seed: str) -> None:
    article, facts = seed_facts[seed]
    assert facts.article == article.id
    assert facts.warnings == ()
    _assert_offsets_true(article.body, facts)


def test_seed_issue_examples_come_through_the_pipeline(seed_facts: dict[str, tuple[Article, Facts]]) -> None:
    _, cnn = seed_facts[CNN]
    _, nn = seed_facts[NEWSNATION]
    assert any(q.direct and "root causes" in q.text for q in cnn.quotes)
    assert any(q.direct and "root causes" in q.text for q in nn.quotes)
    around = next(f for f in cnn.figures if f.value == 7000)
    assert (around.approx, around.date) == (True, "2023-12-27")
    above = next(f for f in cnn.figures if f.value == 10000)
    assert (above.low, above.date) == (10000, "2023-12")
    assert any(d.text == "next month" and d.value == "2024-01" for d in cnn.dates)
    assert len({m.key for m in nn.mentions if "obrador" in m.key}) == 1


def test_one_spacy_pass_feeds_every_extractor(monkeypatch: pytest.MonkeyPatch, nlp: Any) -> None:
    calls: list[list[str]] = []

    class Counting:
        def pipe(self, texts: Any, **kwargs: Any) -> Any:
            batch = list(texts)
            calls.append(batch)
            return nlp.pipe(batch, **kwargs)

        def __call__(self, text: str) -> Any:
            raise AssertionError("an extractor re-parsed a text")

    monkeypatch.setattr(pipeline, "load_nlp", lambda name: Counting())
    bodies = ["Police arrested two men in Lyon on Monday.", "The ministry announced new rules.", ""]
    pipeline.extract_articles([Article(id=f"a{i}", body=b) for i, b in enumerate(bodies)], Options())
    assert calls == [bodies]


def test_extract_one_is_a_batch_of_one() -> None:
    article = Article(id="fx", body="Police arrested two men in Lyon on Monday.", published="2023-12-28")
    assert pipeline.extract_one(article, Options()) == pipeline.extract_articles([article], Options())[0]


def test_facts_come_back_in_input_order_with_their_reference() -> None:
    articles = [
        Article(id="b", body="The delegation flew to Ottawa on Monday.", published="2023-12-28"),
        Article(id="a", body="On Dec. 5, 2023, police arrested two men."),
    ]
    facts = pipeline.extract_articles(articles, Options())
    assert [f.article for f in facts] == ["b", "a"]
    assert (facts[0].reference_date, facts[0].reference_estimated) == ("2023-12-28", False)
    assert (facts[1].reference_date, facts[1].reference_estimated) == ("2023-12-05", True)


def test_no_articles_no_facts() -> None:
    assert pipeline.extract_articles([], Options()) == []


# ---- bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "warning"),
    [
        ("", "no sentences"),
        ("   \n\n\t ", "no sentences"),
        ("!!! … --- ***", "no sentences"),
        ("“We will come back,” she said. “And then", "unbalanced quotation marks"),
        ('He said "we will come back. Then he left.', "unbalanced quotation marks"),
        ("Officials counted 1e309 migrants at the border.", "out of range"),
        ("They spent 1" + "0" * 400 + " dollars.", "out of range"),
        ("Police arrested 12 men on Feb. 30, 2023.", "Feb. 30"),
    ],
)
def test_bad_input_gives_a_warning_and_true_offsets(body: str, warning: str) -> None:
    facts = _facts_of(body)
    assert any(warning in w for w in facts.warnings), facts.warnings
    _assert_offsets_true(body, facts)
    assert all(f.value == f.value and abs(f.value) != float("inf") for f in facts.figures)


def test_huge_numbers_never_become_infinite_figures() -> None:
    body = "Officials counted 9999999999999999999999 migrants and 1e309 dollars."
    facts = _facts_of(body)
    _assert_offsets_true(body, facts)
    assert all(abs(f.value) < float("inf") for f in facts.figures)


def test_megabyte_on_one_line_without_spaces_is_chunked_not_refused() -> None:
    body = "x" * 1_000_001  # past spaCy's max_length; tokenizes fast, so the test stays quick
    facts = _facts_of(body)
    assert any("chunks" in w for w in facts.warnings)
    _assert_offsets_true(body, facts)


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_megabyte_of_prose_on_one_line_gives_facts_with_body_offsets() -> None:
    sentence = "Police arrested around 7,000 people in Lyon on Monday, officials said. "
    body = (sentence * (1_000_000 // len(sentence) + 1)).rstrip()
    facts = _facts_of(body)
    assert len(body) > 1_000_000 and any("chunks" in w for w in facts.warnings)
    _assert_offsets_true(body, facts)
    # extraction reads the first MAX_EXTRACT_CHARS (#20 item 5: time per input), and says so
    (read,) = [
        int(m[1].replace(",", "")) for w in facts.warnings if (m := re.search(r"from the first ([\d,]+) only", w))
    ]
    assert read < len(body) and len(facts.events) > 0.9 * read / len(sentence)  # every sentence read has its event


def test_long_body_is_parsed_in_chunks_with_body_offsets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chunks, "CHUNK_CHARS", 300)
    sentence = "Police arrested two men in Lyon on Monday, officials said. "
    body = sentence * 20 + "The delegation flew to Ottawa."
    facts = _facts_of(body)
    assert any("chunks" in w for w in facts.warnings)
    _assert_offsets_true(body, facts)
    assert [e.action for e in facts.events].count("arrest") >= 15
    assert facts.events[-1].text == "The delegation flew to Ottawa."
    for kind in (facts.events, facts.dates, facts.quotes, facts.figures):
        ids = [fact.id for fact in kind]
        assert len(ids) == len(set(ids)), ids


def test_chunk_facts_are_renumbered_with_their_links() -> None:
    def quote(n: int, same_as: tuple[str, ...] = ()) -> Quote:
        return Quote(id=f"a:q{n}", article="a", start=0, end=1, text="x", direct=True, same_as=same_as)

    first, second = [quote(1, ("a:q2",)), quote(2, ("a:q1",))], [quote(1, ("a:q2",)), quote(2, ("a:q1",))]
    merged = chunks.renumber([first, [chunks.shift(q, 10) for q in second]])
    assert [(q.id, q.same_as, q.start) for q in merged] == [
        ("a:q1", ("a:q2",), 0), ("a:q2", ("a:q1",), 0), ("a:q3", ("a:q4",), 10), ("a:q4", ("a:q3",), 10),
    ]  # fmt: skip


@given(st.text(alphabet="ab .\n", max_size=400), st.integers(min_value=4, max_value=60))
@settings(max_examples=200, deadline=None)
def test_chunks_join_back_to_the_body(body: str, size: int) -> None:
    spans = chunks.split_chunks(body, size)
    assert "".join(body[a:b] for a, b in spans) == body
    assert all(0 < b - a <= size for a, b in spans) or body == ""


# ---- the final guard ------------------------------------------------------------------------------


def test_guard_drops_facts_whose_offsets_lie(monkeypatch: pytest.MonkeyPatch) -> None:
    def lying(doc: Any, article: Article, mentions: Any, dates: Any) -> list[Event]:
        bad = Event(id="fx:v1", articles=("fx",), actor=None, action="x", target=None, date=None, place=None,
                    text="nowhere", article="fx", start=5, end=2000)  # fmt: skip
        shifted = Event(id="fx:v2", articles=("fx",), actor=None, action="x", target=None, date=None, place=None,
                        text="Police", article="fx", start=1, end=7)  # fmt: skip
        good = Event(id="fx:v3", articles=("fx",), actor=None, action="x", target=None, date=None, place=None,
                     text="Police", article="fx", start=0, end=6)  # fmt: skip
        return [bad, shifted, good]

    monkeypatch.setattr(events, "events", lying)
    facts = _facts_of("Police arrested two men.")
    assert [e.id for e in facts.events] == ["fx:v3"]
    assert sum("does not match the body" in w for w in facts.warnings) == 2


def test_guard_drops_figures_that_are_not_finite(monkeypatch: pytest.MonkeyPatch) -> None:
    def infinite(doc: Any, article: Article, dates: Any) -> list[Figure]:
        return [Figure(id="fx:f1", article="fx", start=0, end=5, text="1e309", value=float("inf"))]

    monkeypatch.setattr(pipeline.figures, "figures", infinite)
    facts = _facts_of("1e309 migrants")
    assert facts.figures == ()
    assert any("not a finite number" in w for w in facts.warnings)


def test_a_failing_extractor_costs_only_its_own_facts(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any) -> list[Any]:
        raise ValueError("fictional failure")

    monkeypatch.setattr(pipeline.quotes, "quotes", broken)
    facts = _facts_of("“We will return,” the minister said. Police arrested two men in Lyon.")
    assert facts.quotes == ()
    assert facts.events and facts.mentions
    assert any(w.startswith("quotes: extraction failed (ValueError: fictional failure)") for w in facts.warnings)


# ---- property: offsets always reproduce the text --------------------------------------------------

FRAGMENTS = [
    "“We will not back down,” the minister said.",
    "“It was productive,” a spokesperson said. “We have more work to do.”",
    'He called the talks "useful',  # unbalanced on purpose
    "Police arrested around 7,000 people on Wednesday.",
    "More than 10,000 crossed earlier this month, officials said.",
    "The delegation will visit Ottawa next month.",
    "On Tuesday, Dec. 5, 2023, the council met in Lyon.",
    "They counted 1e309 votes on Feb. 30.",
    "Costs reached $1.5 million, or two-and-a-half times the plan.",
    "Mayor Ana Pérez met Ana Perez's deputy.",
    "",
    "\n\n",
    "—",
]


@given(st.lists(st.sampled_from(FRAGMENTS), max_size=8), st.sampled_from([" ", "\n", "", "  "]))
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_every_fact_reproduces_its_text(parts: list[str], joiner: str) -> None:
    body = joiner.join(parts)
    facts = _facts_of(body, published=None)
    _assert_offsets_true(body, facts)


# ---- processes ------------------------------------------------------------------------------------


def test_two_processes_give_the_same_facts_as_one() -> None:
    articles = [
        Article(id=f"p{i}", body=body, published="2023-12-28") for i, body in enumerate([*FRAGMENTS[:6], "", "x" * 300])
    ]
    one = pipeline.extract_articles(articles, Options(n_process=1))
    two = pipeline.extract_articles(articles, Options(n_process=2))
    assert one == two


BIG = workers.AUTO_PROCESSES_FROM


@pytest.mark.parametrize(
    ("configured", "n_articles", "expected"),
    [(0, 1, 1), (0, BIG - 1, 1), (0, BIG, 6), (1, 10 * BIG, 1), (3, 1, 3), (2, 500, 2)],
)
def test_left_to_choose_large_batches_use_every_core_and_a_set_number_is_kept(
    monkeypatch: pytest.MonkeyPatch, configured: int, n_articles: int, expected: int
) -> None:
    monkeypatch.setattr(workers, "auto_processes", lambda: 6)
    assert pipeline.processes(Options(n_process=configured), n_articles) == expected


@pytest.mark.parametrize(
    ("free_mb", "expected"), [(None, 8), (100 * workers.WORKER_MB, 8), (3.5 * workers.WORKER_MB, 3), (10.0, 1)]
)
def test_workers_are_one_per_core_at_most_one_per_worker_mb_of_free_memory(
    monkeypatch: pytest.MonkeyPatch, free_mb: float | None, expected: int
) -> None:
    monkeypatch.setattr(workers.os, "sched_getaffinity", lambda pid: set(range(8)), raising=False)
    monkeypatch.setattr(workers, "available_mb", lambda: free_mb)
    assert workers.auto_processes() == expected


def test_free_memory_is_read_on_linux() -> None:
    if not Path("/proc/meminfo").is_file():
        pytest.skip("no /proc/meminfo on this system")
    free = workers.available_mb()
    assert free is not None and free > 0


def test_article_without_date_or_stated_dates_says_its_reference_is_missing_and_estimated() -> None:
    facts = _facts_of("Police arrested two men next week.", published=None)
    assert (facts.reference_date, facts.reference_estimated) == (None, True)
