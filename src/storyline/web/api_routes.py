"""The JSON API under /api. Each view is a few lines over the library; errors map to status codes in app.py."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, model_validator

from .. import api
from ..store import ArticleQuery
from ..text import name_key
from . import queries
from .deps import built_story, options_of, require_token, store_of
from .ingest_input import ingest_posted

router = APIRouter(prefix="/api", tags=["api"])

DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
Limit = Annotated[int, Query(ge=1, le=500, description="page size")]
Offset = Annotated[int, Query(ge=0, le=1_000_000_000, description="items to skip")]  # a 64-bit store int
Text = Annotated[str | None, Query(max_length=500, description="full-text query over title and body")]
Entity = Annotated[str | None, Query(max_length=200, description="entity name or key (case and accents ignored)")]
Outlet = Annotated[str | None, Query(max_length=200)]
Since = Annotated[str | None, Query(pattern=DATE, description="published on or after (YYYY-MM-DD)")]
Until = Annotated[str | None, Query(pattern=DATE, description="published on or before (YYYY-MM-DD)")]


def article_query(
    q: Text = None,
    entity: Entity = None,
    outlet: Outlet = None,
    since: Since = None,
    until: Until = None,
    story: Annotated[str | None, Query(max_length=200)] = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> ArticleQuery:
    return ArticleQuery(
        outlet=outlet,
        since=since,
        until=until,
        text=q,
        story=story,
        entity=name_key(entity) if entity else None,
        limit=limit,
        offset=offset,
    )


Filters = Annotated[ArticleQuery, Depends(article_query)]


@router.get("/stories", summary="List stories, or those with an article matching the filters")
def list_stories(
    request: Request,
    query: Filters,
    min_outlets: Annotated[int, Query(ge=0, le=10_000, description="at least this many independent outlets")] = 0,
) -> dict[str, Any]:
    store = store_of(request)
    cards = queries.search_stories(store, query, min_outlets)
    return {"stories": [c.to_dict() for c in cards], "limit": query.limit, "offset": query.offset}


@router.get("/stories/{story_id}", summary="One story in the JSON contract (comparison, timeline, summary)")
def get_story(request: Request, story_id: str) -> dict[str, Any]:
    return built_story(request, story_id).to_dict()


@router.get("/articles", summary="List and search articles (full text, entity, outlet, dates, story)")
def list_articles(request: Request, query: Filters) -> dict[str, Any]:
    store = store_of(request)
    found = store.articles(query)
    return {
        "articles": [queries.public(a).to_dict() | {"story": store.story_of(a.id)} for a in found],
        "total": store.count_articles(query),
        "limit": query.limit,
        "offset": query.offset,
    }


@router.get("/articles/{article_id}", summary="One article with its facts, story and notices")
def get_article(request: Request, article_id: str) -> dict[str, Any]:
    return queries.article_view(store_of(request), article_id).to_dict()


@router.get("/entities/{key:path}", summary="One entity: its articles, stories and quotes")
def get_entity(request: Request, key: str) -> dict[str, Any]:
    return queries.entity_profile(store_of(request), key).to_dict()


class IngestIn(BaseModel):
    kind: Literal["text", "html", "url", "feed"] = Field(description="what `content` or `url` holds")
    content: str | None = Field(None, description="the text, HTML page or feed XML itself")
    url: str | None = Field(None, max_length=2000, description="a page or feed URL to fetch (http/https)")
    name: str | None = Field(None, max_length=200, description="a file name for the posted content")

    @model_validator(mode="after")
    def one_source(self) -> IngestIn:
        if (self.content is None) == (self.url is None):
            raise ValueError("give exactly one of `content` or `url`")
        if self.kind in {"text", "html"} and self.content is None:
            raise ValueError(f"kind {self.kind!r} needs `content`")
        if self.kind == "url" and self.url is None:
            raise ValueError("kind 'url' needs `url`")
        if self.url is not None and not self.url.startswith(("http://", "https://")):
            raise ValueError("`url` must be an http or https URL")
        return self


@router.post(
    "/ingest",
    status_code=201,
    dependencies=[Depends(require_token)],
    summary="Ingest posted text, HTML or feed XML, or a URL (page or feed); 422 and nothing stored on failure",
)
def post_ingest(request: Request, body: IngestIn) -> JSONResponse:
    report = ingest_posted(store_of(request), options_of(request), body.kind, body.content, body.url, body.name)
    data = {
        "ingested": [{"id": a.id, "title": a.title, "outlet": a.outlet} for a in report.ingested],
        "present": [{"id": a.id, "title": a.title, "outlet": a.outlet} for a in report.present],
        "failed": [str(f) for f in report.failed],
        "warnings": report.warnings,
    }
    if report.failed and not (report.ingested or report.present):
        return JSONResponse({"error": "input refused", "detail": data["failed"]}, status_code=422)
    return JSONResponse(data, status_code=201 if report.ingested else 200)


class MergeIn(BaseModel):
    stories: list[str] = Field(min_length=2, max_length=100, description="story ids; the first one is kept")


class SplitIn(BaseModel):
    articles: list[str] = Field(min_length=1, max_length=1000, description="articles that leave for a new story")


class MoveIn(BaseModel):
    story: str = Field(min_length=1, max_length=200, description="the story the article moves to")


@router.post("/stories/merge", dependencies=[Depends(require_token)], summary="Merge stories into the first")
def merge_stories(request: Request, body: MergeIn) -> dict[str, Any]:
    store = store_of(request)
    with store.transaction():  # all or nothing when one of several stories cannot be merged
        kept = body.stories[0]
        for other in body.stories[1:]:
            kept = api.merge(store, kept, other)
    return {"story": kept, "articles": store.story_articles(kept)}


@router.post("/stories/{story_id}/split", dependencies=[Depends(require_token)], summary="Split articles off")
def split_story(request: Request, story_id: str, body: SplitIn) -> dict[str, Any]:
    store = store_of(request)
    created = api.split(store, story_id, body.articles)
    return {"story": created, "articles": store.story_articles(created)}


@router.post("/articles/{article_id}/move", dependencies=[Depends(require_token)], summary="Move an article")
def move_article(request: Request, article_id: str, body: MoveIn) -> dict[str, Any]:
    store = store_of(request)
    api.move(store, article_id, body.story)
    return {"article": store.article(article_id).id, "story": store.story(body.story).id}
