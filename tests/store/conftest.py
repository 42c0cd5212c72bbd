"""A ``store`` fixture over both backends: a SQLite file, and a fresh schema on the local PostgreSQL.

PostgreSQL tests are marked ``postgres``; they use the server on 127.0.0.1:5432 (trust auth, database
``test``, user ``postgres`` or ``root``), or the server URL in ``STORYLINE_TEST_PG``. scripts/test
deselects them, and says so, where no server answers.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator

import pytest

from storyline.store import open_store

PG_URLS = (
    [os.environ["STORYLINE_TEST_PG"]]
    if os.environ.get("STORYLINE_TEST_PG")
    else ["postgresql://postgres@127.0.0.1:5432/test", "postgresql://root@127.0.0.1:5432/test"]
)


def _admin_connect():  # type: ignore[no-untyped-def]
    import psycopg

    errors = []
    for url in PG_URLS:
        try:
            return url, psycopg.connect(url, autocommit=True, connect_timeout=5)
        except psycopg.OperationalError as exc:
            errors.append(f"{url}: {exc}")
    pytest.fail(
        "no PostgreSQL server for the postgres-marked tests (run scripts/test, which deselects them):\n"
        + "\n".join(errors)
    )


def _unaccent_in_public(admin) -> None:  # type: ignore[no-untyped-def]
    """The unaccent extension lives in ``public``: created inside a test schema (by a store whose
    search_path was that schema), it would vanish with the schema under the other tests' stores."""
    import psycopg

    try:
        row = admin.execute(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
            "WHERE e.extname = 'unaccent'"
        ).fetchone()
        if row is None:
            admin.execute("CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public")
        elif row[0] != "public":
            admin.execute("ALTER EXTENSION unaccent SET SCHEMA public")
    except psycopg.Error:
        pass  # not installed or no privilege: the stores fold search text in Python


@pytest.fixture
def pg_url() -> Iterator[Callable[[], str]]:
    """A factory of URLs, each pointing at a new empty schema (search_path) dropped after the test."""
    base, admin = _admin_connect()
    _unaccent_in_public(admin)
    schemas: list[str] = []

    def make() -> str:
        schema = f"storyline_test_{uuid.uuid4().hex[:12]}"
        admin.execute(f'CREATE SCHEMA "{schema}"')
        schemas.append(schema)
        return f"{base}?options=-csearch_path%3D{schema}"

    yield make
    for schema in schemas:
        admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
    admin.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path) -> str:  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        return str(tmp_path / "s.db")
    return request.getfixturevalue("pg_url")()


@pytest.fixture
def store(store_url: str):  # type: ignore[no-untyped-def]
    s = open_store(store_url)
    yield s
    s.close()
