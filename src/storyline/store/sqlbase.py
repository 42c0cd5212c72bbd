"""The SQL the SQLite and PostgreSQL stores share, written once with ``?`` placeholders.

A store subclasses ``SQLStore`` and overrides the dialect hooks: how a placeholder is spelled
(``_sql``), which column keeps insertion order (``_ORDER``: SQLite's ``rowid``, PostgreSQL's
``seq``), the collation that gives text byte order (``_C``), case-insensitive outlet and id-prefix
matches, full-text search, "is one of a list", insert-or-replace and insert-unless-there.
Opening, migrating, transactions and writing articles stay in each store's own module.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from typing import Any, Self

from ..errors import NotFoundError
from ..records import Article, Facts
from .base import ArticleQuery, Member, StoryRow, iter_batches
from .rows import COLUMNS, row_article

_SELECT = "SELECT " + ", ".join(f"a.{c}" for c in COLUMNS) + " FROM articles a"  # in row_article's order


class SQLStore:
    db: Any
    url: str

    # ---- dialect hooks (SQLite's spelling by default) -----------------------------------

    _ORDER = "rowid"  # insertion order of notices, unclustered and story members
    _C = ""  # collation giving byte order to text comparisons and ties
    _OUTLET = "a.outlet = ? COLLATE NOCASE"
    _BATCH = 900  # most values bound in one ``IN`` list

    def _sql(self, sql: str) -> str:
        """``sql`` with this driver's placeholders."""
        return sql

    def _prefix(self, column: str) -> str:
        """Case-insensitive "``column`` starts with ?"."""
        return f"{column} LIKE ? || '%'"

    def _search(self, text: str) -> tuple[str, Any]:
        """The clause (over articles ``a``) and argument of a full-text query."""
        raise NotImplementedError

    def _in(self, column: str, values: Sequence[Any], kind: str) -> tuple[str, list[Any]]:
        """The condition "``column`` is one of ``values``" and its arguments (``kind``: SQL type of a value)."""
        return f"{column} IN ({','.join('?' * len(values))})", list(values)

    def _replace(self, table: str, columns: Sequence[str], key: str, renew: Sequence[str] = ()) -> str:
        """Insert a row or replace the one with the same ``key`` (its ``renew`` columns back to default).

        SQLite's REPLACE deletes and inserts, so the rowid is renewed without naming it.
        """
        return f"INSERT OR REPLACE INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"

    def _ignore(self, table: str, columns: Sequence[str], key: str | None = None) -> str:
        """Insert a row unless one with the same ``key`` (any unique key where None) is there."""
        return f"INSERT OR IGNORE INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"

    def _many(self, sql: str, rows: list[Sequence[Any]]) -> None:
        self.db.executemany(self._sql(sql), rows)

    def _add_keys(self, table: str, column: str, value: str, keys: Sequence[int]) -> None:
        """A row (key, ``column`` = ``value``) for each of ``keys`` not yet there."""
        self._many(self._ignore(table, ("key", column)), [(k, value) for k in keys])

    def _blob(self, value: Any) -> bytes:
        # psycopg hands BYTEA back as memoryview, sqlite3 as bytes
        return bytes(value) if not isinstance(value, bytes) else value

    def transaction(self) -> AbstractContextManager[Any]:
        raise NotImplementedError

    # ---- plumbing ------------------------------------------------------------------------

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _run(self, sql: str, args: Sequence[Any] = ()) -> Any:
        return self.db.execute(self._sql(sql), args)

    def _rows(self, sql: str, args: Sequence[Any] = ()) -> list[Any]:
        rows: list[Any] = self._run(sql, args).fetchall()
        return rows

    def _one(self, sql: str, args: Sequence[Any] = ()) -> Any:
        return self._run(sql, args).fetchone()

    # ---- articles ------------------------------------------------------------------------

    def find_article(self, content_hash: str, url: str | None = None) -> Article | None:
        """The stored article with this content hash, else with this URL, else None."""
        row = self._one(f"{_SELECT} WHERE content_hash = ?", (content_hash,))
        if row is None and url:
            row = self._one(f"{_SELECT} WHERE url = ? ORDER BY seq LIMIT 1", (url,))
        return row_article(row) if row is not None else None

    def article(self, article_id: str) -> Article:
        row = self._one(f"{_SELECT} WHERE id = ?", (article_id,))
        if row is None:
            rows = self._rows(f"{_SELECT} WHERE {self._prefix('id')} LIMIT 2", (article_id,))
            if len(rows) != 1:
                why = "matches several articles" if rows else "is not in the store"
                raise NotFoundError(f"article {article_id!r} {why} ({self.url}); list them with `storyline articles`")
            row = rows[0]
        return row_article(row)

    def article_ids(self) -> list[str]:
        return [r[0] for r in self._rows("SELECT id FROM articles ORDER BY seq")]

    def _where(self, q: ArticleQuery) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        args: list[Any] = []
        if q.outlet:
            clauses.append(self._OUTLET)
            args.append(q.outlet)
        if q.since:
            clauses.append(f"a.published >= ?{self._C}")
            args.append(q.since)
        if q.until:
            clauses.append(f"a.published <= ?{self._C}")
            args.append(q.until)
        if q.text:
            clause, arg = self._search(q.text)
            clauses.append(clause)
            args.append(arg)
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
        rows = self._rows(
            f"{_SELECT}{where} ORDER BY a.seq LIMIT ? OFFSET ?",
            [*args, q.limit, q.offset],
        )
        return [row_article(r) for r in rows]

    def count_articles(self, query: ArticleQuery | None = None) -> int:
        where, args = self._where(query or ArticleQuery())
        row = self._one(f"SELECT count(*) FROM articles a{where}", args)
        return int(row[0]) if row else 0

    def add_notice(self, article_id: str, kind: str, text: str) -> None:
        with self.transaction():
            self._run("INSERT INTO notices (article, kind, text) VALUES (?, ?, ?)", (article_id, kind, text))

    def notices(self, article_id: str) -> list[tuple[str, str]]:
        rows = self._rows(f"SELECT kind, text FROM notices WHERE article = ? ORDER BY {self._ORDER}", (article_id,))
        return [(r[0], r[1]) for r in rows]

    # ---- facts ---------------------------------------------------------------------------

    def put_facts(self, facts: Facts, version: str) -> None:
        counts: dict[str, list[Any]] = {}
        for m in facts.mentions:
            entry = counts.setdefault(m.key, [m.name, m.type, 0])
            entry[2] += 1
        with self.transaction():
            self._run(
                self._replace("facts", ("article", "version", "data"), "article", renew=("extracted_at",)),
                (facts.article, version, json.dumps(facts.to_dict(), ensure_ascii=False)),
            )
            self._run("DELETE FROM entity_index WHERE article = ?", (facts.article,))
            self._many(
                "INSERT INTO entity_index (key, article, name, type, count) VALUES (?, ?, ?, ?, ?)",
                [(k, facts.article, n, t, c) for k, (n, t, c) in counts.items()],
            )

    def facts(self, article_id: str) -> Facts | None:
        row = self._one("SELECT data FROM facts WHERE article = ?", (article_id,))
        return Facts.from_dict(json.loads(row[0])) if row else None

    def facts_version(self, article_id: str) -> str | None:
        row = self._one("SELECT version FROM facts WHERE article = ?", (article_id,))
        return row[0] if row else None

    def entity_articles(self, key: str) -> list[str]:
        return [r[0] for r in self._rows("SELECT article FROM entity_index WHERE key = ?", (key,))]

    def entity_keys(self, article_id: str) -> list[tuple[str, str, str, int]]:
        rows = self._rows("SELECT key, name, type, count FROM entity_index WHERE article = ?", (article_id,))
        return [(r[0], r[1], r[2], r[3]) for r in rows]

    # ---- stories -------------------------------------------------------------------------

    def ensure_story(self, story_id: str, title: str, version: str) -> None:
        with self.transaction():
            self._run(self._ignore("stories", ("id", "title", "version"), "id"), (story_id, title, version))

    def set_story_title(self, story_id: str, title: str) -> None:
        with self.transaction():
            self._run("UPDATE stories SET title = ? WHERE id = ?", (title, story_id))

    def set_story(self, article_id: str, story_id: str, score: float | None, why: dict[str, Any]) -> None:
        with self.transaction():
            self._run(
                self._replace("story_articles", ("article", "story", "score", "why"), "article", renew=("seq",)),
                (article_id, story_id, score, json.dumps(why, ensure_ascii=False)),
            )
            self._run("DELETE FROM unclustered WHERE article = ?", (article_id,))

    def story_of(self, article_id: str) -> str | None:
        row = self._one("SELECT story FROM story_articles WHERE article = ?", (article_id,))
        return row[0] if row else None

    def story_articles(self, story_id: str) -> list[str]:
        rows = self._rows(
            "SELECT s.article FROM story_articles s JOIN articles a ON a.id = s.article "
            "WHERE s.story = ? ORDER BY a.seq",
            (story_id,),
        )
        return [r[0] for r in rows]

    def story_why(self, article_id: str) -> tuple[float | None, dict[str, Any]]:
        row = self._one("SELECT score, why FROM story_articles WHERE article = ?", (article_id,))
        if row is None:
            raise NotFoundError(f"article {article_id!r} is in no story")
        return row[0], json.loads(row[1])

    def set_story_why(self, article_id: str, why: dict[str, Any]) -> None:
        """A placed article's "why" replaced, its story and place in it as they were."""
        with self.transaction():
            text = json.dumps(why, ensure_ascii=False)
            self._run("UPDATE story_articles SET why = ? WHERE article = ?", (text, article_id))

    def stories(self, limit: int = 100, offset: int = 0) -> list[StoryRow]:
        """Biggest first, then the one whose earliest member was assigned first."""
        rows = self._rows(
            "SELECT s.id, s.title FROM stories s JOIN story_articles sa ON sa.story = s.id GROUP BY s.id, s.title "
            f"ORDER BY count(*) DESC, min(sa.{self._ORDER}) LIMIT ? OFFSET ?",
            (limit, offset),
        )
        return [StoryRow(r[0], r[1], tuple(self.story_articles(r[0]))) for r in rows]

    def story_members(self) -> list[Member]:
        rows = self._rows(
            "SELECT sa.story, a.id, a.outlet, a.published, a.duplicate_of FROM story_articles sa "
            "JOIN articles a ON a.id = sa.article ORDER BY a.seq"
        )
        return [Member(*r) for r in rows]

    def story(self, story_id: str) -> StoryRow:
        row = self._one("SELECT id, title FROM stories WHERE id = ?", (story_id,))
        if row is None:
            rows = self._rows(f"SELECT id, title FROM stories WHERE {self._prefix('id')} LIMIT 2", (story_id,))
            if len(rows) != 1:
                why = "matches several stories" if rows else "is not in the store"
                raise NotFoundError(f"story {story_id!r} {why}; list them with `storyline stories`")
            row = rows[0]
        return StoryRow(row[0], row[1], tuple(self.story_articles(row[0])))

    def clear_stories(self) -> None:
        with self.transaction():
            for table in ("story_articles", "stories", "unclustered"):
                self._run(f"DELETE FROM {table}")

    def drop_empty_stories(self, among: Iterable[str] | None = None) -> None:
        """Delete the stories left without articles; only those of ``among`` when given (the
        stories a change touched: the whole table is scanned otherwise, ~6 ms at 50k stored)."""
        with self.transaction():
            if among is None:
                self._run("DELETE FROM stories WHERE id NOT IN (SELECT story FROM story_articles)")
                return
            for chunk in iter_batches(sorted(set(among)), self._BATCH):
                ids, args = self._in("id", chunk, "text")
                held, more = self._in("story", chunk, "text")
                self._run(
                    f"DELETE FROM stories WHERE {ids} AND id NOT IN (SELECT story FROM story_articles WHERE {held})",
                    args + more,
                )

    def set_unclustered(self, article_id: str, reason: str | None) -> None:
        with self.transaction():
            if reason is None:
                self._run("DELETE FROM unclustered WHERE article = ?", (article_id,))
            else:
                self._run("DELETE FROM story_articles WHERE article = ?", (article_id,))
                self._run(
                    self._replace("unclustered", ("article", "reason"), "article", renew=("seq",)),
                    (article_id, reason),
                )

    def unclustered(self) -> list[tuple[str, str]]:
        return [(r[0], r[1]) for r in self._rows(f"SELECT article, reason FROM unclustered ORDER BY {self._ORDER}")]

    def add_decision(self, kind: str, data: dict[str, Any]) -> None:
        with self.transaction():
            self._run("INSERT INTO decisions (kind, data) VALUES (?, ?)", (kind, json.dumps(data)))

    def decisions(self) -> list[tuple[str, dict[str, Any]]]:
        return [(r[0], json.loads(r[1])) for r in self._rows("SELECT kind, data FROM decisions ORDER BY seq")]

    # ---- story clustering index -----------------------------------------------------------

    def cluster_df(self, terms: Sequence[int]) -> dict[int, int]:
        out: dict[int, int] = {}
        for chunk in iter_batches(list(terms), self._BATCH):
            where, args = self._in("term", chunk, "bigint")
            out.update((r[0], r[1]) for r in self._rows(f"SELECT term, df FROM cluster_df WHERE {where}", args))
        return out

    def story_states(self, ids: Sequence[str]) -> dict[str, tuple[int, bytes, bytes, str | None, str | None]]:
        out: dict[str, tuple[int, bytes, bytes, str | None, str | None]] = {}
        for chunk in iter_batches(list(ids), self._BATCH):
            where, args = self._in("story", chunk, "text")
            rows = self._rows(f"SELECT story, n, terms, weights, first, last FROM story_state WHERE {where}", args)
            out.update((r[0], (r[1], self._blob(r[2]), self._blob(r[3]), r[4], r[5])) for r in rows)
        return out

    def put_story_state(
        self, story: str, n: int, terms: bytes, weights: bytes, first: str | None, last: str | None
    ) -> None:
        with self.transaction():
            self._run(
                self._replace("story_state", ("story", "n", "terms", "weights", "first", "last"), "story"),
                (story, n, terms, weights, first, last),
            )

    def add_story_keys(self, story: str, keys: Sequence[int]) -> None:
        if not keys:
            return
        with self.transaction():
            self._add_keys("story_keys", "story", story, keys)

    def drop_story_index(self, story: str) -> None:
        with self.transaction():
            self._run("DELETE FROM story_keys WHERE story = ?", (story,))
            self._run("DELETE FROM story_state WHERE story = ?", (story,))

    def story_candidates(self, keys: Sequence[int], limit: int) -> list[tuple[str, int]]:
        """Stories sharing the most blocking keys with ``keys``: (story, shared count)."""
        if not keys:
            return []
        where, args = self._in("key", keys, "bigint")
        rows = self._rows(
            f"SELECT story, count(*) AS c FROM story_keys WHERE {where} "
            f"GROUP BY story ORDER BY c DESC, story{self._C} LIMIT ?",
            [*args, limit],
        )
        return [(r[0], r[1]) for r in rows]

    def put_minhash(self, article_id: str, sig: bytes, keys: Sequence[int]) -> None:
        with self.transaction():
            self._run(self._replace("minhash", ("article", "sig"), "article"), (article_id, sig))
            self._add_keys("minhash_bands", "article", article_id, keys)

    def minhash_candidates(self, keys: Sequence[int]) -> list[tuple[str, bytes]]:
        if not keys:
            return []
        where, args = self._in("key", keys, "bigint")
        rows = self._rows(
            "SELECT m.article, m.sig FROM minhash m WHERE m.article IN "
            f"(SELECT article FROM minhash_bands WHERE {where}) ORDER BY m.article{self._C}",
            args,
        )
        return [(r[0], self._blob(r[1])) for r in rows]

    def clear_cluster_index(self) -> None:
        with self.transaction():
            for table in ("cluster_df", "story_state", "story_keys", "minhash", "minhash_bands"):
                self._run(f"DELETE FROM {table}")

    # ---- lines a site repeats (cluster/boilerplate.py) -------------------------------------

    _SITE_LINE = (
        "INSERT INTO site_lines (key, first) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET second = excluded.first "
        "WHERE site_lines.second IS NULL AND site_lines.first <> excluded.first"
    )

    def add_site_lines(self, article_id: str, keys: Sequence[int]) -> None:
        """Note that ``article_id`` holds the lines ``keys`` (each key once; adding again changes nothing)."""
        if keys:
            with self.transaction():
                self._many(self._SITE_LINE, [(k, article_id) for k in keys])

    def repeated_site_lines(self, keys: Sequence[int] | None = None) -> set[int]:
        """Those of ``keys`` (every key where None) that two or more articles hold."""
        if keys is None:
            return {r[0] for r in self._rows("SELECT key FROM site_lines WHERE second IS NOT NULL")}
        out: set[int] = set()
        for chunk in iter_batches(list(keys), self._BATCH):
            where, args = self._in("key", chunk, "bigint")
            rows = self._rows(f"SELECT key FROM site_lines WHERE {where} AND second IS NOT NULL", args)
            out.update(r[0] for r in rows)
        return out

    def first_site_line_holders(self, keys: Sequence[int], second: str) -> set[str]:
        """The articles that held first those of ``keys`` that ``second`` holds second."""
        out: set[str] = set()
        for chunk in iter_batches(list(keys), self._BATCH):
            where, args = self._in("key", chunk, "bigint")
            rows = self._rows(f"SELECT first FROM site_lines WHERE {where} AND second = ?", [*args, second])
            out.update(r[0] for r in rows)
        return out

    def clear_site_lines(self) -> None:
        with self.transaction():
            self._run("DELETE FROM site_lines")

    # ---- meta ----------------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        row = self._one("SELECT value FROM meta WHERE key = ?", (key,))
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction():
            self._run(self._replace("meta", ("key", "value"), "key"), (key, value))
