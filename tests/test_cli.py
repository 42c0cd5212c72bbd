"""The command line end to end: the fictional demo corpus for what any batch does, the real seeds
(read in place from ../shared, ``shared`` marker) for what they in particular must give."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import main

SEEDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "seeds"
DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo"
COURIER = DEMO / "vellan-courier_ostra-flood.txt"  # fictional
MERIDIAN = DEMO / "meridian-press_kessel-crossing.txt"  # fictional


@pytest.fixture
def run(tmp_path):
    db = str(tmp_path / "cli.db")

    def invoke(*args: str):
        return CliRunner().invoke(main, ["--db", db, *args], catch_exceptions=False)

    return invoke


def test_ingest_batch_with_a_bad_file_stores_the_good_ones_and_exits_1(run, tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_text("")
    result = run("ingest", str(COURIER), str(MERIDIAN), str(bad))
    assert result.exit_code == 1
    assert "empty.txt" in result.output
    listing = run("articles")
    assert "Vellan Courier" in listing.output and "Meridian Press" in listing.output
    assert "2 matching article(s)" in listing.output


def test_reingest_reports_already_present_and_exits_0(run):
    seed = str(COURIER)
    assert run("ingest", seed).exit_code == 0
    again = run("ingest", seed)
    assert again.exit_code == 0
    assert "already present" in again.output
    assert "1 matching article(s)" in run("articles").output


@pytest.mark.shared
def test_seeds_export_as_one_story_in_the_json_contract(run):
    assert run("ingest", str(SEEDS)).exit_code == 0
    data = json.loads(run("export", "--format", "json").output)
    assert len(data["stories"]) == 1
    story = data["stories"][0]
    for key in (
        "id",
        "title",
        "articles",
        "entities",
        "quotes",
        "figures",
        "events",
        "comparison",
        "timeline",
        "summary",
    ):
        assert key in story
    assert sorted(a["outlet"] for a in story["articles"]) == ["CNN", "NewsNation"]
    for quote in story["quotes"]:
        body = next(a["body"] for a in story["articles"] if a["id"] == quote["article"])
        assert body[quote["start"] : quote["end"]] == quote["text"]


def test_show_unknown_article_is_one_line_error_with_exit_1(run):
    assert run("ingest", "--no-extract", str(COURIER)).exit_code == 0
    result = run("show", "nope")
    assert result.exit_code == 1
    assert "not in the store" in result.output


def test_export_csv_writes_one_table_per_fact_kind(run, tmp_path):
    run("ingest", str(COURIER), str(MERIDIAN))
    out = tmp_path / "csv"
    assert run("export", "--format", "csv", "-o", str(out)).exit_code == 0
    names = {p.stem for p in out.glob("*.csv")}
    assert {"articles", "quotes", "figures"} <= names


def test_export_parquet_tables_read_back_with_the_facts(run, tmp_path):
    import pyarrow.parquet as pq

    run("ingest", str(DEMO))
    out = tmp_path / "pq"
    assert run("export", "--format", "parquet", "-o", str(out)).exit_code == 0
    figures = pq.read_table(out / "figures.parquet").to_pylist()
    # fictional demo: Harbourline's "About 60 people were evacuated Monday"
    assert any(row["value"] == 60 and row["approx"] for row in figures)
    assert {row["story"] for row in figures} == {
        row["story"] for row in pq.read_table(out / "articles.parquet").to_pylist()
    }


@pytest.mark.parametrize(
    "command",
    [["stories"], ["articles"], ["story", "s-1"], ["show", "a1"], ["export"], ["recluster"], ["extract"]],
    ids=lambda c: c[0],
)
def test_reading_a_store_that_does_not_exist_is_a_usage_error_and_creates_nothing(tmp_path, command):
    typo = tmp_path / "typo.db"
    result = CliRunner().invoke(main, ["--db", str(typo), *command])
    assert result.exit_code == 2
    said = " ".join(result.output.split())  # Rich wraps at 80 columns
    assert "no store there" in said and str(typo) in result.output.replace("\n", "")
    assert not typo.exists()


def test_square_brackets_in_titles_and_text_print_as_written(run, tmp_path):
    feed = tmp_path / "brackets.jsonl"
    body = "The fictional council [/b] met on Monday [red] and approved the harbour budget by seven votes."
    feed.write_text(json.dumps({"title": "Budget [/bold] passes", "body": body}) + "\n", encoding="utf-8")
    assert run("ingest", str(feed)).exit_code == 0
    listing = run("stories")
    assert listing.exit_code == 0 and "Budget [/bold] passes" in listing.output
    story_id = listing.output.split()[0]
    shown = run("story", story_id)
    assert shown.exit_code == 0 and "[/b]" in shown.output.replace("\n", " ")
    assert "[/bold]" in run("articles").output


def test_ingest_no_regroup_only_assigns(run, monkeypatch):
    import storyline.cluster.regroup as regroup

    calls: list[list[str]] = []
    monkeypatch.setattr(regroup, "regroup", lambda store, ids, options: calls.append(list(ids)) or [])
    assert run("ingest", "--no-regroup", str(COURIER)).exit_code == 0
    assert calls == []
    assert run("ingest", str(MERIDIAN)).exit_code == 0
    assert len(calls) == 1 and len(calls[0]) == 1


def test_ingest_table_says_how_many_ids_it_does_not_list(run, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(10):  # FICTIONAL one-line reports
        (folder / f"r{n}.txt").write_text(f"title Report {n}\n\nThe Orlen ferry ran {n} extra crossings on day {n}.\n")
    result = run("ingest", "--no-extract", str(folder))
    assert result.exit_code == 0
    assert "… and 2 more" in result.output


def test_missing_optional_parts_name_the_install_command_the_readme_shows():
    from storyline.errors import install_hint

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for extra in ("parquet", "web", "postgres"):
        assert install_hint(extra) in readme, f"README does not show {install_hint(extra)!r}"


def test_stories_lists_outlets_dates_and_filters_by_outlets_dates_and_text(run):
    assert run("ingest", str(DEMO)).exit_code == 0  # fictional: 5 stories, 3 of three reports
    listing = " ".join(run("stories").output.split())
    assert "5 story(ies) shown" in listing
    # the Kessel story: Eastgate Herald republished Meridian Press's wire report (a marked copy)
    assert "3 articles · 2 of 3 outlets independent · 2024-04-17 – 04-18" in listing
    assert "Eastgate Herald, Meridian Press, The Varrow Ledger" in listing
    cards = json.loads(run("stories", "--json", "--min-outlets", "3").output)["stories"]
    assert sorted(c["title"].split()[0] for c in cards) == ["Port", "Rail"]
    cards = json.loads(run("stories", "--json", "--since", "2024-04-01", "--until", "2024-04-30").output)["stories"]
    assert [c["title"].split()[0] for c in cards] == ["Kessel"]
    cards = json.loads(run("stories", "--json", "-q", "flood").output)["stories"]
    assert sorted(c["articles"] for c in cards) == [1, 3]
