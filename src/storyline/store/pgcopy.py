"""Bulk loading into a PostgreSQL store with COPY (``storyline spark load``).

Rows go through COPY into temporary tables, then one INSERT … SELECT each into the store's tables,
so the search vector is computed by the same SQL as a single insert (``_vector_sql``) and a row
already stored (the same id) is left as it is.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from ..records import Article, Facts
from .postgres import PostgresStore
from .rows import COLUMNS, article_row

Member = tuple[str, str, float | None, dict[str, Any]]  # article, story, score, why


def copy_articles(store: PostgresStore, articles: Iterable[Article]) -> int:
    """Insert ``articles`` (those not stored yet); the number copied in."""
    cols = ", ".join(COLUMNS)
    temp = ", ".join(f"{c} TEXT" for c in COLUMNS)
    db = store.db
    with store.transaction():
        db.execute(f"CREATE TEMP TABLE load_articles ({temp}, title_f TEXT, body_f TEXT) ON COMMIT DROP")
        n = 0
        with db.cursor().copy(f"COPY load_articles ({cols}, title_f, body_f) FROM STDIN") as copy:
            for a in articles:
                row = article_row(a)
                row["reference_estimated"] = "true" if a.reference_estimated else "false"
                title_f, body_f = store._vector_args(a.title, a.body)
                copy.write_row([row[c] for c in COLUMNS] + [title_f, body_f])
                n += 1
        vector = store._vector_sql().replace("%s", "title_f", 1).replace("%s", "body_f", 1)
        typed = ", ".join("reference_estimated::boolean" if c == "reference_estimated" else c for c in COLUMNS)
        db.execute(
            f"INSERT INTO articles ({cols}, search) SELECT {typed}, {vector} FROM load_articles ON CONFLICT DO NOTHING"
        )
    return n


def copy_facts(store: PostgresStore, facts: Iterable[tuple[Facts, str]]) -> int:
    """Store each article's facts (and its entity index rows), replacing older ones."""
    db = store.db
    with store.transaction():
        db.execute("CREATE TEMP TABLE load_facts (article TEXT, version TEXT, data TEXT) ON COMMIT DROP")
        db.execute(
            "CREATE TEMP TABLE load_entities (key TEXT, article TEXT, name TEXT, type TEXT, count INTEGER) "
            "ON COMMIT DROP"
        )
        n = 0
        with db.cursor().copy("COPY load_facts FROM STDIN") as copy:
            entities: list[tuple[str, str, str, str, int]] = []
            for f, version in facts:
                copy.write_row([f.article, version, json.dumps(f.to_dict(), ensure_ascii=False)])
                counts: dict[str, list[Any]] = {}
                for m in f.mentions:
                    entry = counts.setdefault(m.key, [m.name, m.type, 0])
                    entry[2] += 1
                entities.extend((k, f.article, nm, t, c) for k, (nm, t, c) in counts.items())
                n += 1
        with db.cursor().copy("COPY load_entities FROM STDIN") as copy:
            for row in entities:
                copy.write_row(row)
        db.execute(
            "INSERT INTO facts (article, version, data) SELECT article, version, data FROM load_facts "
            "ON CONFLICT (article) DO UPDATE SET version = excluded.version, data = excluded.data, "
            "extracted_at = DEFAULT"
        )
        db.execute("DELETE FROM entity_index WHERE article IN (SELECT article FROM load_facts)")
        db.execute("INSERT INTO entity_index SELECT key, article, name, type, count FROM load_entities")
    return n


def copy_stories(
    store: PostgresStore,
    stories: Iterable[tuple[str, str, str]],
    members: Iterable[Member],
    unclustered: Iterable[tuple[str, str]],
) -> None:
    """Stories (id, title, version), their members, and the articles left out with the reason."""
    db = store.db
    with store.transaction():
        db.execute("CREATE TEMP TABLE load_stories (id TEXT, title TEXT, version TEXT) ON COMMIT DROP")
        db.execute("CREATE TEMP TABLE load_members (article TEXT, story TEXT, score TEXT, why TEXT) ON COMMIT DROP")
        db.execute("CREATE TEMP TABLE load_out (article TEXT, reason TEXT) ON COMMIT DROP")
        with db.cursor().copy("COPY load_stories FROM STDIN") as copy:
            for story_row in stories:
                copy.write_row(story_row)
        with db.cursor().copy("COPY load_members FROM STDIN") as copy:
            for article, story, score, why in members:
                copy.write_row(
                    [article, story, None if score is None else repr(score), json.dumps(why, ensure_ascii=False)]
                )
        with db.cursor().copy("COPY load_out FROM STDIN") as copy:
            for row in unclustered:
                copy.write_row(row)
        db.execute("INSERT INTO stories (id, title, version) SELECT * FROM load_stories ON CONFLICT (id) DO NOTHING")
        db.execute(
            "INSERT INTO story_articles (article, story, score, why) "
            "SELECT article, story, score::double precision, why FROM load_members ORDER BY story, article "
            "ON CONFLICT (article) DO UPDATE SET story = excluded.story, score = excluded.score, why = excluded.why"
        )
        db.execute(
            "INSERT INTO unclustered (article, reason) SELECT * FROM load_out "
            "ON CONFLICT (article) DO UPDATE SET reason = excluded.reason"
        )


def copy_index(
    store: PostgresStore,
    df: dict[int, int],
    meta: Iterable[tuple[str, str]],
    states: Iterable[tuple[str, int, bytes, bytes, str | None, str | None]],
    keys: Iterable[tuple[str, list[int]]],
    sigs: Iterable[tuple[str, bytes, list[int]]],
) -> None:
    """Replace the story clustering index (``storyline spark load``) in one transaction."""
    db = store.db
    with store.transaction():
        for table in ("cluster_df", "story_state", "story_keys", "minhash", "minhash_bands"):
            db.execute(f"DELETE FROM {table}")
        with db.cursor().copy("COPY cluster_df (term, df) FROM STDIN") as copy:
            for term, n in sorted(df.items()):
                copy.write_row((term, n))
        for name, value in meta:
            store.set_meta(name, value)
        with db.cursor().copy("COPY story_state (story, n, terms, weights, first, last) FROM STDIN") as copy:
            for row in states:
                copy.write_row(row)
        with db.cursor().copy("COPY story_keys (key, story) FROM STDIN") as copy:
            for story, story_keys in keys:
                for key in sorted(set(story_keys)):
                    copy.write_row((key, story))
        with db.cursor().copy("COPY minhash (article, sig) FROM STDIN") as copy:
            for article, sig, _ in sigs:
                copy.write_row((article, sig))
        with db.cursor().copy("COPY minhash_bands (key, article) FROM STDIN") as copy:
            for article, _, bands in sigs:
                for key in sorted(set(bands)):
                    copy.write_row((key, article))
