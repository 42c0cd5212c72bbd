"""The PostgreSQL store's own behaviour: its migrations, search folding without ``unaccent``, what
PostgreSQL cannot hold, clear errors, and the seeds end to end (read in place from ../shared/seeds)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from storyline import api
from storyline.errors import StoreError
from storyline.options import Options
from storyline.records import Article
from storyline.store import ArticleQuery, open_store
from storyline.store.postgres import PostgresStore, fold, migrations, redact

pytestmark = pytest.mark.postgres

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"
DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo"  # fictional


def make(body: str, **meta: object) -> Article:
    digest = hashlib.sha256(body.encode()).hexdigest()
    return Article(id=digest[:12], body=body, content_hash=digest, **meta)  # type: ignore[arg-type]


def test_every_migration_is_recorded_once(pg_url):
    url = pg_url()
    with PostgresStore(url) as s:
        versions = [r[0] for r in s.db.execute("SELECT version FROM schema_version ORDER BY version")]
        assert versions == [v for v, _, _ in migrations()]
    with PostgresStore(url) as s:  # reopening applies nothing twice
        assert s.db.execute("SELECT count(*) FROM schema_version").fetchone()[0] == len(versions)


@pytest.mark.parametrize("unaccent", [True, False], ids=["unaccent-if-available", "python-folding"])
def test_search_folds_diacritics_with_or_without_the_extension(pg_url, unaccent):
    with PostgresStore(pg_url(), unaccent=unaccent) as s:
        s.add_article(make("The fictional mayor Inés Caña opened the Straße bridge.", title="Bridge opens"))
        assert [a.title for a in s.articles(ArticleQuery(text="INES cana"))] == ["Bridge opens"]
        assert s.count_articles(ArticleQuery(text="ines caña bridge")) == 1
        assert s.count_articles(ArticleQuery(text="ines harbour")) == 0


def test_changing_the_folding_reindexes_stored_articles(pg_url):
    url = pg_url()
    with PostgresStore(url, unaccent=False) as s:
        s.add_article(make("The fictional mayor Inés Caña spoke."))
        assert s.get_meta("search_fold") == "python"
    with PostgresStore(url) as s:  # with unaccent where the server has it: old rows are searchable all the same
        assert s.count_articles(ArticleQuery(text="ines")) == 1


def test_text_with_nul_is_refused_clearly_and_nothing_is_written(pg_url):
    with PostgresStore(pg_url()) as s:
        with pytest.raises(StoreError, match="NUL"), s.transaction():
            s.add_article(make("Fictional text with a \x00 inside.", source="odd.txt"))
        assert s.count_articles() == 0


def test_unreachable_server_is_a_store_error_without_the_password():
    url = "postgresql://someone:hunter2@127.0.0.1:1/nowhere?connect_timeout=2"
    with pytest.raises(StoreError, match="--db") as err:
        open_store(url)
    assert "hunter2" not in str(err.value) and "someone:***@" in str(err.value)
    assert redact("postgresql://h/db?password=x&sslmode=require") == "postgresql://h/db?password=***&sslmode=require"


def test_python_folding_matches_what_a_reader_expects():
    assert fold("Andrés Manuel López Obrador") == "andres manuel lopez obrador"


def test_demo_ingested_into_postgres_makes_its_five_stories_and_a_second_ingest_adds_nothing(pg_url):
    options = Options(db=pg_url())
    with open_store(options.db) as store:
        assert isinstance(store, PostgresStore)
        report = api.ingest([str(DEMO)], store=store, options=options)
        assert len(report.ingested) == 11 and not report.failed
        assert len(store.stories()) == 5
        again = api.ingest([str(DEMO)], store=store, options=options)
        assert len(again.present) == 11 and store.count_articles() == 11


@pytest.mark.shared
def test_seeds_ingested_into_postgres_are_one_story_with_both_outlets(pg_url):
    options = Options(db=pg_url())
    with open_store(options.db) as store:
        assert isinstance(store, PostgresStore)
        report = api.ingest([str(SEEDS)], store=store, options=options)
        assert len(report.ingested) == 2 and not report.failed
        (story,) = store.stories()
        assert sorted(store.article(a).outlet or "" for a in story.articles) == ["CNN", "NewsNation"]
        again = api.ingest([str(SEEDS)], store=store, options=options)
        assert len(again.present) == 2 and store.count_articles() == 2
