"""Stores behind one small interface; ``open_store`` picks one from a path or URL."""

from __future__ import annotations

from .base import ArticleQuery, Store, StoryRow

__all__ = ["ArticleQuery", "Store", "StoryRow", "open_store"]


def open_store(url: str) -> Store:
    """Open (and migrate) the store at ``url``: a SQLite path, or ``postgresql://…``."""
    if url.startswith(("postgres://", "postgresql://")):
        from .postgres import PostgresStore

        return PostgresStore(url)
    from .sqlite import SQLiteStore

    return SQLiteStore(url)
