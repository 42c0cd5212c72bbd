"""The embedded store: one SQLite file in WAL mode, FTS5 over title and body."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import NotFoundError, StoreError
from ..records import Article
from .rows import COLUMNS as _COLUMNS
from .rows import article_row as _row
from .sqlbase import SQLStore


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) of every schema file, in order."""
    out = []
    for entry in resources.files(__package__).joinpath("schema").iterdir():
        if entry.name.endswith(".sql"):
            out.append((int(entry.name.split("_", 1)[0]), entry.name, entry.read_text("utf-8")))
    return sorted(out)


class SQLiteStore(SQLStore):
    def __init__(self, path: str | Path) -> None:
        self.url = str(path)
        try:
            if self.url != ":memory:":
                Path(self.url).parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.url, isolation_level=None, check_same_thread=False)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA busy_timeout=10000")
            self._depth = 0
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"{self.url}: cannot open as a storyline SQLite store ({exc}); "
                "pass another path with --db or STORYLINE_DB"
            ) from exc

    # ---- plumbing ------------------------------------------------------------------------

    def _migrate(self) -> None:
        self.db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT)")
        done = {r[0] for r in self.db.execute("SELECT version FROM schema_version")}
        for version, name, sql in migrations():
            if version in done:
                continue
            with self.transaction():
                for statement in _split_sql(sql):
                    self.db.execute(statement)
                self.db.execute("INSERT INTO schema_version VALUES (?, ?)", (version, name))

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All-or-nothing; nested calls join the outer transaction through savepoints."""
        name = f"sp{self._depth}"
        self.db.execute("BEGIN IMMEDIATE" if self._depth == 0 else f"SAVEPOINT {name}")
        self._depth += 1
        try:
            yield self.db
        except BaseException:
            self._depth -= 1
            self.db.execute("ROLLBACK" if self._depth == 0 else f"ROLLBACK TO {name}")
            if self._depth:
                self.db.execute(f"RELEASE {name}")
            raise
        self._depth -= 1
        self.db.execute("COMMIT" if self._depth == 0 else f"RELEASE {name}")

    # ---- dialect hooks (the rest of the SQL is shared: sqlbase.py) -----------------------

    def _search(self, text: str) -> tuple[str, Any]:
        return "a.seq IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)", _fts_query(text)

    # ---- articles ------------------------------------------------------------------------

    def add_article(self, article: Article) -> tuple[Article, bool]:
        """Insert ``article`` unless the same content or URL is stored: (stored, created)."""
        found = self.find_article(article.content_hash, article.url)
        if found is not None:
            return found, False
        values = _row(article)
        with self.transaction():
            self.db.execute(
                f"INSERT INTO articles ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})",
                [values[c] for c in _COLUMNS],
            )
        return article, True

    def update_article(self, article: Article) -> None:
        values = _row(article)
        sets = ", ".join(f"{c} = ?" for c in _COLUMNS if c != "id")
        with self.transaction():
            cur = self.db.execute(
                f"UPDATE articles SET {sets} WHERE id = ?", [values[c] for c in _COLUMNS if c != "id"] + [article.id]
            )
        if cur.rowcount == 0:
            raise NotFoundError(f"article {article.id!r} is not in {self.url}")

    # ---- story clustering index -----------------------------------------------------------

    def add_cluster_df(self, terms: Sequence[int]) -> None:
        with self.transaction():
            self.db.executemany(
                "INSERT INTO cluster_df (term, df) VALUES (?, 1) ON CONFLICT(term) DO UPDATE SET df = df + 1",
                [(t,) for t in terms],
            )

    def replace_cluster_df(self, df: dict[int, int]) -> None:
        with self.transaction():
            self.db.execute("DELETE FROM cluster_df")
            self.db.executemany("INSERT INTO cluster_df (term, df) VALUES (?, ?)", sorted(df.items()))


def _split_sql(sql: str) -> list[str]:
    """Split a schema file into statements, keeping trigger bodies whole."""
    out, buf = [], []
    for line in sql.splitlines():
        if line.strip().startswith("--") or not line.strip():
            continue
        buf.append(line)
        text = "\n".join(buf)
        if text.rstrip().endswith(";") and sqlite3.complete_statement(text):
            out.append(text)
            buf = []
    if "".join(buf).strip():
        out.append("\n".join(buf))
    return out


def _fts_query(text: str) -> str:
    """Quote each word so user input cannot break FTS5 syntax; words are ANDed."""
    words = [w.replace('"', '""') for w in text.split()]
    return " ".join(f'"{w}"' for w in words) or '""'
