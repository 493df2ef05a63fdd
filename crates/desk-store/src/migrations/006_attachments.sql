-- 006: attachments downloaded once and kept, so they open offline.
-- `rel_path` is relative to the data directory; the file is written before its row.
CREATE TABLE attachment_files (
    attachment_id TEXT PRIMARY KEY,
    ticket_id     TEXT NOT NULL,
    rel_path      TEXT NOT NULL,
    size          INTEGER NOT NULL,
    fetched_at_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX attachment_files_ticket ON attachment_files (ticket_id);
