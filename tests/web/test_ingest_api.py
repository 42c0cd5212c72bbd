"""POST /api/ingest: posted text or HTML stored through the library; URLs on loopback refused unless allowed.

Every posted text here is fictional, written for these tests.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from storyline.options import Options
from storyline.store.sqlite import SQLiteStore
from storyline.web import create_app

Serve = Callable[[FastAPI], str]
TEXT = (
    "(Coast Daily) — The ferry to Lindmark resumed service on Monday after a two-week pause, "
    "the harbour office said. “We are back on schedule,” captain Ines Moro said."
)
PAGE = (
    b"<!doctype html><html><head><title>Ferry back</title></head><body><article><h1>Ferry back</h1>"
    b"<p>The ferry to Lindmark resumed service on Monday after a pause of two weeks, officials said.</p>"
    b"<p>Captain Ines Moro said the crossing took forty minutes.</p></article></body></html>"
)


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "ingest.db")


@pytest.fixture
def page_server() -> Iterator[str]:
    """A loopback HTTP server with one fictional news page at /ferry.html."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(PAGE)))
            self.end_headers()
            self.wfile.write(PAGE)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/ferry.html"
    server.shutdown()
    server.server_close()
    thread.join(5)


def _count(db: str) -> int:
    with SQLiteStore(db) as store:
        return store.count_articles()


def test_posted_text_is_stored_once_with_a_posted_label(serve: Serve, db: str) -> None:
    base = serve(create_app(Options(db=db, extract=False, cluster=False)))
    first = httpx.post(f"{base}/api/ingest", json={"kind": "text", "content": TEXT, "name": "../../ferry note"})
    assert first.status_code == 201, first.text
    [article] = first.json()["ingested"]
    again = httpx.post(f"{base}/api/ingest", json={"kind": "text", "content": TEXT})
    assert again.status_code == 200 and again.json()["present"][0]["id"] == article["id"]
    stored = httpx.get(f"{base}/api/articles/{article['id']}").json()["article"]
    assert stored["source"] == "posted:ferry_note.txt"
    assert "ferry to Lindmark" in stored["body"]
    assert _count(db) == 1


def test_posted_html_is_read_as_a_page(serve: Serve, db: str) -> None:
    base = serve(create_app(Options(db=db, extract=False, cluster=False)))
    response = httpx.post(f"{base}/api/ingest", json={"kind": "html", "content": PAGE.decode()})
    assert response.status_code == 201, response.text
    assert response.json()["ingested"][0]["title"] == "Ferry back"


def test_empty_posted_text_is_422_and_stores_nothing(serve: Serve, db: str) -> None:
    base = serve(create_app(Options(db=db, extract=False, cluster=False)))
    response = httpx.post(f"{base}/api/ingest", json={"kind": "text", "content": "   "})
    assert response.status_code == 422
    assert "empty" in response.json()["detail"][0]
    assert _count(db) == 0


def test_url_on_loopback_is_refused_unless_allowed(serve: Serve, db: str, page_server: str) -> None:
    strict = serve(create_app(Options(db=db, extract=False, cluster=False)))
    refused = httpx.post(f"{strict}/api/ingest", json={"kind": "url", "url": page_server}, timeout=30)
    assert refused.status_code == 422
    assert "127.0.0.1" in refused.json()["detail"][0] or "private" in refused.json()["detail"][0]
    assert _count(db) == 0
    allowed = serve(create_app(Options(db=db, extract=False, cluster=False, allow_private=True)))
    ok = httpx.post(f"{allowed}/api/ingest", json={"kind": "url", "url": page_server}, timeout=30)
    assert ok.status_code == 201, ok.text
    assert _count(db) == 1
