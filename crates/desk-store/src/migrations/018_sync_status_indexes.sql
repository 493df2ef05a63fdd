-- 018: what every sync and every status read asks of the cache is answered from an index
-- end or a counter, never by reading every ticket, so an incremental sync costs the same
-- at 1k and at 1M cached tickets (issue 18). Shipped: never edit, append a new file.
-- The number of cached tickets, kept by triggers in the same transaction as the rows
-- (`count(*)` walks a whole index; the status bar asks at the start and end of each sync).
-- An upsert that replaces a ticket is an UPDATE: it leaves the count alone.
CREATE TABLE ticket_tally (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    tickets INTEGER NOT NULL
) STRICT;
INSERT INTO ticket_tally (id, tickets) SELECT 1, count(*) FROM tickets;
CREATE TRIGGER tickets_tally_add AFTER INSERT ON tickets BEGIN
    UPDATE ticket_tally SET tickets = tickets + 1 WHERE id = 1;
END;
CREATE TRIGGER tickets_tally_remove AFTER DELETE ON tickets BEGIN
    UPDATE ticket_tally SET tickets = tickets - 1 WHERE id = 1;
END;
-- The calendar years a sync fetches (`Store::latest_open_deadline_year`): the latest
-- reply deadline of the tickets awaiting acknowledgement and the latest requested
-- extension, each one end of a partial index over the few rows concerned.
CREATE INDEX tickets_pending_reply_due ON tickets (status, reply_due_at)
    WHERE status = 'pending_ack';
CREATE INDEX tickets_extension_due
    ON tickets (unixepoch(json_extract(body, '$.extension.requested_due_at')))
    WHERE extension_pending = 1;
