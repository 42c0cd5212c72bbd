"""The embedded store: one SQLite file in WAL mode, FTS5 over title and body."""

from __future__ import annotations

import sqlite3
import time
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


BUSY_TIMEOUT_S = 30  # how long a writer waits for another process's write lock before StoreError


class SQLiteStore(SQLStore):
    def __init__(self, path: str | Path) -> None:
        self.url = str(path)
        try:
            if self.url != ":memory:":
                Path(self.url).parent.mkdir(parents=True, exist_ok=True)
            # the busy timeout comes first: switching a new file to WAL needs the lock another opener may hold
            self.db = sqlite3.connect(self.url, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_S)
            self.db.row_factory = sqlite3.Row
            self.db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
            self._use_wal()
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self._depth = 0
            self._migrate()
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise _busy(self.url, exc) from exc
            raise _not_a_store(self.url, exc) from exc
        except sqlite3.DatabaseError as exc:
            raise _not_a_store(self.url, exc) from exc

    # ---- plumbing ------------------------------------------------------------------------

    def _use_wal(self) -> None:
        """Switch to WAL, retrying until the busy timeout: SQLite answers "locked" at once, without
        waiting, when another process opens the new file at the same moment."""
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        while True:
            try:
                self.db.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def _migrate(self) -> None:
        """Apply the schema files not applied yet, all in one write transaction: a second process
        opening a new store waits on the lock (BEGIN IMMEDIATE), then re-reads the version and finds
        nothing left to do."""
        if not self._pending():
            return  # the common case takes no write lock
        with self.transaction():
            self.db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT)")
            for version, name, sql in self._pending():
                for statement in _split_sql(sql):
                    self.db.execute(statement)
                self.db.execute("INSERT INTO schema_version VALUES (?, ?)", (version, name))

    def _pending(self) -> list[tuple[int, str, str]]:
        try:
            done = {r[0] for r in self.db.execute("SELECT version FROM schema_version")}
        except sqlite3.OperationalError as exc:
            if "no such table" not in str(exc):
                raise
            done = set()
        return [m for m in migrations() if m[0] not in done]

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All-or-nothing; nested calls join the outer transaction through savepoints."""
        name = f"sp{self._depth}"
        try:
            self.db.execute("BEGIN IMMEDIATE" if self._depth == 0 else f"SAVEPOINT {name}")
        except sqlite3.OperationalError as exc:  # the busy timeout ran out: say so, not "database is locked"
            if self._depth == 0 and ("locked" in str(exc) or "busy" in str(exc)):
                raise _busy(self.url, exc) from exc
            raise
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


def _not_a_store(url: str, exc: Exception) -> StoreError:
    return StoreError(
        f"{url}: cannot open as a storyline SQLite store ({exc}); pass another path with --db or STORYLINE_DB"
    )


def _busy(url: str, exc: Exception) -> StoreError:
    return StoreError(
        f"{url}: another process held the store's write lock for more than {BUSY_TIMEOUT_S} s ({exc}); "
        "try again when it has finished"
    )


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
