"""HTML forms that write: add reports (files, pasted text) and correct a story (split, move, merge).

Every text here is fictional, written for these tests.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from storyline.options import Options
from storyline.store.sqlite import SQLiteStore
from storyline.web import create_app
from storyline.web.forms import upload_label

Serve = Callable[[FastAPI], str]
GOOD = (
    "date: 2031-06-02\n\n(Valley Post) — The Ordin dam reopened its spillway on Monday after a week of repairs, "
    "the water board said. “The repairs held,” engineer Sola Brandt said."
)
PASTED = (
    "date: 2031-06-03\n\n(Hill Courier) — Engineers at the Ordin dam said on Monday the spillway repairs held, "
    "and the water board reopened it after a week."
)


@pytest.mark.parametrize(
    ("name", "label"),
    [("report.txt", "upload:report.txt"), ("../../etc/passwd", "upload:passwd"), ("a b<c>.HTML", "upload:a_b_c.html"),
     ("crawl.warc.gz", "upload:crawl.warc.gz"), ("x.exe", "upload:x"), (None, "upload:upload"),
     ("..", "upload:upload")],
)  # fmt: skip
def test_upload_labels_are_harmless(name: str | None, label: str) -> None:
    assert upload_label(name) == label


def _post(url: str, **kwargs: Any) -> httpx.Response:
    """POST as our own pages do in a browser: with the server's Origin (unless the test sets one)."""
    parts = httpx.URL(url)
    headers = {"Origin": f"{parts.scheme}://{parts.netloc.decode()}", **kwargs.pop("headers", {})}
    return httpx.post(url, headers=headers, **kwargs)


def _stories(db: str) -> dict[str, list[str]]:
    with SQLiteStore(db) as store:
        return {s.id: sorted(s.articles) for s in store.stories()}


def test_add_files_and_pasted_text_stores_the_good_and_lists_the_bad(serve: Serve, tmp_path: Path) -> None:
    db = str(tmp_path / "forms.db")
    base = serve(create_app(Options(db=db, extract=False)))
    assert 'enctype="multipart/form-data"' in httpx.get(f"{base}/add").text
    files = [
        ("files", ("dam.txt", GOOD.encode(), "text/plain")),
        ("files", ("broken.txt", b"\x00\x01\x02" * 50, "application/octet-stream")),
    ]
    response = _post(f"{base}/add", files=files, data={"text": PASTED})
    assert response.status_code == 201, response.text
    assert "2 reports added" in response.text
    assert "Refused" in response.text and "broken.txt" in response.text
    with SQLiteStore(db) as store:
        sources = sorted(a.source for a in store.articles())
    assert sources == ["posted:pasted.txt", "upload:dam.txt"]
    again = _post(f"{base}/add", files=files[:1])
    assert again.status_code == 200 and "Already present" in again.text


def test_an_empty_add_or_a_bad_url_is_refused_with_a_page(serve: Serve, tmp_path: Path) -> None:
    base = serve(create_app(Options(db=str(tmp_path / "e.db"), extract=False)))
    empty = _post(f"{base}/add", data={"text": "  "})
    assert empty.status_code == 422 and "Nothing to add" in empty.text
    bad = _post(f"{base}/add", data={"url": "file:///etc/passwd"})
    assert bad.status_code == 422 and "not an http or https URL" in bad.text


def test_forms_need_the_token_when_one_is_set_and_refuse_other_origins(serve: Serve, tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    base = serve(create_app(Options(db=db, token="s3cret", extract=False, cluster=False), host="0.0.0.0"))
    assert 'name="token"' in httpx.get(f"{base}/add").text
    assert _post(f"{base}/add", data={"text": PASTED}).status_code == 401
    assert _post(f"{base}/add", data={"text": PASTED, "token": "nope"}).status_code == 401
    assert _post(f"{base}/add", data={"text": PASTED, "token": "s3cret"}).status_code == 201
    other = _post(f"{base}/add", data={"text": GOOD, "token": "s3cret"}, headers={"Origin": "http://evil.example"})
    assert other.status_code == 403


def test_split_move_and_merge_from_the_story_page(serve: Serve, fictional_db: str) -> None:
    base = serve(create_app(Options(db=fictional_db, extract=False, cluster=False)))
    page = httpx.get(f"{base}/stories/story-1").text
    assert "Correct this story" in page and 'action="/stories/story-1/split"' in page

    split = _post(f"{base}/stories/story-1/split", data={"articles": ["art-b"]})
    assert split.status_code == 303
    new = split.headers["location"].removeprefix("/stories/")
    assert _stories(fictional_db) == {"story-1": ["art-a"], new: ["art-b"]}
    assert httpx.get(base + split.headers["location"]).status_code == 200

    moved = _post(f"{base}/articles/art-b/move", data={"story": "story-1"})
    assert moved.status_code == 303 and moved.headers["location"] == "/stories/story-1"
    assert _stories(fictional_db)["story-1"] == ["art-a", "art-b"]

    again = _post(f"{base}/stories/story-1/split", data={"articles": ["art-a"]}).headers["location"]
    merged = _post(f"{base}/stories/story-1/merge", data={"other": again.removeprefix("/stories/")})
    assert merged.status_code == 303
    assert _stories(fictional_db) == {"story-1": ["art-a", "art-b"]}


def test_a_refused_correction_is_an_error_page_and_changes_nothing(serve: Serve, fictional_db: str) -> None:
    base = serve(create_app(Options(db=fictional_db, extract=False, cluster=False)))
    itself = _post(f"{base}/stories/story-1/merge", data={"other": "story-1"})
    assert itself.status_code == 422 and "itself" in itself.text and "<html" in itself.text.lower()
    every = _post(f"{base}/stories/story-1/split", data={"articles": ["art-a", "art-b"]})
    assert every.status_code == 422
    assert _post(f"{base}/stories/story-1/split").status_code == 422
    assert _stories(fictional_db) == {"story-1": ["art-a", "art-b"]}
