-- 003: Chinese substring search. FTS5's trigram tokenizer cannot match the 1- and
-- 2-character queries that are most common in Chinese (路灯, 噪音), and LIKE scans every
-- row. So the app tokenizes itself: every distinct character and character pair of the
-- searchable text, space-separated, in a contentless FTS5 table (no positions). A query
-- is an AND of its pairs (or its one character), then an exact check on `search_norm`.
ALTER TABLE tickets ADD COLUMN search_norm TEXT NOT NULL DEFAULT '';
CREATE VIRTUAL TABLE ticket_search USING fts5(
    grams,
    content = '',
    contentless_delete = 1,
    detail = none,
    tokenize = 'unicode61 remove_diacritics 0'
);
-- The hook fills both for tickets cached before this migration.
