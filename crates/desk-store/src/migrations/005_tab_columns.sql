-- 005: the facts the workbench's tabs filter on, as columns, so tab counts and pages are
-- SQL over the tickets table instead of parsing every cached ticket. The hook fills them
-- for tickets cached before.
ALTER TABLE tickets ADD COLUMN supervised INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN extension_pending INTEGER NOT NULL DEFAULT 0;
CREATE INDEX tickets_status ON tickets (status);
