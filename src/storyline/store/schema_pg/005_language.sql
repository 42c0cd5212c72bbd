-- The language of each article (ISO 639-1), detected at ingest; NULL where it could not be told.
ALTER TABLE articles ADD COLUMN language TEXT;
