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

import json
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from typing import Any

from ..errors import NotFoundError, StoreError, install_hint
from ..records import Article, Facts
from ..text import search_fold
from .base import ArticleQuery, Member, StoryRow
from .rows import COLUMNS as _COLUMNS
from .rows import JSON_LISTS as _JSON_LIST
from .rows import article_row as _row

try:
    import psycopg
except ImportError:  # pragma: no cover - exercised only without the extra
    psycopg = None  # type: ignore[assignment]

_SELECT = ", ".join(f"a.{c}" for c in _COLUMNS)
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


class PostgresStore:
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

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _rows(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self.db.execute(sql, args).fetchall()

    def _one(self, sql: str, args: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        return self.db.execute(sql, args).fetchone()

    # ---- articles ------------------------------------------------------------------------

    def find_article(self, content_hash: str, url: str | None = None) -> Article | None:
        """The stored article with this content hash, else with this URL, else None."""
        row = self._one(f"SELECT {_SELECT} FROM articles a WHERE content_hash = %s", (content_hash,))
        if row is None and url:
            row = self._one(f"SELECT {_SELECT} FROM articles a WHERE url = %s ORDER BY seq LIMIT 1", (url,))
        return _article(row) if row is not None else None

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

    def article(self, article_id: str) -> Article:
        row = self._one(f"SELECT {_SELECT} FROM articles a WHERE id = %s", (article_id,))
        if row is None:
            rows = self._rows(
                f"SELECT {_SELECT} FROM articles a WHERE starts_with(lower(id), lower(%s)) ORDER BY seq LIMIT 2",
                (article_id,),
            )
            if len(rows) != 1:
                why = "matches several articles" if rows else "is not in the store"
                raise NotFoundError(f"article {article_id!r} {why} ({self.url}); list them with `storyline articles`")
            row = rows[0]
        return _article(row)

    def article_ids(self) -> list[str]:
        return [r[0] for r in self._rows("SELECT id FROM articles ORDER BY seq")]

    def _where(self, q: ArticleQuery) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        args: list[Any] = []
        if q.outlet:
            clauses.append("lower(a.outlet) = lower(%s)")
            args.append(q.outlet)
        if q.since:
            clauses.append('a.published >= %s COLLATE "C"')
            args.append(q.since)
        if q.until:
            clauses.append('a.published <= %s COLLATE "C"')
            args.append(q.until)
        if q.text:
            clauses.append(f"a.search @@ plainto_tsquery('simple', {self._fold_sql})")
            args.append(self._text(q.text))
        if q.story:
            clauses.append("a.id IN (SELECT article FROM story_articles WHERE story = %s)")
            args.append(q.story)
        if q.entity:
            clauses.append("a.id IN (SELECT article FROM entity_index WHERE key = %s)")
            args.append(q.entity)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", args

    def articles(self, query: ArticleQuery | None = None) -> list[Article]:
        q = query or ArticleQuery()
        where, args = self._where(q)
        rows = self._rows(
            f"SELECT {_SELECT} FROM articles a{where} ORDER BY a.seq LIMIT %s OFFSET %s", [*args, q.limit, q.offset]
        )
        return [_article(r) for r in rows]

    def count_articles(self, query: ArticleQuery | None = None) -> int:
        where, args = self._where(query or ArticleQuery())
        row = self._one(f"SELECT count(*) FROM articles a{where}", args)
        return int(row[0]) if row else 0

    def add_notice(self, article_id: str, kind: str, text: str) -> None:
        with self.transaction():
            self.db.execute("INSERT INTO notices (article, kind, text) VALUES (%s, %s, %s)", (article_id, kind, text))

    def notices(self, article_id: str) -> list[tuple[str, str]]:
        return [
            (r[0], r[1])
            for r in self._rows("SELECT kind, text FROM notices WHERE article = %s ORDER BY seq", (article_id,))
        ]

    # ---- facts ---------------------------------------------------------------------------

    def put_facts(self, facts: Facts, version: str) -> None:
        counts: dict[str, list[Any]] = {}
        for m in facts.mentions:
            entry = counts.setdefault(m.key, [m.name, m.type, 0])
            entry[2] += 1
        with self.transaction():
            self.db.execute(
                "INSERT INTO facts (article, version, data) VALUES (%s, %s, %s) ON CONFLICT (article) DO UPDATE "
                "SET version = excluded.version, data = excluded.data, extracted_at = DEFAULT",
                (facts.article, version, json.dumps(facts.to_dict(), ensure_ascii=False)),
            )
            self.db.execute("DELETE FROM entity_index WHERE article = %s", (facts.article,))
            if counts:
                with self.db.cursor() as cur:
                    cur.executemany(
                        "INSERT INTO entity_index (key, article, name, type, count) VALUES (%s, %s, %s, %s, %s)",
                        [(k, facts.article, n, t, c) for k, (n, t, c) in counts.items()],
                    )

    def facts(self, article_id: str) -> Facts | None:
        row = self._one("SELECT data FROM facts WHERE article = %s", (article_id,))
        return Facts.from_dict(json.loads(row[0])) if row else None

    def facts_version(self, article_id: str) -> str | None:
        row = self._one("SELECT version FROM facts WHERE article = %s", (article_id,))
        return row[0] if row else None

    def entity_articles(self, key: str) -> list[str]:
        return [r[0] for r in self._rows("SELECT article FROM entity_index WHERE key = %s", (key,))]

    def entity_keys(self, article_id: str) -> list[tuple[str, str, str, int]]:
        rows = self._rows("SELECT key, name, type, count FROM entity_index WHERE article = %s", (article_id,))
        return [(r[0], r[1], r[2], r[3]) for r in rows]

    # ---- stories -------------------------------------------------------------------------

    def ensure_story(self, story_id: str, title: str, version: str) -> None:
        with self.transaction():
            self.db.execute(
                "INSERT INTO stories (id, title, version) VALUES (%s, %s, %s) ON CONFLICT (id) DO NOTHING",
                (story_id, title, version),
            )

    def set_story_title(self, story_id: str, title: str) -> None:
        with self.transaction():
            self.db.execute("UPDATE stories SET title = %s WHERE id = %s", (title, story_id))

    def set_story(self, article_id: str, story_id: str, score: float | None, why: dict[str, Any]) -> None:
        with self.transaction():
            self.db.execute(
                "INSERT INTO story_articles (article, story, score, why) VALUES (%s, %s, %s, %s) "
                "ON CONFLICT (article) DO UPDATE "
                "SET story = excluded.story, score = excluded.score, why = excluded.why, seq = DEFAULT",
                (article_id, story_id, score, json.dumps(why, ensure_ascii=False)),
            )
            self.db.execute("DELETE FROM unclustered WHERE article = %s", (article_id,))

    def story_of(self, article_id: str) -> str | None:
        row = self._one("SELECT story FROM story_articles WHERE article = %s", (article_id,))
        return row[0] if row else None

    def story_articles(self, story_id: str) -> list[str]:
        rows = self._rows(
            "SELECT s.article FROM story_articles s JOIN articles a ON a.id = s.article "
            "WHERE s.story = %s ORDER BY a.seq",
            (story_id,),
        )
        return [r[0] for r in rows]

    def story_why(self, article_id: str) -> tuple[float | None, dict[str, Any]]:
        row = self._one("SELECT score, why FROM story_articles WHERE article = %s", (article_id,))
        if row is None:
            raise NotFoundError(f"article {article_id!r} is in no story")
        return row[0], json.loads(row[1])

    def stories(self, limit: int = 100, offset: int = 0) -> list[StoryRow]:
        rows = self._rows(
            "SELECT s.id, s.title, array_agg(sa.article ORDER BY a.seq) FROM stories s "
            "JOIN story_articles sa ON sa.story = s.id JOIN articles a ON a.id = sa.article "
            "GROUP BY s.id, s.title ORDER BY count(*) DESC, min(sa.seq) LIMIT %s OFFSET %s",
            (limit, offset),
        )
        return [StoryRow(r[0], r[1], tuple(r[2])) for r in rows]

    def story_members(self) -> list[Member]:
        rows = self._rows(
            "SELECT sa.story, a.id, a.outlet, a.published, a.duplicate_of FROM story_articles sa "
            "JOIN articles a ON a.id = sa.article ORDER BY a.seq"
        )
        return [Member(*r) for r in rows]

    def story(self, story_id: str) -> StoryRow:
        row = self._one("SELECT id, title FROM stories WHERE id = %s", (story_id,))
        if row is None:
            rows = self._rows(
                'SELECT id, title FROM stories WHERE starts_with(lower(id), lower(%s)) ORDER BY id COLLATE "C" LIMIT 2',
                (story_id,),
            )
            if len(rows) != 1:
                why = "matches several stories" if rows else "is not in the store"
                raise NotFoundError(f"story {story_id!r} {why}; list them with `storyline stories`")
            row = rows[0]
        return StoryRow(row[0], row[1], tuple(self.story_articles(row[0])))

    def clear_stories(self) -> None:
        with self.transaction():
            for table in ("story_articles", "stories", "unclustered"):
                self.db.execute(f"DELETE FROM {table}")

    def drop_empty_stories(self) -> None:
        with self.transaction():
            self.db.execute("DELETE FROM stories WHERE id NOT IN (SELECT story FROM story_articles)")

    def set_unclustered(self, article_id: str, reason: str | None) -> None:
        with self.transaction():
            if reason is None:
                self.db.execute("DELETE FROM unclustered WHERE article = %s", (article_id,))
            else:
                self.db.execute("DELETE FROM story_articles WHERE article = %s", (article_id,))
                self.db.execute(
                    "INSERT INTO unclustered (article, reason) VALUES (%s, %s) "
                    "ON CONFLICT (article) DO UPDATE SET reason = excluded.reason, seq = DEFAULT",
                    (article_id, reason),
                )

    def unclustered(self) -> list[tuple[str, str]]:
        return [(r[0], r[1]) for r in self._rows("SELECT article, reason FROM unclustered ORDER BY seq")]

    def add_decision(self, kind: str, data: dict[str, Any]) -> None:
        with self.transaction():
            self.db.execute("INSERT INTO decisions (kind, data) VALUES (%s, %s)", (kind, json.dumps(data)))

    def decisions(self) -> list[tuple[str, dict[str, Any]]]:
        return [(r[0], json.loads(r[1])) for r in self._rows("SELECT kind, data FROM decisions ORDER BY seq")]

    # ---- story clustering index -----------------------------------------------------------

    def cluster_df(self, terms: Sequence[int]) -> dict[int, int]:
        if not terms:
            return {}
        rows = self._rows("SELECT term, df FROM cluster_df WHERE term = ANY(%s::bigint[])", (list(terms),))
        return {r[0]: r[1] for r in rows}

    def add_cluster_df(self, terms: Sequence[int]) -> None:
        if not terms:
            return
        with self.transaction():
            self.db.execute(
                "INSERT INTO cluster_df (term, df) SELECT t, count(*) FROM unnest(%s::bigint[]) AS t GROUP BY t "
                "ON CONFLICT (term) DO UPDATE SET df = cluster_df.df + excluded.df",
                (list(terms),),
            )

    def replace_cluster_df(self, df: dict[int, int]) -> None:
        items = sorted(df.items())
        with self.transaction():
            self.db.execute("DELETE FROM cluster_df")
            self.db.execute(
                "INSERT INTO cluster_df (term, df) SELECT * FROM unnest(%s::bigint[], %s::bigint[])",
                ([t for t, _ in items], [d for _, d in items]),
            )

    def story_states(self, ids: Sequence[str]) -> dict[str, tuple[int, bytes, bytes, str | None, str | None]]:
        if not ids:
            return {}
        rows = self._rows(
            "SELECT story, n, terms, weights, first, last FROM story_state WHERE story = ANY(%s::text[])", (list(ids),)
        )
        return {r[0]: (r[1], bytes(r[2]), bytes(r[3]), r[4], r[5]) for r in rows}

    def put_story_state(
        self, story: str, n: int, terms: bytes, weights: bytes, first: str | None, last: str | None
    ) -> None:
        with self.transaction():
            self.db.execute(
                "INSERT INTO story_state (story, n, terms, weights, first, last) VALUES (%s, %s, %s, %s, %s, %s) "
                "ON CONFLICT (story) DO UPDATE SET n = excluded.n, terms = excluded.terms, "
                "weights = excluded.weights, first = excluded.first, last = excluded.last",
                (story, n, terms, weights, first, last),
            )

    def add_story_keys(self, story: str, keys: Sequence[int]) -> None:
        if not keys:
            return
        with self.transaction():
            self.db.execute(
                "INSERT INTO story_keys (key, story) SELECT k, %s FROM unnest(%s::bigint[]) AS k "
                "ON CONFLICT DO NOTHING",
                (story, list(keys)),
            )

    def drop_story_index(self, story: str) -> None:
        with self.transaction():
            self.db.execute("DELETE FROM story_keys WHERE story = %s", (story,))
            self.db.execute("DELETE FROM story_state WHERE story = %s", (story,))

    def story_candidates(self, keys: Sequence[int], limit: int) -> list[tuple[str, int]]:
        """Stories sharing the most blocking keys with ``keys``: (story, shared count)."""
        if not keys:
            return []
        rows = self._rows(
            "SELECT story, count(*) AS c FROM story_keys WHERE key = ANY(%s::bigint[]) "
            'GROUP BY story ORDER BY c DESC, story COLLATE "C" LIMIT %s',
            (list(keys), limit),
        )
        return [(r[0], r[1]) for r in rows]

    def put_minhash(self, article_id: str, sig: bytes, keys: Sequence[int]) -> None:
        with self.transaction():
            self.db.execute(
                "INSERT INTO minhash (article, sig) VALUES (%s, %s) "
                "ON CONFLICT (article) DO UPDATE SET sig = excluded.sig",
                (article_id, sig),
            )
            self.db.execute(
                "INSERT INTO minhash_bands (key, article) SELECT k, %s FROM unnest(%s::bigint[]) AS k "
                "ON CONFLICT DO NOTHING",
                (article_id, list(keys)),
            )

    def minhash_candidates(self, keys: Sequence[int]) -> list[tuple[str, bytes]]:
        if not keys:
            return []
        rows = self._rows(
            "SELECT m.article, m.sig FROM minhash m WHERE m.article IN "
            '(SELECT article FROM minhash_bands WHERE key = ANY(%s::bigint[])) ORDER BY m.article COLLATE "C"',
            (list(keys),),
        )
        return [(r[0], bytes(r[1])) for r in rows]

    def clear_cluster_index(self) -> None:
        with self.transaction():
            for table in ("cluster_df", "story_state", "story_keys", "minhash", "minhash_bands"):
                self.db.execute(f"DELETE FROM {table}")

    # ---- meta ----------------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        row = self._one("SELECT value FROM meta WHERE key = %s", (key,))
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction():
            self.db.execute(
                "INSERT INTO meta VALUES (%s, %s) ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value)
            )


def _values(a: Article) -> dict[str, Any]:
    d = _row(a)
    d["reference_estimated"] = bool(a.reference_estimated)
    return d


def _article(row: tuple[Any, ...]) -> Article:
    d = dict(zip(_COLUMNS, row, strict=True))
    for key in _JSON_LIST:
        d[key] = tuple(json.loads(d[key]))
    d["reference_estimated"] = bool(d["reference_estimated"])
    return Article(**d)
