-- 013: a write the district keeps failing on (a 5xx for this request, an answer that
-- never decodes) no longer holds back every other ticket: the flush passes it over for
-- the rest of its pass, counts the failed passes, and after a bounded number marks it
-- blocked (发送受阻). A blocked row stays 'pending' (its key may have taken effect) but is
-- not sent again until the officer retries it (same key) or discards it; like any
-- unresolved row it holds back the later rows of its own ticket only.
ALTER TABLE outbox ADD COLUMN failed_passes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN blocked_ms INTEGER;
