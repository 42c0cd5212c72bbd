"""The embedded store: one SQLite file in WAL mode, FTS5 over title and body."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import NotFoundError, StoreError
from ..records import Article, Facts
from .base import ArticleQuery, Member, StoryRow, iter_batches
from .rows import COLUMNS as _COLUMNS
from .rows import article_row as _row
from .rows import row_article as _article


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) of every schema file, in order."""
    out = []
    for entry in resources.files(__package__).joinpath("schema").iterdir():
        if entry.name.endswith(".sql"):
            out.append((int(entry.name.split("_", 1)[0]), entry.name, entry.read_text("utf-8")))
    return sorted(out)


BUSY_TIMEOUT_S = 30  # how long a writer waits for another process's write lock before StoreError


class SQLiteStore:
    def __init__(self, path: str | Path) -> None:
        self.url = str(path)
        try:
            if self.url != ":memory:":
                Path(self.url).parent.mkdir(parents=True, exist_ok=True)
            # the busy timeout comes first: switching a new file to WAL needs the lock another opener may hold
            self.db = sqlite3.connect(self.url, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_S)
            self.db.row_factory = sqlite3.Row
            self.db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
            self.db.execute("PRAGMA journal_mode=WAL")
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

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- articles ------------------------------------------------------------------------

    def find_article(self, content_hash: str, url: str | None = None) -> Article | None:
        """The stored article with this content hash, else with this URL, else None."""
        row = self.db.execute("SELECT * FROM articles WHERE content_hash = ?", (content_hash,)).fetchone()
        if row is None and url:
            row = self.db.execute("SELECT * FROM articles WHERE url = ? ORDER BY seq LIMIT 1", (url,)).fetchone()
        return _article(row) if row is not None else None

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

    def article(self, article_id: str) -> Article:
        row = self.db.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            rows = self.db.execute("SELECT * FROM articles WHERE id LIKE ? || '%' LIMIT 2", (article_id,)).fetchall()
            if len(rows) != 1:
                why = "matches several articles" if rows else "is not in the store"
                raise NotFoundError(f"article {article_id!r} {why} ({self.url}); list them with `storyline articles`")
            row = rows[0]
        return _article(row)

    def article_ids(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM articles ORDER BY seq")]

    def _where(self, q: ArticleQuery) -> tuple[str, list[Any]]:
        clauses, args = [], []
        if q.outlet:
            clauses.append("a.outlet = ? COLLATE NOCASE")
            args.append(q.outlet)
        if q.since:
            clauses.append("a.published >= ?")
            args.append(q.since)
        if q.until:
            clauses.append("a.published <= ?")
            args.append(q.until)
        if q.text:
            clauses.append("a.seq IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
            args.append(_fts_query(q.text))
        if q.story:
            clauses.append("a.id IN (SELECT article FROM story_articles WHERE story = ?)")
            args.append(q.story)
        if q.entity:
            clauses.append("a.id IN (SELECT article FROM entity_index WHERE key = ?)")
            args.append(q.entity)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", args

    def articles(self, query: ArticleQuery | None = None) -> list[Article]:
        q = query or ArticleQuery()
        where, args = self._where(q)
        rows = self.db.execute(
            f"SELECT a.* FROM articles a{where} ORDER BY a.seq LIMIT ? OFFSET ?", [*args, q.limit, q.offset]
        )
        return [_article(r) for r in rows]

    def count_articles(self, query: ArticleQuery | None = None) -> int:
        where, args = self._where(query or ArticleQuery())
        return int(self.db.execute(f"SELECT count(*) FROM articles a{where}", args).fetchone()[0])

    def add_notice(self, article_id: str, kind: str, text: str) -> None:
        with self.transaction():
            self.db.execute("INSERT INTO notices (article, kind, text) VALUES (?, ?, ?)", (article_id, kind, text))

    def notices(self, article_id: str) -> list[tuple[str, str]]:
        rows = self.db.execute("SELECT kind, text FROM notices WHERE article = ? ORDER BY rowid", (article_id,))
        return [(r[0], r[1]) for r in rows]

    # ---- facts ---------------------------------------------------------------------------

    def put_facts(self, facts: Facts, version: str) -> None:
        counts: dict[str, list[Any]] = {}
        for m in facts.mentions:
            entry = counts.setdefault(m.key, [m.name, m.type, 0])
            entry[2] += 1
        with self.transaction():
            self.db.execute(
                "INSERT OR REPLACE INTO facts (article, version, data) VALUES (?, ?, ?)",
                (facts.article, version, json.dumps(facts.to_dict(), ensure_ascii=False)),
            )
            self.db.execute("DELETE FROM entity_index WHERE article = ?", (facts.article,))
            self.db.executemany(
                "INSERT INTO entity_index (key, article, name, type, count) VALUES (?, ?, ?, ?, ?)",
                [(k, facts.article, n, t, c) for k, (n, t, c) in counts.items()],
            )

    def facts(self, article_id: str) -> Facts | None:
        row = self.db.execute("SELECT data FROM facts WHERE article = ?", (article_id,)).fetchone()
        return Facts.from_dict(json.loads(row[0])) if row else None

    def facts_version(self, article_id: str) -> str | None:
        row = self.db.execute("SELECT version FROM facts WHERE article = ?", (article_id,)).fetchone()
        return row[0] if row else None

    def entity_articles(self, key: str) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT article FROM entity_index WHERE key = ?", (key,))]

    def entity_keys(self, article_id: str) -> list[tuple[str, str, str, int]]:
        rows = self.db.execute("SELECT key, name, type, count FROM entity_index WHERE article = ?", (article_id,))
        return [(r[0], r[1], r[2], r[3]) for r in rows]

    # ---- stories -------------------------------------------------------------------------

    def ensure_story(self, story_id: str, title: str, version: str) -> None:
        with self.transaction():
            self.db.execute(
                "INSERT OR IGNORE INTO stories (id, title, version) VALUES (?, ?, ?)", (story_id, title, version)
            )

    def set_story_title(self, story_id: str, title: str) -> None:
        with self.transaction():
            self.db.execute("UPDATE stories SET title = ? WHERE id = ?", (title, story_id))

    def set_story(self, article_id: str, story_id: str, score: float | None, why: dict[str, Any]) -> None:
        with self.transaction():
            self.db.execute(
                "INSERT OR REPLACE INTO story_articles (article, story, score, why) VALUES (?, ?, ?, ?)",
                (article_id, story_id, score, json.dumps(why, ensure_ascii=False)),
            )
            self.db.execute("DELETE FROM unclustered WHERE article = ?", (article_id,))

    def story_of(self, article_id: str) -> str | None:
        row = self.db.execute("SELECT story FROM story_articles WHERE article = ?", (article_id,)).fetchone()
        return row[0] if row else None

    def story_articles(self, story_id: str) -> list[str]:
        rows = self.db.execute(
            "SELECT s.article FROM story_articles s JOIN articles a ON a.id = s.article "
            "WHERE s.story = ? ORDER BY a.seq",
            (story_id,),
        )
        return [r[0] for r in rows]

    def story_why(self, article_id: str) -> tuple[float | None, dict[str, Any]]:
        row = self.db.execute("SELECT score, why FROM story_articles WHERE article = ?", (article_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"article {article_id!r} is in no story")
        return row[0], json.loads(row[1])

    def stories(self, limit: int = 100, offset: int = 0) -> list[StoryRow]:
        rows = self.db.execute(
            "SELECT s.id, s.title, group_concat(sa.article, ' ') FROM stories s "
            "JOIN story_articles sa ON sa.story = s.id GROUP BY s.id "
            "ORDER BY count(*) DESC, min(sa.rowid) LIMIT ? OFFSET ?",
            (limit, offset),
        )
        return [StoryRow(r[0], r[1], tuple(self.story_articles(r[0]))) for r in rows]

    def story_members(self) -> list[Member]:
        rows = self.db.execute(
            "SELECT sa.story, a.id, a.outlet, a.published, a.duplicate_of FROM story_articles sa "
            "JOIN articles a ON a.id = sa.article ORDER BY a.seq"
        )
        return [Member(*r) for r in rows]

    def story(self, story_id: str) -> StoryRow:
        row = self.db.execute("SELECT id, title FROM stories WHERE id = ?", (story_id,)).fetchone()
        if row is None:
            rows = self.db.execute(
                "SELECT id, title FROM stories WHERE id LIKE ? || '%' LIMIT 2", (story_id,)
            ).fetchall()
            if len(rows) != 1:
                why = "matches several stories" if rows else "is not in the store"
                raise NotFoundError(f"story {story_id!r} {why}; list them with `storyline stories`")
            row = rows[0]
        return StoryRow(row[0], row[1], tuple(self.story_articles(row[0])))

    def clear_stories(self) -> None:
        with self.transaction():
            self.db.execute("DELETE FROM story_articles")
            self.db.execute("DELETE FROM stories")
            self.db.execute("DELETE FROM unclustered")

    def drop_empty_stories(self) -> None:
        with self.transaction():
            self.db.execute("DELETE FROM stories WHERE id NOT IN (SELECT story FROM story_articles)")

    def set_unclustered(self, article_id: str, reason: str | None) -> None:
        with self.transaction():
            if reason is None:
                self.db.execute("DELETE FROM unclustered WHERE article = ?", (article_id,))
            else:
                self.db.execute("DELETE FROM story_articles WHERE article = ?", (article_id,))
                self.db.execute("INSERT OR REPLACE INTO unclustered VALUES (?, ?)", (article_id, reason))

    def unclustered(self) -> list[tuple[str, str]]:
        return [(r[0], r[1]) for r in self.db.execute("SELECT article, reason FROM unclustered ORDER BY rowid")]

    def add_decision(self, kind: str, data: dict[str, Any]) -> None:
        with self.transaction():
            self.db.execute("INSERT INTO decisions (kind, data) VALUES (?, ?)", (kind, json.dumps(data)))

    def decisions(self) -> list[tuple[str, dict[str, Any]]]:
        return [(r[0], json.loads(r[1])) for r in self.db.execute("SELECT kind, data FROM decisions ORDER BY seq")]

    # ---- story clustering index -----------------------------------------------------------

    def cluster_df(self, terms: Sequence[int]) -> dict[int, int]:
        out: dict[int, int] = {}
        for chunk in iter_batches(list(terms), 900):
            rows = self.db.execute(
                f"SELECT term, df FROM cluster_df WHERE term IN ({','.join('?' * len(chunk))})", list(chunk)
            )
            out.update((r[0], r[1]) for r in rows)
        return out

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

    def story_states(self, ids: Sequence[str]) -> dict[str, tuple[int, bytes, bytes, str | None, str | None]]:
        out: dict[str, tuple[int, bytes, bytes, str | None, str | None]] = {}
        for chunk in iter_batches(list(ids), 900):
            rows = self.db.execute(
                "SELECT story, n, terms, weights, first, last FROM story_state "
                f"WHERE story IN ({','.join('?' * len(chunk))})",
                list(chunk),
            )
            out.update((r[0], (r[1], r[2], r[3], r[4], r[5])) for r in rows)
        return out

    def put_story_state(
        self, story: str, n: int, terms: bytes, weights: bytes, first: str | None, last: str | None
    ) -> None:
        with self.transaction():
            self.db.execute(
                "INSERT OR REPLACE INTO story_state (story, n, terms, weights, first, last) VALUES (?, ?, ?, ?, ?, ?)",
                (story, n, terms, weights, first, last),
            )

    def add_story_keys(self, story: str, keys: Sequence[int]) -> None:
        with self.transaction():
            self.db.executemany(
                "INSERT OR IGNORE INTO story_keys (key, story) VALUES (?, ?)", [(k, story) for k in keys]
            )

    def drop_story_index(self, story: str) -> None:
        with self.transaction():
            self.db.execute("DELETE FROM story_keys WHERE story = ?", (story,))
            self.db.execute("DELETE FROM story_state WHERE story = ?", (story,))

    def story_candidates(self, keys: Sequence[int], limit: int) -> list[tuple[str, int]]:
        """Stories sharing the most blocking keys with ``keys``: (story, shared count)."""
        if not keys:
            return []
        rows = self.db.execute(
            f"SELECT story, count(*) AS c FROM story_keys WHERE key IN ({','.join('?' * len(keys))}) "
            "GROUP BY story ORDER BY c DESC, story LIMIT ?",
            [*keys, limit],
        )
        return [(r[0], r[1]) for r in rows]

    def put_minhash(self, article_id: str, sig: bytes, keys: Sequence[int]) -> None:
        with self.transaction():
            self.db.execute("INSERT OR REPLACE INTO minhash (article, sig) VALUES (?, ?)", (article_id, sig))
            self.db.executemany(
                "INSERT OR IGNORE INTO minhash_bands (key, article) VALUES (?, ?)", [(k, article_id) for k in keys]
            )

    def minhash_candidates(self, keys: Sequence[int]) -> list[tuple[str, bytes]]:
        if not keys:
            return []
        rows = self.db.execute(
            "SELECT m.article, m.sig FROM minhash m WHERE m.article IN "
            f"(SELECT article FROM minhash_bands WHERE key IN ({','.join('?' * len(keys))})) ORDER BY m.article",
            list(keys),
        )
        return [(r[0], r[1]) for r in rows]

    def clear_cluster_index(self) -> None:
        with self.transaction():
            for table in ("cluster_df", "story_state", "story_keys", "minhash", "minhash_bands"):
                self.db.execute(f"DELETE FROM {table}")

    # ---- meta ----------------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction():
            self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))


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
