"""Every article's language is told at ingest; a language the model cannot read gets no facts, and
the ingest summary says so. Texts below are fictional, written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.api import ingest
from storyline.cli import main
from storyline.options import Options
from storyline.readers.language import detect
from storyline.store import open_store

GERMAN = (
    "Der Stadtrat von Lindmark hat am Dienstag beschlossen, die Fähre zu den Inseln ab Juni wieder fahren "
    "zu lassen. „Das ist ein guter Tag für die Inseln“, sagte Bürgermeisterin Ina Kross. Die Linie soll "
    "täglich bis zu 400 Fahrgäste befördern."
)
PORTUGUESE = (
    "A câmara municipal de Porto Avel aprovou na terça-feira a reabertura da linha de balsa para as ilhas "
    "a partir de outubro de 2031. “É um bom dia para as ilhas”, disse a prefeita Ana Reis. A linha deve "
    "transportar até 400 passageiros por dia."
)
ENGLISH = (
    "The Lindmark council voted on Tuesday to reopen the ferry line to the islands in June. “This is a good "
    "day for the islands,” Mayor Ina Kross said. The line will carry up to 400 passengers a day."
)


@pytest.mark.parametrize(("text", "language"), [(GERMAN, "de"), (PORTUGUESE, "pt"), (ENGLISH, "en")])
def test_the_language_of_a_report_is_told_from_its_text(text: str, language: str) -> None:
    assert detect(text)[0] == language


@pytest.mark.parametrize("text", ["", "12 34", "OK."])
def test_too_little_text_has_no_language_rather_than_a_guess(text: str) -> None:
    assert detect(text)[0] is None


def _write(folder: Path) -> list[str]:
    folder.mkdir()
    for name, text in (("de", GERMAN), ("pt", PORTUGUESE), ("en", ENGLISH)):
        (folder / f"{name}.txt").write_text(f"date 2031-05-06\n{text}\n", encoding="utf-8")
    return [str(folder)]


def test_reports_the_model_cannot_read_are_stored_without_facts_and_english_ones_with(tmp_path: Path) -> None:
    options = Options(db=str(tmp_path / "s.db"))
    report = ingest(_write(tmp_path / "in"), options=options)
    assert report.ok and len(report.ingested) == 3
    assert sorted(a.language or "" for a in report.unread) == ["de", "pt"]
    with open_store(options.db) as store:  # type: ignore[attr-defined]
        for article in store.articles():
            facts = store.facts(article.id)
            assert facts is not None
            if article.language == "en":
                assert facts.quotes and facts.figures
            else:
                assert not (facts.quotes or facts.figures or facts.mentions or facts.dates or facts.events)
                assert any("extracts no facts" in w for w in facts.warnings)


def test_ingest_summary_counts_the_reports_without_facts_by_language(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    result = CliRunner().invoke(main, ["--db", db, "ingest", *_write(tmp_path / "in")])
    assert result.exit_code == 0
    said = " ".join(result.output.split())
    assert "no facts: language" in said and "de 1" in said and "pt 1" in said
    with open_store(db) as store:  # type: ignore[attr-defined]
        german = next(a for a in store.articles() if a.language == "de")
    shown = json.loads(CliRunner().invoke(main, ["--db", db, "show", german.id, "--json"]).output)
    assert shown["article"]["language"] == "de"
