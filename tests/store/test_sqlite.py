"""Both stores (SQLite, and PostgreSQL where marked): migrations, idempotent articles, all-or-nothing
transactions, full-text search. The ``store`` fixture (conftest.py) runs each test on both backends."""

from __future__ import annotations

import hashlib

import pytest

from storyline.errors import NotFoundError, StoreError
from storyline.records import Article, Facts, Mention
from storyline.store import ArticleQuery, open_store
from storyline.store.sqlite import SQLiteStore, migrations


def make(body: str, **meta: object) -> Article:
    digest = hashlib.sha256(" ".join(body.split()).encode()).hexdigest()
    return Article(id=digest[:12], body=body, content_hash=digest, **meta)  # type: ignore[arg-type]


def test_store_runs_in_wal_mode_with_every_migration(tmp_path):
    s = SQLiteStore(tmp_path / "s.db")
    assert s.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    versions = [r[0] for r in s.db.execute("SELECT version FROM schema_version ORDER BY version")]
    assert versions == [v for v, _, _ in migrations()]
    s.close()
    SQLiteStore(tmp_path / "s.db").close()  # reopening applies nothing twice


def test_same_content_is_one_article(store):
    first, created = store.add_article(make("Fictional text about a harbour.", outlet="A"))
    again, created_again = store.add_article(make("Fictional   text about a harbour.", outlet="B"))
    assert created and not created_again
    assert again.id == first.id and again.outlet == "A"
    assert store.count_articles() == 1


def test_same_url_is_one_article(store):
    store.add_article(make("Fictional version one.", url="https://example.org/a"))
    _, created = store.add_article(make("Fictional version two, edited.", url="https://example.org/a"))
    assert not created


def test_failed_transaction_leaves_nothing_behind(store):
    with pytest.raises(RuntimeError), store.transaction():
        store.add_article(make("Fictional half-written article."))
        raise RuntimeError("crash mid-article")
    assert store.count_articles() == 0


def test_nested_transaction_rolls_back_only_inner_part(store):
    with store.transaction():
        store.add_article(make("Fictional outer article."))
        with pytest.raises(RuntimeError), store.transaction():
            store.add_article(make("Fictional inner article."))
            raise RuntimeError
    assert [a.body for a in store.articles()] == ["Fictional outer article."]


def test_full_text_search_folds_diacritics_and_survives_odd_input(store):
    store.add_article(make("The fictional mayor Inés Caña opened the bridge.", title="Bridge opens"))
    store.add_article(make("A fictional report on grain prices."))
    assert [a.title for a in store.articles(ArticleQuery(text="ines cana"))] == ["Bridge opens"]
    assert store.articles(ArticleQuery(text='bridge" OR (')) == []


def test_article_lookup_by_prefix_and_clear_error(store):
    a, _ = store.add_article(make("Fictional prefix article."))
    assert store.article(a.id[:6]).id == a.id
    with pytest.raises(NotFoundError, match="storyline articles"):
        store.article("zzzz")


def test_facts_round_trip_and_feed_the_entity_index(store):
    a, _ = store.add_article(make("Fictional Mayor Ana Ruiz spoke."))
    m = Mention(article=a.id, start=16, end=24, text="Ana Ruiz", type="PERSON", key="ana ruiz", name="Ana Ruiz")
    store.put_facts(Facts(article=a.id, mentions=(m,)), "v1")
    assert store.facts(a.id) == Facts(article=a.id, mentions=(m,))
    assert store.facts_version(a.id) == "v1"
    assert store.entity_articles("ana ruiz") == [a.id]
    assert [x.id for x in store.articles(ArticleQuery(entity="ana ruiz"))] == [a.id]


def test_not_a_database_is_a_store_error(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="--db"):
        open_store(str(bad))
