"""Web test support: a live uvicorn server on a free loopback port, and a small fictional store.

Every article text below is fictional, written for these tests.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI

from storyline.records import Article, Facts, Figure, Mention, Quote
from storyline.store.sqlite import SQLiteStore

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"


@contextmanager
def running(app: FastAPI) -> Iterator[str]:
    """Serve ``app`` in a thread on a free loopback port; yields the base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", ws="none", lifespan="on", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


@pytest.fixture
def serve() -> Iterator[Callable[[FastAPI], str]]:
    """``serve(app) -> base URL``; every server started is stopped after the test."""
    with ExitStack() as stack:
        yield lambda app: stack.enter_context(running(app))


# ---- a fictional store: two outlets report one (invented) harbour opening ----------------------

BODY_A = (
    "Port Avel opened its new harbour on Tuesday, the mayor said. "
    "“The harbour will bring 300 jobs,” Mayor Lina Ostrova said. "
    "Officials counted 1,200 visitors."
)
BODY_B = (
    "The harbour in Port Avel opened Tuesday. "
    "“The harbour will bring 300 jobs,” Ostrova told reporters. "
    "Police counted 900 visitors. A <script>alert(1)</script> banner and <img src=x onerror=alert(2)> hung there."
)


def fictional_articles() -> tuple[Article, Article]:
    a = Article(
        id="art-a",
        body=BODY_A,
        outlet="Avel Gazette",
        published="2031-05-06",
        title="Harbour opens",
        content_hash="hash-a",
        source="/srv/private/feeds/fictional-a.txt",
    )
    b = Article(
        id="art-b",
        body=BODY_B,
        outlet="Coast Daily",
        published="2031-05-07",
        title="Crowds at <b>new</b> harbour",
        content_hash="hash-b",
        source="fictional-b.txt",
    )
    return a, b


def span(body: str, text: str) -> tuple[int, int]:
    start = body.index(text)
    return start, start + len(text)


def fictional_facts(a: Article, b: Article) -> tuple[Facts, Facts]:
    qa, qb = "The harbour will bring 300 jobs", "The harbour will bring 300 jobs"
    facts = []
    sides = ((a, qa, "Mayor Lina Ostrova", "1,200 visitors"), (b, qb, "Ostrova", "900 visitors"))
    for art, quote, speaker, fig in sides:
        qs, qe = span(art.body, quote)
        ss, se = span(art.body, speaker)
        fs, fe = span(art.body, fig)
        facts.append(
            Facts(
                article=art.id,
                mentions=(Mention(art.id, ss, se, speaker, "PERSON", "lina ostrova", "Lina Ostrova"),),
                quotes=(Quote(f"q-{art.id}", art.id, qs, qe, quote, True, "said", speaker, ss, se, "lina ostrova"),),
                figures=(
                    Figure(f"f-{art.id}", art.id, fs, fe, fig, float(fig.split()[0].replace(",", "")), unit="visitors"),
                ),
            )
        )
    return facts[0], facts[1]


@pytest.fixture
def fictional_db(tmp_path: Path) -> str:
    """A store with the two fictional articles, their facts, and one story holding both."""
    path = str(tmp_path / "fictional.db")
    a, b = fictional_articles()
    fa, fb = fictional_facts(a, b)
    with SQLiteStore(path) as store:
        for article, facts in ((a, fa), (b, fb)):
            store.add_article(article)
            store.put_facts(facts, "test")
        store.ensure_story("story-1", "Port Avel harbour opens", "test")
        store.set_story(a.id, "story-1", 1.0, {})
        store.set_story(b.id, "story-1", 0.9, {})
    return path
