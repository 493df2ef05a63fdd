-- 007: the officer's own reply drafts, saved as they type, with their history.
-- `base_revision` is the shared draft revision (on the district) the local text builds on;
-- `shared_ms` is when the text was last queued for the district (NULL: never).
CREATE TABLE reply_drafts (
    ticket_id     TEXT PRIMARY KEY,
    body          TEXT NOT NULL,
    base_revision INTEGER,
    updated_ms    INTEGER NOT NULL,
    shared_ms     INTEGER
) STRICT;

-- Earlier versions of a draft, so an overwritten paragraph can be recovered.
CREATE TABLE reply_draft_versions (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_id TEXT NOT NULL,
    body      TEXT NOT NULL,
    saved_ms  INTEGER NOT NULL,
    -- 'typed' (the officer's own), 'shared' (taken from the district's shared draft),
    -- 'restored' (an older version brought back)
    source    TEXT NOT NULL
) STRICT;
CREATE INDEX reply_draft_versions_ticket ON reply_draft_versions (ticket_id, id);
