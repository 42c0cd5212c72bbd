"""Stores behind one small interface; ``open_store`` picks one from a path or URL."""

from __future__ import annotations

from pathlib import Path

from ..errors import UsageError
from .base import ArticleQuery, Member, Store, StoryRow

__all__ = ["ArticleQuery", "Member", "Store", "StoryRow", "open_store"]


def open_store(url: str, create: bool = True) -> Store:
    """Open (and migrate) the store at ``url``: a SQLite path, or ``postgresql://…``.

    With ``create=False`` a SQLite path that does not exist is a ``UsageError`` (a mistyped
    ``--db`` must not quietly open an empty store); commands that only read pass it.
    """
    if url.startswith(("postgres://", "postgresql://")):
        from .postgres import PostgresStore

        return PostgresStore(url)
    from .sqlite import SQLiteStore

    if not create and url != ":memory:" and not Path(url).exists():
        raise UsageError(f"{url}: no store there; check --db (or STORYLINE_DB), or create one with `storyline ingest`")

    return SQLiteStore(url)
