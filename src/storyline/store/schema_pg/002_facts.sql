-- Extraction output: one row per article, the Facts record as JSON text, with the extractor version.
CREATE TABLE facts (
    article TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    version TEXT NOT NULL,
    data TEXT NOT NULL,
    extracted_at TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
);
-- Entity keys per article: entity pages and candidate blocking for story assignment.
CREATE TABLE entity_index (
    key TEXT NOT NULL,
    article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    count INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (key, article)
);
CREATE INDEX entity_index_article ON entity_index(article);
