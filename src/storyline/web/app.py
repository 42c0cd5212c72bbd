"""The FastAPI app: JSON API under /api, server-rendered pages elsewhere, one store per worker thread.

Views only call the library (``storyline.api``, ``storyline.cluster.stories``, ``web.queries``);
this module holds the plumbing: store handles, security headers, the body-size guard, the write
token, and errors rendered as JSON (API) or as a page (HTML).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import InputError, NotFoundError, StoreError, StorylineError, UsageError
from ..options import Options
from .cache import StoryCache
from .deps import HERE, StorePool, StorylineHTTPError, wants_json
from .guard import HostCheck, check_bind

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

# No inline script or style anywhere in our pages: JS and CSS come from /static only.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
# Swagger UI at /docs runs offline from the assets of the fastapi-offline package (no CDN); it sets
# style attributes, so only its page allows inline style. Scripts stay 'self' only.
DOCS_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; frame-ancestors 'none'"
)
JSON_OVERHEAD = 1_000_000  # a posted JSON document may exceed the content limit by its escaping


class Guard:
    """ASGI middleware: security headers on every response; request bodies capped before parsing."""

    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]], max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = DOCS_CSP if scope["path"] == "/docs" else CSP

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"content-security-policy", csp.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"same-origin"),  # browsers then send our forms' real Origin
                    (b"x-frame-options", b"DENY"),
                ]
                message["headers"] = headers
            await send(message)

        if scope["method"] in {"POST", "PUT", "PATCH"}:
            declared = dict(scope.get("headers", [])).get(b"content-length")
            if declared is not None and declared.isdigit() and int(declared) > self.max_body:
                await _too_large(self.max_body, send_with_headers)
                return
            chunks, size, more = [], 0, True
            while more:  # buffer the body (bounded) so an oversized chunked upload is refused whole
                message = await receive()
                if message["type"] == "http.disconnect":
                    return
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > self.max_body:
                    await _too_large(self.max_body, send_with_headers)
                    return
                chunks.append(chunk)
                more = message.get("more_body", False)
            body = b"".join(chunks)
            sent = False

            async def replay() -> Message:
                nonlocal sent
                if sent:
                    return await receive()
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}

            await self.app(scope, replay, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)


async def _too_large(limit: int, send: Send) -> None:
    response = JSONResponse(
        {
            "error": "payload too large",
            "detail": f"the request body exceeds {limit} bytes; send less or raise max_bytes",
        },
        status_code=413,
    )
    await response({"type": "http"}, _no_receive, send)


async def _no_receive() -> Message:
    return {"type": "http.disconnect"}


def create_app(options: Options, store_url: str | None = None, host: str = "127.0.0.1") -> FastAPI:
    """The web app over the store at ``store_url`` (default ``options.db``).

    Bound to a non-loopback ``host``, the app refuses to start without ``options.token``; with a
    token set, every write endpoint requires it (``Authorization: Bearer …``). Without one, only
    loopback Host names are answered (see ``guard``).
    """
    check_bind(host, options.token)
    from . import api_routes, forms, pages

    pool = StorePool(store_url or options.db)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        pool.close()

    app = FastAPI(
        lifespan=lifespan,
        docs_url=None,  # served by pages.docs from local assets
        redoc_url=None,
        title="storyline",
        summary="Stories reconstructed from many outlets; every fact traced to its characters.",
        version="0.1.0",
    )
    app.state.options = options
    app.state.pool = pool
    app.state.stories = StoryCache()
    app.state.templates = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    app.state.templates.filters["num"] = number
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.mount("/docs-assets", StaticFiles(directory=docs_assets()), name="docs-assets")
    app.include_router(api_routes.router)
    app.include_router(pages.router)
    app.include_router(forms.router)
    _install_error_handlers(app)
    app.add_middleware(HostCheck, token=options.token)  # inside Guard: its refusals get the security headers
    app.add_middleware(Guard, max_body=options.max_bytes + JSON_OVERHEAD)
    return app


def docs_assets() -> Path:
    """Swagger UI's JS and CSS, shipped by the fastapi-offline package (part of the web extra)."""
    import fastapi_offline

    return Path(fastapi_offline.__file__).parent / "static"


def number(value: float | int | None) -> str:
    """12000.0 -> '12,000'; 2.5 -> '2.5' (template filter ``num``)."""
    return "" if value is None else f"{value:,.10g}"


def error_response(request: Request, status: int, title: str, detail: Any) -> Response:
    if wants_json(request):
        return JSONResponse({"error": title, "detail": detail}, status_code=status)
    template = request.app.state.templates.get_template("error.html")
    text = detail if isinstance(detail, str) else "; ".join(_describe(d) for d in detail)
    html = template.render(request=request, status=status, title=title, detail=text)
    return HTMLResponse(html, status_code=status)


def _describe(error: Any) -> str:
    if isinstance(error, dict):
        where = ".".join(str(p) for p in error.get("loc", ()) if p not in {"body", "query", "path"})
        return f"{where}: {error.get('msg', '')}" if where else str(error.get("msg", ""))
    return str(error)


def _install_error_handlers(app: FastAPI) -> None:
    statuses: list[tuple[type[StorylineError], int, str]] = [
        (NotFoundError, 404, "not found"),
        (InputError, 422, "input refused"),
        (UsageError, 422, "request refused"),
        (StoreError, 503, "store unavailable"),
    ]
    for cls, status, title in statuses:

        async def handler(request: Request, exc: Exception, status: int = status, title: str = title) -> Response:
            return error_response(request, status, title, str(exc))

        app.add_exception_handler(cls, handler)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        title = {404: "not found", 405: "method not allowed"}.get(exc.status_code, "error")
        detail = exc.detail if exc.status_code != 404 else f"nothing at {request.url.path}"
        return error_response(request, exc.status_code, title, detail)

    async def validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        errors = [{k: v for k, v in e.items() if k in {"loc", "msg", "type"}} for e in exc.errors()]
        return error_response(request, 422, "invalid request", errors)

    async def storyline_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StorylineHTTPError)
        return error_response(request, exc.status, "refused", exc.detail)

    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StorylineHTTPError, storyline_http)
