-- Story clustering index state. All derived: `storyline recluster` rebuilds it from the articles.
-- Document frequency of hashed terms (TF-IDF weights); the document count is meta 'cluster_docs'.
CREATE TABLE cluster_df (
    term BIGINT PRIMARY KEY,
    df BIGINT NOT NULL
);
-- Per story: member count, centroid (hashed terms and weights as packed arrays), date range.
CREATE TABLE story_state (
    story TEXT PRIMARY KEY REFERENCES stories(id) ON DELETE CASCADE,
    n INTEGER NOT NULL,
    terms BYTEA NOT NULL,
    weights BYTEA NOT NULL,
    first TEXT,
    last TEXT
);
-- Candidate blocking: (feature, time bucket) key -> stories holding it.
CREATE TABLE story_keys (
    key BIGINT NOT NULL,
    story TEXT NOT NULL,
    PRIMARY KEY (key, story)
);
CREATE INDEX story_keys_story ON story_keys(story);
-- Near-duplicate detection: MinHash signature per article and its LSH band keys.
CREATE TABLE minhash (
    article TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    sig BYTEA NOT NULL
);
CREATE TABLE minhash_bands (
    key BIGINT NOT NULL,
    article TEXT NOT NULL,
    PRIMARY KEY (key, article)
);
