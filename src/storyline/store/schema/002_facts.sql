-- Extraction output: one row per article, the Facts record as JSON, with the extractor version.
CREATE TABLE facts (
    article TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    version TEXT NOT NULL,
    data TEXT NOT NULL,
    extracted_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
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
