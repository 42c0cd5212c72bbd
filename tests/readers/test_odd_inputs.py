"""Odd but harmless inputs (#20 items 7 and 8): a stray byte in UTF-8, line separators inside
JSONL strings, FIFOs in a folder, control characters in file names. Texts are fictional."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline import api
from storyline.cli import main
from storyline.options import Options
from storyline.readers import read_sources
from storyline.readers.decode import decode, repair_utf8
from storyline.records import Article

TEXT = "Café owner Zoë Ñúñez said the fictional Mühlbach bridge — closed since May — will reopen. "


def test_one_invalid_byte_keeps_the_utf8_and_repairs_only_that_byte() -> None:
    data = TEXT.encode("utf-8") + b"Price: 5 \x80 and \xe9t\xe9 " + TEXT.encode("utf-8")
    text, warnings = decode(data, "x.txt")
    assert text.startswith(TEXT) and text.endswith(TEXT)  # no mojibake ("CafÃ©") anywhere
    assert "5 € and été" in text  # the invalid bytes read as Windows-1252
    (warning,) = warnings
    assert "3 byte(s) in 3 place(s)" in warning and "Windows-1252" in warning


def test_a_whole_windows_1252_file_reads_as_before() -> None:
    data = TEXT.encode("cp1252")
    assert repair_utf8(data)[0] == data.decode("cp1252")
    assert repair_utf8(b"\x81\x8d")[0] == "\x81\x8d"  # unassigned in Windows-1252: Latin-1


def test_repaired_decoding_is_named_in_the_ingest_summary(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(TEXT.encode("utf-8") + b"It cost 5 \x80 more, the fictional council said on Monday.")
    report = api.ingest([str(path)], options=Options(db=str(tmp_path / "s.db"), extract=False))
    (article,) = report.ingested
    assert "Zoë" in article.body
    assert any(w.startswith(f"{path}: not valid UTF-8") for w in report.warnings)


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\u0085", "\x0c", "\x1c"])
def test_jsonl_lines_end_at_newline_only(tmp_path: Path, separator: str) -> None:
    body = f"The fictional ferry ran late on Monday.{separator}Its captain said the fog was thick."
    lines = [json.dumps({"body": body}, ensure_ascii=False), json.dumps({"body": TEXT})]
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_sources([str(path)], Options()))
    assert [type(i) for i in items] == [Article, Article], items
    assert "captain" in items[0].body  # type: ignore[union-attr]


@pytest.mark.timeout(30)
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_in_a_folder_is_skipped_with_a_note_and_never_opened(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    items = list(read_sources([str(folder)], Options()))  # on main this blocked forever
    assert isinstance(items[0], Article)
    (note,) = items[1:]
    assert note.source.endswith("pipe.txt") and "not a regular file (a FIFO)" in note.reason  # type: ignore[union-attr]
    os.mkfifo(tmp_path / "named.txt")
    (named,) = read_sources([str(tmp_path / "named.txt")], Options())
    assert "FIFO" in named.reason  # type: ignore[union-attr]


def test_control_characters_in_a_file_name_are_not_printed_raw(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # a short relative name: the table does not wrap it
    name = Path("evil\x1b]0;pwned\x07\x1b[31m.txt")
    name.write_text("title Ferry\n\n" + TEXT, encoding="utf-8")
    db = str(tmp_path / "s.db")
    report = api.ingest([str(name)], options=Options(db=db, extract=False))
    shown = CliRunner().invoke(main, ["--db", db, "show", report.ingested[0].id], catch_exceptions=False)
    assert shown.exit_code == 0 and "\x1b" not in shown.output and "\x07" not in shown.output
    assert "\\x1b" in shown.output  # written out, so the name can still be recognised
    empty = Path("bad\x1b[2J.txt")
    empty.write_text("")
    failed = CliRunner().invoke(main, ["--db", db, "ingest", str(empty)], catch_exceptions=False)
    assert "\x1b[2J" not in failed.output and "\\x1b[2J" in failed.output.replace("\n", "")
