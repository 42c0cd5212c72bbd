"""The web app (FastAPI) and ``serve``: the HTTP API and server-rendered pages over one store."""

from __future__ import annotations

from .app import create_app
from .server import serve

__all__ = ["create_app", "serve"]
