"""`storyline background build`: a newsroom counts its own reports into a background file that
ingest then weighs words with. Every report here is FICTIONAL, written for this test."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from storyline.cli import main

REPORTS = {  # fictional
    "levy.txt": "The Dunmere council voted on Monday to raise the harbour levy by 4 percent, "
    "councillor Ada Brenn said after a long meeting at the town hall.",
    "levy-copy.txt": "The Dunmere council voted on Monday to raise the harbour levy by 4 percent, "
    "councillor Ada Brenn said after a long meeting at the Town Hall.",
    "school.txt": "Parents in Oakvale protested outside the town hall on Tuesday against the closing "
    "of the Larch Street school, which teaches 210 pupils.",
}
NEW = "The Dunmere ferry will run two extra crossings this summer, the harbour office said on Friday."


def _flat(output: str) -> str:
    return " ".join(output.split())  # the terminal wraps long lines


def _write(folder: Path, texts: dict[str, str]) -> Path:
    folder.mkdir()
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_a_background_built_from_a_folder_is_the_one_ingest_then_uses(tmp_path: Path) -> None:
    archive = _write(tmp_path / "archive", REPORTS)
    out = tmp_path / "bg.json.gz"
    built = CliRunner().invoke(main, ["background", "build", "--out", str(out), str(archive)])
    assert built.exit_code == 0, built.output
    assert "2 reports counted (1 copies" in _flat(built.output) and out.exists()
    shown = CliRunner().invoke(main, ["background", "show", str(out)])
    assert json.loads(shown.output)["n_docs"] == 2

    config = tmp_path / "storyline.toml"
    config.write_text(f'story_background = "{out}"\n', encoding="utf-8")
    db = tmp_path / "news.db"
    new = _write(tmp_path / "new", {"ferry.txt": NEW})
    ingested = CliRunner().invoke(main, ["--config", str(config), "--db", str(db), "ingest", str(new)])
    assert ingested.exit_code == 0, ingested.output
    from storyline.store import open_store

    store = open_store(str(db), create=False)
    try:
        assert store.get_meta("cluster_background") == str(out.resolve())
    finally:
        store.close()


def test_a_bad_path_is_a_clear_usage_error(tmp_path: Path) -> None:
    missing = CliRunner().invoke(
        main, ["background", "build", "--out", str(tmp_path / "bg.json.gz"), str(tmp_path / "nope")]
    )
    assert missing.exit_code == 2 and "no such file" in _flat(missing.output)
    no_store = CliRunner().invoke(
        main, ["background", "build", "--db", str(tmp_path / "typo.db"), "--out", "bg.json.gz"]
    )
    assert no_store.exit_code == 2 and "no store there" in _flat(no_store.output)
    archive = _write(tmp_path / "archive", REPORTS)
    no_folder = CliRunner().invoke(
        main, ["background", "build", "--out", str(tmp_path / "x" / "bg.json.gz"), str(archive)]
    )
    assert no_folder.exit_code == 2 and "no folder" in _flat(no_folder.output)
    assert not (tmp_path / "typo.db").exists()


def test_ingest_with_an_unreadable_background_says_how_to_build_one(tmp_path: Path) -> None:
    config = tmp_path / "storyline.toml"
    config.write_text(f'story_background = "{tmp_path / "missing.json.gz"}"\n', encoding="utf-8")
    new = _write(tmp_path / "new", {"ferry.txt": NEW})
    result = CliRunner().invoke(main, ["--config", str(config), "--db", str(tmp_path / "n.db"), "ingest", str(new)])
    assert result.exit_code == 2
    said = _flat(result.output)
    assert "not a readable background file" in said and "storyline background build" in said
