-- Story assignment: which story each article belongs to, and why.
CREATE TABLE stories (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL DEFAULT '',
    version TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE TABLE story_articles (
    article TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    story TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    score REAL,
    why TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX story_articles_story ON story_articles(story);
-- Articles stored but not clustered (empty body, caption only), with the reason.
CREATE TABLE unclustered (
    article TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    reason TEXT NOT NULL
);
-- Editorial decisions (merge, split, move): replayed after every recluster.
CREATE TABLE decisions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    data TEXT NOT NULL,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
