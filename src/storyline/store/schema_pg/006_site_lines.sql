-- Lines a site repeats across its pages (navigation, bylines, newsletter pitches): per hashed
-- (site, folded line) key, the first two articles seen holding it (cluster/boilerplate.py). A key
-- with a second article is boilerplate for story clustering. Derived: `storyline recluster`
-- rebuilds it from the articles.
CREATE TABLE site_lines (
    key BIGINT PRIMARY KEY,
    first TEXT NOT NULL,
    second TEXT
);
CREATE INDEX site_lines_repeated ON site_lines(key) WHERE second IS NOT NULL;
