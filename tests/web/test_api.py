"""The JSON API over a live server on loopback (fictional store from conftest)."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from fastapi import FastAPI

from storyline.errors import UsageError
from storyline.options import Options
from storyline.store.sqlite import SQLiteStore
from storyline.web import create_app

Serve = Callable[[FastAPI], str]


@pytest.fixture
def base(serve: Serve, fictional_db: str) -> str:
    return serve(create_app(Options(db=fictional_db, extract=False, cluster=False)))


def test_story_list_gives_outlets_counts_and_dates(base: str) -> None:
    data = httpx.get(f"{base}/api/stories").json()
    assert data["stories"] == [
        {
            "id": "story-1",
            "title": "Port Avel harbour opens",
            "articles": 2,
            "outlets": ["Avel Gazette", "Coast Daily"],
            "independent_outlets": 2,
            "first": "2031-05-06",
            "last": "2031-05-07",
        }
    ]


@pytest.mark.parametrize(("min_outlets", "count"), [(2, 1), (3, 0)])
def test_story_list_keeps_stories_with_at_least_min_outlets_independent_outlets(
    base: str, min_outlets: int, count: int
) -> None:
    data = httpx.get(f"{base}/api/stories", params={"min_outlets": min_outlets}).json()
    assert len(data["stories"]) == count


@pytest.mark.parametrize(
    ("params", "ids"),
    [
        ({"q": "visitors"}, ["art-a", "art-b"]),
        ({"q": "police"}, ["art-b"]),
        ({"outlet": "coast daily"}, ["art-b"]),
        ({"since": "2031-05-07"}, ["art-b"]),
        ({"until": "2031-05-06"}, ["art-a"]),
        ({"entity": "lina ostrova"}, ["art-a", "art-b"]),
        ({"entity": "Lína OSTROVA"}, ["art-a", "art-b"]),
        ({"limit": 1, "offset": 1}, ["art-b"]),
        ({"q": "nowhere-to-be-found"}, []),
    ],
)
def test_article_search_filters_and_pages(base: str, params: dict[str, object], ids: list[str]) -> None:
    data = httpx.get(f"{base}/api/articles", params=params).json()
    assert [a["id"] for a in data["articles"]] == ids
    if "limit" not in params:
        assert data["total"] == len(ids)


def test_story_search_finds_the_story_of_a_matching_article(base: str) -> None:
    assert [s["id"] for s in httpx.get(f"{base}/api/stories", params={"q": "police"}).json()["stories"]] == ["story-1"]
    assert httpx.get(f"{base}/api/stories", params={"q": "zebra"}).json()["stories"] == []


def test_article_comes_with_its_facts_and_story(base: str) -> None:
    data = httpx.get(f"{base}/api/articles/art-a").json()
    assert data["article"]["outlet"] == "Avel Gazette"
    assert data["story"] == "story-1"
    assert data["facts"]["quotes"][0]["text"] == "The harbour will bring 300 jobs"


@pytest.mark.parametrize("ref", ["lina ostrova", "Lina Ostrová"])
def test_entity_lists_articles_stories_and_quotes(base: str, ref: str) -> None:
    data = httpx.get(f"{base}/api/entities/{ref}").json()
    assert data["name"] == "Lina Ostrova"
    assert data["articles"] == ["art-a", "art-b"]
    assert [s["id"] for s in data["stories"]] == ["story-1"]
    assert len(data["quotes"]) == 2


@pytest.mark.parametrize("path", ["/api/articles/nope", "/api/stories/nope", "/api/entities/nobody", "/api/nothing"])
def test_unknown_ids_are_404_json_with_a_message(base: str, path: str) -> None:
    response = httpx.get(base + path)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["detail"]


@pytest.mark.parametrize(
    "params", [{"limit": 0}, {"limit": 100000}, {"offset": -1}, {"since": "yesterday"}, {"until": "2031-5-1"}]
)
def test_bad_query_parameters_are_422_with_a_message(base: str, params: dict[str, object]) -> None:
    response = httpx.get(f"{base}/api/articles", params=params)
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"]


def test_every_response_carries_a_strict_csp(base: str) -> None:
    for path in ("/api/stories", "/", "/search?q=x", "/articles/nope"):
        csp = httpx.get(base + path).headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert httpx.get(f"{base}/openapi.json").json()["paths"]["/api/ingest"]


def test_openapi_docs_page_uses_local_assets_and_no_inline_script(base: str) -> None:
    response = httpx.get(f"{base}/docs")
    assert response.status_code == 200
    assert "/docs-assets/swagger-ui-bundle.js" in response.text and "cdn" not in response.text.lower()
    assert "<script>" not in response.text
    assert "script-src 'self';" in response.headers["content-security-policy"]
    for asset in ("/docs-assets/swagger-ui-bundle.js", "/docs-assets/swagger-ui.css", "/static/docs.js"):
        assert httpx.get(base + asset).status_code == 200


def test_non_loopback_binding_without_a_token_is_refused(fictional_db: str) -> None:
    with pytest.raises(UsageError, match="token"):
        create_app(Options(db=fictional_db), host="0.0.0.0")
    create_app(Options(db=fictional_db, token="s3cret"), host="0.0.0.0")
    create_app(Options(db=fictional_db), host="::1")


def test_write_endpoints_need_the_token_when_one_is_set(serve: Serve, fictional_db: str) -> None:
    base = serve(create_app(Options(db=fictional_db, token="s3cret", extract=False, cluster=False), host="0.0.0.0"))
    body = {"stories": ["story-1", "story-1"]}
    assert httpx.post(f"{base}/api/stories/merge", json=body).status_code == 401
    wrong = httpx.post(f"{base}/api/stories/merge", json=body, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    ok = httpx.post(
        f"{base}/api/ingest", json={"kind": "text", "content": ""}, headers={"Authorization": "Bearer s3cret"}
    )
    assert ok.status_code != 401


def test_cross_origin_writes_are_refused(base: str) -> None:
    response = httpx.post(
        f"{base}/api/ingest", json={"kind": "text", "content": "x"}, headers={"Origin": "http://evil.example"}
    )
    assert response.status_code == 403


def test_oversized_post_is_413_and_stores_nothing(serve: Serve, fictional_db: str) -> None:
    base = serve(create_app(Options(db=fictional_db, max_bytes=1000, extract=False, cluster=False)))
    content = "Fictional words. " * 200  # 3400 bytes: over the content limit, under the body guard
    response = httpx.post(f"{base}/api/ingest", json={"kind": "text", "content": content})
    assert response.status_code == 413 and "limit" in response.json()["detail"]
    huge = httpx.post(f"{base}/api/ingest", content=b"x" * 1_100_000, headers={"content-type": "application/json"})
    assert huge.status_code == 413
    with SQLiteStore(fictional_db) as store:
        assert store.count_articles() == 2


@pytest.mark.parametrize(
    "payload",
    [
        b"{not json",
        b'{"kind": "pdf", "content": "x"}',
        b'{"kind": "text"}',
        b'{"kind": "url", "url": "file:///etc/passwd"}',
        b'{"kind": "text", "content": "x", "url": "http://a.example"}',
    ],
)
def test_malformed_post_is_422_with_a_message_and_stores_nothing(base: str, fictional_db: str, payload: bytes) -> None:
    response = httpx.post(f"{base}/api/ingest", content=payload, headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert response.json()["detail"]
    with SQLiteStore(fictional_db) as store:
        assert store.count_articles() == 2


def test_split_move_and_merge_change_the_stories_and_the_story_json(base: str) -> None:
    split = httpx.post(f"{base}/api/stories/story-1/split", json={"articles": ["art-b"]})
    assert split.status_code == 200, split.text
    new = split.json()["story"]
    assert split.json()["articles"] == ["art-b"]
    assert [a["id"] for a in httpx.get(f"{base}/api/stories/story-1").json()["articles"]] == ["art-a"]
    moved = httpx.post(f"{base}/api/articles/art-b/move", json={"story": "story-1"})
    assert moved.status_code == 200, moved.text
    assert [a["id"] for a in httpx.get(f"{base}/api/stories/story-1").json()["articles"]] == ["art-a", "art-b"]
    assert httpx.get(f"{base}/api/stories/{new}").status_code == 404
    split = httpx.post(f"{base}/api/stories/story-1/split", json={"articles": ["art-a"]}).json()["story"]
    merged = httpx.post(f"{base}/api/stories/merge", json={"stories": ["story-1", split]})
    assert merged.status_code == 200, merged.text
    assert merged.json() == {"story": "story-1", "articles": ["art-a", "art-b"]}


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        ("/api/stories/merge", {"stories": ["story-1", "story-1"]}, 422),
        ("/api/stories/merge", {"stories": ["story-1", "nope"]}, 404),
        ("/api/stories/merge", {"stories": ["story-1"]}, 422),
        ("/api/stories/story-1/split", {"articles": ["art-a", "art-b"]}, 422),
        ("/api/stories/story-1/split", {"articles": ["nope"]}, 404),
        ("/api/articles/art-a/move", {"story": "story-1"}, 422),
        ("/api/articles/nope/move", {"story": "story-1"}, 404),
    ],
)
def test_impossible_edits_are_refused_with_a_message_and_change_nothing(
    base: str, path: str, body: dict[str, object], status: int
) -> None:
    response = httpx.post(base + path, json=body)
    assert response.status_code == status, response.text
    assert response.json()["detail"]
    assert [a["id"] for a in httpx.get(f"{base}/api/stories/story-1").json()["articles"]] == ["art-a", "art-b"]
