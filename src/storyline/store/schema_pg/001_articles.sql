-- Articles as ingested. Everything else in the store is derived from these rows.
-- PostgreSQL twin of schema/001_articles.sql. JSON lists are text (as in SQLite): jsonb would reject
-- "\u0000" and rewrite numbers, and the store only ever reads them back whole.
-- `search` is the full-text vector of title and body, folded (lower case, no diacritics) and written
-- by the store itself: through the `unaccent` extension where it could be created, else folded in Python.
CREATE TABLE articles (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL UNIQUE,
    url TEXT,
    outlet TEXT,
    published TEXT,
    title TEXT,
    dateline TEXT,
    credits TEXT NOT NULL DEFAULT '[]',
    captions TEXT NOT NULL DEFAULT '[]',
    source TEXT,
    author TEXT,
    duplicate_of TEXT,
    reference_date TEXT,
    reference_estimated BOOLEAN NOT NULL DEFAULT false,
    format TEXT NOT NULL DEFAULT 'text',
    warnings TEXT NOT NULL DEFAULT '[]',
    body TEXT NOT NULL,
    search TSVECTOR NOT NULL DEFAULT ''::tsvector,
    ingested_at TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
);
CREATE INDEX articles_url ON articles(url);
CREATE INDEX articles_outlet ON articles(lower(outlet));
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_search ON articles USING gin(search);

-- Things ingest noticed about an input and did not silently choose (two dates for one URL, …).
CREATE TABLE notices (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    article TEXT NOT NULL,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    at TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
);
CREATE INDEX notices_article ON notices(article);

CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
