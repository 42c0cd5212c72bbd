"""Folders, globs, format detection and every kind of bad input (all texts fictional)."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
from ingest_helpers import PAGE, RSS, articles, errors, read_all, warc_record

from storyline.errors import InputError
from storyline.options import Options
from storyline.readers import sources

STORY = "date 2021-04-02 GULLPORT (Gazette) — The council met on Tuesday to vote on the ferry line.\n"


def _tree(root: Path) -> Path:
    (root / "a").mkdir(parents=True)
    (root / "a" / "one.txt").write_text(STORY, encoding="utf-8")
    (root / "b.html").write_text(PAGE, encoding="utf-8")
    (root / "feed.rss").write_text(RSS, encoding="utf-8")
    (root / "lines.jsonl").write_text(json.dumps({"body": "The library reopened."}) + "\n", encoding="utf-8")
    (root / ".hidden.txt").write_text("The hidden file is not read.", encoding="utf-8")
    return root


def test_folder_expands_recursively_in_sorted_order_skipping_dotfiles(tmp_path: Path) -> None:
    root = _tree(tmp_path / "corpus")
    items = read_all([root])
    assert [e.reason for e in errors(items)] == ["feed entry has no content or summary"]  # the RSS's third entry
    found = [(Path(a.source or "").name, a.format) for a in articles(items)]
    assert found == [
        ("one.txt", "text"),
        ("b.html", "html"),
        ("feed.rss#1", "feed"),
        ("feed.rss#2", "feed"),
        ("lines.jsonl:1", "jsonl"),
    ]


def test_glob_expands_to_its_matches(tmp_path: Path) -> None:
    root = _tree(tmp_path / "corpus")
    items = read_all([f"{root}/**/*.txt"])
    assert [Path(a.source or "").name for a in articles(items)] == ["one.txt"]


def test_same_file_named_twice_is_read_once(tmp_path: Path) -> None:
    root = _tree(tmp_path / "corpus")
    assert len(read_all([root / "a" / "one.txt", root / "a" / ".." / "a" / "one.txt"])) == 1


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda p: str(p / "missing.txt"), "no such file or folder"),
        (lambda p: str(p / "*.nothing"), "no file matches this pattern"),
        (lambda p: (p / "empty-dir").mkdir() or str(p / "empty-dir"), "folder holds no files"),
    ],
)
def test_missing_inputs_are_input_errors(tmp_path: Path, make, reason: str) -> None:  # type: ignore[no-untyped-def]
    source = make(tmp_path)
    [error] = read_all([source])
    assert isinstance(error, InputError) and error.source == source and error.reason == reason


def _truncated_warc() -> bytes:
    data = warc_record("https://gazette.example/ferry", PAGE.encode())
    return data[: len(data) // 2]


BAD_INPUTS = {
    "empty.txt": (b"", "empty file"),
    "blank.txt": (b"  \n\n\t\n", "empty file"),
    "photo.jpg": (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)) * 4, "binary file: a JPEG image"),
    "blob.txt": (bytes(range(256)) * 8, "binary file"),
    "report.pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "binary file: a PDF document"),
    "menu.html": (b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "HTML with no article"),
    "broken.rss": (b"Service unavailable. Try again later.", "not an XML feed"),
    "cut.warc": (_truncated_warc(), "truncated"),
}


@pytest.mark.parametrize("name", list(BAD_INPUTS))
def test_bad_input_is_a_one_line_error_naming_input_and_reason(tmp_path: Path, name: str) -> None:
    data, reason = BAD_INPUTS[name]
    path = tmp_path / name
    path.write_bytes(data)
    items = read_all([path])
    [error] = errors(items)
    assert error.source.startswith(str(path))
    assert reason in error.reason
    assert str(error).startswith(f"{error.source}: ") and "\n" not in str(error)


def test_bad_inputs_do_not_stop_the_good_ones(tmp_path: Path) -> None:
    for name, (data, _) in BAD_INPUTS.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "good.txt").write_text(STORY, encoding="utf-8")
    items = read_all([tmp_path])
    assert len(errors(items)) == len(BAD_INPUTS)
    assert [Path(a.source or "").name for a in articles(items)] == ["good.txt"]


def test_file_over_max_bytes_is_refused_from_its_size_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:  # 50 MB, sparse: cheap to make
        fh.truncate(50 * 1024 * 1024)

    def no_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(sources, "open", no_open, raising=False)
    [error] = read_all([path])
    assert isinstance(error, InputError)
    assert "too large: 52,428,800 bytes > max_bytes 20,000,000" in error.reason


def test_latin1_text_is_decoded_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("The café in Gullport reopened, said Renée Dubois.".encode("latin-1"))
    [article] = read_all([path])
    assert not isinstance(article, InputError)
    assert article.body == "The café in Gullport reopened, said Renée Dubois."
    assert any("not valid UTF-8" in w for w in article.warnings)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom_is_decoded(tmp_path: Path, codec: str) -> None:
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    path = tmp_path / "wide.txt"
    path.write_bytes(bom + STORY.encode(codec))
    [article] = read_all([path])
    assert not isinstance(article, InputError)
    assert (article.published, article.outlet, article.warnings) == ("2021-04-02", "Gazette", ())
    assert article.body == "The council met on Tuesday to vote on the ferry line."


def test_utf8_bom_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(codecs.BOM_UTF8 + STORY.encode())
    [article] = read_all([path])
    assert not isinstance(article, InputError) and article.published == "2021-04-02"


@pytest.mark.parametrize(
    ("name", "content", "fmt"),
    [
        ("page.dat", PAGE, "html"),
        ("feed.dat", RSS, "feed"),
        ("export.txt", json.dumps({"body": "The council met."}), "jsonl"),
        ("story.html", STORY, "text"),
    ],
)
def test_format_is_detected_from_content(tmp_path: Path, name: str, content: str, fmt: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert {a.format for a in articles(read_all([path]))} == {fmt}


def test_warc_is_detected_from_content(tmp_path: Path) -> None:
    path = tmp_path / "capture.bin"
    path.write_bytes(warc_record("https://gazette.example/ferry", PAGE.encode()))
    assert [a.format for a in articles(read_all([path]))] == ["warc"]


def test_file_named_warc_that_is_not_one_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "fake.warc"
    path.write_text("just words", encoding="utf-8")
    [error] = read_all([path])
    assert isinstance(error, InputError) and "not one" in error.reason


def test_read_sources_never_raises_for_bad_input(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_bytes(b"\x00\x01\x02" * 100)
    items = list(sources.read_sources([str(tmp_path / "x.txt"), "gopher://x", str(tmp_path / "nope")], Options()))
    assert all(isinstance(i, InputError) for i in items) and len(items) == 3
