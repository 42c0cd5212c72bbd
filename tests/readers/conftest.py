"""Fixtures for the ingest tests (article texts in tests/ingest are fictional)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest
from ingest_helpers import public_resolver

from storyline.options import Options
from storyline.readers import Fetcher


@pytest.fixture
def mock_fetcher() -> Iterator[Callable[..., Fetcher]]:
    """``mock_fetcher(routes, **options)``: a Fetcher answering ``routes[url]`` and 404 elsewhere."""
    made: list[Fetcher] = []

    def make(routes: dict[str, httpx.Response | Exception], **changes: object) -> Fetcher:
        def handler(request: httpx.Request) -> httpx.Response:
            answer = routes.get(str(request.url))
            if isinstance(answer, Exception):
                raise answer
            return answer if answer is not None else httpx.Response(404)

        fetcher = Fetcher(
            Options().replace(**changes), transport=httpx.MockTransport(handler), resolver=public_resolver
        )
        made.append(fetcher)
        return fetcher

    yield make
    for fetcher in made:
        fetcher.close()
