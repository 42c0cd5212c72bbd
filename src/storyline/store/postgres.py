"""The server store: PostgreSQL through psycopg 3, the same interface and behaviour as the SQLite store.

What differs from SQLite, and how it is kept the same for callers:

- One writer at a time: every outermost transaction takes a transaction-level advisory lock for the
  schema, as SQLite's ``BEGIN IMMEDIATE`` does, so read-modify-write steps (document counts,
  find-then-insert) stay correct with several processes on one database.
- Full-text search: a ``tsvector`` column written by the store, folded to lower case without
  diacritics — by the ``unaccent`` extension where it exists or can be created, else in Python.
  Words of a query are ANDed (``plainto_tsquery``), as the SQLite store quotes and ANDs them.
- ``rowid`` order (notices, unclustered, story tie-breaks) is an identity ``seq`` column, renewed on
  replace as SQLite's ``INSERT OR REPLACE`` does; text order is byte order (``COLLATE "C"``).
- Text cannot hold NUL characters in PostgreSQL: such an article is refused with a StoreError.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from typing import Any

from ..errors import NotFoundError, StoreError, install_hint
from ..records import Article
from ..text import search_fold
from .base import StoryRow
from .rows import COLUMNS as _COLUMNS
from .rows import article_row as _row
from .sqlbase import SQLStore

try:
    import psycopg
except ImportError:  # pragma: no cover - exercised only without the extra
    psycopg = None  # type: ignore[assignment]

_SECRET = re.compile(r"(://[^:/@]*:)[^@/]*@|(password=)[^&\s]*")
_FOLD_KEY = "search_fold"


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) of every PostgreSQL schema file, in order."""
    out = []
    for entry in resources.files(__package__).joinpath("schema_pg").iterdir():
        if entry.name.endswith(".sql"):
            out.append((int(entry.name.split("_", 1)[0]), entry.name, entry.read_text("utf-8")))
    return sorted(out)


def redact(url: str) -> str:
    """``url`` without its password, fit for messages."""
    return _SECRET.sub(lambda m: (m.group(1) or m.group(2)) + "***" + ("@" if m.group(1) else ""), url)


LOCK_TIMEOUT_S = 30  # how long a writer waits for another process's write lock before StoreError


