-- Story assignment: which story each article belongs to, and why.
CREATE TABLE stories (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL DEFAULT '',
    version TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
);
-- `seq` plays SQLite's rowid: renewed when an article is (re)assigned, it orders stories of equal size.
CREATE TABLE story_articles (
    article TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    story TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    score DOUBLE PRECISION,
    why TEXT NOT NULL DEFAULT '{}',
    seq BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE
);
CREATE INDEX story_articles_story ON story_articles(story);
-- Articles stored but not clustered (empty body, caption only), with the reason.
CREATE TABLE unclustered (
    article TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    reason TEXT NOT NULL,
    seq BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE
);
-- Editorial decisions (merge, split, move): replayed after every recluster.
CREATE TABLE decisions (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind TEXT NOT NULL,
    data TEXT NOT NULL,
    at TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
);
