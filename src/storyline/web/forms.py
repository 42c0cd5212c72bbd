"""HTML forms for the writes the API offers: add reports (files, pasted text, a URL) and correct a
story (merge, split, move). Each posts back to the app, same origin only, with the write token as a
form field when one is set; a correction answers with a redirect to the story it produced.
"""

from __future__ import annotations

import re
from functools import partial
from pathlib import PurePosixPath
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse

from .. import api
from ..errors import InputError
from .deps import check_write, options_of, store_of
from .ingest_input import guarded, ingest_posted
from .pages import render

router = APIRouter(include_in_schema=False)

# Suffixes kept on an uploaded file's label as a format hint (the content still decides).
_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm", ".xml", ".rss", ".atom", ".jsonl", ".warc", ".gz"}
Token = Annotated[str, Form(max_length=500)]


def upload_label(filename: str | None) -> str:
    """``upload:<stem><suffixes>`` with only letters, digits, ``._-`` and known suffixes."""
    path = PurePosixPath((filename or "upload").replace("\\", "/")).name
    suffixes = [s.lower() for s in PurePosixPath(path).suffixes if s.lower() in _SUFFIXES][-2:]
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", path.split(".")[0]).strip("._")[:80] or "upload"
    return f"upload:{stem}{''.join(suffixes)}"


def _merge(into: api.IngestReport, part: api.IngestReport) -> None:
    into.ingested += part.ingested
    into.present += part.present
    into.failed += part.failed
    into.warnings += part.warnings


@router.get("/add", response_class=HTMLResponse)
def add_form(request: Request) -> HTMLResponse:
    return render(request, "add.html", needs_token=bool(options_of(request).token))


@router.post("/add", response_class=HTMLResponse)
def add(
    request: Request,
    files: Annotated[list[UploadFile], File()] = [],  # noqa: B006 - FastAPI reads the default, never mutates it
    text: Annotated[str, Form(max_length=1_000_000)] = "",
    url: Annotated[str, Form(max_length=2000)] = "",
    token: Token = "",
) -> HTMLResponse:
    check_write(request, token)
    options, store = options_of(request), store_of(request)
    report = api.IngestReport()
    for upload in files:
        if not upload.filename:
            continue  # the empty file input of a form posted without files
        data = upload.file.read(options.max_bytes + 1)  # a sync route runs in a worker thread
        label = upload_label(upload.filename)
        if len(data) > options.max_bytes:
            report.failed.append(InputError(label, f"larger than the limit of {options.max_bytes} bytes"))
            continue
        _merge(report, guarded(label, partial(api.ingest_bytes, data, label, store, options)))
    if text.strip():
        _merge(report, ingest_posted(store, options, "text", text, None, "pasted"))
    if url.strip():
        if not url.strip().startswith(("http://", "https://")):
            report.failed.append(InputError(url.strip()[:200], "not an http or https URL"))
        else:
            _merge(report, ingest_posted(store, options, "url", None, url.strip(), None))
    nothing = not (report.ingested or report.present or report.failed)
    stories = {a.id: store.story_of(a.id) for a in report.ingested + report.present}
    status = 422 if nothing or (report.failed and not (report.ingested or report.present)) else 200
    html = render(request, "added.html", report=report, stories=stories, nothing=nothing)
    html.status_code = 201 if report.ingested else status
    return html


def _to_story(story_id: str) -> RedirectResponse:
    return RedirectResponse(f"/stories/{story_id}", status_code=303)


@router.post("/stories/{story_id}/merge")
def merge(
    request: Request, story_id: str, other: Annotated[str, Form(max_length=200)], token: Token = ""
) -> RedirectResponse:
    check_write(request, token)
    return _to_story(api.merge(store_of(request), story_id, other.strip()))


@router.post("/stories/{story_id}/split")
def split(
    request: Request,
    story_id: str,
    articles: Annotated[list[str], Form(max_length=1000)] = [],  # noqa: B006 - read, never mutated
    token: Token = "",
) -> RedirectResponse:
    check_write(request, token)
    return _to_story(api.split(store_of(request), story_id, articles))


@router.post("/articles/{article_id}/move")
def move(
    request: Request, article_id: str, story: Annotated[str, Form(max_length=200)], token: Token = ""
) -> RedirectResponse:
    check_write(request, token)
    store = store_of(request)
    api.move(store, article_id, story.strip())
    return _to_story(store.story(story.strip()).id)