class PostgresStore(SQLStore):
    def __init__(self, url: str, unaccent: bool = True) -> None:
        """Connect to ``url`` (``postgresql://user@host/dbname``) and migrate its current schema.

        ``unaccent=False`` folds search text in Python even where the extension is available.
        """
        self.url = redact(url)
        if psycopg is None:
            raise StoreError(f"{self.url}: the PostgreSQL driver is not installed: {install_hint('postgres')}")
        self._depth = 0
        try:
            self.db = psycopg.connect(url, autocommit=True)
        except psycopg.Error as exc:
            raise StoreError(
                f"{self.url}: cannot connect to PostgreSQL ({str(exc).strip()}); check that the server runs and "
                "the database exists, or pass another store with --db or STORYLINE_DB"
            ) from exc
        try:
            row = self.db.execute("SELECT current_schema()").fetchone()
            if row is None or row[0] is None:
                raise StoreError(f"{self.url}: no schema to create tables in; fix the search_path or create the schema")
            self._lock = f"storyline:{row[0]}"
            self._migrate(unaccent)
        except psycopg.Error as exc:
            self.db.close()
            raise StoreError(
                f"{self.url}: cannot open as a storyline PostgreSQL store ({str(exc).strip()}); "
                "pass another database with --db or STORYLINE_DB"
            ) from exc
        except BaseException:
            self.db.close()
            raise

    # ---- plumbing ------------------------------------------------------------------------

    def _migrate(self, unaccent: bool) -> None:
        with self.transaction():
            self.db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT)")
            done = {r[0] for r in self.db.execute("SELECT version FROM schema_version")}
            for version, name, sql in migrations():
                if version in done:
                    continue
                self.db.execute(sql)  # several statements: allowed without parameters
                self.db.execute("INSERT INTO schema_version VALUES (%s, %s)", (version, name))
            self._fold_sql = self._unaccent_sql() if unaccent else "%s"
            mode = "python" if self._fold_sql == "%s" else "unaccent"
            if self.get_meta(_FOLD_KEY) != mode:
                self._reindex_search()
                self.set_meta(_FOLD_KEY, mode)

    def _unaccent_sql(self) -> str:
        """SQL folding through ``unaccent`` when it exists or can be created here, else ``%s``."""
        # in public where allowed: created in a store's own schema, it would vanish with that schema
        # (DROP SCHEMA … CASCADE) under every other store on the database that found it there
        for sql in ("CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public", "CREATE EXTENSION IF NOT EXISTS unaccent"):
            try:
                with self.db.transaction():
                    self.db.execute(sql)
                break
            except psycopg.Error:
                pass  # not installed on the server or no privilege: search text is folded in Python instead
        row = self.db.execute(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
            "WHERE e.extname = 'unaccent'"
        ).fetchone()
        if row is None:
            return "%s"
        schema = '"' + row[0].replace('"', '""') + '"'
        dictionary = f"{schema}.unaccent".replace("'", "''")
        return f"{schema}.unaccent('{dictionary}'::regdictionary, %s)"

    def _text(self, text: str) -> str:
        return text if self._fold_sql != "%s" else search_fold(text)

    def _vector_sql(self) -> str:
        f = self._fold_sql
        return f"to_tsvector('simple', {f}) || to_tsvector('simple', {f})"

    def _vector_args(self, title: str | None, body: str) -> list[str]:
        return [self._text(title or ""), self._text(body)]

    def _reindex_search(self) -> None:
        rows = self.db.execute("SELECT seq, title, body FROM articles ORDER BY seq").fetchall()
        with self.db.cursor() as cur:
            cur.executemany(
                f"UPDATE articles SET search = {self._vector_sql()} WHERE seq = %s",
                [[*self._vector_args(t, b), s] for s, t, b in rows],
            )

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """All-or-nothing; nested calls join the outer transaction through savepoints."""
        with self.db.transaction():
            if self._depth == 0:
                self._take_write_lock()
            self._depth += 1
            try:
                yield self.db
            finally:
                self._depth -= 1

    def _take_write_lock(self) -> None:
        """The schema's writer lock; waits at most LOCK_TIMEOUT_S, then StoreError says who to wait for."""
        self.db.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT_S}s'")
        try:
            with self.db.transaction():  # a savepoint, so the timeout's error leaves a usable connection
                self.db.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", (self._lock,))
        except psycopg.errors.LockNotAvailable as exc:
            raise StoreError(
                f"{self.url}: another process held the store's write lock for more than {LOCK_TIMEOUT_S} s; "
                "try again when it has finished"
            ) from exc
        self.db.execute("SET LOCAL lock_timeout = 0")  # the lock is ours; later statements wait as usual

    # ---- dialect hooks (the rest of the SQL is shared: sqlbase.py) -----------------------

    _ORDER = "seq"
    _C = ' COLLATE "C"'
    _OUTLET = "lower(a.outlet) = lower(?)"
    _BATCH = sys.maxsize  # a list is bound as one array

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s")  # the shared SQL holds no literal "?" (nor "%")

    def _prefix(self, column: str) -> str:
        return f"starts_with(lower({column}), lower(?))"

    def _search(self, text: str) -> tuple[str, Any]:
        return f"a.search @@ plainto_tsquery('simple', {self._fold_sql})", self._text(text)

    def _in(self, column: str, values: Sequence[Any], kind: str) -> tuple[str, list[Any]]:
        return f"{column} = ANY(?::{kind}[])", [list(values)]

    def _replace(self, table: str, columns: Sequence[str], key: str, renew: Sequence[str] = ()) -> str:
        sets = [f"{c} = excluded.{c}" for c in columns if c != key] + [f"{c} = DEFAULT" for c in renew]
        return (
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}) "
            f"ON CONFLICT ({key}) DO UPDATE SET {', '.join(sets)}"
        )

    def _ignore(self, table: str, columns: Sequence[str], key: str | None = None) -> str:
        return (
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}) "
            f"ON CONFLICT {f'({key}) ' if key else ''}DO NOTHING"
        )

    def _many(self, sql: str, rows: list[Sequence[Any]]) -> None:
        if rows:
            with self.db.cursor() as cur:
                cur.executemany(self._sql(sql), rows)

    def _add_keys(self, table: str, column: str, value: str, keys: Sequence[int]) -> None:
        if keys:
            self._run(
                f"INSERT INTO {table} (key, {column}) SELECT k, ? FROM unnest(?::bigint[]) AS k ON CONFLICT DO NOTHING",
                (value, list(keys)),
            )

    # ---- articles ------------------------------------------------------------------------

    def add_article(self, article: Article) -> tuple[Article, bool]:
        """Insert ``article`` unless the same content or URL is stored: (stored, created)."""
        values = _values(article)
        with self.transaction():
            found = self.find_article(article.content_hash, article.url)
            if found is not None:
                return found, False
            self._write(
                article,
                f"INSERT INTO articles ({', '.join(_COLUMNS)}, search) "
                f"VALUES ({', '.join(['%s'] * len(_COLUMNS))}, {self._vector_sql()})",
                [values[c] for c in _COLUMNS] + self._vector_args(article.title, article.body),
            )
        return article, True

    def update_article(self, article: Article) -> None:
        values = _values(article)
        sets = ", ".join(f"{c} = %s" for c in _COLUMNS if c != "id")
        with self.transaction():
            count = self._write(
                article,
                f"UPDATE articles SET {sets}, search = {self._vector_sql()} WHERE id = %s",
                [values[c] for c in _COLUMNS if c != "id"]
                + self._vector_args(article.title, article.body)
                + [article.id],
            )
        if count == 0:
            raise NotFoundError(f"article {article.id!r} is not in {self.url}")

    def _write(self, article: Article, sql: str, args: list[Any]) -> int:
        try:
            with self.transaction():
                return self.db.execute(sql, args).rowcount
        except psycopg.DataError as exc:
            raise StoreError(
                f"article {article.id!r} ({article.source or article.url or 'no source'}): PostgreSQL cannot store it "
                f"({str(exc).strip()}); remove NUL characters from the text or use a SQLite store"
            ) from exc

    # ---- stories -------------------------------------------------------------------------

    def stories(self, limit: int = 100, offset: int = 0) -> list[StoryRow]:
        """As the shared one, in one query: members gathered by ``array_agg``."""
        rows = self._rows(
            "SELECT s.id, s.title, array_agg(sa.article ORDER BY a.seq) FROM stories s "
            "JOIN story_articles sa ON sa.story = s.id JOIN articles a ON a.id = sa.article "
            "GROUP BY s.id, s.title ORDER BY count(*) DESC, min(sa.seq) LIMIT ? OFFSET ?",
            (limit, offset),
        )
        return [StoryRow(r[0], r[1], tuple(r[2])) for r in rows]

    # ---- story clustering index -----------------------------------------------------------

    def add_cluster_df(self, terms: Sequence[int]) -> None:
        if not terms:
            return
        with self.transaction():
            self.db.execute(
                "INSERT INTO cluster_df (term, df) SELECT t, count(*) FROM unnest(%s::bigint[]) AS t GROUP BY t "
                "ON CONFLICT (term) DO UPDATE SET df = cluster_df.df + excluded.df",
                (list(terms),),
            )

    def add_site_lines(self, article_id: str, keys: Sequence[int]) -> None:
        if keys:  # one statement (one round trip) for all of an article's lines
            with self.transaction():
                self._run(
                    "INSERT INTO site_lines (key, first) SELECT k, ? FROM unnest(?::bigint[]) AS k "
                    "ON CONFLICT (key) DO UPDATE SET second = excluded.first "
                    "WHERE site_lines.second IS NULL AND site_lines.first <> excluded.first",
                    (article_id, sorted(set(keys))),
                )

    def replace_cluster_df(self, df: dict[int, int]) -> None:
        items = sorted(df.items())
        with self.transaction():
            self.db.execute("DELETE FROM cluster_df")
            self.db.execute(
                "INSERT INTO cluster_df (term, df) SELECT * FROM unnest(%s::bigint[], %s::bigint[])",
                ([t for t, _ in items], [d for _, d in items]),
            )


def _values(a: Article) -> dict[str, Any]:
    d = _row(a)
    d["reference_estimated"] = bool(a.reference_estimated)
    return d
