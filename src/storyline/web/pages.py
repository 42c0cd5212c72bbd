"""Server-rendered pages (Jinja2, autoescaped). Each view gathers records through the library and renders."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, HTMLResponse

from .. import api
from ..present.apart import kept_lines
from ..store import ArticleQuery
from ..text import name_key
from . import queries
from .deps import HERE, built_story, options_of, store_of
from .highlight import highlight
from .storyview import labels, story_page

router = APIRouter(include_in_schema=False)
PAGE = 30
DATE = r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"


def render(request: Request, template: str, **context: Any) -> HTMLResponse:
    html = request.app.state.templates.get_template(template).render(request=request, **context)
    return HTMLResponse(html)


@router.get("/favicon.ico")
def favicon() -> FileResponse:
    return FileResponse(HERE / "static" / "favicon.svg", media_type="image/svg+xml")


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    """Swagger UI for the HTTP API, from local assets (works offline)."""
    return render(request, "docs.html")


@router.get("/", response_class=HTMLResponse)
def story_list(
    request: Request,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    min_outlets: Annotated[int, Query(ge=0, le=10_000)] = 0,
) -> HTMLResponse:
    store = store_of(request)
    cards = queries.story_cards(store, limit=PAGE + 1, offset=(page - 1) * PAGE, min_outlets=min_outlets)
    unclustered = len(store.unclustered()) if page == 1 and not min_outlets else 0
    return render(
        request,
        "stories.html",
        cards=cards[:PAGE],
        page=page,
        more=len(cards) > PAGE,
        unclustered=unclustered,
        min_outlets=min_outlets,
    )


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story(request: Request, story_id: str) -> HTMLResponse:
    store = store_of(request)
    built = built_story(request, story_id)
    keys = queries.entity_keys(store, [a.id for a in built.articles])
    needs_token = bool(options_of(request).token)
    label = labels(built.articles)
    kept = [
        (a, label.get(a, a), kept_lines({"kept_from": cuts}))
        for a, cuts in api.kept_from(store, [x.id for x in built.articles]).items()
    ]
    return render(request, "story.html", view=story_page(built, keys), needs_token=needs_token, kept=kept)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(request: Request, article_id: str) -> HTMLResponse:
    view = queries.article_view(store_of(request), article_id)
    body = highlight(view.article.body, queries.article_fact_spans(view))
    return render(request, "article.html", view=view, body=body)


@router.get("/entities/{key:path}", response_class=HTMLResponse)
def entity(request: Request, key: str) -> HTMLResponse:
    profile = queries.entity_profile(store_of(request), key)
    quote_labels = labels(tuple({a.id: a for _, a in profile.quotes}.values()))
    return render(request, "entity.html", profile=profile, quote_labels=quote_labels)


@router.get("/search", response_class=HTMLResponse)
def search(
    request: Request,
    q: Annotated[str, Query(max_length=500)] = "",
    outlet: Annotated[str, Query(max_length=200)] = "",
    entity: Annotated[str, Query(max_length=200)] = "",
    since: Annotated[str, Query(pattern=DATE)] = "",
    until: Annotated[str, Query(pattern=DATE)] = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    store = store_of(request)
    query = ArticleQuery(
        text=q or None,
        outlet=outlet or None,
        entity=name_key(entity) if entity else None,
        since=since or None,
        until=until or None,
        limit=PAGE,
        offset=(page - 1) * PAGE,
    )
    asked = any([q, outlet, entity, since, until])
    found = store.articles(query) if asked else []
    total = store.count_articles(query) if asked else 0
    results = []
    for a in found:
        text, spans = queries.snippet(a.body, q)
        results.append((a, store.story_of(a.id), highlight(text, spans)))
    form = {"q": q, "outlet": outlet, "entity": entity, "since": since, "until": until}
    return render(
        request,
        "search.html",
        form=form,
        asked=asked,
        results=results,
        total=total,
        page=page,
        more=page * PAGE < total,
    )
