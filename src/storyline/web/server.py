"""``storyline serve``: run the app with uvicorn on one host and port."""

from __future__ import annotations

from ..options import Options
from .app import create_app


def serve(options: Options, host: str = "127.0.0.1", port: int = 8000, store_url: str | None = None) -> None:
    """Serve until interrupted. A non-loopback ``host`` needs ``options.token`` (raises UsageError)."""
    import uvicorn

    app = create_app(options, store_url, host=host)
    uvicorn.run(app, host=host, port=port, log_level="info", ws="none", proxy_headers=False, server_header=False)
