"""What the app and its routers share: the store and options of a request, the built-story cache,
the write check, and the error that carries an HTTP status. Routers import this, never app.py."""

from __future__ import annotations

import threading
from pathlib import Path

from fastapi import Request

from ..options import Options
from ..records import Story
from ..store import Store, open_store
from . import queries
from .cache import StoryCache
from .guard import write_refusal

HERE = Path(__file__).parent


class StorePool:
    """One store handle per worker thread (SQLite connections are not shared across threads)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._local = threading.local()
        self._all: list[Store] = []
        self._lock = threading.Lock()
        open_store(url).close()  # open (and migrate) once now, so a bad path fails at start-up

    def get(self) -> Store:
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = open_store(self.url)
            self._local.store = store
            with self._lock:
                self._all.append(store)
        return store

    def close(self) -> None:
        with self._lock:
            for store in self._all:
                store.close()
            self._all.clear()


def store_of(request: Request) -> Store:
    pool: StorePool = request.app.state.pool
    return pool.get()


def built_story(request: Request, story_id: str) -> Story:
    """The built story (comparison, timeline, summary), through the app's cache."""
    cache: StoryCache = request.app.state.stories
    return queries.public_story(cache.story(store_of(request), story_id, options_of(request)))


def options_of(request: Request) -> Options:
    options: Options = request.app.state.options
    return options


def require_token(request: Request) -> None:
    """Dependency of write endpoints: the token when one is set, and same-origin browsers only."""
    check_write(request)


def check_write(request: Request, form_token: str = "") -> None:
    """A write is allowed: the token (header, or ``form_token`` from an HTML form) when one is set,
    and no cross-site browser request (rules in ``guard.write_refusal``)."""
    refusal = write_refusal(
        request.headers, request.url.scheme, options_of(request).token, form_token, api=wants_json(request)
    )
    if refusal is not None:
        raise StorylineHTTPError(*refusal)


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api") or request.url.path in {"/openapi.json"}


class StorylineHTTPError(Exception):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
