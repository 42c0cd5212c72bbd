"""``storyline serve``: run the app with uvicorn on one host and port."""

from __future__ import annotations

from ..options import Options
from .app import create_app
from .guard import check_bind


def serve(options: Options, host: str = "127.0.0.1", port: int = 8000, store_url: str | None = None) -> None:
    """Serve until interrupted. An empty ``host`` binds loopback; a non-loopback one needs
    ``options.token`` (raises UsageError)."""
    import uvicorn

    address = check_bind(host, options.token)  # uvicorn would bind every interface for ""
    app = create_app(options, store_url, host=address)
    uvicorn.run(app, host=address, port=port, log_level="info", ws="none", proxy_headers=False, server_header=False)
